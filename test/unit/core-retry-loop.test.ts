// core/fetch-with-retries.ts through the client, with a scripted fetch: what the attempt loop sends,
// when it stops, what it logs, and how `sfc.raw` shares it.
import { describe, expect, it, vi } from 'vitest';
import { RateLimitError, RequestAbortedError, RequestTimeoutError, SFCompute } from '../../src/index.js';
import { KEY, NODE, clientWith, json, rejectionOf } from './fake-fetch.js';

const EXTEND = { duration_seconds: 3600, max_price_per_node_hour: 1000 };
const reset = () =>
  Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }));

function logged() {
  const lines: [string, Record<string, unknown> | undefined][] = [];
  return { lines, logger: { debug: (message: string, fields?: Record<string, unknown>) => void lines.push([message, fields]) } };
}

describe('the attempt loop', () => {
  it('says in the log why a money-moving call is not re-sent after a 503, and sends it once', async () => {
    const { lines, logger } = logged();
    const { sfc, requests } = clientWith(() => json(503, { error: { type: 'api_error', message: 'busy' } }), { logger });
    const error = await rejectionOf(sfc.nodes.extend('n_1', EXTEND));
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(lines).toContainEqual([
      'sfcompute: extendNode: not retried, the server may have processed it',
      { operation: 'extendNode', attempt: 1, error: 'HTTP 503' },
    ]);
  });

  it('names the error class in that line for a broken connection', async () => {
    const { lines, logger } = logged();
    const { sfc } = clientWith(reset, { logger });
    await rejectionOf(sfc.nodes.extend('n_1', EXTEND));
    expect(lines).toContainEqual([
      'sfcompute: extendNode: not retried, the server may have processed it',
      { operation: 'extendNode', attempt: 1, error: 'ConnectionError' },
    ]);
  });

  it('names a connection failure without a code by its class alone', async () => {
    const { lines, logger } = logged();
    const answers = [() => Promise.reject(new TypeError('Failed to fetch')), () => json(200, NODE)];
    const { sfc } = clientWith(() => answers.shift()!(), { logger });
    await sfc.nodes.get('n_1');
    expect(lines.find(([m]) => m.includes('retrying'))?.[1]).toMatchObject({ reason: 'ConnectionError' });
  });

  it('puts the note on the stack too, so a logged stack says why it stopped', async () => {
    const { sfc } = clientWith(() => json(429, { error: { type: 'rate_limited', message: 'slow down' } }, { 'retry-after': '120' }));
    const error = (await rejectionOf(sfc.nodes.get('n_1'))) as Error;
    expect(error.stack).toContain('slow down (the server asked to wait 120000 ms before retrying');
  });

  it('logs no such line when a call is not retried because the failure is final', async () => {
    const { lines, logger } = logged();
    const { sfc } = clientWith(() => json(404, { error: { type: 'not_found', message: 'no' } }), { logger });
    await rejectionOf(sfc.nodes.get('n_1'));
    expect(lines.map(([m]) => m).filter((m) => m.includes('not retried'))).toEqual([]);
  });

  it('logs each retry with its wait and reason, and recovers', async () => {
    const { lines, logger } = logged();
    const answers = [() => json(503, {}), reset, () => json(200, NODE)];
    const { sfc, requests } = clientWith(() => answers.shift()!(), { logger });
    expect(await sfc.nodes.get('n_1')).toEqual(NODE);
    expect(requests).toHaveLength(3);
    const retries = lines.filter(([m]) => m.includes('retrying'));
    expect(retries).toEqual([
      [
        'sfcompute: getNode: retrying in 0 ms after HTTP 503 (retry 1 of 2)',
        { operation: 'getNode', attempt: 1, waitMs: 0, reason: 'HTTP 503' },
      ],
      [
        'sfcompute: getNode: retrying in 0 ms after ConnectionError ECONNRESET (retry 2 of 2)',
        { operation: 'getNode', attempt: 2, waitMs: 0, reason: 'ConnectionError ECONNRESET' },
      ],
    ]);
  });

  it('counts attempts on the final error and adds why it stopped to the message', async () => {
    const { sfc, requests } = clientWith(() =>
      json(429, { error: { type: 'rate_limited', message: 'slow down' } }, { 'retry-after': '120' }),
    );
    const error = await rejectionOf(sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1000, zone: 'hayesvalley' }));
    expect(requests).toHaveLength(1);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      attempts: 1,
      retryAfterMs: 120_000,
      message:
        '429 POST /v1/nodes (createNodes): slow down (the server asked to wait 120000 ms before retrying, more than maxRetryAfterMs (60000))',
    });
  });

  it('keeps the client limits a call does not override', async () => {
    const { lines, logger } = logged();
    const { sfc, requests } = clientWith(
      () => json(429, { error: { type: 'rate_limited', message: 'slow down' } }, { 'retry-after': '120' }),
      {
        logger,
        retryBaseDelayMs: 1_000,
        retryMaxDelayMs: 3,
      },
    );
    // Per-call options without maxRetryAfterMs: the client's 60 s still applies.
    const error = await rejectionOf(sfc.nodes.get('n_1', { maxRetries: 1 }));
    expect((error as Error).message).toContain('more than maxRetryAfterMs (60000)');
    expect(requests).toHaveLength(1);
    // Per-call options without retryMaxDelayMs: the client's 3 ms cap still applies.
    const busy = clientWith(() => json(503, {}), { logger, retryBaseDelayMs: 1_000, retryMaxDelayMs: 3 });
    await rejectionOf(busy.sfc.nodes.get('n_1', { maxRetries: 1 }));
    const waits = lines.filter(([m]) => m.includes(': retrying in ')).map(([, fields]) => fields?.waitMs);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    expect(waits[0]).toBeLessThanOrEqual(3);
  });

  it('sends nothing for a signal that already fired', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const error = await rejectionOf(sfc.nodes.get('n_1', { signal: AbortSignal.abort(new Error(`stop ${KEY}`)) }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ message: 'GET /v1/nodes/{id} (getNode): Request aborted before it was sent', attempts: 0 });
    expect(((error as Error).cause as Error).message).toBe('stop [redacted]');
    expect(requests).toHaveLength(0);
  });

  it('ends a wait between attempts when the caller aborts, counting the attempts made', async () => {
    const controller = new AbortController();
    const { sfc, requests } = clientWith(
      () => {
        setTimeout(() => controller.abort(new Error('enough')), 5);
        return json(503, {});
      },
      { retryBaseDelayMs: 60_000, retryMaxDelayMs: 60_000 },
    );
    const started = Date.now();
    const error = await rejectionOf(sfc.nodes.get('n_1', { signal: controller.signal }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({
      message: 'GET /v1/nodes/{id} (getNode): Request aborted by the caller while waiting to retry',
      attempts: 1,
    });
    expect(((error as Error).cause as Error).message).toBe('enough');
    expect(requests).toHaveLength(1);
  });

  it('ends a wait between attempts at the deadline', async () => {
    const { sfc } = clientWith(() => json(503, {}, { 'retry-after-ms': '150' }));
    const error = await rejectionOf(sfc.nodes.get('n_1', { deadlineMs: 100, retryBaseDelayMs: 0 }));
    // The wait (150 ms) would pass the deadline: not even started.
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect((error as Error).message).toContain('not retried: waiting 150 ms would pass the 100 ms deadline');
    // A wait that started in time can still be overtaken by the deadline's timer (a clock that
    // lags, here one that stands still): the wait then ends with the deadline error.
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
    try {
      const slow = clientWith(() => json(503, {}, { 'retry-after-ms': '80' }));
      const timedOut = await rejectionOf(slow.sfc.nodes.get('n_1', { deadlineMs: 100 }));
      expect(timedOut).toBeInstanceOf(RequestTimeoutError);
      expect(timedOut).toMatchObject({ scope: 'deadline', timeoutMs: 100, attempts: 2 });
      expect(slow.requests).toHaveLength(2);
    } finally {
      now.mockRestore();
    }
  });
});

