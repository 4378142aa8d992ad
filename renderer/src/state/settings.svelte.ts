// The settings file as the renderer sees it: read once at start, changed through
// `updateSettings`, so environment, filters, page size and options survive a restart.
import type { CallArgs } from '#common/contract.ts';
import { type AllowanceShare, DEFAULT_ALLOWANCE_SHARE, type Settings } from '#common/models.ts';
import type { AppError } from '#common/result.ts';

class SettingsState {
  #current = $state<Settings | null>(null);
  #rememberError = $state<AppError | null>(null);

  get current(): Settings | null {
    return this.#current;
  }

  /** A choice saved in the background (filters, page size, environment) that did not stick. */
  get rememberError(): AppError | null {
    return this.#rememberError;
  }

  async load(): Promise<AppError | null> {
    const result = await window.palenca.getSettings();
    if (!result.ok) return result.error;
    this.#current = result.value;
    return null;
  }

  /** Saves a change the person made on purpose; the caller shows the error next to it. */
  async update(patch: CallArgs<'updateSettings'>): Promise<AppError | null> {
    const result = await window.palenca.updateSettings(patch);
    if (!result.ok) return result.error;
    this.#current = result.value;
    return null;
  }

  /** How much of the organisation's Palenca allowance the app may use (percent). */
  get allowanceShare(): AllowanceShare {
    return this.#current?.allowanceShare ?? DEFAULT_ALLOWANCE_SHARE;
  }

  /** The person chose another share of the allowance; saved at once, the error returned. */
  chooseAllowanceShare(share: AllowanceShare): Promise<AppError | null> {
    return this.update({ allowanceShare: share });
  }

  /** The person closed the message that a choice was not remembered. */
  dismissRememberError(): void {
    this.#rememberError = null;
  }

  /** Saves a choice for next time without holding anything up; a failure is kept to show. */
  async remember(patch: CallArgs<'updateSettings'>): Promise<void> {
    const error = await this.update(patch);
    this.#rememberError = error;
  }
}

export const settings = new SettingsState();
