// An interactive call gives up after the answer deadline of waiting for Palenca (all attempts
// together), but time waiting for the allowance does not count toward it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AnswerDeadline } from '../../electron/backend/palenca/answer-deadline.ts';
import type { ClientTuning } from '../../electron/backend/palenca/client.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { clientOn } from '../support/fake-client.ts';

const TODAY = '2024-06-30';
const QUERY = { from: '2024-01-01', to: TODAY, page: 1, perPage: 50 };
const TUNING: Partial<ClientTuning> = {
  attempts: 4,
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  timeoutMs: 4000,
  answerDeadlineMs: 300,
};

let fake: FakePalenca;
before(async () => {
  // Three-second windows: a refusal's wait for the next window is far longer than the deadline.
  fake = await startFakePalenca({
    today: TODAY,
    users: 200,
    allowance: { limit: 50, windowMs: 3000 },
  });
});
after(() => fake.close());

const client = (tuning: Partial<ClientTuning> = TUNING) => clientOn(fake, { tuning });

test('the clock counts only while running, and expires once', async () => {
  let now = 0;
  let expired = 0;
  const deadline = new AnswerDeadline(
    50,
    () => expired++,
    () => now,
  );
  deadline.run();
  now = 30;
  deadline.hold();
  now = 1000; // held: not counted
  assert.equal(deadline.spentMs(), 30);
  deadline.run();
  now = 1010;
  assert.equal(deadline.spentMs(), 40);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(expired, 1);
  assert.equal(deadline.expired, true);
  deadline.run(); // nothing restarts an expired clock
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(expired, 1);
});

test('a hung server: the call gives up at the deadline with a timeout, not after every attempt', async () => {
  fake.setLatency(60_000);
  try {
    const started = performance.now();
    const result = await client().searchUsers(QUERY, { deadline: true });
    const took = performance.now() - started;
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.code, 'timeout');
    assert.match(result.error.detail ?? '', /allowance not counted/);
    // Margins for a busy machine: the deadline is 300 ms, one attempt's timeout 4 s.
    assert.ok(
      took < 3500,
      `gave up after ${Math.round(took)} ms, before even one attempt's timeout`,
    );
  } finally {
    fake.setLatency(0);
  }
});

test('with `deadline: false` the same call keeps only its per-attempt timeout', async () => {
  fake.setLatency(700);
  try {
    const result = await client().searchUsers(QUERY, { deadline: false });
    assert.equal(
      result.ok,
      true,
      'answered after 700 ms, past the 300 ms deadline it did not ask for',
    );
  } finally {
    fake.setLatency(0);
  }
});

test('waiting for the allowance does not count: a refusal waited out past the deadline still answers', async () => {
  const made = client();
  // Early in a fresh three-second window, others spend it all: the first attempt is refused
  // and the governor waits the rest of the window, far past the 300 ms deadline.
  while (Date.now() % 3000 > 300 || Date.now() % 3000 < 20)
    await new Promise((r) => setTimeout(r, 5));
  fake.exhaustWindow();
  const before = fake.requests.length;
  const started = performance.now();
  const result = await made.searchUsers(QUERY, { deadline: true });
  const took = performance.now() - started;
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.ok(
    fake.requests.slice(before).some((r) => r.refused),
    'a request was refused',
  );
  assert.ok(took > 500, `the allowance wait (${Math.round(took)} ms) outlasted the deadline`);
});

test('a cancelled call still says cancelled, not timed out', async () => {
  fake.setLatency(5000);
  try {
    const controller = new AbortController();
    const pending = client({ ...TUNING, answerDeadlineMs: 3000 }).searchUsers(QUERY, {
      deadline: true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const result = await pending;
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.code, 'cancelled');
  } finally {
    fake.setLatency(0);
  }
});
