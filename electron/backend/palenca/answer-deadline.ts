// How long a call may wait for Palenca to answer, across all its attempts and their backoff,
// before it gives up: about 20 s for an interactive call (a page of the table, a user's
// accounts), a few minutes without progress for background work (an export's page, with the
// exporter's own retries of it). Waiting for the allowance is not Palenca being slow: the
// clock stops while the call waits in the governor (the person sees that wait on its own,
// "Waiting for Palenca's allowance"). The clock runs from the request to the last byte of the
// answer, so a body that stops arriving halfway is covered as much as headers that never come.

export class AnswerDeadline {
  readonly #limitMs: number;
  readonly #listeners = new Set<() => void>();
  readonly #now: () => number;
  /** Time counted before the current run of the clock. */
  #spentMs = 0;
  /** When the clock last started; null while it is stopped. */
  #runningSince: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired = false;

  constructor(limitMs: number, onExpire?: () => void, now: () => number = () => performance.now()) {
    this.#limitMs = limitMs;
    if (onExpire) this.#listeners.add(onExpire);
    this.#now = now;
  }

  /** Calls `listener` when the clock runs out (the call in progress then stops); returns undo. */
  onExpire(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
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
    for (const listener of [...this.#listeners]) listener();
  }
}
