// Everything the entry points share (index.ts adds the validating client, core.ts the bare one).
// Modules under src/core/ and src/internal/ are implementation details.
// Every option type and default.
export * from './options.js';
export { APIPromise } from './api-promise.js';
export type { WithResponse } from './api-promise.js';
export { operations as operationTable } from '../generated/operations.js';
export type { OperationId } from '../generated/operations.js';
export { Nodes } from './resources/nodes.js';
export {
  centsToDollarString,
  centsToDollars,
  dollarStringToCents,
  dollarsToCents,
  roundToPriceTick,
  toDollarString,
} from './helpers/money.js';
export { alignToHour, fromUnixSeconds, hours, toUnixSeconds } from './helpers/time.js';
export {
  GPUS_PER_NODE,
  centsPerGpuHour,
  costAtQuoteRate,
  maxPriceFromQuote,
  quoteForCreate,
  quoteForExtend,
  quotePrice,
} from './helpers/pricing.js';
export type { Fraction, QuotePrice, WithClock } from './helpers/pricing.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { decodeCloudInit, decodeCloudInitBytes, encodeCloudInit } from './helpers/cloud-init.js';
export { Procurements } from './resources/procurements.js';
export { Vms } from './resources/vms.js';
export { Transactions } from './resources/transactions.js';
export { Tokens } from './resources/tokens.js';
export { Events } from './resources/events.js';
// Every generated resource class (`NodesResource`, `EventsResource`, …) and their tree.
export * from '../generated/resources.js';
// Resources without hand-written behaviour are the generated classes; their earlier names still work.
export {
  AccountResource as Account,
  BalancesResource as Balances,
  ImagesResource as Images,
  QuotesResource as Quotes,
  ZonesResource as Zones,
} from '../generated/resources.js';
export type { HandWrittenResources, Resources } from './resources/tree.js';
export type { Input } from './resources/resource.js';
export type { NewTokenParams } from './resources/tokens.js';
export { LogLineDecoder, decodeLogLines } from './helpers/logs.js';
// Every error class, `createAPIError` and `ValidationIssue`.
export * from './errors/index.js';
export type {
  CompiledValidator,
  RequestInput,
  RequestValidatorSet,
  ResponseValidatorSet,
  SchemaError,
  Validators,
} from './validation/schema-check.js';
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
  QuoteParams,
  QuoteResponse,
  QuoteDetails,
  NoQuoteReason,
  NowOrDateTime,
  Balance,
  ListTransactionsParams,
  TransactionList,
  Transaction,
  TransactionDetails,
  TransactionType,
  TransactionOrder,
  Account as AccountInfo,
  Token,
  CreatedToken,
  TokenList,
  ListTokensParams,
  CreateTokenParams,
  DeleteTokenResponse,
  VmInstance,
  VmInstanceList,
  ReplacedVm,
  ListEventsParams,
  EventList,
  AccountEvent,
  EventActor,
  components,
  operations,
  paths,
} from './types.js';
