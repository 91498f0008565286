// The README's "Testing your code" examples are run, not only compiled (test/unit/readme.test.ts
// compiles every example): each ```ts block that imports vitest is written to .tmp/ with the
// package's entry points pointed at src/, and imported inside a suite of its own, so its tests and
// hooks run here as a user's test file would run them.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Testing your code'), readme.indexOf('\n## ', readme.indexOf('## Testing your code') + 1));
const examples = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((code) => code.includes("from 'vitest'"));

// Longest names first, so `sfcompute-client` does not replace the start of `sfcompute-client/testing`.
const entries: [string, string][] = [
  ["'sfcompute-client/testing/msw'", `'${root}src/testing-msw.ts'`],
  ["'sfcompute-client/testing'", `'${root}src/testing.ts'`],
  ["'sfcompute-client'", `'${root}src/index.ts'`],
];
const dir = `${root}.tmp/readme-examples-${process.pid}/`;
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('finds the three testing examples (fake, MSW, Prism)', () => {
  expect(examples).toHaveLength(3);
  expect(examples[0]).toContain('fake.failNext(');
  expect(examples[1]).toContain('setupServer(...sfcomputeHandlers(fake))');
  expect(examples[2]).toContain('await startMockServer()');
});

examples.forEach((code, i) => {
  describe(`README testing example ${i + 1}`, async () => {
    const file = `${dir}example-${i + 1}.ts`;
    writeFileSync(
      file,
      entries.reduce((text, [name, path]) => text.replaceAll(name, path), code),
    );
    await import(file);
  });
});
