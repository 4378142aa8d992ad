// A packaged app refuses to start with a remote-debugging switch: with one, any local program
// could drive the window, read the page and call the contract (and so use the stored key).
// Development builds keep them for debugging. Pure, so it is unit-tested under Node.

/** Chromium's and Node's switches that open the app to a debugger. */
export const DEBUG_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'inspect',
  'inspect-brk',
  'inspect-port',
] as const;

/** The debugging switches a start must refuse: none unless packaged. */
export function refusedDebugSwitches(
  isPackaged: boolean,
  hasSwitch: (name: string) => boolean,
): string[] {
  return isPackaged ? DEBUG_SWITCHES.filter((name) => hasSwitch(name)) : [];
}
