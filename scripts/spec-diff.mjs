#!/usr/bin/env node
// What changed between two versions of openapi.yaml, and whether each change breaks this client.
//
//   npm run spec:diff -- [old] [new] [--allow-breaking] [--json]
//
// old defaults to the spec committed at HEAD, new to the working copy. Exits 1 when a change is
// breaking, unless --allow-breaking. The raw differences come from api-smart-diff (which follows
// every $ref, so a change in a shared schema is reported once per operation that uses it); the
// classification is ours, made for a *client*: what we send must stay acceptable, what we read
// must keep its promises. Each change names the client methods it touches (from the operations'
// x-sfc-method), and a breaking one says where to look. An operation that keeps its operationId
// under a new path is reported as moved, since its method's callers do not notice.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiCompare } from 'api-smart-diff';
import { parse } from 'yaml';
import { RESOURCES_FILE, buildResourceMethods } from './resource-methods.mjs';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']);
const ANNOTATIONS = new Set([
  'description',
  'summary',
  'example',
  'examples',
  'title',
  'externalDocs',
  'tags',
  'deprecated',
  'default',
  'operationId',
  'readOnly',
  'writeOnly',
  'contentEncoding',
]);
/** Keywords that narrow what a value may be. */
const CONSTRAINTS = new Set([
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'const',
  'format',
  'not',
  'if',
  'then',
  'else',
  'additionalProperties',
  'minProperties',
  'maxProperties',
]);

/** Where the generator writes the client's methods: the first file to open for a breaking change. */
export const GENERATED_METHODS_FILE = RESOURCES_FILE;
/** Folders whose files may pin an enum value as a literal: our tests and the fake. */
export const PIN_FOLDERS = ['test', 'src/testing'];

/**
 * Every difference under `paths`, classified: `breaking`, `non-breaking` or `annotation`.
 * Each entry: { severity, kind, operation, where, message, path, methods, schema?, field?, ... };
 * `methods` are the client methods affected (`sfc.nodes.extend`), from each operation's
 * `x-sfc-method` in the old spec (the new one for an added operation). An operation whose
 * operationId stays while its method or path changes is one `moved` entry, not a removal and an
 * addition; what else changed in it is listed as for any operation.
 */
export function classifyChanges(before, after) {
  const moves = findMoves(before, after);
  // Compare the moved operations where they are now, so that only real shape changes remain.
  const { spec: relocated, displaced } = relocate(before, moves);
  const { diffs } = apiCompare(relocated, after);
  const changes = [];
  const seen = new Set();
  const everyMethod = [...new Set([...operationsOf(before), ...operationsOf(after)].map((o) => o.method).filter(Boolean))];
  // How the client authenticates and where it sends requests: any change there needs a look.
  for (const key of ['security', 'servers']) {
    if (JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])) {
      changes.push({
        ...make('breaking', '*', key, `${key} changed: ${show(before?.[key])} → ${show(after?.[key])}`, [key]),
        methods: everyMethod,
      });
    }
  }
  if (JSON.stringify(before?.components?.securitySchemes) !== JSON.stringify(after?.components?.securitySchemes)) {
    changes.push({
      ...make('breaking', '*', 'securitySchemes', 'authentication scheme changed', ['components', 'securitySchemes']),
      methods: everyMethod,
    });
  }
  for (const op of displaced) {
    changes.push({
      ...make('breaking', `${op.verb.toUpperCase()} ${op.path}`, 'operation', 'operation removed', ['paths', op.path, op.verb]),
      methods: op.method ? [op.method] : [],
    });
  }
  for (const diff of diffs) {
    if (diff.path[0] !== 'paths') continue; // components are reported through the operations using them
    const context = contextOf(diff, relocated, after);
    for (const change of [classify(diff)].flat()) {
      if (!change) continue;
      const key = `${change.severity}|${change.operation}|${change.where}|${change.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push({ ...change, ...context, kind: change.kind ?? 'change' });
    }
  }
  changes.push(...argumentChanges(before, after));
  for (const move of moves) {
    const operation = `${move.to.verb.toUpperCase()} ${move.to.path}`;
    const from = `${move.from.verb.toUpperCase()} ${move.from.path}`;
    const alsoChanged = changes.some((c) => c.operation === operation && c.severity !== 'annotation');
    changes.push({
      ...make(
        'non-breaking',
        operation,
        'operation',
        `moved from ${from} (${alsoChanged ? 'its other changes are listed apart' : 'request and response unchanged'}): ` +
          'callers of the method change nothing; sfc.raw callers must use the new path',
        ['paths', move.to.path, move.to.verb],
      ),
      kind: 'moved',
      from,
      methods: [move.from.method ?? move.to.method].filter(Boolean),
    });
  }
  return changes;
}

/**
 * Operations whose generated method takes other arguments than before (a first query or body, path
 * parameters in another order, a body that became fixed): the callers' arguments would shift, even
 * where each change alone is additive. Specs the generator refuses are not compared here.
 */
function argumentChanges(before, after) {
  const signatures = (spec) => {
    try {
      return new Map(
        buildResourceMethods(spec).map((m) => [
          m.operationId,
          {
            method: `sfc.${[...m.resource, m.name].join('.')}`,
            args: m.args.map((a) => `${a.name}${a.required ? '' : '?'}`).join(', '),
            m,
          },
        ]),
      );
    } catch {
      return new Map();
    }
  };
  const old = signatures(before);
  const changes = [];
  for (const [id, now] of signatures(after)) {
    const was = old.get(id);
    if (!was || was.args === now.args) continue;
    const operation = `${now.m.httpMethod} ${now.m.path}`;
    changes.push({
      ...make('breaking', operation, 'client method', `arguments (${was.args}) → (${now.args}): callers' arguments would shift`, [
        'paths',
        now.m.path,
        now.m.httpMethod.toLowerCase(),
      ]),
      methods: [was.method],
    });
  }
  return changes;
}

