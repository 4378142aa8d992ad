// Issue 15, item 17: time, not attempts. Every call has a time budget, all attempts together,
// that stops while it waits for the allowance: about 20 s for an interactive call (the table,
// the CLI's list), a few minutes without progress for background work (an export's page with
// its retries, a chart's count). A body that stops halfway is covered like headers that never
// come. A stalled export says how far it got. Budgets here are small; limits 10x them.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { AppError, Result } from '#common/result.ts';
import { exportUsers } from '../../electron/backend/export/export-engine.ts';
import { AnswerDeadline } from '../../electron/backend/palenca/answer-deadline.ts';
import { type ClientTuning, DEFAULT_TUNING } from '../../electron/backend/palenca/client.ts';
import { createExportCommand } from '../../electron/cli/commands/export.ts';
import { createListCommand } from '../../electron/cli/commands/list.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { capturedIO } from '../support/captured-io.ts';
import { clientOn } from '../support/fake-client.ts';

const TODAY = '2025-06-30';
const FROM = '2024-01-01';
const FILTER = { from: FROM, to: TODAY };
const QUERY = { ...FILTER, page: 1, perPage: 50 };
/** Each attempt alone would wait a minute: only the budget can end these calls in time. */
const SLOW_ATTEMPTS: Partial<ClientTuning> = {
  attempts: 4,
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  timeoutMs: 60_000,
};

