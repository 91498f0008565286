// spec:drift on small hand-made pairs of documents: what it finds, how it prints it, and the
// command's exits; last, openapi.yaml against a 3.0 re-spelling of itself, where it must find nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compareSpecs, main, pathGroup, renderDrift, type DriftFinding, type DriftKind } from '../../scripts/spec-drift.mjs';

const root = new URL('../../', import.meta.url);
type Schemas = Record<string, unknown>;

/** A document: paths as given, schemas under components. */
function doc(paths: Record<string, unknown>, schemas: Schemas = {}, openapi = '3.1.0') {
  return { openapi, info: { title: 't', version: '1' }, paths, components: { schemas } };
}

/** One GET whose 200 answers `schema`. */
function get(schema: unknown, operationId = 'getThing', parameters: unknown[] = []) {
  return { get: { operationId, parameters, responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } };
}

/** Both documents with one operation, GET /v1/things, answering these schemas. */
function pair(ours: unknown, upstream: unknown, schemas: { ours?: Schemas; upstream?: Schemas } = {}) {
  return compareSpecs(doc({ '/v1/things': get(ours) }, schemas.ours), doc({ '/v1/things': get(upstream) }, schemas.upstream));
}

/** `kind place: message` of each finding, as a reader scans them. */
const seen = (findings: DriftFinding[]) => findings.map((f) => `${f.kind} ${f.where}${f.path ? ` ${f.path}` : ''}: ${f.message}`);
const ofKind = (findings: DriftFinding[], kind: DriftKind) => findings.filter((f) => f.kind === kind);

const thing = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', required, properties });

describe('spec:drift: operations', () => {
  const ours = doc({
    '/v1/nodes': get(thing({}), 'listNodes'),
    '/v1/nodes/{id}': get(thing({}), 'getNode', [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]),
    '/v1/event-log': get(thing({}), 'listEvents'),
    '/v0/zones': get(thing({}), 'listZones'),
  });
  const upstream = doc({
    '/v1/nodes': get(thing({}), 'list_nodes'),
    '/v1/nodes/{node_id}': get(thing({}), 'get_node', [{ name: 'node_id', in: 'path', required: true, schema: { type: 'string' } }]),
    '/v1/events': get(thing({}), 'list_events'),
    '/v1/balances': get(thing({}), 'getBalances'),
    '/preview/v2/capacities': { ...get(thing({}), 'list_capacities'), post: { operationId: 'create_capacity', responses: {} } },
  });
  const report = compareSpecs(ours, upstream);

  it('lists the operations only upstream has, each under its path prefix', () => {
    expect(ofKind(report.findings, 'missing-operation').map((f) => [f.group, f.operation, f.operationId])).toEqual([
      ['/v1', 'GET /v1/balances', 'getBalances'],
      ['/preview/v2', 'GET /preview/v2/capacities', 'list_capacities'],
      ['/preview/v2', 'POST /preview/v2/capacities', 'create_capacity'],
    ]);
  });

  it('lists the operations only ours has', () => {
    expect(ofKind(report.findings, 'extra-operation').map((f) => f.operation)).toEqual(['GET /v0/zones']);
  });

  it('pairs by method and path whatever the path parameter is called, and says nothing of it when the rest agrees', () => {
    expect(report.findings.filter((f) => f.operation === 'GET /v1/nodes/{id}')).toEqual([]);
    expect(report.shared).toBe(3);
  });

  it('pairs an operation on another path by its operationId in another spelling, and says so', () => {
    expect(seen(ofKind(report.findings, 'other-path'))).toEqual(['other-path operation: upstream has it as GET /v1/events (list_events)']);
    expect(ofKind(report.findings, 'other-path')[0]?.operation).toBe('GET /v1/event-log');
  });

  it('does not pair by an operationId that names two operations on one side', () => {
    const twice = doc({ '/a': get(thing({}), 'list_x'), '/b': { post: { operationId: 'listX', responses: {} } } });
    const found = compareSpecs(doc({ '/c': get(thing({}), 'listX') }), twice).findings;
    expect(found.map((f) => f.kind).sort()).toEqual(['extra-operation', 'missing-operation', 'missing-operation']);
  });

  it('counts operations and findings', () => {
    expect([report.ours.operations, report.upstream.operations]).toEqual([4, 6]);
    expect(report.counts['missing-operation']).toBe(3);
    expect(report.counts['extra-operation']).toBe(1);
  });

  it.each([
    ['/preview/v2/capacities/{id}', '/preview/v2'],
    ['/v1/nodes', '/v1'],
    ['/v0', '/v0'],
    ['/health', '/health'],
    ['/api/v2beta1/things', '/api/v2beta1'],
  ])('groups %s under %s', (path, group) => {
    expect(pathGroup(path)).toBe(group);
  });
});

