// `createFakeSFCompute`: an in-memory, stateful model of the SF Compute API that a test hands to
// the client as its `fetch`. Requests are routed by the generated operation table, checked with
// the compiled request validators, and answered by one handler per operation (fake/*.ts); this
// file joins them: the request log, faults, answers a test gives, and the state it shows.
import type { OperationId } from '../../generated/operations.js';
import type { Clock } from '../clock.js';
import type { Image, Node, Procurement, UserData, Zone } from '../types.js';
import { shownZone } from './capacity.js';
import { checkAuth, checkInput, tokenIdOf } from './check.js';
import { agendaOf, handlers } from './fake/handlers.js';
import { FaultQueue, faultReply, hang, networkError } from './faults.js';
import type { FakeReply, HandlerTable } from './handler.js';
import { marketPrice, openingCredit, setBalance, setMarketPrice } from './ledger.js';
import type { FakeFault, FakeOperationHandler, FakeSFComputeOptions, RecordedRequest } from './options.js';
import { OwnAnswers } from './own-answers.js';
import { fakeNotice, refusal } from './refusals.js';
import { baseOf, route, unrouted } from './route.js';
import { seed } from './seed.js';
import { type FakeSettings, emptyWorld } from './state.js';
import { unmodelledAnswer } from './unmodelled.js';

/**
 * The default start of the fake clock: 2026-01-01T00:00:00Z, in milliseconds since the epoch.
 * @example new Date(DEFAULT_START_TIME).toISOString() // '2026-01-01T00:00:00.000Z'
 */
export const DEFAULT_START_TIME = Date.UTC(2026, 0, 1);

/** The fake API: hand `fetch` to the client; drive the clock, read the state, inject faults. */
export interface FakeSFCompute {
  /**
   * A fetch that answers as the API would, from memory. Pass it to the client.
   * @example new SFCompute({ apiKey: 'test', fetch: fake.fetch })
   */
  readonly fetch: typeof globalThis.fetch;
  /**
   * Answers one standard Request (what `fetch` does once the arguments are read). Rejects like
   * fetch on an injected network failure; MSW handlers call it.
   * @example const response = await fake.handle(new Request('https://api.sfcompute.com/v0/zones', { headers: { authorization: 'Bearer x' } }));
   */
  handle(request: Request): Promise<Response>;
  /**
   * Moves the fake clock forward by `ms` milliseconds and does, in time order and each at its
   * own time, what falls due on the way: nodes start and end, auto reserved nodes pay their next
   * hour (or end when they cannot), nodes waiting for capacity take it, and on every hour enabled
   * procurements buy what their window lacks.
   * @example fake.advance(60_000) // a minute: a node created now is running
   */
  advance(ms: number): void;
  /**
   * The fake time, in milliseconds since the epoch.
   * @example new Date(fake.now()).toISOString()
   */
  now(): number;
  /**
   * The fake time as a `Clock`, for the client (`new SFCompute({ clock: fake.clock })`: `nodes.waitFor`
   * and `vms.followLogs` then pause on fake time) and the pricing helpers (`quotePrice(quote, fake.clock)`).
   * `now()` is `fake.now()`; `sleep(ms)` moves the clock forward by `ms`, as `advance` does, after
   * letting other tasks run, and moves nothing when its signal has fired.
   * @example const price = quotePrice(await sfc.quotes.get(quoteForCreate(body, fake.clock)), fake.clock);
   */
  readonly clock: Clock;
  /** Every node (a copy), in the order they were created. @example fake.nodes.map((n) => n.status) */
  readonly nodes: Node[];
  /** Every procurement (a copy). @example fake.procurements.length */
  readonly procurements: Procurement[];
  /** The zones as `zones.list` shows them now, with the capacity free from now on (a copy). @example fake.zones[0]?.available_capacity[0]?.quantity */
  readonly zones: Zone[];
  /** The images (a copy). @example fake.images.map((i) => i.image_id) */
  readonly images: Image[];
  /** The stored user-data script, if any (a copy). @example fake.script */
  readonly script: UserData | undefined;
  /** The balance in cents; set it to test what happens when money runs out (recorded as a manual payment). @example fake.balanceCents = 0 */
  balanceCents: number;
  /**
   * The market price in cents per node-hour (option `pricePerNodeHourCents`, default 1000). Set it
   * to test a market that moves: every later purchase, hourly renewal and quote uses the new
   * price, and an auto reserved node whose max price is now under it ends with the hour it paid.
   * @example fake.pricePerNodeHourCents = 2000
   */
  pricePerNodeHourCents: number;
  /** The base URL the fake answers under (option `baseUrl`, without a trailing slash), or undefined: the API's paths at the root of any origin. @example fake.baseUrl // 'https://proxy.test/sfc' */
  readonly baseUrl: string | undefined;
  /** Every request received, oldest first, with what was answered (a copy on each read: it does not change afterwards, and changing it changes nothing). @example fake.requests.map((r) => r.operation) */
  readonly requests: readonly RecordedRequest[];
  /**
   * Answers the next matching call(s) with a fault instead of the operation.
   * @example fake.failNext({ operation: 'getNode', status: 503 })
   * @example fake.failNext({ hang: true })
   */
  failNext(fault: FakeFault): void;
  /** Drops every fault not used yet. @example fake.clearFaults() */
  clearFaults(): void;
  /**
   * Answers every later call of `operation` with your handler instead of the fake's model (or
   * instead of its example answer or 501, for an operation it does not model). The request is
   * still checked against the spec first, and the handler's answer after (see
   * `FakeOperationHandler`). Returns a function that removes the handler again.
   * @example const off = fake.on('getNode', ({ path, now }) => ({ status: 200, body: { ...myNode, id: path.id, updated_at: Math.floor(now / 1000) } }));
   */
  on(operation: OperationId, handler: FakeOperationHandler): () => void;
}

