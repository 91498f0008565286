// An additive API change, end to end, on a copy of the project: a new optional field on a schema no
// seed page describes, a new GET on an existing resource and a new POST on a new resource, each
// with x-sfc-method and x-idempotent. The spec diff calls it additive; `npm run generate` takes it
// in with no hand-written line; the new methods type-check, answer through Prism, and on the fake
// the new read answers its example while the new create is refused until a test answers it.
// (`npm run spec:update` runs these same steps and then the whole `npm test`.)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { classifyChanges, summarizeAdded } from '../../scripts/spec-diff.mjs';
import { type Spec, additiveChange } from '../support/spec-change.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const original = parse(readFileSync(join(root, 'openapi.yaml'), 'utf8')) as Spec;

// A consumer of the changed client: compiled by tsc, then run with tsx against Prism and the fake.
const consumer = `
import { APIError, SFCompute } from './src/index.js';
import { createFakeSFCompute, startMockServer } from './src/testing.js';

export async function main(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const prism = await startMockServer({ specPath: new URL('./openapi.yaml', import.meta.url).pathname });
  try {
    const sfc = new SFCompute({ apiKey: 'sk_test_0123456789abcdef', baseUrl: prism.baseUrl, maxRetries: 0 });
    const history: { object: 'list'; data: number[] } = await sfc.zones.history('hayesvalley');
    const alert: { id: string; threshold_cents: number } = await sfc.alerts.create({ threshold_cents: 10000 });
    out.prism = { history, alert };
  } finally {
    await prism.close();
  }
  const fake = createFakeSFCompute();
  const sfc = new SFCompute({ apiKey: 'sk_test_0123456789abcdef', fetch: fake.fetch, maxRetries: 0 });
  out.fakeHistory = await sfc.zones.history('hayesvalley');
  out.fakeCreate = await sfc.alerts.create({ threshold_cents: 10000 }).then(
    () => 'answered',
    (e: unknown) => (e instanceof APIError ? { status: e.status, message: e.message } : String(e)),
  );
  fake.on('createAlert', ({ body }) => ({ status: 201, body: { id: 'alert_2', threshold_cents: (body as { threshold_cents: number }).threshold_cents } }));
  out.fakeAnswered = await sfc.alerts.create({ threshold_cents: 500 });
  out.modelled = fake.requests.map((r) => [r.operation, r.modelled]);
  // @ts-expect-error threshold_cents is an integer, not text
  void sfc.alerts.create({ threshold_cents: 'many' }).catch(() => undefined);
  return out;
}

console.log(JSON.stringify(await main()));
`;

describe('an additive change to openapi.yaml, taken in by the generator alone', () => {
  let dir = '';
  const changed = additiveChange(original);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sfc-spec-change-'));
    for (const entry of [
      'src',
      'generated',
      'scripts',
      'package.json',
      'tsconfig.json',
      'redocly.yaml',
      '.redocly.lint-ignore.yaml',
      'README.md',
    ]) {
      cpSync(join(root, entry), join(dir, entry), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'openapi.yaml'), stringify(changed));
    execFileSync(process.execPath, [join(dir, 'scripts', 'generate.mjs')], { cwd: dir, stdio: 'pipe', timeout: 100_000 });
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is additive for the spec diff, which lists the new methods and the new field', () => {
    const changes = classifyChanges(original, changed);
    expect(changes.filter((c) => c.severity === 'breaking')).toEqual([]);
    const added = summarizeAdded(changes);
    expect(added.methods.map((m) => m.method).sort()).toEqual(['sfc.alerts.create', 'sfc.zones.history']);
    expect(added.fields.map((f) => f.field)).toContain('ZoneInfo.timezone');
  });

  it('generates both methods with no hand-written line, typed from the spec', () => {
    const resources = readFileSync(join(dir, 'generated', 'resources.ts'), 'utf8');
    expect(resources).toContain("history(id: string, options?: RequestOptions): APIPromise<ResponseBody<'getZoneHistory'>>");
    expect(resources).toContain('export class AlertsResource extends APIResource');
    writeFileSync(join(dir, 'consumer.ts'), consumer);
    writeFileSync(
      join(dir, 'tsconfig.consumer.json'),
      JSON.stringify({ extends: './tsconfig.json', include: ['consumer.ts'], compilerOptions: { noEmit: true } }),
    );
    // Throws (with tsc's report) if a new method is missing or mistyped, or the expected error is not one.
    execFileSync(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.consumer.json'], { cwd: dir, stdio: 'pipe', timeout: 100_000 });
  }, 120_000);

  it('the new methods answer through Prism and, honestly, through the fake', () => {
    const printed = execFileSync(join(dir, 'node_modules', '.bin', 'tsx'), ['consumer.ts'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 100_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = JSON.parse(printed.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(out.prism).toEqual({ history: { object: 'list', data: [32, 30, 28] }, alert: { id: 'alert_1', threshold_cents: 10000 } });
    // A read the fake does not model answers the spec's example; a create it does not model is refused.
    expect(out.fakeHistory).toEqual({ object: 'list', data: [32, 30, 28] });
    expect(out.fakeCreate).toMatchObject({ status: 501 });
    expect((out.fakeCreate as { message: string }).message).toMatch(/createAlert.*fake\.on/s);
    expect(out.fakeAnswered).toEqual({ id: 'alert_2', threshold_cents: 500 });
    expect(out.modelled).toEqual([
      ['getZoneHistory', false],
      ['createAlert', false],
      ['createAlert', false],
    ]);
  }, 120_000);
});
