// The README's "Testing your code" names everything a test can use on the fake: every option of
// createFakeSFCompute, every member of the fake, every field of a recorded request and of what a
// `fake.on` handler receives, read from the source, so a new one cannot ship undocumented.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('## Testing your code');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
/** Every identifier written in code in the section, inline or in a block. */
const named = new Set([...section.matchAll(/`+([^`]+)`+/g)].flatMap((m) => m[1]!.match(/[A-Za-z_$][\w$]*/g) ?? []));

/** The member names of an interface declared in a source file. */
function membersOf(file: string, name: string): string[] {
  const path = new URL(`../../src/testing/${file}`, import.meta.url);
  const source = ts.createSourceFile(file, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!found) throw new Error(`${name} is not declared in ${file}`);
  return found.members.map((m) => m.name!.getText(source));
}

describe('README, Testing your code', () => {
  it.each([
    ['options.ts', 'FakeSFComputeOptions'],
    ['fake-api.ts', 'FakeSFCompute'],
    ['options.ts', 'RecordedRequest'],
    ['options.ts', 'FakeCall'],
    ['options.ts', 'FakeAnswer'],
    ['state.ts', 'FakeCapacity'],
  ])('names every member of %s %s', (file, name) => {
    const members = membersOf(file, name);
    expect(members.length).toBeGreaterThan(2);
    expect(members.filter((m) => !named.has(m))).toEqual([]);
  });
});
