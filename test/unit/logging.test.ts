// Log levels, SFC_LOG, and loggers as people use them: console-like, and a real pino instance
// (whose argument order differs: fields first). The key is in no line.
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, SFCompute } from '../../src/index.js';
import { KEY, NODE, clientWith, fakeFetch, json, rejectionOf } from './fake-fetch.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const EXTEND = { duration_seconds: 3600, max_price_per_node_hour: 1000 };

/** A console-like logger that records the level of each line. */
function recorder() {
  const lines: { level: string; message: string; fields: Record<string, unknown> | undefined }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('log levels', () => {
  it("writes each line at its level: debug for attempts, info for retries, warn for 'not retried', error for a failed call", async () => {
    const { lines, logger } = recorder();
    const answers = [() => json(503, {}), () => json(200, NODE, { 'x-request-id': 'req_7' })];
    const { sfc } = clientWith(() => answers.shift()!(), { logger });
    await sfc.nodes.get('n_1');
    expect(lines.map((l) => l.level)).toEqual(['debug', 'debug', 'info', 'debug', 'debug']);
    expect(lines[4]!.fields).toMatchObject({
      operation: 'getNode',
      attempt: 2,
      status: 200,
      requestId: 'req_7',
      durationMs: expect.any(Number) as number,
    });
    lines.length = 0;
    const busy = clientWith(() => json(503, { error: { type: 'api_error', message: 'busy' } }), { logger, logLevel: 'warn' });
    await rejectionOf(busy.sfc.nodes.extend('n_1', EXTEND));
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'sfcompute: extendNode: not retried, the server may have processed it'],
      ['error', 'sfcompute: InternalServerError: 503 PATCH /v1/nodes/{id}/extend (extendNode): busy'],
    ]);
    expect(lines[1]!.fields).toEqual({
      operation: 'extendNode',
      attempts: 1,
      status: 503,
      requestId: undefined,
      error: 'InternalServerError',
    });
  });

  it("writes nothing at 'off', even with a logger", async () => {
    const { lines, logger } = recorder();
    const { sfc } = clientWith(() => json(503, {}), { logger, logLevel: 'off' });
    await rejectionOf(sfc.nodes.get('n_1'));
    expect(lines).toEqual([]);
  });

  it('gives a level the logger lacks to its debug method', async () => {
    const lines: string[] = [];
    const { sfc } = clientWith(() => json(404, { error: { type: 'not_found', message: 'no' } }), {
      logger: { debug: (m: string) => void lines.push(m) },
      logLevel: 'error',
    });
    await rejectionOf(sfc.nodes.get('n_1'));
    expect(lines).toEqual(['sfcompute: NotFoundError: 404 GET /v1/nodes/{id} (getNode): no']);
  });
});

describe('SFC_LOG', () => {
  it('sets the level when the code does not, and a level without a logger writes to console', async () => {
    vi.stubEnv('SFC_LOG', 'info');
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const answers = [() => json(503, {}), () => json(200, NODE)];
    const fake = fakeFetch(() => answers.shift()!());
    const sfc = new SFCompute({ apiKey: KEY, baseUrl: 'https://api.test', fetch: fake.fetch, retryBaseDelayMs: 0 });
    await sfc.nodes.get('n_1');
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]![0]).toBe('sfcompute: getNode: retrying in 0 ms after HTTP 503 (retry 1 of 2)');
    expect(debug).not.toHaveBeenCalled();
  });

  it('loses to the logLevel option, and is refused when it names no level', () => {
    vi.stubEnv('SFC_LOG', 'loud');
    expect(() => new SFCompute({ apiKey: KEY })).toThrow(new ConfigurationError('SFC_LOG must be one of off, error, warn, info, debug'));
    expect(() => new SFCompute({ apiKey: KEY, logLevel: 'off' })).not.toThrow();
    expect(() => new SFCompute({ apiKey: KEY, logLevel: 'loud' as never })).toThrow(
      /logLevel must be one of off, error, warn, info, debug/,
    );
  });
});

describe('a real pino logger', () => {
  it('keeps every field (pino takes them first) and never the key', async () => {
    const records: Record<string, unknown>[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void records.push(JSON.parse(line) as Record<string, unknown>) });
    const answers = [() => json(503, { note: `echo ${KEY}` }), () => json(200, NODE, { 'x-request-id': 'req_9' })];
    const { sfc } = clientWith(() => answers.shift()!(), { logger });
    await sfc.nodes.get(`n_${KEY}`);
    expect(records.length).toBe(5);
    expect(records.map((r) => r.level)).toEqual([20, 20, 30, 20, 20]);
    expect(records[4]).toMatchObject({
      msg: expect.stringMatching(/^sfcompute: getNode: HTTP 200 in \d+ ms$/) as string,
      operation: 'getNode',
      attempt: 2,
      status: 200,
      requestId: 'req_9',
    });
    expect(records[2]).toMatchObject({ operation: 'getNode', attempt: 1, waitMs: 0, reason: 'HTTP 503' });
    expect(JSON.stringify(records)).not.toContain(KEY);
  });
});
