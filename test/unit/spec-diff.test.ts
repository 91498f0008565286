// The spec:diff classifier on small before/after pairs: what breaks a client and what does not.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { updateChangelog } from '../../scripts/changelog.mjs';
import { GENERATED_METHODS_FILE, classifyChanges, report, summarizeAdded, whereToLook } from '../../scripts/spec-diff.mjs';

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
  'x-sfc-method': string;
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
          'x-sfc-method': 'things.buy',
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

  it('enums: narrowed breaks what we send and what typed code reads, widened breaks what we read', () => {
    const narrowed = thing();
    narrowed.properties.size!.enum = ['s'];
    const widened = thing();
    widened.properties.size!.enum = ['s', 'm', 'l'];
    expect(verdicts(spec(), spec({ request: narrowed }))).toEqual(['breaking: request size: enum value "m" removed']);
    expect(verdicts(spec(), spec({ request: widened }))).toEqual(['non-breaking: request size: enum value "l" added']);
    expect(verdicts(spec(), spec({ response: widened }))).toEqual(['breaking: response 200 size: enum value "l" added']);
    // A value a response no longer has: code comparing against it stops compiling.
    expect(verdicts(spec(), spec({ response: narrowed }))).toEqual(['breaking: response 200 size: enum value "m" removed']);
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
    // The operation's first query is a new argument before the options: that alone is breaking.
    expect(verdicts(before, after)).toEqual([
      'non-breaking: parameter zone: optional query parameter added',
      "breaking: client method: arguments (body) → (body, query?): callers' arguments would shift",
    ]);
  });

  it('a change of authentication is breaking', () => {
    const secured = spec();
    secured.security = [{ bearer_auth: [] }];
    expect(verdicts(spec(), secured)).toEqual(['breaking: security: security changed: — → [{"bearer_auth":[]}]']);
  });

  it('parameters: a new required one breaks, a new optional one does not (unless it is the first query: the arguments shift)', () => {
    const p = (required: boolean, name = 'zone') => ({ name, in: 'query', required, schema: { type: 'string' } });
    expect(verdicts(spec(), spec({ parameters: [p(true)] }))).toEqual(['breaking: parameter zone: required query parameter added']);
    expect(verdicts(spec({ parameters: [p(false, 'a')] }), spec({ parameters: [p(false, 'a'), p(false)] }))).toEqual([
      'non-breaking: parameter zone: optional query parameter added',
    ]);
  });

  it('documentation changes are reported apart; an x-idempotent change is flagged for review', () => {
    const described = spec();
    described.paths['/things'].post.description = 'Buys a thing.';
    expect(classifyChanges(spec(), described).map((c) => c.severity)).toEqual(['annotation']);
    expect(verdicts(spec(), spec({ idempotent: true }))).toEqual([
      'breaking: retry policy: x-idempotent false → true: review which failures are retried',
    ]);
  });

  it('reports in groups, each change with the methods it touches', () => {
    const text = report(classifyChanges(spec(), spec({ request: thing({}, ['name', 'count']) })));
    expect(text).toBe(
      'Breaking (1)\n  - POST /things · request: now required: count\n      methods: sfc.things.buy\nMoved (0)\nNot breaking (0)\nDocumentation only (0)',
    );
  });

  it('a renamed x-sfc-method breaks its callers', () => {
    const renamed = spec();
    renamed.paths['/things'].post['x-sfc-method'] = 'things.purchase';
    expect(verdicts(spec(), renamed)).toEqual([
      'breaking: client method: x-sfc-method "things.buy" → "things.purchase": callers of the method must change',
    ]);
  });
});

/** What `shop()` changes from its default: each option is one kind of change to the API. */
interface ShopOptions {
  /** Put before every procurement path, as a move to `/preview` would. */
  prefix?: string;
  nodeStatuses?: string[];
  extendRequired?: string[];
  /** A `gpu_count` field in the shared Node schema. */
  gpuCount?: boolean;
  /** An optional `fields` query parameter on GET /v1/nodes/{id}. */
  fieldsParameter?: boolean;
  /** A new operation on a new nested resource. */
  instances?: boolean;
  /** A `region` field in the procurement a create sends. */
  procurementRegion?: boolean;
}

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

/**
 * A spec shaped like ours, small: procurements (a path item with its own parameters), and two node
 * operations sharing the Node schema and its NodeStatus enum.
 */
