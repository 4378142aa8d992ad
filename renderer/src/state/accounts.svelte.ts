// The side panel: whose accounts are shown, and their loading/error state.
import type { Environment, UserAccounts } from '../../../electron/shared/models.ts';
import type { AppError } from '../../../electron/shared/result.ts';
import { CancellableCall } from '../lib/cancellable-call.ts';

class AccountsState {
  userId = $state<string | null>(null);
  data = $state.raw<UserAccounts | null>(null);
  loading = $state(false);
  error = $state<AppError | null>(null);
  /** The person stopped waiting for Palenca's allowance: nothing loaded, nothing wrong. */
  stopped = $state(false);
  #environment = $state<Environment>('sandbox');
  #sequence = 0;
  /** Names the call in flight, so a wait for Palenca's allowance can be cancelled. */
  readonly #call = new CancellableCall();

  /** The environment of the user whose accounts are shown. */
  get environment(): Environment {
    return this.#environment;
  }

  async open(environment: Environment, userId: string): Promise<void> {
    this.#environment = environment;
    this.userId = userId;
    await this.load();
  }

  async load(): Promise<void> {
    const userId = this.userId;
    if (!userId) return;
    const sequence = ++this.#sequence;
    const requestId = this.#call.begin();
    this.loading = true;
    this.error = null;
    this.stopped = false;
    this.data = null;
    const result = await window.palenca.getUserAccounts({
      environment: this.#environment,
      userId,
      requestId,
    });
    if (sequence !== this.#sequence) return;
    this.#call.end();
    this.loading = false;
    if (result.ok) this.data = result.value;
    else if (result.error.code === 'cancelled') this.stopped = true;
    else this.error = result.error;
  }

  /** The person stops waiting for these accounts. */
  cancelWait(): void {
    this.#call.cancel();
  }

  close(): void {
    this.#sequence++;
    this.#call.cancel();
    this.userId = null;
    this.data = null;
    this.error = null;
    this.stopped = false;
    this.loading = false;
  }
}

export const accounts = new AccountsState();
