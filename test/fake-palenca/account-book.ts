// The accounts and connection attempts of the current users, looked up the ways Palenca's
// endpoints need: an account by its id (for any user, listed or not), and the attempts of a
// date window, newest first. Both are built lazily and rebuilt after users change.
import { accountsFor } from './accounts.ts';
import { formatDay } from './days.ts';
import { type FakeLogin, loginsForAccount, newestFirst } from './logins.ts';
import type { StoredUser, UserSet } from './user-set.ts';

/** Windows kept: a benchmark pages one window ~100 times; a test may switch between a few. */
const CACHED_WINDOWS = 4;

export interface FoundAccount {
  user: StoredUser;
  account: Record<string, unknown>;
}

export class AccountBook {
  readonly #seed: number;
  readonly #users: UserSet;
  /** Bumped whenever users are inserted or deleted: every index is stale then. */
  #version = 0;
  #owners: { version: number; byAccount: Map<string, string> } | null = null;
  /**
   * Owners already met (in a user's list, in a window's attempts): the way the app reaches
   * an account, answered without indexing every user (seconds for a million).
   */
  readonly #met = new Map<string, string>();
  readonly #windows = new Map<string, FakeLogin[]>();

  constructor(seed: number, users: UserSet) {
    this.#seed = seed;
    this.#users = users;
  }

  /** Users were inserted or deleted. */
  changed(): void {
    this.#version++;
    this.#owners = null;
    this.#met.clear();
    this.#windows.clear();
  }

  /** The accounts of a user, as its list gives them; their owner is remembered. */
  accountsOf(user: StoredUser): Record<string, unknown>[] {
    const accounts = accountsFor(this.#seed, this.#users.userHash(user.user_id), user.created_day);
    for (const account of accounts) this.#met.set(String(account.account_id), user.user_id);
    return accounts;
  }

  /** Any account of the current users, with its owner; null for an id nobody has. */
  find(accountId: string): FoundAccount | null {
    const met = this.#met.get(accountId);
    if (met !== undefined) return this.#inUser(met, accountId);
    if (!this.#owners || this.#owners.version !== this.#version) {
      const byAccount = new Map<string, string>();
      for (const user of this.#users.page('0001-01-01', '9999-12-31', null, 0, Infinity).users) {
        for (const account of accountsFor(
          this.#seed,
          this.#users.userHash(user.user_id),
          user.created_day,
        )) {
          byAccount.set(String(account.account_id), user.user_id);
        }
      }
      this.#owners = { version: this.#version, byAccount };
    }
    const userId = this.#owners.byAccount.get(accountId);
    return userId === undefined ? null : this.#inUser(userId, accountId);
  }

  #inUser(userId: string, accountId: string): FoundAccount | null {
    const user = this.#users.find(userId);
    if (!user) return null;
    const account = this.accountsOf(user).find((a) => a.account_id === accountId);
    return account ? { user, account } : null;
  }

  /**
   * Every attempt created on a UTC day from `fromDay` to `toDay` (epoch days, inclusive),
   * newest first. The same array for the same users and window: do not change it.
   */
  loginsInWindow(fromDay: number, toDay: number): FakeLogin[] {
    const key = `${fromDay}|${toDay}`;
    const cached = this.#windows.get(key);
    if (cached) return cached;
    const from = formatDay(fromDay);
    const to = formatDay(toDay);
    const logins: FakeLogin[] = [];
    // An attempt comes on its account's day (its user's) or the next: start a day early.
    const owners = this.#users.page(formatDay(fromDay - 1), to, null, 0, Infinity).users;
    for (const user of owners) {
      for (const account of this.accountsOf(user)) {
        for (const login of loginsForAccount(this.#seed, account)) {
          const day = login.created_at.slice(0, 10);
          if (day >= from && day <= to) logins.push(login);
        }
      }
    }
    logins.sort(newestFirst);
    if (this.#windows.size >= CACHED_WINDOWS) {
      const oldest = this.#windows.keys().next().value;
      if (oldest !== undefined) this.#windows.delete(oldest);
    }
    this.#windows.set(key, logins);
    return logins;
  }
}
