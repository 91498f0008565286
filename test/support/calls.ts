// One valid call of every operation in openapi.yaml, built from the spec itself: the method its
// `x-sfc-method` names, called with the arguments the spec's examples give (the same example call
// its generated JSDoc shows). A new operation is in every table that reads this the moment it is in
// the spec.
import { buildResourceMethods } from '../../scripts/resource-methods.mjs';
import type { RequestOptions, SFCompute } from '../../src/index.js';
import { spec } from './spec.js';

export type Call = (sfc: SFCompute, options?: RequestOptions) => Promise<unknown>;

/** Every method the spec declares, in spec order: `sfc.<resource>.<name>` and its example arguments. */
export const methods = buildResourceMethods(spec);

/** The client method at `sfc.<resource...>.<name>`, bound to its resource; throws naming it when the client lacks it. */
export function methodOf(sfc: SFCompute, path: readonly string[], name: string): (...args: unknown[]) => Promise<unknown> {
  let at: unknown = sfc;
  for (const part of path) at = (at as Record<string, unknown> | undefined)?.[part];
  const fn = (at as Record<string, unknown> | undefined)?.[name];
  if (typeof fn !== 'function') throw new Error(`the client has no method sfc.${[...path, name].join('.')}`);
  return (fn as (...args: unknown[]) => Promise<unknown>).bind(at);
}

/** One valid call of each operation, by operationId, with per-call options passed through. */
export const calls: Record<string, Call> = Object.fromEntries(
  methods.map((m) => {
    const missing = m.args.filter((a) => a.required && a.example === undefined);
    if (missing.length > 0) {
      throw new Error(`${m.operationId}: the spec gives no example for ${missing.map((a) => a.name).join(', ')}; add one to openapi.yaml`);
    }
    const args = m.args.map((a) => a.example);
    const call: Call = (sfc, options) => methodOf(sfc, m.resource, m.name)(...args, options);
    return [m.operationId, call];
  }),
);
