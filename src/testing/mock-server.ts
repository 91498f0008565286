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
  /** Directory from which Prism is looked up. Default: where this package is installed, then `process.cwd()`. @example { resolveFrom: __dirname } */
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

/**
 * This module's file: from `import.meta.url` in the ESM build; the CommonJS build has no
 * `import.meta` (tsup.config.ts makes it undefined there) and uses its module's `__filename`.
 */
async function moduleFile(): Promise<string> {
  const url = import.meta.url as string | undefined;
  if (url === undefined) return __filename;
  const { fileURLToPath } = await import('node:url');
  return fileURLToPath(url);
}

/**
 * @internal The openapi.yaml of the sfcompute-client package that holds `file`: the nearest
 * directory above it whose package.json is this package's and that has the spec; undefined when none does.
 */
export async function findPackagedSpec(file: string): Promise<string | undefined> {
  const [path, { existsSync, readFileSync }] = await Promise.all([import('node:path'), import('node:fs')]);
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    const spec = path.join(dir, 'openapi.yaml');
    if (
      existsSync(manifest) &&
      existsSync(spec) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'sfcompute-client'
    ) {
      return spec;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Where Prism is installed: from `resolveFrom` when given, else from this package's place (as a peer dependency resolves), else from the working directory. */
async function findPrism(resolveFrom: string | undefined): Promise<string | undefined> {
  const [module, path] = await Promise.all([import('node:module'), import('node:path')]);
  const places =
    resolveFrom !== undefined ? [path.join(resolveFrom, 'noop.js')] : [await moduleFile(), path.join(process.cwd(), 'noop.js')];
  for (const place of places) {
    try {
      return module.createRequire(place).resolve(`${PRISM_PACKAGE}/package.json`);
    } catch {
      // not from here; try the next place
    }
  }
  return undefined;
}

/** @internal Starts Prism with `args` (`['mock', spec]`, `['proxy', spec, upstream]`) on a loopback port; resolves once it listens. */
export async function launchPrism(args: string[], options: MockServerOptions = {}): Promise<MockServer> {
  const [{ spawn }, { createServer }, path, { readFileSync }] = await Promise.all([
    import('node:child_process'),
    import('node:net'),
    import('node:path'),
    import('node:fs'),
  ]);
  const manifest = await findPrism(options.resolveFrom);
  if (manifest === undefined) {
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
  let failure: Error | undefined;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // A process that cannot be spawned (or signalled) emits 'error', and maybe no 'exit'.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      failure = error;
      resolve();
    });
  });
  // Ended by itself: an exit code, or killed by a signal (then exitCode stays null).
  const ended = () => failure !== undefined || child.exitCode !== null || child.signalCode !== null;
  const close = async () => {
    if (!ended()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + (options.startupTimeoutMs ?? 45_000);
  while (!output.includes('Prism is listening')) {
    if (failure) throw new Error(`Prism could not be started: ${failure.message}\n${output}`);
    if (ended()) {
      const how = child.exitCode !== null ? `with code ${child.exitCode}` : `on signal ${child.signalCode}`;
      throw new Error(`Prism exited ${how}:\n${output}`);
    }
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
  const here = await moduleFile();
  const spec = options.specPath ?? (await findPackagedSpec(here));
  if (spec === undefined) {
    throw new ConfigurationError(`startMockServer could not find the openapi.yaml of sfcompute-client above ${here}; pass { specPath }`);
  }
  return launchPrism(['mock', spec], options);
}
