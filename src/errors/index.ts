// Every error class this package exports, one family per file, and the factory of API errors.
export { SFComputeError, ConfigurationError, ValidationError, type ValidationIssue } from './base.js';
export {
  APIError,
  BadRequestError,
  AuthenticationError,
  PaymentRequiredError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  GoneError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
} from './api-errors.js';
export { createAPIError } from './create-api-error.js';
export { MalformedResponseError, ResponseValidationError } from './response-errors.js';
export { ConnectionError, RequestAbortedError, RequestTimeoutError } from './exchange-errors.js';
export { NodeStateError, WaitTimeoutError } from './wait-errors.js';
export { NoQuoteError } from './quote-errors.js';
