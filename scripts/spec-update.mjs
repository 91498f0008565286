#!/usr/bin/env node
// npm run spec:update -- <new-spec.yaml> [--allow-breaking]
//
// Replaces openapi.yaml with <file>, then: lint, diff against the spec committed at HEAD (a
// breaking change stops here, naming the client methods it touches and where to look, unless
// --allow-breaking), regenerate generated/, type-check, and run the whole test suite. Once all of
// that passed, it writes the additions, moves and breaking changes under CHANGELOG.md's
// "Unreleased" heading. If any step fails, openapi.yaml, generated/, README.md and CHANGELOG.md
// are put back as they were.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { updateChangelog } from './changelog.mjs';
import { classifyChanges, groupChanges, loadSpec, report, whereToLook } from './spec-diff.mjs';

/** The last check: the whole suite, as the issue asks for `npm test` to be green after an update. */
const TEST_COMMAND = ['npm', 'test'];

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: npm run spec:update -- <new-openapi.yaml> [--allow-breaking]');
  process.exit(2);
}

// Uncommitted edits to the spec would be overwritten and mixed into the diff: refuse them.
const dirty = spawnSync('git', ['status', '--porcelain', '--', 'openapi.yaml', 'generated', 'README.md'], { cwd: root, encoding: 'utf8' });
if (dirty.status !== 0 || dirty.stdout.trim() !== '') {
  console.error(
    'spec:update needs openapi.yaml, generated/ and README.md committed (git status shows changes, or this is not a git checkout).',
  );
  process.exit(2);
}
const spec = join(root, 'openapi.yaml');
const readme = join(root, 'README.md');
const changelog = join(root, 'CHANGELOG.md');
const backup = mkdtempSync(join(tmpdir(), 'sfc-spec-update-'));
copyFileSync(spec, join(backup, 'openapi.yaml'));
copyFileSync(readme, join(backup, 'README.md'));
// The working copy, uncommitted edits included: those are put back too.
copyFileSync(changelog, join(backup, 'CHANGELOG.md'));
cpSync(join(root, 'generated'), join(backup, 'generated'), { recursive: true });

function restore(reason) {
  copyFileSync(join(backup, 'openapi.yaml'), spec);
  copyFileSync(join(backup, 'README.md'), readme);
  copyFileSync(join(backup, 'CHANGELOG.md'), changelog);
  rmSync(join(root, 'generated'), { recursive: true, force: true });
  cpSync(join(backup, 'generated'), join(root, 'generated'), { recursive: true });
  rmSync(backup, { recursive: true, force: true });
  console.error(`\nspec:update stopped: ${reason}. openapi.yaml, generated/, README.md and CHANGELOG.md are back as they were.`);
  process.exit(1);
}
process.once('SIGINT', () => restore('interrupted'));

function step(title, command, commandArgs) {
  console.log(`\n── ${title}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) restore(`${title} failed`);
}

const text = readFileSync(file, 'utf8');
try {
  parse(text);
} catch (error) {
  console.error(`${file} is not YAML/JSON: ${error.message}`);
  process.exit(1);
}
writeFileSync(spec, text);
const bin = (name) => join(root, 'node_modules', '.bin', name);

step('lint', bin('redocly'), ['lint', '--format', 'stylish']);
console.log('\n── diff against HEAD');
let changes;
try {
  changes = whereToLook(classifyChanges(loadSpec('HEAD', root), loadSpec(spec, root)), root);
} catch (error) {
  restore(`the diff failed (${error.message})`);
}
const summary = report(changes);
console.log(summary);
// Counted as printed: a change in a shared schema is one, whatever the number of operations using it.
const breaking = groupChanges(changes).filter((g) => g.severity === 'breaking').length;
if (breaking > 0 && !args.includes('--allow-breaking'))
  restore(
    `${breaking} breaking change(s), each listed above with its methods and where to look; re-run with --allow-breaking to accept them`,
  );
step('regenerate', process.execPath, [join(root, 'scripts', 'generate.mjs')]);
step('type-check', bin('tsc'), ['-p', 'tsconfig.json']);
step(TEST_COMMAND.join(' '), TEST_COMMAND[0], TEST_COMMAND.slice(1));
console.log('\n── CHANGELOG.md');
try {
  const before = readFileSync(changelog, 'utf8');
  const after = updateChangelog(before, changes);
  writeFileSync(changelog, after);
  console.log(
    after === before ? 'Nothing to add under "Unreleased".' : 'Written under "Unreleased": additions, moves and breaking changes.',
  );
} catch (error) {
  restore(`writing CHANGELOG.md failed (${error.message})`);
}
rmSync(backup, { recursive: true, force: true });

console.log(
  `\n── done\n\nopenapi.yaml updated from ${file}.\n\n${summary}\n\nLint, regeneration, type-check and ${TEST_COMMAND.join(' ')} passed. Review and commit openapi.yaml, generated/, README.md and CHANGELOG.md.`,
);
