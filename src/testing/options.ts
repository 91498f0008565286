// The options of `createFakeSFCompute`, the faults it can inject and the requests it records.
import type { OperationId } from '../../generated/operations.js';
import type { Node, Procurement, Token, UserData, Zone } from '../types.js';
import type { FakeCapacity, FakeImage } from './state.js';

/** A node to start with: any Node fields; the rest are filled (a running node gets a VM; a pending one runs after `timing.provisioningMs`, not before its `start_at`). */
export type SeedNode = Partial<Node>;
/** A procurement to start with: any Procurement fields; the rest are filled. */
export type SeedProcurement = Partial<Procurement>;
/** An API token to start with: any Token fields, and the secret that authenticates with it (default a new one). */
export type SeedToken = Partial<Token> & { secret?: string | undefined };

/**
 * Options of `createFakeSFCompute`; all optional. What the reference pages leave open is decided
 * by the settings below, each with its default.
 * @example
 * const fake = createFakeSFCompute({ balanceCents: 5_000, timing: { provisioningMs: 0 } });
 */
export interface FakeSFComputeOptions {
  /** Fake time at the start, as a Date or milliseconds since the epoch. Default 2026-01-01T00:00:00Z. @example { startTime: new Date('2026-03-01T09:00:00Z') } */
  startTime?: Date | number | undefined;
  /** Nodes the account holds at the start. Default none. @example { nodes: [{ name: 'gpu-1', node_type: 'reserved', end_at: 1767232800 }] } */
  nodes?: SeedNode[] | undefined;
  /**
   * Procurements of the account's workspace at the start. Default none. One that is enabled with a
   * fixed target holds its window from the start, as bought before the fake started (nothing is
   * charged), then buys on the hour like any other.
   * @example { procurements: [{ name: 'train', target: 2, max_buy_price_dollars_per_node_hour: '12.000000' }] }
   */
  procurements?: SeedProcurement[] | undefined;
  /**
   * Capacities procurements can fill, each in a zone (`zone`, default the first of `zones`) whose
   * nodes its procurement buys and holds; a zone the fake does not have throws a RangeError.
   * Default one, `cap_k3R-nX9vLm7Qp2Yw5Jd8F` named `my-capacity`, in the first zone.
   * @example { capacities: [{ id: 'cap_a1', name: 'pool', zone: 'hayesvalley' }] }
   */
  capacities?: FakeCapacity[] | undefined;
  /** The zones and their capacity before any node is bought (nodes then hold part of it). Default `hayesvalley` (H100) with 32 nodes for 90 days from the hour of `startTime`. @example { zones: [] } */
  zones?: Zone[] | undefined;
  /** The account's images. Default `vmi_1234567890abcdef` (`cuda-12-base`, completed). @example { images: [] } */
  images?: FakeImage[] | undefined;
  /** Account balance in cents; purchases draw on it (a create or an extension answers 402 when it cannot pay; an auto reserved node that cannot pay its next hour ends; a procurement leaves a block it cannot pay short). Default 1,000,000 ($10,000). @example { balanceCents: 0 } */
  balanceCents?: number | undefined;
  /** The stored VM user-data script. Default none (getScript answers 404). @example { script: '#!/bin/sh\n' } */
  script?: UserData | undefined;
  /**
   * The base URL the fake answers under: only requests to its origin whose path is its path
   * followed by one of the API's own paths (`/v1/nodes`, exactly). Give it when your client's
   * `baseUrl` carries a path (a proxy's). Default: the API's own paths at the root, from any origin.
   * @example { baseUrl: 'https://proxy.internal/sfc' }
   */
  baseUrl?: string | undefined;
  /** The only API key accepted. Default: any non-empty bearer token. @example { apiKey: 'sk_test_123' } */
  apiKey?: string | undefined;
  /**
   * Market price in cents per node-hour: what every node-hour bought costs (a create, an extension,
   * each hour an auto reserved node renews, each hour block a procurement buys, a quote), and the
   * least `max_price_per_node_hour` a purchase needs (less: a create answers 400
   * `bid_price_too_low`, an extension 422; a procurement whose max buy price is under it buys
   * nothing). Default 1000.
   * @example { pricePerNodeHourCents: 1600 }
   */
  pricePerNodeHourCents?: number | undefined;
  /** Fake milliseconds added to the clock before each request is handled, so polling moves time. Default 0 (time moves only with `advance`). @example { autoAdvanceMs: 10_000 } */
  autoAdvanceMs?: number | undefined;
  /** Timings of the node lifecycle and the logs. */
  timing?:
    | {
        /** Fake time from a node's start (or its zone getting room) to `running`. Default 60,000. @example { provisioningMs: 0 } */
        provisioningMs?: number | undefined;
        /** Fake time between two log lines of a VM. Default 5,000. @example { logIntervalMs: 1_000 } */
        logIntervalMs?: number | undefined;
        /** How long an image's download link stays valid (its `expires_at`). Default 3,600,000 (an hour). @example { imageLinkMs: 600_000 } */
        imageLinkMs?: number | undefined;
      }
    | undefined;
  /** How VM logs are answered where the reference pages are silent. */
  logs?:
    | {
        /** Whether `since_seqnum`/`before_seqnum` and the time bounds include the bound itself. Default false. @example { inclusiveBounds: true } */
        inclusiveBounds?: boolean | undefined;
        /** Chunks per page when `limit` is not given. Default 100. @example { pageSize: 10 } */
        pageSize?: number | undefined;
        /** The text of a VM's log line `seqnum` (1 is the first). Default `booted <vm>` then `heartbeat <n>`. @example { line: (vm, n) => `line ${n}` } */
        line?: ((vmId: string, seqnum: number) => string) | undefined;
      }
    | undefined;
  /** How transactions are listed where the reference pages are silent. */
  transactions?:
    | {
        /** Transactions per page when `limit` is not given. Default 10. @example { pageSize: 25 } */
        pageSize?: number | undefined;
      }
    | undefined;
  /**
   * The account: its ID (`account.me`, the owner of nodes and procurements), the workspace
   * procurements live in, and whether it is frozen (token creation then answers 403). Default owner
   * `acme`, workspace `prod`, ID `wksp_k3R-nX9vLm7Qp2Yw5Jd8F`, not frozen.
   * @example { account: { owner: 'me', workspace: 'dev', workspaceId: 'wksp_dev1', frozen: true } }
   */
  account?:
    | { owner?: string | undefined; workspace?: string | undefined; workspaceId?: string | undefined; frozen?: boolean | undefined }
    | undefined;
  /** API tokens the account holds at the start. Default none. With `apiKey` set, a token's secret is accepted as a key too, until it is deleted or expires. @example { tokens: [{ name: 'ci', secret: 'sk_ci' }] } */
  tokens?: SeedToken[] | undefined;
  /** How many tokens the account may hold; creating one more answers 400 (`token.max_token_limit_reached`). Default 10. @example { maxTokens: 1 } */
  maxTokens?: number | undefined;
}

