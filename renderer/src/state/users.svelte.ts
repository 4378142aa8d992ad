// The filters being edited, the search last sent, and the page of users on screen.
import type { DatePreset, Environment, PageSize, UserFilter, UsersPage } from '#common/models.ts';
import type { AppError } from '#common/result.ts';
import { CancellableCall } from '../lib/cancellable-call.ts';
import {
  checkBounds,
  checkRange,
  presetRange,
  type RangeProblems,
  searchRange,
} from '../lib/dates.ts';
import { settings } from './settings.svelte.ts';

/** A page of users together with the search it answers, so the two never disagree. */
export interface UsersResult {
  filter: UserFilter;
  environment: Environment;
  page: UsersPage;
}

/** After this long without an answer, a load says "Still waiting for Palenca…" with Cancel. */
export const STILL_WAITING_MS = 5000;

export const sameFilter = (a: UserFilter | null | undefined, b: UserFilter | null | undefined) =>
  !!a && !!b && a.from === b.from && a.to === b.to && (a.externalId ?? '') === (b.externalId ?? '');

class UsersState {
  // The form as the person is editing it.
  #preset = $state<DatePreset>('last30');
  #from = $state('');
  #to = $state('');
  #externalId = $state('');
  #problems = $state<RangeProblems>({});

  // The search last sent (it may still be loading, or have failed), and what is on screen.
  #applied = $state<UserFilter | null>(null);
  #environment = $state<Environment | null>(null);
  #pageSize = $state<PageSize>(50);
  /** The page last asked for: quick Next clicks count from it, not from the page on screen. */
  #pageNumber = $state(1);
  #result = $state.raw<UsersResult | null>(null);
  #loading = $state(false);
  #slow = $state(false);
  #stopped = $state(false);
  #error = $state<AppError | null>(null);
  #failedPage: number | null = null;
  #slowTimer: ReturnType<typeof setTimeout> | undefined;
  #sequence = 0;
  /** Names the call in flight, so a wait for Palenca's allowance can be cancelled. */
  readonly #call = new CancellableCall();

  get preset(): DatePreset {
    return this.#preset;
  }

  get from(): string {
    return this.#from;
  }

  get to(): string {
    return this.#to;
  }

  get externalId(): string {
    return this.#externalId;
  }

  /** Why the form's dates cannot be sent, said at their fields. */
  get problems(): Readonly<RangeProblems> {
    return this.#problems;
  }

  /** The search last sent (it may still be loading, or have failed). */
  get applied(): UserFilter | null {
    return this.#applied;
  }

  /** The environment of the rows on screen (or of the search that failed). */
  get environment(): Environment | null {
    return this.#environment;
  }

  get pageSize(): PageSize {
    return this.#pageSize;
  }

