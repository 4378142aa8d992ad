// The words of the export notification, in the person's language. Pure: no electron import,
// so it is unit-tested under Node.
import type { ExportNotice } from '../backend/platform.ts';
import { type ShellStrings, shellMessage } from './shell-strings.ts';

/** The notification's words for `notice`, in the language of `strings`. Pure, for tests. */
export function exportNotificationText(
  strings: ShellStrings,
  notice: ExportNotice,
): { title: string; body: string } {
  const { locale } = strings;
  if (notice.kind === 'export_done') {
    return {
      title: shellMessage(locale, 'shell_export_done_title', {}),
      body: shellMessage(locale, 'shell_export_done_body', {
        count: notice.rows,
        fileName: notice.fileName,
      }),
    };
  }
  return {
    title: shellMessage(locale, 'shell_export_failed_title', {}),
    body: shellMessage(locale, 'shell_export_failed_body', { count: notice.rowsDone }),
  };
}
