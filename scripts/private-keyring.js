// Runs a command inside a private keyring (scripts/with-keyring.sh) where one can be made: on
// Linux with dbus-run-session and gnome-keyring-daemon, unless already inside one. Elsewhere
// (macOS, Windows, a Linux without them) the command runs as it is, on the system keychain.
// `node scripts/private-keyring.js <command> [args...]` exits with the command's status.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function privateKeyringCommand(command, args) {
  const wrap =
    process.platform === 'linux' &&
    !process.env.PALENCA_KEYRING_READY &&
    spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'])
      .status === 0;
  return wrap ? ['scripts/with-keyring.sh', [command, ...args], true] : [command, args, false];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('Usage: node scripts/private-keyring.js <command> [args...]');
    process.exit(2);
  }
  const [file, fileArgs] = privateKeyringCommand(command, args);
  const result = spawnSync(file, fileArgs, { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
