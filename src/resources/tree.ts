// The client's resources (`sfc.nodes`, `sfc.events`, `sfc.preview.instances`, …): every class the
// generator wrote from openapi.yaml (generated/resources.ts), except where a hand-written subclass
// below adds behaviour. A resource that exists only in the spec needs nothing here.
import { type GeneratedResources, resourceTree } from '../../generated/resources.js';
import type { Engine } from '../core/engine.js';
import { Events } from './events.js';
import { Nodes } from './nodes.js';
import { Procurements } from './procurements.js';
import { Tokens } from './tokens.js';
import { Transactions } from './transactions.js';
import { Vms } from './vms.js';

/** The resources whose class is hand-written: each extends the class the spec generates. */
export interface HandWrittenResources {
  /** GPU nodes: the generated methods, with `waitFor` and redeploy's default body. */
  readonly nodes: Nodes;
  /** Procurements: the generated methods, with `listAll`. */
  readonly procurements: Procurements;
  /** VMs: the generated methods, with `followLogs`. */
  readonly vms: Vms;
  /** Ledger transactions: the generated method, with `listAll`. */
  readonly transactions: Transactions;
  /** API tokens: the generated methods, with create's default `origin_client`. */
  readonly tokens: Tokens;
  /** The event feed: the generated method, with `listAll` and `follow`. */
  readonly events: Events;
}

/** Every resource of the client: the generated ones, and the hand-written subclasses in their places. */
export type Resources = Omit<GeneratedResources, keyof HandWrittenResources> & HandWrittenResources;

const handWritten: { readonly [K in keyof HandWrittenResources]: new (engine: Engine) => HandWrittenResources[K] } = {
  nodes: Nodes,
  procurements: Procurements,
  vms: Vms,
  transactions: Transactions,
  tokens: Tokens,
  events: Events,
};

interface TreeNode {
  readonly class: (new (engine: Engine) => object) | undefined;
  readonly children: Readonly<Record<string, TreeNode>>;
}

/** Builds every resource of the client on `engine`. */
export function buildResources(engine: Engine): Resources {
  return buildLevel(resourceTree, engine, handWritten) as unknown as Resources;
}

/** The resources of one level of the tree, each built from `replaced`'s class for it (the top level's hand-written ones), else its own. */
function buildLevel(
  level: Readonly<Record<string, TreeNode>>,
  engine: Engine,
  replaced?: Readonly<Record<string, TreeNode['class']>>,
): Record<string, object> {
  const built: Record<string, object> = {};
  for (const [key, node] of Object.entries(level)) {
    const Class = replaced?.[key] ?? node.class;
    built[key] = Object.assign(Class ? new Class(engine) : {}, buildLevel(node.children, engine));
  }
  return built;
}
