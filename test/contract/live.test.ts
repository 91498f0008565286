// contract:live's tour, run here through `prism proxy openapi.yaml <upstream>` in front of a
// loopback server that plays the API, with one deliberate mismatch that must be reported.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { printTour, tour, violationsIn } from '../../scripts/contract-live.js';
import { type PrismServer, startPrism } from '../../scripts/prism.js';
import { SFCompute } from '../../src/index.js';
import { child, spec } from '../support/spec.js';
import { NODE } from '../unit/fake-fetch.js';

const example = (name: string) => child(spec, 'components', 'examples', name).value;
const zone = example('Zone');
const node = NODE;
const seenByUpstream: string[] = [];
let upstream: Server;
let prism: PrismServer;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seenByUpstream.push(`${req.method} ${req.url} auth=${req.headers.authorization ? 'yes' : 'no'}`);
    const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/v0/zones') return send({ object: 'list', data: [zone] });
    if (req.url === '/v1/balances') return send(example('Balance'));
    if (req.url === '/v1/account/me') return send(example('AccountMe'));
    if (req.url?.startsWith('/v0/quote?')) return send(example('Quote'));
    if (req.url === '/v1/nodes') return send({ object: 'list', data: [node] });
    // The deliberate mismatch: a GPU type the spec does not know, and no node_type.
    if (req.url?.startsWith('/v1/nodes/')) return send({ ...node, gpu_type: 'TPU', node_type: undefined });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  prism = await startPrism({ proxyTo: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
}, 60_000);

afterAll(async () => {
  await prism?.stop();
  upstream?.close();
});

it('reports the step whose response breaks the spec, and only that one', async () => {
  const pending: string[] = [];
  const sfc = new SFCompute({
    apiKey: 'sk_test_live_tour',
    baseUrl: prism.url,
    maxRetries: 0,
    validateRequests: false,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      pending.push(...(await violationsIn(response)));
      return response;
    },
  });
  const steps = await tour(sfc, () => pending.splice(0), undefined);
  expect(steps.map((s) => s.step)).toEqual([
    'zones.list',
    'balances.get',
    'account.me',
    'quotes.get',
    'nodes.list',
    'nodes.get(n_b1dc52505c6db142)',
  ]);
  expect(steps.slice(0, 5).map((s) => [s.status, s.violations])).toEqual(Array.from({ length: 5 }, () => [200, []]));
  expect(steps[5]!.violations.join('\n')).toMatch(/gpu_type/);
  expect(steps[5]!.violations.join('\n')).toMatch(/node_type/);
  expect(seenByUpstream).toEqual([
    'GET /v0/zones auth=yes',
    'GET /v1/balances auth=yes',
    'GET /v1/account/me auth=yes',
    'GET /v0/quote?side=buy&quantity=1&instance_type=h100v&duration=3600&min_start_date=NOW auth=yes',
    'GET /v1/nodes auth=yes',
    'GET /v1/nodes/n_b1dc52505c6db142 auth=yes',
  ]);
  const lines: string[] = [];
  expect(printTour(steps, (line) => lines.push(line))).toBe(1);
  expect(lines.at(-1)).toBe('1 step(s) did not match openapi.yaml.');
});
