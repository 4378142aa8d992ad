// The KeyStore over keytar (macOS Keychain, Windows Credential Manager, Linux Secret Service).
// keytar is loaded on first use, so a broken native module is an error value, not a crash at
// startup; and every call has a time limit, because a keychain that never answers (a locked
// keyring waiting for a prompt nobody sees) must not leave the person waiting.
import { createRequire } from 'node:module';
import type { Environment } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import { KEYCHAIN_SERVICE, type KeyStore } from './key-store.ts';
import { GATE_TIMED_OUT, throughGate } from './keytar-gate.ts';

/** The three keytar functions we use; the whole module is never handed around. */
interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarStoreOptions {
  /** Only tests change this, so parallel test files do not share items. */
  service?: string;
  /** Per call. The person must see an answer within 5 s. */
  timeoutMs?: number;
  /** Chooses the wording of the "what to do" messages. */
  platform?: NodeJS.Platform;
  /**
   * Told when a call that had already answered `keychain_timeout` finally returns, e.g. a save
   * the person was told may not have happened. The next status read shows the truth anyway.
   */
  onLateResult?: (operation: KeytarOperation, environment: Environment, succeeded: boolean) => void;
  /** How keytar is loaded; tests hand in a module that fails first, then loads. */
  loadKeytar?: () => Keytar;
}

/**
 * keytar through `require`, not `import()`: a module whose loading threw is dropped from
 * require's cache, so "try again" really loads it again (after the person installs libsecret,
 * say), while a failed `import()` stays failed until the app restarts.
 */
const requireKeytar = (): Keytar => {
  const mod = createRequire(import.meta.url)('keytar') as Keytar & { default?: Keytar };
  return mod.default ?? mod;
};

export type KeytarOperation = 'get' | 'set' | 'delete';

const unlockHint = (platform: NodeJS.Platform): string => {
  if (platform === 'darwin') return 'Open Keychain Access, unlock the login keychain';
  if (platform === 'win32') return 'Make sure you are signed in to Windows normally';
  return 'Make sure a keyring such as GNOME Keyring or KWallet is running and unlocked';
};

const timeoutError = (platform: NodeJS.Platform) =>
  fail('keychain_timeout', `The keychain did not answer. ${unlockHint(platform)}, then try again.`);

// The call may still finish after we stopped waiting, so "not saved" would not be certain.
const saveTimeoutError = (platform: NodeJS.Platform) =>
  fail(
    'keychain_timeout',
    `The keychain did not answer, so the key may not have been saved. ${unlockHint(platform)}, then check the key's status.`,
  );

/** The answer when the keychain did not answer in time; a save may still happen later. */
export const keychainTimeoutError = (
  operation: KeytarOperation,
  platform: NodeJS.Platform = process.platform,
) => (operation === 'set' ? saveTimeoutError(platform) : timeoutError(platform));

/** Turns a keytar failure into a message that says what to do. */
function unavailableError(platform: NodeJS.Platform, cause: unknown, secret?: string) {
  let detail = cause instanceof Error ? cause.message : String(cause);
  // keytar's messages come from the OS and should not echo the password, but be sure.
  if (secret) detail = detail.split(secret).join('[redacted]');
  const text = detail.toLowerCase();
  let message: string;
  if (
    platform === 'linux' &&
    /could not connect|autolaunch|dbus|d-bus|not provided by any|secrets|no such (file|interface)/.test(
      text,
    )
  ) {
    message =
      'No keychain is available. Start a keyring such as GNOME Keyring or KWallet, unlock it, then try again.';
  } else if (/denied|cancel|not allowed|interaction|locked|passphrase|authoriz/.test(text)) {
    message = `The keychain refused access. ${unlockHint(platform)}, allow Palenca Users to use it, then try again.`;
  } else {
    message = `The keychain could not be used. ${unlockHint(platform)}, then try again.`;
  }
  return fail('keychain_unavailable', message, { detail });
}

export function createKeytarStore(options: KeytarStoreOptions = {}): KeyStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? 4000;
  const platform = options.platform ?? process.platform;
  const loadKeytar = options.loadKeytar ?? requireKeytar;
  let loaded: Keytar | null = null;

  // Synchronous, so nothing is cached but a success: every call after a failure tries again.
  const load = (): Result<Keytar> => {
    if (loaded) return ok(loaded);
    try {
      loaded = loadKeytar();
      return ok(loaded);
    } catch (error) {
      return fail(
        'keychain_unavailable',
        'The app could not load its keychain component. Reinstall Palenca Users, or ask IT for help.',
        { detail: error instanceof Error ? error.message : String(error) },
      );
    }
  };

  /** Loads keytar and runs one call through the gate, within the time limit; never throws. */
  async function run<T>(
    operation: KeytarOperation,
    environment: Environment,
    call: (keytar: Keytar) => Promise<T>,
    secret?: string,
  ): Promise<Result<T>> {
    const work = async (): Promise<Result<T>> => {
      const keytar = load();
      if (!keytar.ok) return keytar;
      try {
        return ok(await call(keytar.value));
      } catch (error) {
        return unavailableError(platform, error, secret);
      }
    };
    const outcome = await throughGate(work, timeoutMs, (late) => {
      options.onLateResult?.(operation, environment, late.ok && (late.value as Result<T>).ok);
    });
    return outcome === GATE_TIMED_OUT ? keychainTimeoutError(operation, platform) : outcome;
  }

  return {
    get: (environment: Environment) =>
      run('get', environment, (k) => k.getPassword(service, environment)),
    set: (environment, key) =>
      run(
        'set',
        environment,
        async (k) => {
          await k.setPassword(service, environment, key);
          return null;
        },
        key,
      ),
    delete: (environment) =>
      run('delete', environment, (k) => k.deletePassword(service, environment)),
    has: async (environment) => {
      const value = await run('get', environment, (k) => k.getPassword(service, environment));
      return value.ok ? ok(value.value !== null) : value;
    },
  };
}
