#!/usr/bin/env node
// Regenerate (or, with --check, verify) generated/ from openapi.yaml.
//
//   node scripts/generate.mjs          lint the spec, then write generated/ (types, operation table,
//                                      resource classes, standalone validators) and the README's
//                                      methods and retry tables
//   node scripts/generate.mjs --check  lint the spec, then fail if any of them is stale
//
// The spec is always linted first so that a spec that does not lint can never produce types.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { buildOperationTable, renderOperationsModule, renderRetryTable, replaceBetweenMarkers } from './operation-table.mjs';
import { buildRequestShapes, renderRequestShapesModule } from './request-shapes.mjs';
import { compileValidators } from './validators.mjs';
import { collectPatternRules, renderPatternRules } from './pattern-rules.mjs';
import { buildResourceMethods, renderMethodsTable, renderResourcesModule } from './resource-methods.mjs';
import { buildExampleAnswers, renderExampleAnswersModule } from './example-answers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const check = process.argv.includes('--check');

// Generator flags, chosen on purpose (see CONTRIBUTING.md, "Regenerating after a spec change"):
// --root-types                keeps `components['schemas']['Node']` and adds `SchemaNode` at the
//                             root. The `Schema` prefix stays on, so no generated name can shadow
//                             a global such as `Error` or one of our error classes.
// --default-non-nullable false  a `default` in the spec must not make a request field mandatory
//                             (otherwise `any_zone`, `forward_443`, `override_empty`... would have
//                             to be passed on every call).
// Input and output come from redocly.yaml (`apis.sfcompute`), which also drives the linter.
const generatorFlags = ['--root-types', '--default-non-nullable', 'false'];

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (run(bin('redocly'), ['lint', '--format', 'stylish']) !== 0) {
  console.error('generate: openapi.yaml does not lint; fix it before generating.');
  process.exit(1);
}

const status = run(bin('openapi-typescript'), [...generatorFlags, ...(check ? ['--check'] : [])]);
if (status !== 0) {
  console.error(
    check
      ? 'generate:check: generated/ does not match openapi.yaml. Run `npm run generate` and commit the result.'
      : 'generate: openapi-typescript failed.',
  );
  process.exit(status);
}

// The operation table (method, path, x-idempotent) that the client's retry policy reads, and the
// README table generated from it. An operation without an x-idempotent decision stops here.
let table;
let validators;
let requestShapes;
let patternRules;
let resourceMethods;
let exampleAnswers;
try {
  const spec = parse(readFileSync(join(root, 'openapi.yaml'), 'utf8'));
  table = buildOperationTable(spec);
  validators = compileValidators(spec);
  requestShapes = buildRequestShapes(spec);
  patternRules = collectPatternRules(spec);
  resourceMethods = buildResourceMethods(spec);
  exampleAnswers = buildExampleAnswers(spec);
} catch (error) {
  console.error(`generate: ${error.message}`);
  process.exit(1);
}
const outputs = [
  [join(root, 'generated', 'operations.ts'), () => renderOperationsModule(table)],
  [join(root, 'generated', 'request-shapes.ts'), () => renderRequestShapesModule(requestShapes)],
  [join(root, 'generated', 'request-validators.ts'), () => validators.requests],
  [join(root, 'generated', 'response-validators.ts'), () => validators.responses],
  [join(root, 'generated', 'pattern-rules.ts'), () => renderPatternRules(patternRules)],
  [join(root, 'generated', 'resources.ts'), () => renderResourcesModule(resourceMethods)],
  [join(root, 'generated', 'example-answers.ts'), () => renderExampleAnswersModule(exampleAnswers)],
  [
    join(root, 'README.md'),
    (current) =>
      replaceBetweenMarkers(
        replaceBetweenMarkers(current, 'retry-table', renderRetryTable(table)),
        'methods-table',
        renderMethodsTable(resourceMethods),
      ),
  ],
];
let stale = [];
for (const [file, render] of outputs) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // a missing file is simply stale
  }
  const next = render(current);
  if (next === current) continue;
  if (check) stale.push(file);
  else writeFileSync(file, next);
}
if (stale.length > 0) {
  console.error(
    `generate:check: stale ${stale.map((f) => f.slice(root.length + 1)).join(', ')}. Run \`npm run generate\` and commit the result.`,
  );
  process.exit(1);
}
