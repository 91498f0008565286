// The account and market methods (quotes, balances, transactions, account, tokens, legacy VMs):
// what each sends, the three error shapes read into the same typed errors, listAll's paging, and
// a created token's secret kept out of every log line and error.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestAbortedError,
  ValidationError,
  createAPIError,
} from '../../src/index.js';
import { clientWith, json, rejectionOf } from './fake-fetch.js';

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.created-token-SECRET.sig';
const TOKEN = {
  object: 'token',
  id: 'tok_1',
  name: 'ci',
  description: null,
  is_sandbox: false,
  last_active_at: null,
  expires_at: '2026-11-29T12:00:00Z',
  created_at: '2026-11-22T12:00:00Z',
  origin_client: 'cli',
  is_system: false,
};

const urlOf = (request: Request) => new URL(request.url);

describe('each method sends its one request', () => {
  const cases: Array<[string, (sfc: ReturnType<typeof clientWith>['sfc']) => Promise<unknown>, string, string, unknown]> = [
    [
      'quotes.get',
      (sfc) => sfc.quotes.get({ side: 'buy', quantity: 2, instance_type: 'h100v', min_duration: 3240, max_duration: 7200 }),
      'GET',
      '/v0/quote?side=buy&quantity=2&instance_type=h100v&min_duration=3240&max_duration=7200',
      undefined,
    ],
    ['balances.get', (sfc) => sfc.balances.get(), 'GET', '/v1/balances', undefined],
    ['transactions.list', (sfc) => sfc.transactions.list({ limit: 5 }), 'GET', '/v1/transactions?limit=5', undefined],
    ['transactions.list without a query', (sfc) => sfc.transactions.list(), 'GET', '/v1/transactions', undefined],
    ['account.me', (sfc) => sfc.account.me(), 'GET', '/v1/account/me', undefined],
    ['tokens.list', (sfc) => sfc.tokens.list({ include_system: true }), 'GET', '/v0/tokens?include_system=true', undefined],
    [
      'tokens.create (origin_client filled in)',
      (sfc) => sfc.tokens.create({ expires_in_seconds: 604800, name: 'ci' }),
      'POST',
      '/v0/tokens',
      { expires_in_seconds: 604800, name: 'ci', origin_client: 'cli' },
    ],
    ['tokens.delete', (sfc) => sfc.tokens.delete('tok_1'), 'DELETE', '/v0/tokens/tok_1', undefined],
    ['vms.instances', (sfc) => sfc.vms.instances(), 'GET', '/v0/vms/instances', undefined],
    ['vms.replace', (sfc) => sfc.vms.replace('vm_1'), 'POST', '/v0/vms/replace', { vm_id: 'vm_1' }],
  ];
  it.each(cases)('%s', async (_name, call, method, pathAndQuery, body) => {
    const { sfc, requests } = clientWith(() => json(200, { ok: true }));
    await call(sfc);
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe(method);
    expect(urlOf(request).pathname + urlOf(request).search).toBe(pathAndQuery);
    expect(request.headers.get('authorization')).toMatch(/^Bearer /);
    if (body === undefined) expect(await request.text()).toBe('');
    else expect(JSON.parse(await request.text())).toEqual(body);
  });
});

