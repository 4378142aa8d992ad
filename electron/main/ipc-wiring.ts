// Registers one IPC handler per call of the contract and forwards events to the window.
// Every call is checked to come from the app's own page in the app's own window.
import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import {
  CALL_NAMES,
  callChannel,
  type EventName,
  type EventPayloads,
  eventChannel,
} from '#common/contract.ts';
import { fail } from '#common/result.ts';
import type { Dispatch } from '../backend/dispatch.ts';
import type { Logger } from '../backend/log.ts';
import { isTrustedSenderFacts } from './security/trusted-sender.ts';

/** `devOrigin`: the dev server's origin under `npm run dev` (security/dev-server.ts), else null. */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: BrowserWindow | null,
  devOrigin: string | null = null,
): boolean {
  const frame = event.senderFrame;
  const ours = !!window && !window.isDestroyed() && event.sender === window.webContents;
  return isTrustedSenderFacts(
    {
      isOurWebContents: ours,
      // Only the top frame of our own page: never an iframe, never a page navigated elsewhere.
      isTopFrame: !!frame && frame.parent === null,
      frameUrl: frame?.url,
    },
    devOrigin,
  );
}

export function wireIpc(
  dispatch: Dispatch,
  getWindow: () => BrowserWindow | null,
  log: Logger,
  devOrigin: string | null = null,
) {
  for (const name of CALL_NAMES) {
    // The handler hands the backend only the validated arguments, never the IPC event.
    ipcMain.handle(callChannel(name), (event, args: unknown) => {
      if (!isTrustedSender(event, getWindow(), devOrigin)) {
        log.warn(`refused IPC call ${name} from ${event.senderFrame?.url ?? 'unknown frame'}`);
        return fail('bad_input', 'This request did not come from the app.');
      }
      return dispatch(name, args);
    });
  }
}

export function emitToWindow(getWindow: () => BrowserWindow | null) {
  return <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    const window = getWindow();
    if (window && !window.isDestroyed()) window.webContents.send(eventChannel(event), payload);
  };
}