  get result(): UsersResult | null {
    return this.#result;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** The load in flight has waited long enough to say so and offer Cancel. */
  get slow(): boolean {
    return this.#slow;
  }

  /** The person stopped the last load: nothing failed, Retry loads it again. */
  get stopped(): boolean {
    return this.#stopped;
  }

  get error(): AppError | null {
    return this.#error;
  }

  /** Whether the rows on screen answer the search last sent (not an older one). */
  get current(): boolean {
    return this.#result !== null && sameFilter(this.#result.filter, this.#applied);
  }

  /**
   * The form as Search would send it (a preset counted from today), or null while its dates
   * cannot be sent. Export acts on this, not on the last search: the form is the truth.
   */
  get formFilter(): UserFilter | null {
    const range = searchRange(this);
    const problems = checkRange(range);
    if (problems.from || problems.to) return null;
    const externalId = this.#externalId.trim();
    return { from: range.from, to: range.to, ...(externalId ? { externalId } : {}) };
  }

  /**
   * The field has spaces (or tabs) at an end, which a search or export from the form leaves
   * out: most likely pasted by accident. The page says so at the field, so the trimming is
   * never silent (the backend and the CLI send an external ID exactly as given).
   */
  get externalIdTrimmed(): boolean {
    return this.#externalId !== this.#externalId.trim();
  }

  /** The form no longer shows the search last sent: its results are marked stale. */
  get isStale(): boolean {
    return this.#applied !== null && !sameFilter(this.formFilter, this.#applied);
  }

  /**
   * The page being loaded when it is another page of the search on screen ("Loading page 2…"),
   * so the page label can keep saying which page the rows are.
   */
  get loadingPage(): number | null {
    if (!this.#loading || !this.current || !this.#result) return null;
    return this.#pageNumber === this.#result.page.pagination.page ? null : this.#pageNumber;
  }

  /** Takes the remembered filters; a preset's days are counted again from today. */
  restore(): void {
    const saved = settings.current;
    if (!saved) return;
    this.#preset = saved.filter.preset;
    const range = presetRange(saved.filter.preset) ?? saved.filter;
    this.#from = range.from;
    this.#to = range.to;
    // Not the external ID: a one-off lookup is never remembered, so never brought back.
    this.#pageSize = saved.pageSize;
  }

  choosePreset(preset: DatePreset): void {
    this.#preset = preset;
    const range = presetRange(preset);
    if (range) {
      this.#from = range.from;
      this.#to = range.to;
    }
    this.#problems = {};
  }

  /**
   * A day typed into a field: the period becomes custom, and a day outside the plausible
   * bound is said at once, at that field (the rest waits for Search).
   */
  editDay(field: 'from' | 'to', day: string): void {
    if (field === 'from') this.#from = day;
    else this.#to = day;
    this.#preset = 'custom';
    this.#problems = checkBounds({ from: this.#from, to: this.#to });
  }

  /** Typed into the external ID field: sent as typed, trimmed, with the next search. */
  editExternalId(externalId: string): void {
    this.#externalId = externalId;
  }

  /** Says at the fields what keeps the form's dates from being sent (before an export). */
  showFormProblems(): void {
    this.#problems = checkRange(searchRange(this));
  }

  /** Checks the form; when it is valid, remembers it and loads its first page. */
  async search(environment: Environment): Promise<boolean> {
    const range = searchRange(this);
    this.#from = range.from;
    this.#to = range.to;
    this.#problems = checkRange(range);
    if (this.#problems.from || this.#problems.to) return false;
    const externalId = this.#externalId.trim();
    this.#applied = { from: this.#from, to: this.#to, ...(externalId ? { externalId } : {}) };
    void settings.remember({
      filter: { from: this.#from, to: this.#to, preset: this.#preset },
    });
    await this.load(environment, 1);
    return true;
  }

  async setPageSize(environment: Environment, size: PageSize): Promise<void> {
    this.#pageSize = size;
    void settings.remember({ pageSize: size });
    if (this.#applied) await this.load(environment, 1);
  }

  /** Loads one page of the applied search; old rows stay on screen until it arrives. */
  async load(environment: Environment, page: number): Promise<void> {
    const filter = this.#applied;
    if (!filter) return;
    const sequence = ++this.#sequence;
    // A page nobody will see would only spend the allowance: the one it replaces is stopped.
    const requestId = this.#call.begin();
    this.#loading = true;
    this.#stopped = false;
    this.#pageNumber = page;
    this.#startSlowClock();
    const response = await window.palenca.searchUsers({
      environment,
      from: filter.from,
      to: filter.to,
      ...(filter.externalId ? { externalId: filter.externalId } : {}),
      page,
      perPage: this.#pageSize,
      requestId,
    });
    if (sequence !== this.#sequence) return; // a newer request replaced this one
    this.#call.end();
    this.#loading = false;
    this.#stopSlowClock();
    if (!response.ok && response.error.code === 'cancelled') {
      // The person stopped waiting: what was on screen stays, and so does its page number.
      this.#pageNumber = this.#result?.page.pagination.page ?? 1;
      this.#failedPage = page;
      this.#error = null;
      this.#stopped = true;
      return;
    }
    if (response.ok) {
      this.#environment = environment;
      this.#result = { filter, environment, page: response.value };
      this.#error = null;
      this.#failedPage = null;
      return;
    }
    this.#error = response.error;
    this.#failedPage = page;
    if (
      this.#result &&
      sameFilter(this.#result.filter, filter) &&
      this.#environment === environment
    ) {
      // A page change failed: the rows of the same search stay, and so does their page number.
      this.#pageNumber = this.#result.page.pagination.page;
    } else {
      // Another search failed: rows of the old one would be taken for its answer.
      this.#result = null;
      this.#environment = environment;
    }
  }

  /** The person stops waiting for the page being loaded; the rows on screen stay. */
  cancelWait(): void {
    this.#call.cancel();
  }

  retry(environment: Environment): Promise<void> {
    return this.load(environment, this.#failedPage ?? this.#pageNumber);
  }

  /**
   * A wait for Palenca's allowance has ended: the seconds before "Still waiting for Palenca…"
   * count again from now, from when Palenca was actually asked.
   */
  allowanceWaitEnded(): void {
    if (this.#loading) this.#startSlowClock();
  }

  #startSlowClock(): void {
    clearTimeout(this.#slowTimer);
    this.#slow = false;
    this.#slowTimer = setTimeout(() => {
      this.#slow = true;
    }, STILL_WAITING_MS);
  }

  #stopSlowClock(): void {
    clearTimeout(this.#slowTimer);
    this.#slow = false;
  }

  /** Forgets results (another environment, or its key was removed or replaced). */
  clear(): void {
    this.#sequence++;
    this.#call.cancel();
    this.#stopSlowClock();
    this.#result = null;
    this.#error = null;
    this.#stopped = false;
    this.#loading = false;
    this.#applied = null;
    this.#failedPage = null;
  }
}

export const users = new UsersState();
