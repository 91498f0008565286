// One valid call of every operation in openapi.yaml, for the table-driven contract and fault tests.
import type { RequestOptions, SFCompute } from '../../src/index.js';

const NODE = 'n_b1dc52505c6db142';
const PROC = 'proc_k3R-nX9vLm7Qp2Yw5Jd8F';

export type Call = (sfc: SFCompute, options?: RequestOptions) => Promise<unknown>;

/** One valid call of each operation, by operationId, with per-call options passed through. */
export const calls: Record<string, Call> = {
  listNodes: (sfc, o) => sfc.nodes.list(undefined, o),
  createNodes: (sfc, o) => sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' }, o),
  getNode: (sfc, o) => sfc.nodes.get(NODE, o),
  deleteNode: (sfc, o) => sfc.nodes.delete(NODE, o),
  extendNode: (sfc, o) => sfc.nodes.extend(NODE, { duration_seconds: 3600, max_price_per_node_hour: 200 }, o),
  redeployNode: (sfc, o) => sfc.nodes.redeploy(NODE, { override_empty: true }, o),
  releaseNode: (sfc, o) => sfc.nodes.release(NODE, o),
  listProcurements: (sfc, o) => sfc.procurements.list({ workspace: 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F' }, o),
  createProcurement: (sfc, o) =>
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
  getProcurement: (sfc, o) => sfc.procurements.get(PROC, undefined, o),
  updateProcurement: (sfc, o) => sfc.procurements.update(PROC, { max_buy_price_dollars_per_node_hour: '3.000060' }, o),
  deleteProcurement: (sfc, o) => sfc.procurements.delete(PROC, o),
  listZones: (sfc, o) => sfc.zones.list(o),
  getZone: (sfc, o) => sfc.zones.get('hayesvalley', o),
  listImages: (sfc, o) => sfc.images.list(o),
  getImage: (sfc, o) => sfc.images.get('vmi_1234567890abcdef', o),
  getVmLogs: (sfc, o) => sfc.vms.logs({ instance_id: 'vm_myOZZXw4pfcp7H9DQOldd', order_by: 'seqnum_asc', limit: 10 }, o),
  getVmSsh: (sfc, o) => sfc.vms.ssh('vm_myOZZXw4pfcp7H9DQOldd', o),
  getVmScript: (sfc, o) => sfc.vms.getScript(o),
  setVmScript: (sfc, o) => sfc.vms.setScript('#!/bin/bash\necho hello\n', o),
  getQuote: (sfc, o) =>
    sfc.quotes.get({ side: 'buy', quantity: 1, instance_type: 'h100v', min_duration: 3240, max_duration: 7200, min_start_date: 'NOW' }, o),
  getBalance: (sfc, o) => sfc.balances.get(o),
  listTransactions: (sfc, o) => sfc.transactions.list({ limit: 10 }, o),
  getAccount: (sfc, o) => sfc.account.me(o),
  listTokens: (sfc, o) => sfc.tokens.list(undefined, o),
  createToken: (sfc, o) => sfc.tokens.create({ expires_in_seconds: 604800, name: 'ci' }, o),
  deleteToken: (sfc, o) => sfc.tokens.delete('tok_k3R-nX9vLm7Qp2Yw5Jd8F', o),
  listVmInstances: (sfc, o) => sfc.vms.instances(o),
  replaceVm: (sfc, o) => sfc.vms.replace('vm_myOZZXw4pfcp7H9DQOldd', o),
};
