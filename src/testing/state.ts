// The fake API's state (the "world"): what the account holds, the market it buys from, and the
// settings that decide what the reference pages leave open. Seeded from the options of
// `createFakeSFCompute`, then changed only by the handlers and the clock.
import type { Account, AccountEvent, Image, Node, Procurement, Token, Transaction, UserData, Zone } from '../types.js';
import { type Agenda, FakeClock } from './clock.js';
import { HOUR, hourOf } from './hours.js';

/** A capacity procurements can fill: its ID and name, and the zone its nodes are bought in. */
export interface FakeCapacity {
  /** @example 'cap_k3R-nX9vLm7Qp2Yw5Jd8F' */
  id: string;
  /** @example 'my-capacity' */
  name: string;
  /**
   * The zone whose nodes a procurement on this capacity buys and holds. Default: the fake's first zone.
   * @example 'hayesvalley'
   */
  zone?: string | undefined;
}

/** A seeded image: the API's image fields, plus the size its download link reports. */
export type FakeImage = Image & { object_size?: number };

/** Settings for what the reference pages do not say; every one has a default, documented on `FakeSFComputeOptions`. */
export interface FakeSettings {
  provisioningMs: number;
  logIntervalMs: number;
  pricePerNodeHourCents: number;
  autoAdvanceMs: number;
  logBoundsInclusive: boolean;
  logPageSize: number;
  transactionPageSize: number;
  imageLinkMs: number;
  logLine: (vmId: string, seqnum: number) => string;
  apiKey: string | undefined;
  maxTokens: number;
  owner: string;
  workspace: string;
  workspaceId: string;
}

/** A span of time, [from, to) in Unix seconds. */
export interface Span {
  from: number;
  to: number;
}

/** A node and what the fake needs besides its API fields. */
export interface NodeRecord {
  node: Node;
  /** Unix second at which a pending node starts running. */
  runAt: number;
  /**
   * The node of its zone it has bought: from when it holds it to the end of the time paid for.
   * Undefined while it waits for capacity (it holds and pays nothing then).
   */
  held: Span | undefined;
  /** The cloud-init data its next VM boots with (redeploy may change it). */
  cloudInit: string | null;
  /** The image its next VM boots from (redeploy may change it). */
  imageId: string | null;
}

/** A token and its secret (the API shows the secret once, at creation). */
export interface TokenRecord {
  token: Token;
  secret: string;
}

/** Why a procurement holds fewer nodes than its target in an hour block: its max buy price is under the market price, the balance cannot pay, or the zone has no room. */
export type Shortage = 'price' | 'balance' | 'room';

/** What a procurement's last round of buying found (fake/procurement-orders.ts). */
export interface BuyingRound {
  /** The whole hour it ran in (Unix seconds): the clock runs the next round at the next hour. */
  hour: number;
  /** The hour blocks of its window then, and how many of them it left short of its target. */
  blocks: number;
  short: number;
  /** Why they are short, each reason once, in the order met. */
  why: Shortage[];
  /** The market price then, in cents per node-hour. */
  marketCents: number;
}

/** A procurement and its place in the list (cursors count on it, so deletions do not move them). */
export interface ProcurementRecord {
  seq: number;
  procurement: Procurement;
  /** Its last round of buying; undefined until it has had one (then its status is the one it was given). */
  buying?: BuyingRound | undefined;
}

/**
 * An hour block a procurement bought for its capacity: `nodes` nodes of `zone` over [from, to).
 * The capacity holds it until it ends, whatever becomes of the procurement (the fake never sells).
 */
export interface CapacityBlock extends Span {
  capacity: string;
  zone: string;
  /** The whole hour it is, by its first second; `from` is later when it was bought during that hour. */
  hour: number;
  nodes: number;
}

