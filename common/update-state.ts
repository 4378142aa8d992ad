// What the app's updater is doing, as the window sees it: the `update` event carries it, and
// `getUpdateState` answers with it (a window that loads after the news still shows it).
//
// - `off`: this copy cannot update itself (a development run, the .deb, an unsigned Mac
//   build…); the Help menu says why;
// - `idle`: updates are on and nothing has been checked yet;
// - `checking`, `downloading`: a newer version is being looked for, or fetched in the background;
// - `none`: the last check found nothing newer;
// - `ready`: `version` is downloaded and installs when the person chooses "Restart to update";
// - `failed`: the last check or download did not work (offline…); logged, never shown as a
//   problem, tried again at the next daily check.
export type UpdateState =
  | { state: 'off' }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'none' }
  | { state: 'downloading'; version: string }
  | { state: 'ready'; version: string }
  | { state: 'failed' };

export const UPDATES_OFF: UpdateState = { state: 'off' };
