// Reads every connection attempt of a window, page by page, into a ConnectionsTally: the
// pages as background work (the governor paces them within the app's share and lets the
// table go first), a few in flight, counted strictly in page order as they arrive.
//
// Exact for what Palenca said: every page must report the same total and page size as the
// first, and the distinct attempts counted must add up to that total. When they do not
// (attempts created or deleted while reading), the read starts over from page one, at most
// MAX_RESTARTS times, then fails `window_changed`.
import type { ConnectionsSummary, FollowUp, LoginsPage } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import { linkedAbort } from '../linked-abort.ts';
import type { PalencaClient } from '../palenca/client.ts';
import { MAX_PAGE } from '../palenca/search-input.ts';
import { ConnectionsTally, type TallyOptions } from './connections-tally.ts';

/** Asked for; Palenca's largest is not published, so the page size it answers is used. */
export const CONNECTIONS_PAGE_SIZE = 100;
/**
 * Requests in flight at most. The governor decides when each goes; a few in flight only hide
 * the round trip between its turns.
 */
export const CONNECTIONS_CONCURRENCY = 3;
/** Starts over after the window changed, at most; then it fails `window_changed`. */
export const MAX_RESTARTS = 2;

export interface LoginsWindow {
  from: string;
  to: string;
}

/** What reading a window costs, from its first page. */
export interface ConnectionsCost {
  attempts: number;
  /** The page size Palenca answered with: later pages are asked at it. */
  pageSize: number;
  /** Requests in all, page one included. */
  pages: number;
}

export interface ConnectionsProgressStep {
  pagesDone: number;
  pagesTotal: number;
}

export interface ReadConnectionsOptions extends TallyOptions {
  signal?: AbortSignal;
  /** Page one as already read (by the estimate): not asked again on the first pass. */
  firstPage?: LoginsPage;
  concurrency?: number;
  /** Told when each pass starts and after every page counted. */
  onProgress?: (progress: ConnectionsProgressStep) => void;
  /** Told why a pass starts over. */
  onRestart?: (reason: string) => void;
}

export type ConnectionsReading = Omit<ConnectionsSummary, 'loadId'> & {
  /** Newest first; null when there were more than the cap. */
  followUpList: FollowUp[] | null;
};

/** The first page asked for: at CONNECTIONS_PAGE_SIZE. */
export const readFirstPage = (
  client: PalencaClient,
  window: LoginsWindow,
  options: { signal?: AbortSignal; priority?: 'interactive' | 'background' } = {},
): Promise<Result<LoginsPage>> =>
  client.searchLogins(
    { ...window, page: 1, perPage: CONNECTIONS_PAGE_SIZE },
    {
      priority: options.priority ?? 'interactive',
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );

/** What the window costs to read, or why its first page cannot be paged through. */
export function costOf(first: LoginsPage): Result<ConnectionsCost> {
  const { total_items: attempts, items_per_page: pageSize } = first.pagination;
  if (attempts === 0) return ok({ attempts, pageSize: CONNECTIONS_PAGE_SIZE, pages: 1 });
  if (pageSize < 1) {
    return fail('answer_inconsistent', "Palenca's answer cannot be paged through.", {
      detail: `${attempts} attempts on pages of ${pageSize}`,
    });
  }
  const pages = Math.ceil(attempts / pageSize);
  if (pages > MAX_PAGE) {
    return fail(
      'bad_request',
      `This window has ${attempts.toLocaleString('en-US')} connection attempts, too many to read. Choose a shorter window.`,
      { field: 'from' },
    );
  }
  return ok({ attempts, pageSize, pages });
}

/** One pass's end: counted, or the window changed under it (start over), or an error. */
type PassEnd = Result<ConnectionsTally> | { changed: string };

export async function readConnections(
  client: PalencaClient,
  window: LoginsWindow,
  options: ReadConnectionsOptions = {},
): Promise<Result<ConnectionsReading>> {
  for (let pass = 0; ; pass++) {
    const given = pass === 0 ? options.firstPage : undefined;
    const first =
      given !== undefined
        ? ok(given)
        : await readFirstPage(client, window, {
            priority: 'background',
            ...(options.signal ? { signal: options.signal } : {}),
          });
    if (!first.ok) return first;
    const end = await readPass(client, window, first.value, options);
    if ('changed' in end) {
      if (pass >= MAX_RESTARTS) {
        return fail(
          'window_changed',
          'Connection attempts kept being created or removed in this window while it was read, so the counts would not be exact. Try again in a moment, or choose a window that ended earlier.',
          { detail: end.changed },
        );
      }
      options.onRestart?.(end.changed);
      continue;
    }
    if (!end.ok) return end;
    const tally = end.value;
    return ok({
      ...window,
      ...tally.summary(),
      readAt: new Date().toISOString(),
      followUpList: tally.followUpList(),
    });
  }
}

async function readPass(
  client: PalencaClient,
  window: LoginsWindow,
  first: LoginsPage,
  options: ReadConnectionsOptions,
): Promise<PassEnd> {
  const cost = costOf(first);
  if (!cost.ok) return cost;
  const { attempts: total, pageSize, pages } = cost.value;
  const tally = new ConnectionsTally(options);
  tally.addPage(first.logins);
  let pagesDone = 1;
  const report = () => options.onProgress?.({ pagesDone, pagesTotal: pages });
  report();

  const abort = linkedAbort(options.signal);
  let end: PassEnd | null = null;
  /** Pages arrived but not counted yet (one before them is still on its way). */
  const arrived = new Map<number, LoginsPage>();
  let nextToAsk = 2;
  let nextToCount = 2;
  const concurrency = Math.max(1, options.concurrency ?? CONNECTIONS_CONCURRENCY);
  // A slow page holds the count back; the pages asked meanwhile wait here, at most this many.
  const maxAhead = concurrency * 2;
  let wakeUps: (() => void)[] = [];
  const wakeAll = () => {
    for (const wake of wakeUps) wake();
    wakeUps = [];
  };
  const stop = (why: PassEnd) => {
    end ??= why;
    abort.abort();
    wakeAll();
  };

  const worker = async () => {
    while (end === null && nextToAsk <= pages) {
      if (nextToAsk - nextToCount >= maxAhead) {
        await new Promise<void>((resolve) => wakeUps.push(resolve));
        continue;
      }
      const index = nextToAsk++;
      const page = await client.searchLogins(
        { ...window, page: index, perPage: pageSize },
        { signal: abort.signal, priority: 'background' },
      );
      if (end !== null) return;
      if (!page.ok) return stop(page);
      const { total_items, items_per_page } = page.value.pagination;
      if (total_items !== total || items_per_page !== pageSize) {
        return stop({
          changed: `page ${index}: ${total_items} attempts on pages of ${items_per_page}, page 1 said ${total} on pages of ${pageSize}`,
        });
      }
      arrived.set(index, page.value);
      for (let next = arrived.get(nextToCount); next; next = arrived.get(nextToCount)) {
        arrived.delete(nextToCount);
        tally.addPage(next.logins);
        nextToCount++;
        pagesDone++;
        report();
      }
      wakeAll();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, pages - 1) }, worker));
  } finally {
    abort.dispose();
  }
  if (end !== null) return end;
  if (tally.seen !== total) {
    return { changed: `${tally.seen} distinct attempts read, Palenca said ${total}` };
  }
  return ok(tally);
}
