// startMockServer's launcher without Prism: where it finds the packaged spec, and how it reports a
// Prism that dies before listening (killed by a signal) or cannot be spawned at all. A stand-in
// package named @stoplight/prism-cli plays Prism.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { findPackagedSpec, startMockServer } from '../../src/testing/mock-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'sfc-fake-prism-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A project in which `@stoplight/prism-cli` is a script with this body. */
function projectWithPrism(name: string, body: string): string {
  const dir = join(scratch, name);
  const pkg = join(dir, 'node_modules', '@stoplight', 'prism-cli');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@stoplight/prism-cli', version: '5.14.2', bin: { prism: 'prism.js' } }));
  writeFileSync(join(pkg, 'prism.js'), body);
  return dir;
}

describe('startMockServer: the packaged spec', () => {
  it.each([
    ['the source module', join(root, 'src', 'testing', 'mock-server.ts')],
    ['a build file', join(root, 'dist', 'testing.cjs')],
  ])('is found above %s, whatever the working directory', async (_, file) => {
    expect(await findPackagedSpec(file)).toBe(join(root, 'openapi.yaml'));
  });

  it('is not found above a file outside the package', async () => {
    expect(await findPackagedSpec(join(scratch, 'elsewhere.js'))).toBeUndefined();
  });
});

describe('startMockServer: a Prism that does not start', () => {
  afterEach(() => {
    vi.doUnmock('node:child_process');
    vi.resetModules();
  });

  it('reports a Prism killed by a signal at once, naming the signal', async () => {
    const project = projectWithPrism('killed', "process.kill(process.pid, 'SIGKILL');\n");
    const started = Date.now();
    const error = await startMockServer({ resolveFrom: project, startupTimeoutMs: 20_000 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Prism exited on signal SIGKILL/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('reports a Prism that cannot be spawned (the error event) instead of crashing', async () => {
    const project = projectWithPrism('unspawnable', '');
    vi.doMock('node:child_process', async () => {
      const { EventEmitter } = await import('node:events');
      return {
        spawn: () => {
          const child = Object.assign(new EventEmitter(), {
            exitCode: null,
            signalCode: null,
            stdout: new EventEmitter(),
            stderr: new EventEmitter(),
            kill: () => true,
          });
          setTimeout(() => child.emit('error', new Error('spawn EAGAIN')), 10);
          return child;
        },
      };
    });
    const { startMockServer: start } = await import('../../src/testing/mock-server.js');
    const error = await start({ resolveFrom: project, startupTimeoutMs: 5_000 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Prism could not be started: spawn EAGAIN/);
  });
});
