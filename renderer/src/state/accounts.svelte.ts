// The side panel: whose accounts are shown, and their loading/error state.
import type { Environment, UserAccounts } from '../../../electron/shared/models.ts';
import type { AppError } from '../../../electron/shared/result.ts';

class AccountsState {
  userId = $state<string | null>(null);
  data = $state.raw<UserAccounts | null>(null);
  loading = $state(false);
  error = $state<AppError | null>(null);
  #environment: Environment = 'sandbox';
  #sequence = 0;

  async open(environment: Environment, userId: string): Promise<void> {
    this.#environment = environment;
    this.userId = userId;
    await this.load();
  }

  async load(): Promise<void> {
    const userId = this.userId;
    if (!userId) return;
    const sequence = ++this.#sequence;
    this.loading = true;
    this.error = null;
    this.data = null;
    const result = await window.palenca.getUserAccounts({ environment: this.#environment, userId });
    if (sequence !== this.#sequence) return;
    this.loading = false;
    if (result.ok) this.data = result.value;
    else this.error = result.error;
  }

  close(): void {
    this.#sequence++;
    this.userId = null;
    this.data = null;
    this.error = null;
    this.loading = false;
  }
}

export const accounts = new AccountsState();
