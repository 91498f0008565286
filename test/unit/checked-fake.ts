// The fake API as the unit tests use it: `createFakeSFCompute` from src/testing, but every fake a
// test makes is remembered, and after each test every answer it recorded (success or error) is
// checked against the spec's compiled response validators. An error body that drifts from
// openapi.yaml fails the test that provoked it, whichever operation it came from.
import { afterEach, expect } from 'vitest';
import { SFCompute, validators } from '../../src/index.js';
import { type FakeSFCompute, type FakeSFComputeOptions, createFakeSFCompute as create } from '../../src/testing.js';
import { fakeWithModel as withModel } from '../../src/testing/fake-api.js';
import type { HandlerTable } from '../../src/testing/handler.js';

export * from '../../src/testing.js';

// Every fake made in this test file, with how many of its answers were checked already (a fake
// made once for a whole file is checked after each test for the answers of that test).
const made: { fake: FakeSFCompute; checked: number }[] = [];
const exempt = new WeakSet<FakeSFCompute>();

/** `createFakeSFCompute`, remembered so its answers are checked after the test. */
export function createFakeSFCompute(options?: FakeSFComputeOptions): FakeSFCompute {
  const fake = create(options);
  made.push({ fake, checked: 0 });
  return fake;
}

/** `fakeWithModel` (a fake with a model the test chooses), remembered as `createFakeSFCompute` is. */
export function fakeWithModel(model: HandlerTable, options?: FakeSFComputeOptions): FakeSFCompute {
  const fake = withModel(model, options);
  made.push({ fake, checked: 0 });
  return fake;
}

/** Leaves out the injected faults of `fake` that carry a body the test wrote itself (it may not be one the spec documents). */
export function ownFaultBodies(fake: FakeSFCompute): void {
  exempt.add(fake);
}

/** Every recorded answer of `fake` (from the `from`th on) the spec does not accept, as `operation status: issues`. */
export function answerProblems(fake: FakeSFCompute, from = 0): string[] {
  const problems: string[] = [];
  for (const { operation, response, faulted, modelled } of fake.requests.slice(from)) {
    if (operation === undefined || !('status' in response) || (faulted && exempt.has(fake))) continue;
    // The fake's own 501 (no model, or a `fake.on` answer the spec refuses) says so outside the spec on purpose.
    if (!modelled && !faulted && response.status === 501) continue;
    const issues = validators.checkResponse(operation, response.status, response.body);
    if (issues.length > 0) problems.push(`${operation} ${response.status}: ${JSON.stringify(issues)}`);
  }
  return problems;
}

afterEach(() => {
  const problems = made.flatMap((entry) => {
    const found = answerProblems(entry.fake, entry.checked);
    entry.checked = entry.fake.requests.length;
    return found;
  });
  expect(problems).toEqual([]);
});

/** A checked fake and a client on it that validates every answer and retries without waiting: the fake tests' usual pair. */
export function fakeAndClient(options: FakeSFComputeOptions = {}): { fake: FakeSFCompute; sfc: SFCompute } {
  const fake = createFakeSFCompute(options);
  const sfc = new SFCompute({ apiKey: 'test-key', fetch: fake.fetch, validators, validateResponses: true, retryBaseDelayMs: 0 });
  return { fake, sfc };
}
