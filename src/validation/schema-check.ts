// Runs the validators generated from openapi.yaml (generated/*-validators.ts) and turns their
// raw findings into ValidationIssues: a JSON pointer, the rule in words, and the offending value.
import { patternRules } from '../../generated/pattern-rules.js';
import type { ValidationIssue } from '../errors/index.js';

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
 * Compiled validators for requests and responses, from `sfcompute-client/validators`, with the
 * methods that run them (so a client without validators carries none of that code). The main
 * entry point installs them; `sfcompute-client/core` leaves them out unless passed. The methods
 * read `requests` and `responses` from the object they are called on, so a copy with one set
 * replaced (`{ ...validators, requests: mine }`) runs the replacement.
 */
export interface Validators {
  /**
   * Compiled checks of each operation's body, path and query parameters.
   * @example validators.requests.extendNode.body // the compiled ExtendNodeRequest check
   */
  requests: RequestValidatorSet;
  /**
   * Compiled checks of each operation's success bodies, by status.
   * @example validators.responses.getNode['200'] // the compiled Node check
   */
  responses: ResponseValidatorSet;
  /**
   * Every problem with one call's input, or an empty list: body problems at their pointer in the
   * body, path parameters at `/<name>`, query parameters at `/query/<name>`.
   * @example validators.checkRequest('extendNode', { path: { id: 'n_1' }, body: { duration_seconds: 5400, max_price_per_node_hour: 1000 } })
   * // [{ path: '/duration_seconds', rule: 'a multiple of 3600', value: 5400 }]
   */
  checkRequest(operation: string, input: RequestInput): ValidationIssue[];
  /**
   * Every problem with one successful response body, or an empty list (a body on a status the
   * spec does not document is one problem).
   * @example validators.checkResponse('getNode', 200, { id: 42 }) // [{ path: '/object', rule: 'given (it is required)', value: undefined }, ...]
   */
  checkResponse(operation: string, status: number, body: unknown): ValidationIssue[];
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
  if (own.query) issues.push(...run(own.query, input.query ?? {}, '/query', `query_${operation}`));
  // Every operation with a body validator requires its body: an absent one is refused too.
  if (own.body) issues.push(...run(own.body, input.body, ''));
  return issues;
}

/**
 * Every problem with a successful `body` of `operation` answered with `status`: its schema's
 * findings, or, for a status the spec does not document, that finding itself when a body came.
 */
export function checkResponse(validators: ResponseValidatorSet, operation: string, status: number, body: unknown): ValidationIssue[] {
  const byStatus = validators[operation] ?? {};
  const validate = byStatus[String(status)];
  if (validate) return run(validate, body, '');
  return body === undefined
    ? []
    : [{ path: '/', rule: `a documented status for ${operation} (${Object.keys(byStatus).join(', ')})`, value: status }];
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
  'sfc#/$defs/query_listTransactions/allOf/1/not': 'given at most one of starting_after_cursor, ending_before_cursor',
};
/** What a failed anyOf/oneOf means, where listing its branches would not say it (the spec's `x-query-rules`). */
const COMBINATOR_RULES: Record<string, string> = {
  'sfc#/$defs/query_getQuote/allOf/1/oneOf':
    'given a duration in one form: duration, or min_duration with max_duration (not both forms, not one bound alone)',
};
/** A field the schema forbids outright in some case (a `false` schema), by where that sits. */
const FORBIDDEN_WHEN: Record<string, string> = {
  'sfc#/$defs/query_getQuote/allOf/1/then/properties': 'left out when side is sell (it is for buying only)',
};
const REQUIRED_WHEN: Record<string, string> = {
  zone: 'given for auto reserved nodes unless any_zone is true',
  instance_type: 'given when side is buy',
};

interface Item {
  error: SchemaError;
  issues: ValidationIssue[];
}

/**
 * Issues in the order the validator found them. A failed anyOf/oneOf is reported after the
 * failures of its branches: those are taken back and replaced by what the branches mean together.
 */
