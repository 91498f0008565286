// The published entry points: `exports` must lead to the build (made by `npm run build`, which
// `npm test` runs first) and expose every public name that src/index.ts exports.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/core.js';
import * as source from '../../src/index.js';
import * as testingMswEntry from '../../src/testing-msw.js';
import * as testingEntry from '../../src/testing.js';
import * as validatorsEntry from '../../src/validators.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The built files one condition of an `exports` entry names (a type alias, so Object.values sees strings). */
type Target = { types: string; default: string };
/** The part of package.json these tests read. */
interface PackageJson {
  exports: Record<'.' | './core' | './validators' | './testing' | './testing/msw', Record<'import' | 'require', Target>>;
}
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson;

/** Every module a built entry point loads (file → text), following its relative imports/requires. */
function loadedFiles(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const [, spec] of text.matchAll(/(?:\bfrom\s*|\bimport\s*|\brequire\()['"](\.[^'"]+)['"]/g)) {
      visit(fileURLToPath(new URL(spec!, `file://${file}`)));
    }
  };
  visit(join(root, entry));
  expect(seen.size).toBeGreaterThan(1);
  return seen;
}

/** The text of every file an entry point loads (itself and the chunks it imports), joined. */
function loaded(entry: string): string {
  return [...loadedFiles(entry).values()].join('\n');
}

