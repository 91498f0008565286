// The published entry points: `exports` must lead to the build (made by `npm run build`, which
// `npm test` runs first) and expose every public name that src/index.ts exports.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as source from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('package entry points', () => {
  it('points exports at built files that exist, types first', () => {
    const entry = pkg.exports['.'];
    expect(Object.keys(entry)[0]).toBe('types');
    for (const file of [entry.types, entry.import]) {
      expect(existsSync(new URL(`../../${file}`, import.meta.url)), file).toBe(true);
    }
  });

  it('loads by package name from the build with the same exports as src/index.ts', () => {
    const script = "import('sfcompute-client').then((m) => console.log(JSON.stringify(Object.keys(m).sort())))";
    const names = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
    expect(names).toEqual(Object.keys(source).sort());
    expect(names).toContain('SFCompute');
  });
});
