// One reconcile in memory: its list, its results so far and where it stands. The app's
// handlers and the CLI both keep one; only the app writes it to the pending file.
import type {
  Environment,
  ReconcileJob,
  ReconcilePage,
  ReconcileRow,
  ReconcileShow,
} from '#common/models.ts';
import type { PendingReconcile } from './pending-file.ts';

export class ReconcileState {
  readonly environment: Environment;
  readonly withStatus: boolean;
  readonly ids: readonly string[];
  /** Never looked up; rows of their own at the end of the results. */
  readonly tooLongIds: readonly string[];
  readonly startedAt: string;
  readonly #results: Map<string, ReconcileRow>;
  state: ReconcileJob['state'] = 'paused';
  #found = 0;

  constructor(pending: PendingReconcile) {
    this.environment = pending.environment;
    this.withStatus = pending.withStatus;
    this.ids = pending.ids;
    this.tooLongIds = pending.tooLongIds ?? [];
    this.startedAt = pending.startedAt;
    this.#results = new Map();
    for (const row of pending.results) this.record(row);
  }

  has(id: string): boolean {
    return this.#results.has(id);
  }

  record(row: ReconcileRow): void {
    if (this.#results.get(row.externalId)?.found) this.#found--;
    if (row.found) this.#found++;
    this.#results.set(row.externalId, row);
  }

  get done(): number {
    return this.#results.size;
  }

  get found(): number {
    return this.#found;
  }

  get left(): number {
    return this.ids.length - this.#results.size;
  }

  /**
   * Requests still to make: a search per ID left and, with statuses, an accounts request for
   * as many of them as were found so far (all of them before the first result).
   */
  requestsLeft(): number {
    if (!this.withStatus) return this.left;
    const rate = this.done === 0 ? 1 : this.#found / this.done;
    return Math.ceil(this.left * (1 + rate));
  }

  job(remainingMs: number | null): ReconcileJob {
    return {
      environment: this.environment,
      withStatus: this.withStatus,
      total: this.ids.length,
      done: this.done,
      found: this.#found,
      notFound: this.done - this.#found,
      state: this.state,
      startedAt: this.startedAt,
      remainingMs: this.state === 'done' ? null : remainingMs,
    };
  }

  /**
   * The rows looked up so far, in the list's order, then (not found, never looked up) the IDs
   * too long to look up: in the CSV, never lost. `lookedUp` leaves them out, for the app's
   * table, whose counts (the job's) are of the IDs looked up.
   */
  *rows(show: ReconcileShow = 'all', lookedUp = false): Generator<ReconcileRow> {
    for (const id of this.ids) {
      const row = this.#results.get(id);
      if (!row) continue;
      if (show === 'found' && !row.found) continue;
      if (show === 'not_found' && row.found) continue;
      yield row;
    }
    if (show === 'found' || lookedUp) return;
    for (const externalId of this.tooLongIds) yield tooLongRow(externalId);
  }

  page(page: number, perPage: number, show: ReconcileShow): ReconcilePage {
    const all = [...this.rows(show, true)];
    const start = (page - 1) * perPage;
    return {
      rows: all.slice(start, start + perPage),
      pagination: {
        page,
        items_per_page: perPage,
        total_items: all.length,
        total_pages: Math.ceil(all.length / perPage),
      },
    };
  }

  pending(): PendingReconcile {
    return {
      environment: this.environment,
      withStatus: this.withStatus,
      ids: [...this.ids],
      results: [...this.#results.values()],
      tooLongIds: [...this.tooLongIds],
      startedAt: this.startedAt,
    };
  }
}

/** The row of an ID too long to look up. */
export const tooLongRow = (externalId: string): ReconcileRow => ({
  externalId,
  found: false,
  userIds: [],
  widgetId: null,
  accounts: null,
  tooLong: true,
});
