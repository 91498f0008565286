// scripts/request-shapes.mjs: what the fake API reads from the spec to parse requests.
import { describe, expect, it } from 'vitest';
import { buildRequestShapes, renderRequestShapesModule } from '../../scripts/request-shapes.mjs';

const spec = {
  components: {
    parameters: { Limit: { name: 'limit', in: 'query', schema: { type: ['integer', 'null'] } } },
    schemas: {
      Ids: { type: 'array', items: { type: 'string' } },
      Bad: { type: 'object', properties: { error: { type: 'object' } } },
      TokenShape: { type: 'object', properties: { object: { enum: ['error'] }, code: { type: 'string' } } },
      Taken: { allOf: [{ $ref: '#/components/schemas/TokenShape' }], properties: { code: { const: 'thing.taken' } } },
    },
    requestBodies: { Empty: { required: false, content: { 'application/json': { schema: { type: 'object' } } } } },
  },
  paths: {
    '/things': {
      parameters: [{ name: 'flag', in: 'query', schema: { type: 'boolean' } }],
      get: {
        operationId: 'listThings',
        parameters: [
          { $ref: '#/components/parameters/Limit' },
          { name: 'id', in: 'query', schema: { $ref: '#/components/schemas/Ids' } },
          { name: 'name', in: 'query', schema: { type: 'string' } },
          { name: 'x-trace', in: 'header', schema: { type: 'integer' } },
        ],
        responses: {
          '200': {},
          '400': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Bad' } } } },
          '500': {},
        },
      },
      post: {
        operationId: 'makeThing',
        requestBody: { required: true, content: { 'application/json': { schema: {} } } },
        responses: {
          '201': {},
          '409': { content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Taken' }, { type: 'object' }] } } } },
        },
      },
      patch: { operationId: 'touchThing', requestBody: { $ref: '#/components/requestBodies/Empty' }, responses: { '200': {} } },
    },
  },
};

describe('request shapes from the spec', () => {
  it('reads query kinds (through $refs, path-level parameters included, headers left out), optional bodies and the body kind of each error status', () => {
    expect(buildRequestShapes(spec)).toEqual({
      queryKinds: {
        listThings: { flag: 'boolean', limit: 'number', id: 'array' },
        makeThing: { flag: 'boolean' },
        touchThing: { flag: 'boolean' },
      },
      optionalBodies: ['touchThing'],
      errorBodies: { listThings: { '400': 'envelope', '500': 'none' }, makeThing: { '409': { token: 'thing.taken' } }, touchThing: {} },
    });
  });

  it('renders a module with the three tables', () => {
    const text = renderRequestShapesModule(buildRequestShapes(spec));
    expect(text).toContain("  listThings: { flag: 'boolean', limit: 'number', id: 'array' },");
    expect(text).toContain("export const optionalBodies: readonly string[] = ['touchThing'];");
    expect(text).toContain("  makeThing: { '409': { token: 'thing.taken' } },");
    expect(text).toContain("  listThings: { '400': 'envelope', '500': 'none' },");
  });
});
