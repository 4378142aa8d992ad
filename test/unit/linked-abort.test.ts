import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { linkedAbort } from '../../electron/backend/linked-abort.ts';

test('aborts with any parent, on its own, or at once when a parent already has', () => {
  const a = new AbortController();
  const b = new AbortController();
  const viaParent = linkedAbort(a.signal, undefined, b.signal);
  b.abort();
  assert.equal(viaParent.signal.aborted, true);

  const own = linkedAbort(a.signal);
  own.abort();
  assert.equal(own.signal.aborted, true);
  assert.equal(a.signal.aborted, false, 'never the other way round');

  assert.equal(linkedAbort(b.signal).signal.aborted, true);
});

test('dispose lets go of the parents: nothing stays attached to a long-lived signal', () => {
  const longLived = new AbortController();
  for (let i = 0; i < 100; i++) linkedAbort(longLived.signal).dispose();
  assert.equal(getEventListeners(longLived.signal, 'abort').length, 0);
  const kept = linkedAbort(longLived.signal);
  assert.equal(getEventListeners(longLived.signal, 'abort').length, 1);
  kept.dispose();
  longLived.abort();
  assert.equal(kept.signal.aborted, false, 'a disposed link no longer follows its parent');
});
