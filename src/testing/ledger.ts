// The fake API's money, in one place: what node-hours cost at the fake market, whether an order
// can be bought (its bid reaches the market price, the balance pays it), the refusal when it
// cannot, and the ledger of every change of the balance, as the API's transaction list shows them
// (the seeded balance as a credit grant, each purchase, hourly renewal or block a procurement buys
// as a buy order, a balance set by the test as a manual payment), oldest first. Each buy order is
// an event of the feed too.
import type { EventActor, Node, Transaction, TransactionDetails } from '../types.js';
import { nodeTarget, recordEvent } from './fake/events.js';
import type { FakeReply } from './handler.js';
import { refusal } from './refusals.js';
import type { World } from './state.js';

/** A purchase of node-hours, with the most the buyer accepts to pay for each. */
export interface Order {
  /** Nodes × hours bought (a started hour counts whole). */
  nodeHours: number;
  /** The buyer's highest price per node-hour, in cents (`max_price_per_node_hour`). */
  maxPricePerNodeHour: number;
}

/** Who placed an order (a token, or the clock renewing an hour) and the nodes it pays for. */
export interface OrderCause {
  actor: EventActor;
  nodes: Node[];
  /** The procurement that placed it for its capacity, the zone it buys in and its workspace (the event is about it, there). Default none. */
  procurement?: { id: string; zone: string; workspace: string } | undefined;
}

/** Why an order is not bought: the bid is under the market price, or the balance cannot pay. */
export type OrderRefusal = 'bid_price_too_low' | 'insufficient_balance';

/** The market price of one node-hour, in cents. */
export const marketPrice = (world: World): number => world.settings.pricePerNodeHourCents;

/** A market price the test sets (`fake.pricePerNodeHourCents = n`): every later purchase, renewal and quote pays it. */
export function setMarketPrice(world: World, cents: number): void {
  world.settings.pricePerNodeHourCents = cents;
}

/** What `nodeHours` node-hours cost at the market price, in cents. */
export const priceOf = (world: World, nodeHours: number): number => nodeHours * marketPrice(world);

/** Why `order` cannot be bought now, or undefined when it can. */
export function refusalOf(world: World, order: Order): OrderRefusal | undefined {
  if (order.maxPricePerNodeHour < marketPrice(world)) return 'bid_price_too_low';
  return priceOf(world, order.nodeHours) > world.balanceCents ? 'insufficient_balance' : undefined;
}

function record(world: World, amountCents: number, details: TransactionDetails): void {
  world.balanceCents += amountCents;
  world.transactions.push({
    object: 'transaction',
    cursor: `txc_${world.transactions.length + 1}`,
    transaction_time: world.clock.seconds(),
    amount_cents: amountCents,
    balance: world.balanceCents,
    details,
  });
}

/**
 * Buys `order` at the market price, as one buy order in the ledger and an `order.created` event
 * about the order and the nodes (or the procurement) it pays for; answers why not instead, taking nothing.
 */
export function buy(world: World, order: Order, cause: OrderCause): OrderRefusal | undefined {
  const refused = refusalOf(world, order);
  if (refused) return refused;
  if (order.nodeHours > 0) {
    const id = world.newId('ordr_', 16);
    record(world, -priceOf(world, order.nodeHours), { object: 'transaction_details', type: 'buy_order', order_id: id });
    const procurement = cause.procurement;
    recordEvent(world, {
      action: 'order.created',
      actor: cause.actor,
      targets: [
        { type: 'order', id },
        ...cause.nodes.map(nodeTarget),
        ...(procurement ? [{ type: 'procurement', id: procurement.id }] : []),
      ],
      zone: procurement?.zone ?? cause.nodes[0]?.zone,
      workspace: procurement?.workspace,
    });
  }
  return undefined;
}

/**
 * How each operation that buys answers a bid under the market price (the pages say nothing for
 * create; extend documents 422 and the fake answers it as the API's "not enough capacity at that
 * price").
 */
const BID_TOO_LOW: Record<string, { status: number; field: string; code: string }> = {
  createNodes: { status: 400, field: 'max_price_per_node_hour', code: 'bid_price_too_low' },
  extendNode: { status: 422, field: 'duration_seconds', code: 'insufficient_capacity' },
};

/** The answer of `operation` to an order refused for `why`; `what` names what was ordered. */
export function refusedOrder(world: World, operation: string, why: OrderRefusal, order: Order, what: string): FakeReply {
  if (why === 'insufficient_balance') {
    return refusal(operation, 402, `Insufficient balance to ${what}: it costs ${priceOf(world, order.nodeHours)} cents.`);
  }
  const rule = BID_TOO_LOW[operation] ?? { status: 400, field: 'max_price_per_node_hour', code: 'bid_price_too_low' };
  const message = `Not enough capacity to ${what} at ${order.maxPricePerNodeHour} cents per node-hour: the market price is ${marketPrice(world)} cents per node-hour.`;
  return refusal(operation, rule.status, message, { field: rule.field, code: rule.code });
}

/** The seeded balance, as the credit grant that opened the account. */
export function openingCredit(world: World, cents: number): void {
  if (cents > 0) record(world, cents, { object: 'transaction_details', type: 'credit_grant', memo: 'Opening balance of the fake account' });
}

/** A balance the test sets (`fake.balanceCents = n`), as a manual payment of the difference. */
export function setBalance(world: World, cents: number): void {
  if (cents !== world.balanceCents) {
    record(world, cents - world.balanceCents, {
      object: 'transaction_details',
      type: 'manual_payment',
      description: 'Balance set by the test',
    });
  }
}

/** Position of a transaction in the ledger, from its cursor (`txc_<n>`); undefined for one it never gave. */
export function ledgerPosition(world: World, cursor: string): number | undefined {
  const n = /^txc_(\d+)$/.exec(cursor)?.[1];
  return n !== undefined && Number(n) >= 1 && Number(n) <= world.transactions.length ? Number(n) : undefined;
}

export type { Transaction };
