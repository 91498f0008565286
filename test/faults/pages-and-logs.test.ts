// procurements.listAll follows cursors lazily; vms.followLogs follows sequence numbers until
// aborted; decodeLogLines turns byte chunks into lines. Against a scripted loopback server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MalformedResponseError, RequestAbortedError, decodeLogLines } from '../../src/index.js';
import { clientFor, failure } from './helpers.js';
import { type FaultServer, startServer } from './server.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const WKSP = 'wksp_k3R-nX9vLm7Qp2Yw5Jd8F';
const proc = (i: number) => ({ id: `proc_${i}`, object: 'procurement', enabled: true });
const bytes = (text: string) => [...new TextEncoder().encode(text)];
const chunk = (seqnum: number, text: string) => ({
  instance_id: 'vm_1',
  realtime_timestamp: '2026-11-22T12:00:00Z',
  monotonic_timestamp_sec: seqnum,
  monotonic_timestamp_nano_sec: 0,
  seqnum,
  data: bytes(text),
});

describe('procurements.listAll', () => {
  /** Seven procurements in pages of three; the cursor is the last id of a page. */
  function pages() {
    server.script((r, _n, request) => {
      const after = new URL(request.path, 'http://x').searchParams.get('starting_after');
      const start = after ? Number(after.replace('procc_', '')) + 1 : 0;
      const data = [start, start + 1, start + 2].filter((i) => i < 7).map(proc);
      const last = start + data.length - 1;
      r.json(200, { object: 'list', data, has_more: last < 6, cursor: `procc_${last}` });
    });
  }

  it('yields every item across pages, sending each cursor as starting_after', async () => {
    pages();
    const ids: string[] = [];
    for await (const p of clientFor(server).procurements.listAll({ workspace: WKSP, limit: 3 })) ids.push(p.id);
    expect(ids).toEqual(['proc_0', 'proc_1', 'proc_2', 'proc_3', 'proc_4', 'proc_5', 'proc_6']);
    expect(server.received.map((r) => new URL(r.path, 'http://x').searchParams.get('starting_after'))).toEqual([
      null,
      'procc_2',
      'procc_5',
    ]);
  });

  it('fetches lazily: breaking after the first item costs one request', async () => {
    pages();
    for await (const p of clientFor(server).procurements.listAll({ workspace: WKSP, limit: 3 })) {
      expect(p.id).toBe('proc_0');
      break;
    }
    expect(server.received).toHaveLength(1);
  });

  it('stops with RequestAbortedError when aborted between pages', async () => {
    pages();
    const controller = new AbortController();
    const seen: string[] = [];
    const { error } = await failure(
      (async () => {
        for await (const p of clientFor(server).procurements.listAll({ workspace: WKSP, limit: 3 }, { signal: controller.signal })) {
          seen.push(p.id);
          if (seen.length === 3) controller.abort();
        }
      })(),
    );
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(seen).toHaveLength(3);
    expect(server.received).toHaveLength(1);
  });

  it('refuses to loop on a cursor that comes back twice', async () => {
    server.script((r) => r.json(200, { object: 'list', data: [proc(1)], has_more: true, cursor: 'procc_same' }));
    const { error } = await failure(
      (async () => {
        for await (const _ of clientFor(server).procurements.listAll({ workspace: WKSP })) void _;
      })(),
    );
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(server.received).toHaveLength(2);
  });
});