/** A body as recorded: a token's secret (createToken's `token`) is not kept, as the Authorization header is not. */
function withoutSecrets(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'token' in body && typeof body.token === 'string')
    return { ...body, token: '(not shown)' };
  return body;
}

function settingsFrom(options: FakeSFComputeOptions): FakeSettings {
  return {
    provisioningMs: options.timing?.provisioningMs ?? 60_000,
    logIntervalMs: options.timing?.logIntervalMs ?? 5_000,
    pricePerNodeHourCents: options.pricePerNodeHourCents ?? 1000,
    autoAdvanceMs: options.autoAdvanceMs ?? 0,
    logBoundsInclusive: options.logs?.inclusiveBounds ?? false,
    logPageSize: options.logs?.pageSize ?? 100,
    transactionPageSize: options.transactions?.pageSize ?? 10,
    imageLinkMs: options.timing?.imageLinkMs ?? 3_600_000,
    logLine: options.logs?.line ?? ((vmId, seqnum) => (seqnum === 1 ? `booted ${vmId}` : `heartbeat ${seqnum - 1}`)),
    apiKey: options.apiKey,
    maxTokens: options.maxTokens ?? 10,
    owner: options.account?.owner ?? 'acme',
    workspace: options.account?.workspace ?? 'prod',
    workspaceId: options.account?.workspaceId ?? 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F',
  };
}

function checkNumbers(options: FakeSFComputeOptions): void {
  const rules: [string, number | undefined, number][] = [
    ['timing.provisioningMs', options.timing?.provisioningMs, 0],
    ['timing.logIntervalMs', options.timing?.logIntervalMs, 1],
    ['autoAdvanceMs', options.autoAdvanceMs, 0],
    ['pricePerNodeHourCents', options.pricePerNodeHourCents, 0],
    ['balanceCents', options.balanceCents, 0],
    ['logs.pageSize', options.logs?.pageSize, 1],
    ['transactions.pageSize', options.transactions?.pageSize, 1],
    ['timing.imageLinkMs', options.timing?.imageLinkMs, 0],
    ['maxTokens', options.maxTokens, 0],
  ];
  for (const [name, value, least] of rules) if (value !== undefined) requireWhole(`createFakeSFCompute: ${name}`, value, least);
}

/** Throws a RangeError naming `what` unless `value` is a whole number, `least` or more. */
function requireWhole(what: string, value: number, least = 0): void {
  if (!Number.isInteger(value) || value < least)
    throw new RangeError(`${what} must be a whole number, ${least} or more (got ${String(value)})`);
}

/**
 * A fake SF Compute API in memory: no server, no port, no network. It follows the documented
 * behaviour of every operation in openapi.yaml (it models the documented API; it is not the API).
 * @param options seeds and settings; all optional (see `FakeSFComputeOptions`)
 * @example
 * const fake = createFakeSFCompute();
 * const sfc = new SFCompute({ apiKey: 'test', fetch: fake.fetch });
 * const { data: [node] } = await sfc.nodes.create({ desired_count: 1, max_price_per_node_hour: 1000, zone: 'hayesvalley' });
 * fake.advance(60_000);
 * await sfc.nodes.waitFor(node!.id); // running
 */
export function createFakeSFCompute(options: FakeSFComputeOptions = {}): FakeSFCompute {
  return fakeWithModel(handlers, options);
}

/**
 * A fake whose model is `model` (not exported by the package): the tests build one that leaves
 * out an operation to see what the fake answers for an operation it does not model.
 */
