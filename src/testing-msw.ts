// Entry point `sfcompute-client/testing/msw`: request handlers for Mock Service Worker backed by a
// fake from `sfcompute-client/testing`, for tests that already intercept fetch with MSW. It imports
// msw (an optional peer dependency); `sfcompute-client/testing` itself never does.
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { FakeSFCompute } from './testing/fake-api.js';

/** Options of `sfcomputeHandlers`. */
export interface SfcomputeHandlersOptions {
  /** The API origin (and prefix) the handlers answer for. Default the fake's own `baseUrl`, else `https://api.sfcompute.com`. @example { baseUrl: 'http://localhost:4010' } */
  baseUrl?: string | undefined;
}

/**
 * MSW request handlers that answer every request to the API from `fake`: same state, clock,
 * recorded requests and faults as `fake.fetch`. An injected network failure (refused or reset)
 * becomes MSW's network error, which the client reads as a broken connection.
 * @example
 * import { setupServer } from 'msw/node';
 * const fake = createFakeSFCompute();
 * const server = setupServer(...sfcomputeHandlers(fake));
 * server.listen();
 */
export function sfcomputeHandlers(fake: FakeSFCompute, options: SfcomputeHandlersOptions = {}): HttpHandler[] {
  const base = (options.baseUrl ?? fake.baseUrl ?? 'https://api.sfcompute.com').replace(/\/+$/, '');
  return [
    http.all(`${base}/*`, async ({ request }) => {
      try {
        return await fake.handle(request);
      } catch (error) {
        // fake.handle rejects only as fetch would: on a broken network, or once a hang was aborted
        // (the client has given up; nothing is left to answer). Anything else is a bug to show.
        if (request.signal.aborted || (error instanceof TypeError && error.message === 'fetch failed')) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}
