import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { ExportProgress } from '#common/models.ts';
import { ok } from '#common/result.ts';
import { type BackendContext, createContext } from '../../electron/backend/context.ts';
import {
  createExportHandlers,
  PROGRESS_INTERVAL_MS,
} from '../../electron/backend/handlers/export-handlers.ts';
import { HISTORY_LIMIT } from '../../electron/backend/settings/settings-store.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';

const TODAY = '2025-06-30';
const FILTER = { from: '2024-01-01', to: TODAY };
const TUNING = { attempts: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 };

interface Harness {
  ctx: BackendContext;
  handlers: ReturnType<typeof createExportHandlers>;
  events: { at: number; progress: ExportProgress }[];
  dialogs: { name: string; folder: string | null }[];
  shown: string[];
  opened: string[];
  /** What the next save dialog answers. */
  answer: string | null;
}

describe('export handlers', () => {
  let fake: FakePalenca;
  let root: string;

  before(async () => {
    fake = await startFakePalenca({ users: 3000, today: TODAY, days: 400, seed: 11 });
    root = await mkdtemp(join(tmpdir(), 'palenca-export-handlers-'));
  });
  after(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  let n = 0;
  const harness = async (): Promise<Harness> => {
    const dataDir = join(root, `data-${++n}`);
    const h = {
      events: [],
      dialogs: [],
      shown: [],
      opened: [],
      answer: null,
    } as unknown as Harness;
    h.ctx = createContext(
      testBackendOptions({
        dataDir,
        keyStore: memoryKeyStore({ sandbox: fake.apiKey }),
        platform: {
          chooseSavePath: async (name, folder) => {
            h.dialogs.push({ name, folder });
            return h.answer;
          },
          showInFolder: async (path) => {
            h.shown.push(path);
          },
          openPath: async (path) => {
            h.opened.push(path);
          },
        },
        emit: (event, payload) => {
          if (event === 'exportProgress') {
            h.events.push({ at: performance.now(), progress: payload as ExportProgress });
          }
        },
        palencaUrl: fake.baseUrl,
        clientTuning: TUNING,
      }),
    );
    h.handlers = createExportHandlers(h.ctx, {
      pageRetry: { attempts: 2, baseMs: 5, maxMs: 10 },
    });
    return h;
  };

  it('a cancelled save dialog exports nothing', async () => {
    const h = await harness();
    const before = fake.requests.length;
    const result = await h.handlers.exportUsers({ environment: 'sandbox', filter: FILTER });
    assert.deepEqual(result, { ok: true, value: { status: 'dialog_cancelled' } });
    assert.deepEqual(h.dialogs, [
      { name: `palenca-users_sandbox_${FILTER.from}_${FILTER.to}.csv`, folder: null },
    ]);
    assert.equal(fake.requests.length, before);
  });

  it('bad dates and a missing key are refused before the dialog', async () => {
    const h = await harness();
    const bad = await h.handlers.exportUsers({
      environment: 'sandbox',
      filter: { from: '2025-02-30', to: TODAY },
    });
    assert.equal(!bad.ok && bad.error.code, 'bad_request');
    const noKey = await h.handlers.exportUsers({ environment: 'production', filter: FILTER });
    assert.equal(!noKey.ok && noKey.error.code, 'missing_key');
    assert.equal(h.dialogs.length, 0);
  });

  it('exports, remembers the folder, records history, and opens by id', async () => {
    const h = await harness();
    const folder = join(root, 'exports-a');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    h.answer = join(folder, 'users.csv');
    const result = await h.handlers.exportUsers({ environment: 'sandbox', filter: FILTER });
    assert.ok(result.ok && result.value.status === 'done', JSON.stringify(result));
    const expected = fake.usersInWindow(FILTER.from, FILTER.to);
    assert.equal(result.value.rows, expected.length);
    assert.equal(result.value.path, h.answer);

    // The app's defaults suit Excel: a BOM and commas.
    const bytes = await readFile(h.answer);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, record_delimiter: '\r\n' }) as string[][];
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      expected.map((u) => u.user_id),
    );

    const settings = await h.ctx.settings.read();
    assert.equal(settings.exportFolder, folder);
    const entry = settings.exportHistory[0];
    assert.ok(entry);
    assert.deepEqual(entry, result.value.entry);
    assert.equal(entry.environment, 'sandbox');
    assert.deepEqual(entry.filter, FILTER);
    assert.equal(entry.rows, expected.length);
    assert.ok(!JSON.stringify(settings).includes(fake.apiKey), 'no secret in settings');

    // The next dialog starts in the remembered folder.
    h.answer = null;
    await h.handlers.exportUsers({ environment: 'sandbox', filter: FILTER });
    assert.equal(h.dialogs.at(-1)?.folder, folder);

    const history = await h.handlers.getExportHistory();
    assert.ok(history.ok);
    assert.equal(history.value[0]?.exists, true);

    assert.deepEqual(await h.handlers.showExportInFolder({ id: entry.id }), ok(null));
    assert.deepEqual(await h.handlers.openExport({ id: entry.id }), ok(null));
    assert.deepEqual(h.shown, [h.answer ?? join(folder, 'users.csv')]);
    assert.deepEqual(h.opened, [join(folder, 'users.csv')]);

    const unknown = await h.handlers.openExport({ id: 'no-such-id' });
    assert.equal(!unknown.ok && unknown.error.code, 'bad_input');

    await rm(join(folder, 'users.csv'));
    const after = await h.handlers.getExportHistory();
    assert.equal(after.ok && after.value[0]?.exists, false);
    const gone = await h.handlers.showExportInFolder({ id: entry.id });
    assert.equal(!gone.ok && gone.error.code, 'file_missing');
    assert.equal(h.shown.length, 1, 'the shell is not asked about a missing file');
  });

  it('keeps the last 20 exports in the history', async () => {
    const h = await harness();
    const someone = fake.usersInWindow(FILTER.from, FILTER.to).find((u) => u.external_id);
    assert.ok(someone?.external_id);
    const filter = { ...FILTER, externalId: someone.external_id };
    for (let i = 0; i < HISTORY_LIMIT + 2; i++) {
      h.answer = join(root, `history-${n}-${i}.csv`);
      const result = await h.handlers.exportUsers({ environment: 'sandbox', filter });
      assert.ok(result.ok && result.value.status === 'done');
    }
    const history = await h.handlers.getExportHistory();
    assert.ok(history.ok);
    assert.equal(history.value.length, 20);
    assert.equal(history.value[0]?.path, join(root, `history-${n}-${HISTORY_LIMIT + 1}.csv`));
    assert.deepEqual(history.value[0]?.filter, filter);
  });

  it('refuses a second export while one runs, and cancels the running one', async () => {
    const h = await harness();
    const folder = join(root, 'exports-busy');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    h.answer = join(folder, 'users.csv');
    fake.setLatency(20);
    try {
      const first = h.handlers.exportUsers({ environment: 'sandbox', filter: FILTER });
      const second = await h.handlers.exportUsers({ environment: 'sandbox', filter: FILTER });
      assert.equal(!second.ok && second.error.code, 'export_busy');
      assert.match(!second.ok ? second.error.message : '', /already running/);
      // Cancel once rows have started to arrive.
      while (h.events.length === 0) await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(await h.handlers.cancelExport(), ok(null));
      const result = await first;
      assert.equal(!result.ok && result.error.code, 'cancelled');
      assert.deepEqual(await readdir(folder), []);
      const history = await h.handlers.getExportHistory();
      assert.deepEqual(history, ok([]));
      // Free again afterwards; cancelling with nothing running is fine.
      assert.deepEqual(await h.handlers.cancelExport(), ok(null));
    } finally {
      fake.setLatency(0);
    }
  });

  it('quitting mid-export waits until the export has removed its temporary file', async () => {
    const h = await harness();
    const folder = join(root, 'exports-quit');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    h.answer = join(folder, 'users.csv');
    fake.setLatency(20);
    try {
      const running = h.handlers.exportUsers({ environment: 'sandbox', filter: FILTER });
      // The first event says "connecting" before any answer; rows mean the file is open.
      while (!h.events.some((e) => e.progress.rowsDone > 0)) {
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.ok((await readdir(folder)).length > 0, 'a temporary file is being written');
      await h.ctx.shutdown();
      // By the time shutdown resolves, the folder is clean: nothing half-written remains.
      assert.deepEqual(await readdir(folder), []);
      const result = await running;
      assert.equal(!result.ok && result.error.code, 'cancelled');
    } finally {
      fake.setLatency(0);
    }
  });

  it('sends progress at most about 10 times a second, and always the final state', async () => {
    const h = await harness();
    h.answer = join(root, `progress-${n}.csv`);
    fake.setLatency(15);
    try {
      const result = await h.handlers.exportUsers({ environment: 'sandbox', filter: FILTER });
      assert.ok(result.ok && result.value.status === 'done');
      const pages = Math.ceil(result.value.rows / 150);
      assert.ok(h.events.length >= 2, `got ${h.events.length} events`);
      assert.ok(h.events.length < pages, `${h.events.length} events for ${pages} pages`);
      for (let i = 1; i < h.events.length - 1; i++) {
        const gap = (h.events[i]?.at ?? 0) - (h.events[i - 1]?.at ?? 0);
        assert.ok(gap >= PROGRESS_INTERVAL_MS - 5, `gap ${gap} ms`);
      }
      const last = h.events.at(-1)?.progress;
      assert.equal(last?.rowsDone, result.value.rows);
      assert.equal(last?.rowsTotal, result.value.rows);
      assert.equal(last?.pagesDone, pages);
    } finally {
      fake.setLatency(0);
    }
  });
});
