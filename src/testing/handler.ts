// The shape of one operation's behaviour in the fake API: a function from the parsed request and
// the world to a reply. Each resource family (fake/nodes.ts, fake/procurements.ts, …) exports a
// table of these by operationId; fake/handlers.ts joins the tables.
import type { OperationId } from '../../generated/operations.js';
import type { World } from './state.js';

/** What a handler of the fake API answers: a status, a JSON body (none for 204) and headers. */
export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request as a handler sees it: already routed, parsed and checked against the spec. */
export interface ParsedRequest {
  operation: OperationId;
  /** Path parameters, decoded. */
  path: Record<string, string>;
  /** Query parameters, read back into the kinds the spec gives them (lists, numbers). */
  query: Record<string, unknown>;
  /** The JSON body, or undefined when none was sent. */
  body: unknown;
  /** The ID of the API token the request was made with: the actor of the events it causes. */
  tokenId: string;
}

/** One operation's behaviour. It may change the world; it must answer what the spec documents. */
export type Handler = (request: ParsedRequest, world: World) => FakeReply;

/** A resource family's behaviours, by operationId. */
export type HandlerTable = Partial<Record<OperationId, Handler>>;

/**
 * A family's part of the clock's agenda (clock.ts): `settle` does what is due at Unix second
 * `at`; `next` says when something is next due after `after`.
 */
export interface Settle {
  settle(world: World, at: number): void;
  next(world: World, after: number): number | undefined;
}
