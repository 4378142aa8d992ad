// What Help → Check for Updates… says, in the person's language: plain data for
// dialog.showMessageBox, so every answer is unit-tested without Electron.
import type { UpdateState } from '#common/update-state.ts';
import type { ShellStrings } from '../shell-strings.ts';
import type { UpdatesOffReason } from './update-policy.ts';

export interface UpdateDialog {
  type: 'info' | 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

/** Why this copy cannot update itself, in one sentence. */
export function offReasonText(strings: ShellStrings, reason: UpdatesOffReason): string {
  switch (reason) {
    case 'development':
      return strings.updatesOffDevelopment;
    case 'system_package':
      return strings.updatesOffSystemPackage;
    case 'not_appimage':
      return strings.updatesOffNotAppImage;
    case 'no_feed':
      return strings.updatesOffNoFeed;
    case 'disabled_in_build':
    case 'unsupported_platform':
      return strings.updatesOffBuild;
  }
}

/**
 * "This copy cannot update itself", why, and where the newest version is: the releases page
 * when the build names one (then its first button opens it), else the IT department.
 */
export function updatesOffDialog(
  strings: ShellStrings,
  reason: UpdatesOffReason,
  downloadPage: string | null,
): UpdateDialog & { openPageButton: number | null } {
  const where = downloadPage
    ? `${strings.updatesOffDownload}\n${downloadPage}`
    : strings.updatesOffAskIt;
  const buttons = downloadPage ? [strings.updatesOpenPage, strings.ok] : [strings.ok];
  return {
    type: 'info',
    title: strings.updatesTitle,
    message: strings.updatesOffMessage,
    detail: `${offReasonText(strings, reason)}\n\n${where}`,
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
    openPageButton: downloadPage ? 0 : null,
  };
}

/**
 * The answer to a check the person asked for. `ready` offers "Restart to update" (its first
 * button) next to "Later"; the others only say how things are.
 */
export function updateCheckDialog(
  strings: ShellStrings,
  state: UpdateState,
  runningVersion: string,
): UpdateDialog & { restartButton: number | null } {
  const base = {
    type: 'info' as const,
    title: strings.updatesTitle,
    buttons: [strings.ok],
    defaultId: 0,
    cancelId: 0,
    noLink: true as const,
    restartButton: null,
  };
  switch (state.state) {
    case 'ready':
      return {
        ...base,
        message: strings.updatesReadyMessage,
        detail: `${strings.appName} ${state.version}\n\n${strings.updatesReadyDetail}`,
        buttons: [strings.updatesRestart, strings.updatesLater],
        cancelId: 1,
        restartButton: 0,
      };
    case 'downloading':
      return {
        ...base,
        message: strings.updatesDownloadingMessage,
        detail: `${strings.appName} ${state.version}\n\n${strings.updatesDownloadingDetail}`,
      };
    case 'none':
      return {
        ...base,
        message: strings.updatesNoneMessage,
        detail: `${strings.appName} ${runningVersion}`,
      };
    default:
      // failed, or a state a check cannot end in: the check did not give an answer.
      return {
        ...base,
        type: 'warning',
        message: strings.updatesFailedMessage,
        detail: strings.updatesFailedDetail,
      };
  }
}

/** "Restart to update" was chosen while an export runs: it waits. */
export function exportRunningDialog(strings: ShellStrings): UpdateDialog {
  return {
    type: 'info',
    title: strings.updatesTitle,
    message: strings.updatesExportRunningMessage,
    detail: strings.updatesExportRunningDetail,
    buttons: [strings.ok],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}