let fake: FakePalenca;
let dir = '';
before(async () => {
  fake = await startFakePalenca({ users: 1000, today: TODAY, days: 400, seed: 9 });
});
after(() => fake.close());
afterEach(async () => {
  fake.setFault(null);
  fake.onRequest(null);
  fake.streamed.length = 0;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

const client = (tuning: Partial<ClientTuning>, base = fake) => clientOn(base, { tuning });

const errorOf = <T>(result: Result<T>): AppError => {
  assert.equal(result.ok, false, `the call failed: ${JSON.stringify(result)}`);
  return (result as { ok: false; error: AppError }).error;
};

/** A guard against a hang, far past every deadline here, yet short of one stalled attempt (60 s). */
const HANG_GUARD_MS = 30_000;

/** `work`'s value and how long it took, failing the test if it takes over `limitMs`. */
async function timed<T>(work: Promise<T>, limitMs: number): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${limitMs} ms`)), limitMs);
  });
  try {
    const value = await Promise.race([work, limit]);
    return { value, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

async function until(condition: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const io = (base = fake) => capturedIO(base);

describe('the budgets', () => {
  test('defaults: 20 s interactive, 3 minutes background', () => {
    assert.equal(DEFAULT_TUNING.answerDeadlineMs, 20_000);
    assert.equal(DEFAULT_TUNING.backgroundDeadlineMs, 180_000);
  });

  test('a shared clock tells every listener once, and stops telling one that let go', () => {
    let now = 0;
    const deadline = new AnswerDeadline(50, undefined, () => now);
    const heard: string[] = [];
    deadline.onExpire(() => heard.push('a'));
    const undo = deadline.onExpire(() => heard.push('b'));
    undo();
    deadline.run();
    now = 40;
    deadline.hold();
    assert.equal(deadline.spentMs(), 40);
    return new Promise<void>((resolve) => {
      deadline.onExpire(() => {
        assert.deepEqual(heard, ['a']);
        assert.equal(deadline.expired, true);
        resolve();
      });
      deadline.run();
    });
  });
});

describe('interactive calls', () => {
  test('a body that stops halfway ends at the deadline, with no option asked for', async () => {
    fake.setFault({ kind: 'stalled_body' });
    const made = client({ ...SLOW_ATTEMPTS, answerDeadlineMs: 500 });
    const { value, ms } = await timed(made.searchUsers(QUERY), HANG_GUARD_MS);
    const error = errorOf(value);
    assert.equal(error.code, 'timeout');
    assert.match(error.detail ?? '', /No answer within 500 ms/);
    assert.ok(ms >= 450, `gave up after ${Math.round(ms)} ms, not before the deadline`);
    // The half-sent answer's connection is let go, not left hanging.
    const [streamed] = fake.streamed;
    assert.ok(streamed, 'headers and part of the body were sent');
    await until(() => streamed.closed, 'the stalled connection to close');
  });

  test("the CLI's list uses it too", async () => {
    fake.setFault({ kind: 'stalled_body' });
    const c = io();
    const list = createListCommand({ clientTuning: { ...SLOW_ATTEMPTS, answerDeadlineMs: 500 } });
    const { value: code } = await timed(
      list.run(['--from', FROM, '--to', TODAY], c),
      HANG_GUARD_MS,
    );
    assert.equal(code, 1);
    assert.match(c.err, /took too long to answer/);
  });
});

/** The page a users search asked for (by its body, whatever other requests came first). */
const pageOf = (request: { body: unknown }): number | undefined =>
  (request.body as { options?: { page?: number } } | undefined)?.options?.page;

describe('background work', () => {
  test('a chart-style count ends after the background budget', async () => {
    fake.setFault({ kind: 'stalled_body' });
    const made = client({ ...SLOW_ATTEMPTS, backgroundDeadlineMs: 1000 });
    const { value } = await timed(
      made.searchUsers(QUERY, { priority: 'background' }),
      HANG_GUARD_MS,
    );
    assert.equal(errorOf(value).code, 'timeout');
  });

  test('an export stalled at page 3 fails after the budget, saying how far it got', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-stall-'));
    fake.onRequest((request) => {
      if (pageOf(request) === 3) fake.setFault({ kind: 'stalled_body' });
    });
    const { value, ms } = await timed(
      exportUsers({
        client: client({ ...SLOW_ATTEMPTS, backgroundDeadlineMs: 2000 }),
        filter: FILTER,
        targetPath: join(dir, 'users.csv'),
        csv: { delimiter: ',', bom: false },
        concurrency: 1,
      }),
      HANG_GUARD_MS,
    );
    const error = errorOf(value);
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /Palenca stopped answering: no page arrived in 2 seconds/);
    assert.match(error.message, /fetched 300 of [\d,]+ users \(2 of \d+ pages\)/);
    assert.equal(error.rowsDone, 300);
    assert.match(error.detail ?? '', /stopped after 300 of \d+ users/);
    assert.ok(ms >= 1900, `failed after ${Math.round(ms)} ms, not before the budget`);
    assert.deepEqual(await readdir(dir), [], 'no file, no temporary file');
  });

  test('the CLI prints how far a stalled export got', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-stall-cli-'));
    // The count, pages 1 and 2 (and the newest day's page 1); page 3 stalls.
    fake.onRequest((request) => {
      if (pageOf(request) === 3) fake.setFault({ kind: 'stalled_body' });
    });
    const c = io();
    const command = createExportCommand({
      stderrIsTTY: () => false,
      clientTuning: { ...SLOW_ATTEMPTS, backgroundDeadlineMs: 2000 },
    });
    const out = join(dir, 'users.csv');
    const { value: code } = await timed(
      command.run(['--from', FROM, '--to', TODAY, '--out', out, '--concurrency', '1'], c),
      HANG_GUARD_MS,
    );
    assert.equal(code, 1);
    assert.match(
      c.err,
      /palenca-users-cli: Palenca stopped answering.*fetched 300 of [\d,]+ users \(2 of \d+ pages\)\. Nothing was saved\.\n$/,
    );
  });
});

describe('waiting for the allowance counts against neither budget', () => {
  let paced: FakePalenca;
  before(async () => {
    // Six-second windows: a refusal's wait for the next one is far longer than the budgets, and
    // the budgets are long enough that a loopback answer on a busy machine stays within them.
    paced = await startFakePalenca({
      users: 100,
      today: TODAY,
      days: 30,
      allowance: { limit: 50, windowMs: 6000 },
    });
  });
  after(() => paced.close());

  /** Early in a fresh window, the rest of the organisation spends it all. */
  const exhaustEarly = async () => {
    while (Date.now() % 6000 > 600 || Date.now() % 6000 < 20) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    paced.exhaustWindow();
  };

  test('a background call waits out a refusal far longer than its budget', async () => {
    const made = client({ ...SLOW_ATTEMPTS, backgroundDeadlineMs: 1500 }, paced);
    await exhaustEarly();
    const before = paced.requests.length;
    const { value, ms } = await timed(made.searchUsers(QUERY, { priority: 'background' }), 30_000);
    assert.equal(value.ok, true, JSON.stringify(value));
    assert.ok(
      paced.requests.slice(before).some((r) => r.refused),
      'a request was refused',
    );
    assert.ok(ms > 1500, `the wait (${Math.round(ms)} ms) outlasted the budget`);
  });

  test("an export's page does too", async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-stall-allowance-'));
    const made = client({ ...SLOW_ATTEMPTS, backgroundDeadlineMs: 1500 }, paced);
    await exhaustEarly();
    const { value } = await timed(
      exportUsers({
        client: made,
        filter: FILTER,
        targetPath: join(dir, 'users.csv'),
        csv: { delimiter: ',', bom: false },
      }),
      30_000,
    );
    assert.equal(value.ok, true, JSON.stringify(value));
  });
});
