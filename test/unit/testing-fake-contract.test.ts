// The contract suite's calls (test/support/calls.ts, one valid call of every operation) run
// against the fake API as well, with response validation on: each one succeeds, is recorded as
// its own operation, and gets a body the spec accepts.
import { describe, expect, it } from 'vitest';
import { type OperationId, operations } from '../../generated/operations.js';
import { handlers } from '../../src/testing/fake/handlers.js';
import { SFCompute, validators, type Vm } from '../../src/index.js';
import { createFakeSFCompute, type FakeSFComputeOptions, type SeedNode } from './checked-fake.js';
import { calls } from '../support/calls.js';

const T0 = Date.UTC(2026, 0, 1) / 1000;
// The IDs of the spec's examples (calls.ts builds each call from them), seeded so that every call finds what it names.
const vm: Vm = {
  object: 'vm',
  id: 'vm_myOZZXw4pfcp7H9DQOldd',
  status: 'running',
  created_at: T0,
  updated_at: T0,
  start_at: T0,
  end_at: null,
  zone: 'hayesvalley',
};
const node: SeedNode = {
  id: 'n_b1dc52505c6db142',
  // Not the spec's example name: the create example asks for a node named cuda-crunch.
  name: 'seeded-node',
  node_type: 'reserved',
  end_at: T0 + 7200,
  current_vm: vm,
  vms: { object: 'list', data: [vm] },
};
const base: FakeSFComputeOptions = {
  nodes: [node],
  procurements: [{ id: 'proc_k3R-nX9vLm7Qp2Yw5Jd8F', name: 'my-procurement', capacity: 'cap_seeded' }],
  script: '#!/bin/bash\necho hello\n',
  tokens: [{ id: 'tok_k3R-nX9vLm7Qp2Yw5Jd8F', name: 'ci' }],
};
// Release needs an auto reserved node, delete one that has ended, and extend (at 200 cents, the
// least the spec allows) a market that sells at that price.
const seeds: Record<string, FakeSFComputeOptions> = {
  extendNode: { ...base, pricePerNodeHourCents: 200 },
  releaseNode: { ...base, nodes: [{ ...node, node_type: 'autoreserved', end_at: null }] },
  deleteNode: { ...base, nodes: [{ ...node, status: 'terminated', current_vm: { ...vm, status: 'destroyed', end_at: T0 } }] },
};

describe('the contract calls against the fake API', () => {
  it('cover every operation', () => {
    expect(Object.keys(calls).sort()).toEqual(Object.keys(operations).sort());
  });

  // The fake models each operation, or answers a read it does not model with the spec's example.
  const answered = Object.keys(calls).filter((id) => id in handlers || operations[id as OperationId].method === 'GET');
  it.each(answered)('%s succeeds with a body the spec accepts', async (operation) => {
    const fake = createFakeSFCompute(seeds[operation] ?? base);
    const sfc = new SFCompute({ apiKey: 'test-key', fetch: fake.fetch, validators, validateResponses: true, maxRetries: 0 });
    await calls[operation]!(sfc);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.operation).toBe(operation);
    const { status, body } = request!.response as { status: number; body: unknown };
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(300);
    expect(validators.checkResponse(operation, status, body)).toEqual([]);
  });

  // Anything else it does not model is refused, since a create that succeeded for free would lie about money.
  const refused = Object.keys(calls).filter((id) => !answered.includes(id));
  it.skipIf(refused.length === 0).each(refused)('%s, not modelled, is refused with 501 naming fake.on', async (operation) => {
    const fake = createFakeSFCompute(base);
    const sfc = new SFCompute({ apiKey: 'test-key', fetch: fake.fetch, validators, maxRetries: 0 });
    const error = await calls[operation]!(sfc).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 501 });
    expect((error as Error).message).toContain(`fake.on('${operation}'`);
  });
});
