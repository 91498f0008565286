// Everything the entry points share (index.ts adds the validating client, core.ts the bare one).
// Modules under src/internal/ are implementation details.
export {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
} from './client.js';
export type { ClientOptions } from './client.js';
export type { FetchFunction, Logger, RequestOptions, RetryOptions, RetryPolicy } from './internal/transport.js';
export type { HeadersOption } from './internal/validate.js';
export { operations as operationTable } from '../generated/operations.js';
export type { OperationId } from '../generated/operations.js';
export { Nodes } from './resources/nodes.js';
export type { WaitForOptions } from './resources/nodes.js';
export {
  centsToDollarString,
  centsToDollars,
  dollarStringToCents,
  dollarsToCents,
  roundToPriceTick,
  toDollarString,
} from './helpers/money.js';
export { alignToHour, hours, toUnixSeconds } from './helpers/time.js';
export { decodeCloudInit, decodeCloudInitBytes, encodeCloudInit } from './helpers/cloud-init.js';
export { Procurements } from './resources/procurements.js';
export { Zones } from './resources/zones.js';
export { Images } from './resources/images.js';
export { Vms } from './resources/vms.js';
export type { FollowLogsOptions } from './resources/vms.js';
export { LogLineDecoder, decodeLogLines } from './helpers/logs.js';
export {
  SFComputeError,
  ConfigurationError,
  ValidationError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PaymentRequiredError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  MalformedResponseError,
  ConnectionError,
  RequestTimeoutError,
  RequestAbortedError,
  ResponseValidationError,
  WaitTimeoutError,
  NodeStateError,
  createAPIError,
} from './errors.js';
export type { CompiledValidator, RequestInput, RequestValidatorSet, ResponseValidatorSet, SchemaError, Validators } from './internal/schema-check.js';
export type { ValidationIssue } from './errors.js';
export type {
  AcceleratorType,
  CreateNodesParams,
  CreateProcurementParams,
  ErrorDetail,
  ErrorObject,
  ErrorType,
  ExtendNodeParams,
  GetProcurementParams,
  ListNodesParams,
  ListProcurementsParams,
  Node,
  NodeList,
  NodeStatus,
  NodeType,
  Procurement,
  ProcurementList,
  ProcurementTarget,
  QueryParams,
  RedeployNodeParams,
  RequestBody,
  ResponseBody,
  UpdateProcurementParams,
  UpdatedProcurement,
  Vm,
  VmList,
  VmStatus,
  Zone,
  ZoneList,
  AvailabilityRectangle,
  Image,
  ImageList,
  ImageDownload,
  VmLogs,
  VmLogChunk,
  VmLogsParams,
  VmSsh,
  UserData,
  VmScript,
  components,
  operations,
  paths,
} from './types.js';
