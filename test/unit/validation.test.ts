// Request validation from the compiled spec: every problem listed with its pointer, rule and
// value, and no request sent. Also the switches that turn it off, and the core entry point.
import { describe, expect, it } from 'vitest';
import { SFCompute as CoreSFCompute } from '../../src/core.js';
import { ConfigurationError, SFCompute, ValidationError, checkNodeName, isValidNodeName, validators } from '../../src/index.js';
import { KEY, NODE, clientWith, fakeFetch, json, rejectionOf } from './fake-fetch.js';

async function refused(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('request validation', () => {
  it('names the pointer, the rule and the value: /duration_seconds must be a multiple of 3600 (got 5400)', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const error = await refused(sfc.nodes.extend('n_1', { duration_seconds: 5400, max_price_per_node_hour: 1000 }));
    expect(error.message).toBe('PATCH /v1/nodes/{id}/extend (extendNode): /duration_seconds must be a multiple of 3600 (got 5400)');
    expect(error.issues).toEqual([{ path: '/duration_seconds', rule: 'a multiple of 3600', value: 5400 }]);
    expect(requests).toHaveLength(0);
  });

  it('lists every problem at once', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const error = await refused(sfc.nodes.extend('n_1', { duration_seconds: 1800, max_price_per_node_hour: 150, extra: true } as never));
    // In the order the schema checks them: unknown fields first, then field by field.
    expect(error.issues).toEqual([
      { path: '/extra', rule: 'left out (this request has no such field)', value: true },
      { path: '/duration_seconds', rule: '>= 3600', value: 1800 },
      { path: '/duration_seconds', rule: 'a multiple of 3600', value: 1800 },
      { path: '/max_price_per_node_hour', rule: '>= 200', value: 150 },
    ]);
    expect(requests).toHaveLength(0);
  });

  it('checks the conditional rule: zone for auto reserved nodes unless any_zone', async () => {
    const { sfc, requests } = clientWith(() => json(200, { object: 'list', data: [] }));
    const error = await refused(sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600 }));
    expect(error.message).toBe(
      'POST /v1/nodes (createNodes): /zone must be given for auto reserved nodes unless any_zone is true (got undefined)',
    );
    await sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, any_zone: true });
    await sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1600, end_at: 1_795_356_000 });
    expect(requests).toHaveLength(2);
  });

  it('checks node names inside the names list, with the same rule as checkNodeName', async () => {
    const { sfc } = clientWith();
    const error = await refused(
      sfc.nodes.create({ desired_count: 2, max_price_per_node_hour: 1600, any_zone: true, names: ['ok', 'vm_1', '42.5', 'x'.repeat(129)] }),
    );
    const nameRule = checkNodeName('vm_1')[0]!.rule;
    expect(nameRule).toBe('a node name that does not start with "vm_" or "n_" and is not a number');
    expect(error.issues.map((i) => [i.path, i.rule])).toEqual([
      ['/names/1', nameRule],
      ['/names/2', nameRule],
      ['/names/3', 'at most 128 characters long'],
    ]);
    expect([isValidNodeName('cuda-crunch'), isValidNodeName('n_1'), isValidNodeName('-7'), isValidNodeName('7b')]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('reports what an anyOf/oneOf value breaks: the branch of its kind, else the kinds allowed', async () => {
    const { sfc } = clientWith();
    const base = {
      capacity: 'cap_1',
      min_sell_price_dollars_per_node_hour: '1.000000',
      max_buy_price_dollars_per_node_hour: '2.500000',
      managed_window_minutes: 60,
    };
    const issuesFor = async (fields: Record<string, unknown>) =>
      (await refused(sfc.procurements.create({ ...base, target: 'node_count', ...fields } as never))).issues.map(
        (i) => `${i.path} must be ${i.rule}`,
      );
    expect(await issuesFor({ target: -1 })).toEqual(['/target must be >= 0']);
    expect(await issuesFor({ target: 'all' })).toEqual(['/target must be "node_count"']);
    expect(await issuesFor({ target: 1.5 })).toEqual(['/target must be "node_count" or an integer']);
    expect(await issuesFor({ name: '' })).toEqual([
      '/name must be at least 1 character long',
      '/name must be a name with at least one letter or digit',
    ]);
    expect(await issuesFor({ name: 5 })).toEqual(['/name must be null or a string']);
    expect(await issuesFor({ min_sell_price_dollars_per_node_hour: '1', managed_window_minutes: 1500 })).toEqual([
      '/min_sell_price_dollars_per_node_hour must be a dollar amount with a decimal point, such as "2.500000": use centsToDollarString(cents) or toDollarString(dollars)',
      '/managed_window_minutes must be <= 1440',
    ]);
  });

  it('refuses a missing body', async () => {
    const { sfc, requests } = clientWith(() => json(200, NODE));
    const error = await refused(sfc.nodes.extend('n_1', undefined as never));
    expect(error.issues).toEqual([{ path: '/', rule: 'an object', value: undefined }]);
    expect(requests).toHaveLength(0);
  });

  it('checks path and query parameters too', async () => {
    const { sfc, requests } = clientWith(() => json(200, { object: 'list', data: [], has_more: false }));
    const path = await refused(sfc.procurements.get('procurement-1'));
    expect(path.issues[0]).toMatchObject({ path: '/id', value: 'procurement-1' });
    expect(path.issues[0]!.rule).toBe(
      'a procurement ID such as "proc_k3R-nX9vLm7Qp2Yw5Jd8F", or a resource path such as "sfc:procurement:<account>:<workspace>:<name>"',
    );
    const query = await refused(sfc.procurements.list({ workspace: 'wksp_1', limit: 0 }));
    expect(query.issues).toEqual([{ path: '/query/limit', rule: '>= 1', value: 0 }]);
    expect(requests).toHaveLength(0);
  });

  it('can be turned off per client and per call, and the server decides', async () => {
    const off = clientWith(() => json(200, NODE), { validateRequests: false });
    await off.sfc.nodes.extend('n_1', { duration_seconds: 5400, max_price_per_node_hour: 1000 });
    expect(off.requests).toHaveLength(1);
    const on = clientWith(() => json(200, NODE));
    await on.sfc.nodes.extend('n_1', { duration_seconds: 5400, max_price_per_node_hour: 1000 }, { validateRequests: false });
    expect(on.requests).toHaveLength(1);
  });
});

describe('sfcompute-client/core', () => {
  it('checks only ids and filters without validators, and everything with them', async () => {
    const fake = fakeFetch(() => json(200, NODE));
    const bare = new CoreSFCompute({ apiKey: KEY, baseUrl: 'https://api.test', fetch: fake.fetch });
    await bare.nodes.extend('n_1', { duration_seconds: 5400, max_price_per_node_hour: 1000 });
    expect(fake.requests).toHaveLength(1);
    await expect(bare.nodes.extend('..', { duration_seconds: 3600, max_price_per_node_hour: 1000 })).rejects.toThrow(ValidationError);

    const full = new CoreSFCompute({ apiKey: KEY, baseUrl: 'https://api.test', fetch: fake.fetch, validators });
    await refused(full.nodes.extend('n_1', { duration_seconds: 5400, max_price_per_node_hour: 1000 }));
    expect(fake.requests).toHaveLength(1);
  });

  it('refuses validateResponses without validators, saying where to get them', () => {
    expect(() => new CoreSFCompute({ apiKey: KEY, validateResponses: true })).toThrow(/sfcompute-client\/validators/);
  });

  it('keeps its validators when the main client is given validators: undefined', async () => {
    const fake = fakeFetch(() => json(200, NODE));
    const sfc = new SFCompute({ apiKey: KEY, baseUrl: 'https://api.test', fetch: fake.fetch, validators: undefined });
    await refused(sfc.nodes.extend('n_1', { duration_seconds: 5400, max_price_per_node_hour: 1000 }));
    expect(fake.requests).toHaveLength(0);
  });

  it('runs the sets of the object the methods are called on, and the full sets when called detached', async () => {
    const input = { path: { id: 'n_1' }, body: { duration_seconds: 5400, max_price_per_node_hour: 1000 } };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- detached on purpose: this test checks that they work without their object
    const { checkRequest, checkResponse } = validators;
    expect(checkRequest('extendNode', input)).toEqual([{ path: '/duration_seconds', rule: 'a multiple of 3600', value: 5400 }]);
    expect(checkResponse('getNode', 200, NODE)).toEqual([]);
    const fake = fakeFetch(() => json(200, NODE));
    const lenient = new CoreSFCompute({
      apiKey: KEY,
      baseUrl: 'https://api.test',
      fetch: fake.fetch,
      validators: { ...validators, requests: {} },
    });
    await lenient.nodes.extend('n_1', input.body);
    expect(fake.requests).toHaveLength(1);
  });

  it.each([[{ validateResponses: 'false' }], [{ validateRequests: 'no' }]])('refuses the option %o', (option) => {
    expect(() => new SFCompute({ apiKey: KEY, ...(option as object) })).toThrow(ConfigurationError);
  });
});
