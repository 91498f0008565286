#!/usr/bin/env node
// How openapi.yaml differs from the API's own published description.
//
//   npm run spec:drift -- upstream.json [--json] [--ours FILE]
//
// Operations are paired by method and path (parameter names ignored), then, among those left, by
// operationId spelled without case or punctuation (list_events = listEvents): such a pair is
// reported as the same operation on another path. For each pair, the query and path parameters,
// the JSON request body and the first 2xx JSON response are compared field by field, following
// $refs in each document (schema names need not agree) and reading every spelling of null alike.
// Drift is information: the command exits 0 whatever it finds, and 2 only when it cannot read
// its arguments or files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { merge } from 'allof-merge';
import { parse } from 'yaml';
import { deref, shapeOf } from './schema-shape.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// Header and cookie parameters are left out: the client sets its own (auth), and the published
// documents declare them unevenly.
const PARAMETER_PLACES = ['path', 'query'];
// A self-referencing pair of schemas is compared once along a path; this bounds the rest.
const MAX_DEPTH = 40;

/** What each kind of finding means, in the order the report lists them. */
export const KINDS = {
  'missing-operation': 'upstream has the operation, ours lacks it',
  'extra-operation': 'ours has the operation, upstream lacks it',
  'other-path': 'the same operation (by operationId) on another path',
  'missing-field': 'upstream has the field (or parameter, body, variant), ours lacks it',
  'extra-field': 'ours has the field, upstream lacks it',
  type: 'the JSON types differ',
  enum: 'the allowed values differ',
  nullable: 'one side allows null, the other does not',
  required: 'one side requires it, the other does not',
  constraint: 'upstream declares a rule ours lacks, or both declare it with other values',
  'constraint-only-ours': 'rules only ours declares (expected: ours follows the reference pages)',
};

/**
 * The drift between our document and upstream's: every finding, in the order of our operations
 * (then upstream's unmatched ones), and counts. Neither document is changed.
 *
 * @example compareSpecs(parse(ours), JSON.parse(upstream)).findings.filter((f) => f.kind === 'type')
 */
export function compareSpecs(ours, upstream) {
  const notes = [];
  const docs = { ours: mergeAllOf(ours, 'ours', notes), upstream: mergeAllOf(upstream, 'upstream', notes) };
  const { pairs, onlyOurs, onlyUpstream } = matchOperations(operationsOf(docs.ours), operationsOf(docs.upstream));
  const findings = [];
  for (const { ours: a, upstream: b, by } of pairs) {
    const context = { findings, docs, operation: a.label, operationId: a.operationId, seen: new Set(), unresolved: new Set() };
    if (by === 'operationId') {
      add(context, 'other-path', 'operation', '', `upstream has it as ${b.label}${b.operationId ? ` (${b.operationId})` : ''}`, {
        ours: a.label,
        upstream: b.label,
      });
    }
    compareParameters(context, a, b);
    compareBodies(context, a, b);
    compareResponses(context, a, b);
    for (const ref of context.unresolved) notes.push(`${a.label}: could not follow ${ref}`);
  }
  for (const a of onlyOurs) {
    findings.push({ kind: 'extra-operation', operation: a.label, operationId: a.operationId, where: 'operation', path: '', message: '' });
  }
  for (const b of onlyUpstream) {
    findings.push({
      kind: 'missing-operation',
      operation: b.label,
      operationId: b.operationId,
      group: pathGroup(b.path),
      where: 'operation',
      path: '',
      message: '',
    });
  }
  const counts = Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, findings.filter((f) => f.kind === kind).length]));
  return {
    ours: describe(docs.ours, pairs.length + onlyOurs.length),
    upstream: describe(docs.upstream, pairs.length + onlyUpstream.length),
    shared: pairs.length,
    counts,
    findings,
    notes: [...new Set(notes)],
  };
}

/** The title, version and operation count of a document, for the report's heading. */
function describe(doc, operations) {
  return { title: doc.info?.title ?? '', version: doc.info?.version ?? '', openapi: String(doc.openapi ?? ''), operations };
}

