// The Connections calls: the cost of a window (one request, its first page kept a few minutes
// so the load does not ask it again), the load (every page, background, with progress and
// cancel), and the follow-up list of the last few loads, paged and exported from memory.
import { randomUUID } from 'node:crypto';
import type { CallHandlers } from '#common/contract.ts';
import {
  type Environment,
  type FollowUp,
  type LoginsPage,
  MAX_FOLLOW_UPS,
} from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import type { AllowanceGovernor } from '../allowance/allowance-governor.ts';
import {
  CONNECTIONS_CONCURRENCY,
  CONNECTIONS_PAGE_SIZE,
  type ConnectionsProgressStep,
  costOf,
  type LoginsWindow,
  readConnections,
  readFirstPage,
} from '../connections/connections-loader.ts';
import { writeFollowUpsCsv } from '../connections/follow-up-csv.ts';
import { filterFollowUps, followUpPage } from '../connections/follow-up-list.ts';
import type { BackendContext } from '../context.ts';
import { checkLoginsInput } from '../palenca/search-input.ts';
import { CancellableRuns } from './cancellable-runs.ts';
import { chooseTarget, namePart } from './save-target.ts';

type ConnectionsHandlers = Pick<
  CallHandlers,
  | 'estimateConnections'
  | 'loadConnections'
  | 'cancelConnections'
  | 'getFollowUps'
  | 'exportFollowUps'
>;

/** An estimate's first page is reused by the load that follows it within this long. */
const FIRST_PAGE_TTL_MS = 5 * 60_000;
/** First pages kept at most (a person flipping between windows); the oldest go first. */
const FIRST_PAGES_KEPT = 10;
/** Loads whose follow-up list is kept for paging and export; older ones are forgotten. */
export const LOADS_KEPT = 3;

export interface ConnectionsHandlerOptions {
  /** The longest follow-up list kept; default MAX_FOLLOW_UPS (tests shrink it). */
  maxFollowUps?: number;
}

interface KeptLoad {
  environment: Environment;
  window: LoginsWindow;
  followUps: FollowUp[] | null;
}

export const suggestedFollowUpName = (environment: Environment, window: LoginsWindow): string =>
  `palenca-follow-up_${environment}_${namePart(window.from)}_${namePart(window.to)}.csv`;

const checkWindow = (window: LoginsWindow): Result<unknown> =>
  checkLoginsInput({ ...window, page: 1, perPage: CONNECTIONS_PAGE_SIZE });

