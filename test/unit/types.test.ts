// Type tests: `tsc` (run by `npm test`) fails if any `@ts-expect-error` below stops being an error,
// or if an `expectTypeOf` assertion does not hold. Vitest runs the same file so the calls are real.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  APIError,
  CreateNodesParams,
  ErrorDetail,
  Node,
  NodeList,
  NodeStatus,
  Procurement,
  ProcurementList,
  UpdatedProcurement,
  Nodes,
  NodesResource,
  Tokens,
  TokensResource,
} from '../../src/index.js';
import { NODE, clientWith, json } from './fake-fetch.js';

describe('types', () => {
  it('hand-written overrides take the arguments of the generated methods they replace (a new query or body in the spec must reach them)', () => {
    expectTypeOf<Required<Parameters<Nodes['redeploy']>>>().toEqualTypeOf<Required<Parameters<NodesResource['redeploy']>>>();
    expectTypeOf<Parameters<Tokens['create']>['length']>().toEqualTypeOf<Parameters<TokensResource['create']>['length']>();
    expectTypeOf<Parameters<Tokens['create']>[1]>().toEqualTypeOf<Parameters<TokensResource['create']>[1]>();
  });

  const { sfc } = clientWith(() => json(200, NODE));

  it('each method resolves with the documented body type', () => {
    expectTypeOf<typeof sfc.nodes.list>().returns.resolves.toEqualTypeOf<NodeList>();
    expectTypeOf<typeof sfc.nodes.create>().returns.resolves.toEqualTypeOf<NodeList>();
    expectTypeOf<typeof sfc.nodes.get>().returns.resolves.toEqualTypeOf<Node>();
    expectTypeOf<typeof sfc.nodes.delete>().returns.resolves.toEqualTypeOf<void>();
    expectTypeOf<typeof sfc.nodes.extend>().returns.resolves.toEqualTypeOf<Node>();
    expectTypeOf<typeof sfc.nodes.redeploy>().returns.resolves.toEqualTypeOf<Node>();
    expectTypeOf<typeof sfc.nodes.release>().returns.resolves.toEqualTypeOf<Node>();
    expectTypeOf<typeof sfc.procurements.list>().returns.resolves.toEqualTypeOf<ProcurementList>();
    expectTypeOf<typeof sfc.procurements.create>().returns.resolves.toEqualTypeOf<Procurement>();
    expectTypeOf<typeof sfc.procurements.get>().returns.resolves.toEqualTypeOf<Procurement>();
    expectTypeOf<typeof sfc.procurements.update>().returns.resolves.toEqualTypeOf<UpdatedProcurement>();
    expectTypeOf<UpdatedProcurement>().toExtend<Procurement>();
    expectTypeOf<typeof sfc.procurements.delete>().returns.resolves.toEqualTypeOf<void>();
  });

  it('node fields carry the spec types, nullability and enums', () => {
    expectTypeOf<Node['status']>().toEqualTypeOf<NodeStatus>();
    expectTypeOf<NodeStatus>().toEqualTypeOf<
      'pending' | 'awaitingcapacity' | 'running' | 'released' | 'terminated' | 'deleted' | 'failed' | 'unknown'
    >();
    expectTypeOf<Node['gpu_type']>().toEqualTypeOf<'H100' | 'H200'>();
    expectTypeOf<Node['zone']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Node['end_at']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<Procurement['target']>().toEqualTypeOf<'node_count' | number>();
    expectTypeOf<UpdatedProcurement['target']>().toEqualTypeOf<'node_count'>();
    expectTypeOf<APIError['details']>().toEqualTypeOf<ErrorDetail[] | undefined>();
  });

  it('optional fields with defaults stay optional in request bodies', () => {
    expectTypeOf<{ desired_count: number; max_price_per_node_hour: number }>().toExtend<CreateNodesParams>();
  });

  it('accepts a well-typed call', async () => {
    const node = await sfc.nodes.extend('n_1', { duration_seconds: 7200, max_price_per_node_hour: 1000 });
    expectTypeOf(node).toEqualTypeOf<Node>();
  });

  // Never called: these lines exist for tsc, which fails the build if any of them compiles.
  async function wrongCallsThatMustNotCompile() {
    // @ts-expect-error misspelled field
    await sfc.nodes.extend('n_1', { duration_second: 7200, max_price_per_node_hour: 1000 });
    // @ts-expect-error duration must be a number
    await sfc.nodes.extend('n_1', { duration_seconds: '7200', max_price_per_node_hour: 1000 });
    // @ts-expect-error max_price_per_node_hour is required
    await sfc.nodes.extend('n_1', { duration_seconds: 7200 });
    // @ts-expect-error the body is required
    await sfc.nodes.extend('n_1');
    // @ts-expect-error node_type is autoreserved | reserved | null
    await sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 100, node_type: 'spot' });
    // @ts-expect-error cloud_init_user_data is a (base64) string, not bytes
    await sfc.nodes.redeploy('n_1', { cloud_init_user_data: new Uint8Array([1]) });
    // @ts-expect-error workspace is required to list procurements
    await sfc.procurements.list({ limit: 10 });
    // @ts-expect-error prices are decimal strings, not numbers
    await sfc.procurements.update('proc_1', { max_buy_price_dollars_per_node_hour: 2.5 });
    // @ts-expect-error unknown filter
    await sfc.nodes.list({ node_type: 'reserved' });
    // @ts-expect-error ids are strings
    await sfc.nodes.get(42);
    // @ts-expect-error raw client paths are checked too
    await sfc.raw.GET('/v1/node');
  }
  void wrongCallsThatMustNotCompile;
});