describe('spec:drift: fields of shared operations', () => {
  it('a field only upstream has, and one only ours has, named by their path through arrays', () => {
    const report = pair(
      thing({ data: { type: 'array', items: thing({ id: { type: 'string' }, name: { type: 'string' } }) } }),
      thing({ data: { type: 'array', items: thing({ id: { type: 'string' }, gpu_count: { type: 'integer' } }) } }),
    );
    expect(seen(report.findings)).toEqual([
      'missing-field response 200 /data[]/gpu_count: upstream has it (integer), ours does not',
      'extra-field response 200 /data[]/name: ours has it (string), upstream does not',
    ]);
  });

  it('a type disagreement', () => {
    const report = pair(thing({ price: { type: 'integer' } }), thing({ price: { type: 'number' } }));
    expect(seen(report.findings)).toEqual(['type response 200 /price: upstream number, ours integer']);
    expect(report.findings[0]).toMatchObject({ ours: ['integer'], upstream: ['number'] });
  });

  it('an enum disagreement: the values only upstream has and those only ours has', () => {
    const report = pair(
      thing({ status: { type: 'string', enum: ['pending', 'running', 'awaitingcapacity'] } }),
      thing({ status: { type: 'string', enum: ['pending', 'running', 'ended'] } }),
    );
    expect(seen(report.findings)).toEqual(['enum response 200 /status: only upstream "ended"; only ours "awaitingcapacity"']);
    expect(report.findings[0]).toMatchObject({ onlyUpstream: ['ended'], onlyOurs: ['awaitingcapacity'] });
    const narrower = pair(thing({ size: { enum: ['s', 'm'] } }), thing({ size: { enum: ['s'] } }));
    expect(seen(narrower.findings)).toEqual(['enum response 200 /size: only ours "m"']);
  });

  it('an enum only upstream declares is a disagreement; one only ours declares is a rule only ours has', () => {
    expect(seen(pair(thing({ side: { type: 'string' } }), thing({ side: { type: 'string', enum: ['buy', 'sell'] } })).findings)).toEqual([
      'enum response 200 /side: upstream allows only "buy", "sell"; ours any string',
    ]);
    expect(pair(thing({ object: { type: 'string', const: 'list' } }), thing({ object: { type: 'string' } })).findings).toEqual([]);
  });

  it('a nullability disagreement, either way', () => {
    const report = pair(
      thing({ zone: { type: ['string', 'null'] }, name: { type: 'string' } }),
      thing({ zone: { type: 'string' }, name: { anyOf: [{ type: 'string' }, { type: 'null' }] } }),
    );
    expect(seen(report.findings)).toEqual([
      'nullable response 200 /zone: ours allows null, upstream does not',
      'nullable response 200 /name: upstream allows null, ours does not',
    ]);
  });

  it('reads 3.0 nullable and 3.1 null types alike', () => {
    const ours = thing({ a: { type: ['string', 'null'] }, b: { anyOf: [{ $ref: '#/components/schemas/Id' }, { type: 'null' }] } });
    const upstream = thing({ a: { type: 'string', nullable: true }, b: { allOf: [{ $ref: '#/components/schemas/Id' }], nullable: true } });
    const report = compareSpecs(
      doc({ '/v1/things': get(ours) }, { Id: { type: 'string' } }),
      doc({ '/v1/things': get(upstream) }, { Id: { type: 'string' } }, '3.0.3'),
    );
    expect(report.findings).toEqual([]);
  });

  it('a requiredness disagreement on a field, a query parameter and a request body', () => {
    const fields = pair(
      thing({ id: { type: 'string' }, zone: { type: 'string' } }, ['id']),
      thing({ id: { type: 'string' }, zone: { type: 'string' } }, ['zone']),
    );
    expect(seen(fields.findings)).toEqual([
      'required response 200 /id: ours requires it, upstream does not',
      'required response 200 /zone: upstream requires it, ours does not',
    ]);
    const limit = (required: boolean) => [{ name: 'limit', in: 'query', required, schema: { type: 'integer' } }];
    const query = compareSpecs(doc({ '/v1/things': get({}, 'x', limit(false)) }), doc({ '/v1/things': get({}, 'x', limit(true)) }));
    expect(seen(query.findings)).toEqual(['required query parameter limit: upstream requires it, ours does not']);
    const body = (required: boolean) => ({
      '/v1/things': { post: { requestBody: { required, content: { 'application/json': { schema: thing({}) } } }, responses: {} } },
    });
    expect(seen(compareSpecs(doc(body(true)), doc(body(false))).findings)).toEqual([
      'required request: ours requires it, upstream does not (the body)',
    ]);
  });

  it('compares request bodies, parameters, and a body or parameter only one side has', () => {
    const ours = doc({
      '/v1/things': {
        post: {
          parameters: [{ name: 'dry_run', in: 'query', schema: { type: 'boolean' } }],
          requestBody: { required: true, content: { 'application/json': { schema: thing({ name: { type: 'string', maxLength: 128 } }) } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: thing({}) } } } },
        },
      },
    });
    const upstream = doc({
      '/v1/things': {
        post: {
          parameters: [{ name: 'X-Trace', in: 'header', schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: thing({ name: { type: 'integer' } }) } } },
          responses: { '201': { description: 'ok', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
    });
    expect(seen(compareSpecs(ours, upstream).findings)).toEqual([
      'extra-field query parameter dry_run: ours has it, upstream does not',
      'type request /name: upstream integer, ours string',
      'constraint-only-ours request /name: maxLength 128',
      'extra-field response 200: ours answers with a JSON body, upstream does not',
    ]);
  });

  it('names both statuses when the first 2xx differs', () => {
    const ours = doc({ '/v1/things': get(thing({ a: { type: 'string' } })) });
    const upstream = doc({
      '/v1/things': {
        get: {
          responses: { '201': { description: 'ok', content: { 'application/json': { schema: thing({ a: { type: 'integer' } }) } } } },
        },
      },
    });
    expect(seen(compareSpecs(ours, upstream).findings)).toEqual(['type response 200 (upstream 201) /a: upstream integer, ours string']);
  });

  it('rules only ours declares are listed apart, per field; a rule upstream declares or sets otherwise is a disagreement', () => {
    const report = pair(
      thing({ duration: { type: 'integer', minimum: 3600, multipleOf: 3600 }, name: { type: 'string', maxLength: 64 } }),
      thing({ duration: { type: 'integer' }, name: { type: 'string', maxLength: 128, pattern: '^[a-z]' } }),
    );
    expect(seen(report.findings)).toEqual([
      'constraint-only-ours response 200 /duration: minimum 3600, multipleOf 3600',
      'constraint response 200 /name: upstream pattern ^[a-z], ours none',
      'constraint response 200 /name: upstream maxLength 128, ours 64',
    ]);
    expect(report.findings[0]?.ours).toEqual({ minimum: 3600, multipleOf: 3600 });
  });

  it('follows $refs with other names on each side, and merges allOf', () => {
    const report = pair(
      { $ref: '#/components/schemas/Node' },
      { $ref: '#/components/schemas/market-api_Node' },
      {
        ours: { Node: thing({ id: { type: 'string' }, status: { type: 'string' } }, ['id', 'status']) },
        upstream: {
          'market-api_Base': thing({ id: { type: 'string' } }, ['id']),
          'market-api_Node': {
            allOf: [{ $ref: '#/components/schemas/market-api_Base' }, thing({ status: { type: 'integer' } }, ['status'])],
          },
        },
      },
    );
    expect(seen(report.findings)).toEqual(['type response 200 /status: upstream integer, ours string']);
  });

  it('pairs union branches by the property each fixes, in any order, and by position otherwise', () => {
    const card = thing({ type: { const: 'card' }, last4: { type: 'string' } });
    const refund = (amount: string) => thing({ type: { enum: ['refund'] }, amount: { type: amount } });
    const grant = thing({ type: { const: 'grant' } });
    const keyed = pair(
      thing({ details: { oneOf: [card, refund('integer')] } }),
      thing({ details: { anyOf: [refund('number'), grant, card] } }),
    );
    expect(seen(keyed.findings)).toEqual([
      'missing-field response 200 /details(type=grant): upstream has this branch, ours does not',
      'type response 200 /details(type=refund)/amount: upstream number, ours integer',
    ]);
    const plain = pair(
      thing({ script: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'number' } }] } }),
      thing({ script: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }] } }),
    );
    expect(seen(plain.findings)).toEqual(['type response 200 /script(#1)[]: upstream integer, ours number']);
  });

  it('a union on one side against a plain type on the other is a type disagreement', () => {
    const report = pair(
      thing({ target: { oneOf: [{ type: 'string', const: 'node_count' }, { type: 'integer' }] } }),
      thing({ target: { type: 'string' } }),
    );
    expect(seen(report.findings)).toEqual(['type response 200 /target: upstream string, ours integer|string']);
  });

  it('ends on schemas that contain themselves', () => {
    const tree = (leaf: string) => ({
      Tree: thing({ leaf: { type: leaf }, children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } }),
    });
    const report = pair(
      { $ref: '#/components/schemas/Tree' },
      { $ref: '#/components/schemas/Tree' },
      { ours: tree('string'), upstream: tree('integer') },
    );
    expect(seen(report.findings)).toEqual(['type response 200 /leaf: upstream integer, ours string']);
  });

  it('notes a $ref it cannot follow instead of failing', () => {
    const report = pair(thing({ a: { type: 'string' } }), { $ref: '#/components/schemas/Missing' });
    expect(report.notes).toEqual(['GET /v1/things: could not follow #/components/schemas/Missing']);
  });
});

