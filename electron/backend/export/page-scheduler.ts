// Pages 2 onward of a pass, fetched a few at a time and handed back strictly in Palenca's order,
// so rows are written newest first as they arrive. Pages arrive in any order; they are
// buffered until their turn, and requests may run at most `maxAhead` pages beyond the next
// page to write, so memory stays bounded. One page of slack beyond the window keeps every slot
// busy; more only holds pages longer.
import type { UsersPage } from '#common/models.ts';
import type { Result } from '#common/result.ts';
import type { AdaptiveWindow } from './adaptive-window.ts';

/**
 * Requests in flight across a pass, when more than one kind shares the window (the next days'
 * first pages read ahead while a day's pages are read: segments-ahead.ts).
 */
export interface SharedInFlight {
  count: number;
}

export class PageScheduler {
  readonly #results = new Map<number, Result<UsersPage>>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #maxAhead: number;
  #nextRequest = 2;
  #nextWrite = 2;

  constructor(
    private readonly fetch: (page: number) => Promise<Result<UsersPage>>,
    /** How many requests may be in flight now (it shrinks while Palenca pushes back). */
    private readonly window: AdaptiveWindow,
    private readonly lastPage: number,
    /** Other requests of the pass in the same window; this scheduler always has one of its own. */
    private readonly shared: SharedInFlight = { count: 0 },
  ) {
    this.#maxAhead = window.max + 1;
  }

  /** Every page has been handed out. */
  get done(): boolean {
    return this.#nextWrite > this.lastPage;
  }

  /** Starts requests while the window has room and the look-ahead allows. */
  fill(): void {
    while (
      this.#inFlight.size < this.window.current &&
      (this.#inFlight.size === 0 || this.shared.count < this.window.current) &&
      this.#nextRequest <= this.lastPage &&
      this.#nextRequest < this.#nextWrite + this.#maxAhead
    ) {
      this.#launch(this.#nextRequest++);
    }
  }

  /** Pages that arrived and wait for their turn, in the order they arrived. */
  arrived(): ReadonlyMap<number, Result<UsersPage>> {
    return this.#results;
  }

  /** The next page in Palenca's order, out of the buffer; null while it has not arrived. */
  takeNext(): { page: number; result: Result<UsersPage> } | null {
    const page = this.#nextWrite;
    const result = this.#results.get(page);
    if (!result) return null;
    this.#results.delete(page);
    this.#nextWrite++;
    return { page, result };
  }

  /** Waits for a request to end; false when none is in flight, so the next page never comes. */
  async nextArrival(): Promise<boolean> {
    if (this.#inFlight.size === 0) return false;
    await Promise.race(this.#inFlight);
    return true;
  }

  /** Waits for every request to end (the pass aborts them first when it ends early). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.#inFlight);
  }

  #launch(page: number): void {
    this.shared.count++;
    const task: Promise<void> = this.fetch(page).then((result) => {
      this.shared.count--;
      this.#results.set(page, result);
      this.#inFlight.delete(task);
    });
    this.#inFlight.add(task);
  }
}
