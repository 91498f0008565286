// The openapi-fetch middleware of every resource call: refuses path and query values that would build a wrong URL (always),
// checks a resource call's input against the spec (when validators are installed) and the rules
// the spec cannot say (validation/input-rules.ts), unless validation is off, and serialises its
// body once.
import type { Middleware } from 'openapi-fetch';
import { ValidationError, type ValidationIssue } from '../errors/index.js';
import { describeThrown } from '../internal/redact.js';
import type { Clock } from '../clock.js';
import { ALWAYS_RULES, OPERATION_RULES } from '../validation/input-rules.js';
import { costLimitIssue, millisecondDurationIssues, millisecondTimeIssues } from '../validation/money-guards.js';
import type { Validators } from '../validation/schema-check.js';
import type { LightRequest } from './light-request.js';
import { pathParamIssues, queryParamIssues } from './url-params.js';

export interface PrepareConfig {
  validators: Validators | undefined;
  validateRequests: boolean;
  clock: Clock;
  /** Whether `clock` is the machine's: an error that counted from now says which clock it read. */
  systemClock: boolean;
  maxCallCostCents: number | undefined;
}

export function prepareRequest(config: PrepareConfig): Middleware {
  return {
    onRequest({ request, params }) {
      const light = request as unknown as LightRequest;
      const call = light.call;
      const operation = call?.operation;
      if (call) call.url = request.url;
      const input = { path: params.path, query: params.query, body: light.body };
      // The serialisers left these values out of the URL; the call stops here, nothing is sent.
      const paramIssues = [...pathParamIssues(params.path), ...queryParamIssues(params.query)];
      if (operation) paramIssues.push(...(ALWAYS_RULES[operation]?.(input) ?? []));
      if (paramIssues.length > 0) throw new ValidationError(paramIssues);
      if (operation) {
        const options = call?.options;
        const issues: ValidationIssue[] = [];
        const validate = options?.validateRequests ?? config.validateRequests;
        if (validate) {
          // The schema's problems and the rules it cannot say, together: a value the schema refuses
          // for one reason (not a multiple of 3600) often breaks a rule beside it that says why
          // (it is in milliseconds), and "every problem" must include that one.
          issues.push(...(config.validators?.checkRequest(operation, input) ?? []), ...(OPERATION_RULES[operation]?.(input) ?? []));
        }
        // The money guards hold whatever validateRequests says: the mistakes they catch are valid
        // requests that buy far more than meant.
        // A time in milliseconds is one of the create rules above (in the same words): checked here
        // when they did not run.
        if (!validate) issues.push(...millisecondTimeIssues(operation, light.body));
        if (!options?.allowMillisecondLikeDurations) {
          issues.push(...millisecondDurationIssues(operation, light.body, () => config.clock.now()));
        }
        const limit = options?.maxCallCostCents === undefined ? config.maxCallCostCents : options.maxCallCostCents;
        if (limit !== undefined && limit !== null) {
          const now = { ms: config.clock.now(), system: config.systemClock };
          const over = costLimitIssue(operation, light.body, limit, now, issues.length > 0);
          if (over) issues.push(over);
        }
        // The engine masks the key in these issues before they reach the caller.
        if (issues.length > 0) throw new ValidationError(issues);
      }
      light.body = serialize(light.body);
      return undefined;
    },
  };
}

/** The JSON text of a request body, or a ValidationError when it has none (a BigInt, a cycle). */
function serialize(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new ValidationError([{ path: '/', rule: `a JSON-serialisable body (${describeThrown(error)})`, value: typeof body }]);
  }
}