describe('spec:drift: the text report', () => {
  it('lists missing operations by prefix, then ours, moved ones, disagreements, and the rules only ours has', () => {
    const ours = doc({
      '/v1/things': get(thing({ id: { type: 'string', pattern: '^t_' }, size: { type: 'string', enum: ['s', 'm'] } }), 'listThings'),
      '/v1/old': get(thing({}), 'listOld'),
      '/v0/zones': get(thing({}), 'listZones'),
    });
    const upstream = doc({
      '/v1/things': get(thing({ id: { type: 'string' }, size: { type: 'string', enum: ['s', 'l'] } }), 'list_things'),
      '/v1/new': get(thing({}), 'list_old'),
      '/preview/v2/capacities': get(thing({}), 'list_capacities'),
    });
    expect(renderDrift(compareSpecs(ours, upstream), { ours: 'ours.yaml', upstream: 'up.json' })).toBe(
      [
        'spec:drift ours.yaml (3 operations) against up.json (3 operations)',
        '2 shared (1 on another path), 1 only upstream, 1 only ours; 1 disagreement; 1 field with rules only ours declares',
        '',
        'Only upstream (1): operations ours lacks, by path prefix',
        '  /preview/v2 (1)',
        '    GET /preview/v2/capacities  list_capacities',
        '',
        'Only ours (1)',
        '  GET /v0/zones  listZones',
        '',
        'Same operation, other path (1)',
        '  GET /v1/old  listOld: upstream has it as GET /v1/new (list_old)',
        '',
        'Disagreements in shared operations (1)',
        '  GET /v1/things  listThings',
        '    enum          response 200 /size: only upstream "l"; only ours "m"',
        '',
        'Rules only ours declares (1; expected: ours is written from the reference pages)',
        '  GET /v1/things  listThings',
        '    response 200 /id: pattern ^t_',
      ].join('\n'),
    );
  });
});