/** Each operation of a spec: where it is, its operationId and its client method (`sfc.…`). */
function operationsOf(spec) {
  const operations = [];
  for (const [path, item] of Object.entries(spec?.paths ?? {})) {
    for (const [verb, op] of Object.entries(item ?? {})) {
      if (!METHODS.has(verb) || !op || typeof op !== 'object') continue;
      operations.push({ path, verb, id: op.operationId, method: clientMethod(op) });
    }
  }
  return operations;
}

/** `sfc.` + the operation's x-sfc-method, or undefined when it has none. */
function clientMethod(op) {
  const name = op?.['x-sfc-method'];
  return typeof name === 'string' && name !== '' ? `sfc.${name}` : undefined;
}

/** Operations whose operationId is in both specs at a different method or path. */
function findMoves(before, after) {
  const now = new Map(operationsOf(after).map((o) => [o.id, o]));
  const moves = [];
  for (const from of operationsOf(before)) {
    const to = from.id === undefined ? undefined : now.get(from.id);
    if (to && (to.path !== from.path || to.verb !== from.verb)) moves.push({ from, to });
  }
  return moves;
}

/**
 * A copy of `before` with each moved operation at its new place, carrying the parameters of its
 * old path item (the diff merges a path item's parameters into each of its operations, so they
 * must travel with the operation). An operation that was at the new place, and did not move
 * away itself, is returned as `displaced`: it is gone from the new spec.
 */
function relocate(before, moves) {
  if (moves.length === 0) return { spec: before, displaced: [] };
  const spec = structuredClone(before);
  const taken = [];
  for (const { from } of moves) {
    const item = spec.paths[from.path];
    const op = item[from.verb];
    if (Array.isArray(item.parameters)) op.parameters = [...(op.parameters ?? []), ...item.parameters];
    taken.push(op);
    delete item[from.verb];
    if (!Object.keys(item).some((key) => METHODS.has(key))) delete spec.paths[from.path];
  }
  const displaced = [];
  moves.forEach(({ to }, i) => {
    const op = taken[i];
    const item = (spec.paths[to.path] ??= {});
    if (item[to.verb]) {
      displaced.push({ path: to.path, verb: to.verb, method: clientMethod(item[to.verb]) });
    }
    // Parameters the new place's path item already declares would otherwise count twice.
    if (Array.isArray(item.parameters) && Array.isArray(op.parameters)) {
      const declared = new Set(item.parameters.map((p) => parameterKey(spec, p)));
      op.parameters = op.parameters.filter((p) => !declared.has(parameterKey(spec, p)));
    }
    item[to.verb] = op;
  });
  return { spec, displaced };
}

