// The settings file: a small JSON file in the app's data folder, written atomically.
// It never holds a secret; the API keys live only in the OS keychain.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { presetDays } from '#common/days.ts';
import { excelSeparatorFor } from '#common/excel-separator.ts';
import {
  ALLOWANCE_SHARES,
  DATE_PRESETS,
  DEFAULT_ALLOWANCE_SHARE,
  ENVIRONMENTS,
  EXPORT_FORMATS,
  type ExportHistoryEntry,
  LOCALES,
  type Locale,
  PAGE_SIZES,
  type Settings,
} from '#common/models.ts';
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

// The fields every version wrote: without one of them an entry means nothing and is dropped.
// The fields added later (issue 18) are optional, and one that does not read is left out
// rather than costing the entry.
const historyEntry = z
  .object({
    id: z.string(),
    finishedAt: z.string(),
    environment: z.enum(ENVIRONMENTS),
    filter: filterSchema,
    rows: z.number().int().nonnegative(),
    path: z.string(),
    format: z.enum(EXPORT_FORMATS).optional().catch(undefined),
    options: z
      .object({ withDay: z.boolean(), withAccounts: z.boolean(), sinceLast: z.boolean() })
      .optional()
      .catch(undefined),
    startedAt: z.string().optional().catch(undefined),
    appVersion: z.string().max(200).optional().catch(undefined),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .catch(undefined),
  })
  .transform(
    (entry) =>
      Object.fromEntries(
        Object.entries(entry).filter(([, value]) => value !== undefined),
      ) as unknown as ExportHistoryEntry,
  );

/**
 * The history read entry by entry: one that does not read is dropped, the others kept (a
 * single bad entry once emptied the whole list). Not a list at all: an empty history.
 */
const historySchema = z
  .array(z.unknown())
  .transform((list) =>
    list.flatMap((raw) => {
      const entry = historyEntry.safeParse(raw);
      return entry.success ? [entry.data] : [];
    }),
  )
  .catch([]);

const csvSchema = z.object({ delimiter: z.enum([',', ';']), bom: z.boolean() });

// Each field falls back on its own, so one bad value never costs the person the rest.
const settingsSchema = (defaults: Settings) =>
  z.object({
    environment: z.enum(ENVIRONMENTS).catch(defaults.environment),
    // An external ID saved by an older version is dropped: a one-off lookup, not a preference.
    filter: filterSchema
      .extend({ preset: z.enum(DATE_PRESETS) })
      .transform(({ from, to, preset }) => ({ from, to, preset }))
      .catch(defaults.filter),
    pageSize: z.union(PAGE_SIZES.map((n) => z.literal(n))).catch(defaults.pageSize),
    exportFolder: z.string().nullable().catch(defaults.exportFolder),
    locale: z.enum(LOCALES).nullable().catch(defaults.locale),
    csv: csvSchema.catch(defaults.csv),
    // Absent in files written before the separator followed the region (see `read`).
    csvDelimiterChosen: z.boolean().optional().catch(undefined),
    uncheckedKeys: z
      .array(z.enum(ENVIRONMENTS))
      .transform((list) => ENVIRONMENTS.filter((env) => list.includes(env)))
      .catch([]),
    allowanceShare: z
      .union(ALLOWANCE_SHARES.map((n) => z.literal(n)))
      .catch(defaults.allowanceShare),
    exportHistory: historySchema,
    exportRecordFile: z.boolean().catch(defaults.exportRecordFile),
    exportFormat: z.enum(EXPORT_FORMATS).catch(defaults.exportFormat),
  });

/**
 * The settings of a first start. `region` is the computer's regional format (`pt-BR`): the
 * CSV separator is the one Excel expects there; without it, a comma.
 */
export function defaultSettings(today = new Date(), region?: string): Settings {
  return {
    environment: 'sandbox',
    // The same days the page's "Last 30 days" counts: the person's local calendar.
    filter: { ...presetDays('last30', today), preset: 'last30' },
    pageSize: 50,
    exportFolder: null,
    locale: null,
    csv: { delimiter: excelSeparatorFor(region), bom: true },
    csvDelimiterChosen: false,
    uncheckedKeys: [],
    allowanceShare: DEFAULT_ALLOWANCE_SHARE,
    exportHistory: [],
    exportRecordFile: false,
    exportFormat: 'csv',
  };
}

export interface SettingsStore {
  read(): Promise<Settings>;
  /** A CSV separator different from the current one counts as the person's own choice. */
  update(patch: Partial<Settings>): Promise<Settings>;
  /** An update computed from the settings as they are when it is written (no lost update). */
  change(patch: (current: Settings) => Partial<Settings>): Promise<Settings>;
  addExportHistory(entry: ExportHistoryEntry): Promise<Settings>;
  readonly file: string;
}

export interface SettingsStoreOptions {
  /** The computer's regional format, for the default CSV separator (see defaultSettings). */
  region?: string | undefined;
}

/** Whether a file from before `csvDelimiterChosen` existed holds a chosen separator. */
const chosenBeforeTheFlag = (raw: unknown): boolean =>
  // The default was then always a comma, so a semicolon there was the person's choice.
  z.object({ csv: z.object({ delimiter: z.literal(';') }) }).safeParse(raw).success;

export function createSettingsStore(
  dataDir: string,
  log: Logger,
  options: SettingsStoreOptions = {},
): SettingsStore {
  const file = join(dataDir, SETTINGS_FILE);
  // Serialise writes: two quick updates must not race each other's rename.
  let queue: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<Settings> => {
    const defaults = defaultSettings(new Date(), options.region);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return defaults;
    }
    try {
      const raw: unknown = JSON.parse(text);
      const { csvDelimiterChosen, ...parsed } = settingsSchema(defaults).parse(raw);
      const chosen = csvDelimiterChosen ?? chosenBeforeTheFlag(raw);
      // Until the person picks one, the separator is the region's, even if the region changed.
      const csv = chosen ? parsed.csv : { ...parsed.csv, delimiter: defaults.csv.delimiter };
      return { ...parsed, csv, csvDelimiterChosen: chosen };
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
    update: (patch) =>
      write((current) => {
        const picked = patch.csv !== undefined && patch.csv.delimiter !== current.csv.delimiter;
        const next = {
          ...current,
          ...patch,
          csvDelimiterChosen: current.csvDelimiterChosen || picked,
        };
        // Only the window is remembered, whatever else a caller's filter carries.
        if (patch.filter) {
          const { from, to, preset } = patch.filter;
          next.filter = { from, to, preset };
        }
        return next;
      }),
    change: (patch) => write((current) => ({ ...current, ...patch(current) })),
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
