// The fake API as the unit tests use it: `createFakeSFCompute` from src/testing, but every fake a
// test makes is remembered, and after each test every answer it recorded (success or error) is
// checked against the spec's compiled response validators. An error body that drifts from
// openapi.yaml fails the test that provoked it, whichever operation it came from.
import { afterEach, expect } from 'vitest';
import { validators } from '../../src/index.js';
import { type FakeSFCompute, type FakeSFComputeOptions, createFakeSFCompute as create } from '../../src/testing.js';

export * from '../../src/testing.js';

const made: FakeSFCompute[] = [];
const exempt = new WeakSet<FakeSFCompute>();

/** `createFakeSFCompute`, remembered so its answers are checked after the test. */
export function createFakeSFCompute(options?: FakeSFComputeOptions): FakeSFCompute {
  const fake = create(options);
  made.push(fake);
  return fake;
}

/** Leaves out the injected faults of `fake` that carry a body the test wrote itself (it may not be one the spec documents). */
export function ownFaultBodies(fake: FakeSFCompute): void {
  exempt.add(fake);
}

/** Every recorded answer of `fake` the spec does not accept, as `operation status: issues`. */
export function answerProblems(fake: FakeSFCompute): string[] {
  const problems: string[] = [];
  for (const { operation, response, faulted } of fake.requests) {
    if (operation === undefined || !('status' in response) || (faulted && exempt.has(fake))) continue;
    const issues = validators.checkResponse(operation, response.status, response.body);
    if (issues.length > 0) problems.push(`${operation} ${response.status}: ${JSON.stringify(issues)}`);
  }
  return problems;
}

afterEach(() => {
  const fakes = made.splice(0);
  expect(fakes.flatMap(answerProblems)).toEqual([]);
});
