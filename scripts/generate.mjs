#!/usr/bin/env node
// Regenerate (or, with --check, verify) generated/ from openapi.yaml.
//
//   node scripts/generate.mjs          lint the spec, then write generated/schema.ts
//   node scripts/generate.mjs --check  lint the spec, then fail if generated/ is stale
//
// The spec is always linted first so that a spec that does not lint can never produce types.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const check = process.argv.includes('--check');

// Generator flags, chosen on purpose (see README, "Regenerating"):
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
