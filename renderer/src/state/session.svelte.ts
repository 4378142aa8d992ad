// Which screen is showing, which environment is in use, and which keys are stored.
import { type AppInfo, ENVIRONMENTS, type Environment, type KeyStatuses } from '#common/models.ts';
import type { AppError } from '#common/result.ts';
import { i18n } from '../i18n/i18n.svelte.ts';
import { settings } from './settings.svelte.ts';

export type Screen = 'loading' | 'welcome' | 'main' | 'settings' | 'failed';

class Session {
  screen = $state<Screen>('loading');
  appInfo = $state<AppInfo | null>(null);
  keys = $state<KeyStatuses | null>(null);
  environment = $state<Environment>('sandbox');
  startError = $state<AppError | null>(null);
  /** Set when leaving Settings, so the main screen puts the focus back on its Settings button. */
  returnFromSettings = false;

  /** The environments that have a stored key, in a fixed order. */
  readonly withKey = $derived(ENVIRONMENTS.filter((env) => this.keys?.[env].hasKey));

  async start(): Promise<void> {
    this.screen = 'loading';
    const [info, keys, settingsError] = await Promise.all([
      window.palenca.getAppInfo(),
      window.palenca.getKeyStatuses(),
      settings.load(),
    ]);
    if (info.ok) this.appInfo = info.value;
    await i18n.use(
      settings.current?.locale ?? null,
      this.appInfo?.systemLocale ?? navigator.language,
    );
    const failure = settingsError ?? (keys.ok ? null : keys.error);
    if (failure || !keys.ok) {
      this.startError = failure;
      this.screen = 'failed';
      return;
    }
    this.startError = null;
    this.applyKeys(keys.value, settings.current?.environment ?? 'sandbox');
  }

  /** After keys change: stay on `preferred` when it has a key, else the first that does. */
  applyKeys(keys: KeyStatuses, preferred: Environment = this.environment): void {
    this.keys = keys;
    const usable = ENVIRONMENTS.filter((env) => keys[env].hasKey);
    const next = usable.includes(preferred) ? preferred : usable[0];
    if (!next) {
      this.screen = 'welcome';
      return;
    }
    this.environment = next;
    if (this.screen === 'loading' || this.screen === 'welcome' || this.screen === 'failed') {
      this.screen = 'main';
    }
  }

  async switchEnvironment(environment: Environment): Promise<void> {
    if (environment === this.environment) return;
    this.environment = environment;
    await settings.remember({ environment });
  }
}

export const session = new Session();
