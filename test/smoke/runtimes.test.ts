// The published package, as a user gets it: `npm pack`, installed from the tarball into an empty
// project, then one script that lists nodes (through both client entry points), extends one and trips a validation rule runs against
// the Prism mock under Node (import and require), Bun, Deno and headless Chromium.
// A runtime that is not installed here is skipped with the reason printed, never silently.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrismServer, startPrism } from '../../scripts/prism.js';
import { responseExample } from '../support/spec.js';
import { chromiumUnavailableReason, launchChromium } from '../support/chromium.js';
import { serveDirectory } from '../support/static-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** Why `command --version` cannot run here, or undefined when it can. */
function unavailable(command: string): string | undefined {
  try {
    execFileSync(command, ['--version'], { stdio: 'pipe', timeout: 30_000 });
    return undefined;
  } catch (error) {
    return `${command} --version failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

// What every runtime must print: the spec's own examples, as Prism serves them, and the rule the
// client's validator names for a duration that is not whole hours.
const listed = (responseExample('/v1/nodes', 'get', 200) as { data: unknown[] }).data.length;
const extended = (responseExample('/v1/nodes/{id}/extend', 'patch', 200) as { id: string }).id;
const expected = {
  listed,
  extended,
  invalid: { name: 'ValidationError', path: '/duration_seconds', sentRequests: false },
  listedByCore: listed,
};

/** The smoke script: ESM, or CommonJS with `require`. The base URL is written into the file. */
function smokeScript(format: 'esm' | 'cjs', baseUrl: string): string {
  const load =
    format === 'esm'
      ? `import { SFCompute, ValidationError } from 'sfcompute-client';\nimport { SFCompute as Core } from 'sfcompute-client/core';`
      : `const { SFCompute, ValidationError } = require('sfcompute-client');\nconst { SFCompute: Core } = require('sfcompute-client/core');`;
  return `${load}
async function smoke() {
  let sent = 0;
  const sfc = new SFCompute({ apiKey: 'smoke-test-key', baseUrl: ${JSON.stringify(baseUrl)}, fetch: (url, init) => { sent++; return fetch(url, init); } });
  const list = await sfc.nodes.list();
  const node = await sfc.nodes.extend('n_b1dc52505c6db142', { duration_seconds: 7200, max_price_per_node_hour: 1000 });
  const before = sent;
  let invalid;
  try {
    await sfc.nodes.extend('n_b1dc52505c6db142', { duration_seconds: 5400, max_price_per_node_hour: 1000 });
  } catch (error) {
    invalid = { name: error instanceof ValidationError ? 'ValidationError' : String(error), path: error.issues?.[0]?.path, sentRequests: sent !== before };
  }
  const core = new Core({ apiKey: 'smoke-test-key', baseUrl: ${JSON.stringify(baseUrl)} });
  return { listed: list.data.length, extended: node.id, invalid, listedByCore: (await core.nodes.list()).data.length };
}
${format === 'esm' ? 'export { smoke };\nif (typeof document === "undefined") console.log(JSON.stringify(await smoke()));' : 'smoke().then((r) => console.log(JSON.stringify(r)));'}
`;
}

let project = '';
let prism: PrismServer;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'sfc-smoke-'));
  const packed = execFileSync('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: root, encoding: 'utf8' });
  const tarball = packed.trim().split('\n').pop()!;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'smoke', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', `./${tarball}`], {
    cwd: project,
    stdio: 'pipe',
  });
  prism = await startPrism();
  writeFileSync(join(project, 'smoke.mjs'), smokeScript('esm', prism.url));
  writeFileSync(join(project, 'smoke.cjs'), smokeScript('cjs', prism.url));
}, 120_000);

afterAll(async () => {
  await prism?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Runs a command in the installed project and parses the one JSON line it prints. */
function run(command: string, args: string[]): unknown {
  const out = execFileSync(command, args, { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('the packed tarball', () => {
  it('contains only the build and its source maps, the spec, the readme, the changelog, the licence and package.json', () => {
    const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: root, encoding: 'utf8' })) as [
      { files: { path: string }[] },
    ];
    const files: string[] = report.files.map((f) => f.path);
    expect(files).toContain('dist/index.cjs');
    expect(files).toContain('dist/core.d.ts');
    expect(files).toContain('LICENSE');
    expect(files).toContain('CHANGELOG.md');
    expect(files).toContain('dist/core.js.map');
    expect(files).toContain('dist/index.cjs.map');
    expect(
      files.filter(
        (f) =>
          !/^(dist\/[^/]+\.(js|cjs|d\.ts|d\.cts|js\.map|cjs\.map)|package\.json|README\.md|CHANGELOG\.md|LICENSE|openapi\.yaml)$/.test(f),
      ),
    ).toEqual([]);
  });

  it('ships source maps that carry the TypeScript sources', () => {
    // The entry files re-export from shared chunks: the code, and so the sources, are in theirs.
    const maps = readdirSync(join(root, 'dist'))
      .filter((f) => f.endsWith('.js.map') || f.endsWith('.cjs.map'))
      .map((f) => JSON.parse(readFileSync(join(root, 'dist', f), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] });
    // One chunk per format holds the client.
    expect(maps.filter((m) => m.sources.some((s) => s.endsWith('src/client.ts'))).length).toBeGreaterThanOrEqual(2);
    for (const map of maps.filter((m) => m.sources.some((s) => s.endsWith('src/client.ts')))) {
      const client = map.sources.findIndex((s) => s.endsWith('src/client.ts'));
      expect(map.sourcesContent?.[client]).toContain('export class SFCompute');
    }
  });

  it.each(['import', 'require'] as const)('keeps the class names under %s, as loggers and error trackers show them', (how) => {
    const load = how === 'import' ? "import('sfcompute-client')" : "Promise.resolve(require('sfcompute-client'))";
    const script = `${load}.then((m) => {
      const error = new m.NotFoundError('Node n_x not found', { status: 404, headers: new Headers(), requestId: undefined, body: null });
      console.log(JSON.stringify({ inspected: require('node:util').inspect(error).split('\\n')[0], name: error.constructor.name, client: m.SFCompute.name }));
    })`;
    expect(run(process.execPath, ['--input-type=commonjs', '-e', script])).toEqual({
      inspected: 'NotFoundError: Node n_x not found',
      name: 'NotFoundError',
      client: 'SFCompute',
    });
  });

  it.each(['import', 'require'] as const)(
    'finds its packaged openapi.yaml for startMockServer under %s, run from another directory',
    (how) => {
      // No Prism is installed in the project: once the spec is found, the launcher asks for Prism.
      const entry = join(project, 'node_modules', 'sfcompute-client', 'dist', how === 'import' ? 'testing.js' : 'testing.cjs');
      const load =
        how === 'import' ? `import(${JSON.stringify(pathToFileURL(entry).href)})` : `Promise.resolve(require(${JSON.stringify(entry)}))`;
      const script = `${load}.then((m) => m.startMockServer()).then(() => console.log('"started"'), (e) => console.log(JSON.stringify(e.message.split(':')[0])))`;
      const out = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], {
        cwd: tmpdir(),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(JSON.parse(out.trim().split('\n').pop()!)).toBe(
        'startMockServer needs @stoplight/prism-cli, an optional peer dependency of sfcompute-client',
      );
    },
  );

  it('installs with its one runtime dependency', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'sfcompute-client', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(installed.dependencies)).toEqual(['openapi-fetch']);
  });
});

describe('one call from each runtime against the Prism mock', () => {
  it('Node, through import', () => {
    expect(run(process.execPath, ['smoke.mjs'])).toEqual(expected);
  });

  it('Node, through require', () => {
    expect(run(process.execPath, ['smoke.cjs'])).toEqual(expected);
  });

  const noBun = unavailable(bin('bun'));
  if (noBun) console.warn(`[smoke] skipping Bun: ${noBun}`);
  it.skipIf(noBun)('Bun, through import and require', () => {
    expect(run(bin('bun'), ['smoke.mjs'])).toEqual(expected);
    expect(run(bin('bun'), ['smoke.cjs'])).toEqual(expected);
  });

  const noDeno = unavailable(bin('deno'));
  if (noDeno) console.warn(`[smoke] skipping Deno: ${noDeno}`);
  it.skipIf(noDeno)('Deno, with network access only', () => {
    expect(run(bin('deno'), ['run', '--allow-net', 'smoke.mjs'])).toEqual(expected);
  });

  const noChromium = chromiumUnavailableReason();
  if (noChromium) console.warn(`[smoke] skipping Chromium: ${noChromium}`);
  it.skipIf(noChromium)('headless Chromium, as native ES modules through an import map (Prism answers CORS)', async () => {
    // The page is served from its own loopback port, so every call to Prism is cross-origin.
    const importMap = {
      imports: {
        'sfcompute-client': '/node_modules/sfcompute-client/dist/index.js',
        'sfcompute-client/core': '/node_modules/sfcompute-client/dist/core.js',
        'openapi-fetch': '/node_modules/openapi-fetch/dist/index.mjs',
      },
    };
    writeFileSync(
      join(project, 'index.html'),
      `<!doctype html><meta charset="utf-8"><title>smoke</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
import { smoke } from './smoke.mjs';
smoke().then((r) => { window.smokeResult = r; }, (e) => { window.smokeResult = { error: String(e) }; });
</script>`,
    );
    const site = await serveDirectory(project);
    const browser = await launchChromium();
    if (!browser.ok) throw new Error(browser.reason); // installed but unable to start: a failure, not a skip
    try {
      const page = await browser.context.newPage();
      const failures: string[] = [];
      page.on('pageerror', (e) => failures.push(String(e)));
      page.on('requestfailed', (r) => failures.push(`${r.url()}: ${r.failure()?.errorText}`));
      await page.goto(`${site.url}/index.html`);
      const result = await page.waitForFunction(() => (window as unknown as { smokeResult?: unknown }).smokeResult, undefined, {
        timeout: 30_000,
      });
      expect({ result: await result.jsonValue(), failures }).toEqual({ result: expected, failures: [] });
    } finally {
      await browser.close();
      await site.close();
    }
  });
});