function shop(o: ShopOptions = {}): object {
  const p = o.prefix ?? '';
  return {
    openapi: '3.1.0',
    info: { title: 'shop', version: '1' },
    paths: {
      [`${p}/v2/procurements`]: {
        get: {
          operationId: 'listProcurements',
          'x-sfc-method': 'procurements.list',
          responses: { '200': { description: 'ok', ...json({ type: 'array', items: ref('Procurement') }) } },
        },
        post: {
          operationId: 'createProcurement',
          'x-sfc-method': 'procurements.create',
          requestBody: { required: true, ...json(ref('Procurement')) },
          responses: { '200': { description: 'ok', ...json(ref('Procurement')) } },
        },
      },
      [`${p}/v2/procurements/{id}`]: {
        parameters: [idParameter],
        get: {
          operationId: 'getProcurement',
          'x-sfc-method': 'procurements.get',
          responses: { '200': { description: 'ok', ...json(ref('Procurement')) } },
        },
      },
      '/v1/nodes/{id}': {
        get: {
          operationId: 'getNode',
          'x-sfc-method': 'nodes.get',
          parameters: [
            idParameter,
            { name: 'expand', in: 'query', required: false, schema: { type: 'string' } },
            ...(o.fieldsParameter ? [{ name: 'fields', in: 'query', required: false, schema: { type: 'string' } }] : []),
          ],
          responses: { '200': { description: 'ok', ...json(ref('Node')) } },
        },
      },
      '/v1/nodes/{id}/extend': {
        patch: {
          operationId: 'extendNode',
          'x-sfc-method': 'nodes.extend',
          parameters: [idParameter],
          requestBody: {
            required: true,
            ...json({
              type: 'object',
              required: o.extendRequired ?? ['duration_seconds'],
              properties: { duration_seconds: { type: 'integer' }, max_price_per_node_hour: { type: 'integer' } },
            }),
          },
          responses: { '200': { description: 'ok', ...json(ref('Node')) } },
        },
      },
      ...(o.instances
        ? {
            '/preview/v2/instances': {
              post: {
                operationId: 'createInstance',
                'x-sfc-method': 'preview.instances.create',
                responses: { '201': { description: 'made', ...json({ type: 'object' }) } },
              },
            },
          }
        : {}),
    },
    components: {
      schemas: {
        Procurement: {
          type: 'object',
          properties: { id: { type: 'string' }, ...(o.procurementRegion ? { region: { type: 'string' } } : {}) },
        },
        Node: {
          type: 'object',
          required: ['id', 'status'],
          properties: { id: { type: 'string' }, status: ref('NodeStatus'), ...(o.gpuCount ? { gpu_count: { type: 'integer' } } : {}) },
        },
        NodeStatus: { type: 'string', enum: o.nodeStatuses ?? ['running', 'released'] },
      },
    },
  };
}

