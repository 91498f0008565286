// `npm run bench:bundle`: where the bytes of the core one-call bundle come from. The bench
// (run.mjs) measures one figure, the gzipped size of a file that makes one extend call with
// `sfcompute-client/core`; this script builds the same file from src/ (dist's chunks merge
// modules) and prints, for each module in it, how many gzipped bytes the bundle loses without
// that module's code. gzip shares repeated text across modules, so the rows add up to about the
// total, not exactly: read them as a ranking. Takes a few seconds; prints only, checks nothing.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ONE_CALL = `import { SFCompute } from './src/core.ts';
  const c = new SFCompute({ apiKey: 'k' });
  export const run = () => c.nodes.extend('n_1', { duration_seconds: 3600, max_price_per_node_hour: 100 });`;

const gz = (text) => gzipSync(text, { level: 9 }).length;
const build = (minify) =>
  esbuild.build({
    stdin: { contents: ONE_CALL, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    // Whitespace is kept in the split build, for the `// <module path>` line esbuild writes before
    // each module's code; each part is then minified on its own.
    ...(minify ? { minify: true } : { minifySyntax: true, minifyIdentifiers: true }),
  });

const whole = (await build(true)).outputFiles[0].text;
const split = (await build(false)).outputFiles[0].text.split(/\n(?=\/\/ (?:(?:src|generated|node_modules)\/|<stdin>))/);
const parts = [];
for (const part of split) {
  const [first, ...rest] = part.split('\n');
  // esbuild's own helpers, when it needs any, come before the first module's line.
  const name = first.startsWith('// ') ? first.slice(3) : '(esbuild helpers)';
  const code = (await esbuild.transform(first.startsWith('// ') ? rest.join('\n') : part, { minify: true, loader: 'js' })).code;
  parts.push({ name, code });
}
const joined = gz(parts.map((p) => p.code).join(''));
const rows = parts
  .map((part, i) => ({
    name: part.name,
    minBytes: part.code.length,
    gzipBytes: joined - gz(parts.flatMap((p, j) => (j === i ? [] : [p.code])).join('')),
  }))
  .sort((a, b) => b.gzipBytes - a.gzipBytes);

console.log(`sfcompute-client/core, one extend call: ${(whole.length / 1024).toFixed(1)} KB min, ${(gz(whole) / 1024).toFixed(2)} KB gz`);
console.log('  gz bytes  min bytes  module (gzipped bytes the bundle loses without it)');
for (const row of rows) console.log(`  ${String(row.gzipBytes).padStart(8)}  ${String(row.minBytes).padStart(9)}  ${row.name}`);
