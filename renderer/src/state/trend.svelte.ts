// The trend chart's data: loaded only when the view opens, cancelled when it is left or the
// search changes, and kept per environment and window so reopening the view is instant.
// While an export runs the chart does not load by itself (`held`), so the export keeps its
// pace; the person may still ask for it.
import type { Environment, Trend, TrendProgress, UserFilter } from '#common/models.ts';
import type { AppError } from '#common/result.ts';

const keyOf = (environment: Environment, filter: UserFilter) =>
  JSON.stringify([environment, filter.from, filter.to, filter.externalId ?? '']);

class TrendState {
  #data = $state.raw<Trend | null>(null);
  #loading = $state(false);
  #error = $state<AppError | null>(null);
  #progress = $state.raw<TrendProgress | null>(null);
  #held = $state(false);
  #key: string | null = null;
  #requestId: string | null = null;
  #cache = new Map<string, Trend>();
  #unsubscribe: (() => void) | null = null;

  get data(): Trend | null {
    return this.#data;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get error(): AppError | null {
    return this.#error;
  }

  /** How far the load in flight has counted (from `trendProgress` events); null until told. */
  get progress(): TrendProgress | null {
    return this.#progress;
  }

  /** Not loaded because an export was running: the view offers to load it. */
  get held(): boolean {
    return this.#held;
  }

  listen(): () => void {
    this.#unsubscribe ??= window.palenca.on('trendProgress', (progress) => {
      if (progress.requestId === this.#requestId) this.#progress = progress;
    });
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
    };
  }

  /**
   * The view shows `filter`: a cached trend at once; otherwise it loads, unless `exporting`
   * (then it waits, `held`, for the person or for the export's end).
   */
  show(environment: Environment, filter: UserFilter, exporting: boolean): Promise<void> {
    const key = keyOf(environment, filter);
    if (exporting && !this.#cache.has(key) && !(key === this.#key && this.#loading)) {
      this.cancel();
      this.#data = null;
      this.#error = null;
      this.#held = true;
      return Promise.resolve();
    }
    return this.load(environment, filter);
  }

  async load(environment: Environment, filter: UserFilter): Promise<void> {
    const key = keyOf(environment, filter);
    if (key === this.#key && (this.#loading || this.#data)) return;
    this.cancel();
    this.#key = key;
    this.#held = false;
    const cached = this.#cache.get(key);
    if (cached) {
      this.#data = cached;
      this.#error = null;
      return;
    }
    const requestId = crypto.randomUUID();
    this.#requestId = requestId;
    this.#loading = true;
    this.#progress = null;
    this.#error = null;
    this.#data = null;
    const result = await window.palenca.loadTrend({ environment, filter, requestId });
    if (this.#requestId !== requestId) return;
    this.#requestId = null;
    this.#loading = false;
    this.#progress = null;
    if (result.ok) {
      this.#cache.set(key, result.value);
      this.#data = result.value;
    } else if (result.error.code !== 'cancelled') {
      this.#error = result.error;
    }
  }

  /** Stops a load in flight, if any. */
  cancel(): void {
    const requestId = this.#requestId;
    this.#requestId = null;
    this.#loading = false;
    this.#progress = null;
    this.#key = null;
    if (requestId) void window.palenca.cancelTrend({ requestId });
  }

  /** Forgets every cached trend: a key was replaced or removed, so they may be another organisation's. */
  clearCache(): void {
    this.cancel();
    this.#cache.clear();
    this.#data = null;
    this.#error = null;
    this.#held = false;
  }

  retry(environment: Environment, filter: UserFilter): Promise<void> {
    this.#key = null;
    return this.load(environment, filter);
  }
}

export const trend = new TrendState();
