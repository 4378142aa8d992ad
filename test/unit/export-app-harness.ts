// The app's export calls as the export tests drive them: a real backend context on a fresh data
// folder, Palenca's fake on loopback, a save dialog that answers what the test says (and
// records what it was asked), and a fixed clock for "today".
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFormat, ExportProgress } from '#common/models.ts';
import { type BackendContext, createContext } from '../../electron/backend/context.ts';
import { createExportHandlers } from '../../electron/backend/handlers/export-handlers.ts';
import { createHistoryHandlers } from '../../electron/backend/handlers/history-handlers.ts';
import { createSettingsHandlers } from '../../electron/backend/handlers/settings-handlers.ts';
import type { FakePalenca } from '../fake-palenca/server.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';

export interface Dialog {
  name: string;
  folder: string | null;
  formats: readonly ExportFormat[] | undefined;
}

export interface ExportApp {
  ctx: BackendContext;
  dataDir: string;
  exports: ReturnType<typeof createExportHandlers>;
  history: ReturnType<typeof createHistoryHandlers>;
  settings: ReturnType<typeof createSettingsHandlers>;
  dialogs: Dialog[];
  progress: ExportProgress[];
  /** What the next save dialog answers (null: cancelled). */
  answer: string | null;
}

/** Local noon of `day`: its local calendar day is `day` wherever the tests run. */
export const noonOf = (day: string): Date => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 12);
};

/** `now`, when given, is the app's clock to the instant (else local noon of `today()`). */
export function exportApp(
  fake: FakePalenca,
  dataDir: string,
  today: () => string,
  now?: () => Date,
): ExportApp {
  const app = { dialogs: [], progress: [], answer: null, dataDir } as unknown as ExportApp;
  app.ctx = createContext(
    testBackendOptions({
      dataDir,
      keyStore: memoryKeyStore({ sandbox: fake.apiKey }),
      platform: {
        chooseSavePath: async (name, folder, formats) => {
          app.dialogs.push({ name, folder, formats });
          return app.answer;
        },
      },
      emit: (event, payload) => {
        if (event === 'exportProgress') app.progress.push(payload as ExportProgress);
      },
      palencaUrl: fake.baseUrl,
      clientTuning: { attempts: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 5000 },
    }),
  );
  app.exports = createExportHandlers(app.ctx, {
    pageRetry: { attempts: 2, baseMs: 5, maxMs: 10 },
    now: now ?? (() => noonOf(today())),
  });
  app.history = createHistoryHandlers(app.ctx);
  app.settings = createSettingsHandlers(app.ctx, () => false);
  return app;
}

export const sha256Of = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

export const markFolderOf = (dataDir: string): string => join(dataDir, 'last-export');