describe('spec:diff for the client: moves, methods, where to look, additions', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'spec-diff-test-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const put = (file: string, text: string) => {
    mkdirSync(dirname(join(tmp, file)), { recursive: true });
    writeFileSync(join(tmp, file), text);
  };

  it('every procurement path renamed under /preview: moved, not breaking, sfc.raw callers told', () => {
    const changes = classifyChanges(shop(), shop({ prefix: '/preview' }));
    expect(changes.map((c) => [c.kind, c.severity, c.from, c.operation, c.methods])).toEqual([
      ['moved', 'non-breaking', 'GET /v2/procurements', 'GET /preview/v2/procurements', ['sfc.procurements.list']],
      ['moved', 'non-breaking', 'POST /v2/procurements', 'POST /preview/v2/procurements', ['sfc.procurements.create']],
      ['moved', 'non-breaking', 'GET /v2/procurements/{id}', 'GET /preview/v2/procurements/{id}', ['sfc.procurements.get']],
    ]);
    for (const change of changes) {
      expect(change.message).toContain('request and response unchanged');
      expect(change.message).toContain('sfc.raw callers must use the new path');
    }
    const text = report(changes);
    expect(text).toContain('Breaking (0)');
    expect(text).toContain('Moved (3)');
    expect(text).toContain('  - GET /preview/v2/procurements/{id} · operation: moved from GET /v2/procurements/{id}');
  });

  it('a moved operation whose shape changed too is moved, with the change listed for its method', () => {
    const changes = classifyChanges(shop(), shop({ prefix: '/preview', procurementRegion: true }));
    expect(changes.filter((c) => c.kind === 'moved')).toHaveLength(3);
    expect(changes.filter((c) => c.kind === 'field-added').map((c) => [c.operation, c.schema, c.property, c.methods])).toEqual([
      ['GET /preview/v2/procurements', 'Procurement', 'region', ['sfc.procurements.list']],
      ['POST /preview/v2/procurements', 'Procurement', 'region', ['sfc.procurements.create']],
      ['POST /preview/v2/procurements', 'Procurement', 'region', ['sfc.procurements.create']],
      ['GET /preview/v2/procurements/{id}', 'Procurement', 'region', ['sfc.procurements.get']],
    ]);
    expect(changes.find((c) => c.from === 'POST /v2/procurements')?.message).toContain('its other changes are listed apart');
  });

  it('a required request field added names the method and the generated file', () => {
    const changes = whereToLook(classifyChanges(shop(), shop({ extendRequired: ['duration_seconds', 'max_price_per_node_hour'] })), tmp);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      severity: 'breaking',
      methods: ['sfc.nodes.extend'],
      lookAt: [GENERATED_METHODS_FILE],
      pinnedIn: [],
    });
    expect(report(changes)).toContain(
      '  - PATCH /v1/nodes/{id}/extend · request: now required: max_price_per_node_hour\n' +
        '      methods: sfc.nodes.extend\n' +
        `      look at: ${GENERATED_METHODS_FILE}\n`,
    );
  });

  it('a response enum value removed from a shared schema: once, every method using it, the files pinning it', () => {
    put('test/unit/status.test.ts', "expect(node.status).toBe('released');\n");
    put('src/testing/fake.ts', 'const done = { status: "released" };\n');
    put('test/unit/other.test.ts', "expect(node.status).toBe('running'); // released, in a comment only\n");
    put('docs/notes.ts', "const outside = 'released';\n");
    const changes = whereToLook(classifyChanges(shop(), shop({ nodeStatuses: ['running'] })), tmp);
    expect(changes.map((c) => [c.severity, c.operation, c.schema, c.enumValues])).toEqual([
      ['breaking', 'GET /v1/nodes/{id}', 'NodeStatus', ['released']],
      ['breaking', 'PATCH /v1/nodes/{id}/extend', 'NodeStatus', ['released']],
    ]);
    const text = report(changes);
    expect(text).toContain(
      'Breaking (1)\n' +
        '  - NodeStatus (in responses): enum value "released" removed\n' +
        '      methods: sfc.nodes.get, sfc.nodes.extend\n' +
        `      look at: ${GENERATED_METHODS_FILE}\n` +
        '      pinned in: src/testing/fake.ts ("released")\n' +
        '      pinned in: test/unit/status.test.ts ("released")\n' +
        'Moved (0)',
    );
  });

  it('an additive change: a summary of the methods, fields and optional parameters added, nothing breaking', () => {
    const changes = classifyChanges(shop(), shop({ instances: true, gpuCount: true, fieldsParameter: true }));
    expect(changes.filter((c) => c.severity === 'breaking')).toEqual([]);
    expect(summarizeAdded(changes)).toEqual({
      methods: [{ method: 'sfc.preview.instances.create', operation: 'POST /preview/v2/instances' }],
      fields: [{ field: 'Node.gpu_count', methods: ['sfc.nodes.get', 'sfc.nodes.extend'] }],
      parameters: [{ method: 'sfc.nodes.get', parameter: 'query fields' }],
    });
    expect(report(changes)).toContain(
      'Added\n' +
        '  methods: sfc.preview.instances.create (POST /preview/v2/instances)\n' +
        '  fields: Node.gpu_count\n' +
        '  optional parameters: sfc.nodes.get query fields',
    );
  });
});

