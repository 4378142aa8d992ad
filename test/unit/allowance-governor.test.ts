// The pacing governor against a simulated Palenca on a hand-moved clock: every decision is
// deterministic, so the rules are checked exactly (share per window, spreading, the reserve,
// other traffic, 429 pauses, clock skew, unbelievable headers). The same governor against the
// real fake server on loopback is in allowance-fake-server.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate as flush } from 'node:timers/promises';
import {
  AllowanceGovernor,
  type AllowanceTicket,
  type Priority,
} from '../../electron/backend/allowance/allowance-governor.ts';
import type { RateLimitReading } from '../../electron/backend/allowance/rate-limit-headers.ts';

/** A clock and timers moved by the test. */
class ManualClock {
  now = 1_700_000_000_000;
  #timers: { at: number; callback: () => void; id: number }[] = [];
  #id = 0;

  setTimer = (callback: () => void, ms: number) => {
    const timer = { at: this.now + ms, callback, id: this.#id++ };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  };

  /** Runs every timer due up to `until`, in order, letting promises settle between them. */
  async runUntil(until: number, done: () => boolean = () => false): Promise<void> {
    await flush();
    while (!done()) {
      this.#timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.#timers[0];
      if (!next || next.at > until) break;
      this.#timers.shift();
      this.now = Math.max(this.now, next.at);
      next.callback();
      await flush();
      await flush();
    }
  }
}

interface SimOptions {
  limit: number;
  windowMs: number;
  /** Server clock minus ours. */
  skewMs?: number;
  /** Requests others spend per window, evenly. */
  others?: number;
  latencyMs?: number;
}

/** Palenca's fixed windows on the simulated clock; records what it counted. */
class SimulatedPalenca {
  readonly counted = new Map<number, number>();
  readonly ownCounted = new Map<number, number>();
  refusals = 0;
  extraUsed = new Map<number, number>();
  /** Added to the next answers' reset, once each: a limiter whose reset wobbles. */
  resetWobble: number[] = [];
  constructor(
    readonly clock: ManualClock,
    readonly options: SimOptions,
  ) {}

  serverNow(): number {
    return this.clock.now + (this.options.skewMs ?? 0);
  }

  /** Counts a request arriving now; returns the reading its answer will carry. */
  arrive(): RateLimitReading {
    const { limit, windowMs } = this.options;
    const t = this.serverNow();
    const start = Math.floor(t / windowMs) * windowMs;
    const others =
      Math.floor(((this.options.others ?? 0) * (t - start)) / windowMs) +
      (this.extraUsed.get(start) ?? 0);
    const own = this.ownCounted.get(start) ?? 0;
    const used = own + others;
    const refused = used >= limit;
    if (!refused) this.ownCounted.set(start, own + 1);
    else this.refusals++;
    return {
      status: refused ? 429 : 200,
      limit,
      remaining: Math.max(0, limit - used - (refused ? 0 : 1)),
      resetAt: start + windowMs + (this.resetWobble.shift() ?? 0),
      serverDate: Math.floor(t / 1000) * 1000,
      retryAfterMs: null,
    };
  }

  /** The busiest window's own count. */
  maxOwnPerWindow(): number {
    return Math.max(0, ...this.ownCounted.values());
  }
}

/** Sends `count` requests through `workers` loops, each answered after the latency. */
async function drive(
  governor: AllowanceGovernor,
  palenca: SimulatedPalenca,
  {
    count,
    workers = 4,
    priority = 'background',
  }: { count: number; workers?: number; priority?: Priority },
): Promise<{ sent: number[]; finishedAt: number }> {
  const clock = palenca.clock;
  const latency = palenca.options.latencyMs ?? 50;
  const sent: number[] = [];
  let next = 0;
  let finishedAt = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      for (;;) {
        const ticket: AllowanceTicket = await governor.acquire(priority);
        sent.push(clock.now);
        const reading = await new Promise<RateLimitReading>((resolve) => {
          clock.setTimer(() => {
            const r = palenca.arrive();
            clock.setTimer(() => resolve(r), latency / 2);
          }, latency / 2);
        });
        ticket.answered(reading, clock.now);
        if (reading.status !== 429) break;
      }
    }
    finishedAt = Math.max(finishedAt, clock.now);
  };
  let running = workers;
  const all = Promise.all(Array.from({ length: workers }, () => worker().finally(() => running--)));
  await clock.runUntil(Number.POSITIVE_INFINITY, () => running === 0);
  await all;
  assert.ok(sent.length >= count, `all ${count} requests were sent (${sent.length})`);
  return { sent, finishedAt };
}

const setup = (options: SimOptions, share = 0.5) => {
  const clock = new ManualClock();
  // Start part-way into a window, as a person would.
  clock.now += 700;
  const governor = new AllowanceGovernor({ share, now: () => clock.now, setTimer: clock.setTimer });
  return { clock, governor, palenca: new SimulatedPalenca(clock, options) };
};

