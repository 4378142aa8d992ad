import type { CallHandlers } from '../../shared/contract.ts';
import type { Trend } from '../../shared/models.ts';
import { fail, ok } from '../../shared/result.ts';
import type { BackendContext } from '../context.ts';
import { type LinkedAbort, linkedAbort } from '../linked-abort.ts';
import { loadTrend } from '../trend/trend-loader.ts';

/** Counts change as people connect; a few minutes is fresh enough for a chart. */
const CACHE_TTL_MS = 5 * 60_000;

export const createTrendHandlers = (
  ctx: BackendContext,
): Pick<CallHandlers, 'loadTrend' | 'cancelTrend'> => {
  const cache = new Map<string, { trend: Trend; at: number }>();
  const running = new Map<string, LinkedAbort>();

  return {
    loadTrend: async ({ environment, filter, requestId }) => {
      const cacheKey = JSON.stringify([environment, filter.from, filter.to, filter.externalId]);
      const cached = cache.get(cacheKey);
      if (cached && Date.now() - cached.at < CACHE_TTL_MS) return ok(cached.trend);

      // Registered before the first await: a cancel that comes while the keychain is still
      // answering must not be lost.
      const controller = linkedAbort(ctx.stopping);
      running.get(requestId)?.abort();
      running.set(requestId, controller);
      const cancelled = () => fail('cancelled', 'The chart was cancelled.');
      try {
        const client = await ctx.clientFor(environment);
        if (controller.signal.aborted) return cancelled();
        if (!client.ok) return client;
        const result = await ctx.track(loadTrend(client.value, filter, controller.signal));
        if (controller.signal.aborted) return cancelled();
        if (result.ok) cache.set(cacheKey, { trend: result.value, at: Date.now() });
        return result;
      } finally {
        controller.dispose();
        if (running.get(requestId) === controller) running.delete(requestId);
      }
    },
    cancelTrend: async ({ requestId }) => {
      running.get(requestId)?.abort();
      return ok(null);
    },
  };
};
