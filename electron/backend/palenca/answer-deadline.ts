// How long an interactive call (a page of the table, a user's accounts) may wait for Palenca
// to answer, across all its attempts and their backoff, before it gives up. Waiting for the
// allowance is not Palenca being slow: the clock stops while the call waits in the governor
// (the person sees that wait on its own, "Waiting for Palenca's allowance").

export class AnswerDeadline {
  readonly #limitMs: number;
  readonly #onExpire: () => void;
  readonly #now: () => number;
  /** Time counted before the current run of the clock. */
  #spentMs = 0;
  /** When the clock last started; null while it is stopped. */
  #runningSince: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired = false;

  constructor(limitMs: number, onExpire: () => void, now: () => number = () => performance.now()) {
    this.#limitMs = limitMs;
    this.#onExpire = onExpire;
    this.#now = now;
  }

  /** Whether the call ran out of time (and `onExpire` was called). */
  get expired(): boolean {
    return this.#expired;
  }

  get limitMs(): number {
    return this.#limitMs;
  }

  /** Time counted so far. */
  spentMs(): number {
    return this.#spentMs + (this.#runningSince === null ? 0 : this.#now() - this.#runningSince);
  }

  /** Starts (or restarts) the clock: the call waits for Palenca. */
  run(): void {
    if (this.#expired || this.#runningSince !== null) return;
    this.#runningSince = this.#now();
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, this.#limitMs - this.#spentMs));
  }

  /** Stops the clock: the call waits for the allowance. */
  hold(): void {
    if (this.#runningSince === null) return;
    this.#spentMs += this.#now() - this.#runningSince;
    this.#runningSince = null;
    clearTimeout(this.#timer);
  }

  /** The call is over: no more expiring. */
  dispose(): void {
    this.hold();
  }

  #expire(): void {
    this.hold();
    this.#expired = true;
    this.#onExpire();
  }
}
