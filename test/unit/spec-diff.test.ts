// The spec:diff classifier on small before/after pairs: what breaks a client and what does not.
import { describe, expect, it } from 'vitest';
import { classifyChanges, report } from '../../scripts/spec-diff.mjs';

/** A field schema, as these tests write them. */
interface Field {
  type: string;
  enum?: string[];
  minimum?: number;
  const?: string;
}

/** The object schema `thing()` builds. */
interface Thing {
  type: 'object';
  required: string[];
  properties: Record<string, Field>;
}

/** The operation of the spec `spec()` builds. */
interface Operation {
  operationId: string;
  'x-idempotent': boolean;
  parameters?: object[];
  description?: string;
  requestBody: object;
  responses: Record<string, object>;
}

/** The spec `spec()` builds. */
interface Spec {
  openapi: string;
  info: object;
  paths: { '/things': { post: Operation }; [path: string]: unknown };
  security?: object[];
}

/** A one-operation spec: POST /things with a body and a 200 response, both built from `parts`. */
function spec(parts: { request?: object; response?: object; parameters?: object[]; extraPaths?: object; idempotent?: boolean } = {}): Spec {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things': {
        post: {
          operationId: 'buyThing',
          'x-idempotent': parts.idempotent ?? false,
          parameters: parts.parameters ?? [],
          requestBody: { required: true, content: { 'application/json': { schema: parts.request ?? thing() } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: parts.response ?? thing() } } } },
        },
      },
      ...parts.extraPaths,
    },
  };
}

function thing(extra: object = {}, required = ['name']): Thing {
  return {
    type: 'object',
    required,
    properties: { name: { type: 'string' }, size: { type: 'string', enum: ['s', 'm'] }, count: { type: 'integer', minimum: 1 } },
    ...extra,
  };
}

const verdicts = (before: Spec, after: Spec) => classifyChanges(before, after).map((c) => `${c.severity}: ${c.where}: ${c.message}`);