export interface World {
  /** The time; it runs the agenda as it moves (clock.ts). */
  clock: FakeClock;
  settings: FakeSettings;
  nodes: NodeRecord[];
  procurements: ProcurementRecord[];
  capacities: FakeCapacity[];
  /** The hour blocks procurements bought that have not ended, oldest first (fake/procurement-orders.ts); they hold part of their zone (capacity.ts). */
  capacityBlocks: CapacityBlock[];
  /** The zones as seeded: their `available_capacity` is the supply, before any node holds part of it (capacity.ts). */
  zones: Zone[];
  images: FakeImage[];
  script: UserData | undefined;
  /** The balance in cents; only the ledger changes it (ledger.ts). */
  balanceCents: number;
  /** The ledger, oldest first: every change of the balance (ledger.ts). */
  transactions: Transaction[];
  tokens: TokenRecord[];
  account: Account;
  /** The event feed, oldest first: what the handlers and the clock did (fake/events.ts). */
  events: AccountEvent[];
  /** A new ID: `prefix` and `length` characters, deterministic for a given sequence of calls. */
  newId(prefix: string, length: number): string;
  /** The next position in the procurement list. */
  nextSeq(): number;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A world with the given settings and nothing in it yet (the seeding fills it); its clock runs
 * `agenda(world)` as it moves.
 */
export function emptyWorld(startMs: number, settings: FakeSettings, agenda: (world: World) => Agenda): World {
  let counter = 0;
  let seq = 0;
  const world: World = {
    clock: new FakeClock(startMs, { next: (after) => plan.next(after), run: (at) => plan.run(at) }),
    settings,
    nodes: [],
    procurements: [],
    capacities: [],
    capacityBlocks: [],
    zones: [],
    images: [],
    script: undefined,
    balanceCents: 0,
    transactions: [],
    tokens: [],
    events: [],
    account: {
      id: 'acme',
      role: 'user',
      is_frozen: false,
      kyc: 'basic',
      submitted_waitlist: true,
      waitlist: false,
      kycb_form_submitted: false,
      created_at: Math.floor(startMs / 1000),
    },
    newId(prefix, length) {
      counter += 1;
      // A counter spread over the characters by a fixed multiplier: short, distinct, reproducible.
      let n = BigInt(counter) * 0x9e3779b97f4a7c15n;
      let text = '';
      for (let i = 0; i < length; i++) {
        text += DIGITS[Number(n % 62n)];
        n /= 62n;
        if (n === 0n) n = BigInt(counter * (i + 7));
      }
      return `${prefix}${text}`;
    },
    nextSeq() {
      seq += 1;
      return seq;
    },
  };
  const plan = agenda(world);
  return world;
}

/** The zone the fake offers unless told otherwise: Hayes Valley, H100, 32 nodes free for 90 days from the start. */
export function defaultZones(startMs: number): Zone[] {
  const start = hourOf(startMs / 1000);
  return [
    {
      object: 'zone',
      name: 'hayesvalley',
      display_name: 'Hayes Valley',
      available_capacity: [{ start_timestamp: start, end_timestamp: start + 90 * 24 * HOUR, quantity: 32 }],
      region: 'NorthAmerica',
      hardware_type: 'H100',
      interconnect_type: 'Infiniband',
      delivery_type: 'VM',
    },
  ];
}

/** The image the fake holds unless told otherwise (the spec's example image). */
export function defaultImages(startMs: number): FakeImage[] {
  return [
    {
      object: 'image',
      image_id: 'vmi_1234567890abcdef',
      name: 'cuda-12-base',
      upload_status: 'completed',
      created_at: Math.floor(startMs / 1000),
      sha256_hash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      object_size: 2_147_483_648,
    },
  ];
}

/** The capacity the fake holds unless told otherwise (the spec's example capacity). */
export const DEFAULT_CAPACITIES: readonly FakeCapacity[] = [{ id: 'cap_k3R-nX9vLm7Qp2Yw5Jd8F', name: 'my-capacity' }];
