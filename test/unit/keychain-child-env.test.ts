// The CLI's keychain child gets only what the keychain needs, on each OS, and never a
// PALENCA_* variable (the key itself may be in PALENCA_API_KEY).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keychainChildEnv } from '../../electron/cli/keychain-child-env.ts';

/** A parent environment with a bit of everything. */
const PARENT = {
  PATH: '/usr/bin:/bin',
  Path: 'C:\\Windows\\system32',
  HOME: '/home/ana',
  USER: 'ana',
  TMPDIR: '/var/folders/xy/T/',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
  XDG_RUNTIME_DIR: '/run/user/1000',
  SystemRoot: 'C:\\Windows',
  USERPROFILE: 'C:\\Users\\ana',
  APPDATA: 'C:\\Users\\ana\\AppData\\Roaming',
  LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local',
  PALENCA_API_KEY: 'sk_live_must_not_pass_Qw81',
  PALENCA_API_URL: 'http://127.0.0.1:9/v1',
  PALENCA_KEYCHAIN_SERVICE: 'x',
  NODE_OPTIONS: '--require /tmp/evil.cjs',
  HTTPS_PROXY: 'http://user:password@proxy:8080',
  DISPLAY: ':0',
  LANG: 'es_MX.UTF-8',
  SECRET_TOKEN: 'nope',
};

describe('the keychain child environment', () => {
  test('Linux: PATH, HOME, the session bus and the runtime folder only', () => {
    assert.deepEqual(keychainChildEnv(PARENT, 'linux'), {
      PATH: '/usr/bin:/bin',
      HOME: '/home/ana',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
      XDG_RUNTIME_DIR: '/run/user/1000',
    });
  });

  test('macOS: PATH, HOME, USER and TMPDIR only', () => {
    assert.deepEqual(keychainChildEnv(PARENT, 'darwin'), {
      PATH: '/usr/bin:/bin',
      HOME: '/home/ana',
      USER: 'ana',
      TMPDIR: '/var/folders/xy/T/',
    });
  });

  test('Windows: PATH (whatever its case), SystemRoot and the profile folders only', () => {
    const { PATH: _unixPath, ...windowsParent } = PARENT;
    assert.deepEqual(keychainChildEnv(windowsParent, 'win32'), {
      Path: 'C:\\Windows\\system32',
      SystemRoot: 'C:\\Windows',
      USERPROFILE: 'C:\\Users\\ana',
      APPDATA: 'C:\\Users\\ana\\AppData\\Roaming',
      LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local',
    });
    // Case does not let anything else in either.
    const odd = keychainChildEnv({ systemroot: 'C:\\W', palenca_api_key: 'k' }, 'win32');
    assert.deepEqual(odd, { systemroot: 'C:\\W' });
  });

  test('other Unix systems get the Linux list', () => {
    assert.deepEqual(
      Object.keys(keychainChildEnv(PARENT, 'freebsd')).sort(),
      ['DBUS_SESSION_BUS_ADDRESS', 'HOME', 'PATH', 'XDG_RUNTIME_DIR'].sort(),
    );
  });

  test('never a PALENCA_* variable, NODE_OPTIONS, a proxy login or anything unlisted', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const env = keychainChildEnv(PARENT, platform);
      for (const name of Object.keys(env)) {
        assert.doesNotMatch(name, /^PALENCA_|^NODE_OPTIONS$|PROXY|DISPLAY|LANG|SECRET/i, name);
      }
      assert.ok(!JSON.stringify(env).includes('sk_live_must_not_pass_Qw81'), platform);
    }
  });

  test('a variable that is not set is not passed as empty', () => {
    assert.deepEqual(keychainChildEnv({ PATH: '/bin', HOME: undefined }, 'linux'), {
      PATH: '/bin',
    });
  });
});
