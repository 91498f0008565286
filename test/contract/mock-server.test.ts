// sfcompute-client/testing's startMockServer: Prism on the packaged openapi.yaml (found above the
// module itself), and a clear error when Prism is not installed.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError, SFCompute } from '../../src/index.js';
import { startMockServer } from '../../src/testing.js';

describe('startMockServer', () => {
  const empty = mkdtempSync(join(tmpdir(), 'sfc-no-prism-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('exports the spec as sfcompute-client/openapi.yaml', () => {
    expect(createRequire(join(process.cwd(), 'x.js')).resolve('sfcompute-client/openapi.yaml')).toBe(join(process.cwd(), 'openapi.yaml'));
  });

  it('serves the packaged openapi.yaml, checks requests against it, and stops on close', async () => {
    const mock = await startMockServer();
    try {
      expect(mock.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const sfc = new SFCompute({ apiKey: 'test', baseUrl: mock.baseUrl, maxRetries: 0 });
      expect((await sfc.zones.get('hayesvalley')).name).toBe('hayesvalley');
      // With errors on (the default), a request that breaks the spec is refused by Prism itself.
      const { response } = await sfc.raw.PATCH('/v1/nodes/{id}/extend', {
        params: { path: { id: 'n_1' } },
        body: { duration_seconds: 5 } as never,
      });
      expect(response.status).toBe(422);
    } finally {
      await mock.close();
    }
    await expect(fetch(`${mock.baseUrl}/v0/zones`)).rejects.toThrow();
  });

  it('names the missing package when Prism cannot be found', async () => {
    const error = await startMockServer({ resolveFrom: empty, specPath: join(process.cwd(), 'openapi.yaml') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('@stoplight/prism-cli');
    expect((error as Error).message).toContain('npm install --save-dev @stoplight/prism-cli');
  });

  it('finds the packaged spec by its own place, not from resolveFrom (only Prism is looked up there)', async () => {
    const error = await startMockServer({ resolveFrom: empty }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('needs @stoplight/prism-cli');
  });
});
