// One exchange, redirects included. The client follows redirects itself (`redirect: 'manual'`)
// so that the key never leaves the API's origin: a hop to another origin goes without
// Authorization, and a hop to plain http off this machine is not followed.
import { ConnectionError } from '../errors/index.js';
import type { FetchFunction } from '../options.js';
import { type Credentials, isSafeTransport } from './auth.js';
import type { Seen } from './classify.js';
import type { Log } from './logging.js';

/** How many redirects one attempt follows before giving up. */
export const MAX_REDIRECTS = 10;

/** One request as the attempts send it: the body already serialised, the headers final. */
export interface Outgoing {
  url: string;
  method: string;
  headers: Headers;
  body: string | ArrayBuffer | undefined;
}

/** 301, 302, 303, 307 and 308 are followed (with a Location). */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * Sends `request` and follows its redirects; resolves with the final response (headers only).
 * Each attempt sends a copy of `request.headers`: neither a hop nor a custom `fetch` that changes
 * the headers it is given can change what the next attempt sends.
 */
export async function exchange(
  request: Outgoing,
  context: { fetch: FetchFunction; credentials: Credentials; log: Log; operation: string; attempt: number },
  signal: AbortSignal,
  seen: Seen,
): Promise<Response> {
  const { fetch, credentials, log } = context;
  let { url, method, body } = request;
  const headers = new Headers(request.headers);
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
    if (response.type === 'opaqueredirect') {
      throw new ConnectionError('Not followed: a redirect this runtime hides from the client', { responseStatus: response.status });
    }
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || location === null) {
      seen.status = response.status;
      return response;
    }
    // The hop's own body is never read: release the connection.
    response.body?.cancel().catch(() => {});
    seen.redirected = true;
    if (hop >= MAX_REDIRECTS) {
      throw new ConnectionError(`Gave up after ${MAX_REDIRECTS} redirects`, { responseStatus: response.status });
    }
    const next = new URL(location, url);
    if (!isSafeTransport(next)) {
      throw new ConnectionError(
        // The host is the server's choice and not shown: a proxy could echo the key into it
        // (lower-cased by the URL parser, so masking would miss it).
        `Refused to follow a redirect to a URL of scheme ${next.protocol.slice(0, -1)}: only https (or loopback http) is followed`,
        {
          responseStatus: response.status,
        },
      );
    }
    // As browsers do: the key stays with the API's origin, whatever later hops do.
    if (!credentials.isOwn(next.href)) headers.delete('Authorization');
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers.delete('Content-Type');
    }
    // Stryker disable next-line ConditionalExpression: equivalent, the guard only saves building unread messages
    if (log.on) {
      log.aboutAttempt('debug', context, `following HTTP ${response.status} to ${next.origin}${next.pathname}`, {
        status: response.status,
      });
    }
    url = next.href;
  }
}
