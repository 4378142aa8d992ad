// Where "since the last export" continues from: per environment and external-ID filter, the
// newest day of the last successful export and the IDs of every user filed under that day
// (the API filters by whole days, so those users come again and are left out by ID). User IDs
// are personal data: they live in owner-only files of their own in the data folder, never in
// settings.json, one small file per key, and go when the export history is cleared.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ENVIRONMENTS, type Environment, type LastExportMark } from '#common/models.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { removeLeftovers } from '../files/temp-files.ts';
import type { Logger } from '../log.ts';

/** The folder, inside the data folder, that holds the marks. */
export const LAST_EXPORT_FOLDER = 'last-export';

export interface LastExportRecord {
  environment: Environment;
  /** Absent: the export had no external-ID filter. */
  externalId?: string;
  /** The export's newest day (its filter's `to`), YYYY-MM-DD. */
  day: string;
  finishedAt: string;
  /** Every user ID Palenca filed under `day` when the export read it, and only those. */
  userIds: string[];
}

// Fields a later version may add are ignored, not taken for damage.
const recordSchema = z.object({
  environment: z.enum(ENVIRONMENTS),
  externalId: z.string().max(1000).optional(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  finishedAt: z.string().max(100),
  userIds: z.array(z.string().max(200)),
});

/** The name of a key's file: a hash, so an external ID never becomes (part of) a file name. */
export function markFileName(environment: Environment, externalId?: string): string {
  const key = JSON.stringify([environment, externalId ?? null]);
  return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`;
}

/** What the export step shows of a record: no IDs, only how many. */
export const markOf = (record: LastExportRecord): LastExportMark => ({
  day: record.day,
  finishedAt: record.finishedAt,
  usersOfDay: record.userIds.length,
});

export interface LastExportStore {
  readonly folder: string;
  /** The record of (environment, externalId); null when there is none or it does not read. */
  read(environment: Environment, externalId?: string): Promise<LastExportRecord | null>;
  /** Replaces the record of its key, atomically, owner-only. */
  write(record: LastExportRecord): Promise<void>;
  /** Deletes every record (the history was cleared). */
  clear(): Promise<void>;
}

/** `folder` is the marks' own folder (`<dataDir>/last-export`, or the CLI's). */
export function createLastExportStore(folder: string, log: Pick<Logger, 'warn'>): LastExportStore {
  const fileOf = (environment: Environment, externalId?: string) =>
    join(folder, markFileName(environment, externalId));

  return {
    folder,
    async read(environment, externalId) {
      const file = fileOf(environment, externalId);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          log.warn(`last export mark unreadable: ${file}`, error);
        }
        return null;
      }
      try {
        const record = recordSchema.parse(JSON.parse(text));
        // A file holding another key's record (copied by hand?) must not stand in for this one.
        if (record.environment !== environment || record.externalId !== externalId) {
          log.warn(`last export mark of another filter ignored: ${file}`);
          return null;
        }
        const { externalId: id, ...rest } = record;
        return { ...rest, ...(id === undefined ? {} : { externalId: id }) };
      } catch (error) {
        // A damaged mark is no mark: "since the last export" is then unavailable until the
        // next export writes a new one. Nothing is lost; it is said in the log.
        log.warn(`last export mark damaged, ignored: ${file}`, error);
        return null;
      }
    },
    async write(record) {
      // The folders above it as usual; its own 0700, the owner's (the umask can only narrow it).
      await mkdir(dirname(folder), { recursive: true });
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const { environment, externalId, day, finishedAt, userIds } = record;
      const body = {
        environment,
        ...(externalId === undefined ? {} : { externalId }),
        day,
        finishedAt,
        userIds,
      };
      // writeFileAtomic creates the file 0600 and renames it into place.
      await writeFileAtomic(fileOf(environment, externalId), `${JSON.stringify(body)}\n`);
    },
    async clear() {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch {
        return;
      }
      for (const name of names) {
        if (/^[0-9a-f]{32}\.json$/.test(name)) await rm(join(folder, name), { force: true });
      }
      // A write cut short by a kill leaves its temporary file, with IDs in it: gone too.
      await removeLeftovers(folder);
    },
  };
}
