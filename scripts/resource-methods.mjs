// Turns each operation of openapi.yaml into a method of a resource class (generated/resources.ts):
// `x-sfc-method: nodes.extend` makes `sfc.nodes.extend(...)`, one call of the typed openapi-fetch
// client that hands the engine its operationId. Used by generate.mjs; kept apart (and pure) so that
// tests can feed it small specs.
//
// The arguments follow one rule: path parameters positionally in path order, then the body (when
// the operation has one), then the query object (when it has one), then the per-call options. An
// optional body or query is an optional argument. `x-sfc-args` replaces the rule for an operation
// whose method takes fields one by one: a list of `path.<name>`, `body`, `query`, `body.<field>`
// or `query.<field>`. `x-sfc-fixed-body` gives a body the method always sends (then the body is no
// argument).

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const METHOD_NAME = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;
const ARG = /^(path|body|query)(?:\.([A-Za-z_][A-Za-z0-9_-]*))?$/;
/** Method names the resource base (or a promise's `then`) already holds. */
const MEMBERS = new Set(['api', 'send', 'clock', 'constructor', 'then']);
/** Argument names a method cannot take: its own `options`, and the words the language reserves. */
const RESERVED = new Set([
  'options',
  'class',
  'default',
  'delete',
  'new',
  'this',
  'function',
  'var',
  'let',
  'const',
  'import',
  'export',
  'return',
  'in',
  'typeof',
  'void',
  'with',
  'yield',
  'enum',
  'await',
  'super',
  'null',
  'true',
  'false',
  'if',
  'else',
  'for',
  'while',
  'do',
  'switch',
  'case',
  'break',
  'continue',
  'try',
  'catch',
  'finally',
  'throw',
  'instanceof',
  'debugger',
  'extends',
]);
/** Names the client itself holds: a top-level resource may not take them. */
const CLIENT_MEMBERS = new Set(['raw', 'baseUrl', 'timeoutMs', 'maxRetries', 'retryPolicy', 'constructor']);
/** Where the generated methods are, for messages that tell a maintainer where to look. */
export const RESOURCES_FILE = 'generated/resources.ts';

/**
 * Every operation as a method: `{ resource: ['nodes'], name: 'extend', operationId, httpMethod,
 * path, args, docs }`, in spec order. Throws, naming every operation at fault, when `x-sfc-method`
 * is missing, malformed or used twice, or `x-sfc-args` does not fit the operation.
 */
export function buildResourceMethods(spec) {
  const methods = [];
  const problems = [];
  const seen = new Map();
  for (const [path, rawItem] of Object.entries(spec.paths ?? {})) {
    const item = deref(spec, rawItem) ?? {};
    for (const httpMethod of METHODS) {
      const op = item[httpMethod];
      if (!op) continue;
      const id = op.operationId ?? `${httpMethod.toUpperCase()} ${path}`;
      const name = op['x-sfc-method'];
      if (typeof name !== 'string' || !METHOD_NAME.test(name)) {
        problems.push(
          name === undefined
            ? `${id} has no x-sfc-method (say which client method calls it, e.g. nodes.extend)`
            : `${id}: x-sfc-method must be <resource>.<method> in camelCase words joined by dots (got ${JSON.stringify(name)})`,
        );
        continue;
      }
      if (seen.has(name)) {
        problems.push(`${id}: x-sfc-method ${name} is already the method of ${seen.get(name)}`);
        continue;
      }
      seen.set(name, id);
      const parts = name.split('.');
      // An operation's own parameter overrides a path-level one of the same name and place.
      const own = (op.parameters ?? []).map((p) => deref(spec, p));
      const shared = (item.parameters ?? []).map((p) => deref(spec, p)).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
      const params = [...own, ...shared];
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map(
        ([, n]) => params.find((p) => p.in === 'path' && p.name === n) ?? { name: n },
      );
      const queryParams = params.filter((p) => p.in === 'query');
      const body = deref(spec, op.requestBody);
      const jsonBody = body?.content?.['application/json'];
      const fixedBody = op['x-sfc-fixed-body'];
      try {
        if (body && !jsonBody) {
          const types = Object.keys(body.content ?? {}).join(', ') || 'none';
          throw new Error(`the request body has no application/json content (${types}): the generated methods send JSON only`);
        }
        if (fixedBody !== undefined && !jsonBody) throw new Error('x-sfc-fixed-body is given, but the operation has no JSON body');
        const bodyArg = jsonBody && fixedBody === undefined ? { required: body.required === true, media: jsonBody } : undefined;
        const args = argumentsOf(op, pathParams, queryParams, bodyArg, spec);
        methods.push({
          resource: parts.slice(0, -1),
          name: parts.at(-1),
          operationId: op.operationId,
          httpMethod: httpMethod.toUpperCase(),
          path,
          args,
          idempotent: op['x-idempotent'] === true,
          fixedBody,
          response: successKind(spec, op),
          docs: {
            summary: op.summary,
            description: op.description,
            spendsMoney: op['x-sfc-spends-money'] === true,
            deprecated: op.deprecated === true,
            tag: op.tags?.[0],
          },
        });
      } catch (error) {
        problems.push(`${id}: ${error.message}`);
      }
    }
  }
  // A resource that has methods cannot also be a namespace's name holding only sub-resources of the same name clash.
  const names = new Set(methods.map((m) => [...m.resource, m.name].join('.')));
  const classes = new Map();
  for (const m of methods) {
    const resource = m.resource.join('.');
    if (names.has(resource)) problems.push(`${m.operationId}: ${resource} is a method, so it cannot also be a resource`);
    if (MEMBERS.has(m.name))
      problems.push(`${m.operationId}: ${m.name} cannot be a method name (the resource base has a member of that name)`);
    if (CLIENT_MEMBERS.has(m.resource[0]))
      problems.push(`${m.operationId}: ${m.resource[0]} cannot be a resource (the client has a member of that name)`);
    const cls = className(m.resource);
    if (classes.has(cls) && classes.get(cls) !== resource)
      problems.push(`${m.operationId}: ${resource} and ${classes.get(cls)} would both be the class ${cls}`);
    classes.set(cls, resource);
  }
  if (problems.length > 0) throw new Error(`openapi.yaml: ${problems.join('; ')}`);
  return methods;
}