/** The document with every allOf merged into one schema, its conflicts noted. */
function mergeAllOf(doc, side, notes) {
  return merge(doc, {
    mergeRefSibling: true,
    onMergeError: (message, path) => notes.push(`${side}: allOf at ${path.join('/')} not merged: ${message}`),
    onRefResolveError: (message, _path, ref) => notes.push(`${side}: ${ref}: ${message}`),
  });
}

/**
 * The group a path is listed under: up to and including its version segment (`/preview/v2`,
 * `/v1`), or its first segment when it has none.
 *
 * @example pathGroup('/preview/v2/capacities/{id}') // '/preview/v2'
 */
export function pathGroup(path) {
  const segments = path.split('/').filter(Boolean);
  const version = segments.findIndex((s) => /^v\d+(?:[a-z]+\d*)?$/i.test(s));
  return `/${segments.slice(0, version >= 0 ? version + 1 : 1).join('/')}`;
}

/** Every operation of a document, with the parameters its path item gives all of them. */
function operationsOf(doc) {
  const operations = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(rawItem, doc).schema;
    for (const method of METHODS) {
      const operation = item[method];
      if (typeof operation !== 'object' || operation === null) continue;
      operations.push({
        method,
        path,
        label: `${method.toUpperCase()} ${path}`,
        key: `${method} ${path.replace(/\/+$/, '').replace(/\{[^}]*\}/g, '{}')}`,
        operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
        operation,
        shared: Array.isArray(item.parameters) ? item.parameters : [],
      });
    }
  }
  return operations;
}

