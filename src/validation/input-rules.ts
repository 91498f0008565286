// Rules on a caller's input that the spec cannot say, checked before anything is sent.
import type { OperationId } from '../../generated/operations.js';
import type { ValidationIssue } from '../errors/index.js';
import { millisecondTimeIssue } from './money-guards.js';
import type { RequestInput } from './schema-check.js';

/**
 * The problem when more than one of `keys` is set in `query`: for filters the API documents as
 * mutually exclusive (an empty array counts as not set, as it is not sent).
 */
export function atMostOneOf(query: Record<string, unknown> | undefined, keys: readonly string[]): ValidationIssue[] {
  if (!query) return [];
  const set = keys.filter((key) => {
    const value = query[key];
    return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
  });
  if (set.length <= 1) return [];
  return [
    { path: '/query', rule: `given at most one of ${keys.join(', ')}`, value: Object.fromEntries(set.map((key) => [key, query[key]])) },
  ];
}

/**
 * Rules checked on every call, whatever `validateRequests` says, like the id and query-value
 * checks: what the API cannot be sent at all (it combines no `nodes.list` filters).
 */
export const ALWAYS_RULES: Partial<Record<OperationId, (input: RequestInput) => ValidationIssue[]>> = {
  listNodes: (input) => atMostOneOf(input.query, ['id', 'name', 'type']),
};

/** 2020-01-01T00:00:00Z: no time this API is given lies before it. */
const EARLIEST_SECONDS = 1_577_836_800;

/** What is wrong with a Unix time in seconds at `path`, if anything looks wrong. */
function unixSecondsIssue(path: string, value: unknown): ValidationIssue | undefined {
  if (typeof value !== 'number') return undefined; // the type is the schema's business
  const milliseconds = millisecondTimeIssue(path, value);
  if (milliseconds) return milliseconds;
  if (value < EARLIEST_SECONDS) {
    return {
      path,
      rule: 'a Unix time in seconds from 2020 on (toUnixSeconds makes one from a date)',
      value,
    };
  }
  return undefined;
}

/**
 * `nodes.create`: the reference page's rules that the schema cannot say. Times must be Unix
 * seconds (not milliseconds, not a duration), `end_at` after `start_at`, and reserved nodes need an
 * `end_at` (without one the API creates auto reserved nodes).
 */
function createNodesIssues(input: RequestInput): ValidationIssue[] {
  const body = input.body as { start_at?: unknown; end_at?: unknown; node_type?: unknown } | null | undefined;
  if (typeof body !== 'object' || body === null) return [];
  const issues = [unixSecondsIssue('/start_at', body.start_at), unixSecondsIssue('/end_at', body.end_at)].filter(
    (issue): issue is ValidationIssue => issue !== undefined,
  );
  const { start_at: start, end_at: end } = body;
  if (issues.length === 0 && typeof start === 'number' && typeof end === 'number' && end <= start) {
    issues.push({ path: '/end_at', rule: `after start_at (${start})`, value: end });
  }
  if (body.node_type === 'reserved' && (end === undefined || end === null)) {
    issues.push({
      path: '/end_at',
      rule: 'given for reserved nodes (an hour-aligned Unix time; leave node_type out for auto reserved nodes)',
      value: end,
    });
  }
  return issues;
}

/**
 * Rules beyond the schema, by operation, checked with the request validators (and, like them,
 * skipped with `validateRequests: false`), also on `sfcompute-client/core`. They run on input the
 * schema refused as well, so each must accept anything (a value of the wrong type is the schema's
 * to report, not theirs).
 */
export const OPERATION_RULES: Partial<Record<OperationId, (input: RequestInput) => ValidationIssue[]>> = {
  createNodes: createNodesIssues,
};
