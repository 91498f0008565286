// scripts/schema-shape.mjs: every spelling of a schema that spec:drift must read alike.
import { describe, expect, it } from 'vitest';
import { deref, shapeOf } from '../../scripts/schema-shape.mjs';

const doc = {
  components: {
    schemas: {
      Id: { type: 'string', pattern: '^n_' },
      Alias: { $ref: '#/components/schemas/Id' },
      'a/b': { type: 'boolean' },
      Loop: { $ref: '#/components/schemas/Loop' },
      Card: { type: 'object', properties: { type: { const: 'card' }, last4: { type: 'string' } } },
      Refund: { type: 'object', properties: { type: { enum: ['refund'] }, amount: { type: 'integer' } } },
    },
  },
};

describe('shapeOf: null, whichever way it is written', () => {
  const rows: [string, unknown, string[], boolean][] = [
    ['3.0 nullable: true', { type: 'string', nullable: true }, ['string'], true],
    ['3.1 type list', { type: ['string', 'null'] }, ['string'], true],
    ['anyOf with a null branch', { anyOf: [{ type: 'null' }, { $ref: '#/components/schemas/Id' }] }, ['string'], true],
    ['oneOf with a null branch', { oneOf: [{ type: 'string' }, { type: 'null' }] }, ['string'], true],
    ['enum holding null', { type: 'string', enum: ['a', null] }, ['string'], true],
    ['nullable in the null-branch union', { anyOf: [{ type: 'integer', nullable: true }, { enum: [null] }] }, ['integer'], true],
    ['plain string', { type: 'string' }, ['string'], false],
    ['nullable: false', { type: 'string', nullable: false }, ['string'], false],
    ['two types and null', { type: ['string', 'integer', 'null'] }, ['integer', 'string'], true],
  ];
  it.each(rows)('%s', (_name, schema, types, nullable) => {
    const shape = shapeOf(schema, doc);
    expect(shape.types).toEqual(types);
    expect(shape.nullable).toBe(nullable);
  });
});

describe('shapeOf: types, values and rules', () => {
  it('reads const as a one-value enum, and null out of an enum', () => {
    expect(shapeOf({ const: 'list' }, doc).enum).toEqual(['list']);
    expect(shapeOf({ enum: ['a', null, 'b'] }, doc).enum).toEqual(['a', 'b']);
    expect(shapeOf({ type: 'string' }, doc).enum).toBeUndefined();
  });

  it('infers the type a schema without `type` implies', () => {
    const rows: [unknown, string[]][] = [
      [{ properties: { a: {} } }, ['object']],
      [{ items: { type: 'string' } }, ['array']],
      [{ enum: [1, 2] }, ['integer']],
      [{ enum: [1.5, 'x'] }, ['number', 'string']],
      [{ description: 'anything' }, []],
    ];
    for (const [schema, types] of rows) expect(shapeOf(schema, doc).types).toEqual(types);
  });

  it('gives a union the types of its branches', () => {
    expect(shapeOf({ oneOf: [{ type: 'string', const: 'node_count' }, { type: 'integer' }] }, doc).types).toEqual(['integer', 'string']);
  });

  it("reads 3.0's boolean exclusiveMinimum as 3.1's number", () => {
    expect(shapeOf({ type: 'integer', minimum: 0, exclusiveMinimum: true }, doc).rules).toEqual({ exclusiveMinimum: 0 });
    expect(shapeOf({ type: 'integer', minimum: 0, exclusiveMinimum: false }, doc).rules).toEqual({ minimum: 0 });
    expect(shapeOf({ type: 'integer', exclusiveMinimum: 0 }, doc).rules).toEqual({ exclusiveMinimum: 0 });
  });

  it('keeps only the rule keywords', () => {
    expect(shapeOf({ type: 'string', pattern: '^a', maxLength: 3, description: 'd', example: 'a' }, doc).rules).toEqual({
      pattern: '^a',
      maxLength: 3,
    });
  });
});

describe('shapeOf: unions', () => {
  it('names branches by the property each fixes to one value, whatever spelling fixes it', () => {
    const shape = shapeOf({ oneOf: [{ $ref: '#/components/schemas/Card' }, { $ref: '#/components/schemas/Refund' }] }, doc);
    expect(shape.variants?.by).toBe('type');
    expect(shape.variants?.list.map((v) => v.key)).toEqual(['type=card', 'type=refund']);
  });

  it('names them by position when no property tells them apart', () => {
    const shape = shapeOf({ anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'number' } }] }, doc);
    expect(shape.variants?.by).toBeNull();
    expect(shape.variants?.list.map((v) => v.key)).toEqual(['#0', '#1']);
  });
});

describe('deref', () => {
  it('follows a chain of refs, escaped names included, and lays sibling keywords over the target', () => {
    expect(deref({ $ref: '#/components/schemas/Alias' }, doc).schema).toEqual({ type: 'string', pattern: '^n_' });
    expect(deref({ $ref: '#/components/schemas/a~1b' }, doc).schema).toEqual({ type: 'boolean' });
    expect(deref({ $ref: '#/components/schemas/Id', pattern: '^vm_' }, doc).schema).toEqual({ type: 'string', pattern: '^vm_' });
  });

  it('names a ref that leads nowhere or outside the document, and stops at a ref to itself', () => {
    expect(deref({ $ref: '#/components/schemas/Nope' }, doc).unresolved).toBe('#/components/schemas/Nope');
    expect(deref({ $ref: 'other.yaml#/Node' }, doc).unresolved).toBe('other.yaml#/Node');
    expect(deref({ $ref: '#/components/schemas/Loop' }, doc).refs).toEqual(['#/components/schemas/Loop']);
  });
});
