// Day by day (segments.ts), most days are one page: read one after the other, the walk would
// wait a round trip per day. So the next days' first pages are asked ahead, in the same window
// of requests as the day being read (page-scheduler.ts shares it; one place is kept for that
// day's own pages), at most the window's size ahead, and no further once the days answered
// hold every user of the window: the few asked beyond the last day needed (at most the
// window's size less one) are within the bound the pre-export step says (every day).
import type { UsersPage } from '#common/models.ts';
import type { Result } from '#common/result.ts';
import type { AdaptiveWindow } from './adaptive-window.ts';
import type { SharedInFlight } from './page-scheduler.ts';

export class DayPagesAhead {
  readonly #asked = new Map<number, Promise<Result<UsersPage>>>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #next = 0;
  /** The walk is at this day: nothing further than the window's size beyond it is asked. */
  #at = 0;
  /** Users in the days answered so far (all of them before `#next`). */
  #answered = 0;
  #stopped = false;

  constructor(
    private readonly fetch: (day: string) => Promise<Result<UsersPage>>,
    private readonly days: readonly string[],
    private readonly window: AdaptiveWindow,
    private readonly shared: SharedInFlight,
    /** Users in the whole window: days past those that hold them all are not asked ahead. */
    private readonly total: number,
  ) {}

  /** Day `index`'s page 1 (asked now if it was not yet), and the next days' asked ahead. */
  take(index: number): Promise<Result<UsersPage>> {
    this.#at = index;
    if (!this.#asked.has(index)) this.#ask(index);
    const answer = this.#asked.get(index) as Promise<Result<UsersPage>>;
    this.#asked.delete(index);
    this.#fill();
    return answer;
  }

  /** Nothing more is asked: the pass is ending (its requests are aborted next). */
  stop(): void {
    this.#stopped = true;
  }

  /** Waits for every request to end (the pass aborts them first when it ends early). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.#inFlight);
  }

  #fill(): void {
    while (
      !this.#stopped &&
      this.#next < this.days.length &&
      this.#next <= this.#at + this.window.max &&
      // One place is always left for the day being read, so the window bounds them all.
      this.shared.count < this.window.current - 1 &&
      this.#answered < this.total
    ) {
      this.#ask(this.#next);
    }
  }

  #ask(index: number): void {
    // Days are asked in order: one asked out of turn (taken before it came up) moves the start.
    this.#next = Math.max(this.#next, index + 1);
    const day = this.days[index] as string;
    this.shared.count++;
    const answer = this.fetch(day).then((result) => {
      this.shared.count--;
      this.#inFlight.delete(answer);
      // A failed day ends the pass when its turn comes: nothing more is worth asking.
      if (!result.ok) this.#stopped = true;
      else this.#answered += result.value.pagination.total_items;
      this.#fill();
      return result;
    });
    this.#inFlight.add(answer);
    this.#asked.set(index, answer);
  }
}