describe('pacing', () => {
  test('at half, never more than half a window, no 429, and close to the floor', async () => {
    const { governor, palenca, clock } = setup({ limit: 40, windowMs: 2000 });
    const started = clock.now;
    const { finishedAt } = await drive(governor, palenca, { count: 135 });
    assert.equal(palenca.refusals, 0, 'no 429');
    assert.ok(
      palenca.maxOwnPerWindow() <= 20,
      `at most 20 a window, saw ${palenca.maxOwnPerWindow()}`,
    );
    const floorMs = Math.ceil(135 / 20) * 2000;
    const took = finishedAt - started;
    assert.ok(took <= floorMs * 1.15, `took ${took} ms, floor ${floorMs} ms`);
  });

  test('at 100%, the interactive reserve stays free and nothing is refused', async () => {
    const { governor, palenca } = setup({ limit: 40, windowMs: 2000 }, 1);
    await drive(governor, palenca, { count: 120 });
    assert.equal(palenca.refusals, 0);
    assert.ok(palenca.maxOwnPerWindow() <= 39, 'one request a window kept for interactive calls');
  });

  test('background requests are spread across the window, not burst at its start', async () => {
    const { governor, palenca } = setup({ limit: 40, windowMs: 2000, latencyMs: 10 });
    const { sent } = await drive(governor, palenca, { count: 60, workers: 8 });
    // Past the first window (whose share is squeezed into what is left of it), no 300 ms
    // stretch holds more than a few sends.
    const later = sent.filter((t) => t >= (sent[0] ?? 0) + 2000);
    for (const t of later) {
      const near = later.filter((u) => u >= t && u < t + 300).length;
      assert.ok(near <= 5, `${near} sends within 300 ms`);
    }
  });

  test('with a server clock 30 s ahead, windows are still kept', async () => {
    const { governor, palenca } = setup({ limit: 40, windowMs: 2000, skewMs: 30_000 });
    await drive(governor, palenca, { count: 80 });
    assert.equal(palenca.refusals, 0);
    assert.ok(palenca.maxOwnPerWindow() <= 20);
  });

  test('with a server clock 45 s behind, windows are still kept', async () => {
    const { governor, palenca } = setup({ limit: 40, windowMs: 2000, skewMs: -45_500 });
    await drive(governor, palenca, { count: 80 });
    assert.equal(palenca.refusals, 0);
    assert.ok(palenca.maxOwnPerWindow() <= 20);
  });

  test('the window length is learnt from successive resets', async () => {
    const { governor, palenca } = setup({ limit: 40, windowMs: 2000 });
    assert.equal(governor.windowMs, 60_000, 'documented until known');
    await drive(governor, palenca, { count: 60 });
    assert.equal(governor.windowMs, 2000);
    assert.equal(governor.limit, 40);
  });
});

describe('odd answers', () => {
  test('one reset a second late does not change the window or the pace', async () => {
    const { governor, palenca } = setup({ limit: 40, windowMs: 2000 });
    await drive(governor, palenca, { count: 60 });
    assert.equal(governor.windowMs, 2000);
    palenca.resetWobble.push(1000);
    await drive(governor, palenca, { count: 100 });
    assert.equal(governor.windowMs, 2000, 'not taken for a one-second window');
    assert.equal(palenca.refusals, 0);
    assert.ok(palenca.maxOwnPerWindow() <= 20, `own ${palenca.maxOwnPerWindow()}`);
  });

  test('a timer keeps the process alive only while someone waits', async () => {
    const clock = new ManualClock();
    const kept: boolean[] = [];
    const governor = new AllowanceGovernor({
      now: () => clock.now,
      setTimer: (callback, ms, keepAlive) => {
        kept.push(keepAlive);
        return clock.setTimer(callback, ms);
      },
    });
    const ticket = await governor.acquire('interactive');
    ticket.answered({
      status: 429,
      limit: null,
      remaining: null,
      resetAt: null,
      serverDate: null,
      retryAfterMs: 5000,
    });
    assert.deepEqual(kept, [false], 'the end of a pause with nobody waiting: not kept alive');
    const waiting = governor.acquire('interactive');
    assert.equal(kept.at(-1), true, 'someone waits: kept alive');
    await clock.runUntil(clock.now + 10_000);
    (await waiting).abandoned();
  });
});