describe('updateChangelog', () => {
  // Additions, moves and a breaking change at once, as one spec update may bring them.
  const changes = classifyChanges(
    shop(),
    shop({ prefix: '/preview', instances: true, gpuCount: true, fieldsParameter: true, nodeStatuses: ['running'] }),
  );
  const entries = [
    '- Added methods: `sfc.preview.instances.create` (`POST /preview/v2/instances`).',
    '- Added fields: `Node.gpu_count`.',
    '- Added optional parameters: `sfc.nodes.get` query `fields`.',
    '- Moved to a new path, same method (`sfc.raw` callers use the new path): `sfc.procurements.list`',
    '  (`GET /v2/procurements` → `GET /preview/v2/procurements`), `sfc.procurements.create`',
    '  (`POST /v2/procurements` → `POST /preview/v2/procurements`), `sfc.procurements.get`',
    '  (`GET /v2/procurements/{id}` → `GET /preview/v2/procurements/{id}`).',
    '- **Breaking**: `sfc.nodes.get`, `sfc.nodes.extend`: `NodeStatus` in responses: enum value',
    '  "released" removed.',
  ];
  const intro = '# Changelog\n\nWhat users notice.\n';

  it.each([
    {
      name: 'no Unreleased section: made above the last version',
      text: `${intro}\n## 0.1.0\n\nFirst version.\n`,
      expected: `${intro}\n## Unreleased\n\n${entries.join('\n')}\n\n## 0.1.0\n\nFirst version.\n`,
    },
    {
      name: 'no version yet either: made at the end',
      text: intro,
      expected: `${intro}\n## Unreleased\n\n${entries.join('\n')}\n`,
    },
    {
      name: 'an Unreleased section: hand-written entries kept, the lists merged, new entries on top',
      text:
        `${intro}\n## Unreleased\n\n- A hand-written entry\n  over two lines.\n` +
        '- Added methods: `sfc.zones.list`\n  (`GET /v0/zones`).\n\n## 0.1.0\n',
      expected:
        `${intro}\n## Unreleased\n\n${entries.slice(1).join('\n')}\n- A hand-written entry\n  over two lines.\n` +
        '- Added methods: `sfc.zones.list` (`GET /v0/zones`), `sfc.preview.instances.create`\n' +
        '  (`POST /preview/v2/instances`).\n\n## 0.1.0\n',
    },
  ])('$name', ({ text, expected }) => {
    const once = updateChangelog(text, changes);
    expect(once).toBe(expected);
    // A second run with the same changes finds everything there already.
    expect(updateChangelog(once, changes)).toBe(once);
  });

  it('leaves the text alone when nothing is added, moved or broken', () => {
    const text = `${intro}\n## 0.1.0\n`;
    expect(updateChangelog(text, classifyChanges(spec(), spec({ request: thing({}, []) })))).toBe(text);
  });

  it('adds to an existing list only what it lacks', () => {
    const first = updateChangelog(intro, classifyChanges(shop(), shop({ gpuCount: true })));
    expect(first).toContain('- Added fields: `Node.gpu_count`.');
    const second = updateChangelog(first, classifyChanges(shop(), shop({ gpuCount: true, procurementRegion: true })));
    expect(second).toContain('- Added fields: `Node.gpu_count`, `Procurement.region`.');
    expect(second.match(/Added fields/g)).toHaveLength(1);
  });
});

describe("a change that shifts a generated method's arguments is breaking", () => {
  const real = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, { parameters?: object[]; 'x-sfc-fixed-body'?: unknown }>>;
  };
  const shifted = (change: (spec: typeof real) => void) => {
    const after = structuredClone(real);
    change(after);
    return classifyChanges(real, after).filter((c) => c.where === 'client method');
  };

  it.each([
    [
      'a first (optional) query on an operation that had none',
      (s: typeof real) => s.paths['/v0/zones/{id}']!.get!.parameters!.push({ name: 'verbose', in: 'query', schema: { type: 'boolean' } }),
      'sfc.zones.get',
      'arguments (id) → (id, query?)',
    ],
    [
      'a fixed body taken away',
      (s: typeof real) => delete s.paths['/v1/nodes/{id}/release']!.patch!['x-sfc-fixed-body'],
      'sfc.nodes.release',
      'arguments (id) → (id, body?)',
    ],
  ])('%s', (_name, change, method, message) => {
    // (Another operation may share the parameter list in a spec YAML wrote with an alias: count this method's only.)
    const found = shifted(change).filter((c) => c.methods.includes(method));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'breaking', methods: [method] });
    expect(found[0]!.message).toContain(message);
  });

  it('but not another optional parameter of a query the method already takes', () => {
    expect(
      shifted((s) => s.paths['/v1/nodes']!.get!.parameters!.push({ name: 'verbose', in: 'query', schema: { type: 'boolean' } })),
    ).toEqual([]);
  });
});
