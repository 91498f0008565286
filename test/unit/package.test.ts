// The published entry points: `exports` must lead to the build (made by `npm run build`, which
// `npm test` runs first) and expose every public name that src/index.ts exports.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/core.js';
import * as source from '../../src/index.js';
import * as validatorsEntry from '../../src/validators.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('package entry points', () => {
  it.each(['.', './core', './validators'])('points exports[%s] at built files that exist, types first', (name) => {
    const entry = pkg.exports[name];
    expect(Object.keys(entry)[0]).toBe('types');
    for (const file of [entry.types, entry.import]) {
      expect(existsSync(new URL(`../../${file}`, import.meta.url)), file).toBe(true);
    }
  });

  it.each<[string, object]>([
    ['sfcompute-client', source],
    ['sfcompute-client/core', core],
    ['sfcompute-client/validators', validatorsEntry],
  ])('loads %s by package name from the build with the same exports as its source', (specifier, module) => {
    const script = `import('${specifier}').then((m) => console.log(JSON.stringify(Object.keys(m).sort())))`;
    const names = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
    expect(names).toEqual(Object.keys(module).sort());
    expect(names.length).toBeGreaterThan(0);
  });

  it('keeps the validators out of sfcompute-client/core (and in the main entry)', () => {
    // Every module a built entry point imports, followed through relative imports.
    const graph = (entry: string): string[] => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const text = readFileSync(file, 'utf8');
        for (const [, spec] of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
          if (spec!.startsWith('.')) visit(fileURLToPath(new URL(spec!, `file://${file}`)));
        }
      };
      visit(join(root, entry));
      return [...seen].map((f) => f.slice(root.length));
    };
    const core = graph(pkg.exports['./core'].import);
    expect(core).toContain('dist/src/client.js');
    expect(core.filter((f) => f.includes('validators'))).toEqual([]);
    expect(graph(pkg.exports['.'].import)).toContain('dist/generated/request-validators.js');
  });
});
