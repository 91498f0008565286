// Starts and stops a Prism mock (or validating proxy) on openapi.yaml. Shared by the contract
// tests' global setup, `npm run demo` and `npm run contract:live`; the launching itself is the
// package's own (src/testing/mock-server.ts, behind `startMockServer`).
import { fileURLToPath } from 'node:url';
import { launchPrism } from '../src/testing/mock-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const spec = fileURLToPath(new URL('../openapi.yaml', import.meta.url));

export interface PrismServer {
  url: string;
  /** Everything Prism printed, for diagnosing a failed start or a violation. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `prism mock openapi.yaml --errors` (or, with `proxyTo`, `prism proxy openapi.yaml
 * <proxyTo> --errors`) on a free loopback port and resolves once it listens.
 * With `--errors`, a request or a response that breaks the spec becomes an error response (and
 * Prism reports the broken rules in the `sl-violations` header).
 */
export async function startPrism(options: { startupTimeoutMs?: number; proxyTo?: string } = {}): Promise<PrismServer> {
  // `prism proxy openapi.yaml <upstream>` forwards every request to the real API and checks the
  // exchange against the spec on the way (same --errors behaviour as the mock).
  const mode = options.proxyTo === undefined ? ['mock', spec] : ['proxy', spec, options.proxyTo];
  const server = await launchPrism(mode, { resolveFrom: root, startupTimeoutMs: options.startupTimeoutMs });
  return { url: server.baseUrl, output: server.output, stop: server.close };
}