describe('the quote and transactions rules are checked before sending', () => {
  const refused: Array<[string, Record<string, unknown>, string, string]> = [
    ['no duration at all', { side: 'buy', quantity: 1, instance_type: 'h100v' }, '/query', 'given a duration in one form'],
    [
      'both duration forms',
      { side: 'buy', quantity: 1, instance_type: 'h100v', duration: 3600, min_duration: 3240, max_duration: 7200 },
      '/query',
      'not both forms',
    ],
    ['one bound alone', { side: 'buy', quantity: 1, instance_type: 'h100v', min_duration: 3240 }, '/query', 'not one bound alone'],
    ['a buy without instance_type', { side: 'buy', quantity: 1, duration: 3600 }, '/query/instance_type', 'given when side is buy'],
    [
      'a sell with a cluster',
      { side: 'sell', quantity: 1, duration: 3600, cluster: 'hayesvalley' },
      '/query/cluster',
      'left out when side is sell',
    ],
    ['quantity above 1024', { side: 'buy', quantity: 1025, instance_type: 'h100v', duration: 3600 }, '/query/quantity', '<= 1024'],
    ['quantity 0', { side: 'buy', quantity: 0, instance_type: 'h100v', duration: 3600 }, '/query/quantity', '>= 1'],
    ['duration below 3600', { side: 'buy', quantity: 1, instance_type: 'h100v', duration: 1800 }, '/query/duration', '>= 3600'],
  ];
  it.each(refused)('refuses %s', async (_name, query, path, rule) => {
    const { sfc, requests } = clientWith();
    const error = (await rejectionOf(sfc.quotes.get(query as never))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]!.path).toBe(path);
    expect(error.issues[0]!.rule).toContain(rule);
    expect(requests).toHaveLength(0);
  });

  it('accepts a sell quote without instance_type', async () => {
    const { sfc, requests } = clientWith(() => json(200, { object: 'quote', side: 'sell', quote: null }));
    await sfc.quotes.get({ side: 'sell', quantity: 1, duration: 3600 });
    expect(requests).toHaveLength(1);
  });

  it('refuses both transactions cursors at once', async () => {
    const { sfc, requests } = clientWith();
    const error = (await rejectionOf(
      sfc.transactions.list({ starting_after_cursor: 'txc_a', ending_before_cursor: 'txc_b' }),
    )) as ValidationError;
    expect(error.issues[0]!.rule).toBe('given at most one of starting_after_cursor, ending_before_cursor');
    expect(requests).toHaveLength(0);
  });
});

describe('the three error shapes become the same typed errors', () => {
  const shapes: Array<[string, number, unknown, new (...args: never[]) => APIError, string | undefined, string]> = [
    [
      'the envelope',
      404,
      { error: { type: 'not_found', message: 'account not found', details: [] } },
      NotFoundError,
      'not_found',
      'account not found',
    ],
    [
      'the flat form of older revisions',
      400,
      { type: 'invalid_request_error', message: 'bad limit', details: [{ code: 'range', message: 'limit' }] },
      BadRequestError,
      'invalid_request_error',
      'bad limit',
    ],
    [
      "the token operations' envelope",
      404,
      { object: 'error', code: 'token.not_found', message: 'Token not found' },
      NotFoundError,
      'token.not_found',
      'Token not found',
    ],
    [
      'the token envelope without a message',
      403,
      { object: 'error', code: 'account.frozen' },
      PermissionDeniedError,
      'account.frozen',
      'The API answered with error code account.frozen and no message',
    ],
    [
      "the quote's bare error type",
      400,
      'invalid_request_error',
      BadRequestError,
      'invalid_request_error',
      'The API answered with error type invalid_request_error and no message',
    ],
    [
      "the quote's bare error type on a 500",
      500,
      'api_error',
      InternalServerError,
      'api_error',
      'The API answered with error type api_error and no message',
    ],
  ];
  it.each(shapes)('%s', (_name, status, body, ErrorClass, type, message) => {
    const error = createAPIError({ status, headers: new Headers() }, body);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.status).toBe(status);
    expect(error.type).toBe(type);
    expect(error.message).toBe(message);
    expect(error.body).toEqual(body);
  });

  it('keeps the envelope details and leaves the token free-form details in body', () => {
    const details = [{ field: 'limit', code: 'out_of_range', message: 'at most 100' }];
    expect(
      createAPIError({ status: 400, headers: new Headers() }, { error: { type: 'invalid_request_error', message: 'm', details } }).details,
    ).toEqual(details);
    const token = createAPIError(
      { status: 400, headers: new Headers() },
      { object: 'error', code: 'token.max_token_limit_reached', details: { max: 10 } },
    );
    expect(token.details).toBeUndefined();
    expect((token.body as { details: unknown }).details).toEqual({ max: 10 });
  });

  it('does not take a word that is not an error type, nor a lone type, for an error body', () => {
    expect(createAPIError({ status: 400, headers: new Headers() }, 'Bad Request').type).toBeUndefined();
    expect(createAPIError({ status: 400, headers: new Headers() }, { type: 'invalid_request_error' }).type).toBeUndefined();
    expect(createAPIError({ status: 400, headers: new Headers() }, { object: 'error' }).type).toBeUndefined();
  });

  it('reads a bare type sent as JSON through a call', async () => {
    const { sfc } = clientWith(() => json(400, 'invalid_request_error'));
    const error = (await rejectionOf(sfc.quotes.get({ side: 'buy', quantity: 1, instance_type: 'h100v', duration: 3600 }))) as APIError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.type).toBe('invalid_request_error');
  });

  it('maps the token 429 to RateLimitError and 401 to AuthenticationError', async () => {
    for (const [status, ErrorClass] of [
      [429, RateLimitError],
      [401, AuthenticationError],
    ] as const) {
      const { sfc } = clientWith(() => json(status, { object: 'error', code: 'token.max_token_limit_reached', message: 'limit' }), {
        maxRetries: 0,
      });
      const error = (await rejectionOf(sfc.tokens.create({ expires_in_seconds: 3600 }))) as APIError;
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.type).toBe('token.max_token_limit_reached');
    }
  });
});

