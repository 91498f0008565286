#!/usr/bin/env node
// What changed between two versions of openapi.yaml, and whether each change breaks this client.
//
//   npm run spec:diff -- [old] [new] [--allow-breaking] [--json]
//
// old defaults to the spec committed at HEAD, new to the working copy. Exits 1 when a change is
// breaking, unless --allow-breaking. The raw differences come from api-smart-diff (which follows
// every $ref, so a change in a shared schema is reported once per operation that uses it); the
// classification is ours, made for a *client*: what we send must stay acceptable, what we read
// must keep its promises.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiCompare } from 'api-smart-diff';
import { parse } from 'yaml';

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

/**
 * Every difference under `paths`, classified: `breaking`, `non-breaking` or `annotation`.
 * Each entry: { severity, operation, where, message, path }.
 */
export function classifyChanges(before, after) {
  const { diffs } = apiCompare(before, after);
  const changes = [];
  const seen = new Set();
  // How the client authenticates and where it sends requests: any change there needs a look.
  for (const key of ['security', 'servers']) {
    if (JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])) {
      changes.push(make('breaking', '*', key, `${key} changed: ${show(before?.[key])} → ${show(after?.[key])}`, [key]));
    }
  }
  if (JSON.stringify(before?.components?.securitySchemes) !== JSON.stringify(after?.components?.securitySchemes)) {
    changes.push(make('breaking', '*', 'securitySchemes', 'authentication scheme changed', ['components', 'securitySchemes']));
  }
  for (const diff of diffs) {
    if (diff.path[0] !== 'paths') continue; // components are reported through the operations using them
    for (const change of [classify(diff)].flat()) {
      if (!change) continue;
      const key = `${change.severity}|${change.operation}|${change.where}|${change.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push(change);
    }
  }
  return changes;
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
      ? make('non-breaking', operation, 'operation', 'operation added', diff.path)
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
      return make(
        diff.after?.required ? 'breaking' : 'non-breaking',
        operation,
        `parameter ${name}`,
        `${diff.after?.required ? 'required' : 'optional'} ${diff.after?.in ?? ''} parameter added`.replace('  ', ' '),
        diff.path,
      );
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
    } else {
      severity = 'breaking';
      message = `field ${last} ${diff.action === 'remove' ? 'removed' : 'replaced'}`;
    }
  } else if (keyword === 'enum') {
    const narrowed = diff.action === 'remove';
    // Fewer values breaks what we send; more values breaks what we read.
    severity = request === narrowed ? 'breaking' : diff.action === 'replace' ? 'breaking' : 'non-breaking';
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
  return make(severity, operation, `${base}${field ? ` ${field}` : ''}`, message, diff.path);
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

/** The lines a reviewer reads (and can paste into a changelog). */
export function report(changes) {
  const lines = [];
  for (const severity of ['breaking', 'non-breaking', 'annotation']) {
    const group = changes.filter((c) => c.severity === severity);
    lines.push(
      `${severity === 'breaking' ? 'Breaking' : severity === 'non-breaking' ? 'Not breaking' : 'Documentation only'} (${group.length})`,
    );
    for (const c of group) lines.push(`  - ${c.operation} · ${c.where}: ${c.message}`);
  }
  return lines.join('\n');
}

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
  const changes = classifyChanges(loadSpec(oldSource, root), loadSpec(newSource, root));
  if (args.includes('--json')) console.log(JSON.stringify(changes, null, 2));
  else console.log(`spec:diff ${oldSource} → ${newSource}\n${report(changes)}`);
  const breaking = changes.filter((c) => c.severity === 'breaking').length;
  if (breaking > 0 && !args.includes('--allow-breaking')) {
    console.error(`\n${breaking} breaking change(s). Re-run with --allow-breaking to accept them.`);
    process.exit(1);
  }
}
