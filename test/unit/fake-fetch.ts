// A `fetch` double for unit tests: records every Request and answers with what the test scripts.
import { SFCompute, type ClientOptions } from '../../src/index.js';

export const KEY = 'sk_live_unit_test_SECRET_9f8e7d6c5b4a';

export type Handler = (request: Request, init?: RequestInit) => Response | Promise<Response>;

export function fakeFetch(handler: Handler = () => json(200, {})) {
  const requests: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    return handler(request, init);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/**
 * A client wired to a fake fetch, plus the list of requests it sent. Retries keep the default
 * budget but do not wait (backoff 0), so a test sees every attempt without slowing down.
 */
export function clientWith(handler?: Handler, options: ClientOptions = {}) {
  const fake = fakeFetch(handler);
  const sfc = new SFCompute({
    apiKey: KEY,
    baseUrl: 'https://api.test',
    fetch: fake.fetch,
    retryBaseDelayMs: 0,
    ...options,
  });
  return { sfc, requests: fake.requests };
}

/** Resolves with the rejection reason of `promise`; fails if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

export const NODE = {
  object: 'node',
  id: 'n_b1dc52505c6db142',
  name: 'cuda-crunch',
  gpu_type: 'H100',
  owner: 'sfcompute',
  status: 'running',
  node_type: 'reserved',
};

/** A response that never comes: rejects only when the request's signal fires (or has fired). */
export function hangUntilAborted(request: Request): Promise<Response> {
  return new Promise<Response>((_, reject) => {
    // As fetch does, reject with the signal's reason itself: every abort here gives an Error.
    if (request.signal.aborted) reject(request.signal.reason as Error);
    request.signal.addEventListener('abort', () => reject(request.signal.reason as Error));
  });
}

/** Headers with `status`, then part of a JSON body, then nothing until the request is aborted. */
export function stalledBody(request: Request, status: number): Response {
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"object":'));
      if (request.signal.aborted) controller.error(request.signal.reason);
      request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
    },
  });
  return new Response(body, { status, headers: { 'content-type': 'application/json' } });
}
