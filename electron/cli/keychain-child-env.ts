// The environment the CLI's keychain child gets: only what reaching the OS keychain needs, so
// it never sees PALENCA_API_KEY or anything else of the caller's. Node itself needs nothing
// from the environment to start; the parent's Node flags (`--import tsx` when run from
// source) travel as arguments (execArgv), not as NODE_OPTIONS, which is left out: it could
// load code into the process that holds the key.

/** Per OS, the variables the keychain needs. Anything else is dropped. */
export const KEYCHAIN_CHILD_ENV: Readonly<Record<'linux' | 'darwin' | 'win32', readonly string[]>> =
  {
    // libsecret reaches the Secret Service over the session bus: its address, or the runtime
    // folder where the default bus lives; HOME and PATH for the rest.
    linux: ['PATH', 'HOME', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'],
    // The login keychain is found through the user's home; TMPDIR is the per-user temp folder.
    darwin: ['PATH', 'HOME', 'USER', 'TMPDIR'],
    // Credential Manager needs the user's profile folders, and Windows its own folder.
    win32: ['PATH', 'SystemRoot', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA'],
  };

/**
 * The child's environment from the parent's: the allowed names for `platform` (other Unix
 * systems use Linux's list), never a `PALENCA_*` one. Windows names match whatever their case
 * (`Path`), as Windows itself treats them.
 */
export function keychainChildEnv(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): Record<string, string> {
  const allowed =
    platform === 'win32' || platform === 'darwin'
      ? KEYCHAIN_CHILD_ENV[platform]
      : KEYCHAIN_CHILD_ENV.linux;
  const fold = (name: string) => (platform === 'win32' ? name.toUpperCase() : name);
  const wanted = new Set(allowed.map(fold));
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !wanted.has(fold(name))) continue;
    if (/^PALENCA_/i.test(name)) continue;
    picked[name] = value;
  }
  return picked;
}
