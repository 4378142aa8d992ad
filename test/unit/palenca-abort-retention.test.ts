// An export makes thousands of requests under one long-lived AbortSignal. Nothing about a
// finished request may stay attached to that signal, or memory grows with the export
// (AbortSignal.any, for one, keeps every derived signal reachable from its sources).
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { after, before, test } from 'node:test';
import type { PalencaClient } from '../../electron/backend/palenca/client.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { clientOn } from '../support/fake-client.ts';

let fake: FakePalenca;
let client: PalencaClient;
before(async () => {
  fake = await startFakePalenca({ users: 300, today: '2026-11-27' });
  client = clientOn(fake);
});
after(() => fake.close());

/** Every collection the signal holds (listeners, dependants…), by its size. */
const heldBy = (signal: AbortSignal): Record<string, number> => {
  const held: Record<string, number> = {
    abortListeners: getEventListeners(signal, 'abort').length,
  };
  const record = signal as unknown as Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(signal)) {
    const value = record[key] as { size?: unknown; length?: unknown } | null;
    const size = value && typeof value === 'object' ? (value.size ?? value.length) : undefined;
    if (typeof size === 'number') held[String(key)] = size;
  }
  return held;
};

test('requests sharing a long-lived signal leave nothing attached to it', async () => {
  const longLived = new AbortController();
  for (let i = 0; i < 300; i++) {
    const result = await client.searchUsers(
      { from: '2026-11-01', to: '2026-11-27', page: 1, perPage: 5 },
      { signal: longLived.signal },
    );
    assert.ok(result.ok);
  }
  // Failures and retries too.
  fake.failNext({ kind: 'unavailable' }, 2);
  await client.searchUsers(
    { from: '2026-11-01', to: '2026-11-27', page: 1, perPage: 5 },
    { signal: longLived.signal },
  );
  for (const [what, size] of Object.entries(heldBy(longLived.signal))) {
    assert.equal(size, 0, `${what} holds ${size} entries after 300 requests`);
  }
});