describe('sharing with the organisation', () => {
  test('when others use a third of each window, the app keeps Remaining at half', async () => {
    const { governor, palenca } = setup({ limit: 60, windowMs: 2000, others: 20 });
    const states = new Set<string>();
    governor.onStatus((status) => states.add(status.state));
    await drive(governor, palenca, { count: 60 });
    assert.equal(palenca.refusals, 0);
    // Own + others never past the share: at most 30 used of 60 by the app's decisions.
    assert.ok(palenca.maxOwnPerWindow() <= 29, `own ${palenca.maxOwnPerWindow()}`);
    assert.ok(states.has('held_back'), 'the person is told others are using the allowance');
    // The estimate counts what the others leave: 28 a window less their 20 or so.
    const alone = new AllowanceGovernor({ share: 0.5 });
    assert.ok(governor.estimateMs(100) > 2 * alone.estimateMs(100) * (2000 / 60_000));
  });

  test('interactive calls go ahead of waiting background work', async () => {
    const { governor, palenca, clock } = setup({ limit: 40, windowMs: 2000 });
    // Learn the window first.
    await drive(governor, palenca, { count: 3 });
    const order: string[] = [];
    const background = Array.from({ length: 5 }, (_, i) =>
      governor.acquire('background').then((t) => {
        order.push(`b${i}`);
        t.abandoned();
      }),
    );
    const interactive = governor.acquire('interactive').then((t) => {
      order.push('i');
      t.abandoned();
    });
    await clock.runUntil(clock.now + 10_000, () => order.length === 6);
    await Promise.all([...background, interactive]);
    assert.ok(order.indexOf('i') <= 1, `interactive went early: ${order.join(' ')}`);
  });
});

describe('refusals', () => {
  const reading = (patch: Partial<RateLimitReading>): RateLimitReading => ({
    status: 429,
    limit: null,
    remaining: null,
    resetAt: null,
    serverDate: null,
    retryAfterMs: null,
    ...patch,
  });

  const firstTicket = async (governor: AllowanceGovernor) => governor.acquire('interactive');

  test('a 429 pauses everything until the reset, then resumes', async () => {
    const { governor, clock } = setup({ limit: 40, windowMs: 2000 });
    const ticket = await firstTicket(governor);
    const reset = Math.ceil((clock.now + 1) / 1000) * 1000 + 1000;
    ticket.answered(
      reading({
        resetAt: reset,
        limit: 40,
        remaining: 0,
        serverDate: clock.now - (clock.now % 1000),
      }),
    );
    assert.equal(governor.status().state, 'waiting');
    assert.ok((governor.status().until ?? 0) >= reset);
    let granted = 0;
    const next = governor.acquire('interactive').then((t) => {
      granted = clock.now;
      t.abandoned();
    });
    await clock.runUntil(Number.POSITIVE_INFINITY, () => granted > 0);
    await next;
    assert.ok(granted >= reset, 'nothing before the window ends');
    assert.equal(governor.status().state, 'paced');
  });

  test('Retry-After later than the reset wins', async () => {
    const { governor, clock } = setup({ limit: 40, windowMs: 2000 });
    const ticket = await firstTicket(governor);
    const answeredAt = clock.now;
    ticket.answered(
      reading({ resetAt: Math.ceil(clock.now / 1000) * 1000 + 1000, retryAfterMs: 7000 }),
    );
    assert.ok((governor.status().until ?? 0) >= answeredAt + 7000);
  });

  test('a 429 saying neither when nor how long backs off, doubling, capped', async () => {
    const { governor, clock } = setup({ limit: 40, windowMs: 2000 });
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const ticket = await governor.acquire('interactive');
      const at = clock.now;
      ticket.answered(reading({}));
      waits.push((governor.status().until ?? at) - at);
      await clock.runUntil(Number.POSITIVE_INFINITY, () => governor.status().state !== 'waiting');
    }
    assert.deepEqual(waits.slice(0, 4), [1000, 2000, 4000, 8000]);
    assert.equal(Math.max(...waits), 60_000, 'never beyond a window (the documented one)');
  });

  test('a reset hours away is not believed: a capped backoff instead', async () => {
    const { governor, clock } = setup({ limit: 40, windowMs: 2000 });
    const ticket = await firstTicket(governor);
    ticket.answered(reading({ resetAt: clock.now + 5 * 3_600_000, limit: 40 }));
    const until = governor.status().until ?? 0;
    assert.ok(until - clock.now <= 60_000, `waits ${until - clock.now} ms, not hours`);
  });

  test('Limit: 0 is ignored; the documented limit stays', async () => {
    const { governor } = setup({ limit: 40, windowMs: 2000 });
    const ticket = await firstTicket(governor);
    // readRateLimit reads 0 as null; the governor keeps what it had.
    ticket.answered({ ...reading({}), status: 200, limit: null });
    assert.equal(governor.limit, 120);
  });

  test('a cancelled wait gives up its place and rejects', async () => {
    const { governor, clock } = setup({ limit: 40, windowMs: 2000 });
    const ticket = await firstTicket(governor);
    ticket.answered(reading({ retryAfterMs: 30_000 }));
    const controller = new AbortController();
    const waiting = governor.acquire('interactive', controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    await clock.runUntil(clock.now + 60_000);
  });
});

describe('estimates', () => {
  test('the time comes from the allowance: pages over the share of each window', () => {
    const governor = new AllowanceGovernor({ share: 0.5 });
    // Documented 120 per minute, half of it less the reserve: 57 background a minute.
    assert.equal(governor.backgroundPerWindow, 57);
    const ms = governor.estimateMs(268);
    assert.ok(ms > 4 * 60_000 && ms < 5 * 60_000, `${ms} ms for 268 requests`);
    assert.equal(new AllowanceGovernor({ share: 1 }).backgroundPerWindow, 117);
  });
});
