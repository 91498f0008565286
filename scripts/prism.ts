// Starts and stops a Prism mock (or validating proxy) on openapi.yaml. Shared by the contract
// tests' global setup, `npm run demo` and `npm run contract:live`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const prismBin = fileURLToPath(new URL('../node_modules/.bin/prism', import.meta.url));

export interface PrismServer {
  url: string;
  /** Everything Prism printed, for diagnosing a failed start or a violation. */
  output: () => string;
  stop: () => Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts `prism mock openapi.yaml --errors` (or, with `proxyTo`, `prism proxy openapi.yaml
 * <proxyTo> --errors`) on a free loopback port and resolves once it listens.
 * With `--errors`, a request or a response that breaks the spec becomes an error response (and
 * Prism reports the broken rules in the `sl-violations` header).
 */
export async function startPrism(options: { startupTimeoutMs?: number; proxyTo?: string } = {}): Promise<PrismServer> {
  const port = await freePort();
  // `prism proxy openapi.yaml <upstream>` forwards every request to the real API and checks the
  // exchange against the spec on the way (same --errors behaviour as the mock).
  const mode = options.proxyTo === undefined ? ['mock', 'openapi.yaml'] : ['proxy', 'openapi.yaml', options.proxyTo];
  const child: ChildProcess = spawn(prismBin, [...mode, '--host', '127.0.0.1', '--port', String(port), '--errors'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + (options.startupTimeoutMs ?? 45_000);
  while (!output.includes('Prism is listening')) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism did not start within the time allowed:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, output: () => output, stop };
}
