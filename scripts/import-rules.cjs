// Which folder may import which: checked by `npm run lint:imports` (dependency-cruiser), part of
// `npm test`. The rules keep the layers in the order CONTRIBUTING.md's "Layout" describes:
// generated code on top of the resource base only, the engine below the resources, the errors and
// the friendly types at the bottom, and nothing of the client reaching into the fake or the scripts.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'generated-uses-only-the-resource-base',
      comment: 'Generated code imports only generated/ and src/resources/resource.ts (the resource base).',
      severity: 'error',
      from: { path: '^generated/' },
      to: { path: '^src/', pathNot: '^src/resources/resource\\.ts$' },
    },
    {
      name: 'engine-below-the-resources',
      comment: 'src/core/ is the HTTP engine: it knows no resource, client or entry point.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(resources|testing)/|src/(client|index|core|exports|testing|testing-msw)\\.ts$|generated/resources\\.ts$)' },
    },
    {
      name: 'errors-at-the-bottom',
      comment:
        'src/errors/ is imported by every layer, so it imports none above it (except the Retry-After parser, a leaf module with no imports, which RateLimitError reads).',
      severity: 'error',
      from: { path: '^src/errors/' },
      to: {
        path: '^(src/(core|resources|validation|helpers|testing)/|src/(client|index|core|exports|options|option-rules)\\.ts$|generated/resources\\.ts$)',
        pathNot: '^src/core/retry-after\\.ts$',
      },
    },
    {
      name: 'types-at-the-bottom',
      comment: 'src/types.ts names the generated types; it imports only generated/.',
      severity: 'error',
      from: { path: '^src/types\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'client-without-the-fake',
      comment: 'The client never loads the fake: only the testing entry points may import src/testing/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(testing/|testing\\.ts$|testing-msw\\.ts$)' },
      to: { path: '^src/testing' },
    },
    {
      name: 'package-without-scripts-and-tests',
      comment: 'What ships (src/, generated/) never imports the scripts or the tests.',
      severity: 'error',
      from: { path: '^(src|generated)/' },
      to: { path: '^(scripts|test)/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle of imports (types only excepted) makes the load order matter.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(node_modules|dist)/' },
  },
};
