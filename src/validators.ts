// Entry point `sfcompute-client/validators`: the request and response validators compiled from
// openapi.yaml by `npm run generate`, for use with `sfcompute-client/core`.
import { requestValidators } from '../generated/request-validators.js';
import { responseValidators } from '../generated/response-validators.js';
import type { RequestValidatorSet, ResponseValidatorSet, Validators } from './internal/schema-check.js';

/**
 * Every compiled validator, by operation.
 * @example
 * import { SFCompute } from 'sfcompute-client/core';
 * import { validators } from 'sfcompute-client/validators';
 * const sfc = new SFCompute({ validators, validateResponses: 'warn' });
 */
export const validators: Validators = {
  requests: requestValidators as RequestValidatorSet,
  responses: responseValidators as ResponseValidatorSet,
};
