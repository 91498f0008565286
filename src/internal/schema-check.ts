// Runs the validators generated from openapi.yaml (generated/*-validators.ts) and turns their
// raw findings into ValidationIssues: a JSON pointer, the rule in words, and the offending value.
import type { ValidationIssue } from '../errors.js';

/** One finding of a generated validator (the subset of Ajv's error object that the code reads). */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A generated validator: returns whether `data` is valid and leaves its findings in `errors`. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** The request validators of each operation, by the part of the request they check. */
export type RequestValidatorSet = Record<string, { body?: CompiledValidator; path?: CompiledValidator; query?: CompiledValidator }>;
/** The response validators of each operation, by HTTP status. */
export type ResponseValidatorSet = Record<string, Record<string, CompiledValidator>>;

/**
 * Compiled validators for requests and responses, from `sfcompute-client/validators`. The main
 * entry point installs them; `sfcompute-client/core` leaves them out unless passed.
 */
export interface Validators {
  requests: RequestValidatorSet;
  responses: ResponseValidatorSet;
}

/** The parts of a request that are validated, as the caller passed them. */
export interface RequestInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
}

/**
 * Every problem with `input` for `operation`, or an empty list. Body problems are reported at
 * their pointer in the body (`/duration_seconds`), path parameters at `/<name>`, query
 * parameters at `/query/<name>`.
 */
export function checkRequest(validators: RequestValidatorSet, operation: string, input: RequestInput): ValidationIssue[] {
  const own = validators[operation];
  if (!own) return [];
  const issues: ValidationIssue[] = [];
  if (own.path && input.path) issues.push(...run(own.path, input.path, ''));
  if (own.query) issues.push(...run(own.query, input.query ?? {}, '/query'));
  if (own.body && input.body !== undefined) issues.push(...run(own.body, input.body, ''));
  return issues;
}

/**
 * Runs one validator; returns its findings as issues whose paths start with `prefix`. `schemaName`
 * names the component schema a validator was compiled from directly (its findings then read as
 * they do when that schema is reached through a `$ref`).
 */
export function run(validate: CompiledValidator, data: unknown, prefix: string, schemaName?: string): ValidationIssue[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  const located = schemaName
    ? errors.map((e) => (e.schemaPath.startsWith('#/') ? { ...e, schemaPath: `sfc#/$defs/${schemaName}/${e.schemaPath.slice(2)}` } : e))
    : errors;
  return describe(located, data, prefix);
}

// Rules that JSON Schema keywords cannot phrase well, by where they sit in the spec.
const NOT_RULES: Record<string, string> = {
  'sfc#/$defs/NodeName/not': 'a node name that does not start with "vm_" or "n_" and is not a number',
};
const REQUIRED_WHEN: Record<string, string> = {
  zone: 'given for auto reserved nodes unless any_zone is true',
};

function describe(errors: SchemaError[], data: unknown, prefix: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const consumed = new Set<SchemaError>();
  // A failed anyOf/oneOf comes after the failures of each of its branches: fold those into one
  // issue that lists what each branch wanted.
  errors.forEach((error, index) => {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return;
    const branches: string[] = [];
    for (let i = index - 1; i >= 0; i--) {
      const inner = errors[i]!;
      if (!isBranchOf(inner, error)) break;
      consumed.add(inner);
      const rule = ruleOf(inner);
      if (!branches.includes(rule)) branches.unshift(rule);
    }
    consumed.add(error);
    const rule = error.keyword === 'oneOf' && error.params.passingSchemas ? 'exactly one of the allowed forms' : branches.join(' or ');
    issues.push(issueAt(error.instancePath, rule || 'one of the allowed forms', data, prefix));
  });
  const ordered: ValidationIssue[] = [];
  for (const error of errors) {
    if (consumed.has(error) || error.keyword === 'if') continue;
    const field =
      error.keyword === 'required'
        ? `${error.instancePath}/${escape(String(error.params.missingProperty))}`
        : error.keyword === 'additionalProperties'
          ? `${error.instancePath}/${escape(String(error.params.additionalProperty))}`
          : error.instancePath;
    ordered.push(issueAt(field, ruleOf(error), data, prefix));
  }
  // Findings in the order of the input's fields, combinators where their field is.
  return [...ordered, ...issues].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function isBranchOf(inner: SchemaError, combinator: SchemaError): boolean {
  const under = inner.instancePath === combinator.instancePath || inner.instancePath.startsWith(`${combinator.instancePath}/`);
  if (!under) return false;
  if (inner.schemaPath.startsWith(`${combinator.schemaPath}/`)) return true;
  // A branch that is a $ref reports paths inside the referenced schema.
  return inner.schemaPath.startsWith('sfc#/$defs/') && !combinator.schemaPath.startsWith(inner.schemaPath.split('/').slice(0, 3).join('/'));
}

function ruleOf(error: SchemaError): string {
  const p = error.params;
  switch (error.keyword) {
    case 'type':
      return String(p.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ');
    case 'multipleOf':
      return `a multiple of ${String(p.multipleOf)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${String(p.comparison)} ${String(p.limit)}`;
    case 'minLength':
      return `at least ${String(p.limit)} character${p.limit === 1 ? '' : 's'} long`;
    case 'maxLength':
      return `at most ${String(p.limit)} characters long`;
    case 'pattern':
      return `a string matching /${String(p.pattern)}/`;
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return JSON.stringify(p.allowedValue);
    case 'required':
      return REQUIRED_WHEN[String(p.missingProperty)] && error.schemaPath.includes('/else/')
        ? REQUIRED_WHEN[String(p.missingProperty)]!
        : 'given (it is required)';
    case 'additionalProperties':
      return 'left out (this request has no such field)';
    case 'minItems':
      return `a list of at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `a list of at most ${String(p.limit)} items`;
    case 'uniqueItems':
      return 'a list without duplicates';
    case 'not':
      return NOT_RULES[error.schemaPath] ?? 'none of the forms this field excludes';
    default:
      return `valid (${error.keyword})`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function issueAt(pointer: string, rule: string, data: unknown, prefix: string): ValidationIssue {
  return { path: `${prefix}${pointer}` || '/', rule, value: valueAt(data, pointer) };
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The value a JSON pointer designates in `data` (undefined when absent). */
function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let at: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