describe('what each attempt sends', () => {
  it('gives every attempt its own copy of the headers, whatever a custom fetch does with them', async () => {
    const seen: (string | null)[] = [];
    let calls = 0;
    const { sfc } = clientWith(() => json(200, NODE), {
      fetch: (_input, init) => {
        const headers = init?.headers as Headers;
        seen.push(headers.get('authorization'));
        headers.delete('authorization');
        headers.append('x-trace', 'hop');
        return Promise.resolve(calls++ === 0 ? json(503, {}) : json(200, NODE));
      },
    });
    await sfc.nodes.get('n_1');
    expect(seen).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
  });

  it('sends a null body as JSON null, with its content type (core entry, nothing checks it)', async () => {
    const bodies: unknown[] = [];
    const { SFCompute: Core } = await import('../../src/core.js');
    const sfc = new Core({
      apiKey: KEY,
      baseUrl: 'https://api.test',
      fetch: (_input, init) => {
        bodies.push([init?.body, new Headers(init?.headers).get('content-type')]);
        return Promise.resolve(json(200, NODE));
      },
    });
    await sfc.nodes.redeploy('n_1', null as never);
    expect(bodies).toEqual([['null', 'application/json']]);
  });

  it('reports an empty body that came with a Content-Length as empty, not as bad JSON', async () => {
    const { sfc } = clientWith(() => new Response('', { status: 200, headers: { 'content-length': '5' } }));
    const error = await rejectionOf(sfc.nodes.get('n_1'));
    expect((error as Error).message).toBe(
      '200 GET /v1/nodes/{id} (getNode): the response has an empty body where a JSON object was expected',
    );
  });

  it('masks the key in log fields too', async () => {
    const { lines, logger } = logged();
    const { sfc } = clientWith(() => json(503, {}), { logger });
    sfc.raw.use({ onRequest: ({ request }) => new Request(request) });
    await sfc.raw.GET('/v0/vms/ssh', { params: { query: { vm_id: KEY } } });
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain(KEY);
  });
});

