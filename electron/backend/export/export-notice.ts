// When a finished or failed export is worth an OS notification: only a long one (the person
// has likely turned to something else), only while the window is in the background, and
// never for a cancel (the person did it). The shell chooses the words.
import { basename } from 'node:path';
import type { Result } from '#common/result.ts';
import type { ExportNotice, PlatformBridge } from '../platform.ts';

/** Exports shorter than this end in front of the person: no notification. */
export const LONG_EXPORT_MS = 30_000;

/** The notice for an export's outcome, or null when there is nothing to tell. */
export function exportNoticeFor(
  outcome: Result<{ rows: number }>,
  target: string,
  rowsDone: number,
): ExportNotice | null {
  if (outcome.ok)
    return { kind: 'export_done', rows: outcome.value.rows, fileName: basename(target) };
  if (outcome.error.code === 'cancelled') return null;
  return { kind: 'export_failed', rowsDone, code: outcome.error.code };
}

/** Sends `notice` when the export took at least `longMs` and the window is not focused. */
export function notifyIfAway(
  platform: PlatformBridge,
  notice: ExportNotice | null,
  elapsedMs: number,
  longMs: number,
): boolean {
  if (!notice || elapsedMs < longMs || !platform.notify) return false;
  try {
    if (platform.isWindowFocused?.() ?? true) return false;
    platform.notify(notice);
    return true;
  } catch {
    // A notification is a courtesy: failing to show one never changes the export's outcome.
    return false;
  }
}