function describe(errors: SchemaError[], data: unknown, prefix: string): ValidationIssue[] {
  const items: Item[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue; // the then/else failure says what is wrong
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      items.push({ error, issues: [issueAt(fieldOf(error), ruleOf(error), data, prefix)] });
      continue;
    }
    const branches: Item[] = [];
    while (items.length > 0 && isBranchOf(items.at(-1)!.error, error)) branches.unshift(items.pop()!);
    items.push({ error, issues: fold(error, branches, data, prefix) });
  }
  return items.flatMap((item) => item.issues);
}

function fieldOf(error: SchemaError): string {
  if (error.keyword === 'required') return `${error.instancePath}/${escape(String(error.params.missingProperty))}`;
  if (error.keyword === 'additionalProperties') return `${error.instancePath}/${escape(String(error.params.additionalProperty))}`;
  return error.instancePath;
}

/**
 * What the failed branches of one anyOf/oneOf mean together. A branch of the wrong kind (a type
 * mismatch on the value itself) says nothing useful when another branch has the right kind: the
 * value was meant for that one, whose problems are reported as they are. When every branch is of
 * the wrong kind, one issue lists the kinds allowed.
 */
function fold(combinator: SchemaError, branchItems: Item[], data: unknown, prefix: string): ValidationIssue[] {
  const stated = COMBINATOR_RULES[combinator.schemaPath];
  if (stated) return [issueAt(combinator.instancePath, stated, data, prefix)];
  if (combinator.keyword === 'oneOf' && combinator.params.passingSchemas) {
    return [issueAt(combinator.instancePath, 'exactly one of the allowed forms (it matches several)', data, prefix)];
  }
  const groups = new Map<string, Item[]>();
  for (const item of branchItems) {
    const path = item.error.schemaPath;
    const key = path.startsWith(`${combinator.schemaPath}/`) ? path.slice(combinator.schemaPath.length + 1).split('/')[0]! : '$ref';
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const wrongKind = (items: Item[]) =>
    items.some((item) => item.error.keyword === 'type' && item.error.instancePath === combinator.instancePath);
  const fitting = [...groups.values()].filter((items) => !wrongKind(items));
  if (fitting.length === 1) return fitting[0]!.flatMap((item) => item.issues);
  // Every branch of the wrong kind: name each kind, by its constant or enum when it has one.
  const kind = (items: Item[]) => {
    const own = items.filter((item) => item.error.instancePath === combinator.instancePath);
    const exact = own.find((item) => item.error.keyword === 'const' || item.error.keyword === 'enum');
    return (exact ?? own.find((item) => item.error.keyword === 'type'))?.issues[0]?.rule ?? '';
  };
  const rules =
    fitting.length === 0
      ? [...groups.values()].map(kind)
      : fitting.map((items) =>
          items
            .flatMap((item) => item.issues.map((issue) => issue.rule))
            .filter((rule, i, all) => all.indexOf(rule) === i)
            .join(' and '),
        );
  const rule = rules.filter((r, i) => r !== '' && rules.indexOf(r) === i).join(' or ') || 'one of the allowed forms';
  return [issueAt(combinator.instancePath, rule, data, prefix)];
}

/** Whether `inner` was found inside a branch of `combinator` (not by a keyword beside it). */
function isBranchOf(inner: SchemaError, combinator: SchemaError): boolean {
  const at = combinator.instancePath;
  if (inner.instancePath !== at && !inner.instancePath.startsWith(`${at}/`)) return false;
  if (inner.schemaPath.startsWith(`${combinator.schemaPath}/`)) return true;
  // A keyword beside the combinator in the same schema (its `type`, say) is not a branch; anything
  // else under the same value came from a $ref'd branch, whose paths start elsewhere.
  const parent = combinator.schemaPath.slice(0, combinator.schemaPath.lastIndexOf('/'));
  return !inner.schemaPath.startsWith(`${parent}/`);
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
      // The spec gives each pattern its rule in words (x-pattern-rule); the regex only as a last resort.
      return patternRules[String(p.pattern)] ?? `a string matching /${String(p.pattern)}/`;
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
    case 'false schema':
      return (
        FORBIDDEN_WHEN[error.schemaPath.slice(0, error.schemaPath.lastIndexOf('/', error.schemaPath.lastIndexOf('/') - 1))] ??
        'left out (not allowed here)'
      );
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
  // `value` is always present (undefined for a missing field), so issues compare predictably.
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
