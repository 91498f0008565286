import { describe, expect, it } from 'vitest';
import { BadRequestError, type CreateProcurementParams, type UpdateProcurementParams } from '../../src/index.js';
import { requestExample, responseExample } from '../support/spec.js';
import { expectDocumentedError, usePrism } from './harness.js';

const PROC = 'proc_k3R-nX9vLm7Qp2Yw5Jd8F';
const WORKSPACE = 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F';

describe('procurements against the Prism mock of openapi.yaml', () => {
  const prism = usePrism();

  describe('GET /v2/procurements (procurements.list)', () => {
    it('returns the documented page', async () => {
      const page = await prism.client().procurements.list({ workspace: WORKSPACE });
      expect(page).toEqual(responseExample('/v2/procurements', 'get', 200));
    });

    it('sends paging, capacity and expand parameters the spec accepts', async () => {
      await prism.client().procurements.list({
        workspace: 'sfc:workspace:acme:prod',
        capacity: 'cap_k3R-nX9vLm7Qp2Yw5Jd8F',
        limit: 10,
        starting_after: 'procc_gqXR7s0Kj5mHvE2wNpLc4Q',
        expand: ['capacity'],
      });
      const query = new URL(prism.exchanges[0]!.url).searchParams;
      expect(query.get('workspace')).toBe('sfc:workspace:acme:prod');
      expect(query.get('limit')).toBe('10');
      expect(query.getAll('expand')).toEqual(['capacity']);
    });
  });

  describe('POST /v2/procurements (procurements.create)', () => {
    const body = requestExample('/v2/procurements', 'post', 'trackNodes') as CreateProcurementParams;

    it('returns the documented procurement', async () => {
      const created = await prism.client().procurements.create(body);
      expect(created).toEqual(responseExample('/v2/procurements', 'post', 201));
    });

    it('accepts an integer target and no name', async () => {
      const { name: _name, ...rest } = body;
      await prism.client().procurements.create({ ...rest, target: 4 });
      expect(JSON.parse(prism.exchanges[0]!.requestBody!)).toMatchObject({ target: 4 });
    });

    it('throws BadRequestError on the documented 400 (duplicate name)', async () => {
      const error = await expectDocumentedError(prism.client().procurements.create(body, prism.code(400)), BadRequestError, {
        path: '/v2/procurements',
        method: 'post',
        status: 400,
      });
      expect(error.details?.[0]?.code).toBe('duplicate_name');
    });
  });

  describe('GET /v2/procurements/{id} (procurements.get)', () => {
    it('returns the documented procurement by id', async () => {
      const found = await prism.client().procurements.get(PROC);
      expect(found).toEqual(responseExample('/v2/procurements/{id}', 'get', 200));
    });

    it('accepts a resource path as id, percent-encoded in the URL', async () => {
      await prism.client().procurements.get('sfc:procurement:acme:prod:my-procurement', { expand: ['capacity'] });
      expect(prism.exchanges[0]!.url).toContain('/v2/procurements/sfc%3Aprocurement%3Aacme%3Aprod%3Amy-procurement?expand=capacity');
    });
  });

  describe('PATCH /v2/procurements/{id} (procurements.update)', () => {
    const body = requestExample('/v2/procurements/{id}', 'patch', 'update') as UpdateProcurementParams;

    it('returns the documented procurement', async () => {
      const updated = await prism.client().procurements.update(PROC, body);
      expect(updated).toEqual(responseExample('/v2/procurements/{id}', 'patch', 200));
    });

    it('sends nulls and single fields the spec accepts', async () => {
      await prism.client().procurements.update(PROC, { enabled: false, name: null, managed_window_minutes: 60 });
      expect(JSON.parse(prism.exchanges[0]!.requestBody!)).toEqual({ enabled: false, name: null, managed_window_minutes: 60 });
    });
  });

  describe('DELETE /v2/procurements/{id} (procurements.delete)', () => {
    it('resolves with nothing on 204', async () => {
      await expect(prism.client().procurements.delete(PROC)).resolves.toBeUndefined();
      expect(prism.exchanges.map((e) => [e.method, e.status])).toEqual([['DELETE', 204]]);
    });
  });
});