describe('spec:diff classifier', () => {
  it('sees no change between equal specs', () => {
    expect(classifyChanges(spec(), spec())).toEqual([]);
  });

  it('operations: removed is breaking, added is not', () => {
    const extra = { '/other': { get: { operationId: 'other', responses: { '200': { description: 'ok' } } } } };
    expect(verdicts(spec({ extraPaths: extra }), spec())).toEqual(['breaking: operation: operation removed']);
    expect(verdicts(spec(), spec({ extraPaths: extra }))).toEqual(['non-breaking: operation: operation added']);
  });

  it('a new required request field breaks; a new required response field does not', () => {
    expect(verdicts(spec(), spec({ request: thing({}, ['name', 'count']) }))).toEqual(['breaking: request: now required: count']);
    expect(verdicts(spec(), spec({ response: thing({}, ['name', 'count']) }))).toEqual(['non-breaking: response 200: now required: count']);
  });

  it('a field removed breaks on either side; a field added does not', () => {
    const without = thing();
    delete without.properties.count;
    expect(verdicts(spec(), spec({ request: without }))).toEqual(['breaking: request: field count removed']);
    expect(verdicts(spec(), spec({ response: without }))).toEqual(['breaking: response 200: field count removed']);
    const more = thing();
    more.properties.colour = { type: 'string' };
    expect(verdicts(spec(), spec({ response: more }))).toEqual(['non-breaking: response 200: field colour added']);
  });

  it('enums: narrowed breaks what we send, widened breaks what we read', () => {
    const narrowed = thing();
    narrowed.properties.size!.enum = ['s'];
    const widened = thing();
    widened.properties.size!.enum = ['s', 'm', 'l'];
    expect(verdicts(spec(), spec({ request: narrowed }))).toEqual(['breaking: request size: enum value "m" removed']);
    expect(verdicts(spec(), spec({ request: widened }))).toEqual(['non-breaking: request size: enum value "l" added']);
    expect(verdicts(spec(), spec({ response: widened }))).toEqual(['breaking: response 200 size: enum value "l" added']);
    expect(verdicts(spec(), spec({ response: narrowed }))).toEqual(['non-breaking: response 200 size: enum value "m" removed']);
  });

  it('a type change breaks', () => {
    const retyped = thing();
    retyped.properties.count!.type = 'string';
    expect(verdicts(spec(), spec({ response: retyped }))).toEqual(['breaking: response 200 count: type "integer" → "string"']);
  });

  it('a tighter request rule breaks; a looser one, or one on a response, does not', () => {
    const tighter = thing();
    tighter.properties.count!.minimum = 5;
    expect(verdicts(spec(), spec({ request: tighter }))).toEqual(['breaking: request count: minimum 1 → 5']);
    expect(verdicts(spec(), spec({ response: tighter }))).toEqual(['non-breaking: response 200 count: minimum 1 → 5']);
    const looser = thing();
    delete looser.properties.count!.minimum;
    expect(verdicts(spec(), spec({ request: looser }))).toEqual(['non-breaking: request count: minimum removed (was 1)']);
  });

  it('a field named like a keyword is still a field', () => {
    const renamed = thing();
    renamed.properties.description = { type: 'string' };
    const retyped = structuredClone(renamed);
    retyped.properties.description!.type = 'integer';
    expect(verdicts(spec({ response: renamed }), spec({ response: retyped }))).toEqual([
      'breaking: response 200 description: type "string" → "integer"',
    ]);
  });

  it('a success response removed breaks; an error response removed does not', () => {
    const withError = spec();
    withError.paths['/things'].post.responses['409'] = { description: 'conflict' };
    expect(verdicts(withError, spec())).toEqual(['non-breaking: response 409: response removed']);
    const moved = spec();
    moved.paths['/things'].post.responses = { '204': { description: 'done' } };
    expect(verdicts(spec(), moved)).toContain('breaking: response 200: response removed');
  });

  it('a looser request rule does not break; a response const that goes away does', () => {
    const looser = thing();
    looser.properties.count!.minimum = 0;
    expect(verdicts(spec(), spec({ request: looser }))).toEqual(['non-breaking: request count: minimum 1 → 0']);
    const pinned = thing();
    pinned.properties.name!.const = 'x';
    expect(verdicts(spec({ response: pinned }), spec())).toEqual(['breaking: response 200 name: const removed (was "x")']);
  });

  it('a parameter list that appears is classified parameter by parameter', () => {
    const before = spec();
    delete before.paths['/things'].post.parameters;
    const after = spec({ parameters: [{ name: 'zone', in: 'query', required: false, schema: { type: 'string' } }] });
    expect(verdicts(before, after)).toEqual(['non-breaking: parameter zone: optional query parameter added']);
  });

  it('a change of authentication is breaking', () => {
    const secured = spec();
    secured.security = [{ bearer_auth: [] }];
    expect(verdicts(spec(), secured)).toEqual(['breaking: security: security changed: — → [{"bearer_auth":[]}]']);
  });

  it('parameters: a new required one breaks, a new optional one does not', () => {
    const p = (required: boolean) => ({ name: 'zone', in: 'query', required, schema: { type: 'string' } });
    expect(verdicts(spec(), spec({ parameters: [p(true)] }))).toEqual(['breaking: parameter zone: required query parameter added']);
    expect(verdicts(spec(), spec({ parameters: [p(false)] }))).toEqual(['non-breaking: parameter zone: optional query parameter added']);
  });

  it('documentation changes are reported apart; an x-idempotent change is flagged for review', () => {
    const described = spec();
    described.paths['/things'].post.description = 'Buys a thing.';
    expect(classifyChanges(spec(), described).map((c) => c.severity)).toEqual(['annotation']);
    expect(verdicts(spec(), spec({ idempotent: true }))).toEqual([
      'breaking: retry policy: x-idempotent false → true: review which failures are retried',
    ]);
  });

  it('reports in groups a reviewer can paste', () => {
    const text = report(classifyChanges(spec(), spec({ request: thing({}, ['name', 'count']) })));
    expect(text).toBe('Breaking (1)\n  - POST /things · request: now required: count\nNot breaking (0)\nDocumentation only (0)');
  });
});