/** The spelling of an operationId two naming styles share: list_events and listEvents alike. */
function idKey(id) {
  return id?.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Pairs of operations, by method and path first; among those left, by operationId when it names
 * exactly one operation on each side.
 */
function matchOperations(ours, upstream) {
  const byKey = new Map(upstream.map((op) => [op.key, op]));
  const pairs = [];
  const taken = new Set();
  const left = [];
  for (const op of ours) {
    const other = byKey.get(op.key);
    if (other && !taken.has(other)) {
      pairs.push({ ours: op, upstream: other, by: 'path' });
      taken.add(other);
    } else left.push(op);
  }
  const unique = (ops) => {
    const found = new Map();
    for (const op of ops) {
      const key = idKey(op.operationId);
      if (key) found.set(key, found.has(key) ? null : op);
    }
    return found;
  };
  const upstreamIds = unique(upstream.filter((op) => !taken.has(op)));
  const oursIds = unique(left);
  const onlyOurs = [];
  for (const op of left) {
    const key = idKey(op.operationId);
    const other = key && oursIds.get(key) ? upstreamIds.get(key) : undefined;
    if (other) {
      pairs.push({ ours: op, upstream: other, by: 'operationId' });
      taken.add(other);
    } else onlyOurs.push(op);
  }
  const order = new Map(ours.map((op, i) => [op, i]));
  pairs.sort((x, y) => order.get(x.ours) - order.get(y.ours));
  return { pairs, onlyOurs, onlyUpstream: upstream.filter((op) => !taken.has(op)) };
}

/**
 * An operation's query and path parameters by place and name (the operation's own over its path
 * item's). Path parameters are named by their position in the path, so that `{id}` and
 * `{node_id}` in the same place pair up.
 */
function parametersOf(op, doc) {
  const found = new Map();
  for (const raw of [...op.shared, ...(Array.isArray(op.operation.parameters) ? op.operation.parameters : [])]) {
    const parameter = deref(raw, doc).schema;
    if (!PARAMETER_PLACES.includes(parameter.in) || typeof parameter.name !== 'string') continue;
    found.set(`${parameter.in} ${parameter.name}`, parameter);
  }
  const positions = [...op.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const keyed = new Map();
  for (const parameter of found.values()) {
    const position = positions.indexOf(parameter.name);
    keyed.set(parameter.in === 'path' && position >= 0 ? `path #${position}` : `${parameter.in} ${parameter.name}`, parameter);
  }
  return keyed;
}

function compareParameters(context, a, b) {
  const ours = parametersOf(a, context.docs.ours);
  const upstream = parametersOf(b, context.docs.upstream);
  for (const [key, theirs] of upstream) {
    if (!ours.has(key)) add(context, 'missing-field', `${theirs.in} parameter ${theirs.name}`, '', 'upstream has it, ours does not');
  }
  for (const [key, mine] of ours) {
    const theirs = upstream.get(key);
    const where = `${mine.in} parameter ${mine.name}${theirs && theirs.name !== mine.name ? ` (upstream ${theirs.name})` : ''}`;
    if (!theirs) {
      add(context, 'extra-field', where, '', 'ours has it, upstream does not');
      continue;
    }
    if (mine.in !== 'path' && Boolean(mine.required) !== Boolean(theirs.required)) {
      add(context, 'required', where, '', requiredMessage(Boolean(mine.required)), {
        ours: Boolean(mine.required),
        upstream: Boolean(theirs.required),
      });
    }
    compareSchemas(context, where, '', parameterSchema(mine), parameterSchema(theirs), 0);
  }
}

/** A parameter's schema, given directly or under its one media type. */
function parameterSchema(parameter) {
  return parameter.schema ?? Object.values(parameter.content ?? {})[0]?.schema ?? {};
}

/** The JSON schema of a request body or response (the first JSON media type), or undefined. */
function jsonSchema(holder) {
  const content = holder?.content ?? {};
  const type = Object.keys(content).find((t) => /^application\/(?:[\w.-]+\+)?json\b/i.test(t));
  return type === undefined ? undefined : (content[type]?.schema ?? {});
}

function compareBodies(context, a, b) {
  const mine = deref(a.operation.requestBody, context.docs.ours).schema;
  const theirs = deref(b.operation.requestBody, context.docs.upstream).schema;
  const [ours, upstream] = [jsonSchema(mine), jsonSchema(theirs)];
  if (ours === undefined && upstream === undefined) return;
  if (ours === undefined) return add(context, 'missing-field', 'request', '', 'upstream takes a JSON body, ours does not');
  if (upstream === undefined) return add(context, 'extra-field', 'request', '', 'ours takes a JSON body, upstream does not');
  if (Boolean(mine.required) !== Boolean(theirs.required)) {
    add(context, 'required', 'request', '', `${requiredMessage(Boolean(mine.required))} (the body)`, {
      ours: Boolean(mine.required),
      upstream: Boolean(theirs.required),
    });
  }
  compareSchemas(context, 'request', '', ours, upstream, 0);
}

/** The first 2xx response, by status, that has a JSON body: [status, schema], or undefined. */
function successBody(operation, doc) {
  const statuses = Object.keys(operation.responses ?? {})
    .filter((s) => /^2(?:\d\d|XX)$/i.test(s))
    .sort();
  for (const status of statuses) {
    const schema = jsonSchema(deref(operation.responses[status], doc).schema);
    if (schema !== undefined) return [status, schema];
  }
  return undefined;
}

function compareResponses(context, a, b) {
  const ours = successBody(a.operation, context.docs.ours);
  const upstream = successBody(b.operation, context.docs.upstream);
  if (!ours && !upstream) return;
  if (!ours) return add(context, 'missing-field', `response ${upstream[0]}`, '', 'upstream answers with a JSON body, ours does not');
  if (!upstream) return add(context, 'extra-field', `response ${ours[0]}`, '', 'ours answers with a JSON body, upstream does not');
  const where = ours[0] === upstream[0] ? `response ${ours[0]}` : `response ${ours[0]} (upstream ${upstream[0]})`;
  compareSchemas(context, where, '', ours[1], upstream[1], 0);
}

/**
 * Compares two schemas and everything under them. Fields are named by path: `/data[]/status` is
 * `status` in the items of the array `data`; `/details(type=refund)` a branch of a union (by the
 * property every branch fixes, else by position, `(#1)`). Union branches are paired by that key
 * when both documents key them by the same property, else by position; whether a union is oneOf
 * or anyOf is not compared (the published documents do not say it consistently).
 */
function compareSchemas(context, where, path, oursSchema, upstreamSchema, depth) {
  const a = shapeOf(oursSchema, context.docs.ours);
  const b = shapeOf(upstreamSchema, context.docs.upstream);
  for (const ref of [...a.unresolved, ...b.unresolved]) context.unresolved.add(ref);
  if (a.ref && b.ref) {
    const pair = `${a.ref} ${b.ref}`;
    if (context.seen.has(pair) || depth > MAX_DEPTH) return;
    context = { ...context, seen: new Set([...context.seen, pair]) };
  }
  const known = (s) => s.types.length > 0 || s.enum !== undefined;
  if (a.types.length > 0 && b.types.length > 0 && a.types.join() !== b.types.join()) {
    add(context, 'type', where, path, `upstream ${typeName(b)}, ours ${typeName(a)}`, { ours: a.types, upstream: b.types });
  }
  if (known(a) && known(b) && a.nullable !== b.nullable) {
    add(context, 'nullable', where, path, a.nullable ? 'ours allows null, upstream does not' : 'upstream allows null, ours does not', {
      ours: a.nullable,
      upstream: b.nullable,
    });
  }
  compareEnums(context, where, path, a, b);
  compareRules(context, where, path, a.rules, b.rules);
  if (a.properties && b.properties) {
    for (const name of Object.keys(b.properties)) {
      if (!(name in a.properties)) {
        const type = typeName(shapeOf(b.properties[name], context.docs.upstream));
        add(context, 'missing-field', where, `${path}/${name}`, `upstream has it${type ? ` (${type})` : ''}, ours does not`);
      }
    }
    for (const [name, schema] of Object.entries(a.properties)) {
      if (!(name in b.properties)) {
        const type = typeName(shapeOf(schema, context.docs.ours));
        add(context, 'extra-field', where, `${path}/${name}`, `ours has it${type ? ` (${type})` : ''}, upstream does not`);
        continue;
      }
      const [mine, theirs] = [a.required.includes(name), b.required.includes(name)];
      if (mine !== theirs) add(context, 'required', where, `${path}/${name}`, requiredMessage(mine), { ours: mine, upstream: theirs });
      compareSchemas(context, where, `${path}/${name}`, schema, b.properties[name], depth + 1);
    }
  }
  if (a.items && b.items) compareSchemas(context, where, `${path}[]`, a.items, b.items, depth + 1);
  if (a.variants && b.variants) compareVariants(context, where, path, a.variants, b.variants, depth);
}

function compareVariants(context, where, path, ours, upstream, depth) {
  const keyed = ours.by !== null && ours.by === upstream.by;
  const key = (v) => (keyed ? v.key : `#${v.index}`);
  const theirs = new Map(upstream.list.map((v) => [key(v), v]));
  const mine = new Map(ours.list.map((v) => [key(v), v]));
  for (const [k, v] of theirs) {
    if (!mine.has(k)) add(context, 'missing-field', where, `${path}(${k})`, 'upstream has this branch, ours does not', { upstream: v.key });
  }
  for (const [k, v] of mine) {
    const other = theirs.get(k);
    if (!other) add(context, 'extra-field', where, `${path}(${k})`, 'ours has this branch, upstream does not', { ours: v.key });
    else compareSchemas(context, where, `${path}(${k})`, v.schema, other.schema, depth + 1);
  }
}

function compareEnums(context, where, path, a, b) {
  if (b.enum === undefined) return; // an enum only ours declares is a rule only ours declares
  const mine = new Set((a.enum ?? []).map((v) => JSON.stringify(v)));
  const theirs = new Set(b.enum.map((v) => JSON.stringify(v)));
  const onlyUpstream = [...theirs].filter((v) => !mine.has(v));
  const onlyOurs = [...mine].filter((v) => !theirs.has(v));
  if (a.enum === undefined) {
    add(context, 'enum', where, path, `upstream allows only ${[...theirs].join(', ')}; ours any ${typeName(a) || 'value'}`, {
      onlyUpstream: b.enum,
      onlyOurs: [],
    });
  } else if (onlyUpstream.length > 0 || onlyOurs.length > 0) {
    const parts = [
      onlyUpstream.length && `only upstream ${onlyUpstream.join(', ')}`,
      onlyOurs.length && `only ours ${onlyOurs.join(', ')}`,
    ];
    add(context, 'enum', where, path, parts.filter(Boolean).join('; '), {
      onlyUpstream: onlyUpstream.map((v) => JSON.parse(v)),
      onlyOurs: onlyOurs.map((v) => JSON.parse(v)),
    });
  }
}

function compareRules(context, where, path, ours, upstream) {
  const onlyOurs = Object.fromEntries(Object.entries(ours).filter(([key]) => !(key in upstream)));
  for (const [key, value] of Object.entries(upstream)) {
    if (!(key in ours))
      add(context, 'constraint', where, path, `upstream ${key} ${show(value)}, ours none`, { upstream: { [key]: value } });
    else if (JSON.stringify(ours[key]) !== JSON.stringify(value)) {
      add(context, 'constraint', where, path, `upstream ${key} ${show(value)}, ours ${show(ours[key])}`, {
        ours: { [key]: ours[key] },
        upstream: { [key]: value },
      });
    }
  }
  if (Object.keys(onlyOurs).length > 0) {
    const text = Object.entries(onlyOurs)
      .map(([key, value]) => `${key} ${show(value)}`)
      .join(', ');
    add(context, 'constraint-only-ours', where, path, text, { ours: onlyOurs });
  }
}

function requiredMessage(oursRequires) {
  return oursRequires ? 'ours requires it, upstream does not' : 'upstream requires it, ours does not';
}

/** `string`, `integer|string`, or `any of 2` for a union whose branches say no type. */
function typeName(shape) {
  if (shape.types.length > 0) return shape.types.join('|');
  if (shape.enum?.length) return 'enum';
  return shape.variants ? `any of ${shape.variants.list.length}` : '';
}

function show(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function add(context, kind, where, path, message, values = {}) {
  context.findings.push({ kind, operation: context.operation, operationId: context.operationId, where, path, message, ...values });
}

/**
 * The report as a person reads it: operations only upstream (grouped by path prefix), only ours,
 * paired on another path; the disagreements of each shared operation; then, apart, the rules
 * only ours declares. `names` label the two documents in the heading.
 *
 * @example renderDrift(compareSpecs(ours, upstream), { ours: 'openapi.yaml', upstream: 'upstream.json' })
 */
export function renderDrift(report, names = { ours: 'ours', upstream: 'upstream' }) {
  const { counts, findings } = report;
  const disagreements = findings.filter(
    (f) => !['missing-operation', 'extra-operation', 'other-path', 'constraint-only-ours'].includes(f.kind),
  );
  const lines = [
    `spec:drift ${names.ours} (${plural(report.ours.operations, 'operation')}) against ${names.upstream} (${plural(report.upstream.operations, 'operation')})`,
    `${report.shared} shared (${counts['other-path']} on another path), ${counts['missing-operation']} only upstream, ` +
      `${counts['extra-operation']} only ours; ${plural(disagreements.length, 'disagreement')}; ` +
      `${plural(counts['constraint-only-ours'], 'field')} with rules only ours declares`,
  ];
  const missing = findings.filter((f) => f.kind === 'missing-operation');
  lines.push('', `Only upstream (${missing.length}): operations ours lacks, by path prefix`);
  for (const group of [...new Set(missing.map((f) => f.group))].sort()) {
    const inGroup = missing.filter((f) => f.group === group);
    lines.push(`  ${group} (${inGroup.length})`);
    for (const f of inGroup) lines.push(`    ${f.operation}${f.operationId ? `  ${f.operationId}` : ''}`);
  }
  const extra = findings.filter((f) => f.kind === 'extra-operation');
  lines.push('', `Only ours (${extra.length})`);
  for (const f of extra) lines.push(`  ${f.operation}${f.operationId ? `  ${f.operationId}` : ''}`);
  const moved = findings.filter((f) => f.kind === 'other-path');
  if (moved.length > 0) {
    lines.push('', `Same operation, other path (${moved.length})`);
    for (const f of moved) lines.push(`  ${f.operation}${f.operationId ? `  ${f.operationId}` : ''}: ${f.message}`);
  }
  lines.push('', `Disagreements in shared operations (${disagreements.length})`);
  lines.push(...byOperation(disagreements, (f) => `${f.kind.padEnd(13)} ${place(f)}: ${f.message}`));
  const rules = findings.filter((f) => f.kind === 'constraint-only-ours');
  lines.push('', `Rules only ours declares (${rules.length}; expected: ours is written from the reference pages)`);
  lines.push(...byOperation(rules, (f) => `${place(f)}: ${f.message}`));
  if (report.notes.length > 0) lines.push('', `Notes (${report.notes.length})`, ...report.notes.map((n) => `  ${n}`));
  return lines.join('\n');
}

/** Findings under a heading per operation, in the order found. */
function byOperation(findings, line) {
  const lines = [];
  let current;
  for (const f of findings) {
    if (f.operation !== current) {
      current = f.operation;
      lines.push(`  ${f.operation}${f.operationId ? `  ${f.operationId}` : ''}`);
    }
    lines.push(`    ${line(f)}`);
  }
  return lines;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function place(finding) {
  return finding.path ? `${finding.where} ${finding.path}` : finding.where;
}

/** A refusal of the command line or of a file: printed as is, exit 2. */
export class DriftInputError extends Error {}

/**
 * A JSON or YAML file read as an OpenAPI 3 document; throws DriftInputError, saying why, when it
 * cannot be read or is not one.
 *
 * @example readSpec('upstream.json')
 */
export function readSpec(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DriftInputError(`cannot read ${file}: ${error.message}`);
  }
  let doc;
  try {
    doc = parse(text); // YAML 1.2 reads JSON too
  } catch (error) {
    throw new DriftInputError(`${file} is neither JSON nor YAML: ${error.message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new DriftInputError(`${file} is not an OpenAPI document`);
  if (doc.swagger !== undefined) throw new DriftInputError(`${file} is Swagger ${doc.swagger}; only OpenAPI 3 documents are read`);
  if (!/^3\./.test(String(doc.openapi ?? '')) || typeof doc.paths !== 'object' || doc.paths === null) {
    throw new DriftInputError(`${file} is not an OpenAPI 3 document (it needs "openapi: 3.x" and "paths")`);
  }
  return doc;
}

const USAGE = 'usage: npm run spec:drift -- UPSTREAM_FILE [--json] [--ours FILE]';

/** The command: reads the arguments, prints the report, returns the exit code (0, or 2 on bad input). */
export function main(args, root, out = console.log, err = console.error) {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { json: { type: 'boolean' }, ours: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      });
    } catch (error) {
      throw new DriftInputError(`${error.message}\n${USAGE}`);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      out(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new DriftInputError(`expected one upstream file, got ${positionals.length}\n${USAGE}`);
    const oursFile = values.ours ?? `${root}openapi.yaml`;
    const report = compareSpecs(readSpec(oursFile), readSpec(positionals[0]));
    out(
      values.json
        ? JSON.stringify(report, null, 2)
        : renderDrift(report, { ours: values.ours ?? 'openapi.yaml', upstream: positionals[0] }),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof DriftInputError)) throw error;
    err(`spec:drift: ${error.message}`);
    return 2;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));
}
