import { defineConfig } from 'tsup';

// Three public entry points, each as ESM (.js) and CommonJS (.cjs) with declarations for both
// (.d.ts / .d.cts). Splitting keeps one copy of shared modules per format, so an error class
// imported from `sfcompute-client` is the same class the `sfcompute-client/core` client throws.
export default defineConfig({
  entry: { index: 'src/index.ts', core: 'src/core.ts', validators: 'src/validators.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  treeshake: false,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  outDir: 'dist',
  external: ['openapi-fetch'],
  // Keep every class's own name in both formats: without it the CommonJS build names them _class4
  // and so on, and the ESM build renames SFCompute to SFCompute2 (what util.inspect, loggers and
  // error trackers show).
  keepNames: true,
  // Stack traces can point at src/ (node --enable-source-maps, bundlers, error trackers): the maps
  // carry the sources inside them, so the tarball needs no src/.
  sourcemap: true,
});