describe('package entry points', () => {
  it.each(['.', './core', './validators', './testing'] as const)(
    'maps exports[%s] to built ESM and CommonJS files that exist, types first',
    (name) => {
      const entry = pkg.exports[name];
      expect(Object.keys(entry)).toEqual(['import', 'require']);
      for (const [condition, ext] of [
        ['import', ['.d.ts', '.js']],
        ['require', ['.d.cts', '.cjs']],
      ] as const) {
        expect(Object.keys(entry[condition])).toEqual(['types', 'default']);
        expect(entry[condition].types.endsWith(ext[0]), entry[condition].types).toBe(true);
        expect(entry[condition].default.endsWith(ext[1]), entry[condition].default).toBe(true);
        for (const file of Object.values(entry[condition])) {
          expect(existsSync(join(root, file)), file).toBe(true);
        }
      }
    },
  );

  it.each(['import', 'require'] as const)(
    'keeps every exported class name in the %s build (util.inspect, loggers and error trackers show it)',
    (condition) => {
      const probe = `
      const util = require('node:util');
      const report = (m) => {
        const renamed = Object.entries(m).filter(([k, v]) => typeof v === 'function' && /^[A-Z]/.test(k) && v.name !== k).map(([k, v]) => k + ' is ' + v.name);
        const error = new m.NotFoundError('Node n_x not found', { status: 404, headers: new Headers(), requestId: undefined, body: null });
        console.log(JSON.stringify({ renamed, inspected: util.inspect(error).split('\\n')[0], constructorName: error.constructor.name, classes: Object.keys(m).filter((k) => /^[A-Z]/.test(k) && typeof m[k] === 'function').length }));
      };`;
      const script =
        condition === 'import' ? `${probe} import('sfcompute-client').then(report)` : `${probe} report(require('sfcompute-client'))`;
      const out = JSON.parse(execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: root, encoding: 'utf8' })) as {
        renamed: string[];
        inspected: string;
        constructorName: string;
        classes: number;
      };
      // The earlier names of five generated resource classes are kept as aliases, on purpose.
      expect(out.renamed).toEqual([
        'Account is AccountResource',
        'Balances is BalancesResource',
        'Images is ImagesResource',
        'Quotes is QuotesResource',
        'Zones is ZonesResource',
      ]);
      expect(out.classes).toBeGreaterThan(20);
      expect(out.constructorName).toBe('NotFoundError');
      expect(out.inspected).toBe('NotFoundError: Node n_x not found');
    },
  );

  const entries: [string, object][] = [
    ['sfcompute-client', source],
    ['sfcompute-client/core', core],
    ['sfcompute-client/validators', validatorsEntry],
    ['sfcompute-client/testing', testingEntry],
    ['sfcompute-client/testing/msw', testingMswEntry],
  ];
  it.each(entries)('imports %s by package name from the ESM build with the same exports as its source', (specifier, module) => {
    const script = `import('${specifier}').then((m) => console.log(JSON.stringify(Object.keys(m).sort())))`;
    const names = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }),
    ) as string[];
    expect(names).toEqual(Object.keys(module).sort());
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(entries)('requires %s by package name from the CommonJS build with the same exports as its source', (specifier, module) => {
    const script = `console.log(JSON.stringify(Object.keys(require('${specifier}')).sort()))`;
    const names: unknown = JSON.parse(
      execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: root, encoding: 'utf8' }),
    );
    expect(names).toEqual(Object.keys(module).sort());
  });

  it('shares one copy of each class between the entry points, in each format', () => {
    const esm = `const [a, b] = await Promise.all([import('sfcompute-client'), import('sfcompute-client/core')]);
      console.log(a.APIError === b.APIError && a.Nodes === b.Nodes && Object.getPrototypeOf(a.SFCompute) === b.SFCompute)`;
    const cjs = `const a = require('sfcompute-client'), b = require('sfcompute-client/core');
      console.log(a.APIError === b.APIError && a.Nodes === b.Nodes && Object.getPrototypeOf(a.SFCompute) === b.SFCompute)`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: root, encoding: 'utf8' }).trim()).toBe('true');
    expect(execFileSync(process.execPath, ['--input-type=commonjs', '-e', cjs], { cwd: root, encoding: 'utf8' }).trim()).toBe('true');
  });

  it.each(['import', 'require'] as const)(
    'keeps the validators and their runner out of sfcompute-client/core, and calls through openapi-fetch in both (%s build)',
    (condition) => {
      // Ajv's standalone output names its functions validate<N>; nothing else in the package does.
      const compiled = /function validate\d+\(/;
      // Every resource call goes through openapi-fetch, so both entries load it; the validator
      // runner belongs to the main entry only.
      const openapiFetch = /(?:from\s*|require\()['"]openapi-fetch['"]/;
      const runner = /a documented status for/;
      const core = loaded(pkg.exports['./core'][condition].default);
      const main = loaded(pkg.exports['.'][condition].default);
      expect(core).not.toMatch(compiled);
      expect(core).toMatch(openapiFetch);
      expect(core).not.toMatch(runner);
      expect(main).toMatch(compiled);
      expect(main).toMatch(openapiFetch);
      expect(main).toMatch(runner);
    },
  );

  it.each(['import', 'require'] as const)('keeps the fake API out of every other entry point (%s build)', (condition) => {
    // Strings only the fake's modules hold: its factory, its router and one of its handlers.
    const fake = [/createFakeSFCompute/, /The fake does not model/, /only auto reserved nodes can be released/];
    const testing = loaded(pkg.exports['./testing'][condition].default);
    for (const marker of fake) expect(testing).toMatch(marker);
    for (const entry of ['.', './core', './validators'] as const) {
      const text = loaded(pkg.exports[entry][condition].default);
      for (const marker of fake) expect(text, `${entry} loads ${String(marker)}`).not.toMatch(marker);
    }
    // msw is an optional peer: only the testing/msw entry imports it.
    const msw = /(?:from\s*|require\(|import\()['"]msw['"]/;
    expect(testing).not.toMatch(msw);
    expect(readFileSync(join(root, pkg.exports['./testing/msw'][condition].default), 'utf8')).toMatch(msw);
  });

  it.each(['import', 'require'] as const)('builds no other entry point from the fake API sources (%s build source maps)', (condition) => {
    const sourcesOf = (entry: string) =>
      [...loadedFiles(entry).keys()].flatMap((file) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources);
    const fakeSource = (s: string) => s.includes('src/testing/') || s.includes('request-shapes');
    expect(sourcesOf(pkg.exports['./testing'][condition].default).filter(fakeSource)).not.toEqual([]);
    for (const entry of ['.', './core', './validators'] as const) {
      expect(sourcesOf(pkg.exports[entry][condition].default).filter(fakeSource), entry).toEqual([]);
    }
  });

  it('ships source maps whose sources are relative, holding no path of the machine that built them', () => {
    const maps = readdirSync(join(root, 'dist')).filter((name) => name.endsWith('.map'));
    expect(maps.filter((name) => name.endsWith('.cjs.map')).length).toBeGreaterThan(0);
    for (const name of maps) {
      const text = readFileSync(join(root, 'dist', name), 'utf8');
      const { sources } = JSON.parse(text) as { sources: string[] };
      expect(
        sources.filter((s) => isAbsolute(s) || /^[a-z][a-z0-9+.-]*:/i.test(s)),
        name,
      ).toEqual([]);
      expect(text.includes(root.replace(/\/$/, '')), name).toBe(false);
    }
  });
});
