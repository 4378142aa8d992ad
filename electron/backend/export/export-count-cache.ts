// The count of a window (one request: a page of one user, read for its total), kept for a
// minute per environment and window: toggling the options in the export step, or starting
// the export right after, asks Palenca nothing more. Two asks at once share one request; a
// failed count is not kept.
import type { Environment, UserFilter } from '#common/models.ts';
import type { Result } from '#common/result.ts';
import type { PalencaClient } from '../palenca/client.ts';

export const COUNT_TTL_MS = 60_000;

/** The users of `filter`: one request, a page of one user read for its total. */
export const countUsers = (
  client: Pick<PalencaClient, 'searchUsers'>,
  filter: UserFilter,
  options?: Parameters<PalencaClient['searchUsers']>[1],
): Promise<Result<number>> =>
  client
    .searchUsers({ ...filter, page: 1, perPage: 1 }, options)
    .then((page) =>
      page.ok ? { ok: true as const, value: page.value.pagination.total_items } : page,
    );

interface Kept {
  at: number;
  owner: object | undefined;
  users: Promise<Result<number>>;
}

export class ExportCountCache {
  readonly #kept = new Map<string, Kept>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs = COUNT_TTL_MS, now: () => number = () => performance.now()) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /**
   * The users of `filter`, counted at most once a minute. `owner` is what the count belongs
   * to beyond the environment (the app passes the environment's governor, which is replaced
   * when its key changes): a count made with another key is never reused.
   */
  count(
    environment: Environment,
    filter: UserFilter,
    client: Pick<PalencaClient, 'searchUsers'>,
    owner?: object,
  ): Promise<Result<number>> {
    const key = JSON.stringify([environment, filter.from, filter.to, filter.externalId ?? null]);
    const at = this.#now();
    for (const [k, kept] of this.#kept) if (at - kept.at >= this.#ttlMs) this.#kept.delete(k);
    const kept = this.#kept.get(key);
    if (kept && kept.owner === owner) return kept.users;
    const users = countUsers(client, filter);
    const entry = { at, owner, users };
    this.#kept.set(key, entry);
    void users.then((result) => {
      if (!result.ok && this.#kept.get(key) === entry) this.#kept.delete(key);
    });
    return users;
  }

  /** Forgets every count (an export just ran: what it read is newer than any count kept). */
  clear(): void {
    this.#kept.clear();
  }
}
