// Decides whether an IPC call may run: only from the top frame of the app's own window,
// showing the app's own page (checklist item 17). Pure, so it is unit-tested under Node;
// ipc-wiring.ts gathers the facts from Electron's event. Under `npm run dev` the page is the
// dev server's (dev-server.ts).
import { isPageUrl } from './navigation-policy.ts';

export interface SenderFacts {
  /** The call came from the webContents of the app's main window (not some other one). */
  isOurWebContents: boolean;
  /** The calling frame is the top frame (not an iframe). */
  isTopFrame: boolean;
  /** The URL of the calling frame, when known. */
  frameUrl: string | null | undefined;
}

/** `devOrigin`: the dev server's origin, from devServerOrigin (null when packaged). */
export const isTrustedSenderFacts = (
  facts: SenderFacts,
  devOrigin: string | null = null,
): boolean =>
  facts.isOurWebContents &&
  facts.isTopFrame &&
  typeof facts.frameUrl === 'string' &&
  isPageUrl(facts.frameUrl, devOrigin);
