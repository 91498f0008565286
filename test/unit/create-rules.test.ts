// nodes.create: rules of the reference page that the schema cannot say, refused before anything
// is sent (main and core entries), and let through with validateRequests: false.
import { describe, expect, it } from 'vitest';
import { SFCompute as CoreSFCompute } from '../../src/core.js';
import { ValidationError } from '../../src/index.js';
import { KEY, clientWith, fakeFetch, json, rejectionOf } from './fake-fetch.js';

const base = { desired_count: 1, max_price_per_node_hour: 1600, zone: 'hayesvalley' };
const HOUR_2026 = 1_795_352_400; // 2026-11-22T13:00:00Z

describe('nodes.create rules beyond the schema', () => {
  it.each<[string, Record<string, unknown>, { path: string; rule: string; value: unknown }]>([
    [
      'a start in milliseconds',
      { start_at: HOUR_2026 * 1000 },
      { path: '/start_at', rule: 'Unix seconds (this looks like milliseconds: divide by 1000)', value: HOUR_2026 * 1000 },
    ],
    [
      'an end in milliseconds',
      { end_at: HOUR_2026 * 1000, node_type: 'reserved' },
      { path: '/end_at', rule: 'Unix seconds (this looks like milliseconds: divide by 1000)', value: HOUR_2026 * 1000 },
    ],
    [
      'an end given as a duration',
      { end_at: 7200, node_type: 'reserved' },
      {
        path: '/end_at',
        rule: 'a Unix time in seconds from 2020 on (toUnixSeconds makes one from a date)',
        value: 7200,
      },
    ],
    [
      'an end before the start',
      { start_at: HOUR_2026, end_at: HOUR_2026 - 3600, node_type: 'reserved' },
      { path: '/end_at', rule: `after start_at (${HOUR_2026})`, value: HOUR_2026 - 3600 },
    ],
    [
      'an end equal to the start',
      { start_at: HOUR_2026, end_at: HOUR_2026 },
      { path: '/end_at', rule: `after start_at (${HOUR_2026})`, value: HOUR_2026 },
    ],
    [
      'reserved nodes without an end',
      { node_type: 'reserved' },
      {
        path: '/end_at',
        rule: 'given for reserved nodes (an hour-aligned Unix time; leave node_type out for auto reserved nodes)',
        value: undefined,
      },
    ],
  ])('refuses %s, naming the field and the rule, and sends nothing', async (_what, fields, issue) => {
    const { sfc, requests } = clientWith(() => json(201, { object: 'list', data: [] }));
    const error = await rejectionOf(sfc.nodes.create({ ...base, ...fields }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([issue]);
    expect(requests).toHaveLength(0);
  });

  it.each<[string, Record<string, unknown>]>([
    ['auto reserved from now', {}],
    ['auto reserved from a start', { start_at: HOUR_2026 }],
    ['reserved for two hours', { start_at: HOUR_2026, end_at: HOUR_2026 + 7200, node_type: 'reserved' }],
    ['reserved until an end, from now', { end_at: HOUR_2026 + 3600 }],
  ])('sends %s', async (_what, fields) => {
    const { sfc, requests } = clientWith(() => json(201, { object: 'list', data: [] }));
    await sfc.nodes.create({ ...base, ...fields });
    expect(requests).toHaveLength(1);
  });

  it("lists its own problems with the schema's: times in milliseconds after the fake clock moved", async () => {
    // Milliseconds read off a clock that has moved are no longer a multiple of 3600, so the schema
    // refuses end_at; the hint that says why, and the start's own problem, come with it.
    const now = Date.UTC(2026, 0, 1, 0, 1); // a minute past the hour, in milliseconds
    const { sfc, requests } = clientWith(() => json(201, { object: 'list', data: [] }));
    const error = await rejectionOf(sfc.nodes.create({ ...base, node_type: 'reserved', start_at: now, end_at: now + 7_200_000 }));
    expect((error as ValidationError).issues).toEqual([
      { path: '/end_at', rule: 'a multiple of 3600', value: now + 7_200_000 },
      { path: '/start_at', rule: 'Unix seconds (this looks like milliseconds: divide by 1000)', value: now },
      { path: '/end_at', rule: 'Unix seconds (this looks like milliseconds: divide by 1000)', value: now + 7_200_000 },
    ]);
    expect(requests).toHaveLength(0);
  });

  it("lists an end before the start with the schema's problems", async () => {
    const { sfc } = clientWith(() => json(201, { object: 'list', data: [] }));
    const error = await rejectionOf(sfc.nodes.create({ ...base, start_at: HOUR_2026, end_at: HOUR_2026 - 1800, desired_count: 0 }));
    expect((error as ValidationError).issues).toEqual([
      { path: '/desired_count', rule: '>= 1', value: 0 },
      { path: '/end_at', rule: 'a multiple of 3600', value: HOUR_2026 - 1800 },
      { path: '/end_at', rule: `after start_at (${HOUR_2026})`, value: HOUR_2026 - 1800 },
    ]);
  });

  it.each<[string, unknown]>([
    ['a string', 'reserved'],
    ['an array', [1, 2]],
    ['null', null],
    ['times of the wrong type', { ...base, start_at: '2026-01-01', end_at: true, node_type: 7 }],
  ])("refuses a body that is %s with the schema's words, the rules beside it not failing on it", async (_what, body) => {
    const { sfc, requests } = clientWith(() => json(201, { object: 'list', data: [] }));
    const error = await rejectionOf(sfc.nodes.create(body as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.length).toBeGreaterThan(0);
    expect(requests).toHaveLength(0);
  });

  it('applies on the core entry too, and not with validateRequests: false', async () => {
    const fake = fakeFetch(() => json(201, { object: 'list', data: [] }));
    const core = new CoreSFCompute({ apiKey: KEY, baseUrl: 'https://api.test', fetch: fake.fetch });
    expect(await rejectionOf(core.nodes.create({ ...base, node_type: 'reserved' }))).toBeInstanceOf(ValidationError);
    expect(fake.requests).toHaveLength(0);
    await core.nodes.create({ ...base, node_type: 'reserved' }, { validateRequests: false });
    expect(fake.requests).toHaveLength(1);
  });
});
