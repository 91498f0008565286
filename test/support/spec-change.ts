// An additive change to openapi.yaml, as the API's next version might bring: a new optional field on
// a schema no seed page describes (ZoneInfo), a new GET on an existing resource (zones.history) and
// a new POST on a new resource (alerts.create), each with x-sfc-method and x-idempotent. Used by
// test/contract/spec-change.test.ts; `npx tsx test/support/spec-change.ts out.yaml` writes it, to
// try `npm run spec:update -- out.yaml` by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

export type Spec = {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};

/** openapi.yaml with the change applied. */
export function additiveChange(spec: Spec): Spec {
  const changed = structuredClone(spec);
  changed.components.schemas.ZoneInfo!.properties.timezone = {
    type: 'string',
    description: "The zone's local time zone (a made-up field of this test).",
    example: 'America/Los_Angeles',
  };
  const zoneId = structuredClone((changed.paths['/v0/zones/{id}']!.get as { parameters: unknown[] }).parameters);
  changed.paths['/v0/zones/{id}/history'] = {
    get: {
      operationId: 'getZoneHistory',
      'x-sfc-method': 'zones.history',
      'x-idempotent': true,
      tags: ['Zones'],
      summary: 'Get a zone history',
      description: 'Free capacity of a zone hour by hour (a made-up operation of this test).',
      parameters: zoneId,
      responses: {
        '200': {
          description: 'The history.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['object', 'data'],
                properties: { object: { type: 'string', const: 'list' }, data: { type: 'array', items: { type: 'integer', minimum: 0 } } },
              },
              examples: { week: { value: { object: 'list', data: [32, 30, 28] } } },
            },
          },
        },
        '401': { $ref: '#/components/responses/Unauthorized' },
      },
    },
  };
  changed.paths['/v1/alerts'] = {
    post: {
      operationId: 'createAlert',
      'x-sfc-method': 'alerts.create',
      'x-idempotent': false,
      tags: ['Account'],
      summary: 'Create a spending alert',
      description: 'Tells the account when its balance falls under a threshold (a made-up operation of this test).',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['threshold_cents'],
              properties: { threshold_cents: { type: 'integer', minimum: 1 } },
            },
            examples: { low: { value: { threshold_cents: 10000 } } },
          },
        },
      },
      responses: {
        '201': {
          description: 'The alert.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'threshold_cents'],
                properties: {
                  id: { type: 'string', pattern: '^alert_', 'x-pattern-rule': 'an alert ID (alert_…)' },
                  threshold_cents: { type: 'integer' },
                },
              },
              examples: { made: { value: { id: 'alert_1', threshold_cents: 10000 } } },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
      },
    },
  };
  return changed;
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2]) {
  const spec = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as Spec;
  writeFileSync(process.argv[2], stringify(additiveChange(spec)));
}
