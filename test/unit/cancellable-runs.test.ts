// The runs the window can cancel by id: a newer run under an id cancels the older, a cancel
// names its run, an ended run frees its id (not a newer one's), and the app stopping stops all.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancellableRuns } from '../../electron/backend/handlers/cancellable-runs.ts';

describe('CancellableRuns', () => {
  it('a cancel aborts the run under its id, and no other', () => {
    const runs = new CancellableRuns(new AbortController().signal);
    const a = runs.start('a');
    const b = runs.start('b');
    runs.cancel('a');
    assert.equal(a.signal.aborted, true);
    assert.equal(b.signal.aborted, false);
  });

  it('a newer run under the same id cancels the older; the older ending frees nothing', () => {
    const runs = new CancellableRuns(new AbortController().signal);
    const older = runs.start('x');
    const newer = runs.start('x');
    assert.equal(older.signal.aborted, true);
    runs.end('x', older);
    runs.cancel('x');
    assert.equal(newer.signal.aborted, true, 'the id still names the newer run');
  });

  it('an ended run is no longer cancelled by its id', () => {
    const runs = new CancellableRuns(new AbortController().signal);
    const run = runs.start('x');
    runs.end('x', run);
    runs.cancel('x');
    assert.equal(run.signal.aborted, false);
  });

  it('the app stopping aborts every run, with an id or without; an ended one is let go', () => {
    const stopping = new AbortController();
    const runs = new CancellableRuns(stopping.signal);
    const named = runs.start('x');
    const unnamed = runs.start(undefined);
    const ended = runs.start('y');
    runs.end('y', ended);
    stopping.abort();
    assert.equal(named.signal.aborted, true);
    assert.equal(unnamed.signal.aborted, true);
    assert.equal(ended.signal.aborted, false);
  });
});
