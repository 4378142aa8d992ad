// One pass of an export once the window's page 1 has answered: what its steps share (the
// window's check, the users seen, progress), what it does with the rows it reads (leaves some
// out, adds their accounts, writes them), and how its checks across segments end it.
import type { PalencaUser, UsersPage } from '#common/models.ts';
import type { AppError } from '#common/result.ts';
import { writeFailed } from '../files/write-failed.ts';
import type { PassContext } from './export-engine.ts';
import { fetchPage } from './page-fetch.ts';
import type { SharedInFlight } from './page-scheduler.ts';
import { type Disagreement, PassCheck } from './pass-check.ts';
import { failedPass, type PassOutcome } from './pass-outcome.ts';
import { PassProgressReporter } from './pass-progress.ts';
import type { ExportRow } from './row-sink.ts';
import { SeenIds } from './seen-ids.ts';
import type { SegmentPlan } from './segments.ts';

/**
 * With the accounts columns, rows are written this many at a time as their accounts arrive,
 * so progress moves while they load (a page of 150 takes minutes at the allowance's pace).
 */
const ACCOUNTS_ROWS_AT_ONCE = 10;

export class Pass {
  readonly progress: PassProgressReporter;
  /** The window's page 1: the total, the first users, what a change would move. */
  readonly windowCheck: PassCheck;
  /** Every user read in this pass, across its segments: one read twice is a change. */
  readonly seen: SeenIds;
  /** The pass's requests in flight, whoever asked them: the window bounds them all. */
  readonly inFlight: SharedInFlight = { count: 0 };
  readonly #plan: SegmentPlan;
  #read = 0;
  #written = 0;
  /** How many of the first rows are the newest day's; null until known. */
  #newestDayCount: number | null = null;
  readonly #newestDayIds: string[] = [];
  /** Day by day: the totals of the days begun, and the days not begun. */
  #segmentTotals = 0;
  #daysLeft: number;
  /** The segment being read, for what is left. */
  #segment: { pages: number; pagesDone: number; checkLeft: boolean } | null = null;
  #newestDayLeft: boolean;
  #windowCheckLeft: boolean;

  constructor(
    readonly ctx: PassContext,
    /** Aborted when the pass ends, early or not. */
    readonly signal: AbortSignal,
    first: UsersPage,
    passStart: number,
    plan: SegmentPlan,
  ) {
    const total = first.pagination.total_items;
    this.seen = new SeenIds(total);
    this.windowCheck = new PassCheck(first, ctx.requested, this.seen);
    this.#plan = plan;
    this.#daysLeft = plan.kind === 'days' ? plan.days.length : 0;
    this.#newestDayLeft = plan.kind === 'window' && plan.newestDay !== null;
    this.#windowCheckLeft = plan.kind === 'days' && total > 0;
    // A one-day window is its newest day; a window of several days without users has none.
    if (plan.kind === 'window' && plan.newestDay === null) {
      this.#newestDayCount = ctx.filter.from === ctx.filter.to ? total : 0;
    }
    this.progress = new PassProgressReporter(ctx, passStart, total, {
      pages: () => this.#pagesLeft(),
      requests: () => this.#requestsLeft(),
    });
  }

  get total(): number {
    return this.windowCheck.total;
  }

  /**
   * Day by day, between days: the days read hold every user of the window, so the older ones
   * hold none and are not asked (nobody connects in the past; the final check sees the rest).
   */
  get allSegmentsRead(): boolean {
    return this.#segmentTotals === this.total;
  }

  /** A failure says how far the pass got. */
  failed(error: AppError): PassOutcome {
    return failedPass(this.ctx.signal, error, this.progress.counts());
  }

  /** A change says what the pass began from, so the next pass can tell whether anything moved. */
  changed(reason: string): PassOutcome {
    return { kind: 'changed', reason, start: this.windowCheck.start };
  }

  disagreed(disagreement: Disagreement): PassOutcome {
    return disagreement.kind === 'change'
      ? this.changed(disagreement.reason)
      : this.failed(disagreement.error);
  }