describe('transactions.listAll', () => {
  const item = (n: number) => ({
    object: 'transaction',
    cursor: `txc_${n}`,
    transaction_time: 1_700_000_000 + n,
    amount_cents: n,
    balance: n,
    details: {},
  });

  it('sends the last item cursor of each page as starting_after_cursor until has_more is false', async () => {
    const pages = [
      { object: 'list', has_more: true, data: [item(1), item(2)] },
      { object: 'list', has_more: true, data: [item(3)] },
      { object: 'list', has_more: false, data: [item(4)] },
    ];
    const { sfc, requests } = clientWith(() => json(200, pages[requests.length - 1]));
    const seen: number[] = [];
    for await (const t of sfc.transactions.listAll({ limit: 2, transaction_type: 'refund' })) seen.push(t.amount_cents);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(requests.map((r) => urlOf(r).search)).toEqual([
      '?limit=2&transaction_type=refund',
      '?limit=2&transaction_type=refund&starting_after_cursor=txc_2',
      '?limit=2&transaction_type=refund&starting_after_cursor=txc_3',
    ]);
  });

  it('fetches a page only when the loop asks for more', async () => {
    const { sfc, requests } = clientWith(() => json(200, { object: 'list', has_more: true, data: [item(requests.length)] }));
    for await (const t of sfc.transactions.listAll()) {
      expect(t.cursor).toBe('txc_1');
      break;
    }
    expect(requests).toHaveLength(1);
  });

  it('stops on an empty page that says has_more, and on a repeated cursor', async () => {
    const empty = clientWith(() => json(200, { object: 'list', has_more: true, data: [] }));
    const first = await rejectionOf(
      (async () => {
        for await (const _ of empty.sfc.transactions.listAll()) void _;
      })(),
    );
    expect(first).toBeInstanceOf(MalformedResponseError);
    expect((first as Error).message).toBe(
      '200 GET /v1/transactions (listTransactions): the page said has_more but gave no cursor to continue from',
    );
    const looping = clientWith(() => json(200, { object: 'list', has_more: true, data: [item(7)] }));
    const second = await rejectionOf(
      (async () => {
        for await (const _ of looping.sfc.transactions.listAll()) void _;
      })(),
    );
    expect((second as Error).message).toBe('200 GET /v1/transactions (listTransactions): a cursor came back twice; stopping the iteration');
    expect(second).toMatchObject({ operation: 'listTransactions', method: 'GET', path: '/v1/transactions' });
  });

  it('stops with RequestAbortedError when the signal fires', async () => {
    const controller = new AbortController();
    const { sfc } = clientWith(() => json(200, { object: 'list', has_more: true, data: [item(Math.random())] }));
    const error = await rejectionOf(
      (async () => {
        for await (const _ of sfc.transactions.listAll({}, { signal: controller.signal })) controller.abort();
      })(),
    );
    expect(error).toBeInstanceOf(RequestAbortedError);
  });
});

