// The account and market operations against the Prism mock of openapi.yaml: each returns its
// documented example (checked by the response validators too), and requests shaped as the official
// CLI sends them (reference/account-and-market.md) are accepted by the mock, both through the
// client's helpers and as raw requests with the CLI's exact query strings and bodies.
import { describe, expect, inject, it } from 'vitest';
import { NoQuoteError, type QuoteResponse, maxPriceFromQuote, quoteForCreate, quoteForExtend, quotePrice } from '../../src/index.js';
import { responseExample } from '../support/spec.js';
import { TEST_KEY, usePrism } from './harness.js';

describe('account and market operations against the Prism mock of openapi.yaml', () => {
  const prism = usePrism();
  const client = () => prism.client({ validateResponses: true });

  describe('documented successes', () => {
    const cases: Array<[string, string, string, number, () => Promise<unknown>]> = [
      [
        'quotes.get',
        '/v0/quote',
        'get',
        200,
        () => client().quotes.get({ side: 'buy', quantity: 1, instance_type: 'h100v', duration: 3600 }),
      ],
      ['balances.get', '/v1/balances', 'get', 200, () => client().balances.get()],
      ['transactions.list', '/v1/transactions', 'get', 200, () => client().transactions.list({ limit: 10, sort: 'amount' })],
      ['account.me', '/v1/account/me', 'get', 200, () => client().account.me()],
      ['tokens.list', '/v0/tokens', 'get', 200, () => client().tokens.list({ origin_client: 'cli', include_system: false })],
      ['tokens.create', '/v0/tokens', 'post', 201, () => client().tokens.create({ expires_in_seconds: 604800, name: 'ci' })],
      ['tokens.delete', '/v0/tokens/{id}', 'delete', 200, () => client().tokens.delete('tok_k3R-nX9vLm7Qp2Yw5Jd8F')],
      ['vms.instances', '/v0/vms/instances', 'get', 200, () => client().vms.instances()],
      ['vms.replace', '/v0/vms/replace', 'post', 200, () => client().vms.replace('vm_myOZZXw4pfcp7H9DQOldd')],
    ];
    it.each(cases)('%s returns the documented example', async (_name, path, method, status, call) => {
      expect(await call()).toEqual(responseExample(path, method, status));
      expect(prism.exchanges.map((e) => e.status)).toEqual([status]);
    });

    it('transactions.listAll reads the documented page to its end', async () => {
      const all = [];
      for await (const t of client().transactions.listAll({ transaction_type: 'buy_order' })) all.push(t);
      expect(all).toEqual((responseExample('/v1/transactions', 'get', 200) as { data: unknown[] }).data);
      expect(new URL(prism.exchanges[0]!.url).search).toBe('?transaction_type=buy_order');
    });
  });

  describe('pricing on the documented quotes', () => {
    it('prices the documented quote at $12.00 per node-hour and bids from it with a margin', async () => {
      const quote = await client().quotes.get({ side: 'buy', quantity: 1, instance_type: 'h100v', duration: 3600 });
      expect(quotePrice(quote).dollarsPerNodeHour).toBe('12.00');
      expect(maxPriceFromQuote(quote, { marginPercent: 10 })).toBe(1320);
    });

    it('refuses to price the documented empty quote, with its reason', async () => {
      const quote: QuoteResponse = await client().quotes.get(
        { side: 'buy', quantity: 1, instance_type: 'h100v', duration: 3600 },
        { headers: { Prefer: 'example=noQuote' } },
      );
      expect(quote.quote).toBeNull();
      expect(() => maxPriceFromQuote(quote, { marginPercent: 10 })).toThrow(NoQuoteError);
      expect(() => quotePrice(quote)).toThrow('no_availability');
    });
  });

  describe('requests shaped as the official CLI sends them are accepted', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');

    it('the quote before a one-hour create, built by quoteForCreate (min_duration 3240, below the documented 3600)', async () => {
      const query = quoteForCreate(
        { desired_count: 2, max_price_per_node_hour: 1600, zone: 'hayesvalley', end_at: now / 1000 + 3600 },
        { now: () => now },
      );
      await client().quotes.get(query);
      expect(new URL(prism.exchanges[0]!.url).search).toBe(
        '?side=buy&instance_type=h100v&quantity=2&min_start_date=NOW&max_start_date=NOW&min_duration=3240&max_duration=7200&cluster=hayesvalley',
      );
    });

    it('the quote before extending an H200 node, built by quoteForExtend (h200v, which the documented list lacks)', async () => {
      await client().quotes.get(quoteForExtend({ gpu_type: 'H200', zone: 'richmond', end_at: 1_795_352_400 }, { duration_seconds: 7200 }));
      expect(new URL(prism.exchanges[0]!.url).searchParams.get('instance_type')).toBe('h200v');
    });

    // The CLI's own wire format, sent without the client: its query strings and bodies as the
    // fact sheet describes them (Date.toISOString() starts, empty strings for skipped names).
    const raw: Array<[string, string, string, unknown]> = [
      [
        'quote before nodes create',
        'GET',
        '/v0/quote?side=buy&instance_type=h100v&quantity=4&min_start_date=2026-11-22T14:00:00.000Z&max_start_date=2026-11-22T14:00:00.000Z&min_duration=6480&max_duration=10800',
        undefined,
      ],
      [
        'quote before nodes extend',
        'GET',
        '/v0/quote?side=buy&instance_type=h200v&quantity=1&min_start_date=NOW&max_start_date=NOW&min_duration=3240&max_duration=7200&cluster=richmond',
        undefined,
      ],
      ['sf balance', 'GET', '/v1/balances', undefined],
      ['sf tokens list', 'GET', '/v0/tokens', undefined],
      [
        'sf tokens create, never expiring, names skipped',
        'POST',
        '/v0/tokens',
        { expires_in_seconds: 3153600000, origin_client: 'cli', name: '', description: '' },
      ],
      [
        'sf tokens create for 7 days',
        'POST',
        '/v0/tokens',
        { expires_in_seconds: 604800, origin_client: 'cli', name: 'laptop', description: 'my laptop' },
      ],
      ['sf tokens delete', 'DELETE', '/v0/tokens/tok_k3R-nX9vLm7Qp2Yw5Jd8F', undefined],
      ['sf vm list', 'GET', '/v0/vms/instances', undefined],
      ['sf vm replace', 'POST', '/v0/vms/replace', { vm_id: 'vm_myOZZXw4pfcp7H9DQOldd' }],
    ];
    it.each(raw)('%s', async (_name, method, pathAndQuery, body) => {
      const response = await fetch(`${inject('prismUrl')}${pathAndQuery}`, {
        method,
        headers: { Authorization: `Bearer ${TEST_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(response.headers.get('sl-violations')).toBeNull();
      expect(response.status).toBeLessThan(300);
      await response.arrayBuffer();
    });
  });
});
