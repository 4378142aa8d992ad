// The settings file as the renderer sees it: read once at start, changed through
// `updateSettings`, so environment, filters, page size and options survive a restart.
import type { CallArgs } from '../../../electron/shared/contract.ts';
import type { Settings } from '../../../electron/shared/models.ts';
import type { AppError } from '../../../electron/shared/result.ts';

class SettingsState {
  current = $state<Settings | null>(null);

  async load(): Promise<AppError | null> {
    const result = await window.palenca.getSettings();
    if (!result.ok) return result.error;
    this.current = result.value;
    return null;
  }

  async update(patch: CallArgs<'updateSettings'>): Promise<AppError | null> {
    const result = await window.palenca.updateSettings(patch);
    if (!result.ok) return result.error;
    this.current = result.value;
    return null;
  }
}

export const settings = new SettingsState();
