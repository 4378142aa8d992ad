// Which screen is showing, which environment is in use, and which keys are stored; and what
// follows when a key is saved or removed, wherever the person did it (the welcome screen, the
// header's environment switch, Settings).
import { type AppInfo, ENVIRONMENTS, type Environment, type KeyStatuses } from '#common/models.ts';
import type { AppError } from '#common/result.ts';
import { i18n } from '../i18n/i18n.svelte.ts';
import { accounts } from './accounts.svelte.ts';
import { connections } from './connections.svelte.ts';
import { settings } from './settings.svelte.ts';
import { trend } from './trend.svelte.ts';
import { users } from './users.svelte.ts';

export type Screen = 'loading' | 'welcome' | 'main' | 'settings' | 'failed';

class Session {
  #screen = $state<Screen>('loading');
  #appInfo = $state<AppInfo | null>(null);
  #keys = $state<KeyStatuses | null>(null);
  #environment = $state<Environment>('sandbox');
  #startError = $state<AppError | null>(null);
  /** Set when leaving Settings, so the main screen puts the focus back on its Settings button. */
  #returnFromSettings = false;

  /** The environments that have a stored key, in a fixed order. */
  readonly withKey = $derived(ENVIRONMENTS.filter((env) => this.#keys?.[env].hasKey));

  get screen(): Screen {
    return this.#screen;
  }

  get appInfo(): AppInfo | null {
    return this.#appInfo;
  }

  get keys(): KeyStatuses | null {
    return this.#keys;
  }

  get environment(): Environment {
    return this.#environment;
  }

  /** Why the app could not start (shown with Retry on the `failed` screen). */
  get startError(): AppError | null {
    return this.#startError;
  }

  async start(): Promise<void> {
    this.#screen = 'loading';
    const [info, keys, settingsError] = await Promise.all([
      window.palenca.getAppInfo(),
      window.palenca.getKeyStatuses(),
      settings.load(),
    ]);
    if (info.ok) this.#appInfo = info.value;
    await i18n.use(
      settings.current?.locale ?? null,
      this.#appInfo?.systemLocale ?? navigator.language,
    );
    const failure = settingsError ?? (keys.ok ? null : keys.error);
    if (failure || !keys.ok) {
      this.#startError = failure;
      this.#screen = 'failed';
      return;
    }
    this.#startError = null;
    this.#applyKeys(keys.value, settings.current?.environment ?? 'sandbox');
  }

  openSettings(): void {
    this.#screen = 'settings';
  }

  /** Back from Settings to the users; not while no key is saved (there is nothing to show). */
  closeSettings(): void {
    if (this.withKey.length === 0) return;
    // A key added there may be the only one: the main screen opens on an environment that has one.
    if (this.#keys) this.#applyKeys(this.#keys);
    this.#returnFromSettings = true;
    this.#screen = 'main';
  }

  /** Whether the main screen was just reached from Settings; true once, then false. */
  takeReturnFromSettings(): boolean {
    const back = this.#returnFromSettings;
    this.#returnFromSettings = false;
    return back;
  }

  /**
   * The person chose another environment, or added a key to use it: nothing of the one on
   * screen stays, and its users load with the remembered filters.
   */
  async switchEnvironment(environment: Environment): Promise<void> {
    accounts.close();
    users.clear();
    users.restore();
    if (environment !== this.#environment) {
      this.#environment = environment;
      await settings.remember({ environment });
    }
    await users.search(environment);
  }

  /**
   * A key was saved for `environment` (the other one when the person took that offer). What
   * follows depends on where: the welcome screen opens the users of that environment, the
   * header's switch changes to it, Settings stays. An error is the key statuses' (the key is
   * saved; the caller shows it, and Retry calls this again).
   */
  async keySaved(environment: Environment): Promise<AppError | null> {
    this.#forgetLoadedData();
    const error = await this.refreshKeys();
    if (this.#screen === 'main') {
      // The person added it to use it, so the switch follows even when the statuses failed.
      void this.switchEnvironment(environment);
    } else if (this.#screen === 'welcome' && !error && this.#keys) {
      await settings.remember({ environment });
      this.#applyKeys(this.#keys, environment);
    }
    return error;
  }

  /**
   * Removes `environment`'s key. The app asks "Remove the key?" in its own window (a dialog from
   * main that the page cannot answer); "no" there is `cancelled`, and nothing changed.
   */
  async removeKey(environment: Environment): Promise<AppError | null> {
    const result = await window.palenca.removeKey({ environment });
    if (!result.ok) return result.error;
    this.#forgetLoadedData();
    this.#keys = result.value;
    // The person stays in Settings, even with no key left, and sees that no key is saved and
    // where to add one; with a key left, the environment in use is one that has a key.
    if (!result.value[this.#environment].hasKey && this.withKey.length > 0) {
      this.#applyKeys(result.value);
    }
    return null;
  }

  /** Asks again which keys are stored (a key saved unchecked may have been checked since). */
  async refreshKeys(): Promise<AppError | null> {
    const keys = await window.palenca.getKeyStatuses();
    if (!keys.ok) return keys.error;
    this.#keys = keys.value;
    return null;
  }

  /** After keys change: stay on `preferred` when it has a key, else the first that does. */
  #applyKeys(keys: KeyStatuses, preferred: Environment = this.#environment): void {
    this.#keys = keys;
    const usable = ENVIRONMENTS.filter((env) => keys[env].hasKey);
    const next = usable.includes(preferred) ? preferred : usable[0];
    if (!next) {
      this.#screen = 'welcome';
      return;
    }
    this.#environment = next;
    if (this.#screen === 'loading' || this.#screen === 'welcome' || this.#screen === 'failed') {
      this.#screen = 'main';
    }
  }

  /**
   * A key was saved, replaced or removed: what is on screen, and the trends cached, may belong
   * to another organisation, so everything loaded with the old key is dropped.
   */
  #forgetLoadedData(): void {
    accounts.close();
    users.clear();
    trend.clearCache();
    connections.clearCache();
  }
}

export const session = new Session();
