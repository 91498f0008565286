// Prism's dynamic mode invents a different response on every call, anything the spec allows
// (nulls, missing optional fields, extra properties, both shapes of `capacity`...). The client must
// hand each one back unchanged, whatever it contains, and the response validators compiled from
// the same spec must accept every one of them (validateResponses: true throws on a mismatch).
import { describe, expect, it } from 'vitest';
import { usePrism } from './harness.js';
import { calls } from '../support/calls.js';

const ROUNDS = 6;

describe('every operation handles any response the spec allows (Prefer: dynamic=true)', () => {
  const prism = usePrism();

  it.each(Object.keys(calls))('%s returns exactly the body Prism generated', async (name) => {
    const sfc = prism.client({ validateResponses: true });
    for (let round = 0; round < ROUNDS; round++) {
      const result = await calls[name]!(sfc, prism.dynamic);
      expect(prism.exchanges.at(-1)!.status).toBeLessThan(300);
      expect(result).toEqual(prism.lastBody());
    }
    expect(prism.exchanges).toHaveLength(ROUNDS);
  });
});
