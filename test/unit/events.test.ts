// The event feed's hand-written behaviour over a scripted fetch: events.listAll follows the cursor
// (the response's, else the last event's) and stops on a page it cannot continue from;
// events.follow polls from the last cursor, pauses when a page brings nothing new, and starts
// again from `since` after a 410 without yielding an event twice.
import { describe, expect, it } from 'vitest';
import { GoneError, MalformedResponseError, RequestAbortedError, ValidationError, type AccountEvent } from '../../src/index.js';
import { clientWith, json, rejectionOf } from './fake-fetch.js';

const T = 1_767_225_600;

function event(n: number, at = T + n): AccountEvent {
  return {
    object: 'event',
    id: `evt_${n}`,
    cursor: `evtc_${n}`,
    action: 'node.created',
    occurred_at: at,
    actor: { type: 'token', id: 'tok_1' },
    targets: [{ type: 'node', id: `n_${n}` }],
    context: { workspace: null, zone: 'hayesvalley' },
  };
}

const page = (events: AccountEvent[], hasMore: boolean, cursor?: string | null) => ({
  object: 'list',
  data: events,
  has_more: hasMore,
  ...(cursor === undefined ? {} : { cursor }),
});

const queryOf = (request: Request) => Object.fromEntries(new URL(request.url).searchParams);
const gone = () => json(410, { error: { type: 'gone', message: 'The event this cursor points to no longer exists.' } });

/** Every item of an async iterator, or the error that ended it. */
async function drain<T>(items: AsyncIterable<T>): Promise<{ seen: T[]; error: unknown }> {
  const seen: T[] = [];
  try {
    for await (const item of items) seen.push(item);
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error };
  }
}