  done(): PassOutcome {
    return { kind: 'done', rows: this.#written, newestDayIds: [...this.#newestDayIds] };
  }

  /** The sink starts over (a new pass rewrites it) with its header. */
  async startFile(): Promise<PassOutcome | null> {
    try {
      await this.ctx.sink.begin();
      return null;
    } catch (error) {
      return this.#fileFailed(error);
    }
  }

  /**
   * One walk of a window of several days: its newest day's page 1, asked right after the
   * window's, says how many of the first rows are that day's. A user that came or went in
   * between shows as the two first pages disagreeing (new users come first); one that comes
   * later, as the window's final check failing.
   */
  async countNewestDay(day: string): Promise<PassOutcome | null> {
    const { ctx } = this;
    const answer = await fetchPage(
      { ...ctx, filter: { ...ctx.filter, from: day, to: day } },
      1,
      ctx.requested,
      this.signal,
    );
    if (!answer.ok) return this.failed(answer.error);
    this.#newestDayLeft = false;
    const count = answer.value.pagination.total_items;
    if (count > this.total) {
      return this.changed(`the newest day has ${count} users, the whole window ${this.total}`);
    }
    const windowIds = this.windowCheck.firstIds;
    const dayIds = answer.value.users.map((user) => user.user_id);
    const compared = Math.min(count, windowIds.length, dayIds.length);
    for (let i = 0; i < compared; i++) {
      if (dayIds[i] !== windowIds[i]) {
        return this.changed("the newest day's users no longer match the window's first users");
      }
    }
    this.#newestDayCount = count;
    return null;
  }

  /** A segment's page 1 has answered: what it adds up to, and whether it is the newest day. */
  startSegment(check: PassCheck, day: string | undefined): PassOutcome | null {
    this.#segment = { pages: check.pagesTotal, pagesDone: 0, checkLeft: check.pagesTotal > 1 };
    if (this.#plan.kind !== 'days') return null;
    this.#daysLeft--;
    this.#segmentTotals += check.total;
    if (this.#segmentTotals > this.total) {
      return this.changed(
        `the days read hold ${this.#segmentTotals} users, the whole window ${this.total}`,
      );
    }
    if (day === this.ctx.filter.to) this.#newestDayCount = check.total;
    return null;
  }

  /** The segment's page 1 was asked again (its own final check). */
  segmentChecked(): void {
    if (this.#segment) this.#segment.checkLeft = false;
  }

  /** Day by day, every day read: their totals must be the window's. */
  segmentsAddUp(): PassOutcome | null {
    if (this.#segmentTotals === this.total) return null;
    return this.changed(
      `the days held ${this.#segmentTotals} users, the whole window ${this.total}`,
    );
  }

  /**
   * Day by day: the window's page 1 again, the final check of the pass (pass-check.ts,
   * `changedSince`): a day read early may have changed while later ones were read. An empty
   * window was one answer: nothing to check.
   */
  async checkWindowAgain(): Promise<PassOutcome | null> {
    if (!this.#windowCheckLeft) return null;
    if (this.ctx.signal?.aborted) return null;
    const again = await fetchPage(this.ctx, 1, this.ctx.requested, this.signal);
    if (!again.ok) return this.failed(again.error);
    this.#windowCheckLeft = false;
    const moved = this.windowCheck.changedSince(again.value);
    return moved ? this.changed(moved) : null;
  }

  /**
   * A page's users in their turn (already held against its segment's page 1): checked against
   * the window's first users, the newest day's IDs kept, then written (less those left out,
   * with their accounts).
   */
  async rows(users: readonly PalencaUser[], day: string | undefined): Promise<PassOutcome | null> {
    const windowIds = this.windowCheck.firstIds;
    const newestDay = this.#newestDayCount ?? 0;
    for (let i = 0; i < users.length; i++) {
      const id = (users[i] as PalencaUser).user_id;
      const at = this.#read + i;
      // The window's page 1 is its first users: the segments must begin with them.
      if (at < windowIds.length && windowIds[at] !== id) {
        return this.changed(
          "the newest users changed during the export (the window's page 1 no longer matches)",
        );
      }
      if (at < newestDay) this.#newestDayIds.push(id);
    }
    const { skipUserIds, sink, accounts, columns } = this.ctx;
    const step = accounts ? ACCOUNTS_ROWS_AT_ONCE : Math.max(1, users.length);
    // An empty page (an empty window or day) still counts as a page read.
    for (let start = 0; start < users.length || start === 0; start += step) {
      const part = users.slice(start, start + step);
      const kept = skipUserIds ? part.filter((user) => !skipUserIds.has(user.user_id)) : part;
      if (accounts && kept.length > 0) {
        const loaded = await accounts.load(
          kept.map((user) => user.user_id),
          this.signal,
        );
        if (!loaded.ok) return this.failed(loaded.error);
      }
      if (kept.length > 0) {
        const rows: ExportRow[] = kept.map((user) => {
          const row: ExportRow = { user };
          if (columns.withDay && day !== undefined) row.day = day;
          if (accounts) {
            const summary = accounts.summaryOf(user.user_id);
            if (summary) row.accounts = summary;
          }
          return row;
        });
        try {
          await sink.write(rows);
        } catch (error) {
          return this.#fileFailed(error);
        }
        this.#written += kept.length;
      }
      this.#read += part.length;
      const last = start + step >= users.length;
      if (last && this.#segment) this.#segment.pagesDone++;
      this.progress.rowsRead(part.length, last);
      if (part.length === 0) break;
    }
    return null;
  }

  /** The disk refused: the pass ends with the file's own error (files/write-failed.ts words it). */
  #fileFailed(error: unknown): PassOutcome {
    return { kind: 'failed', error: writeFailed(this.ctx.sink.target, error).error };
  }

  /** Page requests left: the segment's, and one per day not begun while users remain. */
  #pagesLeft(): number {
    const segment = this.#segment;
    const inSegment = segment ? Math.max(0, segment.pages - segment.pagesDone) : 0;
    const beyond = this.#plan.kind === 'days' && this.#segmentTotals < this.total;
    return inSegment + (beyond ? this.#daysLeft : 0);
  }

  /** Every request left: pages, checks, and one per user still to read with accounts. */
  #requestsLeft(): number {
    const checks =
      (this.#segment?.checkLeft ? 1 : 0) +
      (this.#newestDayLeft ? 1 : 0) +
      (this.#windowCheckLeft ? 1 : 0);
    const accounts = this.ctx.accounts ? Math.max(0, this.total - this.#read) : 0;
    return this.#pagesLeft() + checks + accounts;
  }
}
