// The TypeScript examples of README.md and CONTRIBUTING.md must compile against the real API: each
// ```ts block is checked by the TypeScript compiler, with `sfcompute-client` mapped to
// src/index.ts (and its testing entries to theirs), as a consumer with the strictest settings
// people use (`strict` and
// `exactOptionalPropertyTypes`) would compile it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const documents = ['README.md', 'CONTRIBUTING.md'];
const examples = documents.flatMap((name) => {
  const text = readFileSync(new URL(`../../${name}`, import.meta.url), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ where: `${name} example ${i + 1}`, code: m[1]! }));
});
const blocks = examples.map((example) => example.code);

// Snippets use `sfc` and `id` without declaring them once the first one has shown how.
const prelude = "import { SFCompute } from 'sfcompute-client';\ndeclare const sfc: SFCompute;\ndeclare const id: string;\n";

// One program for all snippets, so the standard library and the client are parsed only once.
function diagnosticsBySnippet(snippets: string[]): string[][] {
  const names = snippets.map((_, i) => `${root}test/__readme_snippet_${i + 1}__.ts`);
  const sources = new Map(
    snippets.map((snippet, i) => [
      names[i]!,
      snippet.includes('new SFCompute(') ? `${snippet}\nexport {};` : `${prelude}${snippet}\nexport {};`,
    ]),
  );
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    skipLibCheck: true,
    baseUrl: root,
    paths: {
      'sfcompute-client': ['src/index.ts'],
      'sfcompute-client/testing': ['src/testing.ts'],
      'sfcompute-client/testing/msw': ['src/testing-msw.ts'],
    },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => sources.get(name) ?? readFile(name);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => sources.has(name) || exists(name);
  const program = ts.createProgram(names, options, host);
  return names.map((name) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  );
}

describe('README and CONTRIBUTING examples', () => {
  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it('every example compiles against src/index.ts', () => {
    const diagnostics = diagnosticsBySnippet(blocks);
    diagnostics.forEach((found, i) => expect(found, examples[i]!.where).toEqual([]));
  }, 30_000);
});
