// The API key must not leak through any error or through the client object itself.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SFCompute } from '../../src/index.js';
import { KEY, clientWith, hangUntilAborted, json, rejectionOf } from './fake-fetch.js';

function everyRendering(value: unknown): Record<string, string> {
  const error = value as Error;
  return {
    message: String(error.message),
    toString: String(value),
    json: JSON.stringify(value),
    inspect: inspect(value, { depth: 10, showHidden: true }),
    stack: String(error.stack),
  };
}

// Each scenario makes the client throw a different kind of error.
const scenarios: Array<[string, () => Promise<unknown>]> = [
  ['an API error echoing the request', () => clientWith((r) => json(401, { error: { type: 'authentication_error', message: `bad token for ${r.url}` } })).sfc.nodes.list()],
  ['an HTML error page', () => clientWith(() => new Response('<h1>denied</h1>', { status: 403 })).sfc.nodes.list()],
  ['a malformed 200', () => clientWith(() => new Response('{', { status: 200 })).sfc.nodes.get('n_1')],
  [
    'a fetch that puts the request headers in its error',
    () =>
      clientWith((request) => {
        throw new Error(`proxy refused ${JSON.stringify(Object.fromEntries(request.headers))}`);
      }).sfc.nodes.list(),
  ],
  [
    'a fetch that rejects with a non-Error holding the key',
    () =>
      clientWith((request) => {
        throw { headers: Object.fromEntries(request.headers) };
      }).sfc.nodes.list(),
  ],
  ['a timeout', () => clientWith(hangUntilAborted).sfc.nodes.list(undefined, { timeoutMs: 10 })],
  ['a validation error', () => clientWith().sfc.nodes.get('..')],
];

describe('the API key never appears in an error', () => {
  it.each(scenarios)('%s', async (_name, run) => {
    const error = await rejectionOf(run());
    expect(error).toBeInstanceOf(Error);
    for (const [how, text] of Object.entries(everyRendering(error))) {
      expect(text, how).not.toContain(KEY);
    }
  });

  it('masks the key in a cause that contained it, keeping the rest of the text', async () => {
    const error = (await rejectionOf(scenarios[3]![1]())) as Error;
    expect(String((error.cause as Error).message)).toContain('[redacted]');
    expect(error.message).toContain('proxy refused');
  });
});

describe('the API key never appears in the client object', () => {
  it('is absent from util.inspect, JSON.stringify and the enumerable keys', () => {
    const sfc = new SFCompute({ apiKey: KEY });
    expect(inspect(sfc, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(sfc)).not.toContain(KEY);
    expect(JSON.stringify(Object.entries(sfc))).not.toContain(KEY);
  });
});