export function fakeWithModel(model: HandlerTable, options: FakeSFComputeOptions = {}): FakeSFCompute {
  checkNumbers(options);
  const start = options.startTime instanceof Date ? options.startTime.getTime() : (options.startTime ?? DEFAULT_START_TIME);
  const base = baseOf(options.baseUrl);
  const world = emptyWorld(start, settingsFrom(options), agendaOf);
  seed(world, options);
  openingCredit(world, options.balanceCents ?? 1_000_000);
  world.clock.settle();
  const faults = new FaultQueue();
  const own = new OwnAnswers();
  const requests: RecordedRequest[] = [];
  let served = 0;

  const toResponse = (reply: FakeReply): Response => {
    served += 1;
    const headers = {
      'x-request-id': `req_fake_${served}`,
      ...(reply.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...reply.headers,
    };
    const empty = reply.body === undefined || reply.status === 204 || reply.status === 205 || reply.status === 304;
    return new Response(empty ? null : JSON.stringify(reply.body), { status: reply.status, headers });
  };

  /**
   * `signal` is the caller's own (fetch's `init.signal`) when there is one: a Request follows its
   * signal only through a weak reference, so a hang listening on `request.signal` alone could miss
   * the abort once the garbage collector has run, and hang for good.
   */
  async function handle(request: Request, signal: AbortSignal = request.signal): Promise<Response> {
    world.clock.advance(world.settings.autoAdvanceMs);
    const url = new URL(request.url);
    const routed = route(request.method, url, base);
    const text = await request.text();
    let body: unknown;
    let unreadable = false;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      unreadable = true;
      body = text;
    }
    const headers = Object.fromEntries([...request.headers].map(([k, v]) => [k, k === 'authorization' ? 'Bearer (not shown)' : v]));
    const entry: RecordedRequest = {
      operation: routed?.operation,
      method: request.method,
      url: request.url,
      path: routed?.path ?? {},
      query: routed?.query ?? {},
      body,
      headers,
      time: world.clock.now(),
      response: { status: 0 },
      faulted: false,
      modelled: routed !== undefined && !own.has(routed.operation) && model[routed.operation] !== undefined,
    };
    requests.push(entry);

    const run = async (): Promise<FakeReply> => {
      if (!routed) return fakeNotice(404, unrouted(request.method, url, base));
      const refused = checkAuth(routed.operation, request.headers.get('authorization'), world);
      if (refused) return refused;
      if (unreadable) return refusal(routed.operation, 400, 'The request body is not valid JSON.');
      const invalid = checkInput(routed, body);
      if (invalid) return invalid;
      if (own.has(routed.operation)) return own.answer({ ...routed, body, now: world.clock.now() });
      const handler = model[routed.operation];
      const tokenId = tokenIdOf(request.headers.get('authorization'), world);
      return handler ? handler({ ...routed, body, tokenId }, world) : unmodelledAnswer(routed.operation);
    };

    const fault = faults.take(routed?.operation);
    const reply = !fault || fault.processed ? await run() : undefined;
    if (fault) {
      entry.faulted = true;
      if ('network' in fault) {
        entry.response = { network: fault.network };
        throw networkError(fault.network);
      }
      if ('hang' in fault) {
        entry.response = { hang: true };
        return hang(signal);
      }
      const answer = faultReply(routed?.operation, fault);
      entry.response = { status: answer.status, body: answer.body };
      return toResponse(answer);
    }
    entry.response = { status: reply!.status, body: withoutSecrets(structuredClone(reply!.body)) };
    return toResponse(reply!);
  }

  // async: a Request that cannot be built (a bad URL) rejects, as fetch does, instead of throwing.
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    return handle(request, init?.signal ?? (input instanceof Request ? input.signal : request.signal));
  }) as typeof globalThis.fetch;

  return {
    fetch,
    handle: (request: Request) => handle(request),
    advance: (ms) => world.clock.advance(ms),
    baseUrl: base.origin === undefined ? undefined : `${base.origin}${base.prefix}`,
    now: () => world.clock.now(),
    clock: Object.freeze({
      now: () => world.clock.now(),
      sleep: async (ms: number, signal?: AbortSignal) => {
        // A macrotask first: a poller that sleeps on this clock in a loop would otherwise starve
        // real timers, a caller's AbortSignal.timeout among them.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (!signal?.aborted) world.clock.advance(Math.max(0, Math.ceil(ms)));
      },
    }),
    get nodes() {
      return world.nodes.map((r) => structuredClone(r.node));
    },
    get procurements() {
      return world.procurements.map((r) => structuredClone(r.procurement));
    },
    get zones() {
      return world.zones.map((z) => shownZone(world, z));
    },
    get images() {
      return world.images.map(({ object_size: _size, ...image }) => structuredClone(image));
    },
    get script() {
      return structuredClone(world.script);
    },
    get balanceCents() {
      return world.balanceCents;
    },
    set balanceCents(cents: number) {
      requireWhole('balanceCents', cents);
      setBalance(world, cents);
      // A node waiting for the money to buy its first hour may buy it now.
      world.clock.settle();
    },
    get pricePerNodeHourCents() {
      return marketPrice(world);
    },
    set pricePerNodeHourCents(cents: number) {
      requireWhole('pricePerNodeHourCents', cents);
      setMarketPrice(world, cents);
      // A node waiting for capacity may afford its first hour at the new price.
      world.clock.settle();
    },
    get requests() {
      return structuredClone(requests);
    },
    failNext: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    on: (operation, handler) => own.add(operation, handler),
  };
}

export type { OperationId };
