// The keytar gate on its own, with calls whose end the test decides: one call in flight at a
// time, a queue behind it, and instant timeouts while the call ahead is stuck.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GATE_TIMED_OUT,
  keytarCallsInFlight,
  keytarStuck,
  throughGate,
} from '../../electron/backend/keychain/keytar-gate.ts';

/** A call that ends when the test says so, and counts how many run at the same time. */
function controlled() {
  let running = 0;
  let most = 0;
  const ends: Array<(value: string) => void> = [];
  const call = () => () =>
    new Promise<string>((resolve) => {
      running += 1;
      most = Math.max(most, running);
      ends.push((v) => {
        running -= 1;
        resolve(v);
      });
    });
  return { call, ends, most: () => most };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('calls queue: never two at once, each gets its own answer', async () => {
  const c = controlled();
  const a = throughGate(c.call(), 1000);
  const b = throughGate(c.call(), 1000);
  await tick();
  assert.equal(c.ends.length, 1, 'b waits for a');
  assert.equal(keytarCallsInFlight(), 1);
  c.ends[0]?.('A');
  assert.equal(await a, 'A');
  await tick();
  assert.equal(c.ends.length, 2);
  c.ends[1]?.('B');
  assert.equal(await b, 'B');
  assert.equal(c.most(), 1);
  assert.equal(keytarCallsInFlight(), 0);
});

test('a stuck call makes every new call answer at once, until it returns', async () => {
  const c = controlled();
  const late: unknown[] = [];
  const stuckCall = throughGate(c.call(), 30, (outcome) => late.push(outcome));
  const queued = throughGate(c.call(), 5000);
  assert.equal(await stuckCall, GATE_TIMED_OUT);
  assert.equal(keytarStuck(), true);
  // The queued call gives up as soon as the one ahead is stuck, without starting.
  const started = Date.now();
  assert.equal(await queued, GATE_TIMED_OUT);
  assert.equal(await throughGate(c.call(), 5000), GATE_TIMED_OUT);
  assert.ok(Date.now() - started < 200);
  assert.equal(c.ends.length, 1, 'nothing else reached keytar');

  c.ends[0]?.('done late');
  await tick();
  assert.deepEqual(late, [{ ok: true, value: 'done late' }]);
  assert.equal(keytarStuck(), false);
  const next = throughGate(c.call(), 1000);
  await tick();
  c.ends[1]?.('X');
  assert.equal(await next, 'X');
  assert.equal(c.most(), 1);
});
