// The filters being edited, the search last sent, and the page of users on screen.
import type {
  DatePreset,
  Environment,
  PageSize,
  UserFilter,
  UsersPage,
} from '../../../electron/shared/models.ts';
import type { AppError } from '../../../electron/shared/result.ts';
import { checkRange, presetRange, type RangeProblem } from '../lib/dates.ts';
import { settings } from './settings.svelte.ts';

class UsersState {
  // The form as the person is editing it.
  preset = $state<DatePreset>('last30');
  from = $state('');
  to = $state('');
  externalId = $state('');
  problems = $state<{ from?: RangeProblem; to?: RangeProblem }>({});

  // What was last sent, and what came back.
  applied = $state<UserFilter | null>(null);
  environment = $state<Environment | null>(null);
  pageSize = $state<PageSize>(50);
  pageNumber = $state(1);
  result = $state.raw<UsersPage | null>(null);
  loading = $state(false);
  error = $state<AppError | null>(null);
  #sequence = 0;

  /** Takes the remembered filters; a preset's days are counted again from today. */
  restore(): void {
    const saved = settings.current;
    if (!saved) return;
    this.preset = saved.filter.preset;
    const range = presetRange(saved.filter.preset) ?? saved.filter;
    this.from = range.from;
    this.to = range.to;
    this.externalId = saved.filter.externalId ?? '';
    this.pageSize = saved.pageSize;
  }

  choosePreset(preset: DatePreset): void {
    this.preset = preset;
    const range = presetRange(preset);
    if (range) {
      this.from = range.from;
      this.to = range.to;
    }
    this.problems = {};
  }

  /** Checks the form; when it is valid, remembers it and loads its first page. */
  async search(environment: Environment): Promise<boolean> {
    this.problems = checkRange({ from: this.from, to: this.to });
    if (this.problems.from || this.problems.to) return false;
    const externalId = this.externalId.trim();
    this.applied = { from: this.from, to: this.to, ...(externalId ? { externalId } : {}) };
    void settings.update({
      filter: { from: this.from, to: this.to, externalId, preset: this.preset },
    });
    await this.load(environment, 1);
    return true;
  }

  async setPageSize(environment: Environment, size: PageSize): Promise<void> {
    this.pageSize = size;
    void settings.update({ pageSize: size });
    if (this.applied) await this.load(environment, 1);
  }

  /** Loads one page of the applied search; old rows stay on screen until it arrives. */
  async load(environment: Environment, page: number): Promise<void> {
    const filter = this.applied;
    if (!filter) return;
    const sequence = ++this.#sequence;
    this.loading = true;
    this.pageNumber = page;
    const response = await window.palenca.searchUsers({
      environment,
      from: filter.from,
      to: filter.to,
      ...(filter.externalId ? { externalId: filter.externalId } : {}),
      page,
      perPage: this.pageSize,
    });
    if (sequence !== this.#sequence) return; // a newer request replaced this one
    this.loading = false;
    this.environment = environment;
    if (response.ok) {
      this.result = response.value;
      this.error = null;
    } else {
      this.error = response.error;
    }
  }

  retry(environment: Environment): Promise<void> {
    return this.load(environment, this.pageNumber);
  }

  /** Forgets results (another environment, or its key was removed). */
  clear(): void {
    this.#sequence++;
    this.result = null;
    this.error = null;
    this.loading = false;
    this.applied = null;
  }
}

export const users = new UsersState();
