// The account and its money in the fake API: the balance, the ledger's transactions (cursor
// pages), `account/me`, and API tokens (list, create, delete) with the legacy error shape
// `{ object: 'error', code, message }` the spec documents for them.
import type { CreateTokenParams, Token, Transaction } from '../../types.js';
import type { FakeReply, HandlerTable, ParsedRequest } from '../handler.js';
import { ledgerPosition } from '../ledger.js';
import { refusal } from '../refusals.js';
import type { TokenRecord, World } from '../state.js';
import { pageOf, unknownCursor } from './paging.js';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Whether a token still authenticates at Unix second `now`. */
export const isLive = (record: TokenRecord, now: number) => Date.parse(record.token.expires_at) / 1000 > now;

function balance(world: World): FakeReply {
  const last = world.transactions.at(-1)?.transaction_time ?? world.clock.seconds();
  const cents = world.balanceCents;
  return {
    status: 200,
    body: {
      object: 'balances',
      available_balance_cents: cents,
      current_balance_cents: cents,
      current_overage_cents: 0,
      overage_limit_cents: 0,
      updated_at: last,
    },
  };
}

const SORTS: Record<string, (a: Transaction, b: Transaction) => number> = {
  transaction_time: (a, b) => a.transaction_time - b.transaction_time,
  '-transaction_time': (a, b) => b.transaction_time - a.transaction_time,
  amount: (a, b) => a.amount_cents - b.amount_cents,
  '-amount': (a, b) => b.amount_cents - a.amount_cents,
};

function transactions(req: ParsedRequest, world: World): FakeReply {
  const { query } = req;
  const after = query.starting_after_cursor as string | undefined;
  const before = query.ending_before_cursor as string | undefined;
  const cursor = after ?? before;
  if (cursor !== undefined && ledgerPosition(world, cursor) === undefined) {
    return unknownCursor(req.operation, 400, after !== undefined ? 'starting_after_cursor' : 'ending_before_cursor', cursor);
  }
  const type = query.transaction_type as string | undefined;
  const from = query.after_time as number | undefined;
  const to = query.before_time as number | undefined;
  // Filter, sort (newest first by default; equal keys keep ledger order ascending and reverse it
  // descending, so the newest of one second comes first), then page around the cursor's item.
  const sort = (query.sort as string | undefined) ?? '-transaction_time';
  const tie = sort.startsWith('-') ? -1 : 1;
  const sorted = world.transactions
    .map((t, i) => ({ t, i }))
    .filter(
      ({ t }) =>
        (type === undefined || t.details.type === type) &&
        (from === undefined || t.transaction_time > from) &&
        (to === undefined || t.transaction_time < to),
    )
    .sort((a, b) => SORTS[sort]!(a.t, b.t) || tie * (a.i - b.i))
    .map(({ t }) => t);
  const limit = (query.limit as number | undefined) ?? world.settings.transactionPageSize;
  // The cursor's item may be filtered out of this list: then nothing lies on either side of it.
  const at = cursor === undefined ? -1 : sorted.findIndex((t) => t.cursor === cursor);
  const backward = before !== undefined;
  const candidates = cursor === undefined ? sorted : at < 0 ? [] : backward ? sorted.slice(0, at) : sorted.slice(at + 1);
  const { page, hasMore } = pageOf(candidates, backward, limit);
  return { status: 200, body: { object: 'list', has_more: hasMore, data: page } };
}

function tokens(query: Record<string, unknown>, world: World): FakeReply {
  const now = world.clock.seconds();
  const data = world.tokens
    .filter((r) => isLive(r, now))
    .map((r) => r.token)
    .filter(
      (t) =>
        (query.include_system === true || !t.is_system) && (query.origin_client === undefined || t.origin_client === query.origin_client),
    );
  return { status: 200, body: { object: 'list', has_more: false, data } };
}

/** A new token record for the account, made now (also used to seed tokens). */
export function newToken(world: World, fields: Partial<Token> & { secret?: string | undefined; expires_in_seconds?: number }): TokenRecord {
  const now = world.clock.seconds();
  const { secret, expires_in_seconds: lifetime = 90 * 86_400, ...given } = fields;
  const id = world.newId('tok_', 16);
  const token: Token = {
    object: 'token',
    id,
    name: null,
    description: null,
    is_sandbox: false,
    last_active_at: null,
    expires_at: iso(now + Math.floor(lifetime)),
    created_at: iso(now),
    origin_client: 'cli',
    is_system: false,
    ...given,
  };
  return { token, secret: secret ?? `sk_fake_${world.newId('', 24)}` };
}

function createToken(req: ParsedRequest, world: World): FakeReply {
  const body = req.body as CreateTokenParams;
  if (world.account.is_frozen) return refusal(req.operation, 403, 'Account is frozen', { code: 'account.frozen' });
  const now = world.clock.seconds();
  if (world.tokens.filter((r) => isLive(r, now) && !r.token.is_system).length >= world.settings.maxTokens) {
    return refusal(req.operation, 400, 'Maximum number of tokens reached', { code: 'token.max_token_limit_reached' });
  }
  const record = newToken(world, {
    name: body.name ?? null,
    description: body.description ?? null,
    origin_client: body.origin_client,
    expires_in_seconds: body.expires_in_seconds,
  });
  world.tokens.push(record);
  return { status: 201, body: { ...record.token, token: record.secret } };
}

export const accountHandlers: HandlerTable = {
  getBalance: (_req, world) => balance(world),
  listTransactions: (req, world) => transactions(req, world),
  getAccount: (_req, world) => ({ status: 200, body: world.account }),
  listTokens: (req, world) => tokens(req.query, world),
  createToken: (req, world) => createToken(req, world),
  deleteToken: (req, world) => {
    const record = world.tokens.find((r) => r.token.id === req.path.id);
    if (!record) return refusal(req.operation, 404, 'Token not found', { code: 'token.not_found' });
    world.tokens.splice(world.tokens.indexOf(record), 1);
    return { status: 200, body: { success: true } };
  },
};