function parameterKey(spec, parameter) {
  const resolved = deref(spec, parameter).node;
  return `${resolved?.in}:${resolved?.name}`;
}

/** A node with its local `$ref` followed (once per hop), and the last component schema passed. */
function deref(spec, node) {
  let schema;
  for (let hops = 0; node && typeof node === 'object' && typeof node.$ref === 'string' && hops < 20; hops++) {
    const ref = node.$ref;
    if (!ref.startsWith('#/')) break;
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
    if (match) schema = decodeURIComponent(match[1]).replace(/~1/g, '/').replace(/~0/g, '~');
    node = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((at, part) => at?.[part], spec);
  }
  return { node, schema };
}

/**
 * What a raw difference is about, for the reader: the client methods of its operation and, when
 * it lies inside a named component schema, that schema and the field path within it (so that a
 * change in a shared schema can be told once, for every method using it).
 */
function contextOf(diff, relocated, after) {
  const [, path, verb, ...rest] = diff.path.map(String);
  const inOld = relocated?.paths?.[path];
  const inNew = after?.paths?.[path];
  if (verb === undefined || !METHODS.has(verb)) {
    const items = [inOld, inNew].filter(Boolean);
    const methods = items.flatMap((item) =>
      Object.entries(item)
        .filter(([k]) => METHODS.has(k))
        .map(([, op]) => clientMethod(op)),
    );
    return { methods: [...new Set(methods.filter(Boolean))] };
  }
  const op = inOld?.[verb] ?? inNew?.[verb];
  const method = clientMethod(inOld?.[verb]) ?? clientMethod(inNew?.[verb]);
  const context = { methods: method ? [method] : [] };
  // An addition is found in the new spec, anything else in the old one.
  const spec = diff.action === 'add' ? after : relocated;
  const item = spec?.paths?.[path];
  let node = item?.[verb] ?? op;
  let schema;
  let start = 0;
  for (let i = 0; i < rest.length; i++) {
    const step = deref(spec, node);
    if (step.schema) {
      schema = step.schema;
      start = i;
    }
    node = step.node;
    // Parameters are compared as the diff merges them: the operation's, then its path item's.
    node = i === 0 && rest[0] === 'parameters' ? [...(node?.parameters ?? []), ...(item?.parameters ?? [])] : node?.[rest[i]];
  }
  if (schema !== undefined) {
    context.schema = schema;
    context.field = fieldName(rest.slice(start));
  }
  const values = enumValuesRemoved(diff, rest);
  if (values.length > 0) context.enumValues = values;
  return context;
}

/** The string enum values a difference takes away (removed, or replaced by another). */
function enumValuesRemoved(diff, rest) {
  const last = rest.at(-1);
  if (diff.action === 'add') return [];
  if (/^\d+$/.test(last) && rest.at(-2) === 'enum') return typeof diff.before === 'string' ? [diff.before] : [];
  // A whole list replaced by another; a list taken away entirely widens the type, pinning nothing.
  if (last === 'enum' && Array.isArray(diff.before) && Array.isArray(diff.after)) {
    return diff.before.filter((v) => typeof v === 'string' && !diff.after.includes(v));
  }
  return [];
}

/**
 * The keywords along a path inside an operation, without the names between them (property
 * names, status codes, media types, list indexes), so that a field called `description` is not
 * mistaken for the `description` keyword.
 */
function keywordsOf(rest) {
  const keywords = [];
  for (let i = 0; i < rest.length; i++) {
    const key = rest[i];
    keywords.push(key);
    if (['properties', 'patternProperties', '$defs', 'responses', 'content', 'examples', 'dependentSchemas'].includes(key)) i++;
    else if (
      /^\d+$/.test(rest[i + 1] ?? '') &&
      ['parameters', 'allOf', 'anyOf', 'oneOf', 'prefixItems', 'enum', 'required', 'tags', 'type'].includes(key)
    )
      i++;
  }
  return keywords;
}

