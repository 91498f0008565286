// The API key: where it is kept, where it may go, and how it is kept out of everything else. It
// is sent only to the client's own origin (a redirect or a `sfc.raw` call elsewhere goes without
// it) and never over plain http off this machine; every text and value that leaves the client
// through an error or a log line passes through `mask` first.
import { maskHeaders, maskText, maskValue, sanitizeError } from '../internal/redact.js';

/**
 * True for hosts that never leave this machine: `localhost`, `127.x.x.x`, `[::1]` (as the URL
 * parser writes them). Not `*.localhost`: Node looks such a name up in DNS, whose answer could
 * send the key in clear text anywhere.
 */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/** Whether a request may go to `url` at all: https, or http to this machine. */
export function isSafeTransport(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
}

export class Credentials {
  /** The origin the key belongs to: the client's base URL's. */
  declare readonly origin: string;
  /** `origin` and a slash: a URL that starts with it is on the origin, without parsing it. */
  readonly #prefix: string;
  // Only in a private field: neither util.inspect nor JSON.stringify of the client can reveal it.
  readonly #key: string;
  /** The key, then every token secret the API has handed this client: all masked alike. */
  readonly #secrets: string[];

  constructor(key: string, baseUrl: string) {
    this.#key = key;
    this.#secrets = [key];
    this.origin = new URL(baseUrl).origin;
    this.#prefix = `${this.origin}/`;
  }

  /** Whether `url` is on the client's origin, the only one the key is sent to. */
  isOwn(url: string): boolean {
    return url.startsWith(this.#prefix) || new URL(url).origin === this.origin;
  }

  /**
   * Sets `Authorization` from the key when `url` is on the client's origin; elsewhere the headers
   * are left as they are (the client's own headers never carry an Authorization).
   */
  authorize(headers: Headers, url: string): void {
    if (this.isOwn(url)) headers.set('Authorization', `Bearer ${this.#key}`);
  }

  /**
   * Masks `secret` from now on wherever the key is masked: a token the API returned (see
   * core/secrets.ts). Blank values and repeats are ignored.
   */
  remember(secret: string): void {
    if (secret.trim() !== '' && !this.#secrets.includes(secret)) this.#secrets.push(secret);
  }

  /** `text` with the key (and every remembered secret) replaced by `[redacted]`. */
  mask(text: string): string {
    return maskText(text, this.#secrets);
  }

  /** A copy of a JSON-like value with the key (and every remembered secret) masked in every string. */
  maskValue(value: unknown): unknown {
    return maskValue(value, this.#secrets);
  }

  /**
   * `response` itself, or a copy whose headers and status text have the key (and every remembered
   * secret) masked: what an error keeps of a response (its `headers`, the `requestId` read from
   * them, and the status line of its message).
   */
  maskResponse<R extends { headers: Headers; statusText?: string }>(response: R): R {
    const headers = maskHeaders(response.headers, this.#secrets);
    // The status text is the server's (or a proxy's) too, and the message of an empty error quotes it.
    const { statusText } = response;
    const text = typeof statusText === 'string' ? this.mask(statusText) : statusText;
    if (headers === response.headers && text === statusText) return response;
    return Object.assign(Object.create(Object.getPrototypeOf(response) as object) as R, response, { headers, statusText: text });
  }

  /** A copy of any thrown value, safe to attach as `cause` (see internal/redact.ts). */
  sanitize(error: unknown): Error {
    return sanitizeError(error, this.#secrets);
  }
}