/** The arguments of one method, in order: `{ name, source, field?, required, doc, example }`. */
function argumentsOf(op, pathParams, queryParams, body, spec) {
  const declared = op['x-sfc-args'];
  const sources =
    declared === undefined
      ? [...pathParams.map((p) => `path.${p.name}`), ...(body ? ['body'] : []), ...(queryParams.length > 0 ? ['query'] : [])]
      : declared;
  if (!Array.isArray(sources)) throw new Error('x-sfc-args must be a list such as [path.id, body]');
  const args = [];
  for (const source of sources) {
    const match = typeof source === 'string' ? ARG.exec(source) : null;
    if (!match) throw new Error(`x-sfc-args: ${JSON.stringify(source)} is not path.<name>, body, query, body.<field> or query.<field>`);
    const [, where, field] = match;
    if (where === 'path') {
      const param = pathParams.find((p) => p.name === field);
      if (!param) throw new Error(`x-sfc-args: the path has no parameter ${field}`);
      args.push({
        name: camel(field),
        source: 'path',
        field,
        required: true,
        doc: param.description,
        example: param.example ?? param.schema?.example,
        type: scalarType(spec, param.schema),
      });
    } else if (where === 'body') {
      if (!body) throw new Error(`x-sfc-args: ${source} names a body, but the operation has none`);
      const schema = deref(spec, body.media.schema) ?? {};
      const example = firstExample(spec, body.media);
      if (field === undefined) {
        args.push({ name: 'body', source: 'body', required: body.required, doc: schema.description, example });
      } else {
        const prop = deref(spec, schema.properties?.[field]);
        if (!prop) throw new Error(`x-sfc-args: the body has no field ${field}`);
        const required = body.required && (schema.required ?? []).includes(field);
        args.push({
          name: camel(field),
          source: 'body',
          field,
          required,
          doc: prop.description,
          example: isObject(example) ? example[field] : prop.example,
        });
      }
    } else if (field === undefined) {
      if (queryParams.length === 0) throw new Error('x-sfc-args: query names a query, but the operation has none');
      const required = queryParams.some((p) => p.required === true);
      args.push({
        name: 'query',
        source: 'query',
        required,
        doc: undefined,
        example: queryExample(queryParams, op['x-sfc-example-query']),
      });
    } else {
      const param = queryParams.find((p) => p.name === field);
      if (!param) throw new Error(`x-sfc-args: the query has no parameter ${field}`);
      args.push({
        name: camel(field),
        source: 'query',
        field,
        required: param.required === true,
        doc: param.description,
        example: param.example ?? param.schema?.example,
        type: scalarType(spec, param.schema),
      });
    }
  }
  for (const p of pathParams) {
    if (!args.some((a) => a.source === 'path' && a.field === p.name)) throw new Error(`x-sfc-args leaves out the path parameter ${p.name}`);
  }
  for (const where of ['body', 'query']) {
    if (args.some((a) => a.source === where && a.field === undefined) && args.some((a) => a.source === where && a.field !== undefined)) {
      throw new Error(`x-sfc-args takes the ${where} both whole and field by field: choose one`);
    }
  }
  const seenNames = new Set();
  for (const a of args) {
    if (RESERVED.has(a.name)) throw new Error(`the argument ${a.name} has a name the language or the method itself uses`);
    if (seenNames.has(a.name)) throw new Error(`two arguments are named ${a.name}`);
    seenNames.add(a.name);
  }
  // An optional argument cannot come before a required one.
  const firstOptional = args.findIndex((a) => !a.required);
  if (firstOptional >= 0 && args.slice(firstOptional).some((a) => a.required)) {
    throw new Error(`the optional argument ${args[firstOptional].name} comes before a required one: reorder x-sfc-args`);
  }
  return args;
}