function classify(diff) {
  const [, path, method, ...rest] = diff.path.map(String);
  if (method === undefined || !METHODS.has(method)) {
    // A whole path item added or removed.
    if (method === undefined) {
      const verb = diff.action === 'add' ? 'added' : diff.action === 'remove' ? 'removed' : 'changed';
      return make(diff.action === 'add' ? 'non-breaking' : 'breaking', `* ${path}`, 'path', `path ${verb}`, diff.path);
    }
    return make('non-breaking', `${path}`, 'path', `${method} ${diff.action}`, diff.path);
  }
  const operation = `${method.toUpperCase()} ${path}`;
  if (rest.length === 0) {
    return diff.action === 'add'
      ? { ...make('non-breaking', operation, 'operation', 'operation added', diff.path), kind: 'operation-added' }
      : make('breaking', operation, 'operation', diff.action === 'remove' ? 'operation removed' : 'operation replaced', diff.path);
  }
  const last = rest.at(-1);
  if (rest[0] === 'x-idempotent') {
    return make(
      'breaking',
      operation,
      'retry policy',
      `x-idempotent ${show(diff.before)} → ${show(diff.after)}: review which failures are retried`,
      diff.path,
    );
  }
  if (rest.length === 1 && (rest[0] === 'x-sfc-method' || rest[0] === 'x-sfc-args')) {
    // The method's name or its positional arguments: every caller's code changes.
    return make(
      'breaking',
      operation,
      'client method',
      `${rest[0]} ${show(diff.before)} → ${show(diff.after)}: callers of the method must change`,
      diff.path,
    );
  }
  const annotation = keywordsOf(rest).find((key) => ANNOTATIONS.has(key) || key.startsWith('x-'));
  if (annotation) {
    return make(
      'annotation',
      operation,
      where(rest),
      `${annotation} ${diff.action === 'add' ? 'added' : diff.action === 'remove' ? 'removed' : 'changed'}`,
      diff.path,
    );
  }
  const side = rest[0] === 'responses' ? 'response' : 'request';
  // A response that appears or disappears: an error status changes nothing for a client that
  // handles any status; a success status that goes away (or changes) can leave it without the
  // body it expects.
  if (rest[0] === 'responses' && rest.length === 2) {
    const success = /^2/.test(rest[1]);
    const verb = diff.action === 'add' ? 'added' : diff.action === 'remove' ? 'removed' : 'changed';
    return make(
      success && diff.action !== 'add' ? 'breaking' : 'non-breaking',
      operation,
      `response ${rest[1]}`,
      `response ${verb}`,
      diff.path,
    );
  }
  if (rest[0] === 'parameters' && rest.length === 1) {
    // The whole parameter list appeared or went: one change per parameter.
    const list = (diff.action === 'remove' ? diff.before : diff.after) ?? [];
    return list.map((param, i) =>
      classifyParameter(
        { ...diff, before: diff.action === 'remove' ? param : undefined, after: diff.action === 'remove' ? undefined : param },
        operation,
        ['parameters', String(i)],
      ),
    );
  }
  if (rest[0] === 'parameters') return classifyParameter(diff, operation, rest);
  if (rest[0] === 'requestBody' && rest.length === 1) {
    // A body the server now requires breaks us; one it no longer takes means we send too much.
    const required = diff.action === 'add' ? diff.after?.required === true : true;
    return make(
      required ? 'breaking' : 'non-breaking',
      operation,
      'request body',
      `request body ${diff.action === 'add' ? 'added' : diff.action === 'remove' ? 'removed' : 'replaced'}`,
      diff.path,
    );
  }
  if (rest[0] === 'requestBody' && last === 'required' && rest.length === 2) {
    return make(
      diff.after === true ? 'breaking' : 'non-breaking',
      operation,
      'request body',
      `request body required: ${show(diff.before)} → ${show(diff.after)}`,
      diff.path,
    );
  }
  return classifySchema(diff, operation, side, rest);
}

function classifyParameter(diff, operation, rest) {
  // parameters, i[, key, ...]
  const name = diff.after?.name ?? diff.before?.name ?? `#${rest[1]}`;
  if (rest.length === 2) {
    if (diff.action === 'add') {
      return {
        ...make(
          diff.after?.required ? 'breaking' : 'non-breaking',
          operation,
          `parameter ${name}`,
          `${diff.after?.required ? 'required' : 'optional'} ${diff.after?.in ?? ''} parameter added`.replace('  ', ' '),
          diff.path,
        ),
        ...(diff.after?.required ? {} : { kind: 'parameter-added', parameter: `${diff.after?.in ?? ''} ${name}`.trim() }),
      };
    }
    return make('breaking', operation, `parameter ${name}`, `parameter ${diff.action === 'remove' ? 'removed' : 'replaced'}`, diff.path);
  }
  if (rest[2] === 'required') {
    return make(
      diff.after === true ? 'breaking' : 'non-breaking',
      operation,
      `parameter #${rest[1]}`,
      `required: ${show(diff.before)} → ${show(diff.after)}`,
      diff.path,
    );
  }
  if (rest[2] === 'schema') return classifySchema(diff, operation, 'request', rest, `parameter #${rest[1]}`);
  return make(
    'breaking',
    operation,
    `parameter #${rest[1]}`,
    `${rest[2]} ${diff.action}: ${show(diff.before)} → ${show(diff.after)}`,
    diff.path,
  );
}

