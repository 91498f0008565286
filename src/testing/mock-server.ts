// `startMockServer`: Prism's mock server on the packaged openapi.yaml, for tests that want the
// contract mock over HTTP instead of the stateful fake. Prism is an optional peer dependency,
// looked up when called; Node's modules are loaded then too, so the testing entry stays usable
// where there is no Node (browsers, workers) as long as this function is not called.
import { ConfigurationError } from '../errors/index.js';

/**
 * Options of `startMockServer`; all optional.
 * @example await startMockServer({ dynamic: true })
 */
export interface MockServerOptions {
  /** Port on 127.0.0.1. Default: a free one. @example { port: 4010 } */
  port?: number | undefined;
  /** Answer with values Prism invents from the schemas (`-d`) instead of the spec's examples. Default false. @example { dynamic: true } */
  dynamic?: boolean | undefined;
  /** Refuse requests and responses that break the spec with an error response (`--errors`). Default true. @example { errors: false } */
  errors?: boolean | undefined;
  /** The OpenAPI document to serve. Default the openapi.yaml shipped in this package. @example { specPath: './openapi.yaml' } */
  specPath?: string | undefined;
  /** Directory from which Prism and this package are looked up. Default `process.cwd()`. @example { resolveFrom: __dirname } */
  resolveFrom?: string | undefined;
  /** How long Prism may take to start, in milliseconds. Default 45,000. @example { startupTimeoutMs: 90_000 } */
  startupTimeoutMs?: number | undefined;
}

/** A running Prism: its URL, a way to stop it, and what it printed. */
export interface MockServer {
  /** The server's URL, for the client's `baseUrl` (`http://127.0.0.1:<port>`). */
  baseUrl: string;
  /** Stops Prism (and waits until it has exited). */
  close: () => Promise<void>;
  /** Everything Prism printed so far, for diagnosing a failed start or a violation. */
  output: () => string;
}

/** The Prism package this launcher needs, named in its error. */
export const PRISM_PACKAGE = '@stoplight/prism-cli';

/** A `require` that looks packages up from `dir` (default the working directory), as that project would. */
async function requireFrom(dir: string | undefined): Promise<NodeJS.Require> {
  const [module, path] = await Promise.all([import('node:module'), import('node:path')]);
  return module.createRequire(path.join(dir ?? process.cwd(), 'noop.js'));
}

/** @internal Starts Prism with `args` (`['mock', spec]`, `['proxy', spec, upstream]`) on a loopback port; resolves once it listens. */
export async function launchPrism(args: string[], options: MockServerOptions = {}): Promise<MockServer> {
  const [{ spawn }, { createServer }, path, { readFileSync }] = await Promise.all([
    import('node:child_process'),
    import('node:net'),
    import('node:path'),
    import('node:fs'),
  ]);
  const from = await requireFrom(options.resolveFrom);
  let manifest: string;
  try {
    manifest = from.resolve(`${PRISM_PACKAGE}/package.json`);
  } catch {
    throw new ConfigurationError(
      `startMockServer needs ${PRISM_PACKAGE}, an optional peer dependency of sfcompute-client: npm install --save-dev ${PRISM_PACKAGE}@5`,
    );
  }
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  const script = path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.prism!);
  const port =
    options.port ??
    (await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
      });
    }));
  const flags = [...(options.errors === false ? [] : ['--errors']), ...(options.dynamic ? ['--dynamic'] : [])];
  const child = spawn(process.execPath, [script, ...args, '--host', '127.0.0.1', '--port', String(port), ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
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
      await close();
      throw new Error(`Prism did not start within the time allowed:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl: `http://127.0.0.1:${port}`, close, output: () => output };
}

/**
 * Starts Prism's mock server on the openapi.yaml shipped in this package and resolves once it
 * listens. Prism answers every call with the spec's example (or, with `dynamic`, values it
 * invents), keeping no state: use it to check what goes over the wire; use `createFakeSFCompute`
 * for lifecycles. Needs the optional peer dependency `@stoplight/prism-cli` (a ConfigurationError
 * naming it when it is missing) and Node.
 * @example
 * const mock = await startMockServer();
 * const sfc = new SFCompute({ apiKey: 'test', baseUrl: mock.baseUrl });
 * await sfc.zones.list();
 * await mock.close();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  let spec = options.specPath;
  if (spec === undefined) {
    const from = await requireFrom(options.resolveFrom);
    try {
      spec = from.resolve('sfcompute-client/openapi.yaml');
    } catch {
      throw new ConfigurationError(
        `startMockServer could not find sfcompute-client/openapi.yaml from ${options.resolveFrom ?? process.cwd()}; pass { specPath }`,
      );
    }
  }
  return launchPrism(['mock', spec], options);
}
