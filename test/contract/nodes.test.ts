import { describe, expect, it } from 'vitest';
import { UnprocessableEntityError, type CreateNodesParams, type ExtendNodeParams } from '../../src/index.js';
import { requestExample, responseExample } from '../support/spec.js';
import { expectDocumentedError, usePrism } from './harness.js';

const NODE = 'n_b1dc52505c6db142';

describe('nodes against the Prism mock of openapi.yaml', () => {
  const prism = usePrism();

  describe('GET /v1/nodes (nodes.list)', () => {
    it('returns the documented list', async () => {
      const list = await prism.client().nodes.list();
      expect(list).toEqual(responseExample('/v1/nodes', 'get', 200));
    });

    it('sends id filters as repeated keys the spec accepts', async () => {
      await prism.client().nodes.list({ id: [NODE, 'n_b1dc52505c6db133'] });
      expect(new URL(prism.exchanges[0]!.url).search).toBe(`?id=${NODE}&id=n_b1dc52505c6db133`);
    });

    it('sends a type filter the spec accepts', async () => {
      await prism.client().nodes.list({ type: 'reserved' });
      expect(new URL(prism.exchanges[0]!.url).search).toBe('?type=reserved');
    });
  });

  describe('POST /v1/nodes (nodes.create)', () => {
    it('creates from the documented auto reserved body and returns the documented list', async () => {
      const body = requestExample('/v1/nodes', 'post', 'autoreserved') as CreateNodesParams;
      const created = await prism.client().nodes.create(body);
      expect(created).toEqual(responseExample('/v1/nodes', 'post', 201));
      expect(JSON.parse(prism.exchanges[0]!.requestBody!)).toEqual(body);
    });

    it('creates reserved nodes with an hour-aligned end_at', async () => {
      const body = requestExample('/v1/nodes', 'post', 'reserved') as CreateNodesParams;
      const created = await prism.client().nodes.create(body);
      expect(created).toEqual(responseExample('/v1/nodes', 'post', 201));
      expect(JSON.parse(prism.exchanges[0]!.requestBody!)).toEqual(body);
    });
  });

  describe('GET /v1/nodes/{id} (nodes.get)', () => {
    it('returns the documented node', async () => {
      const node = await prism.client().nodes.get(NODE);
      expect(node).toEqual(responseExample('/v1/nodes/{id}', 'get', 200));
    });

    it('accepts a node name as id', async () => {
      const node = await prism.client().nodes.get('cuda-crunch');
      expect(node.name).toBe('cuda-crunch');
      expect(prism.exchanges[0]!.url).toMatch(/\/v1\/nodes\/cuda-crunch$/);
    });
  });

  describe('DELETE /v1/nodes/{id} (nodes.delete)', () => {
    it('resolves with nothing on 204', async () => {
      await expect(prism.client().nodes.delete(NODE)).resolves.toBeUndefined();
      expect(prism.exchanges.map((e) => [e.method, e.status])).toEqual([['DELETE', 204]]);
    });
  });

  describe('PATCH /v1/nodes/{id}/extend (nodes.extend)', () => {
    const body: ExtendNodeParams = { duration_seconds: 7200, max_price_per_node_hour: 1000 };

    it('returns the documented node', async () => {
      const node = await prism.client().nodes.extend(NODE, body);
      expect(node).toEqual(responseExample('/v1/nodes/{id}/extend', 'patch', 200));
    });

    it('throws UnprocessableEntityError with details on the documented 422', async () => {
      const error = await expectDocumentedError(prism.client().nodes.extend(NODE, body, prism.code(422)), UnprocessableEntityError, {
        path: '/v1/nodes/{id}/extend',
        method: 'patch',
        status: 422,
      });
      expect(error.details?.[0]?.field).toBe('duration_seconds');
    });
  });

  describe('PUT /v1/nodes/{id}/redeploy (nodes.redeploy)', () => {
    it('returns the documented node', async () => {
      const body = requestExample('/v1/nodes/{id}/redeploy', 'put', 'newImage') as object;
      const node = await prism.client().nodes.redeploy(NODE, body);
      expect(node).toEqual(responseExample('/v1/nodes/{id}/redeploy', 'put', 200));
    });

    it('sends an empty object when called without a body', async () => {
      await prism.client().nodes.redeploy(NODE);
      expect(prism.exchanges[0]!.requestBody).toBe('{}');
    });
  });

  describe('PATCH /v1/nodes/{id}/release (nodes.release)', () => {
    it('returns the documented node', async () => {
      const node = await prism.client().nodes.release(NODE);
      expect(node).toEqual(responseExample('/v1/nodes/{id}/release', 'patch', 200));
      expect(prism.exchanges[0]!.requestBody).toBe('{}');
    });

    it('is accepted by the spec without a body too (sfc.raw sends none)', async () => {
      const sfc = prism.client();
      const { response } = await sfc.raw.PATCH('/v1/nodes/{id}/release', { params: { path: { id: NODE } } });
      expect(response.status).toBe(200);
      expect(prism.exchanges[0]!.requestBody).toBeUndefined();
    });
  });
});