/**
 * The example query of an operation, from its parameters' own examples: those of the required
 * parameters, or of the ones `x-sfc-example-query` names (when the required ones alone do not make
 * a call the API accepts).
 */
function queryExample(queryParams, named) {
  if (named !== undefined && !(Array.isArray(named) && named.every((n) => queryParams.some((p) => p.name === n)))) {
    throw new Error(`x-sfc-example-query must list query parameters of the operation (got ${JSON.stringify(named)})`);
  }
  const example = {};
  for (const p of queryParams) {
    const value = p.example ?? p.schema?.example;
    const wanted = named === undefined ? p.required === true : named.includes(p.name);
    if (!wanted) continue;
    if (value === undefined) throw new Error(`the query parameter ${p.name} has no example for the example call`);
    example[p.name] = value;
  }
  return Object.keys(example).length > 0 ? example : undefined;
}

function firstExample(spec, media) {
  const examples = Object.values(media.examples ?? {});
  if (examples.length > 0) return deref(spec, examples[0])?.value;
  return media.example;
}

/** `'json'` when the first 2xx response has a JSON body, else `'none'`. */
function successKind(spec, op) {
  const code = Object.keys(op.responses ?? {})
    .filter((c) => /^2\d\d$/.test(c))
    .sort()[0];
  const response = code === undefined ? undefined : deref(spec, op.responses[code]);
  return response?.content?.['application/json'] ? 'json' : 'none';
}

/** `string` for a path or query parameter whose schema is a plain string, else undefined (typed from the schema). */
function scalarType(spec, schema) {
  const resolved = deref(spec, schema);
  return resolved?.type === 'string' && resolved.enum === undefined ? 'string' : undefined;
}