/** A change inside a schema: breaking when what we send may be refused, or what we read may surprise us. */
function classifySchema(diff, operation, side, rest, label = where(rest)) {
  const keys = rest.filter((k) => !/^\d+$/.test(k));
  const last = rest.at(-1);
  const keyword = /^\d+$/.test(last) ? rest.at(-2) : last;
  const field = fieldName(rest);
  const request = side === 'request';
  let severity;
  let message;
  let kind;
  if (keyword === 'required') {
    const value = diff.after ?? diff.before;
    const added = diff.action === 'add' || (diff.action === 'replace' && Array.isArray(diff.after));
    // A new required request field breaks us; a new required response field only promises more.
    severity = request === added ? 'breaking' : 'non-breaking';
    message = `${added ? 'now required' : 'no longer required'}: ${Array.isArray(value) ? value.join(', ') : value}`;
  } else if (keys.at(-2) === 'properties' && keyword === last) {
    // A whole property added or removed.
    if (diff.action === 'add') {
      severity = 'non-breaking';
      message = `field ${last} added`;
      kind = 'field-added';
    } else {
      severity = 'breaking';
      message = `field ${last} ${diff.action === 'remove' ? 'removed' : 'replaced'}`;
    }
  } else if (last === 'enum' && diff.action !== 'replace') {
    // The whole list appears (values narrowed to it) or goes (any value allowed).
    const narrows = diff.action === 'add';
    severity = request === narrows ? 'breaking' : 'non-breaking';
    message = narrows ? `enum added: ${show(diff.after)}` : `enum removed (was ${show(diff.before)})`;
  } else if (keyword === 'enum') {
    // Fewer values breaks what we send; more values breaks what we read. A value a response no
    // longer has breaks typed callers too: code comparing against it no longer compiles.
    severity = diff.action === 'add' && request ? 'non-breaking' : 'breaking';
    message = `enum value ${show(diff.before ?? diff.after)} ${diff.action === 'add' ? 'added' : diff.action === 'remove' ? 'removed' : `→ ${show(diff.after)}`}`;
  } else if (
    keyword === 'type' ||
    keyword === '$ref' ||
    keyword === 'oneOf' ||
    keyword === 'anyOf' ||
    keyword === 'allOf' ||
    keyword === 'items'
  ) {
    severity = 'breaking';
    message = `${keyword} ${show(diff.before)} → ${show(diff.after)}`;
  } else if (CONSTRAINTS.has(keyword)) {
    // On a request, a rule that narrows what we may send breaks us; one that widens it does not.
    // On a response, a narrower rule only promises more, but a `const` that goes away or changes
    // lets values reach the caller that its code never saw.
    const narrows = narrowing(keyword, diff);
    severity = request
      ? narrows
        ? 'breaking'
        : 'non-breaking'
      : keyword === 'const' && diff.action !== 'add'
        ? 'breaking'
        : 'non-breaking';
    message = `${keyword} ${diff.action === 'add' ? `added: ${show(diff.after)}` : diff.action === 'remove' ? `removed (was ${show(diff.before)})` : `${show(diff.before)} → ${show(diff.after)}`}`;
  } else {
    severity = 'breaking';
    message = `${keyword} ${diff.action}: ${show(diff.before)} → ${show(diff.after)} (unrecognised: treated as breaking)`;
  }
  const base = rest[0] === 'parameters' ? label : request ? 'request' : `response ${rest[1]}`;
  const change = make(severity, operation, `${base}${field ? ` ${field}` : ''}`, message, diff.path);
  return kind ? { ...change, kind, property: last } : change;
}

