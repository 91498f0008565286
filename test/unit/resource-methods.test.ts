// The generator of the resource methods (scripts/resource-methods.mjs), on small hand-made specs:
// the argument rule, the exceptions the spec declares, the checks that name the operation at fault,
// and what the rendered module says.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildResourceMethods, renderMethodsTable, renderResourcesModule } from '../../scripts/resource-methods.mjs';

type Op = Record<string, unknown>;

/** A spec with the given operations, by `METHOD path`. */
function specWith(ops: Record<string, Op>, components: Record<string, unknown> = {}) {
  const paths: Record<string, Record<string, Op>> = {};
  for (const [key, op] of Object.entries(ops)) {
    const [method, path] = key.split(' ') as [string, string];
    (paths[path] ??= {})[method.toLowerCase()] = { responses: { '200': { description: 'ok' } }, ...op };
  }
  return { openapi: '3.1.0', paths, components };
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'n_1' };
const jsonBody = (schema: unknown, required = true, example?: unknown) => ({
  required,
  content: { 'application/json': { schema, ...(example === undefined ? {} : { examples: { one: { value: example } } }) } },
});

describe('buildResourceMethods', () => {
  it('orders the arguments: path parameters in path order, then the body, then the query', () => {
    const [m] = buildResourceMethods(
      specWith({
        'PATCH /v1/nodes/{id}/vms/{vm_id}': {
          operationId: 'patchVm',
          'x-sfc-method': 'nodes.patchVm',
          parameters: [
            { name: 'vm_id', in: 'path', required: true, schema: { type: 'string' }, example: 'vm_1' },
            idParam,
            { name: 'dry_run', in: 'query', schema: { type: 'boolean' }, example: true },
          ],
          requestBody: jsonBody({ type: 'object' }, false, { image: 'x' }),
        },
      }),
    );
    expect(m!.args.map((a) => [a.name, a.source, a.required])).toEqual([
      ['id', 'path', true],
      ['vmId', 'path', true],
      ['body', 'body', false],
      ['query', 'query', false],
    ]);
    expect(m!.args.map((a) => a.example)).toEqual(['n_1', 'vm_1', { image: 'x' }, undefined]);
  });

  it('makes a query required when one of its parameters is', () => {
    const [m] = buildResourceMethods(
      specWith({
        'GET /v1/things': {
          operationId: 'listThings',
          'x-sfc-method': 'things.list',
          parameters: [{ name: 'workspace', in: 'query', required: true, schema: { type: 'string' }, example: 'w' }],
        },
      }),
    );
    expect(m!.args).toMatchObject([{ name: 'query', required: true, example: { workspace: 'w' } }]);
  });

  it('takes one field positionally where x-sfc-args says so, and sends a fixed body as it is', () => {
    const [ssh, release] = buildResourceMethods(
      specWith({
        'GET /v0/vms/ssh': {
          operationId: 'getVmSsh',
          'x-sfc-method': 'vms.ssh',
          'x-sfc-args': ['query.vm_id'],
          parameters: [{ name: 'vm_id', in: 'query', required: true, schema: { type: 'string' }, example: 'vm_1' }],
        },
        'PATCH /v1/nodes/{id}/release': {
          operationId: 'releaseNode',
          'x-sfc-method': 'nodes.release',
          'x-sfc-fixed-body': {},
          parameters: [idParam],
          requestBody: jsonBody({ type: 'object', maxProperties: 0 }, false),
        },
      }),
    );
    expect(ssh!.args).toMatchObject([{ name: 'vmId', source: 'query', field: 'vm_id', required: true, example: 'vm_1' }]);
    expect(release!.args.map((a) => a.name)).toEqual(['id']);
    const text = renderResourcesModule([ssh!, release!]);
    expect(text).toContain("this.api.GET('/v0/vms/ssh', { params: { query: { vm_id: vmId } as QueryParams<'getVmSsh'> }, ...init })");
    expect(text).toContain("this.api.PATCH('/v1/nodes/{id}/release', { params: { path: { id } }, body: {}, ...init })");
    expect(text).toContain('release(id: string, options?: RequestOptions)');
  });

  it.each([
    ['no x-sfc-method', {}, /createNode has no x-sfc-method/],
    ['a malformed one', { 'x-sfc-method': 'Nodes' }, /createNode: x-sfc-method must be <resource>.<method>/],
    [
      'an argument that is not a field',
      { 'x-sfc-method': 'nodes.create', 'x-sfc-args': ['body.nope'] },
      /createNode: x-sfc-args: the body has no field nope/,
    ],
    ['a source of another kind', { 'x-sfc-method': 'nodes.create', 'x-sfc-args': ['header.x'] }, /is not path.<name>, body, query/],
    ['a fixed body without a body', { 'x-sfc-method': 'nodes.create', 'x-sfc-fixed-body': {}, requestBody: undefined }, /has no JSON body/],
  ])('refuses an operation with %s, naming it', (_name, extra, message) => {
    const spec = specWith({
      'POST /v1/nodes': {
        operationId: 'createNode',
        requestBody: jsonBody({ type: 'object', properties: { a: { type: 'string' } } }),
        ...extra,
      },
    });
    expect(() => buildResourceMethods(spec)).toThrow(message);
  });

  it.each([
    [
      'a body that is not JSON',
      { requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } } },
      /createNode: the request body has no application\/json content \(multipart\/form-data\)/,
    ],
    ['a body taken whole and by field', { 'x-sfc-args': ['body', 'body.a'] }, /takes the body both whole and field by field/],
    ['a method name the base class holds', { 'x-sfc-method': 'nodes.send' }, /send cannot be a method name/],
    ['a resource named like a member of the client', { 'x-sfc-method': 'raw.create' }, /raw cannot be a resource/],
    [
      'an argument named options',
      { 'x-sfc-args': ['body.options'], requestBody: jsonBody({ type: 'object', properties: { options: { type: 'string' } } }) },
      /the argument options has a name/,
    ],
  ])('refuses %s, naming the operation', (_name, extra, message) => {
    const spec = specWith({
      'POST /v1/nodes': {
        operationId: 'createNode',
        'x-sfc-method': 'nodes.create',
        requestBody: jsonBody({ type: 'object', properties: { a: { type: 'string' } } }),
        ...extra,
      },
    });
    expect(() => buildResourceMethods(spec)).toThrow(message);
  });

  it('refuses two resources that would be one class, and takes an operation parameter over a path-level one', () => {
    const clash = specWith({
      'GET /v1/a': { operationId: 'getA', 'x-sfc-method': 'previewInstances.list' },
      'GET /v1/b': { operationId: 'getB', 'x-sfc-method': 'preview.instances.list' },
    });
    expect(() => buildResourceMethods(clash)).toThrow('would both be the class PreviewInstancesResource');
    const spec = specWith({
      'GET /v1/nodes/{node-id}': {
        operationId: 'getNode',
        'x-sfc-method': 'nodes.get',
        parameters: [{ ...idParam, name: 'node-id', example: 'op' }],
      },
    });
    (spec.paths['/v1/nodes/{node-id}'] as Record<string, unknown>).parameters = [{ ...idParam, name: 'node-id', example: 'path-level' }];
    const [m] = buildResourceMethods(spec);
    expect(m!.args).toMatchObject([{ name: 'nodeId', field: 'node-id', example: 'op' }]);
    expect(renderResourcesModule([m!])).toContain(`{ params: { path: { 'node-id': nodeId } }, ...init }`);
  });

  it('writes examples that stay valid TypeScript whatever they hold', () => {
    const [m] = buildResourceMethods(
      specWith({
        'POST /v1/notes': {
          operationId: 'createNote',
          'x-sfc-method': 'notes.create',
          requestBody: jsonBody({ type: 'object' }, true, { "it's": 'a\'b"c\\d\r\n\u2028*/' }),
        },
      }),
    );
    const text = renderResourcesModule([m!]);
    expect(text).toContain(`await sfc.notes.create({ 'it\\'s': 'a\\'b"c\\\\d\\r\\n\\u2028*\\/' });`);
  });

  it('refuses a method name used twice, naming both operations', () => {
    const spec = specWith({
      'GET /v1/a': { operationId: 'getA', 'x-sfc-method': 'things.get' },
      'GET /v1/b': { operationId: 'getB', 'x-sfc-method': 'things.get' },
    });
    expect(() => buildResourceMethods(spec)).toThrow('getB: x-sfc-method things.get is already the method of getA');
  });

  it('refuses x-sfc-args that leave out a path parameter or put an optional argument first', () => {
    const leaves = specWith({
      'GET /v1/nodes/{id}': { operationId: 'getNode', 'x-sfc-method': 'nodes.get', 'x-sfc-args': [], parameters: [idParam] },
    });
    expect(() => buildResourceMethods(leaves)).toThrow('getNode: x-sfc-args leaves out the path parameter id');
    const order = specWith({
      'POST /v1/nodes/{id}': {
        operationId: 'postNode',
        'x-sfc-method': 'nodes.post',
        'x-sfc-args': ['body', 'path.id'],
        parameters: [idParam],
        requestBody: jsonBody({ type: 'object' }, false),
      },
    });
    expect(() => buildResourceMethods(order)).toThrow('postNode: the optional argument body comes before a required one');
  });

  it('refuses a name that is both a method and a resource', () => {
    const spec = specWith({
      'GET /v1/a': { operationId: 'getA', 'x-sfc-method': 'things.list' },
      'GET /v1/b': { operationId: 'getB', 'x-sfc-method': 'things.list.first' },
    });
    expect(() => buildResourceMethods(spec)).toThrow('getB: things.list is a method, so it cannot also be a resource');
  });
});

