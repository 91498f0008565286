import { rmSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Options } from 'tsup';

// Five public entry points, each as ESM (.js) and CommonJS (.cjs) with declarations for both
// (.d.ts / .d.cts). `testing` (the fake API) and `testing/msw` (its MSW handlers, which import the
// optional peer msw) are entries of their own: nothing the others load imports them. Splitting
// keeps one copy of shared modules per format, so an error class imported from `sfcompute-client`
// is the same class the `sfcompute-client/core` client throws.
const shared: Options = {
  entry: {
    index: 'src/index.ts',
    core: 'src/core.ts',
    validators: 'src/validators.ts',
    testing: 'src/testing.ts',
    'testing-msw': 'src/testing-msw.ts',
  },
  dts: true,
  splitting: true,
  treeshake: false,
  target: 'es2022',
  platform: 'neutral',
  outDir: 'dist',
  // Node's own modules stay imports (startMockServer loads them when called).
  external: ['openapi-fetch', 'msw', /^node:/],
  // Stack traces can point at src/ (node --enable-source-maps, bundlers, error trackers): the maps
  // carry the sources inside them, so the tarball needs no src/.
  sourcemap: true,
};

/**
 * Rewrites every absolute path in dist's source maps that end in `suffix` (in `sources` and
 * `file`) as a path relative to dist. The CommonJS build turns each split chunk from ESM with a
 * second transform, whose map names the chunk by its absolute path (the build machine's
 * directory, often with a user name in it); esbuild's own maps are relative already.
 */
async function relativeSourceMaps(suffix: string): Promise<void> {
  const dist = resolve('dist');
  const fromDist = (path: string) => (isAbsolute(path) ? relative(dist, path).split(sep).join('/') : path);
  for (const name of (await readdir(dist)).filter((file) => file.endsWith(suffix))) {
    const file = join(dist, name);
    const map = JSON.parse(await readFile(file, 'utf8')) as { file?: string; sources?: string[] };
    if (!(map.sources ?? []).some(isAbsolute) && !(map.file !== undefined && isAbsolute(map.file))) continue;
    if (map.sources) map.sources = map.sources.map(fromDist);
    if (map.file !== undefined) map.file = fromDist(map.file);
    await writeFile(file, JSON.stringify(map));
  }
}

// No `clean` option: with it, each config's declaration build deletes every .d.ts, .d.mts and
// .d.cts in dist when it starts, whatever the config's own globs say, so the two configs, which
// run at once, could delete each other's declarations (or the same file twice: ENOENT). dist is
// emptied once here instead, when tsup loads this file, before either config starts.
rmSync('dist', { recursive: true, force: true });

export default defineConfig([
  // ESM keeps class names by itself (src/index.ts names the one class the bundle renames), and
  // what bundlers build from it stays free of a name call per function.
  { ...shared, format: 'esm', onSuccess: () => relativeSourceMaps('.js.map') },
  // The CommonJS build rewrites classes with fields into `_class4 = class …`: keepNames gives each
  // its own name back (what util.inspect, loggers and error trackers show). `import.meta` is a
  // syntax error in CommonJS: its one use (startMockServer finding the packaged spec) is made
  // undefined there, and the module's `__filename` is read instead.
  {
    ...shared,
    format: 'cjs',
    keepNames: true,
    define: { 'import.meta.url': 'undefined' },
    onSuccess: () => relativeSourceMaps('.cjs.map'),
  },
]);