function deref(spec, node, depth = 0) {
  if (!isObject(node) || typeof node.$ref !== 'string') return node;
  if (depth > 20) throw new Error(`$ref ${node.$ref} loops`);
  const target = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  if (target === undefined) throw new Error(`$ref ${node.$ref} does not resolve`);
  const { $ref: _ref, ...siblings } = node;
  return { ...deref(spec, target, depth + 1), ...siblings };
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `image_id` → `imageId`. */
function camel(name) {
  return name.replace(/[_-]([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** `['preview', 'instances']` → `PreviewInstancesResource`. */
export function className(resource) {
  return `${resource.map((part) => part[0].toUpperCase() + part.slice(1)).join('')}Resource`;
}

/** The resources as a tree: `{ key, path, methods, children }`, in the order they first appear. */
export function resourceTree(methods) {
  const root = { key: '', path: [], methods: [], children: new Map() };
  for (const m of methods) {
    let node = root;
    for (const part of m.resource) {
      if (!node.children.has(part)) node.children.set(part, { key: part, path: [...node.path, part], methods: [], children: new Map() });
      node = node.children.get(part);
    }
    node.methods.push(m);
  }
  return root;
}

// ---------------------------------------------------------------------------------------- render

/** The TypeScript module generated/resources.ts. */
export function renderResourcesModule(methods) {
  const tree = resourceTree(methods);
  const out = [
    '// Generated by scripts/generate.mjs from openapi.yaml (x-sfc-method, x-sfc-args, x-sfc-spends-money,',
    '// summaries, descriptions and examples). Do not edit: change the spec and run `npm run generate`.',
    '// Each method is one call of the typed openapi-fetch client, handing the engine its operationId.',
    '// Hand-written behaviour lives in src/resources/, in classes that extend these.',
    "import { APIResource } from '../src/resources/resource.js';",
    "import type { APIPromise, Input, QueryParams, RequestBody, RequestOptions, ResponseBody } from '../src/resources/resource.js';",
    '',
  ];
  const classes = [];
  walk(tree, (node) => {
    if (node.methods.length > 0) classes.push(node);
  });
  for (const node of classes) out.push(...renderClass(node), '');
  out.push(
    '/** Every resource of the client as the spec makes it (`sfc.nodes`, `sfc.preview.instances`). */',
    `export interface GeneratedResources ${renderTreeType(tree, '')}`,
    '',
    '/**',
    ' * @internal Every resource class by where it sits on the client: a `class` where the resource',
    ' * has methods, and the resources below it. The client builds its resources from it.',
    ' */',
    `export const resourceTree = ${renderTreeLiteral(tree, '')} as const;`,
    '',
  );
  return out.join('\n');
}

function walk(node, visit) {
  visit(node);
  for (const child of node.children.values()) walk(child, visit);
}

function renderTreeType(node, indent) {
  const lines = ['{'];
  for (const child of node.children.values()) {
    const inner = `${indent}  `;
    lines.push(...jsdoc(resourceDoc(child), inner));
    const below = child.children.size > 0 ? renderTreeType(child, inner) : undefined;
    const type = child.methods.length > 0 ? (below ? `${className(child.path)} & ${below}` : className(child.path)) : below;
    lines.push(`${inner}readonly ${child.key}: ${type};`);
  }
  lines.push(`${indent}}`);
  return lines.join('\n');
}

function renderTreeLiteral(node, indent) {
  const lines = ['{'];
  for (const child of node.children.values()) {
    const inner = `${indent}  `;
    const cls = child.methods.length > 0 ? `class: ${className(child.path)}` : 'class: undefined';
    lines.push(`${inner}${child.key}: { ${cls}, children: ${renderTreeLiteral(child, inner)} },`);
  }
  lines.push(`${indent}}`);
  return lines.length === 2 ? '{}' : lines.join('\n');
}

/** What `sfc.<resource>` is: its methods, and the resources below it. */
function resourceDoc(node) {
  const where = `\`sfc.${node.path.join('.')}\``;
  const parts = [];
  if (node.methods.length > 0) parts.push(`${where}: ${node.methods.map((m) => m.name).join(', ')}.`);
  if (node.children.size > 0) parts.push(`${node.methods.length > 0 ? 'Below it' : where}: ${[...node.children.keys()].join(', ')}.`);
  return parts;
}

function renderClass(node) {
  const name = className(node.path);
  const first = node.methods[0];
  const lines = [
    ...jsdoc(
      [
        `The methods of \`sfc.${node.path.join('.')}\`${first.docs.tag ? ` (${first.docs.tag})` : ''}, one per operation of openapi.yaml.`,
        '@example',
        ...exampleCall(first),
      ],
      '',
    ),
    `export class ${name} extends APIResource {`,
  ];
  node.methods.forEach((m, i) => {
    if (i > 0) lines.push('');
    lines.push(...renderMethod(m));
  });
  lines.push('}');
  return lines;
}

function renderMethod(m) {
  const op = JSON.stringify(m.operationId).replace(/"/g, "'");
  const params = m.args.map((a) => `${a.name}${a.required ? '' : '?'}: ${argType(m, a)}`);
  params.push('options?: RequestOptions');
  const result = m.response === 'json' ? `ResponseBody<${op}>` : 'void';
  const doc = [];
  if (m.docs.summary) doc.push(`${sentence(m.docs.summary)}`);
  if (m.docs.description) doc.push('', ...m.docs.description.trim().split('\n'));
  if (m.docs.spendsMoney) {
    doc.push(
      '',
      ...(m.idempotent
        ? ['**This spends money.** Repeating it sets the same values, so it is retried like a read.']
        : [
            '**This spends money.** It is sent once: never re-sent after a failure that may have reached the server',
            '(a 5xx, a timeout, a reset connection).',
          ]),
    );
  }
  if (m.docs.deprecated) doc.push('@deprecated The API marks this operation deprecated.');
  for (const a of m.args) {
    const what = a.doc
      ? oneLine(a.doc)
      : a.source === 'query'
        ? 'the query parameters'
        : a.source === 'body'
          ? 'the request body'
          : a.field;
    doc.push(`@param ${a.name} ${what}${a.required ? '' : '; optional'}`);
  }
  doc.push("@param options per-call options (timeouts, retries, `signal`, headers); default the client's");
  doc.push(`@see operation \`${m.operationId}\`: \`${m.httpMethod} ${m.path}\``);
  doc.push('@example', ...exampleCall(m));
  return [
    ...jsdoc(doc, '  '),
    `  ${m.name}(${params.join(', ')}): APIPromise<${result}> {`,
    `    return this.send(${op}, options, (init) =>`,
    `      this.api.${m.httpMethod}('${m.path}', { ${callInit(m)}...init }),`,
    '    );',
    '  }',
  ];
}

function argType(m, a) {
  const op = `'${m.operationId}'`;
  if (a.source === 'path')
    return a.type ?? `NonNullable<NonNullable<import('./schema.js').operations[${op}]['parameters']['path']>[${literal(a.field)}]>`;
  if (a.source === 'body') return a.field === undefined ? `Input<RequestBody<${op}>>` : `Input<RequestBody<${op}>[${literal(a.field)}]>`;
  return a.field === undefined ? `Input<QueryParams<${op}>>` : (a.type ?? `Input<QueryParams<${op}>[${literal(a.field)}]>`);
}

/** The options object of the openapi-fetch call, before `...init`. */
function callInit(m) {
  const op = `'${m.operationId}'`;
  const path = m.args.filter((a) => a.source === 'path').map(fieldEntry);
  const queryArg = m.args.find((a) => a.source === 'query' && a.field === undefined);
  const queryFields = m.args.filter((a) => a.source === 'query' && a.field !== undefined);
  const bodyArg = m.args.find((a) => a.source === 'body' && a.field === undefined);
  const bodyFields = m.args.filter((a) => a.source === 'body' && a.field !== undefined);
  const params = [];
  if (path.length > 0) params.push(`path: { ${path.join(', ')} }`);
  if (queryArg) params.push(`query: ${queryArg.name} as QueryParams<${op}>`);
  else if (queryFields.length > 0) params.push(`query: { ${queryFields.map(fieldEntry).join(', ')} } as QueryParams<${op}>`);
  const parts = [];
  if (params.length > 0) parts.push(`params: { ${params.join(', ')} }`);
  if (m.fixedBody !== undefined) parts.push(`body: ${literal(m.fixedBody)}`);
  else if (bodyArg) parts.push(`body: ${bodyArg.name} as RequestBody<${op}>`);
  else if (bodyFields.length > 0) parts.push(`body: { ${bodyFields.map(fieldEntry).join(', ')} } as RequestBody<${op}>`);
  return parts.map((p) => `${p}, `).join('');
}

function fieldEntry(a) {
  return a.name === a.field ? a.name : `${propertyKey(a.field)}: ${a.name}`;
}

/** `name` as an object key: bare when it is an identifier, else quoted. */
function propertyKey(name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : literal(name);
}

/**
 * The README's table of every generated method: its call, its HTTP request and its summary (and
 * whether it spends money), in spec order.
 */
export function renderMethodsTable(methods) {
  const rows = ['| method | HTTP | what it does |', '| --- | --- | --- |'];
  for (const m of methods) {
    const args = m.args.map((a) => `${a.name}${a.required ? '' : '?'}`).join(', ');
    const what = `${m.docs.summary ? sentence(m.docs.summary) : ''}${m.docs.spendsMoney ? ' **Spends money.**' : ''}`;
    rows.push(`| \`sfc.${[...m.resource, m.name].join('.')}(${args})\` | \`${m.httpMethod} ${m.path}\` | ${what.trim()} |`);
  }
  return rows.join('\n');
}

/** An example call of the method, from the spec's examples: `const node = await sfc.nodes.get('n_1');`. */
export function exampleCall(m) {
  const args = [];
  for (const a of m.args) {
    if (a.example === undefined) {
      if (a.required) args.push(a.source === 'path' ? "'…'" : '{ … }');
      else break;
    } else {
      args.push(literal(a.example));
    }
  }
  const call = `sfc.${[...m.resource, m.name].join('.')}(${args.join(', ')})`;
  return [m.response === 'json' ? `const result = await ${call};` : `await ${call};`];
}

/** A value as a TypeScript literal on one line (short strings single-quoted). */
function literal(value) {
  if (typeof value === 'string') {
    // JSON's escapes are valid in TypeScript; turned into a single-quoted literal, with the line
    // and paragraph separators escaped too.
    const inner = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
    return `'${inner.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
  }
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (isObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${propertyKey(k)}: ${literal(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

function sentence(text) {
  const t = oneLine(text);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function oneLine(text) {
  return String(text).trim().replace(/\s+/g, ' ');
}

function jsdoc(lines, indent) {
  const body = lines.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l.replace(/\*\//g, '*\\/')}`));
  return [`${indent}/**`, ...body, `${indent} */`];
}