describe("a created token's secret is kept out of logs and errors", () => {
  function recorder() {
    const lines: string[] = [];
    const write = (...args: unknown[]) => lines.push(inspect(args, { depth: 10 }));
    return { lines, logger: { debug: write, info: write, warn: write, error: write } };
  }

  it('is returned to the caller as sent', async () => {
    const { sfc } = clientWith(() => json(201, { ...TOKEN, token: SECRET }));
    const created = await sfc.tokens.create({ expires_in_seconds: 3600 });
    expect(created.token).toBe(SECRET);
  });

  it.each([
    ['in the documented field', { ...TOKEN, token: SECRET, is_system: 'no' }],
    // A shape the spec does not know: masking cannot know the field, so no value is shown at all.
    ['in a field the spec does not know', { ...TOKEN, token: undefined, api_key: SECRET }],
  ])('a created token %s that does not match the spec is returned, only warned about, with no value shown', async (_case, body) => {
    const { lines, logger } = recorder();
    const { sfc } = clientWith(() => json(201, body), { validateResponses: true, logger, logLevel: 'warn' });
    // Even in 'throw' mode: the token exists on the server from now on, so the caller gets it.
    const created = await sfc.tokens.create({ expires_in_seconds: 3600 });
    expect(created).toEqual(JSON.parse(JSON.stringify(body)));
    expect(lines.some((line) => line.includes('(createToken): the response does not match openapi.yaml'))).toBe(true);
    for (const line of lines) expect(line).not.toContain(SECRET);
    expect(lines.join('\n')).toContain('[withheld: this response carries a secret]');
  });

  it('is masked in the warning of validateResponses: warn, in later errors and in every log line', async () => {
    const { lines, logger } = recorder();
    let answer = () => json(201, { ...TOKEN, token: SECRET, extra_check: SECRET, is_system: 1 });
    const { sfc } = clientWith(() => answer(), { validateResponses: 'warn', logger, logLevel: 'debug', maxRetries: 0 });
    const created = await sfc.tokens.create({ expires_in_seconds: 3600, name: 'ci' });
    expect(created.token).toBe(SECRET);
    // A later error body that echoes the secret (a proxy quoting a header, say) is masked too.
    answer = () => json(401, { error: { type: 'authentication_error', message: `token ${SECRET} is not valid here` } });
    const later = (await rejectionOf(sfc.account.me())) as APIError;
    expect(later.message).toBe('401 GET /v1/account/me (getAccount): token [redacted] is not valid here');
    expect(JSON.stringify(later.body)).not.toContain(SECRET);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).not.toContain(SECRET);
  });

  it('is not quoted from a created-token body that is not valid JSON', async () => {
    const { sfc } = clientWith(
      () => new Response(`{"object":"token","token":"${SECRET}" oops}`, { status: 201, headers: { 'content-type': 'application/json' } }),
    );
    const error = (await rejectionOf(sfc.tokens.create({ expires_in_seconds: 3600 }))) as MalformedResponseError;
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe(
      '201 POST /v0/tokens (createToken): the response body is not valid JSON (details withheld: it carries a secret)',
    );
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(SECRET.slice(0, 12));
    // Other operations keep the parser's words, which help to see what arrived.
    const other = clientWith(() => new Response('{"object":"quote"', { status: 200, headers: { 'content-type': 'application/json' } }));
    const plain = (await rejectionOf(other.sfc.balances.get())) as MalformedResponseError;
    expect(plain.message).toMatch(/^200 GET \/v1\/balances \(getBalance\): the response body is not valid JSON: ./);
  });

  it('does not mask for another client', async () => {
    const first = clientWith(() => json(201, { ...TOKEN, token: SECRET }));
    await first.sfc.tokens.create({ expires_in_seconds: 3600 });
    const other = clientWith(() => json(400, { error: { type: 'invalid_request_error', message: `echo ${SECRET}` } }));
    const error = (await rejectionOf(other.sfc.account.me())) as APIError;
    expect(error.message).toBe(`400 GET /v1/account/me (getAccount): echo ${SECRET}`);
  });
});
