// The Connections view's data: the cost of reading a window's connection attempts (said
// first), their summary, the follow-up list paged from what the backend kept, and the one
// attempt opened in the side panel (its account and user, asked for only when opened).
//
// A window whose attempts cost only a few requests is read at once; a bigger one waits for the
// person's "Read them". Summaries are kept per environment and window, so reopening the view
// costs nothing; leaving it cancels a read in flight. While an export runs nothing is read by
// itself (`held`), so the export keeps its pace.
import type {
  AccountDetails,
  ConnectionsEstimate,
  ConnectionsProgress,
  ConnectionsSummary,
  Environment,
  FileExportOutcome,
  FollowUp,
  FollowUpGroup,
  FollowUpPage,
  PalencaUser,
} from '#common/models.ts';
import type { AppError, Result } from '#common/result.ts';
import { CancellableCall } from '../lib/cancellable-call.ts';

/** Up to this many requests, a window is read without asking: about a second of the allowance. */
export const READ_WITHOUT_ASKING = 5;
export const FOLLOW_UPS_PER_PAGE = 25;
/** Summaries kept for reopening: the backend keeps the follow-up lists of the last few only. */
const SUMMARIES_KEPT = 3;

/** The days whose attempts are shown; the external ID filter does not apply to attempts. */
export interface AttemptWindow {
  from: string;
  to: string;
}

export type ConnectionsPhase =
  | 'idle'
  | 'estimating'
  | 'confirming'
  | 'reading'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'held';

const keyOf = (environment: Environment, days: AttemptWindow) =>
  JSON.stringify([environment, days.from, days.to]);

class ConnectionsState {
  #phase = $state<ConnectionsPhase>('idle');
  #estimate = $state.raw<ConnectionsEstimate | null>(null);
  #summary = $state.raw<ConnectionsSummary | null>(null);
  #progress = $state.raw<ConnectionsProgress | null>(null);
  #error = $state<AppError | null>(null);
  #environment = $state<Environment>('sandbox');
  #key: string | null = null;
  #sequence = 0;
  #requestId: string | null = null;
  #cache = new Map<string, ConnectionsSummary>();

  get phase(): ConnectionsPhase {
    return this.#phase;
  }

  /** What reading the window costs; known from `confirming` on. */
  get estimate(): ConnectionsEstimate | null {
    return this.#estimate;
  }

  get summary(): ConnectionsSummary | null {
    return this.#summary;
  }

  /** How far the read in flight has got (from `connectionsProgress`); null until told. */
  get progress(): ConnectionsProgress | null {
    return this.#progress;
  }

  get error(): AppError | null {
    return this.#error;
  }

  /** The environment the summary (and so its follow-ups) belongs to. */
  get environment(): Environment {
    return this.#environment;
  }

