// What page 1 said a pass exports, and every later answer of the pass held against it.
//
// Which disagreements are a change and which are Palenca's answer being inconsistent:
// - Within one answer (more users than asked for, than its own page size or its own total; a
//   page size above what was asked): no change between requests explains it. The client
//   refuses the page (`answer_inconsistent`, users-answer.ts) and the export stops at once.
// - Within one page, the same user twice: one answer again, so the same (`page` below).
// - Across answers (the total differs between pages, a page holds more or fewer users than
//   the total implies, a user shows up on two pages, page 1 differs at the final check): a
//   change explains it (between Palenca's count and its page, or between two pages), so the
//   pass starts over, as it always has.
// - Across passes: a pass that ends exactly as the one before it did (the same total and
//   page 1 to begin with, the same disagreement at the same place) saw Palenca answer the same
//   way twice with nothing changed in between: inconsistent, and no more passes are spent.
//   When the passes run out and every one began from the same total and page 1, nothing was
//   seen to move either: inconsistent. Only when the list was seen to move between passes
//   (a new total, a new page 1) is it `export_changed`, "users were being added or removed"
//   (`exportUsers` in export-engine.ts decides, with `start` below).
import type { UsersPage } from '#common/models.ts';
import type { AppError } from '#common/result.ts';
import { inconsistentAnswer } from '../palenca/http-errors.ts';
import { SeenIds } from './seen-ids.ts';

/** A page that disagrees with page 1: a change (the pass starts over) or an inconsistency. */
export type Disagreement =
  | { kind: 'change'; reason: string }
  | { kind: 'inconsistent'; error: AppError };

export class PassCheck {
  readonly total: number;
  /** Palenca may use a smaller page than asked; the pages are numbered its way. */
  readonly perPage: number;
  /** Page 1 is always read, so even an empty window counts one page (never "1 of 0"). */
  readonly pagesTotal: number;
  /** What a change would move: a pass that ends as the one before, from here, saw none. */
  readonly start: string;
  readonly #firstIds: string[];
  readonly #seen: SeenIds;

  /**
   * `seen`: the users seen so far, shared by the segments of one pass (segments.ts), so a user
   * in two of them is a change too; by default this check's own.
   */
  constructor(first: UsersPage, requested: number, seen?: SeenIds) {
    this.total = first.pagination.total_items;
    this.perPage = first.pagination.items_per_page || requested;
    this.pagesTotal = Math.max(1, Math.ceil(this.total / this.perPage));
    this.#firstIds = first.users.map((user) => user.user_id);
    this.start = `${this.total}:${this.#firstIds.join(',')}`;
    this.#seen = seen ?? new SeenIds(this.total);
  }

  /** The user IDs of page 1, in order. */
  get firstIds(): readonly string[] {
    return this.#firstIds;
  }

  /** Looked at as soon as a page arrives, before its turn: a moved total ends the pass early. */
  totalMoved(page: number, data: UsersPage): string | null {
    const now = data.pagination.total_items;
    return now === this.total
      ? null
      : `total_items went from ${this.total} to ${now} (page ${page})`;
  }

  /** A page in its turn, before its rows are written; its users count as seen from here on. */
  page(page: number, data: UsersPage): Disagreement | null {
    const moved = this.totalMoved(page, data);
    if (moved) return { kind: 'change', reason: moved };
    const expected = this.#expectedRows(page);
    if (data.users.length !== expected) {
      return {
        kind: 'change',
        reason: `page ${page} had ${data.users.length} users, expected ${expected}`,
      };
    }
    const onPage = new Set<string>();
    for (const user of data.users) {
      // Twice in one answer is no change: Palenca's page contradicts itself.
      if (onPage.has(user.user_id)) {
        return {
          kind: 'inconsistent',
          error: inconsistentAnswer(`user ${user.user_id} twice on page ${page}`),
        };
      }
      onPage.add(user.user_id);
      if (!this.#seen.add(user.user_id)) {
        return { kind: 'change', reason: `user ${user.user_id} appeared twice (page ${page})` };
      }
    }
    return null;
  }

  /**
   * The final check of a pass, one request: the total again, and page 1 again. The checks
   * while paging see a change only when it moves the total, a page's row count or a page
   * boundary. A deletion paired with a new user leaves all three alone, but new users connect
   * now, so they land on page 1: a page 1 that no longer matches the file's first rows means
   * the list moved during the pass, and the pass starts over. What stays unseen: a user that
   * appears in the middle of the window (not at the newest end) while another is deleted,
   * between two page reads. The rows between the two move by one across a page boundary while
   * the total, the page sizes and page 1 stay as they were, so one user can be missed. Palenca
   * orders by creation time, so a newly connected user does not appear there.
   */
  changedSince(again: UsersPage): string | null {
    if (again.pagination.total_items !== this.total) {
      return `total_items went from ${this.total} to ${again.pagination.total_items} (final check)`;
    }
    const ids = again.users.map((user) => user.user_id);
    const firstIds = this.#firstIds;
    if (ids.length !== firstIds.length || ids.some((id, i) => id !== firstIds[i])) {
      return 'the newest users changed during the export (page 1 no longer matches)';
    }
    return null;
  }

  /** How many users a page holds when nothing changed: full pages, then the rest. */
  #expectedRows(page: number): number {
    return Math.max(0, Math.min(this.perPage, this.total - this.perPage * (page - 1)));
  }
}
