// The backend's update calls through the real dispatch: without an updater (the CLI, a
// development run) they answer "off"; with one, its news reaches the window as `update`
// events, and "Restart to update" is refused while an export runs (from its save dialog on).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EventName } from '#common/contract.ts';
import type { UpdateState } from '#common/update-state.ts';
import { createBackend } from '../../electron/backend/backend.ts';
import type { UpdatesPort } from '../../electron/backend/updates-port.ts';
import { memoryKeyStore, TEST_APP_INFO, testBackendOptions } from '../support/backend-options.ts';

const KEY = 'sk_test_unit_updates';

/** A stand-in updater: tests push its news and count the restarts. */
class FakeUpdates implements UpdatesPort {
  state: UpdateState = { state: 'idle' };
  restarts = 0;
  readonly listeners = new Set<(state: UpdateState) => void>();
  current = () => this.state;
  subscribe(listener: (state: UpdateState) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  restart() {
    this.restarts++;
  }
  push(state: UpdateState) {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

describe('update calls', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'palenca-update-handlers-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  let n = 0;
  function backendWith(updates?: UpdatesPort) {
    const events: Array<{ event: EventName; payload: unknown }> = [];
    let answerDialog: (path: string | null) => void = () => {};
    const dialogOpen = { value: false };
    const backend = createBackend(
      testBackendOptions({
        dataDir: join(root, `data-${++n}`),
        keyStore: memoryKeyStore({ sandbox: KEY, production: KEY }),
        platform: {
          // The save dialog stays open until the test answers it: the export is under way.
          chooseSavePath: () =>
            new Promise((resolve) => {
              dialogOpen.value = true;
              answerDialog = resolve;
            }),
        },
        appInfo: { ...TEST_APP_INFO, version: '1.0.0' },
        emit: (event, payload) => events.push({ event, payload }),
        updates,
      }),
    );
    return { backend, events, dialogOpen, answer: (path: string | null) => answerDialog(path) };
  }

  test('without an updater: off, and a restart is refused in plain words', async () => {
    const { backend } = backendWith();
    assert.deepEqual(await backend.dispatch('getUpdateState', undefined), {
      ok: true,
      value: { state: 'off' },
    });
    const restart = await backend.dispatch('restartToUpdate', undefined);
    assert.equal(restart.ok, false);
    assert.equal(!restart.ok && restart.error.code, 'updates_off');
  });

  test("the updater's news becomes update events, until shutdown", async () => {
    const updates = new FakeUpdates();
    const { backend, events } = backendWith(updates);
    updates.push({ state: 'downloading', version: '1.1.0' });
    updates.push({ state: 'ready', version: '1.1.0' });
    assert.deepEqual(
      events.filter((e) => e.event === 'update').map((e) => e.payload),
      [
        { state: 'downloading', version: '1.1.0' },
        { state: 'ready', version: '1.1.0' },
      ],
    );
    assert.deepEqual(await backend.dispatch('getUpdateState', undefined), {
      ok: true,
      value: { state: 'ready', version: '1.1.0' },
    });
    await backend.shutdown();
    assert.equal(updates.listeners.size, 0);
  });

  test('restart: refused until a version is ready, then it restarts', async () => {
    const updates = new FakeUpdates();
    const { backend } = backendWith(updates);
    updates.push({ state: 'downloading', version: '1.1.0' });
    const early = await backend.dispatch('restartToUpdate', undefined);
    assert.equal(!early.ok && early.error.code, 'update_not_ready');
    updates.push({ state: 'ready', version: '1.1.0' });
    assert.deepEqual(await backend.dispatch('restartToUpdate', undefined), {
      ok: true,
      value: null,
    });
    assert.equal(updates.restarts, 1);
  });

  test('restart is refused while an export runs, and allowed once it has ended', async () => {
    const updates = new FakeUpdates();
    updates.push({ state: 'ready', version: '1.1.0' });
    const { backend, dialogOpen, answer } = backendWith(updates);
    assert.equal(backend.exportRunning(), false);
    const exporting = backend.dispatch('exportUsers', {
      environment: 'sandbox',
      filter: { from: '2026-01-01', to: '2026-01-31' },
    });
    while (!dialogOpen.value) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(backend.exportRunning(), true);
    const refused = await backend.dispatch('restartToUpdate', undefined);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'restart_export_running');
    assert.match(!refused.ok ? refused.error.message : '', /export is running/);
    assert.equal(updates.restarts, 0);

    answer(null); // the person cancels the save dialog: the export ends
    assert.deepEqual(await exporting, { ok: true, value: { status: 'dialog_cancelled' } });
    assert.equal(backend.exportRunning(), false);
    assert.deepEqual(await backend.dispatch('restartToUpdate', undefined), {
      ok: true,
      value: null,
    });
    assert.equal(updates.restarts, 1);
  });
});