export const createConnectionsHandlers = (
  ctx: BackendContext,
  options: ConnectionsHandlerOptions = {},
): ConnectionsHandlers => {
  /**
   * Estimates' first pages, by environment and window. The governor they were read under
   * goes with them: a key saved since (maybe another organisation's) gets a new governor,
   * and then the page is not this key's.
   */
  const firstPages = new Map<
    string,
    { page: LoginsPage; at: number; governor: AllowanceGovernor }
  >();
  const runs = new CancellableRuns(ctx.stopping);
  const loads = new Map<string, KeptLoad>();

  /**
   * Keeps the newest LOADS_KEPT loads, and of those the older ones only while the lists
   * together stay within one cap's worth: memory for one long list, not three.
   */
  const forgetOldLoads = () => {
    const cap = options.maxFollowUps ?? MAX_FOLLOW_UPS;
    let kept = 0;
    for (const [index, loadId] of [...loads.keys()].reverse().entries()) {
      kept += loads.get(loadId)?.followUps?.length ?? 0;
      if (index > 0 && (index >= LOADS_KEPT || kept > cap)) loads.delete(loadId);
    }
  };

  const pageKey = (environment: Environment, window: LoginsWindow) =>
    JSON.stringify([environment, window.from, window.to]);

  /** The estimate's first page, once, when fresh and read under this governor. */
  const takeFirstPage = (environment: Environment, window: LoginsWindow) => {
    const key = pageKey(environment, window);
    const kept = firstPages.get(key);
    firstPages.delete(key);
    const fresh =
      kept &&
      Date.now() - kept.at < FIRST_PAGE_TTL_MS &&
      kept.governor === ctx.allowanceFor(environment);
    return fresh ? kept.page : undefined;
  };

  const keptLoad = (loadId: string): Result<KeptLoad & { followUps: FollowUp[] }> => {
    const load = loads.get(loadId);
    if (!load) {
      return fail(
        'bad_input',
        'This list of attempts is no longer kept (only the last few loads are). Load the connections again.',
        { field: 'loadId' },
      );
    }
    if (load.followUps === null) {
      return fail(
        'bad_input',
        'This window has too many attempts that need follow-up to list them. Choose a shorter window.',
        { field: 'loadId' },
      );
    }
    return ok({ ...load, followUps: load.followUps });
  };

  return {
    async estimateConnections({ environment, from, to }) {
      const window = { from, to };
      const checked = checkWindow(window);
      if (!checked.ok) return checked;
      const client = await ctx.clientFor(environment);
      if (!client.ok) return client;
      const first = await readFirstPage(client.value, window, { signal: ctx.stopping });
      if (!first.ok) return first;
      const cost = costOf(first.value);
      if (!cost.ok) return cost;
      const governor = ctx.allowanceFor(environment);
      const key = pageKey(environment, window);
      firstPages.delete(key);
      firstPages.set(key, { page: first.value, at: Date.now(), governor });
      for (const oldest of firstPages.keys()) {
        if (firstPages.size <= FIRST_PAGES_KEPT) break;
        firstPages.delete(oldest);
      }
      const { attempts, pages } = cost.value;
      return ok({
        attempts,
        requests: pages,
        estimatedMs: governor.estimateMs(pages - 1, CONNECTIONS_CONCURRENCY),
        share: (await ctx.settings.read()).allowanceShare,
      });
    },

    async loadConnections({ environment, from, to, requestId }) {
      const window = { from, to };
      // A second load under the same id replaces the first.
      const controller = runs.start(requestId);
      const cancelled = () => fail('cancelled', 'Reading the connections was cancelled.');
      let unsubscribe = () => {};
      try {
        const checked = checkWindow(window);
        if (!checked.ok) return checked;
        const client = await ctx.clientFor(environment);
        if (controller.signal.aborted) return cancelled();
        if (!client.ok) return client;
        const governor = ctx.allowanceFor(environment);
        const firstPage = takeFirstPage(environment, window);

        // Progress: on every page, and when the allowance's state changes in between.
        let last: ConnectionsProgressStep | null = null;
        const emit = () => {
          if (!last || controller.signal.aborted) return;
          const left = last.pagesTotal - last.pagesDone;
          ctx.emit('connectionsProgress', {
            requestId,
            pagesDone: last.pagesDone,
            pagesTotal: last.pagesTotal,
            remainingMs: left > 0 ? governor.estimateMs(left, CONNECTIONS_CONCURRENCY) : null,
            allowance: governor.status(),
          });
        };
        unsubscribe = governor.onStatus(emit);
        const result = await ctx.track(
          readConnections(client.value, window, {
            signal: controller.signal,
            ...(firstPage ? { firstPage } : {}),
            ...(options.maxFollowUps !== undefined ? { maxFollowUps: options.maxFollowUps } : {}),
            onProgress: (progress) => {
              last = progress;
              emit();
            },
            onRestart: (reason) => ctx.log.info(`connections read again: ${reason}`),
          }),
        );
        if (controller.signal.aborted) return cancelled();
        if (!result.ok) {
          ctx.log.warn(`connections failed: ${result.error.code} ${result.error.message}`);
          return result;
        }
        const { followUpList, ...summary } = result.value;
        const loadId = randomUUID();
        loads.set(loadId, { environment, window, followUps: followUpList });
        forgetOldLoads();
        return ok({ loadId, ...summary });
      } finally {
        unsubscribe();
        runs.end(requestId, controller);
      }
    },

    async cancelConnections({ requestId }) {
      runs.cancel(requestId);
      return ok(null);
    },

    async getFollowUps({ loadId, page, perPage, platform, group }) {
      const load = keptLoad(loadId);
      if (!load.ok) return load;
      const filter = {
        ...(platform !== undefined ? { platform } : {}),
        ...(group !== undefined ? { group } : {}),
      };
      return ok(followUpPage(load.value.followUps, filter, page, perPage));
    },

    async exportFollowUps({ loadId, platform, group }) {
      const load = keptLoad(loadId);
      if (!load.ok) return load;
      const filter = {
        ...(platform !== undefined ? { platform } : {}),
        ...(group !== undefined ? { group } : {}),
      };
      const target = await chooseTarget(
        ctx,
        suggestedFollowUpName(load.value.environment, load.value.window),
      );
      if (!target.ok) return target;
      if (target.value === null) return ok({ status: 'dialog_cancelled' });
      const { csv } = await ctx.settings.read();
      const written = await ctx.track(
        writeFollowUpsCsv(
          target.value,
          filterFollowUps(load.value.followUps, filter),
          csv,
          ctx.stopping,
        ),
      );
      if (!written.ok) {
        ctx.log.warn(`follow-up export failed: ${written.error.code} ${written.error.message}`);
        return written;
      }
      return ok({ status: 'done', path: target.value, rows: written.value.rows });
    },
  };
};
