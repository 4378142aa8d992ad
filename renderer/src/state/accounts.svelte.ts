// The side panel: whose accounts are shown, and their loading/error state; and, per account,
// Palenca's own details, asked for only when the person opens them (one request each).
import type { AccountDetails, Environment, UserAccounts } from '#common/models.ts';
import type { AppError } from '#common/result.ts';
import { CancellableCall } from '../lib/cancellable-call.ts';

/** One account's details as loaded so far. */
export interface DetailsState {
  loading: boolean;
  data: AccountDetails | null;
  error: AppError | null;
  /** The person stopped waiting for Palenca's allowance. */
  stopped: boolean;
}

class AccountsState {
  #userId = $state<string | null>(null);
  #externalId = $state<string | null>(null);
  #widgetId = $state<string | null>(null);
  #data = $state.raw<UserAccounts | null>(null);
  #loading = $state(false);
  #error = $state<AppError | null>(null);
  #stopped = $state(false);
  #details = $state<Record<string, DetailsState>>({});
  #environment = $state<Environment>('sandbox');
  #sequence = 0;
  /** Names the call in flight, so a wait for Palenca's allowance can be cancelled. */
  readonly #call = new CancellableCall();
  /** Per account: its call in flight, and which load is the latest (an older answer is ignored). */
  readonly #detailCalls = new Map<string, { call: CancellableCall; latest: number }>();

  get userId(): string | null {
    return this.#userId;
  }

  /** The row's external ID, shown with the user ID in the panel's header. */
  get externalId(): string | null {
    return this.#externalId;
  }

  /** The row's widget ID: with the external ID, it makes the link to reconnect. */
  get widgetId(): string | null {
    return this.#widgetId;
  }

  get data(): UserAccounts | null {
    return this.#data;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get error(): AppError | null {
    return this.#error;
  }

  /** The person stopped waiting for Palenca's allowance: nothing loaded, nothing wrong. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Details by account id; an account is absent until the person opens its details. */
  get details(): Readonly<Record<string, Readonly<DetailsState>>> {
    return this.#details;
  }

  /** The environment of the user whose accounts are shown. */
  get environment(): Environment {
    return this.#environment;
  }

  async open(
    environment: Environment,
    userId: string,
    externalId: string | null = null,
    widgetId: string | null = null,
  ) {
    this.#environment = environment;
    this.#userId = userId;
    this.#externalId = externalId;
    this.#widgetId = widgetId;
    await this.load();
  }

  async load(): Promise<void> {
    const userId = this.#userId;
    if (!userId) return;
    const sequence = ++this.#sequence;
    this.#forgetDetails();
    const requestId = this.#call.begin();
    this.#loading = true;
    this.#error = null;
    this.#stopped = false;
    this.#data = null;
    const result = await window.palenca.getUserAccounts({
      environment: this.#environment,
      userId,
      requestId,
    });
    if (sequence !== this.#sequence) return;
    this.#call.end();
    this.#loading = false;
    if (result.ok) this.#data = result.value;
    else if (result.error.code === 'cancelled') this.#stopped = true;
    else this.#error = result.error;
  }

  /**
   * Loads one account's details, once: opening them again shows what was loaded. Each is one
   * request, paced like every interactive call.
   */
  async loadDetails(accountId: string, again = false): Promise<void> {
    const known = this.#details[accountId];
    if (known && !again && (known.loading || known.data)) return;
    const sequence = this.#sequence;
    const entry = this.#detailCalls.get(accountId) ?? { call: new CancellableCall(), latest: 0 };
    this.#detailCalls.set(accountId, entry);
    const mine = ++entry.latest;
    const requestId = entry.call.begin();
    this.#details[accountId] = { loading: true, data: null, error: null, stopped: false };
    const result = await window.palenca.getAccountDetails({
      environment: this.#environment,
      accountId,
      requestId,
    });
    if (sequence !== this.#sequence || mine !== entry.latest) return;
    entry.call.end();
    this.#details[accountId] = {
      loading: false,
      data: result.ok ? result.value : null,
      error: !result.ok && result.error.code !== 'cancelled' ? result.error : null,
      stopped: !result.ok && result.error.code === 'cancelled',
    };
  }

  /** The person stops waiting for these accounts. */
  cancelWait(): void {
    this.#call.cancel();
  }

  /** The person stops waiting for one account's details. */
  cancelDetails(accountId: string): void {
    this.#detailCalls.get(accountId)?.call.cancel();
  }

  close(): void {
    this.#sequence++;
    this.#call.cancel();
    this.#forgetDetails();
    this.#userId = null;
    this.#externalId = null;
    this.#widgetId = null;
    this.#data = null;
    this.#error = null;
    this.#stopped = false;
    this.#loading = false;
  }

  #forgetDetails(): void {
    for (const { call } of this.#detailCalls.values()) call.cancel();
    this.#detailCalls.clear();
    this.#details = {};
  }
}

export const accounts = new AccountsState();
