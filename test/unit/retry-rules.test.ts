// The pieces of the retry policy that need no server: the x-idempotent table the generator builds
// (and refuses to build without a decision), Retry-After parsing, and the backoff bounds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { buildOperationTable, renderOperationsModule } from '../../scripts/operation-table.mjs';
import { retryAfterOf } from '../../src/core/retry-after.js';
import { backoff } from '../../src/core/retry-policy.js';

const root = join(import.meta.dirname, '..', '..');
const specText = readFileSync(join(root, 'openapi.yaml'), 'utf8');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the x-idempotent table', () => {
  const tiny = (extra: Record<string, unknown>) => ({
    paths: {
      '/v1/things': {
        get: { operationId: 'listThings', 'x-idempotent': true },
        post: { operationId: 'buyThing', ...extra },
      },
    },
  });

  it('is built from every operation', () => {
    expect(buildOperationTable(tiny({ 'x-idempotent': false }))).toEqual([
      { operationId: 'listThings', method: 'GET', path: '/v1/things', idempotent: true, response: 'none' },
      { operationId: 'buyThing', method: 'POST', path: '/v1/things', idempotent: false, response: 'none' },
    ]);
  });

  it.each([[{}], [{ 'x-idempotent': 'no' }], [{ 'x-idempotent': null }]])(
    'refuses an operation without a boolean decision (%j), naming it',
    (extra) => {
      expect(() => buildOperationTable(tiny(extra))).toThrow(/POST \/v1\/things needs `x-idempotent: true`/);
    },
  );

  it('matches the committed generated/operations.ts', () => {
    const committed = readFileSync(join(root, 'generated', 'operations.ts'), 'utf8');
    expect(renderOperationsModule(buildOperationTable(parse(specText)))).toBe(committed);
  });

  it('is enforced by the linter too: openapi.yaml without one decision does not lint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfc-lint-'));
    const file = join(dir, 'openapi.yaml');
    // Drop the decision of the first money-moving operation.
    writeFileSync(file, specText.replace(/\n\s+x-idempotent: false/, ''));
    const result = spawnSync(
      join(root, 'node_modules', '.bin', 'redocly'),
      ['lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'stylish'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('rule/operation-x-idempotent');
  }, 30_000);
});

describe('retryAfterOf', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  const headers = (h: Record<string, string>) => new Headers(h);

  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after': '1' }, 1_000],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': 'Sun, 22 Nov 2026 12:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'Sun, 22 Nov 2026 11:59:00 GMT' }, 0],
    [{ 'retry-after-ms': '250.5' }, 251],
    [{ 'retry-after-ms': '150', 'retry-after': '30' }, 150],
    [{ 'retry-after-ms': 'soon', 'retry-after': '2' }, 2_000],
    [{ 'retry-after': 'later' }, undefined],
    [{ 'retry-after': '-5' }, undefined],
    // Whitespace around a value is ignored; anything else around a number is not a number.
    [{ 'retry-after-ms': ' 150 ' }, 150],
    [{ 'retry-after': ' 2 ' }, 2_000],
    [{ 'retry-after-ms': 'x150', 'retry-after': '3' }, 3_000],
    [{ 'retry-after-ms': '150x', 'retry-after': '3' }, 3_000],
    [{ 'retry-after-ms': '250.55' }, 251],
    [{ 'retry-after': '5s' }, undefined],
    // A date must start with the day's name: these parse as dates in V8, yet are not HTTP dates.
    [{ 'retry-after': 'S, 22 Nov 2026 12:00:30 GMT' }, undefined],
    [{ 'retry-after': '22 Nov 2026 12:00:30 GMT' }, undefined],
    [{}, undefined],
  ])('%j → %s ms', (h, expected) => {
    expect(retryAfterOf(headers(h), now)).toBe(expected);
  });
});

describe('backoff', () => {
  it('is full jitter: 0 up to min(cap, base·2^(n-1)), inclusive', () => {
    const policy = { retryBaseDelayMs: 500, retryMaxDelayMs: 8_000 };
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999_9);
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => backoff(n, policy))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect([1, 2, 5].map((n) => backoff(n, policy))).toEqual([0, 0, 0]);
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(backoff(3, policy)).toBe(1_000);
  });
});
