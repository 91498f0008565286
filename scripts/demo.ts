// `npm run demo`: a tour of the client. On the fake API of `sfcompute-client/testing` by default
// (demo-fake.ts: a node's whole lifecycle over a fake clock); against a Prism mock of openapi.yaml
// with `npm run demo -- --prism`; against the API named by SFC_BASE_URL when both SFC_BASE_URL and
// SFC_API_KEY are set.
//
// Against a real API the tour only reads unless SFC_DEMO_SPEND=yes is also set, because create,
// extend and redeploy buy or replace real compute.
import {
  type CreateNodesParams,
  NoQuoteError,
  SFCompute,
  SFComputeError,
  centsToDollars,
  maxPriceFromQuote,
  quoteForCreate,
  quotePrice,
} from '../src/index.js';
import { fakeTour } from './demo-fake.js';
import { describeNode, show } from './demo-format.js';
import { startPrism, type PrismServer } from './prism.js';

const live = Boolean(process.env.SFC_BASE_URL && process.env.SFC_API_KEY);
const maySpend = !live || process.env.SFC_DEMO_SPEND === 'yes';
/** The most the tour bids per node-hour, in cents ($16.00), whatever the quote says. */
const PRICE_CAP_CENTS = 1600;

async function tour(sfc: SFCompute) {
  const list = await sfc.nodes.list();
  show('nodes.list', `${list.data.length} node(s)${list.data.map((n) => `\n  - ${describeNode(n)}`).join('')}`);

  // Only a node this tour created is extended, redeployed and released; an existing node of the
  // account is at most read.
  let nodeId = list.data[0]?.id;
  let ours = false;

  const balance = await sfc.balances.get();
  show(
    'balances.get',
    `$${centsToDollars(balance.available_balance_cents)} available, $${centsToDollars(balance.current_balance_cents)} on the ledger`,
  );

  // Price before buying, as the official CLI does: quote exactly what the create would buy, show the
  // rate, and bid the quoted rate plus a 10% margin, but never above the tour's own cap: against a
  // live API with SFC_DEMO_SPEND=yes, a dear market must not buy at any price.
  const order: CreateNodesParams = {
    desired_count: 1,
    max_price_per_node_hour: PRICE_CAP_CENTS,
    zone: 'hayesvalley',
    names: ['cuda-crunch'],
    cloud_init_user_data: Buffer.from('#!/bin/sh\necho hello world\n').toString('base64'),
  };
  const quote = await sfc.quotes.get(quoteForCreate(order));
  try {
    const price = quotePrice(quote);
    order.max_price_per_node_hour = maxPriceFromQuote(quote, { marginPercent: 10 });
    if (order.max_price_per_node_hour > PRICE_CAP_CENTS) {
      show(
        'quotes.get',
        `~$${price.dollarsPerNodeHour}/node/hr: above the tour's cap of $${centsToDollars(PRICE_CAP_CENTS)}/h; nothing is bought`,
      );
      return;
    }
    show(
      'quotes.get',
      `~$${price.dollarsPerNodeHour}/node/hr ($${centsToDollars(price.totalCents)} for ${price.quantity} node(s) over ${price.spanMs / 3_600_000} h); ` +
        `bidding ≤ $${centsToDollars(order.max_price_per_node_hour)}/h`,
    );
  } catch (error) {
    if (!(error instanceof NoQuoteError)) throw error;
    show('quotes.get', `${error.message}; nothing is bought`);
    return;
  }

  if (maySpend) {
    const created = await sfc.nodes.create(order);
    show('nodes.create', created.data.map(describeNode).join('; '));
    if (!created.data[0]) {
      show('(stop)', 'the create call returned no node');
      return;
    }
    nodeId = created.data[0].id;
    ours = true;
  } else {
    show('nodes.create', 'skipped: live API and SFC_DEMO_SPEND is not "yes"');
  }
  if (!nodeId) {
    show('(stop)', 'no node to continue with');
    return;
  }

  show('nodes.get', describeNode(await sfc.nodes.get(nodeId)));

  if (ours) {
    const extended = await sfc.nodes.extend(nodeId, { duration_seconds: 7200, max_price_per_node_hour: 1000 });
    show('nodes.extend', `+2 h at ≤ $10.00/h: ${describeNode(extended)}`);
    const redeployed = await sfc.nodes.redeploy(nodeId, { image_id: 'vmi_1234567890abcdef' });
    show('nodes.redeploy', describeNode(redeployed));
    const released = await sfc.nodes.release(nodeId);
    show('nodes.release', describeNode(released));
  } else {
    show('nodes.extend/redeploy/release', 'skipped: only run on a node this tour created');
  }

  if (live) {
    show('procurements.update', 'skipped: it changes live orders');
  } else {
    const procurement = await sfc.procurements.update('proc_k3R-nX9vLm7Qp2Yw5Jd8F', {
      max_buy_price_dollars_per_node_hour: '2.500000',
      enabled: true,
    });
    show(
      'procurements.update',
      `${procurement.id} ${procurement.name}: buy ≤ $${procurement.max_buy_price_dollars_per_node_hour}/h, ` +
        `window ${procurement.managed_window_minutes} min, ${procurement.enabled ? 'enabled' : 'disabled'} ` +
        `(${procurement.status.state}: ${procurement.status.message})`,
    );
  }

  try {
    await sfc.nodes.get(nodeId, { headers: live ? {} : { Prefer: 'code=404' } });
    show('error handling', 'the node was found (no error to show against a live API)');
  } catch (error) {
    if (!(error instanceof SFComputeError)) throw error;
    show('error handling', `${error.name}: ${error.message}`);
  }
}

async function main() {
  let prism: PrismServer | undefined;
  try {
    let sfc: SFCompute;
    if (live) {
      console.log(`Using the API at ${process.env.SFC_BASE_URL}${maySpend ? ' (spending allowed)' : ' (read-only)'}\n`);
      sfc = new SFCompute();
    } else if (!process.argv.includes('--prism')) {
      console.log('On the fake API of sfcompute-client/testing: no server, no money, time moves when told to.');
      console.log('(npm run demo -- --prism for the Prism mock; SFC_BASE_URL and SFC_API_KEY for a real API)\n');
      await fakeTour();
      console.log('\nDone.');
      return;
    } else {
      console.log('Starting a Prism mock of openapi.yaml (set SFC_BASE_URL and SFC_API_KEY to use a real API)…');
      prism = await startPrism();
      console.log(`Prism is listening on ${prism.url}\n`);
      sfc = new SFCompute({ baseUrl: prism.url, apiKey: 'sk_demo_mock_key' });
    }
    await tour(sfc);
    console.log('\nDone.');
  } finally {
    await prism?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
