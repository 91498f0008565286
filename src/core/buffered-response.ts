// The final response of a call, its body already read. The attempt reads the whole body inside its
// time limit (so a stalled or cut-off body is a failure of that attempt, which can be retried);
// openapi-fetch then parses it from memory.

/**
 * A response whose body was read into `bodyText` (resource calls) or `bodyBytes` (`sfc.raw`, whose
 * caller may read bytes): as much of `Response` as openapi-fetch reads.
 */
export class BufferedResponse {
  declare readonly status: number;
  declare readonly statusText: string;
  declare readonly ok: boolean;
  declare readonly headers: Headers;
  declare readonly url: string;
  declare readonly redirected: boolean;
  declare readonly type: ResponseType;
  /** The body as text; empty when there was none (or when it was kept as bytes). */
  declare readonly bodyText: string;
  /** The body as bytes, for `sfc.raw`. */
  declare readonly bodyBytes: ArrayBuffer | undefined;

  /** `followed`: the client followed a redirect to get here (each hop is its own fetch, so the final response cannot say so itself). */
  constructor(response: Response, bodyText: string, bodyBytes?: ArrayBuffer, followed = false) {
    this.status = response.status;
    this.statusText = response.statusText;
    this.ok = response.ok;
    this.headers = response.headers;
    this.url = response.url;
    this.redirected = followed || response.redirected;
    this.type = response.type;
    this.bodyText = bodyText;
    this.bodyBytes = bodyBytes;
  }

  text(): Promise<string> {
    return Promise.resolve(this.bodyText);
  }

  /** The parsed body; undefined for an empty one (which the caller then reports as empty, not as bad JSON). */
  json(): Promise<unknown> {
    return new Promise((resolve) => resolve(this.bodyText === '' ? undefined : JSON.parse(this.bodyText)));
  }

  /**
   * A standard `Response` with the same status, headers, body, `url` and `redirected` (what
   * `sfc.raw` hands back; its body was read in full, within the attempt's time limit).
   */
  toResponse(): Response {
    // These statuses may not carry a body: whatever stray text came with one is not handed on.
    const nullBody = this.status === 204 || this.status === 205 || this.status === 304;
    const response = new Response(nullBody ? null : (this.bodyBytes ?? this.bodyText), {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
    Object.defineProperties(response, { url: { value: this.url }, redirected: { value: this.redirected } });
    return response;
  }
}

/**
 * Reads a response's body to the end, as text or (`asBytes`) as bytes. No body (204, or a zero Content-Length without chunking) is
 * not read at all, as openapi-fetch would not read it either.
 */
export async function readBody(response: Response, asBytes = false, followed = false): Promise<BufferedResponse> {
  const length = response.headers.get('Content-Length');
  if (response.status === 204 || (length === '0' && !response.headers.get('Transfer-Encoding')?.includes('chunked'))) {
    return new BufferedResponse(response, '', undefined, followed);
  }
  return asBytes
    ? new BufferedResponse(response, '', await response.arrayBuffer(), followed)
    : new BufferedResponse(response, await response.text(), undefined, followed);
}
