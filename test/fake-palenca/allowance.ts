// Palenca's request allowance, as its API reference describes it: N
// requests per fixed window aligned to the server's clock, global across endpoints, shared
// with the organisation's other integration.

export interface AllowanceSettings {
  /** Requests allowed per window, the app's and the other integration's together. */
  limit: number;
  /** Window length; a whole number of seconds so X-RateLimit-Reset (seconds) is exact. */
  windowMs: number;
  /** Requests per window the organisation's other integration spends, spread evenly. */
  otherTraffic: number;
}

/** Palenca's documented allowance, for tests of pacing. */
export const PALENCA_ALLOWANCE: AllowanceSettings = {
  limit: 120,
  windowMs: 60_000,
  otherTraffic: 0,
};

/** One-second windows with room to spare: a test's 429 is waited out in under a second. */
export const QUICK_WINDOWS = { limit: 10_000, windowMs: 1000 } as const;

/** What the rate-limit headers of one answer say. */
export interface AllowanceState {
  /** Server time (ms, clock skew applied) the state was taken at. */
  serverNow: number;
  /** Server ms at which the current window began. */
  windowStart: number;
  limit: number;
  /** Left in the current window, never below 0. */
  remaining: number;
  /** When the current window ends, Unix seconds. */
  resetSeconds: number;
}

export interface Admission {
  accepted: boolean;
  state: AllowanceState;
}

function checked(settings: AllowanceSettings): AllowanceSettings {
  const { limit, windowMs, otherTraffic } = settings;
  if (!Number.isInteger(windowMs) || windowMs < 1000 || windowMs % 1000 !== 0) {
    throw new Error(`allowance windowMs must be a whole number of seconds ≥ 1000; got ${windowMs}`);
  }
  if (!Number.isInteger(limit) || limit < 0) {
    throw new Error(`allowance limit must be a whole number ≥ 0; got ${limit}`);
  }
  if (!Number.isFinite(otherTraffic) || otherTraffic < 0) {
    throw new Error(`allowance otherTraffic must be ≥ 0; got ${otherTraffic}`);
  }
  return { limit, windowMs, otherTraffic };
}

export class FixedWindowAllowance {
  #settings: AllowanceSettings;
  #skewMs: number;
  readonly #clock: () => number;
  /** The window the counts below belong to; they start again when the window changes. */
  #windowStart = Number.NaN;
  #own = 0;
  /** Spent at once by exhaust(), on top of the evenly spread other traffic. */
  #burst = 0;

  constructor(settings: AllowanceSettings, clockSkewMs = 0, clock: () => number = Date.now) {
    this.#settings = checked(settings);
    this.#skewMs = clockSkewMs;
    this.#clock = clock;
  }

  get settings(): AllowanceSettings {
    return { ...this.#settings };
  }

  update(patch: Partial<AllowanceSettings>): void {
    // Keys given as undefined keep their value rather than becoming undefined.
    const { limit, windowMs, otherTraffic } = this.#settings;
    this.#settings = checked({
      limit: patch.limit ?? limit,
      windowMs: patch.windowMs ?? windowMs,
      otherTraffic: patch.otherTraffic ?? otherTraffic,
    });
  }

  setClockSkew(ms: number): void {
    this.#skewMs = ms;
  }

  serverNow(): number {
    return this.#clock() + this.#skewMs;
  }

  /** The current state without counting anything. */
  peek(): AllowanceState {
    return this.#state(this.serverNow());
  }

  /** Counts a request arriving now, unless the window is spent: then it is refused. */
  admit(): Admission {
    const now = this.serverNow();
    this.#roll(now);
    const accepted = this.#used(now) < this.#settings.limit;
    if (accepted) this.#own++;
    return { accepted, state: this.#state(now) };
  }

  /** The other integration spends whatever is left in the current window. */
  exhaust(): void {
    const now = this.serverNow();
    this.#roll(now);
    this.#burst += Math.max(0, this.#settings.limit - this.#used(now));
  }

  #roll(now: number): void {
    const start = this.#startOf(now);
    if (start !== this.#windowStart) {
      this.#windowStart = start;
      this.#own = 0;
      this.#burst = 0;
    }
  }

  #startOf(now: number): number {
    const { windowMs } = this.#settings;
    return Math.floor(now / windowMs) * windowMs;
  }

  #others(now: number): number {
    const { otherTraffic, windowMs } = this.#settings;
    return Math.floor((otherTraffic * (now - this.#startOf(now))) / windowMs);
  }

  #used(now: number): number {
    return this.#own + this.#burst + this.#others(now);
  }

  #state(now: number): AllowanceState {
    this.#roll(now);
    const { limit, windowMs } = this.#settings;
    return {
      serverNow: now,
      windowStart: this.#windowStart,
      limit,
      remaining: Math.max(0, limit - this.#used(now)),
      resetSeconds: (this.#windowStart + windowMs) / 1000,
    };
  }
}
