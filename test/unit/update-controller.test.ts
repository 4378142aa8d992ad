// The update controller drives a stand-in shaped like electron-updater's autoUpdater (the
// real one needs Electron): its events become the window's UpdateState, failures stay quiet
// (logged, never thrown, never an unhandled rejection), a ready update stays ready, and it
// installs only when restart() is called.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { UpdateState } from '#common/update-state.ts';
import type { Logger } from '../../electron/backend/log.ts';
import {
  UpdateController,
  type UpdaterLike,
} from '../../electron/main/updates/update-controller.ts';

type CheckResult = Awaited<ReturnType<UpdaterLike['checkForUpdates']>>;

/** Emits what electron-updater emits, in the same order, for the answer `next`. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  next: 'none' | 'available' | 'offline' | 'download_fails' | 'inactive' = 'none';
  version = '2.0.0';
  checks = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  /** Resolves the current download; tests call it to finish downloading. */
  finishDownload: () => void = () => {};

  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  async checkForUpdates(): Promise<CheckResult> {
    this.checks++;
    if (this.next === 'inactive') return null;
    this.emit('checking-for-update');
    await Promise.resolve();
    const info = { version: this.version };
    if (this.next === 'offline') {
      const error = new Error('net::ERR_INTERNET_DISCONNECTED');
      this.emit('error', error);
      throw error;
    }
    if (this.next === 'none') {
      this.emit('update-not-available', info);
      return { isUpdateAvailable: false, updateInfo: info };
    }
    this.emit('update-available', info);
    const fails = this.next === 'download_fails';
    const downloadPromise = new Promise<string[]>((resolve, reject) => {
      this.finishDownload = () => {
        if (fails) {
          const error = new Error('sha512 checksum mismatch');
          this.emit('error', error);
          reject(error);
          return;
        }
        this.emit('update-downloaded', { ...info, downloadedFile: '/cache/x' });
        resolve(['/cache/x']);
      };
    });
    return { isUpdateAvailable: true, updateInfo: info, downloadPromise };
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string, detail?: unknown) =>
    lines.push(`${level} ${message}${detail ? ` ${String(detail)}` : ''}`);
  return {
    lines,
    info: write('INFO'),
    warn: write('WARN'),
    error: write('ERROR'),
    addSecret: () => {},
    file: null,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the update controller', () => {
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  function make(updater = new FakeUpdater(), intervalMs?: number) {
    const log = recordingLog();
    let loads = 0;
    const controller = new UpdateController({
      load: async () => {
        loads++;
        return updater;
      },
      log,
      ...(intervalMs ? { intervalMs } : {}),
    });
    const seen: UpdateState[] = [];
    controller.subscribe((state) => seen.push(state));
    return { controller, updater, log, seen, loads: () => loads };
  }

  test('nothing newer: idle, checking, none; the updater is loaded at the first check only', async () => {
    const { controller, seen, loads } = make();
    assert.deepEqual(controller.current(), { state: 'idle' });
    assert.equal(loads(), 0, 'not loaded before a check');
    assert.deepEqual(await controller.check(), { state: 'none' });
    assert.deepEqual(await controller.check(), { state: 'none' });
    assert.equal(loads(), 1);
    assert.deepEqual(seen, [
      { state: 'checking' },
      { state: 'none' },
      { state: 'checking' },
      { state: 'none' },
    ]);
  });

  test('a newer version downloads in the background, then is ready; ready stays ready', async () => {
    const { controller, updater, seen } = make();
    updater.next = 'available';
    assert.deepEqual(await controller.check(), { state: 'downloading', version: '2.0.0' });
    updater.finishDownload();
    assert.deepEqual(controller.current(), { state: 'ready', version: '2.0.0' });
    assert.deepEqual(seen.at(-1), { state: 'ready', version: '2.0.0' });
    // Later checks (the daily one, the Help menu) neither ask again nor change anything.
    const checks = updater.checks;
    assert.deepEqual(await controller.check(), { state: 'ready', version: '2.0.0' });
    assert.equal(updater.checks, checks);
    assert.equal(updater.installs.length, 0, 'nothing installs without the person');
  });

  test('offline: failed (electron-updater logs why), never thrown or left unhandled', async () => {
    const { controller, updater } = make();
    updater.next = 'offline';
    assert.deepEqual(await controller.check(), { state: 'failed' });
    updater.next = 'none';
    assert.deepEqual(await controller.check(), { state: 'none' }, 'the next check works again');
    await tick();
    assert.deepEqual(unhandled, []);
  });

  test('a failed download ends in failed, with no unhandled rejection', async () => {
    const { controller, updater } = make();
    updater.next = 'download_fails';
    assert.equal((await controller.check()).state, 'downloading');
    updater.finishDownload();
    await tick();
    assert.deepEqual(controller.current(), { state: 'failed' });
    assert.deepEqual(unhandled, []);
  });

  test('an updater that refuses to run, or cannot be loaded, is failed and logged', async () => {
    const inactive = make();
    inactive.updater.next = 'inactive';
    assert.deepEqual(await inactive.controller.check(), { state: 'failed' });

    const log = recordingLog();
    const broken = new UpdateController({
      load: async () => {
        throw new Error("Cannot find module 'semver'");
      },
      log,
    });
    assert.deepEqual(await broken.check(), { state: 'failed' });
    assert.match(log.lines.join('\n'), /WARN updates: the updater could not be loaded.*semver/);
    assert.throws(() => broken.restart(), /No update has been downloaded/);
  });

  test('restart installs silently and reopens the app, only once a version is ready', async () => {
    const { controller, updater } = make();
    assert.throws(() => controller.restart(), /No update has been downloaded/);
    updater.next = 'available';
    await controller.check();
    assert.throws(() => controller.restart(), /No update/, 'not while downloading');
    updater.finishDownload();
    controller.restart();
    await tick();
    assert.deepEqual(updater.installs, [[true, true]]);
  });

  test('start checks at once and then on every interval; stop ends it', async () => {
    const { controller, updater } = make(new FakeUpdater(), 30);
    controller.start();
    controller.start(); // a second start does not double the checks
    await tick();
    assert.equal(updater.checks, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.stop();
    const checks = updater.checks;
    assert.ok(checks >= 3, `checked ${checks} times`);
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(updater.checks, checks);
  });

  test('a listener that throws does not stop the others', async () => {
    const { controller, log } = make();
    const heard: string[] = [];
    controller.subscribe(() => {
      throw new Error('boom');
    });
    controller.subscribe((state) => heard.push(state.state));
    await controller.check();
    assert.deepEqual(heard, ['checking', 'none']);
    assert.match(log.lines.join('\n'), /a listener failed/);
  });
});
