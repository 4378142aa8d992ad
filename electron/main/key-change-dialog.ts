// The native question before a stored key is replaced or removed, in the person's language.
// Pure (no electron import): electron-platform.ts shows it with dialog.showMessageBox, and
// unit tests read it. The safe answer, Cancel, is the default and what Escape gives.

import type { Environment } from '#common/models.ts';
import type { KeyChange } from '../backend/platform.ts';
import { type ShellStrings, shellMessage } from './shell-strings.ts';

export interface KeyChangeDialog {
  type: 'warning';
  title: string;
  message: string;
  detail: string;
  /** [the change, Cancel]: response 0 is the person's yes. */
  buttons: [string, string];
  defaultId: 1;
  cancelId: 1;
  noLink: true;
}

export function keyChangeDialog(
  strings: ShellStrings,
  kind: KeyChange,
  environment: Environment,
): KeyChangeDialog {
  const remove = kind === 'remove';
  return {
    type: 'warning',
    title: strings.appName,
    message: shellMessage(
      strings.locale,
      remove ? 'shell_key_remove_message' : 'shell_key_replace_message',
      { environment },
    ),
    detail: remove ? strings.keyRemoveDetail : strings.keyReplaceDetail,
    buttons: [remove ? strings.keyRemoveButton : strings.keyReplaceButton, strings.cancel],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/** Whether the dialog's answer is yes. */
export const agreedToKeyChange = (response: number): boolean => response === 0;
