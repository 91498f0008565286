// `npm run demo` on the fake API (the default): a whole node lifecycle over the fake clock, a
// procurement changed, and failures handled, with no server and no money.
import {
  type CreateNodesParams,
  SFCompute,
  SFComputeError,
  centsToDollars,
  decodeLogLines,
  hours,
  quoteForCreate,
  quotePrice,
} from '../src/index.js';
import { createFakeSFCompute } from '../src/testing.js';
import { describeNode, show } from './demo-format.js';

export async function fakeTour() {
  const fake = createFakeSFCompute({ balanceCents: 20_000 });
  const sfc = new SFCompute({ apiKey: 'sk_demo_fake_key', fetch: fake.fetch, retryBaseDelayMs: 0 });
  const clock = (ms: number, why: string) => {
    fake.advance(ms);
    show('(fake clock)', `+${ms / 1000} s, now ${new Date(fake.now()).toISOString()}: ${why}`);
  };
  const [zone] = (await sfc.zones.list()).data;
  show('zones.list', zone ? `${zone.name}: ${zone.available_capacity[0]?.quantity ?? 0} ${zone.hardware_type} nodes free` : 'no zone');
  show('balance', `$${(fake.balanceCents / 100).toFixed(2)}`);

  const order: CreateNodesParams = {
    desired_count: 1,
    max_price_per_node_hour: 1600,
    zone: 'hayesvalley',
    names: ['cuda-crunch'],
    cloud_init_user_data: Buffer.from('#!/bin/sh\necho hello world\n').toString('base64'),
  };
  // The pricing helpers read the fake's clock, not the machine's.
  const price = quotePrice(await sfc.quotes.get(quoteForCreate(order, fake.clock)), fake.clock);
  show('quotes.get', `~$${price.dollarsPerNodeHour}/node/hr ($${centsToDollars(price.totalCents)} for ${price.quantity} node(s))`);
  const {
    data: [created],
  } = await sfc.nodes.create(order);
  show('nodes.create', describeNode(created!));
  clock(60_000, 'the node is provisioned');
  show('nodes.waitFor', describeNode(await sfc.nodes.waitFor('cuda-crunch')));
  clock(12_000, 'the VM writes its log');
  const logs = await sfc.vms.logs({ instance_id: (await sfc.nodes.get('cuda-crunch')).current_vm!.id, order_by: 'seqnum_asc' });
  show('vms.logs', decodeLogLines(logs.data).join(' | '));

  fake.failNext({ operation: 'extendNode', status: 500 });
  const extend = () => sfc.nodes.extend('cuda-crunch', { duration_seconds: hours(2), max_price_per_node_hour: 1000 });
  try {
    await extend();
  } catch (error) {
    if (!(error instanceof SFComputeError)) throw error;
    const sent = fake.requests.filter((r) => r.operation === 'extendNode').length;
    show('failure handled', `${error.name}: ${error.message} (sent ${sent} time: an extension may have been bought, so it is not retried)`);
  }
  show('nodes.extend', `+2 h at ≤ $10.00/h: ${describeNode(await extend())}`);
  show('nodes.redeploy', describeNode(await sfc.nodes.redeploy('cuda-crunch', { image_id: 'vmi_1234567890abcdef' })));
  show('nodes.release', describeNode(await sfc.nodes.release('cuda-crunch')));
  clock(hours(3) * 1000, 'the paid time runs out');
  show('nodes.get', describeNode(await sfc.nodes.get('cuda-crunch')));

  const procurement = await sfc.procurements.create({
    name: 'demo',
    capacity: 'cap_k3R-nX9vLm7Qp2Yw5Jd8F',
    target: 'node_count',
    min_sell_price_dollars_per_node_hour: '1.000000',
    max_buy_price_dollars_per_node_hour: '2.000000',
    managed_window_minutes: 60,
  });
  const updated = await sfc.procurements.update(procurement.id, {
    max_buy_price_dollars_per_node_hour: '2.500000',
    managed_window_minutes: 120,
  });
  show(
    'procurements.update',
    `${updated.id} ${updated.name}: buy ≤ $${procurement.max_buy_price_dollars_per_node_hour} → $${updated.max_buy_price_dollars_per_node_hour}/h, ` +
      `window ${procurement.managed_window_minutes} → ${updated.managed_window_minutes} min`,
  );

  fake.failNext({ operation: 'getNode', status: 503 });
  const again = await sfc.nodes.get('cuda-crunch');
  show(
    'failure handled',
    `a get answered 503 was retried: ${again.status} (${fake.requests
      .slice(-2)
      .map((r) => ('status' in r.response ? r.response.status : '-'))
      .join(', then ')})`,
  );
  try {
    await sfc.nodes.get('n_does_not_exist');
  } catch (error) {
    if (!(error instanceof SFComputeError)) throw error;
    show('error handling', `${error.name}: ${error.message}`);
  }
  const balance = await sfc.balances.get();
  const { data: ledger } = await sfc.transactions.list({ sort: 'transaction_time' });
  show(
    'balances.get',
    `$${centsToDollars(balance.available_balance_cents)} after ${ledger.map((t) => `${t.details.type} ${t.amount_cents > 0 ? '+' : '-'}$${centsToDollars(Math.abs(t.amount_cents))}`).join(', ')}`,
  );
}