  /**
   * The view shows `days`: a kept summary at once; otherwise its cost is asked (one request)
   * and a cheap window is read, unless `exporting` (then it waits, `held`).
   */
  async show(environment: Environment, days: AttemptWindow, exporting: boolean): Promise<void> {
    const key = keyOf(environment, days);
    if (key === this.#key && this.#phase !== 'idle') return;
    this.cancel();
    this.#key = key;
    this.#environment = environment;
    this.#error = null;
    this.#estimate = null;
    const kept = this.#cache.get(key);
    if (kept) {
      this.#summary = kept;
      this.#phase = 'done';
      return;
    }
    this.#summary = null;
    if (exporting) {
      this.#phase = 'held';
      return;
    }
    await this.#estimateThenRead(environment, days);
  }

  /** The person asks again (after a failure, a cancel, or while held). */
  retry(environment: Environment, days: AttemptWindow): Promise<void> {
    this.#key = null;
    return this.show(environment, days, false);
  }

  async #estimateThenRead(environment: Environment, days: AttemptWindow): Promise<void> {
    const sequence = ++this.#sequence;
    this.#phase = 'estimating';
    const result = await window.palenca.estimateConnections({ environment, ...days });
    if (sequence !== this.#sequence) return;
    if (!result.ok) {
      this.#fail(result.error);
      return;
    }
    this.#estimate = result.value;
    if (result.value.requests <= READ_WITHOUT_ASKING) await this.read(environment, days);
    else this.#phase = 'confirming';
  }

  /** Reads every attempt of the window: the person agreed to the cost, or it is small. */
  async read(environment: Environment, days: AttemptWindow): Promise<void> {
    const key = keyOf(environment, days);
    const sequence = ++this.#sequence;
    const requestId = crypto.randomUUID();
    this.#requestId = requestId;
    this.#key = key;
    this.#environment = environment;
    this.#phase = 'reading';
    this.#progress = null;
    this.#error = null;
    const stop = window.palenca.on('connectionsProgress', (progress) => {
      if (progress.requestId === this.#requestId) this.#progress = progress;
    });
    let result: Result<ConnectionsSummary>;
    try {
      result = await window.palenca.loadConnections({ environment, ...days, requestId });
    } finally {
      stop();
    }
    if (sequence !== this.#sequence) return;
    this.#requestId = null;
    this.#progress = null;
    if (result.ok) {
      this.#cache.delete(key);
      this.#cache.set(key, result.value);
      for (const old of [...this.#cache.keys()].slice(0, -SUMMARIES_KEPT)) this.#cache.delete(old);
      this.#summary = result.value;
      this.#phase = 'done';
    } else if (result.error.code === 'cancelled') {
      this.#phase = 'cancelled';
    } else {
      this.#fail(result.error);
    }
  }

  /** Stops an estimate or a read in flight; a stopped read can be started again. */
  cancel(): void {
    const requestId = this.#requestId;
    this.#requestId = null;
    this.#sequence++;
    this.#progress = null;
    if (this.#phase === 'estimating') {
      this.#phase = 'idle';
      this.#key = null;
    }
    if (this.#phase === 'reading') this.#phase = 'cancelled';
    if (requestId) void window.palenca.cancelConnections({ requestId });
  }

  /** Leaving the view: a read in flight stops, and coming back asks again. */
  leave(): void {
    const wasBusy = this.#phase === 'reading' || this.#phase === 'estimating';
    this.cancel();
    if (wasBusy) this.#key = null;
  }

  /** The summary shown is read again: its follow-up list is no longer kept by the backend. */
  readAgain(environment: Environment, days: AttemptWindow): Promise<void> {
    this.#cache.delete(keyOf(environment, days));
    return this.retry(environment, days);
  }

  /** Forgets every kept summary: a key was replaced or removed (another organisation's). */
  clearCache(): void {
    this.leave();
    this.#cache.clear();
    this.#summary = null;
    this.#estimate = null;
    this.#error = null;
    this.#key = null;
    this.#phase = 'idle';
  }

  #fail(error: AppError): void {
    this.#error = error;
    this.#phase = 'failed';
  }
}

/** Something loaded on demand for the side panel, as loaded so far. */
export interface OnDemand<T> {
  loading: boolean;
  data: T | null;
  error: AppError | null;
  /** The person stopped waiting for Palenca's allowance. */
  stopped: boolean;
}

const NOT_ASKED = { loading: false, data: null, error: null, stopped: false } as const;

/** The follow-up list of the summary shown: a page, its filters, its export. */
class FollowUpsState {
  #loadId: string | null = null;
  #page = $state(1);
  #platform = $state<string | undefined>(undefined);
  #group = $state<FollowUpGroup | undefined>(undefined);
  #data = $state.raw<FollowUpPage | null>(null);
  #loading = $state(false);
  #error = $state<AppError | null>(null);
  #expired = $state(false);
  #exporting = $state(false);
  #exported = $state.raw<Extract<FileExportOutcome, { status: 'done' }> | null>(null);
  #exportError = $state<AppError | null>(null);
  #sequence = 0;

  get page(): number {
    return this.#page;
  }

  /** `''` is the attempts without a platform; undefined, every platform. */
  get platform(): string | undefined {
    return this.#platform;
  }

  get group(): FollowUpGroup | undefined {
    return this.#group;
  }

  get data(): FollowUpPage | null {
    return this.#data;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get error(): AppError | null {
    return this.#error;
  }

  /** The backend no longer keeps this load's list (it keeps the last few): read it again. */
  get expired(): boolean {
    return this.#expired;
  }

  get exporting(): boolean {
    return this.#exporting;
  }

  /** The last export of this list that finished, for the line that says where it went. */
  get exported(): Extract<FileExportOutcome, { status: 'done' }> | null {
    return this.#exported;
  }

  get exportError(): AppError | null {
    return this.#exportError;
  }

  /** The list of another load: back to its first page, unfiltered. */
  show(loadId: string): Promise<void> {
    if (loadId === this.#loadId && (this.#data || this.#loading)) return Promise.resolve();
    this.#loadId = loadId;
    this.#page = 1;
    this.#platform = undefined;
    this.#group = undefined;
    this.#exported = null;
    this.#exportError = null;
    this.#expired = false;
    this.#data = null;
    return this.load();
  }

  filter(platform: string | undefined, group: FollowUpGroup | undefined): Promise<void> {
    this.#platform = platform;
    this.#group = group;
    this.#page = 1;
    return this.load();
  }

  goTo(page: number): Promise<void> {
    this.#page = page;
    return this.load();
  }

  async load(): Promise<void> {
    const loadId = this.#loadId;
    if (!loadId) return;
    const sequence = ++this.#sequence;
    this.#loading = true;
    this.#error = null;
    const result = await window.palenca.getFollowUps({
      loadId,
      page: this.#page,
      perPage: FOLLOW_UPS_PER_PAGE,
      ...this.#filters(),
    });
    if (sequence !== this.#sequence) return;
    this.#loading = false;
    if (result.ok) this.#data = result.value;
    else if (isExpired(result.error)) this.#expired = true;
    else this.#error = result.error;
  }

  /** Writes the list, as filtered, to a CSV file the person picks. */
  async export(): Promise<FileExportOutcome | null> {
    const loadId = this.#loadId;
    if (!loadId || this.#exporting) return null;
    this.#exporting = true;
    this.#exportError = null;
    const result = await window.palenca.exportFollowUps({ loadId, ...this.#filters() });
    this.#exporting = false;
    if (!result.ok) {
      if (isExpired(result.error)) this.#expired = true;
      else this.#exportError = result.error;
      return null;
    }
    if (result.value.status === 'done') this.#exported = result.value;
    return result.value;
  }

  dismissExport(): void {
    this.#exported = null;
    this.#exportError = null;
  }

  /** The arguments say only the filters that are set. */
  #filters(): { platform?: string; group?: FollowUpGroup } {
    return {
      ...(this.#platform === undefined ? {} : { platform: this.#platform }),
      ...(this.#group === undefined ? {} : { group: this.#group }),
    };
  }
}

/** The backend's answer for a load whose list it no longer keeps. */
const isExpired = (error: AppError) => error.code === 'bad_input' && error.field === 'loadId';

/** The attempt opened in the side panel, with its account and its user, each one request. */
class AttemptPanelState {
  #attempt = $state.raw<FollowUp | null>(null);
  #environment = $state<Environment>('sandbox');
  #account = $state.raw<OnDemand<AccountDetails>>(NOT_ASKED);
  #owner = $state.raw<OnDemand<PalencaUser>>(NOT_ASKED);
  readonly #accountCall = new CancellableCall();
  readonly #ownerCall = new CancellableCall();
  #sequence = 0;

  get attempt(): FollowUp | null {
    return this.#attempt;
  }

  get environment(): Environment {
    return this.#environment;
  }

  /** `GET /accounts/{id}`: Palenca's words and warning about the account. */
  get account(): OnDemand<AccountDetails> {
    return this.#account;
  }

  /** `GET /accounts/{id}/user`: whose account it is, for the link to reconnect. */
  get owner(): OnDemand<PalencaUser> {
    return this.#owner;
  }

  open(environment: Environment, attempt: FollowUp): void {
    this.close();
    this.#environment = environment;
    this.#attempt = attempt;
    void this.loadAccount();
    void this.loadOwner();
  }

  async loadAccount(): Promise<void> {
    const accountId = this.#attempt?.accountId;
    if (!accountId) return;
    const sequence = this.#sequence;
    const requestId = this.#accountCall.begin();
    this.#account = { ...NOT_ASKED, loading: true };
    const result = await window.palenca.getAccountDetails({
      environment: this.#environment,
      accountId,
      requestId,
    });
    if (sequence !== this.#sequence) return;
    this.#accountCall.end();
    this.#account = settled(result);
  }

  async loadOwner(): Promise<void> {
    const accountId = this.#attempt?.accountId;
    if (!accountId) return;
    const sequence = this.#sequence;
    const requestId = this.#ownerCall.begin();
    this.#owner = { ...NOT_ASKED, loading: true };
    const result = await window.palenca.getAccountUser({
      environment: this.#environment,
      accountId,
      requestId,
    });
    if (sequence !== this.#sequence) return;
    this.#ownerCall.end();
    this.#owner = settled(result);
  }

  /** The person stops waiting for Palenca's allowance. */
  cancelWait(): void {
    this.#accountCall.cancel();
    this.#ownerCall.cancel();
  }

  close(): void {
    this.#sequence++;
    this.#accountCall.cancel();
    this.#ownerCall.cancel();
    this.#attempt = null;
    this.#account = NOT_ASKED;
    this.#owner = NOT_ASKED;
  }
}

function settled<T>(result: Result<T>): OnDemand<T> {
  if (result.ok) return { loading: false, data: result.value, error: null, stopped: false };
  const stopped = result.error.code === 'cancelled';
  return { loading: false, data: null, error: stopped ? null : result.error, stopped };
}

export const connections = new ConnectionsState();
export const followUps = new FollowUpsState();
export const attemptPanel = new AttemptPanelState();
