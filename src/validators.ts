// Entry point `sfcompute-client/validators`: the request and response validators compiled from
// openapi.yaml by `npm run generate`, for use with `sfcompute-client/core`.
import { nodeName, requestValidators } from '../generated/request-validators.js';
import { responseValidators } from '../generated/response-validators.js';
import type { ValidationIssue } from './errors/index.js';
import { type CompiledValidator, type Validators, checkRequest, checkResponse, run } from './validation/schema-check.js';

/**
 * Every compiled validator, by operation.
 * @example
 * import { SFCompute } from 'sfcompute-client/core';
 * import { validators } from 'sfcompute-client/validators';
 * const sfc = new SFCompute({ validators, validateResponses: 'warn' });
 */
export const validators: Validators = {
  requests: requestValidators,
  responses: responseValidators,
  // Methods, reading the sets from the object they are called on: `{ ...validators, requests }`
  // runs the replaced set. Called detached (`const { checkRequest } = validators`), they use these.
  checkRequest(operation, input) {
    return checkRequest((this ?? validators).requests, operation, input);
  },
  checkResponse(operation, status, body) {
    return checkResponse((this ?? validators).responses, operation, status, body);
  },
};

/**
 * Every rule a node name breaks (empty when it is valid): at most 128 characters, no `vm_` or
 * `n_` prefix, not a number. The same compiled check the request validators apply to `names`.
 * @example checkNodeName('n_gpu') // [{ path: '/name', rule: 'a node name that does not start with "vm_" or "n_" and is not a number', value: 'n_gpu' }]
 */
export function checkNodeName(name: string): ValidationIssue[] {
  return run(nodeName as CompiledValidator, name, '/name', 'NodeName');
}

/**
 * Whether `name` can be given to a node (see `checkNodeName`).
 * @example isValidNodeName('cuda-crunch') // true
 * @example isValidNodeName('12345') // false
 */
export function isValidNodeName(name: string): boolean {
  return checkNodeName(name).length === 0;
}
