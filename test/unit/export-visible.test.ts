// Long work is visible from the first moment: the export says "connecting" as soon as the file
// is chosen (before Palenca answers), says each retry and when it happens, tells how far a
// failed export got, and asks the shell for an OS notification when a long export ends while
// the window is in the background (in the person's language, chosen by the shell).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { AllowanceStatus, ExportProgress } from '#common/models.ts';
import { ok } from '#common/result.ts';
import { createContext } from '../../electron/backend/context.ts';
import { exportNoticeFor, notifyIfAway } from '../../electron/backend/export/export-notice.ts';
import { startExportReporter } from '../../electron/backend/export/export-reporter.ts';
import {
  createExportHandlers,
  PROGRESS_INTERVAL_MS,
} from '../../electron/backend/handlers/export-handlers.ts';
import type { ExportNotice, PlatformBridge } from '../../electron/backend/platform.ts';
import { exportNotificationText } from '../../electron/main/export-notification-text.ts';
import { shellStringsFor } from '../../electron/main/shell-strings.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';

const TODAY = '2025-06-30';
const FILTER = { from: '2024-01-01', to: TODAY };
const TUNING = { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 };
const PACED: AllowanceStatus = { state: 'paced', until: null };

describe('the export reporter', () => {
  const governor = () => {
    const listeners = new Set<(s: AllowanceStatus) => void>();
    return {
      status: () => PACED,
      onStatus(listener: (s: AllowanceStatus) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      tell: (s: AllowanceStatus) => {
        for (const l of listeners) l(s);
      },
      listening: () => listeners.size,
    };
  };

  it('says "connecting" at once, then the allowance and retries, then the engine', () => {
    const sent: ExportProgress[] = [];
    const allowance = governor();
    const reporter = startExportReporter({ send: (p) => sent.push(p), intervalMs: 0, allowance });
    assert.equal(sent.length, 1, 'sent before anything answered');
    assert.equal(sent[0]?.connecting, true);
    assert.equal(sent[0]?.rowsTotal, 0);

    allowance.tell({ state: 'waiting', until: 123 });
    assert.deepEqual(sent.at(-1)?.allowance, { state: 'waiting', until: 123 });
    assert.equal(sent.at(-1)?.connecting, true);

    reporter.retry({ code: 'unavailable', until: 5000 });
    assert.deepEqual(sent.at(-1)?.retry, { code: 'unavailable', until: 5000 });

    reporter.progress({
      rowsDone: 150,
      rowsTotal: 300,
      pagesDone: 1,
      pagesTotal: 2,
      elapsedMs: 10,
      remainingMs: null,
      allowance: PACED,
    });
    assert.equal(sent.at(-1)?.connecting, false);
    assert.deepEqual(sent.at(-1)?.retry, { code: 'unavailable', until: 5000 }, 'still waiting');
    assert.equal(reporter.rowsDone, 150);
    reporter.retry(null);
    assert.equal(sent.at(-1)?.retry, null);
    const count = sent.length;
    reporter.retry(null);
    assert.equal(sent.length, count, 'nothing new to say');
    reporter.finish();
    assert.equal(allowance.listening(), 0);
  });
});

describe('when an export is worth a notification', () => {
  const platform = (focused: boolean | undefined, notices: ExportNotice[]): PlatformBridge => ({
    chooseSavePath: async () => null,
    showInFolder: async () => {},
    openPath: async () => {},
    openExternal: async () => {},
    notify: (notice) => void notices.push(notice),
    ...(focused === undefined ? {} : { isWindowFocused: () => focused }),
  });
  const done = exportNoticeFor(ok({ rows: 12 }), '/tmp/x/users.csv', 12);

  it('only a long export, only with the window in the background, never a cancel', () => {
    assert.deepEqual(done, { kind: 'export_done', rows: 12, fileName: 'users.csv' });
    const notices: ExportNotice[] = [];
    assert.equal(notifyIfAway(platform(false, notices), done, 29_999, 30_000), false, 'short');
    assert.equal(notifyIfAway(platform(true, notices), done, 60_000, 30_000), false, 'focused');
    assert.equal(notifyIfAway(platform(undefined, notices), done, 60_000, 30_000), false);
    assert.deepEqual(notices, []);
    assert.equal(notifyIfAway(platform(false, notices), done, 30_000, 30_000), true);
    assert.deepEqual(notices, [done]);

    const cancelled = exportNoticeFor(
      { ok: false, error: { code: 'cancelled', message: 'x' } },
      '/tmp/a.csv',
      300,
    );
    assert.equal(cancelled, null);
    assert.deepEqual(
      exportNoticeFor({ ok: false, error: { code: 'timeout', message: 'x' } }, '/tmp/a.csv', 300),
      { kind: 'export_failed', rowsDone: 300, code: 'timeout' },
    );
  });

  it('a shell that throws does not change the outcome', () => {
    const throwing: PlatformBridge = {
      ...platform(false, []),
      notify: () => {
        throw new Error('no notification server');
      },
    };
    assert.equal(notifyIfAway(throwing, done, 60_000, 0), false);
  });

  it("the shell says it in the person's language", () => {
    const failed: ExportNotice = { kind: 'export_failed', rowsDone: 1500, code: 'timeout' };
    const en = shellStringsFor('en');
    assert.deepEqual(exportNotificationText(en, done as ExportNotice), {
      title: 'Export finished',
      body: '12 users saved in users.csv.',
    });
    assert.deepEqual(exportNotificationText(en, failed), {
      title: 'Export stopped',
      body: 'It stopped after 1,500 users were fetched. No file was saved. Open Palenca Users to try again.',
    });
    const es = exportNotificationText(shellStringsFor('es'), failed);
    assert.equal(es.title, 'Exportación detenida');
    assert.match(es.body, /obtener 1\D?500 usuarios\. No se guardó ningún archivo/);
    const pt = exportNotificationText(shellStringsFor('pt-BR'), {
      kind: 'export_done',
      rows: 1,
      fileName: 'a.csv',
    });
    assert.deepEqual(pt, { title: 'Exportação concluída', body: '1 usuário salvo em a.csv.' });
  });
});

describe('the export handler, seen from the panel', () => {
  let fake: FakePalenca;
  let root: string;
  before(async () => {
    fake = await startFakePalenca({ users: 1500, today: TODAY, days: 400, seed: 5 });
    root = await mkdtemp(join(tmpdir(), 'palenca-export-visible-'));
  });
  after(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    fake.setFault(null);
    fake.onRequest(null);
    fake.setLatency(0);
  });

  let n = 0;
  const setup = (focused: boolean) => {
    const events: ExportProgress[] = [];
    const notices: ExportNotice[] = [];
    const folder = join(root, `out-${++n}`);
    const options = testBackendOptions({
      dataDir: join(root, `data-${n}`),
      keyStore: memoryKeyStore({ sandbox: fake.apiKey, production: fake.apiKey }),
      platform: {
        chooseSavePath: async (name) => join(folder, name),
        notify: (notice) => void notices.push(notice),
        isWindowFocused: () => focused,
      },
      emit: (event, payload) => {
        if (event === 'exportProgress') events.push(payload as ExportProgress);
      },
      palencaUrl: fake.baseUrl,
      clientTuning: TUNING,
      exportNotifyAfterMs: 0,
    });
    // A retry's wait ten times the progress interval: a wait is only said when it outlasts the
    // throttle, so a shorter one could be replaced by "trying again" on a busy machine.
    const retryWaitMs = 10 * PROGRESS_INTERVAL_MS;
    const handlers = createExportHandlers(createContext(options), {
      pageRetry: { attempts: 2, baseMs: retryWaitMs, maxMs: retryWaitMs },
    });
    return { handlers, events, notices, folder };
  };

  it('says "connecting" before Palenca answers, and notifies a finished export in the background', async () => {
    const { handlers, events, notices, folder } = setup(false);
    await mkdir(folder);
    let eventsAtFirstRequest = -1;
    fake.onRequest(() => {
      if (eventsAtFirstRequest < 0) eventsAtFirstRequest = events.length;
    });
    const result = await handlers.exportUsers({ environment: 'sandbox', filter: FILTER });
    assert.ok(result.ok && result.value.status === 'done');
    assert.ok(eventsAtFirstRequest >= 1, 'told before the first request went out');
    assert.equal(events[0]?.connecting, true);
    assert.equal(events.at(-1)?.connecting, false);
    assert.deepEqual(notices, [
      {
        kind: 'export_done',
        rows: result.value.rows,
        fileName: `palenca-users_sandbox_${FILTER.from}_${TODAY}.csv`,
      },
    ]);
    assert.equal((await readdir(folder)).length, 1);
  });

  it('a failure says how many users were fetched, each retry is said with its time, nothing is saved', async () => {
    const { handlers, events, notices, folder } = setup(true);
    await mkdir(folder);
    // Page 1 answers; from page 3 on Palenca is unavailable.
    fake.onRequest((req) => {
      const page = (req.body as { options?: { page?: number } })?.options?.page ?? 1;
      if (page >= 3) fake.setFault({ kind: 'unavailable' });
    });
    const result = await handlers.exportUsers({ environment: 'sandbox', filter: FILTER });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'unavailable');
    const fetched = Math.max(...events.map((e) => e.rowsDone));
    assert.ok(fetched >= 150 && fetched % 150 === 0, `fetched ${fetched}`);
    assert.equal(result.error.rowsDone, fetched);
    const waits = events.map((e) => e.retry).filter((r) => r?.until);
    assert.ok(waits.length > 0, 'a retry with its time was said');
    assert.equal(waits[0]?.code, 'unavailable');
    assert.deepEqual(notices, [], 'the window has the focus: no notification');
    assert.deepEqual(await readdir(folder), [], 'no file saved');
  });
});
