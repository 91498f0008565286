// Compiled by `npm run typecheck:consumer` (after the build, against dist/ as a user sees it) with `exactOptionalPropertyTypes` on, as a user's strict project
// is: an optional request field given as `undefined` is accepted (the client sends the same JSON
// as when it is left out), and a required one is not.
import type { SFCompute } from '../../dist/index.js';

declare const sfc: SFCompute;
declare const zone: string | undefined;
declare const limit: number | undefined;
declare const image: string | undefined;

export async function strictCaller(): Promise<void> {
  await sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, zone, names: undefined });
  await sfc.nodes.list({ type: undefined });
  await sfc.nodes.redeploy('n_b1dc52505c6db142', { image_id: image });
  await sfc.transactions.list({ limit });
  await sfc.procurements.list({ workspace: 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F', limit });
  await sfc.tokens.create({ name: 'ci', expires_in_seconds: 3600, origin_client: undefined });
  for await (const t of sfc.transactions.listAll({ limit })) void t;
  // @ts-expect-error desired_count is required: undefined is not a count
  await sfc.nodes.create({ desired_count: undefined, max_price_per_node_hour: 1600, zone });
}

declare const gpu: 'H100' | undefined;
export async function nested(): Promise<void> {
  // Items of a list and one field taken positionally accept undefined in their optional fields too.
  await sfc.nodes.list({ id: ['n_1'], type: undefined });
  void gpu;
}
