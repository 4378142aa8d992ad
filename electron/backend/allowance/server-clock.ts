// Palenca's window ends (`X-RateLimit-Reset`) are times on Palenca's clock, not ours. Each
// answer's `Date` header bounds the difference: the server stamped it at some moment between
// our send and our receipt, in whole seconds. Intersecting those bounds over many answers
// narrows the offset to about one round trip, without trusting either clock.
export class ServerClock {
  /** Bounds on (server time − local time), in ms; unknown until the first `Date` header. */
  #low = Number.NEGATIVE_INFINITY;
  #high = Number.POSITIVE_INFINITY;

  get known(): boolean {
    return Number.isFinite(this.#low);
  }

  /** The lowest offset the answers allow; 0 before any `Date` came (assume the same clock). */
  get low(): number {
    return this.known ? this.#low : 0;
  }

  get high(): number {
    return this.known ? this.#high : 0;
  }

  /** One answer: its `Date` (ms, whole seconds), and when we sent the request and got the answer. */
  observe(dateMs: number, sentAt: number, receivedAt: number): void {
    // The stamp is a whole second: the true server time was in [dateMs, dateMs + 1000).
    const low = dateMs - receivedAt;
    const high = dateMs + 1000 - sentAt;
    if (low > this.#high || high < this.#low) {
      // Contradicts what we knew: one of the clocks was changed. Start again from this answer.
      this.#low = low;
      this.#high = high;
      return;
    }
    this.#low = Math.max(this.#low, low);
    this.#high = Math.min(this.#high, high);
  }

  /** The local time by which the server's clock has surely reached `serverMs`. */
  surelyReached(serverMs: number): number {
    return serverMs - this.low;
  }

  /** The latest local time at which the server's clock is surely still before `serverMs`. */
  surelyBefore(serverMs: number): number {
    return serverMs - this.high;
  }
}
