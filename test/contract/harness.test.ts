// The contract suite is only worth something if it can fail. These tests prove that the harness
// notices a request that breaks the spec, and that every operation of the spec is covered.
import { describe, expect, it } from 'vitest';
import { methodOf, methods } from '../support/calls.js';
import { allOperations, operation } from '../support/spec.js';
import { usePrism } from './harness.js';

describe('contract harness', () => {
  const prism = usePrism();

  it('records the violation Prism reports for a request that breaks the spec', async () => {
    // Sent through `raw`, which does not stop bad input: 5400 is not a multiple of 3600.
    const { error, response } = await prism.client().raw.PATCH('/v1/nodes/{id}/extend', {
      params: { path: { id: 'n_b1dc52505c6db142' } },
      body: { duration_seconds: 5400, max_price_per_node_hour: 1000 },
    });
    expect(response.ok).toBe(false);
    expect(error).toBeDefined();
    expect(prism.exchanges[0]!.violations).toContain('multiple of 3600');
    prism.exchanges.length = 0; // seen and expected: keep afterEach from failing this test
  });

  it('finds every operation of openapi.yaml on the client: one operationId, one tag, and the method its x-sfc-method names', () => {
    const client = prism.client();
    const byOperation = new Map(methods.map((m) => [m.operationId, m]));
    for (const key of allOperations()) {
      const [method, path] = key.split(' ') as [string, string];
      const op = operation(path, method);
      expect(op.operationId, key).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags, key).toHaveLength(1);
      const m = byOperation.get(String(op.operationId));
      expect(`${m?.resource.join('.')}.${m?.name}`, key).toBe(op['x-sfc-method']);
      expect(() => methodOf(client, m!.resource, m!.name), key).not.toThrow();
    }
    expect(byOperation.size).toBe(allOperations().length);
  });
});
