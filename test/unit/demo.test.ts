// `npm run demo` on the fake API (its default): the whole tour runs and shows the lifecycle.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run demo', () => {
  it('runs on the fake API by default: a node created, waited for, extended, released and ended; failures handled', () => {
    const env = { ...process.env, SFC_BASE_URL: '', SFC_API_KEY: '' };
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = out.split('\n');
    const step = (name: string) => lines.find((line) => line.startsWith(`${name} `)) ?? '';
    expect(out).toContain('On the fake API');
    expect(step('nodes.create')).toContain('"cuda-crunch" pending');
    expect(step('nodes.waitFor')).toContain('running');
    expect(step('nodes.extend')).toContain('ends 2026-01-01T03:00:00.000Z');
    expect(step('nodes.release')).toContain('released');
    expect(step('nodes.get')).toMatch(/terminated .*\(destroyed\)/);
    expect(step('failure handled')).toMatch(
      /InternalServerError: 500 .*\(extendNode\): Injected failure: the fake answered 500\..*\(sent 1 time/,
    );
    expect(out).toContain('(503, then 200)');
    expect(step('procurements.update')).toContain('window 60 → 120 min');
    expect(step('quotes.get')).toContain('~$10.00/node/hr');
    expect(step('balances.get')).toBe(
      `${'balances.get'.padEnd(22)} $170.00 after credit_grant +$200.00, buy_order -$10.00, buy_order -$20.00`,
    );
    expect(out).toMatch(/Done\.\n$/);
  });
});
