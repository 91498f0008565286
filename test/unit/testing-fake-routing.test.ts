// The fake API answers only the paths the API has: a doubled version segment or a stray prefix in
// a base URL is a bug in the caller's configuration, and must not be answered as if it worked.
import { describe, expect, it } from 'vitest';
import { NotFoundError, SFCompute } from '../../src/index.js';
import { createFakeSFCompute } from './checked-fake.js';
import { rejectionOf } from './fake-fetch.js';

const auth = { headers: { authorization: 'Bearer k' } };

describe('fake API: routing', () => {
  it.each(['/v1/v1/nodes', '/api/v1/nodes', '/v1/nodes/', '/v1/nodes//', '/V1/nodes'])(
    'does not answer %s as an operation',
    async (path) => {
      const fake = createFakeSFCompute();
      const response = await fake.fetch(`https://api.sfcompute.com${path}`, auth);
      expect(response.status).toBe(404);
      expect(fake.requests[0]).toMatchObject({ operation: undefined, modelled: false });
    },
  );

  it.each(['/v1/nodes/%E0', '/v1/nodes/%zz', '/v1/nodes/n_1%/extend'])(
    'answers a path parameter with a malformed escape, %s, as a path the API does not have',
    async (path) => {
      const fake = createFakeSFCompute();
      const response = await fake.fetch(`https://api.sfcompute.com${path}`, path.endsWith('extend') ? { ...auth, method: 'PATCH' } : auth);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('not a valid percent-encoding');
      expect(fake.requests[0]).toMatchObject({ operation: undefined, modelled: false });
    },
  );

  it('gives a client whose base URL carries a path the fake was not told of a 404 that says why, not the node list', async () => {
    const fake = createFakeSFCompute();
    const sfc = new SFCompute({ apiKey: 'k', fetch: fake.fetch, baseUrl: 'https://api.sfcompute.com/api' });
    const error = await rejectionOf(sfc.nodes.list());
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('It ends with the path of listNodes (/v1/nodes)');
  });

  it('answers under the base URL it was given, and only there', async () => {
    const fake = createFakeSFCompute({ baseUrl: 'https://proxy.test/sfc/' });
    expect(fake.baseUrl).toBe('https://proxy.test/sfc');
    const sfc = new SFCompute({ apiKey: 'k', fetch: fake.fetch, baseUrl: 'https://proxy.test/sfc' });
    expect((await sfc.zones.list()).data).toHaveLength(1);
    for (const url of ['https://proxy.test/v0/zones', 'https://api.sfcompute.com/sfc/v0/zones', 'https://proxy.test/sfc/sfc/v0/zones']) {
      expect((await fake.fetch(url, auth)).status, url).toBe(404);
    }
    expect(fake.requests.map((r) => r.operation)).toEqual(['listZones', undefined, undefined, undefined]);
  });

  it('refuses a base URL that is not one', () => {
    expect(() => createFakeSFCompute({ baseUrl: 'proxy.test/sfc' })).toThrow('baseUrl');
  });
});
