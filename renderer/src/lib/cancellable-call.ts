// The one call of a kind in flight (a page of users, a user's accounts), under a request id
// the backend can cancel: a newer call or the person's Cancel stops it, so a page nobody will
// see does not spend Palenca's allowance.
export class CancellableCall {
  #requestId: string | null = null;

  /** Stops the call in flight, if any, and names a new one. */
  begin(): string {
    this.cancel();
    this.#requestId = crypto.randomUUID();
    return this.#requestId;
  }

  /** The call ended by itself: nothing left to cancel. */
  end(): void {
    this.#requestId = null;
  }

  cancel(): void {
    const requestId = this.#requestId;
    this.#requestId = null;
    if (requestId) void window.palenca.cancelRequest({ requestId });
  }
}
