// The account's event feed in the fake API (`/v1/events`): what the handlers and the clock did,
// recorded as they do it, and listed in cursor pages. The API documents neither its action names
// nor which changes make an event; the fake's choices (README, "Testing your code") are these:
// nodes created, started, extended, redeployed, released, terminated and deleted, orders (each buy
// order of the ledger) and procurements created, updated and deleted.
import type { AccountEvent, EventActor, Node } from '../../types.js';
import type { FakeReply, HandlerTable, ParsedRequest } from '../handler.js';
import { refusal } from '../refusals.js';
import type { World } from '../state.js';
import { pageOf } from './paging.js';

/** Events per page when `limit` is not given (no default is documented). */
export const EVENT_PAGE_SIZE = 50;

/** The actor of what the clock does: SF Compute itself. */
export const SYSTEM: EventActor = { type: 'system' };

/** The actor of what a request does: the token it was made with. */
export const tokenActor = (req: ParsedRequest): EventActor => ({ type: 'token', id: req.tokenId });

/** A resource an event is about. */
export type FeedTarget = AccountEvent['targets'][number];

/** A node as an event's target. */
export const nodeTarget = (node: Node): FeedTarget => ({ type: 'node', id: node.id });

/** What happened, for `recordEvent`. */
export interface Happening {
  action: string;
  actor: EventActor;
  targets: FeedTarget[];
  /** The zone it happened in. Default none (null). */
  zone?: string | null | undefined;
  /** The workspace it belongs to. Default none (null). */
  workspace?: string | null | undefined;
  /** When it happened, Unix seconds. Default the fake's clock. */
  at?: number | undefined;
}

/**
 * Adds an event to the end of the feed. Its sequence number is its place in the feed; the ID and
 * cursor are made from it, and events are never removed, so a cursor stays valid.
 * @example recordEvent(world, { action: 'node.deleted', actor: tokenActor(req), targets: [nodeTarget(node)], zone: node.zone })
 */
export function recordEvent(world: World, happening: Happening): void {
  const seq = world.events.length + 1;
  world.events.push({
    object: 'event',
    id: `evt_${seq}`,
    cursor: `evtc_${seq}`,
    action: happening.action,
    occurred_at: happening.at ?? world.clock.seconds(),
    actor: happening.actor,
    targets: happening.targets,
    context: { workspace: happening.workspace ?? null, zone: happening.zone ?? null },
  });
}

/** Whether `event` passes the filters of `query` (the time bounds include their own second). */
function matches(event: AccountEvent, query: Record<string, unknown>): boolean {
  const {
    action,
    target,
    target_type: type,
    since,
    until,
  } = query as {
    action?: string;
    target?: string;
    target_type?: string;
    since?: number;
    until?: number;
  };
  return (
    (action === undefined || event.action === action) &&
    (target === undefined || event.targets.some((t) => t.id === target)) &&
    (type === undefined || event.targets.some((t) => t.type === type)) &&
    (since === undefined || event.occurred_at >= since) &&
    (until === undefined || event.occurred_at <= until)
  );
}

function listEvents(req: ParsedRequest, world: World): FakeReply {
  const { query, operation } = req;
  const after = query.starting_after as string | undefined;
  const at = after === undefined ? -1 : world.events.findIndex((e) => e.cursor === after);
  if (after !== undefined && at < 0) {
    // The only cursor error the API documents is 410, for a cursor whose event was deleted; a
    // cursor the fake never gave is answered the same way.
    return refusal(operation, 410, `No event has the cursor ${after}: it was never given, or its event is gone.`);
  }
  const limit = (query.limit as number | undefined) ?? EVENT_PAGE_SIZE;
  if (limit < 1) return refusal(operation, 400, 'limit must be 1 or more.', { field: 'limit', code: 'invalid_value' });
  const { page, hasMore } = pageOf(
    world.events.slice(at + 1).filter((e) => matches(e, query)),
    false,
    limit,
  );
  // The page's cursor is its last event's, so that the two ways of continuing agree; an empty page has none.
  return { status: 200, body: { object: 'list', data: page, has_more: hasMore, cursor: page.at(-1)?.cursor ?? null } };
}

export const eventHandlers: HandlerTable = {
  listEvents: (req, world) => listEvents(req, world),
};
