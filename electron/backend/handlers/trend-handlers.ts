import type { CallHandlers } from '#common/contract.ts';
import type { Environment, Trend } from '#common/models.ts';
import { fail, ok } from '#common/result.ts';
import type { AllowanceGovernor } from '../allowance/allowance-governor.ts';
import type { BackendContext } from '../context.ts';
import { TrendCountCache } from '../trend/trend-count-cache.ts';
import { loadTrend, TREND_CONCURRENCY, type TrendLoadProgress } from '../trend/trend-loader.ts';
import { CancellableRuns } from './cancellable-runs.ts';

/** Counts change as people connect; a few minutes is fresh enough for a chart. */
const CACHE_TTL_MS = 5 * 60_000;
/** Whole charts kept for CACHE_TTL_MS, at most; the oldest go first. */
const CACHED_TRENDS = 50;

export interface TrendHandlerOptions {
  /** Entries of the session's bucket-count cache; default TREND_CACHE_ENTRIES. */
  cacheEntries?: number;
  /** Today (UTC, YYYY-MM-DD) for which buckets are over for good; default the clock's. */
  today?: () => string;
}

export const createTrendHandlers = (
  ctx: BackendContext,
  options: TrendHandlerOptions = {},
): Pick<CallHandlers, 'loadTrend' | 'cancelTrend'> => {
  const cache = new Map<string, { trend: Trend; at: number; governor: AllowanceGovernor }>();
  /** Past buckets' counts, for the session (this backend), across every chart. */
  const counts = new TrendCountCache(options.cacheEntries);
  /**
   * The governor each environment's counts were made under. The context replaces an
   * environment's governor when its key is saved or removed (maybe another organisation's):
   * a different governor means the counts may not be this key's any more.
   */
  const countedUnder = new Map<Environment, AllowanceGovernor>();
  const runs = new CancellableRuns(ctx.stopping);

  const governorFor = (environment: Environment): AllowanceGovernor => {
    const governor = ctx.allowanceFor(environment);
    if (countedUnder.get(environment) !== governor) {
      counts.clear(environment);
      countedUnder.set(environment, governor);
    }
    return governor;
  };

  return {
    loadTrend: async ({ environment, filter, requestId }) => {
      const cacheKey = JSON.stringify([environment, filter.from, filter.to, filter.externalId]);
      const cached = cache.get(cacheKey);
      if (
        cached &&
        Date.now() - cached.at < CACHE_TTL_MS &&
        cached.governor === ctx.allowanceFor(environment)
      ) {
        return ok(cached.trend);
      }

      const controller = runs.start(requestId);
      const cancelled = () => fail('cancelled', 'The chart was cancelled.');
      let unsubscribe = () => {};
      try {
        const client = await ctx.clientFor(environment);
        if (controller.signal.aborted) return cancelled();
        if (!client.ok) return client;
        const governor = governorFor(environment);

        // Progress: on every answer, and when the allowance's state changes in between (a
        // wait for the window's end starts or ends).
        let last: TrendLoadProgress | null = null;
        const emit = () => {
          if (!last || controller.signal.aborted) return;
          ctx.emit('trendProgress', {
            requestId,
            done: last.done,
            total: last.total,
            remainingMs:
              last.requestsLeft > 0
                ? governor.estimateMs(last.requestsLeft, TREND_CONCURRENCY)
                : null,
            allowance: governor.status(),
          });
        };
        unsubscribe = governor.onStatus(emit);
        const result = await ctx.track(
          loadTrend(client.value, filter, {
            signal: controller.signal,
            counts: counts.for(environment, filter.externalId),
            ...(options.today ? { today: options.today() } : {}),
            onProgress: (progress) => {
              last = progress;
              emit();
            },
          }),
        );
        if (controller.signal.aborted) return cancelled();
        if (result.ok) {
          cache.delete(cacheKey);
          cache.set(cacheKey, { trend: result.value, at: Date.now(), governor });
          for (const oldest of cache.keys()) {
            if (cache.size <= CACHED_TRENDS) break;
            cache.delete(oldest);
          }
        }
        return result;
      } finally {
        unsubscribe();
        runs.end(requestId, controller);
      }
    },
    cancelTrend: async ({ requestId }) => {
      runs.cancel(requestId);
      return ok(null);
    },
  };
};
