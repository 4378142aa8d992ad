// The unfinished reconcile, kept in the app's data folder so it resumes after a restart: the
// list, its environment, whether statuses were asked for, and the results so far. Never the
// key. Owner-only (0600) and written whole (temporary file + rename): a crash leaves the old
// file or the new, never half of one. A file that does not read as one of ours is renamed
// aside (`.corrupt`) and forgotten, so it can neither block nor confuse the next start.
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ACCOUNT_STATUS_GROUPS } from '#common/account-status.ts';
import {
  ENVIRONMENTS,
  type Environment,
  MAX_EXTERNAL_ID_LENGTH,
  MAX_RECONCILE_IDS,
  type ReconcileRow,
} from '#common/models.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import type { Logger } from '../log.ts';

/** The longest too-long ID kept: a list is at most 10 MB. */
const MAX_LIST_CHARS = 10 * 1024 * 1024;

export const PENDING_FILE_NAME = 'reconcile-pending.json';
export const PENDING_VERSION = 1;

export interface PendingReconcile {
  environment: Environment;
  withStatus: boolean;
  /** Distinct IDs, in the list's order. */
  ids: string[];
  /** Results so far, in the order they came. */
  results: ReconcileRow[];
  /** IDs too long to look up, kept for the results (absent in files of older versions). */
  tooLongIds?: string[];
  startedAt: string;
}

const externalId = z.string().min(1).max(MAX_EXTERNAL_ID_LENGTH);
const row = z.strictObject({
  externalId,
  found: z.boolean(),
  userIds: z.array(z.string().max(200)).max(200),
  widgetId: z.string().max(200).nullable(),
  accounts: z
    .array(
      z.strictObject({
        platform: z.string().max(200).nullable(),
        group: z.enum(ACCOUNT_STATUS_GROUPS),
      }),
    )
    .max(1000)
    .nullable(),
});
const fileSchema = z.strictObject({
  version: z.literal(PENDING_VERSION),
  environment: z.enum(ENVIRONMENTS),
  withStatus: z.boolean(),
  ids: z.array(externalId).min(1).max(MAX_RECONCILE_IDS),
  results: z.array(row).max(MAX_RECONCILE_IDS),
  // Optional: a file written before too-long IDs were kept still resumes.
  tooLongIds: z
    .array(
      z
        .string()
        .min(MAX_EXTERNAL_ID_LENGTH + 1)
        .max(MAX_LIST_CHARS),
    )
    .max(MAX_RECONCILE_IDS)
    .optional(),
  startedAt: z.string().max(100),
});

export const pendingPath = (dataDir: string) => join(dataDir, PENDING_FILE_NAME);

export async function savePending(dataDir: string, pending: PendingReconcile): Promise<void> {
  const content = JSON.stringify({ version: PENDING_VERSION, ...pending });
  // The data folder is made on first use (a first start may not have written settings yet).
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(pendingPath(dataDir), content);
}

export async function removePending(dataDir: string): Promise<void> {
  await rm(pendingPath(dataDir), { force: true });
}

/** The pending reconcile, or null when there is none (or it was unreadable and set aside). */
export async function loadPending(dataDir: string, log: Logger): Promise<PendingReconcile | null> {
  const path = pendingPath(dataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn('the pending reconcile could not be read', error);
    }
    return null;
  }
  const problem = (() => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return 'not JSON';
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) return parsed.error.issues[0]?.message ?? 'not a pending reconcile';
    const ids = new Set(parsed.data.ids);
    if (ids.size !== parsed.data.ids.length) return 'repeated IDs';
    if (parsed.data.results.some((r) => !ids.has(r.externalId))) return 'a result of no ID';
    return parsed.data;
  })();
  if (typeof problem !== 'string') {
    const { version: _version, ...pending } = problem;
    return pending;
  }
  log.warn(`the pending reconcile is unreadable (${problem}); set aside as .corrupt`);
  await rename(path, `${path}.corrupt`).catch((error) => {
    log.warn('setting the unreadable pending reconcile aside failed', error);
    return rm(path, { force: true }).catch(() => {});
  });
  return null;
}