describe('logs', () => {
  it('decodeLogLines: sorts by seqnum, joins lines and UTF-8 characters split across chunks', () => {
    const snow = bytes('☃'); // three bytes
    const chunks = [
      { ...chunk(2, ''), data: [...snow.slice(1), ...bytes(' ready\r\nlast')] },
      { ...chunk(1, ''), data: [...bytes('boot ok\npart '), snow[0]!] },
    ];
    expect(decodeLogLines(chunks)).toEqual(['boot ok', 'part ☃ ready', 'last']);
  });

  it('vms.followLogs yields new lines as they come, asks after the last seqnum, and ends on abort', async () => {
    const feed = [[chunk(1, 'one\ntw')], [chunk(1, 'one\ntw'), chunk(2, 'o\nthree\n')], [], [chunk(3, 'four\n')]];
    server.script((r, n) => r.json(200, { data: feed[Math.min(n, feed.length) - 1] }));
    const controller = new AbortController();
    const lines: string[] = [];
    for await (const line of clientFor(server).vms.followLogs('vm_1', { signal: controller.signal, intervalMs: 10 })) {
      lines.push(line);
      if (line === 'four') controller.abort();
    }
    expect(lines).toEqual(['one', 'two', 'three', 'four']);
    const sinces = server.received.map((r) => new URL(r.path, 'http://x').searchParams.get('since_seqnum'));
    // The first poll has no bound; then from the last chunk seen (inclusive or not, nothing is
    // skipped), until the second page holds chunk 1 again: the bound includes it, so from the next.
    expect(sinces.slice(0, 4)).toEqual([null, '1', '3', '3']);
    expect(server.received.every((r) => new URL(r.path, 'http://x').searchParams.get('order_by') === 'seqnum_asc')).toBe(true);
  });

  it('vms.followLogs loses no chunk when the server reads since_seqnum as exclusive, and does not wait on full pages', async () => {
    const all = [chunk(0, 'a\n'), chunk(1, 'b\n'), chunk(2, 'c\n'), chunk(3, 'd\n')];
    server.script((r, _n, request) => {
      const since = new URL(request.path, 'http://x').searchParams.get('since_seqnum');
      r.json(200, { data: all.filter((c) => since === null || c.seqnum > Number(since)).slice(0, 2) });
    });
    const controller = new AbortController();
    const lines: string[] = [];
    for await (const line of clientFor(server).vms.followLogs('vm_1', { signal: controller.signal, pageSize: 2, intervalMs: 5_000 })) {
      lines.push(line);
      if (line === 'd') controller.abort();
    }
    expect(lines).toEqual(['a', 'b', 'c', 'd']);
    expect(server.received).toHaveLength(2);
  });

  it.each([
    ['includes since_seqnum in a page of one', (since: number) => (c: { seqnum: number }) => c.seqnum >= since],
    ['ignores since_seqnum', () => () => true],
  ])('vms.followLogs does not ask again at once for pages that bring nothing new: a server that %s', async (_case, keep) => {
    const all = [chunk(0, 'a\n'), chunk(1, 'b\n'), chunk(2, 'c\n')];
    server.script((r, _n, request) => {
      const since = new URL(request.path, 'http://x').searchParams.get('since_seqnum');
      r.json(200, { data: all.filter(since === null ? () => true : keep(Number(since))).slice(0, 1) });
    });
    const controller = new AbortController();
    // Long enough for thousands of requests from a loop that does not wait; ends the test either way.
    const stop = setTimeout(() => controller.abort(), 500);
    const lines: string[] = [];
    for await (const line of clientFor(server).vms.followLogs('vm_1', { signal: controller.signal, pageSize: 1, intervalMs: 60_000 })) {
      lines.push(line);
    }
    clearTimeout(stop);
    expect(server.received.length).toBeLessThanOrEqual(6);
    expect(lines).toEqual(_case.startsWith('includes') ? ['a', 'b', 'c'] : ['a']);
  });

  it('vms.followLogs refuses a page size or interval it could spin on', async () => {
    const { error } = await failure(
      (async () => {
        for await (const _ of clientFor(server).vms.followLogs('vm_1', { pageSize: 0, intervalMs: -1 })) void _;
      })(),
    );
    expect((error.issues as { path: string }[]).map((i) => i.path)).toEqual(['/options/intervalMs', '/options/pageSize']);
  });

  it('vms.followLogs ends quietly when aborted during a pause', async () => {
    server.script((r) => r.json(200, { data: [] }));
    const controller = new AbortController();
    // Aborted 50 ms after the first poll has arrived, so during the 10 s pause that follows it
    // (a timer started with the call could fire before that poll, on a loaded machine).
    void (async () => {
      while (server.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      setTimeout(() => controller.abort(), 50);
    })();
    const started = performance.now();
    for await (const _ of clientFor(server).vms.followLogs('vm_1', { signal: controller.signal, intervalMs: 10_000 })) void _;
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(server.received).toHaveLength(1);
  });
});