describe('renderResourcesModule', () => {
  const methods = buildResourceMethods(
    specWith({
      'POST /preview/v2/instances': {
        operationId: 'createInstance',
        'x-sfc-method': 'preview.instances.create',
        'x-sfc-spends-money': true,
        summary: 'Create an instance',
        description: 'Starts one instance.',
        requestBody: jsonBody({ type: 'object' }, true, { pool: 'pool_1', count: 2 }),
        responses: { '201': { description: 'made', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
      'GET /preview/v2/instances/{id}': {
        operationId: 'getInstance',
        'x-sfc-method': 'preview.instances.get',
        summary: 'Get an instance',
        parameters: [{ ...idParam, example: 'inst_1' }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
      'DELETE /v1/things/{id}': { operationId: 'deleteThing', 'x-sfc-method': 'things.delete', parameters: [idParam] },
    }),
  );
  const text = renderResourcesModule(methods);

  it('writes one class per resource, nested ones under their namespace', () => {
    expect(text).toContain('export class PreviewInstancesResource extends APIResource {');
    expect(text).toContain('export class ThingsResource extends APIResource {');
    expect(text).toMatch(/readonly preview: \{\n(.*\n)*?\s+readonly instances: PreviewInstancesResource;/);
    expect(text).toContain('preview: { class: undefined, children: {');
  });

  it('hands the engine the operationId and types the result from the first success', () => {
    expect(text).toContain(
      "create(body: Input<RequestBody<'createInstance'>>, options?: RequestOptions): APIPromise<ResponseBody<'createInstance'>> {",
    );
    expect(text).toContain("return this.send('createInstance', options, (init) =>");
    expect(text).toContain('delete(id: string, options?: RequestOptions): APIPromise<void> {');
  });

  it('documents each method from the spec: summary, description, money, and an example call from its examples', () => {
    const create = text.slice(text.indexOf('Create an instance'), text.indexOf('create(body'));
    expect(create).toContain('Starts one instance.');
    expect(create).toContain('**This spends money.**');
    expect(create).toContain("const result = await sfc.preview.instances.create({ pool: 'pool_1', count: 2 });");
    const get = text.slice(text.indexOf('Get an instance'), text.indexOf('get(id'));
    expect(get).not.toContain('spends money');
    expect(get).toContain("const result = await sfc.preview.instances.get('inst_1');");
  });
});

describe('renderMethodsTable', () => {
  it("lists each method's call, optional arguments marked, its request and summary, and whether it spends money", () => {
    const methods = buildResourceMethods(
      specWith({
        'GET /v1/things': {
          operationId: 'listThings',
          'x-sfc-method': 'things.list',
          summary: 'List things',
          parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
        },
        'POST /v1/things/{id}/buy': {
          operationId: 'buyThing',
          'x-sfc-method': 'things.buy',
          'x-sfc-spends-money': true,
          summary: 'Buy a thing.',
          parameters: [idParam],
          requestBody: jsonBody({ type: 'object' }),
        },
      }),
    );
    expect(renderMethodsTable(methods).split('\n')).toEqual([
      '| method | HTTP | what it does |',
      '| --- | --- | --- |',
      '| `sfc.things.list(query?)` | `GET /v1/things` | List things. |',
      '| `sfc.things.buy(id, body)` | `POST /v1/things/{id}/buy` | Buy a thing. **Spends money.** |',
    ]);
  });
});

describe('the spec lint (scripts/redocly-rules.mjs)', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));

  /** Lints openapi.yaml with `edit` applied to its text, with the project's rules; returns the exit code and output. */
  function lintEdited(edit: (text: string) => string): { status: number | null; output: string } {
    const dir = mkdtempSync(join(tmpdir(), 'sfc-lint-'));
    try {
      writeFileSync(join(dir, 'openapi.yaml'), edit(readFileSync(join(root, 'openapi.yaml'), 'utf8')));
      const config = readFileSync(join(root, 'redocly.yaml'), 'utf8').replace(
        './scripts/redocly-rules.mjs',
        join(root, 'scripts', 'redocly-rules.mjs'),
      );
      writeFileSync(join(dir, 'redocly.yaml'), config);
      copyFileSync(join(root, '.redocly.lint-ignore.yaml'), join(dir, '.redocly.lint-ignore.yaml'));
      const result = spawnSync(join(root, 'node_modules', '.bin', 'redocly'), ['lint', '--format', 'stylish'], {
        cwd: dir,
        encoding: 'utf8',
      });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('refuses a method name used twice and an operation without one, naming the operation', () => {
    const twice = lintEdited((text) => text.replace('x-sfc-method: nodes.get\n', 'x-sfc-method: nodes.list\n'));
    expect(twice.status).not.toBe(0);
    expect(twice.output).toContain('getNode: x-sfc-method nodes.list is already the method of listNodes');
    const missing = lintEdited((text) => text.replace('      x-sfc-method: zones.get\n', ''));
    expect(missing.status).not.toBe(0);
    expect(missing.output).toContain('getZone has no x-sfc-method');
  });
});
