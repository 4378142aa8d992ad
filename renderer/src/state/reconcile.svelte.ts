// "Reconcile a list": the list the person pasted or opened, what it reads as and costs (asked
// of main as it changes, no request to Palenca), then the one reconcile there is: running (from
// `reconcileProgress` events), paused (stopped, or the app closed; it resumes), done with its
// rows. The backend owns the job; this keeps what the view shows, so leaving the tab and coming
// back (or restarting the app) shows the same thing.
import type {
  AllowanceStatus,
  Environment,
  ReconcileEstimate,
  ReconcileJob,
  ReconcilePage,
  ReconcileShow,
} from '#common/models.ts';
import type { AppError } from '#common/result.ts';

/** The contract's limit on the text sent (characters); a file's limit in bytes is the same. */
export const MAX_LIST_TEXT = 10_000_000;
/** Typing settles this long before the list is read again. */
const ESTIMATE_DEBOUNCE_MS = 300;
export const ROWS_PER_PAGE = 50;

/** Why the text was not even sent to be read: said in the page's own words. */
export type InputProblem = 'text_too_big' | 'file_too_big' | 'file_not_text' | 'file_unreadable';

export interface ListInput {
  environment: Environment;
  text: string;
  column: string | null;
  withStatus: boolean;
}

class ReconcileState {
  // What the person gave.
  #text = $state('');
  #fileName = $state<string | null>(null);
  #column = $state<string | null>(null);
  #withStatus = $state(false);
  #inputProblem = $state<InputProblem | null>(null);
  // What it reads as.
  #estimate = $state.raw<ReconcileEstimate | null>(null);
  #estimateError = $state<AppError | null>(null);
  #estimating = $state(false);
  /** The columns to choose from when the chosen one is not in this list's header. */
  #fallbackColumns = $state.raw<string[] | null>(null);
  #estimateSequence = 0;
  #debounce: ReturnType<typeof setTimeout> | undefined;
  // The job.
  #job = $state.raw<ReconcileJob | null>(null);
  #allowance = $state.raw<AllowanceStatus | null>(null);
  #starting = $state(false);
  #stopping = $state(false);
  #jobError = $state<AppError | null>(null);
  #loaded = $state(false);
  /** Counts up on discard, so a start or resume that answers afterwards is ignored. */
  #jobSequence = 0;
  /** Discarded: a last progress of the stopped run, arriving late, must not bring it back. */
  #discarded = false;
  // Its rows.
  #show = $state<ReconcileShow>('all');
  #page = $state.raw<ReconcilePage | null>(null);
  #pendingPage = $state<number | null>(null);
  #rowsError = $state<AppError | null>(null);
  #rowsSequence = 0;
  // Its export.
  #exporting = $state(false);
  #exportedPath = $state<string | null>(null);
  #exportError = $state<AppError | null>(null);
  #unsubscribe: (() => void) | null = null;

  get text(): string {
    return this.#text;
  }

  /** The opened file's name while its text is the list; null for pasted text. */
  get fileName(): string | null {
    return this.#fileName;
  }

  get column(): string | null {
    return this.#column;
  }

  get withStatus(): boolean {
    return this.#withStatus;
  }

  get inputProblem(): InputProblem | null {
    return this.#inputProblem;
  }

  get estimate(): ReconcileEstimate | null {
    return this.#estimate;
  }

  get estimateError(): AppError | null {
    return this.#estimateError;
  }

  get estimating(): boolean {
    return this.#estimating;
  }

  /** The header's names to pick the IDs' column from (the reading's, or after a missing one). */
  get columns(): string[] | null {
    return this.#estimate?.reading.columns ?? this.#fallbackColumns;
  }

  /** The list can be looked up: read, within the limit, nothing being run already. */
  get canStart(): boolean {
    const reading = this.#estimate?.reading;
    return !!reading && reading.ids > 0 && reading.overLimit === 0 && !this.#starting;
  }

  get job(): ReconcileJob | null {
    return this.#job;
  }

  /** The running job's allowance, from its last progress; null before the first. */
  get allowance(): AllowanceStatus | null {
    return this.#allowance;
  }

  /** Start or Resume was pressed and the first progress has not come yet. */
  get starting(): boolean {
    return this.#starting;
  }

  /** Stop was pressed and the job has not said it paused yet. */
  get stopping(): boolean {
    return this.#stopping;
  }

  get jobError(): AppError | null {
    return this.#jobError;
  }

