// How far a pass has got, told as it goes: users and pages written, time spent, and the time
// left, by the pass's own pace or by the allowance's when that is slower.
import type { AllowanceStatus, ExportProgress } from '#common/models.ts';
import type { AdaptiveWindow } from './adaptive-window.ts';
import type { PassProgress } from './pass-outcome.ts';

/** What the export reads of the environment's pacing governor, for its progress. */
export interface ExportAllowance {
  status(): AllowanceStatus;
  onStatus(listener: (status: AllowanceStatus) => void): () => void;
  /** Expected time for this many more requests at the current share, `inFlight` at a time. */
  estimateMs(requests: number, inFlight?: number): number;
}

/** What progress reads of the export's options. */
export interface ProgressSource {
  now: () => number;
  /** When the export (its first pass) began. */
  startedAt: number;
  window: AdaptiveWindow;
  onProgress?: (progress: ExportProgress) => void;
  allowance?: ExportAllowance;
}

const PACED: AllowanceStatus = { state: 'paced', until: null };

/** What is left of a pass, as far as it knows: its progress and time left count it. */
export interface PassLeft {
  /** Page requests left (the total said is those done plus these). */
  pages(): number;
  /** Every request left: the pages, the checks, and the accounts requests of `withAccounts`. */
  requests(): number;
}

export class PassProgressReporter {
  #rowsDone = 0;
  #pagesDone = 0;
  readonly #unwatch: (() => void) | null;

  /** Starts at once: a wait for the allowance is shown as it starts and ends, between pages too. */
  constructor(
    private readonly source: ProgressSource,
    /** When this pass began: its own pace predicts the time left. */
    private readonly passStart: number,
    /** Users in the window (page 1's total). */
    private readonly total: number,
    private readonly left: PassLeft,
  ) {
    this.#unwatch = source.allowance?.onStatus(() => this.#report()) ?? null;
  }

  /** Users read so far, written or left out. */
  get rowsDone(): number {
    return this.#rowsDone;
  }

  get pagesDone(): number {
    return this.#pagesDone;
  }

  counts(): PassProgress {
    return {
      rowsDone: this.#rowsDone,
      rowsTotal: this.total,
      pagesDone: this.#pagesDone,
      pagesTotal: this.#pagesDone + this.left.pages(),
    };
  }

  /**
   * Users are done (in the file, or left out); `pageDone` when they were a page's last. With
   * the accounts columns a page is done in parts, so progress moves while accounts load.
   */
  rowsRead(rows: number, pageDone: boolean): void {
    this.#rowsDone += rows;
    if (pageDone) this.#pagesDone++;
    this.#report();
  }

  stop(): void {
    this.#unwatch?.();
  }

  /** Said after every page, and whenever the allowance's state changes. */
  #report(): void {
    const { source } = this;
    const { rowsDone, pagesDone, rowsTotal: total, pagesTotal } = this.counts();
    const elapsedMs = source.now() - source.startedAt;
    const passMs = source.now() - this.passStart;
    const byRate =
      rowsDone > 0 && passMs > 0 ? Math.round((passMs / rowsDone) * (total - rowsDone)) : null;
    // What is left at the allowance's pace: latency alone would promise too little while the
    // allowance sets the pace.
    const left = this.left.requests();
    const byAllowance =
      source.allowance && left > 0
        ? source.allowance.estimateMs(left, source.window.current)
        : null;
    source.onProgress?.({
      rowsDone,
      rowsTotal: total,
      pagesDone,
      pagesTotal,
      elapsedMs: Math.round(elapsedMs),
      remainingMs: byRate === null || byAllowance === null ? byRate : Math.max(byRate, byAllowance),
      allowance: source.allowance?.status() ?? PACED,
    });
  }
}