/** Whether a change to a rule narrows the values allowed (unknown cases count as narrowing). */
function narrowing(keyword, diff) {
  if (diff.action === 'remove') return false;
  if (diff.action === 'add') return true;
  const [before, after] = [diff.before, diff.after];
  if (typeof before === 'number' && typeof after === 'number') {
    if (['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'].includes(keyword)) return after > before;
    if (['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'].includes(keyword)) return after < before;
  }
  return true;
}

/** The dotted name of the field a schema path points into, e.g. `data[].zone`. */
function fieldName(rest) {
  const names = [];
  for (let i = 0; i < rest.length; i++) {
    // The property a change is about (the last segment) is named in the message, not here.
    if (rest[i] === 'properties' && i + 1 < rest.length - 1) names.push(rest[i + 1]);
    if (rest[i] === 'items' && names.length > 0) names[names.length - 1] += '[]';
  }
  return names.join('.');
}

function where(rest) {
  if (rest[0] === 'responses') return `response ${rest[1]}`;
  if (rest[0] === 'requestBody') return 'request body';
  if (rest[0] === 'parameters') return `parameter #${rest[1]}`;
  return rest[0];
}

function make(severity, operation, where, message, path) {
  return { severity, operation, where, message, path: path.map(String) };
}

function show(value) {
  if (value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * The breaking changes with where to look added: the file the generator writes the methods
 * into and, for an enum value taken away, the files under `root`'s test and fake folders that
 * hold it as a quoted literal (a test pinning it, or the fake producing it).
 */
export function whereToLook(changes, root) {
  let files;
  const pinned = (value) => {
    files ??= sourceFiles(root, PIN_FOLDERS);
    const quoted = [`'${value}'`, `"${value}"`, `\`${value}\``];
    return files.filter((f) => quoted.some((q) => f.text.includes(q))).map((f) => ({ file: f.file, value }));
  };
  return changes.map((change) =>
    change.severity !== 'breaking'
      ? change
      : { ...change, lookAt: [GENERATED_METHODS_FILE], pinnedIn: (change.enumValues ?? []).flatMap(pinned) },
  );
}

/** The text files of code under `root`'s `folders`, with paths relative to `root` (always `/`). */
function sourceFiles(root, folders) {
  const found = [];
  const walk = (relative) => {
    let entries;
    try {
      entries = readdirSync(join(root, relative), { withFileTypes: true });
    } catch {
      return; // a folder this checkout does not have
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.([cm]?[jt]sx?|json)$/.test(entry.name)) found.push({ file: path, text: readFileSync(join(root, path), 'utf8') });
    }
  };
  for (const folder of folders) walk(folder);
  return found.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * The changes as a reader takes them in: one group per change, where a change inside a shared
 * component schema is one group naming every method using it (the diff reports it once per
 * operation). Each group: { severity, kind, place (schema path or operation), detail, label, message,
 * methods, operations, lookAt, pinnedIn, changes }.
 */
export function groupChanges(changes) {
  const groups = new Map();
  for (const change of changes) {
    const side = change.where.startsWith('response') ? 'responses' : 'requests';
    const shared = change.schema !== undefined;
    const key = shared
      ? `${change.severity}|${change.kind}|${change.schema}|${change.field}|${side}|${change.message}`
      : `${change.severity}|${change.kind}|${change.operation}|${change.where}|${change.message}`;
    let group = groups.get(key);
    if (!group) {
      const place = shared ? `${change.schema}${change.field ? `.${change.field}` : ''}` : change.operation;
      const detail = shared ? `in ${side}` : change.where;
      group = {
        severity: change.severity,
        kind: change.kind ?? 'change',
        place,
        detail,
        label: shared ? `${place} (${detail})` : `${place} · ${detail}`,
        message: change.message,
        methods: [],
        operations: [],
        lookAt: [],
        pinnedIn: [],
        changes: [],
      };
      groups.set(key, group);
    }
    group.changes.push(change);
    addNew(group.methods, change.methods ?? []);
    addNew(group.operations, [change.operation]);
    addNew(group.lookAt, change.lookAt ?? []);
    for (const pin of change.pinnedIn ?? []) {
      if (!group.pinnedIn.some((p) => p.file === pin.file && p.value === pin.value)) group.pinnedIn.push(pin);
    }
  }
  return [...groups.values()];
}

function addNew(list, items) {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

/**
 * What the new spec adds, by name: methods (with their operation), fields (`Node.gpu_count`, by
 * the component schema holding them when there is one) and optional parameters.
 */
export function summarizeAdded(changes) {
  const methods = [];
  const fields = [];
  const parameters = [];
  for (const change of changes) {
    if (change.kind === 'operation-added') {
      for (const method of change.methods?.length ? change.methods : [undefined]) {
        if (!methods.some((m) => m.method === method && m.operation === change.operation))
          methods.push({ method, operation: change.operation });
      }
    } else if (change.kind === 'field-added') {
      const name =
        change.schema !== undefined
          ? `${change.schema}.${change.field ? `${change.field}.` : ''}${change.property}`
          : `${change.methods?.[0] ?? change.operation} ${change.where}.${change.property}`.replace(' request.', ' request body.');
      const known = fields.find((f) => f.field === name);
      if (known) addNew(known.methods, change.methods ?? []);
      else fields.push({ field: name, methods: [...(change.methods ?? [])] });
    } else if (change.kind === 'parameter-added') {
      const method = change.methods?.[0] ?? change.operation;
      if (!parameters.some((p) => p.method === method && p.parameter === change.parameter))
        parameters.push({ method, parameter: change.parameter });
    }
  }
  return { methods, fields, parameters };
}

const HEADINGS = [
  ['breaking', 'Breaking'],
  ['moved', 'Moved'],
  ['non-breaking', 'Not breaking'],
  ['annotation', 'Documentation only'],
];

/** The lines a reviewer reads: each change with the methods it touches and, if breaking, where to look. */
export function report(changes) {
  const groups = groupChanges(changes);
  const lines = [];
  for (const [heading, title] of HEADINGS) {
    const chosen = groups.filter((g) => (heading === 'moved' ? g.kind === 'moved' : g.severity === heading && g.kind !== 'moved'));
    lines.push(`${title} (${chosen.length})`);
    for (const g of chosen) {
      lines.push(`  - ${g.label}: ${g.message}`);
      if (g.operations.includes('*')) lines.push('      methods: every method');
      else if (g.methods.length > 0) lines.push(`      methods: ${g.methods.join(', ')}`);
      if (g.lookAt.length > 0) lines.push(`      look at: ${g.lookAt.join(', ')}`);
      for (const pin of g.pinnedIn) lines.push(`      pinned in: ${pin.file} (${JSON.stringify(pin.value)})`);
    }
  }
  const added = summarizeAdded(changes);
  if (added.methods.length + added.fields.length + added.parameters.length > 0) {
    lines.push('Added');
    if (added.methods.length > 0)
      lines.push(`  methods: ${added.methods.map((m) => (m.method ? `${m.method} (${m.operation})` : m.operation)).join(', ')}`);
    if (added.fields.length > 0) lines.push(`  fields: ${added.fields.map((f) => f.field).join(', ')}`);
    if (added.parameters.length > 0)
      lines.push(`  optional parameters: ${added.parameters.map((p) => `${p.method} ${p.parameter}`).join(', ')}`);
  }
  return lines.join('\n');
}

/** A spec from a file, or from git (`HEAD` or `rev:path`), parsed. */
export function loadSpec(source, root) {
  if (source === 'HEAD' || /^[\w./-]+:[\w./-]+$/.test(source)) {
    const ref = source === 'HEAD' ? 'HEAD:openapi.yaml' : source;
    return parse(execFileSync('git', ['show', ref], { cwd: root, encoding: 'utf8' }));
  }
  return parse(readFileSync(source, 'utf8'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const args = process.argv.slice(2);
  const files = args.filter((a) => !a.startsWith('--'));
  const [oldSource, newSource] = files.length >= 2 ? files : files.length === 1 ? ['HEAD', files[0]] : ['HEAD', `${root}openapi.yaml`];
  const changes = whereToLook(classifyChanges(loadSpec(oldSource, root), loadSpec(newSource, root)), root);
  if (args.includes('--json')) console.log(JSON.stringify(changes, null, 2));
  else console.log(`spec:diff ${oldSource} → ${newSource}\n${report(changes)}`);
  const breaking = groupChanges(changes).filter((g) => g.severity === 'breaking').length;
  if (breaking > 0 && !args.includes('--allow-breaking')) {
    console.error(`\n${breaking} breaking change(s). Re-run with --allow-breaking to accept them.`);
    process.exit(1);
  }
}
