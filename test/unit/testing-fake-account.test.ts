// The fake API's account and market side (issue 14's operations): the balance and its ledger,
// account/me, API tokens, quotes, and the legacy VM instance list and replace.
import { describe, expect, it } from 'vitest';
import {
  APIError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  SFCompute,
  hours,
  quoteForCreate,
  quotePrice,
  validators,
  type ClientOptions,
} from '../../src/index.js';
import { createFakeSFCompute, type FakeSFComputeOptions } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const T0 = Date.UTC(2026, 0, 1) / 1000;
const HOUR = 3600;

function setup(options: FakeSFComputeOptions = {}, client: ClientOptions = {}) {
  const fake = createFakeSFCompute(options);
  const sfc = new SFCompute({ apiKey: 'test-key', fetch: fake.fetch, validators, validateResponses: true, retryBaseDelayMs: 0, ...client });
  return { fake, sfc };
}
const create = { desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' };

describe('fake API: balance and transactions', () => {
  it('keeps a ledger: the opening credit, a buy order per purchase, a balance set by the test', async () => {
    const { fake, sfc } = setup({ balanceCents: 5_000 });
    await sfc.nodes.create(create);
    fake.advance(60_000);
    const [node] = fake.nodes;
    await sfc.nodes.extend(node!.id, { duration_seconds: 2 * HOUR, max_price_per_node_hour: 1000 });
    fake.balanceCents = 10_000;
    expect(await sfc.balances.get()).toMatchObject({ available_balance_cents: 10_000, current_balance_cents: 10_000, updated_at: T0 + 60 });
    const page = await sfc.transactions.list({ sort: 'transaction_time' });
    expect(page.data.map((t) => [t.details.type, t.amount_cents, t.balance, t.transaction_time])).toEqual([
      ['credit_grant', 5_000, 5_000, T0],
      ['buy_order', -1_000, 4_000, T0],
      ['buy_order', -2_000, 2_000, T0 + 60],
      ['manual_payment', 8_000, 10_000, T0 + 60],
    ]);
    // Newest first by default (the newest of one second first too), filtered by type or time.
    expect((await sfc.transactions.list()).data.map((t) => t.amount_cents)).toEqual([8_000, -2_000, -1_000, 5_000]);
    expect((await sfc.transactions.list({ transaction_type: 'buy_order' })).data).toHaveLength(2);
    expect((await sfc.transactions.list({ after_time: T0 })).data).toHaveLength(2);
  });

  it('lists transactions of the same second newest first when sorting descending, oldest first ascending', async () => {
    const { fake, sfc } = setup({ balanceCents: 5_000 });
    fake.balanceCents = 20_000;
    await sfc.nodes.create(create);
    const types = async (sort?: '-transaction_time' | 'transaction_time') =>
      (await sfc.transactions.list(sort ? { sort } : {})).data.map((t) => t.details.type);
    expect(await types()).toEqual(['buy_order', 'manual_payment', 'credit_grant']);
    expect(await types('-transaction_time')).toEqual(['buy_order', 'manual_payment', 'credit_grant']);
    expect(await types('transaction_time')).toEqual(['credit_grant', 'manual_payment', 'buy_order']);
  });

  it('pages with each item cursor, forwards (listAll) and backwards', async () => {
    const { fake, sfc } = setup({ balanceCents: 100 });
    for (const cents of [200, 300, 400, 500]) fake.balanceCents = cents;
    const all: number[] = [];
    for await (const t of sfc.transactions.listAll({ limit: 2, sort: 'transaction_time' })) all.push(t.balance);
    expect(all).toEqual([100, 200, 300, 400, 500]);
    const first = await sfc.transactions.list({ limit: 2, sort: 'transaction_time' });
    expect(first.has_more).toBe(true);
    const back = await sfc.transactions.list({ limit: 1, sort: 'transaction_time', ending_before_cursor: first.data[1]!.cursor });
    expect([back.data.map((t) => t.balance), back.has_more]).toEqual([[100], false]);
    expect(await rejectionOf(sfc.transactions.list({ starting_after_cursor: 'txc_999' }))).toBeInstanceOf(BadRequestError);
  });

  it('pages 10 transactions unless limit says otherwise, or transactions.pageSize', async () => {
    const many = setup({ balanceCents: 1 });
    for (let cents = 2; cents <= 12; cents++) many.fake.balanceCents = cents;
    expect((await many.sfc.transactions.list()).data).toHaveLength(10);
    const small = setup({ balanceCents: 1, transactions: { pageSize: 3 } });
    for (let cents = 2; cents <= 5; cents++) small.fake.balanceCents = cents;
    const page = await small.sfc.transactions.list();
    expect([page.data.length, page.has_more]).toEqual([3, true]);
    expect(() => setup({ transactions: { pageSize: 0 } })).toThrow('transactions.pageSize must be a whole number, 1 or more');
  });
});

describe('fake API: account and tokens', () => {
  it('answers account/me for the owner', async () => {
    const { sfc } = setup({ account: { owner: 'me' } });
    expect(await sfc.account.me()).toMatchObject({ id: 'me', is_frozen: false, created_at: T0 });
  });

  it('creates a token whose secret is shown once and then authenticates; deleting it ends that', async () => {
    const { fake, sfc } = setup({ apiKey: 'test-key' });
    const created = await sfc.tokens.create({ expires_in_seconds: 7 * 86_400, name: 'ci' });
    expect(created).toMatchObject({
      name: 'ci',
      origin_client: 'cli',
      expires_at: '2026-01-08T00:00:00Z',
      created_at: '2026-01-01T00:00:00Z',
    });
    const { data } = await sfc.tokens.list();
    expect(data.map((t) => t.id)).toEqual([created.id]);
    expect(JSON.stringify(data)).not.toContain(created.token);
    expect(JSON.stringify(fake.requests)).not.toContain(created.token);
    expect(fake.requests[0]!.response).toMatchObject({ status: 201, body: { id: created.id, token: '(not shown)' } });
    const withToken = new SFCompute({ apiKey: created.token, fetch: fake.fetch });
    expect((await withToken.account.me()).id).toBe('acme');
    expect(await sfc.tokens.delete(created.id)).toEqual({ success: true });
    expect(((await rejectionOf(withToken.account.me())) as APIError).status).toBe(401);
    expect(await rejectionOf(sfc.tokens.delete(created.id))).toBeInstanceOf(NotFoundError);
  });

  it('hides and refuses a token once it has expired', async () => {
    const { fake, sfc } = setup({
      apiKey: 'test-key',
      tokens: [{ name: 'short', secret: 'sk_short', expires_at: '2026-01-01T01:00:00Z' }],
    });
    const short = new SFCompute({ apiKey: 'sk_short', fetch: fake.fetch, maxRetries: 0 });
    expect((await short.tokens.list()).data.map((t) => t.name)).toEqual(['short']);
    fake.advance(HOUR * 1000);
    expect(((await rejectionOf(short.tokens.list())) as APIError).status).toBe(401);
    expect((await sfc.tokens.list()).data).toEqual([]);
  });

  it('refuses a token past the limit (400) and any token on a frozen account (403), in the tokens error shape', async () => {
    const limited = setup({ maxTokens: 1, tokens: [{ name: 'only' }] });
    const error = await rejectionOf(limited.sfc.tokens.create({ expires_in_seconds: 60 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as APIError).body).toEqual({
      object: 'error',
      code: 'token.max_token_limit_reached',
      message: 'Maximum number of tokens reached',
    });
    const frozen = setup({ account: { frozen: true } });
    expect(await rejectionOf(frozen.sfc.tokens.create({ expires_in_seconds: 60 }))).toBeInstanceOf(PermissionDeniedError);
    expect(frozen.fake.requests.at(-1)?.response).toMatchObject({ status: 403, body: { code: 'account.frozen' } });
  });
});

describe('fake API: quotes', () => {
  it('quotes what nodes.create would buy at the market price, for the whole span', async () => {
    const { fake, sfc } = setup({ pricePerNodeHourCents: 1200 });
    const body = { ...create, desired_count: 2, node_type: 'reserved' as const, end_at: T0 + 3 * HOUR };
    const quote = await sfc.quotes.get(quoteForCreate(body, fake.clock));
    expect(quote.quote).toMatchObject({ quantity: 2, zone: 'hayesvalley', instance_type: 'h100v' });
    const price = quotePrice(quote, fake.clock);
    expect(price.dollarsPerNodeHour).toBe('12.00');
  });

  it.each([
    ['an unknown cluster', { cluster: 'atlantis' }, 'no_matching_clusters'],
    ['an instance type no zone has', { instance_type: 'h200ki' }, 'no_matching_clusters'],
    ['more nodes than are free', { quantity: 33 }, 'no_availability'],
    [
      'a start after the free capacity',
      { min_start_date: '2026-06-01T00:00:00Z', max_start_date: '2026-06-01T00:00:00Z' },
      'no_availability',
    ],
  ])('gives no quote for %s', async (_, change, reason) => {
    const { sfc } = setup();
    const quote = await sfc.quotes.get({ side: 'buy', quantity: 1, instance_type: 'h100i', duration: HOUR, ...change });
    expect([quote.quote, quote.no_quote_reason]).toEqual([null, reason]);
  });

  it('has nothing to sell', async () => {
    const { sfc } = setup();
    expect((await sfc.quotes.get({ side: 'sell', quantity: 1, duration: hours(1) })).no_quote_reason).toBe('no_availability');
  });

  it('refuses both duration forms at once (sent through sfc.raw, which does not check)', async () => {
    const { sfc } = setup();
    const query = { side: 'buy' as const, quantity: 1, instance_type: 'h100v', duration: HOUR, min_duration: HOUR, max_duration: 2 * HOUR };
    const { response } = await sfc.raw.GET('/v0/quote', { params: { query } });
    expect(response.status).toBe(400);
  });
});

describe('fake API: legacy VM instances', () => {
  it('lists every VM and replaces a running one like a redeploy; a VM that is not running is refused', async () => {
    const { fake, sfc } = setup({ timing: { provisioningMs: 0 } });
    const [node] = (await sfc.nodes.create(create)).data;
    const first = node!.current_vm!.id;
    expect((await sfc.vms.instances()).data).toEqual([
      { id: first, cluster_id: 'clus_hayesvalley', current_status: 'Running', last_updated_at: '2026-01-01T00:00:00.000Z' },
    ]);
    fake.advance(1_000);
    const replaced = await sfc.vms.replace(first);
    expect(replaced.replaced).toBe(first);
    expect((await sfc.nodes.get(node!.id)).current_vm?.id).toBe(replaced.replaced_by);
    expect((await sfc.vms.instances()).data.map((i) => i.current_status)).toEqual(['Destroyed', 'Running']);
    expect(((await rejectionOf(sfc.vms.replace(first))) as APIError).status).toBe(400);
    expect(((await rejectionOf(sfc.vms.replace('vm_unknown'))) as APIError).status).toBe(404);
  });
});