describe('sfc.raw on the same engine', () => {
  it('keeps a binary body byte for byte, and the URL the response came from', async () => {
    const bytes = new Uint8Array([0, 255, 128, 10, 200]);
    const { sfc } = clientWith(() => {
      const response = new Response(bytes, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
      Object.defineProperty(response, 'url', { value: 'https://api.test/v1/vms/images/img_1' });
      return response;
    });
    const { data, response } = await sfc.raw.GET('/v1/vms/images/{image_id}', {
      params: { path: { image_id: 'img_1' } },
      parseAs: 'arrayBuffer',
    });
    expect(new Uint8Array(data as unknown as ArrayBuffer)).toEqual(bytes);
    expect(response.url).toBe('https://api.test/v1/vms/images/img_1');
    expect(response.redirected).toBe(false);
  });

  it('says the response was redirected when the client followed a redirect', async () => {
    const { sfc } = clientWith((request) =>
      request.url.endsWith('/v1/nodes')
        ? new Response(null, { status: 307, headers: { location: 'https://api.test/v1/nodes?moved=1' } })
        : json(200, { object: 'list', data: [] }),
    );
    const { response } = await sfc.raw.GET('/v1/nodes');
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
  });

  it('is cancelled by its own signal during the request and during a wait between attempts', async () => {
    const during = new AbortController();
    const hung = clientWith((request) => {
      setTimeout(() => during.abort(new Error('now')), 5);
      return new Promise<Response>((_, reject) => request.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    expect(await rejectionOf(hung.sfc.raw.GET('/v1/nodes', { signal: during.signal }))).toBeInstanceOf(RequestAbortedError);
    const waiting = new AbortController();
    const busy = clientWith(
      () => {
        setTimeout(() => waiting.abort(new Error('enough')), 5);
        return json(503, {});
      },
      { retryBaseDelayMs: 60_000, retryMaxDelayMs: 60_000 },
    );
    const started = Date.now();
    const error = await rejectionOf(busy.sfc.raw.GET('/v1/nodes', { signal: waiting.signal }));
    expect(error).toMatchObject({ message: 'GET /v1/nodes (listNodes): Request aborted by the caller while waiting to retry' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('sends the body and the key, and returns a standard Response', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE, { 'x-request-id': 'req_9' }));
    const { data, response } = await sfc.raw.PATCH('/v1/nodes/{id}/extend', { params: { path: { id: 'n_1' } }, body: EXTEND });
    expect(data).toEqual(NODE);
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get('x-request-id')).toBe('req_9');
    expect(requests).toHaveLength(1);
    expect(await requests[0]!.json()).toEqual(EXTEND);
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(requests[0]!.headers.get('content-type')).toBe('application/json');
  });

  it('retries a harmless operation and never re-sends one that may buy', async () => {
    const get = clientWith(() => json(503, {}));
    const { error, response } = await get.sfc.raw.GET('/v1/nodes/{id}', { params: { path: { id: 'n_1' } } });
    expect(response.status).toBe(503);
    expect(error).toEqual({});
    expect(get.requests).toHaveLength(3);
    const extend = clientWith(() => json(503, {}));
    await extend.sfc.raw.PATCH('/v1/nodes/{id}/extend', { params: { path: { id: 'n_1' } }, body: EXTEND });
    expect(extend.requests).toHaveLength(1);
  });

  it('treats a request it cannot name (a middleware replaced it) as one that may buy, and logs it by method and URL', async () => {
    const { lines, logger } = logged();
    const { sfc, requests } = clientWith(() => json(503, {}), { logger });
    sfc.raw.use({ onRequest: ({ request }) => new Request(request) });
    await sfc.raw.GET('/v1/nodes/{id}', { params: { path: { id: 'n_1' } } });
    expect(requests).toHaveLength(1);
    expect(lines).toContainEqual([
      'sfcompute: GET https://api.test/v1/nodes/n_1: not retried, the server may have processed it',
      { operation: 'GET https://api.test/v1/nodes/n_1', attempt: 1, error: 'HTTP 503' },
    ]);
  });

  it('is cancelled by its own signal', async () => {
    const { sfc } = clientWith(() => json(200, NODE));
    const error = await rejectionOf(sfc.raw.GET('/v1/nodes', { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(RequestAbortedError);
  });

  it('is a client of its own for each SFCompute', () => {
    const a = new SFCompute({ apiKey: KEY });
    const b = new SFCompute({ apiKey: KEY });
    expect(a.raw).not.toBe(b.raw);
  });
});
