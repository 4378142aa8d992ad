// The settings file: a small JSON file in the app's data folder, written atomically.
// It never holds a secret; the API keys live only in the OS keychain.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ALLOWANCE_SHARES,
  DATE_PRESETS,
  DEFAULT_ALLOWANCE_SHARE,
  ENVIRONMENTS,
  type ExportHistoryEntry,
  LOCALES,
  type Locale,
  PAGE_SIZES,
  type Settings,
} from '../../shared/models.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import type { Logger } from '../log.ts';

export const SETTINGS_FILE = 'settings.json';
export const HISTORY_LIMIT = 20;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const filterSchema = z.object({
  from: day,
  to: day,
  externalId: z.string().max(1000).optional(),
});

const historyEntry = z.object({
  id: z.string(),
  finishedAt: z.string(),
  environment: z.enum(ENVIRONMENTS),
  filter: filterSchema,
  rows: z.number().int().nonnegative(),
  path: z.string(),
});

// Each field falls back on its own, so one bad value never costs the person the rest.
const settingsSchema = (defaults: Settings) =>
  z.object({
    environment: z.enum(ENVIRONMENTS).catch(defaults.environment),
    filter: filterSchema.extend({ preset: z.enum(DATE_PRESETS) }).catch(defaults.filter),
    pageSize: z.union(PAGE_SIZES.map((n) => z.literal(n))).catch(defaults.pageSize),
    exportFolder: z.string().nullable().catch(defaults.exportFolder),
    locale: z.enum(LOCALES).nullable().catch(defaults.locale),
    csv: z.object({ delimiter: z.enum([',', ';']), bom: z.boolean() }).catch(defaults.csv),
    allowanceShare: z
      .union(ALLOWANCE_SHARES.map((n) => z.literal(n)))
      .catch(defaults.allowanceShare),
    exportHistory: z.array(historyEntry).catch([]),
  });

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

export function defaultSettings(today = new Date()): Settings {
  const from = new Date(today);
  from.setUTCDate(from.getUTCDate() - 29);
  return {
    environment: 'sandbox',
    filter: { from: isoDay(from), to: isoDay(today), preset: 'last30' },
    pageSize: 50,
    exportFolder: null,
    locale: null,
    csv: { delimiter: ',', bom: true },
    allowanceShare: DEFAULT_ALLOWANCE_SHARE,
    exportHistory: [],
  };
}

export interface SettingsStore {
  read(): Promise<Settings>;
  update(patch: Partial<Settings>): Promise<Settings>;
  addExportHistory(entry: ExportHistoryEntry): Promise<Settings>;
  readonly file: string;
}

export function createSettingsStore(dataDir: string, log: Logger): SettingsStore {
  const file = join(dataDir, SETTINGS_FILE);
  // Serialise writes: two quick updates must not race each other's rename.
  let queue: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<Settings> => {
    const defaults = defaultSettings();
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return defaults;
    }
    try {
      return settingsSchema(defaults).parse(JSON.parse(text));
    } catch (error) {
      // Keep the unreadable file for a person to inspect instead of overwriting it.
      const aside = `${file}.unreadable-${Date.now()}`;
      log.warn(`settings file unreadable, moved to ${aside}`, error);
      await rename(file, aside).catch(() => {});
      return defaults;
    }
  };

  const write = (change: (current: Settings) => Settings): Promise<Settings> => {
    const next = queue.then(async () => {
      const updated = change(await read());
      await mkdir(dataDir, { recursive: true });
      await writeFileAtomic(file, `${JSON.stringify(updated, null, 2)}\n`);
      return updated;
    });
    queue = next.catch(() => {});
    return next;
  };

  return {
    file,
    read,
    update: (patch) => write((current) => ({ ...current, ...patch })),
    addExportHistory: (entry) =>
      write((current) => ({
        ...current,
        exportHistory: [entry, ...current.exportHistory].slice(0, HISTORY_LIMIT),
      })),
  };
}

/**
 * The language saved in the settings file, read synchronously: Electron's main process needs
 * it before the app is ready (Chromium's own locale is fixed at start-up). Null when there is
 * no saved choice ("System default"), no file, or a file it cannot read. Never throws, and
 * never moves or rewrites the file: `read()` deals with a damaged file later.
 */
export function readSavedLocaleSync(dataDir: string): Locale | null {
  try {
    const saved: unknown = JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE), 'utf8'));
    const locale = z.object({ locale: z.enum(LOCALES) }).safeParse(saved);
    return locale.success ? locale.data.locale : null;
  } catch {
    return null;
  }
}
