// The trend chart's data: loaded only when the view opens, cancelled when it is left or the
// search changes, and kept per environment and window so reopening the view is instant.
import type { Environment, Trend, UserFilter } from '../../../electron/shared/models.ts';
import type { AppError } from '../../../electron/shared/result.ts';

const keyOf = (environment: Environment, filter: UserFilter) =>
  JSON.stringify([environment, filter.from, filter.to, filter.externalId ?? '']);

class TrendState {
  data = $state.raw<Trend | null>(null);
  loading = $state(false);
  error = $state<AppError | null>(null);
  #key: string | null = null;
  #requestId: string | null = null;
  #cache = new Map<string, Trend>();

  async load(environment: Environment, filter: UserFilter): Promise<void> {
    const key = keyOf(environment, filter);
    if (key === this.#key && (this.loading || this.data)) return;
    this.cancel();
    this.#key = key;
    const cached = this.#cache.get(key);
    if (cached) {
      this.data = cached;
      this.error = null;
      return;
    }
    const requestId = crypto.randomUUID();
    this.#requestId = requestId;
    this.loading = true;
    this.error = null;
    this.data = null;
    const result = await window.palenca.loadTrend({ environment, filter, requestId });
    if (this.#requestId !== requestId) return;
    this.#requestId = null;
    this.loading = false;
    if (result.ok) {
      this.#cache.set(key, result.value);
      this.data = result.value;
    } else if (result.error.code !== 'cancelled') {
      this.error = result.error;
    }
  }

  /** Stops a load in flight, if any. */
  cancel(): void {
    const requestId = this.#requestId;
    this.#requestId = null;
    this.loading = false;
    this.#key = null;
    if (requestId) void window.palenca.cancelTrend({ requestId });
  }

  /** Forgets every cached trend: a key was replaced or removed, so they may be another organisation's. */
  clearCache(): void {
    this.cancel();
    this.#cache.clear();
    this.data = null;
    this.error = null;
  }

  retry(environment: Environment, filter: UserFilter): Promise<void> {
    this.#key = null;
    return this.load(environment, filter);
  }
}

export const trend = new TrendState();