/** What an injected fault answers instead of the operation. */
export type FaultOutcome =
  /** A response with this status (and this body; default the documented envelope for the status, none when the spec gives it none). */
  | { status: number; body?: unknown; headers?: Record<string, string> | undefined }
  /**
   * A network failure: `refused` (never reached the server: every call is retried) or `reset` (the
   * connection broke: only calls harmless to repeat are retried). Through the MSW handlers both
   * become MSW's network error, which carries no error code: a refused connection then looks like
   * a reset, so a call that may move money (create, extend, redeploy…) is not retried.
   */
  | { network: 'refused' | 'reset' }
  /** No answer until the request is aborted (by the client's timeout or the caller's signal). */
  | { hang: true };

/**
 * A fault for the next matching calls.
 * @example fake.failNext({ operation: 'createNodes', status: 500 })
 * @example fake.failNext({ network: 'reset', times: 2 })
 */
export type FakeFault = FaultOutcome & {
  /** Only calls of this operation; default any operation. */
  operation?: OperationId | undefined;
  /** How many matching calls it answers. Default 1. */
  times?: number | undefined;
  /** Run the operation first (its effects stay) and answer the fault after: a failure after the work was done. Default false. */
  processed?: boolean | undefined;
};

/** One request the fake received and what it answered. */
export interface RecordedRequest {
  /** The operation called, or undefined for a path the spec does not have. */
  operation: OperationId | undefined;
  method: string;
  url: string;
  /** Path parameters, decoded. */
  path: Record<string, string>;
  /** Query parameters as the spec reads them (lists, numbers). */
  query: Record<string, unknown>;
  /** The JSON body sent, or undefined. */
  body: unknown;
  /** Request headers; the Authorization value is shown as `Bearer (not shown)`. */
  headers: Record<string, string>;
  /** Fake time at which it arrived, in milliseconds since the epoch. */
  time: number;
  /** What the fake answered: a status and body (a created token's secret shown as `(not shown)`), a network failure, or a hang. */
  response: { status: number; body?: unknown } | { network: 'refused' | 'reset' } | { hang: true };
  /** Whether an injected fault answered it. */
  faulted: boolean;
  /**
   * Whether the fake's own model of the operation answered it. False when the answer came from a
   * handler given to `fake.on`, from the spec's example (a read the fake does not model), or was
   * the 501 for an operation it does not model; false too for a path the spec does not have.
   */
  modelled: boolean;
}

/** What a handler given to `fake.on` receives: the request, read and checked as the fake reads it, and the fake's time. */
export interface FakeCall {
  /** The operation called. */
  operation: OperationId;
  /** Path parameters, decoded. @example { id: 'n_b1dc52505c6db142' } */
  path: Record<string, string>;
  /** Query parameters as the spec reads them (lists, numbers, booleans). @example { limit: 5 } */
  query: Record<string, unknown>;
  /** The JSON body sent, or undefined. */
  body: unknown;
  /** Fake time when the request arrived, in milliseconds since the epoch (`fake.now()`). */
  now: number;
}

/** What a handler given to `fake.on` answers: a status, a JSON body (none for 204) and headers. */
export interface FakeAnswer {
  /** The HTTP status. @example 200 */
  status: number;
  /** The JSON body; leave it out for none (a 204, or a status the spec documents without a body). @example { object: 'list', data: [] } */
  body?: unknown;
  /** Headers to send besides the fake's own `x-request-id` and `content-type`. Default none. @example { 'retry-after': '1' } */
  headers?: Record<string, string> | undefined;
}

/**
 * Your own answer to one operation. It runs after the fake has checked the key and the request
 * against the spec; what it returns is checked against the spec too (a status and body the spec
 * does not document for the operation is answered 501 with the reason instead). A handler that
 * throws makes the fetch reject with that error.
 * @example fake.on('getNode', ({ path }) => ({ status: 404, body: { error: { type: 'not_found', message: `no ${path.id}` } } }))
 */
export type FakeOperationHandler = (call: FakeCall) => FakeAnswer | Promise<FakeAnswer>;