describe('spec:drift: the command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-drift-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ours = file(
    'ours.yaml',
    `openapi: 3.1.0\ninfo: {title: o, version: '1'}\npaths:\n  /v1/a: {get: {operationId: getA, responses: {}}}\n`,
  );
  const upstream = file('up.json', JSON.stringify(doc({ '/v1/b': { get: { operationId: 'get_b', responses: {} } } }, {}, '3.0.3')));
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(
      args,
      new URL('.', root).pathname,
      (t) => out.push(t),
      (t) => err.push(t),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('prints the report and exits 0 when there is drift', () => {
    const { code, out } = run(['--ours', ours, upstream]);
    expect(code).toBe(0);
    expect(out).toContain('1 only upstream, 1 only ours');
  });

  it('--json prints the structured report', () => {
    const { code, out } = run(['--json', '--ours', ours, upstream]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as ReturnType<typeof compareSpecs>;
    expect(report.findings.map((f) => [f.kind, f.operation])).toEqual([
      ['extra-operation', 'GET /v1/a'],
      ['missing-operation', 'GET /v1/b'],
    ]);
  });

  it('compares with openapi.yaml unless told otherwise', () => {
    const { code, out } = run([upstream]);
    expect(code).toBe(0);
    const { paths } = parse(readFileSync(new URL('openapi.yaml', root), 'utf8')) as { paths: Record<string, object> };
    const operations = Object.values(paths).flatMap((item) =>
      Object.keys(item).filter((key) => ['get', 'put', 'post', 'patch', 'delete'].includes(key)),
    );
    expect(operations.length).toBeGreaterThan(20);
    expect(out.split('\n')[0]).toBe(`spec:drift openapi.yaml (${operations.length} operations) against ${upstream} (1 operation)`);
  });

  it.each([
    ['no upstream file', [], /expected one upstream file, got 0/],
    ['two upstream files', ['a', 'b'], /expected one upstream file, got 2/],
    ['an unknown option', ['--yaml', 'a'], /Unknown option '--yaml'/],
    ['a missing file', ['--ours', ours, 'nowhere.json'], /cannot read nowhere\.json/],
  ])('exits 2 on %s, saying why', (_name, args, message) => {
    const { code, err } = run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it.each([
    ['text that is not YAML', 'a: [1, 2\n', /is neither JSON nor YAML/],
    ['a Swagger 2.0 document', '{"swagger": "2.0", "paths": {}}', /is Swagger 2\.0; only OpenAPI 3 documents are read/],
    ['a document without paths', 'openapi: 3.1.0\n', /is not an OpenAPI 3 document/],
    ['a list', '[1, 2]', /is not an OpenAPI document/],
  ])('exits 2 on %s', (name, text, message) => {
    const { code, err } = run(['--ours', ours, file(`${name.replace(/\W/g, '_')}.yaml`, text)]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('sets the exit code of the process (npm run spec:drift)', () => {
    const script = new URL('scripts/spec-drift.mjs', root).pathname;
    const good = spawnSync(process.execPath, [script, '--ours', ours, upstream], { encoding: 'utf8' });
    expect([good.status, good.stdout.split('\n')[0]]).toEqual([0, `spec:drift ${ours} (1 operation) against ${upstream} (1 operation)`]);
    const bad = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect([bad.status, bad.stderr.split('\n')[0]]).toEqual([2, 'spec:drift: expected one upstream file, got 0']);
  });
});

describe('spec:drift: openapi.yaml against itself, spelled otherwise', () => {
  /** The document as a 3.0 generator might publish it: nullable: true, allOf-wrapped refs, enum for const, prefixed schema names. */
  function respell(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(respell);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, respell(v)]));
    if (typeof out.$ref === 'string') out.$ref = out.$ref.replace('#/components/schemas/', '#/components/schemas/upstream_');
    if (Array.isArray(out.type) && out.type.includes('null')) {
      const types = (out.type as string[]).filter((t) => t !== 'null');
      out.type = types.length === 1 ? types[0] : types;
      out.nullable = true;
    }
    for (const union of ['anyOf', 'oneOf']) {
      const branches = out[union];
      if (!Array.isArray(branches) || !branches.some((b: { type?: unknown }) => b.type === 'null')) continue;
      const rest = branches.filter((b: { type?: unknown }) => b.type !== 'null');
      delete out[union];
      if (rest.length === 1) out.allOf = rest;
      else out[union] = rest;
      out.nullable = true;
    }
    if ('const' in out) {
      out.enum = [out.const];
      delete out.const;
    }
    return out;
  }

  it('finds no drift', () => {
    const ours = parse(readFileSync(new URL('openapi.yaml', root), 'utf8')) as { components: { schemas: Record<string, unknown> } };
    const upstream = respell(ours) as { openapi: string; components: { schemas: Record<string, unknown> } };
    upstream.openapi = '3.0.3';
    upstream.components.schemas = Object.fromEntries(Object.entries(upstream.components.schemas).map(([k, v]) => [`upstream_${k}`, v]));
    const report = compareSpecs(ours, upstream);
    expect(report.shared).toBeGreaterThan(20);
    expect(report.shared).toBe(report.ours.operations);
    expect(seen(report.findings)).toEqual([]);
    expect(report.notes).toEqual([]);
  });

  it('and finds the one difference planted in it, in every operation that reads the schema', () => {
    const ours = parse(readFileSync(new URL('openapi.yaml', root), 'utf8')) as {
      components: { schemas: Record<string, { enum?: string[] }> };
    };
    const upstream = structuredClone(ours);
    upstream.components.schemas.NodeStatus!.enum!.push('draining');
    const found = compareSpecs(ours, upstream).findings;
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((f) => `${f.kind}: ${f.path.replace(/^\/data\[\]/, '')}: ${f.message}`))).toEqual(
      new Set(['enum: /status: only upstream "draining"']),
    );
  });
});
