// Friendly names for the generated types. Everything here is derived from generated/schema.ts,
// so a change to openapi.yaml flows into these names after `npm run generate`.
import type { components, operations } from '../generated/schema.js';

/** JSON body of the first 2xx response of an operation (`void` when it has none). */
export type ResponseBody<Op extends keyof operations> = JsonContent<
  operations[Op]['responses'][SuccessCode & keyof operations[Op]['responses']]
>;
/** JSON request body of an operation. */
export type RequestBody<Op extends keyof operations> =
  NonNullable<operations[Op]['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
/** Query parameters of an operation. */
export type QueryParams<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

type SuccessCode = 200 | 201 | 202 | 204;
type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : void;

/**
 * What a method accepts for a body or query of type `T`: the same, except that an optional field
 * may also be given as `undefined` (sent as if it were left out), so that callers compiled with
 * `exactOptionalPropertyTypes` can pass `{ zone: maybeZone }`.
 * @example
 * const body: Input<CreateNodesParams> = { desired_count: 1, max_price_per_node_hour: 1600, zone: undefined };
 */
export type Input<T> = T extends readonly (infer E)[]
  ? Input<E>[]
  : T extends object
    ? { [K in keyof T]: Record<never, never> extends Pick<T, K> ? Input<T[K]> | undefined : Input<T[K]> }
    : T;

type Schemas = components['schemas'];

/** A GPU node. */
export type Node = Schemas['Node'];
/** A VM that runs or ran on a node. */
export type Vm = Schemas['Vm'];
/** The list of VMs of a node. */
export type VmList = Schemas['VmList'];
/** `{ object: 'list', data: Node[] }`, returned by `nodes.list` and `nodes.create`. */
export type NodeList = Schemas['ListResponse_Node'];
/** `autoreserved` or `reserved`. */
export type NodeType = Schemas['NodeType'];
/** Lifecycle state of a node. */
export type NodeStatus = Schemas['NodeStatus'];
/** Lifecycle state of a VM. */
export type VmStatus = Schemas['VmStatus'];
/** GPU model of a node. */
export type AcceleratorType = Schemas['AcceleratorType'];
/** Body of `nodes.create`. */
export type CreateNodesParams = RequestBody<'createNodes'>;
/** Body of `nodes.extend`. */
export type ExtendNodeParams = RequestBody<'extendNode'>;
/** Body of `nodes.redeploy`. */
export type RedeployNodeParams = RequestBody<'redeployNode'>;
/** Filters of `nodes.list`. */
export type ListNodesParams = QueryParams<'listNodes'>;

/** A procurement. */
export type Procurement = Schemas['Procurement'];
/** The procurement an update returns (`target` is always `node_count` on this operation). */
export type UpdatedProcurement = Schemas['UpdatedProcurement'];
/** `'node_count'` (track the live nodes of the capacity) or a fixed node count. */
export type ProcurementTarget = Schemas['ProcurementTarget'];
/** One page of procurements. */
export type ProcurementList = Schemas['ListProcurementsResponse'];
/** Body of `procurements.create`. */
export type CreateProcurementParams = RequestBody<'createProcurement'>;
/** Body of `procurements.update`. */
export type UpdateProcurementParams = RequestBody<'updateProcurement'>;
/** Query of `procurements.list`. */
export type ListProcurementsParams = QueryParams<'listProcurements'>;
/** Query of `procurements.get`. */
export type GetProcurementParams = QueryParams<'getProcurement'>;

/** A zone and its free capacity over time. */
export type Zone = Schemas['ZoneInfo'];
/** `{ object: 'list', data: Zone[] }`, returned by `zones.list`. */
export type ZoneList = Schemas['ListResponse_ZoneInfo'];
/** One block of free capacity in a zone. */
export type AvailabilityRectangle = Schemas['AvailabilityRectangle'];
/** A custom VM image, as listed. */
export type Image = Schemas['ImageInfo'];
/** `{ object: 'list', data: Image[], has_more }`, returned by `images.list`. */
export type ImageList = Schemas['ImageListResponse'];
/** A time-limited download link for an image, returned by `images.get`. */
export type ImageDownload = Schemas['ImageGetResponse'];
/** Log chunks of a VM, returned by `vms.logs`. */
export type VmLogs = Schemas['VmsLogsResponse'];
/** One log chunk: its bytes are in `data`. */
export type VmLogChunk = Schemas['VmsLogChunk'];
/** Query of `vms.logs`. */
export type VmLogsParams = QueryParams<'getVmLogs'>;
/** SSH details of a VM, returned by `vms.ssh`. */
export type VmSsh = Schemas['GetSshResponse'];
/** A user-data script, as text or bytes. */
export type UserData = Schemas['UserData'];
/** `{ script }`, returned by `vms.getScript` and `vms.setScript`. */
export type VmScript = Schemas['GetUserDataResponse'];

/** Query of `quotes.get`: side, quantity, instance type, duration (one form) and start window. */
export type QuoteParams = QueryParams<'getQuote'>;
/** `{ object: 'quote', side, quote?, no_quote_reason? }`, returned by `quotes.get`. */
export type QuoteResponse = Schemas['QuoteResponse'];
/** A quote: total `price` in cents for `quantity` nodes from `start_at` to `end_at`, in `zone`. */
export type QuoteDetails = Schemas['QuoteDetails'];
/** Why the market gave no quote. */
export type NoQuoteReason = Schemas['NoQuoteReason'];
/** `NOW` or an ISO 8601 date-time. */
export type NowOrDateTime = Schemas['NowOrDateTime'];
/** The account's balance in cents, returned by `balances.get`. */
export type Balance = Schemas['Balance'];
/** Query of `transactions.list`. */
export type ListTransactionsParams = QueryParams<'listTransactions'>;
/** One page of transactions, returned by `transactions.list`. */
export type TransactionList = Schemas['TransactionList'];
/** One ledger transaction; its `cursor` continues the list after it. */
export type Transaction = Schemas['Transaction'];
/** What a transaction was: told apart by `details.type`. */
export type TransactionDetails = Schemas['TransactionDetails'];
/** The kinds of transaction (`transaction_type` filter). */
export type TransactionType = Schemas['TransactionType'];
/** The order a `buy_order` or `sell_order` transaction settled. */
export type TransactionOrder = Schemas['TransactionOrder'];
/** The account behind the token, returned by `account.me`. */
export type Account = Schemas['AccountMe'];
/** An API token as listed (without its secret). */
export type Token = Schemas['Token'];
/** A new API token with its secret in `token`, returned by `tokens.create`. */
export type CreatedToken = Schemas['CreatedToken'];
/** `{ object: 'list', data: Token[], has_more }`, returned by `tokens.list`. */
export type TokenList = Schemas['TokenList'];
/** Filters of `tokens.list`. */
export type ListTokensParams = QueryParams<'listTokens'>;
/** Body of `tokens.create` as the API takes it (`tokens.create` fills `origin_client`). */
export type CreateTokenParams = RequestBody<'createToken'>;
/** `{ success }`, returned by `tokens.delete`. */
export type DeleteTokenResponse = Schemas['DeleteTokenResponse'];
/** Query of `events.list`: filters, page size and `starting_after`. */
export type ListEventsParams = QueryParams<'listEvents'>;
/** One page of the event feed, returned by `events.list`. */
export type EventList = Schemas['ListEventsResponse'];
/**
 * One event of the account's feed: what happened (`action`), who did it (`actor`), what it touched
 * (`targets`) and where (`context`). Not named `Event`, so that it cannot shadow the global one.
 */
export type AccountEvent = Schemas['EventResponse'];
/** Who caused an event: `{ type: 'token', id }` or `{ type: 'system' }`. */
export type EventActor = Schemas['ApiActor'];
/** A legacy VM instance. */
export type VmInstance = Schemas['VmInstance'];
/** `{ data: VmInstance[] }`, returned by `vms.instances`. */
export type VmInstanceList = Schemas['VmInstanceList'];
/** `{ replaced, replaced_by }`, returned by `vms.replace`. */
export type ReplacedVm = Schemas['ReplaceVmResponse'];

/** Machine-readable class of an API error (`error.type`). */
export type ErrorType = Schemas['ErrorType'];
/** One entry of an API error's `details`. */
export type ErrorDetail = Schemas['ErrorDetail'];
/** The `error` object of the API's error envelope. */
export type ErrorObject = Schemas['ErrorObject'];

export type { paths, components, operations } from '../generated/schema.js';