  /** Whether main has said which reconcile there is (so the view does not flash the input). */
  get loaded(): boolean {
    return this.#loaded;
  }

  get show(): ReconcileShow {
    return this.#show;
  }

  get page(): ReconcilePage | null {
    return this.#page;
  }

  get pendingPage(): number | null {
    return this.#pendingPage;
  }

  get rowsError(): AppError | null {
    return this.#rowsError;
  }

  get exporting(): boolean {
    return this.#exporting;
  }

  get exportedPath(): string | null {
    return this.#exportedPath;
  }

  get exportError(): AppError | null {
    return this.#exportError;
  }

  listen(): () => void {
    this.#unsubscribe ??= window.palenca.on('reconcileProgress', ({ job, allowance }) => {
      if (this.#discarded) return;
      this.#allowance = allowance;
      this.#setJob(job);
    });
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
    };
  }

  /** Asks main which reconcile there is: after a restart, a paused one is offered again. */
  async refresh(): Promise<void> {
    const sequence = this.#jobSequence;
    const result = await window.palenca.getReconcile();
    this.#loaded = true;
    if (sequence !== this.#jobSequence) return;
    if (!result.ok) {
      this.#jobError = result.error;
      return;
    }
    // A start in flight answers for itself; a job main no longer has is gone.
    if (this.#starting && !result.value) return;
    if (result.value) this.#discarded = false;
    this.#setJob(result.value);
  }

  // ---- The list ----

  /** The person typed or pasted: read again once the typing settles. */
  setText(text: string, environment: Environment): void {
    this.#text = text;
    this.#fileName = null;
    this.#inputProblem = null;
    this.#scheduleEstimate(environment, ESTIMATE_DEBOUNCE_MS);
  }

  /** A file was read in the page: its text is the list now. */
  setFile(name: string, text: string, environment: Environment): void {
    this.#text = text;
    this.#fileName = name;
    this.#inputProblem = null;
    this.#scheduleEstimate(environment, 0);
  }

  /** A file could not be used: said, and the list there was stays. */
  refuseFile(problem: InputProblem): void {
    this.#inputProblem = problem;
  }

  /** Back to an empty list (the file set aside, or a new list started). */
  clearList(): void {
    this.#text = '';
    this.#fileName = null;
    this.#column = null;
    this.#inputProblem = null;
    this.#resetEstimate();
  }

  setColumn(column: string | null, environment: Environment): void {
    this.#column = column;
    this.#scheduleEstimate(environment, 0);
  }

  setWithStatus(withStatus: boolean, environment: Environment): void {
    this.#withStatus = withStatus;
    this.#scheduleEstimate(environment, 0);
  }

  /** The environment or the allowance share changed: the cost is said again. */
  reestimate(environment: Environment): void {
    if (this.#text) this.#scheduleEstimate(environment, 0);
  }

  #resetEstimate(): void {
    clearTimeout(this.#debounce);
    this.#estimateSequence++;
    this.#estimate = null;
    this.#estimateError = null;
    this.#fallbackColumns = null;
    this.#estimating = false;
  }

  #scheduleEstimate(environment: Environment, delay: number): void {
    clearTimeout(this.#debounce);
    const sequence = ++this.#estimateSequence;
    if (this.#text.trim() === '') {
      this.#resetEstimate();
      return;
    }
    if (this.#text.length > MAX_LIST_TEXT) {
      this.#resetEstimate();
      this.#inputProblem = 'text_too_big';
      return;
    }
    this.#estimating = true;
    this.#debounce = setTimeout(() => void this.#read(environment, sequence), delay);
  }

  async #read(environment: Environment, sequence: number): Promise<void> {
    const input = this.#input(environment);
    const result = await window.palenca.estimateReconcile({
      environment,
      text: input.text,
      column: input.column ?? undefined,
      withStatus: input.withStatus,
    });
    if (sequence !== this.#estimateSequence) return;
    if (result.ok) {
      this.#estimating = false;
      this.#estimate = result.value;
      this.#estimateError = null;
      this.#fallbackColumns = null;
      return;
    }
    // The column chosen for an earlier list is not in this one: read again without it (still
    // no request to Palenca). A plain list simply has no columns: the choice is dropped. A
    // table without it: said, and its columns offered.
    let fallback: string[] | null = null;
    if (result.error.code === 'list_no_column' && input.column !== null) {
      const again = await window.palenca.estimateReconcile({
        environment,
        text: input.text,
        withStatus: input.withStatus,
      });
      if (sequence !== this.#estimateSequence) return;
      if (again.ok && again.value.reading.columns === null) {
        this.#column = null;
        this.#estimating = false;
        this.#estimate = again.value;
        this.#estimateError = null;
        this.#fallbackColumns = null;
        return;
      }
      if (again.ok) fallback = again.value.reading.columns;
    }
    this.#estimating = false;
    this.#estimate = null;
    this.#estimateError = result.error;
    this.#fallbackColumns = fallback;
  }

  #input(environment: Environment): ListInput {
    return {
      environment,
      text: this.#text,
      column: this.#column,
      withStatus: this.#withStatus,
    };
  }

  // ---- The job ----

  #setJob(job: ReconcileJob | null): void {
    const was = this.#job;
    this.#job = job;
    if (job) this.#starting = false;
    if (job?.state !== 'running') this.#stopping = false;
    if (!job) {
      this.#page = null;
      return;
    }
    // The rows are read when the job stops (done or paused), and again when it is new.
    const stopped = job.state !== 'running';
    const changed = !was || was.state !== job.state || was.startedAt !== job.startedAt;
    if (stopped && changed) void this.loadRows(1);
  }

  /** Looks the list up as read now. Resolves when it ends, done or paused. */
  async start(environment: Environment): Promise<void> {
    if (!this.canStart) return;
    const input = this.#input(environment);
    await this.#run(() =>
      window.palenca.startReconcile({
        environment,
        text: input.text,
        column: input.column ?? undefined,
        withStatus: input.withStatus,
      }),
    );
  }

  async resume(): Promise<void> {
    await this.#run(() => window.palenca.resumeReconcile());
  }

  async #run(call: () => ReturnType<typeof window.palenca.resumeReconcile>): Promise<void> {
    const sequence = this.#jobSequence;
    this.#discarded = false;
    this.#starting = true;
    this.#jobError = null;
    this.#exportedPath = null;
    this.#exportError = null;
    this.#show = 'all';
    const result = await call();
    if (sequence !== this.#jobSequence) return;
    this.#starting = false;
    if (result.ok) this.#setJob(result.value);
    else {
      this.#jobError = result.error;
      await this.refresh();
    }
  }

  /** Stops it: what is pending stays, to resume now or after a restart. */
  async stop(): Promise<void> {
    if (this.#job?.state !== 'running') return;
    this.#stopping = true;
    const result = await window.palenca.cancelReconcile();
    if (!result.ok) {
      this.#stopping = false;
      this.#jobError = result.error;
    }
  }

  /** Forgets the job and its results; the list typed stays, to start again or change. */
  async discard(): Promise<void> {
    this.#jobSequence++;
    this.#discarded = true;
    const result = await window.palenca.discardReconcile();
    if (!result.ok) {
      this.#discarded = false;
      this.#jobError = result.error;
      await this.refresh();
      return;
    }
    this.#job = null;
    this.#allowance = null;
    this.#starting = false;
    this.#stopping = false;
    this.#jobError = null;
    this.#page = null;
    this.#rowsError = null;
    this.#exportedPath = null;
    this.#exportError = null;
  }

  dismissJobError(): void {
    this.#jobError = null;
  }

  // ---- Its rows ----

  async setShow(show: ReconcileShow): Promise<void> {
    this.#show = show;
    await this.loadRows(1);
  }

  async loadRows(page: number): Promise<void> {
    const sequence = ++this.#rowsSequence;
    this.#pendingPage = page;
    const result = await window.palenca.getReconcileRows({
      page,
      perPage: ROWS_PER_PAGE,
      show: this.#show,
    });
    if (sequence !== this.#rowsSequence) return;
    this.#pendingPage = null;
    if (result.ok) {
      this.#page = result.value;
      this.#rowsError = null;
    } else this.#rowsError = result.error;
  }

  // ---- Its export ----

  /** The save dialog, then the CSV; resolves to the saved file's path (null: none saved). */
  async exportRows(): Promise<{ path: string; rows: number } | null> {
    if (this.#exporting) return null;
    this.#exporting = true;
    this.#exportError = null;
    const result = await window.palenca.exportReconcile();
    this.#exporting = false;
    if (!result.ok) {
      this.#exportError = result.error;
      return null;
    }
    if (result.value.status !== 'done') return null;
    this.#exportedPath = result.value.path;
    return { path: result.value.path, rows: result.value.rows };
  }
}

export const reconcile = new ReconcileState();