describe('events.listAll', () => {
  it("sends the response's cursor as starting_after, with the same filters, until has_more is false", async () => {
    const pages = [page([event(1), event(2)], true, 'evtc_p1'), page([event(3)], true, 'evtc_p2'), page([event(4)], false, null)];
    const { sfc, requests } = clientWith(() => json(200, pages[requests.length - 1]));
    const { seen, error } = await drain(sfc.events.listAll({ target_type: 'node', limit: 2 }));
    expect(error).toBeUndefined();
    expect(seen.map((e) => e.id)).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4']);
    expect(requests.map(queryOf)).toEqual([
      { target_type: 'node', limit: '2' },
      { target_type: 'node', limit: '2', starting_after: 'evtc_p1' },
      { target_type: 'node', limit: '2', starting_after: 'evtc_p2' },
    ]);
  });

  it.each([
    ['absent', undefined],
    ['null', null],
  ])("continues from the last event's own cursor when the response's cursor is %s", async (_case, cursor) => {
    const pages = [page([event(1), event(2)], true, cursor), page([event(3)], false, cursor)];
    const { sfc, requests } = clientWith(() => json(200, pages[requests.length - 1]));
    const { seen } = await drain(sfc.events.listAll());
    expect(seen.map((e) => e.id)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    expect(requests.map(queryOf)).toEqual([{}, { starting_after: 'evtc_2' }]);
  });

  it('resumes after a cursor kept from an earlier run', async () => {
    const { sfc, requests } = clientWith(() => json(200, page([event(8)], false, 'evtc_8')));
    const { seen } = await drain(sfc.events.listAll({ starting_after: 'evtc_7' }));
    expect(seen.map((e) => e.id)).toEqual(['evt_8']);
    expect(requests.map(queryOf)).toEqual([{ starting_after: 'evtc_7' }]);
  });

  it('fetches a page only when the loop asks for more', async () => {
    const { sfc, requests } = clientWith(() => json(200, page([event(requests.length)], true, `evtc_p${requests.length}`)));
    for await (const e of sfc.events.listAll()) {
      expect(e.id).toBe('evt_1');
      break;
    }
    expect(requests).toHaveLength(1);
  });

  it('stops with MalformedResponseError on a cursor that comes back twice, and on has_more with nothing to continue from', async () => {
    const looping = clientWith(() => json(200, page([event(7)], true, 'evtc_same')));
    const twice = await drain(looping.sfc.events.listAll());
    expect(twice.error).toBeInstanceOf(MalformedResponseError);
    expect((twice.error as Error).message).toBe('200 GET /v1/events (listEvents): a cursor came back twice; stopping the iteration');
    expect(twice.error).toMatchObject({ operation: 'listEvents', method: 'GET', path: '/v1/events' });
    expect(looping.requests).toHaveLength(2);

    const empty = clientWith(() => json(200, page([], true, null)));
    const nowhere = await drain(empty.sfc.events.listAll());
    expect(nowhere.error).toBeInstanceOf(MalformedResponseError);
    expect((nowhere.error as Error).message).toContain('the page said has_more but gave no cursor to continue from');
  });

  it('stops with RequestAbortedError when the signal fires', async () => {
    const controller = new AbortController();
    const { sfc } = clientWith((_request) => json(200, page([event(Math.random())], true, `evtc_${Math.random()}`.replace('.', ''))));
    const error = await rejectionOf(
      (async () => {
        for await (const _ of sfc.events.listAll({}, { signal: controller.signal })) controller.abort();
      })(),
    );
    expect(error).toBeInstanceOf(RequestAbortedError);
  });
});

describe('events.follow', () => {
  it('reads every page at once while they bring news, then polls from the last cursor after a pause', async () => {
    const answers = [
      page([event(1), event(2)], true, 'evtc_2'),
      page([event(3)], false, 'evtc_3'),
      page([], false, null),
      page([event(4)], false, 'evtc_4'),
    ];
    const { sfc, requests } = clientWith(() => json(200, answers[Math.min(requests.length, answers.length) - 1]));
    const controller = new AbortController();
    const times: number[] = [];
    const seen: string[] = [];
    for await (const e of sfc.events.follow({ action: 'node.created' }, { signal: controller.signal, intervalMs: 40 })) {
      seen.push(e.id);
      times.push(Date.now());
      if (e.id === 'evt_4') controller.abort();
    }
    expect(seen).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4']);
    expect(requests.map(queryOf)).toEqual([
      { action: 'node.created' },
      { action: 'node.created', starting_after: 'evtc_2' },
      { action: 'node.created', starting_after: 'evtc_3' },
      // The empty page gave no cursor: the last one known still holds.
      { action: 'node.created', starting_after: 'evtc_3' },
    ]);
    // Two pauses (after the last page and after the empty one) before evt_4; none between the first two pages.
    expect(times[3]! - times[2]!).toBeGreaterThanOrEqual(70);
  });

  it('does not ask again at once when a page that says has_more brings nothing new', async () => {
    const controller = new AbortController();
    // Each page says more is waiting and moves the cursor, but holds no event. A loop that does not
    // wait is stopped after a few requests, so that it fails here instead of spinning.
    const { sfc, requests } = clientWith(() => {
      if (requests.length >= 5) controller.abort();
      return json(200, page([], true, `evtc_${requests.length}`));
    });
    const stop = setTimeout(() => controller.abort(), 300);
    const { seen, error } = await drain(sfc.events.follow({}, { signal: controller.signal, intervalMs: 60_000 }));
    clearTimeout(stop);
    expect([seen, error]).toEqual([[], undefined]);
    expect(requests).toHaveLength(1);
  });

  it('after a 410 starts again from the last event time (since), yielding no event twice', async () => {
    const answers = [
      () => json(200, page([event(1, T), event(2, T + 5)], false, 'evtc_2')),
      gone,
      // since is inclusive: evt_2 comes again beside evt_3, which happened in the same second.
      () => json(200, page([event(2, T + 5), event(3, T + 5), event(4, T + 9)], false, 'evtc_4')),
    ];
    const { sfc, requests } = clientWith(() => answers[requests.length - 1]!());
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const e of sfc.events.follow({ target_type: 'node' }, { signal: controller.signal, intervalMs: 1 })) {
      seen.push(e.id);
      if (e.id === 'evt_4') controller.abort();
    }
    expect(seen).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4']);
    expect(requests.map(queryOf)).toEqual([
      { target_type: 'node' },
      { target_type: 'node', starting_after: 'evtc_2' },
      { target_type: 'node', since: String(T + 5) },
    ]);
  });

  it("throws the 410 of the caller's own cursor when no event was read yet: where to start again is the caller's to say", async () => {
    const controller = new AbortController();
    const { sfc, requests } = clientWith(() => {
      if (requests.length >= 5) controller.abort();
      return gone();
    });
    const { seen, error } = await drain(sfc.events.follow({ starting_after: 'evtc_old' }, { signal: controller.signal, intervalMs: 1 }));
    expect(seen).toEqual([]);
    expect(error).toBeInstanceOf(GoneError);
    expect(requests).toHaveLength(1);
  });

  it('throws a 410 answered to a request that carried no cursor, instead of starting again forever', async () => {
    const controller = new AbortController();
    const { sfc, requests } = clientWith(() => {
      // A loop that starts again on every 410 is stopped here, so that it fails instead of spinning.
      if (requests.length >= 5) controller.abort();
      return requests.length === 1 ? json(200, page([event(1)], false, 'evtc_1')) : gone();
    });
    const { seen, error } = await drain(sfc.events.follow({}, { signal: controller.signal, intervalMs: 1 }));
    expect(seen.map((e) => e.id)).toEqual(['evt_1']);
    expect(error).toBeInstanceOf(GoneError);
    expect(requests.map(queryOf)).toEqual([{}, { starting_after: 'evtc_1' }, { since: String(T + 1) }]);
  });

  it('stops with MalformedResponseError on a page that says has_more but does not move the cursor', async () => {
    const controller = new AbortController();
    const { sfc, requests } = clientWith(() => {
      if (requests.length >= 5) controller.abort();
      return json(200, page([event(requests.length)], true, 'evtc_same'));
    });
    const { error } = await drain(sfc.events.follow({}, { signal: controller.signal, intervalMs: 1 }));
    expect(requests).toHaveLength(2);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toContain('(listEvents): a cursor came back twice');
  });

  it('ends quietly when aborted during a pause', async () => {
    const { sfc, requests } = clientWith(() => json(200, page([], false, null)));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const { seen, error } = await drain(sfc.events.follow({}, { signal: controller.signal, intervalMs: 60_000 }));
    expect([seen, error, requests.length]).toEqual([[], undefined, 1]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses an interval it could spin on, before sending anything', async () => {
    const { sfc, requests } = clientWith();
    const { error } = await drain(sfc.events.follow({}, { intervalMs: 0 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['/options/intervalMs']);
    expect(requests).toHaveLength(0);
  });
});
