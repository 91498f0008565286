import { defineConfig } from 'vitest/config';

// Five projects: `unit` runs the client against an injected fetch; `faults` against scripted
// loopback HTTP servers (retries, timeouts, broken connections); `contract` against a Prism mock
// server that test/support/prism-setup.ts starts from openapi.yaml; `smoke` installs the packed
// tarball into an empty project and calls Prism from Node, Bun, Deno and headless Chromium;
// `docs` opens the rendered reference (npm run docs) in headless Chromium.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // A few unit tests run tsc or the linter (1-3 s here); on 2 shared cores the 5 s default is thin.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/prism-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'smoke',
          include: ['test/smoke/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'docs',
          include: ['test/docs/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
