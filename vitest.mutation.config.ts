import { defineConfig } from 'vitest/config';

// The tests StrykerJS runs against each mutant of the money-critical core (stryker.config.json):
// the unit tests that exercise the client through a fake fetch and the retry rules, and the
// faults tests against scripted loopback servers. Tests that build the package, run tsc or read
// the seed pages say nothing about the core and only slow each mutant down.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts', 'test/unit/**/*.test.ts'],
    exclude: [
      'test/unit/package.test.ts',
      'test/unit/readme.test.ts',
      'test/unit/seed-fidelity.test.ts',
      'test/unit/spec-diff.test.ts',
      'test/unit/types.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
  },
});
