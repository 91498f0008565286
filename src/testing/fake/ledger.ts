// The fake API's money: every change of the balance is a transaction in the ledger, as the API's
// transaction list shows them (the seeded balance as a credit grant, each purchase as a buy order,
// a balance set by the test as a manual payment), newest last.
import type { Transaction, TransactionDetails } from '../../types.js';
import type { World } from '../state.js';

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

/** Whether the balance can pay `cents`. */
export const canPay = (world: World, cents: number) => cents <= world.balanceCents;

/** Takes `cents` for a purchase: a buy order in the ledger. */
export function spend(world: World, cents: number): void {
  record(world, -cents, { object: 'transaction_details', type: 'buy_order', order_id: world.newId('ordr_', 16) });
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
