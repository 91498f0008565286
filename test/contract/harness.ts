// Builds clients that talk to the Prism mock and fail the test when Prism says a request broke
// the spec. Prism names the broken rules in the `sl-violations` response header.
import { afterEach, beforeEach, expect, inject } from 'vitest';
import { type APIError, type ClientOptions, SFCompute } from '../../src/index.js';
import { child, deref, operation, optionalChild, responseExample } from '../support/spec.js';

export const TEST_KEY = 'sk_test_contract_0123456789';

export interface Exchange {
  method: string;
  url: string;
  status: number;
  violations: string | null;
  /** The request body the client sent, as text (undefined when it sent none). */
  requestBody: string | undefined;
  /** The response body as received, as text. */
  body: string;
}

/** Call inside a `describe`: every test in it gets a fresh exchange log checked afterwards. */
export function usePrism() {
  const exchanges: Exchange[] = [];

  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const requestBody = request.body ? await request.clone().text() : undefined;
    const response = await fetch(request);
    exchanges.push({
      method: request.method,
      url: request.url,
      requestBody,
      status: response.status,
      violations: response.headers.get('sl-violations'),
      body: await response.clone().text(),
    });
    return response;
  };

  beforeEach(() => {
    exchanges.length = 0;
  });
  afterEach(() => {
    const reported = exchanges.filter((e) => e.violations).map((e) => `${e.method} ${e.url}: ${e.violations}`);
    expect(reported, 'Prism reported that a request broke openapi.yaml').toEqual([]);
  });

  return {
    exchanges,
    // One exchange per call: Prism answers a documented 429 or 5xx the same way every time, and
    // the retry policy has its own suite (test/faults/) against a scripted server.
    client: (options: ClientOptions = {}) =>
      new SFCompute({ apiKey: TEST_KEY, baseUrl: inject('prismUrl'), fetch: recordingFetch, maxRetries: 0, ...options }),
    /** Per-call options asking Prism for the documented response with this status. */
    code: (status: number) => ({ headers: { Prefer: `code=${status}` } }),
    /** Per-call options asking Prism for a random response the spec allows. */
    dynamic: { headers: { Prefer: 'dynamic=true' } },
    /** The body of the last exchange, parsed. */
    lastBody: (): unknown => {
      const last = exchanges.at(-1);
      if (!last) throw new Error('no request was sent');
      return last.body === '' ? undefined : JSON.parse(last.body);
    },
  };
}

/**
 * Awaits `promise`, expects it to reject with `ErrorClass`, and checks the error carries the
 * status, type, message and details of the spec's example for that response.
 */
export async function expectDocumentedError(
  promise: Promise<unknown>,
  ErrorClass: abstract new (...args: never[]) => APIError,
  documented: { path: string; method: string; status: number },
): Promise<APIError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected ${ErrorClass.name}, got a result: ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ErrorClass);
  const apiError = error as APIError;
  expect(apiError.status).toBe(documented.status);
  // The message names the status, the method, the path template and the operation, then says
  // what the server said; a bracket may follow with the request id and the attempts.
  const operationId = String(operation(documented.path, documented.method).operationId);
  const method = documented.method.toUpperCase();
  expect(apiError).toMatchObject({ operation: operationId, method, path: documented.path });
  const named = `${documented.status} ${method} ${documented.path} (${operationId}): `;
  const said = (text: string) => new RegExp(`^${escape(named + text)}( \\[[^\\]]+\\])?$`);
  if (!hasJsonBody(documented.path, documented.method, documented.status)) {
    // Documented without a body (the VM and image operations): the status alone decides.
    expect(apiError.type).toBeUndefined();
    expect([undefined, '']).toContain(apiError.body);
    expect(apiError.message).toMatch(new RegExp(`^${escape(named)}HTTP ${documented.status}\\b.* with an empty body( \\[[^\\]]+\\])?$`));
    return apiError;
  }
  const example = responseExample(documented.path, documented.method, documented.status);
  expect(apiError.body).toEqual(example);
  const expected = documentedFields(example);
  expect(apiError.type).toBe(expected.type);
  expect(apiError.message).toMatch(said(expected.message));
  expect(apiError.details).toEqual(expected.details);
  return apiError;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What the error of a documented example carries, by the example's shape: the envelope
 * `{ error: { type, message, details } }`, the token operations' `{ object: 'error', code,
 * message }` (code read as type), or the quote's bare error type.
 */
function documentedFields(example: unknown): { type: string; message: string; details: unknown } {
  if (typeof example === 'string') {
    return { type: example, message: `The API answered with error type ${example} and no message`, details: undefined };
  }
  const body = example as { error?: { type: string; message: string; details?: unknown }; code?: string; message?: string };
  if (body.error) return { type: body.error.type, message: body.error.message, details: body.error.details };
  return { type: body.code!, message: body.message!, details: undefined };
}

function hasJsonBody(path: string, method: string, status: number): boolean {
  const response = deref(child(operation(path, method), 'responses')[String(status)]);
  if (!response) throw new Error(`no ${status} response for ${method.toUpperCase()} ${path} in openapi.yaml`);
  return optionalChild(response, 'content')?.['application/json'] !== undefined;
}
