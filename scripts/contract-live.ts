// npm run contract:live — does the live API still match openapi.yaml?
//
// Starts `prism proxy openapi.yaml $SFC_BASE_URL --errors` on a free local port and runs a short
// read-only tour of the client through it: list zones, read the balance and the account, ask for a
// one-hour quote, list nodes, get the first node, list the procurements of $SFC_WORKSPACE (when set). Prism checks every request and response against the
// spec and names each broken rule in the `sl-violations` header; the tour prints them and exits 1
// if there was any. Nothing is bought or changed.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SFCompute } from '../src/index.js';
import { isLoopback } from '../src/core/auth.js';
import { startPrism } from './prism.js';

/** One step of the tour and what Prism said about it. */
export interface TourStep {
  step: string;
  status: number | 'error';
  violations: string[];
  note?: string;
}

/**
 * Runs the read-only tour with `sfc`, whose requests go through a Prism proxy; `violationsOf`
 * returns (and clears) what Prism reported for the requests sent since the last call.
 */
export async function tour(sfc: SFCompute, violationsOf: () => string[], workspace: string | undefined): Promise<TourStep[]> {
  const steps: TourStep[] = [];
  const run = async (step: string, call: () => Promise<unknown>): Promise<unknown> => {
    try {
      const result = await call();
      steps.push({ step, status: 200, violations: violationsOf() });
      return result;
    } catch (error) {
      const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 'error';
      steps.push({ step, status, violations: violationsOf(), note: (error as Error).message });
      return undefined;
    }
  };
  await run('zones.list', () => sfc.zones.list());
  // Money and market reads: among other things they tell whether the balance carries the schema's
  // field names or the operation example's, which no source settles.
  await run('balances.get', () => sfc.balances.get());
  await run('account.me', () => sfc.account.me());
  await run('quotes.get', () =>
    sfc.quotes.get({ side: 'buy', quantity: 1, instance_type: 'h100v', duration: 3600, min_start_date: 'NOW' }),
  );
  const nodes = (await run('nodes.list', () => sfc.nodes.list())) as { data?: { id: string }[] } | undefined;
  const first = nodes?.data?.[0];
  if (first) await run(`nodes.get(${first.id})`, () => sfc.nodes.get(first.id));
  if (workspace) await run('procurements.list', () => sfc.procurements.list({ workspace, limit: 5 }));
  return steps;
}

/** Prints the tour; returns how many steps Prism found a violation in. */
export function printTour(steps: TourStep[], log: (line: string) => void = console.log): number {
  let broken = 0;
  for (const s of steps) {
    if (s.violations.length > 0) broken++;
    log(`${s.violations.length > 0 ? '✗' : '✓'} ${s.step}: ${s.status}${s.note && s.violations.length === 0 ? ` (${s.note})` : ''}`);
    for (const v of s.violations) log(`    ${v}`);
  }
  log(broken === 0 ? 'The API matched openapi.yaml on every step.' : `${broken} step(s) did not match openapi.yaml.`);
  return broken;
}

/** The rules Prism reported broken in one response (`sl-violations`, or its own 422/500 problem). */
export async function violationsIn(response: Response): Promise<string[]> {
  const header = response.headers.get('sl-violations');
  const found = (header ? JSON.parse(header) : []) as { message?: string; location?: string[] }[];
  if (!header && response.headers.get('content-type')?.includes('application/problem+json')) {
    const problem = (await response.clone().json()) as { validation?: { message?: string; location?: string[] }[] };
    found.push(...(problem.validation ?? []));
  }
  return found.map((v) => `${(v.location ?? []).join('.')}: ${v.message ?? 'violation'}`);
}

async function main() {
  const upstream = process.env.SFC_BASE_URL;
  if (!upstream || !process.env.SFC_API_KEY) {
    console.error('contract:live needs SFC_BASE_URL (e.g. https://api.sfcompute.com) and SFC_API_KEY.');
    process.exit(2);
  }
  // The client only sees the local proxy, so its https rule is applied to the upstream here.
  const { protocol, hostname } = new URL(upstream);
  if (protocol !== 'https:' && !isLoopback(hostname)) {
    console.error('SFC_BASE_URL must use https (the key would otherwise travel in clear text).');
    process.exit(2);
  }
  const prism = await startPrism({ proxyTo: upstream });
  try {
    const pending: string[] = [];
    const sfc = new SFCompute({
      baseUrl: prism.url,
      maxRetries: 0,
      validateRequests: false, // let Prism judge what is sent, too
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        pending.push(...(await violationsIn(response)));
        return response;
      },
    });
    console.log(`Prism proxy ${prism.url} → ${upstream}`);
    const steps = await tour(sfc, () => pending.splice(0), process.env.SFC_WORKSPACE);
    process.exitCode = printTour(steps) === 0 ? 0 : 1;
  } finally {
    await prism.stop();
  }
}

// Run only as a script (the test imports the tour without starting anything).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) await main();
