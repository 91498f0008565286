// Prism's dynamic mode invents a different response on every call, anything the spec allows
// (nulls, missing optional fields, extra properties, both shapes of `capacity`...). The client must
// hand each one back unchanged, whatever it contains.
import { describe, expect, it } from 'vitest';
import type { SFCompute } from '../../src/index.js';
import { usePrism } from './harness.js';

const ROUNDS = 4;
const NODE = 'n_b1dc52505c6db142';
const PROC = 'proc_k3R-nX9vLm7Qp2Yw5Jd8F';

type Call = (sfc: SFCompute, options: { headers: Record<string, string> }) => Promise<unknown>;

const calls: Record<string, Call> = {
  'nodes.list': (sfc, o) => sfc.nodes.list(undefined, o),
  'nodes.create': (sfc, o) => sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' }, o),
  'nodes.get': (sfc, o) => sfc.nodes.get(NODE, o),
  'nodes.delete': (sfc, o) => sfc.nodes.delete(NODE, o),
  'nodes.extend': (sfc, o) => sfc.nodes.extend(NODE, { duration_seconds: 3600, max_price_per_node_hour: 200 }, o),
  'nodes.redeploy': (sfc, o) => sfc.nodes.redeploy(NODE, { override_empty: true }, o),
  'nodes.release': (sfc, o) => sfc.nodes.release(NODE, o),
  'procurements.list': (sfc, o) => sfc.procurements.list({ workspace: 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F' }, o),
  'procurements.create': (sfc, o) =>
    sfc.procurements.create(
      {
        capacity: 'cap_k3R-nX9vLm7Qp2Yw5Jd8F',
        target: 'node_count',
        min_sell_price_dollars_per_node_hour: '1.000000',
        max_buy_price_dollars_per_node_hour: '2.500000',
        managed_window_minutes: 1440,
      },
      o,
    ),
  'procurements.get': (sfc, o) => sfc.procurements.get(PROC, undefined, o),
  'procurements.update': (sfc, o) => sfc.procurements.update(PROC, { max_buy_price_dollars_per_node_hour: '3.000060' }, o),
  'procurements.delete': (sfc, o) => sfc.procurements.delete(PROC, o),
};

describe('every operation handles any response the spec allows (Prefer: dynamic=true)', () => {
  const prism = usePrism();

  it.each(Object.keys(calls))('%s returns exactly the body Prism generated', async (name) => {
    const sfc = prism.client();
    for (let round = 0; round < ROUNDS; round++) {
      const result = await calls[name]!(sfc, prism.dynamic);
      expect(prism.exchanges.at(-1)!.status).toBeLessThan(300);
      expect(result).toEqual(prism.lastBody());
    }
    expect(prism.exchanges).toHaveLength(ROUNDS);
  });
});
