// The final response of a call, its body already read. The attempt reads the whole body inside its
// time limit (so a stalled or cut-off body is a failure of that attempt, which can be retried);
// openapi-fetch then parses it from memory.

/** A response whose body was read into `bodyText`: as much of `Response` as openapi-fetch reads. */
export class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly url: string;
  readonly redirected: boolean;
  readonly type: ResponseType;
  /** The body as text; empty when there was none. */
  readonly bodyText: string;

  constructor(response: Response, bodyText: string) {
    this.status = response.status;
    this.statusText = response.statusText;
    this.ok = response.ok;
    this.headers = response.headers;
    this.url = response.url;
    this.redirected = response.redirected;
    this.type = response.type;
    this.bodyText = bodyText;
  }

  text(): Promise<string> {
    return Promise.resolve(this.bodyText);
  }

  json(): Promise<unknown> {
    return new Promise((resolve) => resolve(JSON.parse(this.bodyText)));
  }

  /** A standard `Response` with the same status, headers and body (what `sfc.raw` hands back). */
  toResponse(): Response {
    const empty = this.bodyText === '' || this.status === 204 || this.status === 205 || this.status === 304;
    return new Response(empty ? null : this.bodyText, { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}

/**
 * Reads a response's body to the end. No body (204, or a zero Content-Length without chunking) is
 * not read at all, as openapi-fetch would not read it either.
 */
export async function readBody(response: Response): Promise<BufferedResponse> {
  const length = response.headers.get('Content-Length');
  if (response.status === 204 || (length === '0' && !response.headers.get('Transfer-Encoding')?.includes('chunked'))) {
    return new BufferedResponse(response, '');
  }
  return new BufferedResponse(response, await response.text());
}
