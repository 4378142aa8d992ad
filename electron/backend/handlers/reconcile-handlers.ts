// "Reconcile a list": which external IDs of a pasted or opened list Palenca knows. One
// reconcile at a time, app-wide. While one is unfinished it is kept in the data folder (see
// pending-file.ts), so a cancel, a failure or a restart pauses it and `resumeReconcile` goes on
// from where it stopped without asking again what was already answered. A finished one stays
// in memory for this session, for its rows and export; its file is removed.
import type { CallHandlers } from '#common/contract.ts';
import { localDay } from '#common/days.ts';
import type { ReconcileJob, ReconcileProgress } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import type { BackendContext } from '../context.ts';
import { createThrottle } from '../export/progress-throttle.ts';
import { writeFailed } from '../files/write-failed.ts';
import { type LinkedAbort, linkedAbort } from '../linked-abort.ts';
import type { PalencaClient } from '../palenca/client.ts';
import { readIdList, readIdListToLookUp, refusal } from '../reconcile/id-list.ts';
import { lookUpAll, RECONCILE_CONCURRENCY } from '../reconcile/look-up-all.ts';
import {
  loadPending,
  type PendingReconcile,
  pendingPath,
  removePending,
} from '../reconcile/pending-file.ts';
import { PendingSaver, type SaverTiming } from '../reconcile/pending-saver.ts';
import { writeReconcileCsv } from '../reconcile/reconcile-csv.ts';
import { ReconcileState } from '../reconcile/reconcile-state.ts';
import { chooseTarget } from './save-target.ts';

/** Progress events reach the renderer at most this often (about 10 a second). */
export const RECONCILE_PROGRESS_MS = 100;

type ReconcileHandlers = Pick<
  CallHandlers,
  | 'estimateReconcile'
  | 'startReconcile'
  | 'resumeReconcile'
  | 'cancelReconcile'
  | 'discardReconcile'
  | 'getReconcile'
  | 'getReconcileRows'
  | 'exportReconcile'
>;

export interface ReconcileHandlerOptions {
  /** Lookups in flight; default RECONCILE_CONCURRENCY. */
  concurrency?: number;
  /** Tests save the pending file more often. */
  saverTiming?: Partial<SaverTiming>;
}

interface Current {
  state: ReconcileState;
  saver: PendingSaver;
}

const noReconcile = () =>
  fail('no_reconcile', 'There is no reconcile: paste or open a list and start one.');

export const createReconcileHandlers = (
  ctx: BackendContext,
  options: ReconcileHandlerOptions = {},
): ReconcileHandlers => {
  const concurrency = Math.max(1, options.concurrency ?? RECONCILE_CONCURRENCY);
  let current: Current | null = null;
  let running: { controller: LinkedAbort; call: Promise<unknown> } | null = null;

  const adopt = (pending: PendingReconcile): Current => {
    const state = new ReconcileState(pending);
    const saver = new PendingSaver(
      ctx.dataDir,
      ctx.log,
      () => state.pending(),
      options.saverTiming,
    );
    return { state, saver };
  };

  // An unfinished reconcile of an earlier run comes back paused, ready to resume.
  const loaded = ctx.track(
    loadPending(ctx.dataDir, ctx.log).then((pending) => {
      if (pending && !current) {
        current = adopt(pending);
        ctx.log.info(`reconcile pending: ${current.state.done} of ${current.state.ids.length}`);
      }
    }),
  );

  const remainingMs = (state: ReconcileState) =>
    ctx.allowanceFor(state.environment).estimateMs(state.requestsLeft(), concurrency);
  const jobOf = (state: ReconcileState): ReconcileJob => state.job(remainingMs(state));

  /** Runs `work` as the one reconcile call that looks IDs up; refused while another does. */
  const exclusive = async <T>(work: (signal: AbortSignal) => Promise<Result<T>>) => {
    if (running) {
      return fail(
        'reconcile_busy',
        'A reconcile is already running. Wait for it to finish or cancel it first.',
      );
    }
    // Claimed before the first await, so two quick clicks cannot both start. Quitting the app
    // stops it too (and it is saved, to resume at the next start).
    const controller = linkedAbort(ctx.stopping);
    const call = ctx.track(work(controller.signal));
    running = { controller, call };
    try {
      return await call;
    } finally {
      controller.dispose();
      running = null;
    }
  };

  /** Looks up what is left of the current reconcile; resolves when it is done or paused. */
  const runCurrent = async (
    { state, saver }: Current,
    client: PalencaClient,
    signal: AbortSignal,
  ): Promise<Result<ReconcileJob>> => {
    const governor = ctx.allowanceFor(state.environment);
    const progress = (): ReconcileProgress => ({
      job: jobOf(state),
      allowance: governor.status(),
    });
    const throttle = createThrottle<null>(
      () => ctx.emit('reconcileProgress', progress()),
      RECONCILE_PROGRESS_MS,
    );
    state.state = 'running';
    throttle.push(null);
    throttle.flush();
    const unsubscribe = governor.onStatus(() => throttle.push(null));
    let result: Awaited<ReturnType<typeof lookUpAll>>;
    try {
      result = await lookUpAll({
        client,
        ids: state.ids,
        has: (id) => state.has(id),
        record: (row) => {
          state.record(row);
          saver.noteResult();
          throttle.push(null);
        },
        withStatus: state.withStatus,
        signal,
        concurrency,
      });
    } catch (error) {
      // Never left "running" by a fault of ours: paused and saved, like any other stop.
      ctx.log.error('the reconcile failed unexpectedly', error);
      result = fail('internal', 'The reconcile stopped unexpectedly.', {
        detail: error instanceof Error ? error.message : String(error),
      });
    } finally {
      unsubscribe();
    }
    if (result.ok && result.value === 'done') {
      state.state = 'done';
      await saver.remove().catch((error) => {
        ctx.log.warn('removing the pending reconcile failed', error);
      });
      ctx.log.info(`reconcile done: ${state.found} of ${state.ids.length} found`);
    } else {
      state.state = 'paused';
      await saver.save().catch((error) => {
        ctx.log.warn('saving the pending reconcile failed', error);
      });
      ctx.log.info(`reconcile paused at ${state.done} of ${state.ids.length}`);
    }
    saver.stop();
    throttle.push(null);
    throttle.flush();
    if (!result.ok) {
      ctx.log.warn(`reconcile stopped: ${result.error.code}`);
      return result;
    }
    return ok(jobOf(state));
  };

  return {
    async estimateReconcile({ environment, text, column, withStatus }) {
      const list = readIdList(text, column);
      if (!list.ok) return list;
      const { reading } = list.value;
      // An empty list has nothing to estimate; one over the limit is said by its reading.
      if (reading.ids === 0) return refusal(reading) ?? noReconcile();
      const { allowanceShare } = await ctx.settings.read();
      // The saved share, as the first request will use it (no request is made here).
      ctx.setAllowanceShare(allowanceShare);
      const governor = ctx.allowanceFor(environment);
      const requests = reading.ids;
      const maxRequests = withStatus ? requests * 2 : requests;
      return ok({
        reading,
        requests,
        maxRequests,
        estimatedMs: governor.estimateMs(requests, concurrency),
        maxEstimatedMs: governor.estimateMs(maxRequests, concurrency),
        share: allowanceShare,
      });
    },

    startReconcile: ({ environment, text, column, withStatus }) =>
      exclusive(async (signal) => {
        await loaded;
        if (current && current.state.state !== 'done') {
          const { done, ids } = current.state;
          return fail(
            'reconcile_busy',
            `A reconcile is paused at ${done} of ${ids.length} IDs: resume it or discard it before starting another.`,
          );
        }
        const list = readIdListToLookUp(text, column);
        if (!list.ok) return list;
        const client = await ctx.clientFor(environment);
        if (!client.ok) return client;
        if (signal.aborted)
          return fail('cancelled', 'The reconcile was cancelled before it started.');
        const next = adopt({
          environment,
          withStatus,
          ids: list.value.ids,
          results: [],
          // Kept for the results (never looked up): an ID the file leaves out would be lost.
          tooLongIds: list.value.tooLongIds,
          startedAt: new Date().toISOString(),
        });
        // The pending file first: nothing is asked of Palenca that a restart would forget.
        try {
          await next.saver.save();
        } catch (error) {
          ctx.log.warn('writing the pending reconcile failed', error);
          return writeFailed(pendingPath(ctx.dataDir), error);
        }
        current = next;
        ctx.log.info(`reconcile started: ${next.state.ids.length} IDs`);
        return runCurrent(next, client.value, signal);
      }),

    resumeReconcile: () =>
      exclusive(async (signal) => {
        await loaded;
        const resumed = current;
        if (!resumed) return noReconcile();
        if (resumed.state.state === 'done') return ok(jobOf(resumed.state));
        const client = await ctx.clientFor(resumed.state.environment);
        if (!client.ok) return client;
        return runCurrent(resumed, client.value, signal);
      }),

    async cancelReconcile() {
      const run = running;
      if (run) {
        run.controller.abort();
        // Resolved once it is paused and saved: the page then reads where it stopped.
        await run.call.catch(() => {});
      }
      return ok(null);
    },

    async discardReconcile() {
      await loaded;
      const run = running;
      if (run) {
        run.controller.abort();
        await run.call.catch(() => {});
      }
      const gone = current;
      current = null;
      try {
        await (gone ? gone.saver.remove() : removePending(ctx.dataDir));
      } catch (error) {
        ctx.log.warn('removing the pending reconcile failed', error);
        return writeFailed(pendingPath(ctx.dataDir), error);
      }
      return ok(null);
    },

    async getReconcile() {
      await loaded;
      return ok(current ? jobOf(current.state) : null);
    },

    async getReconcileRows({ page, perPage, show }) {
      await loaded;
      if (!current) return noReconcile();
      return ok(current.state.page(page, perPage, show));
    },

    async exportReconcile() {
      await loaded;
      const exported = current;
      if (!exported) return noReconcile();
      const { state } = exported;
      const chosen = await chooseTarget(
        ctx,
        `palenca-reconcile_${state.environment}_${localDay(new Date())}.csv`,
      );
      if (!chosen.ok) return chosen;
      const target = chosen.value;
      if (target === null) return ok({ status: 'dialog_cancelled' });
      const { csv } = await ctx.settings.read();
      // Rows looked up so far, in the list's order: a paused reconcile exports what it has.
      const rows = [...state.rows('all')];
      const written = await writeReconcileCsv(target, rows, state.withStatus, csv);
      if (!written.ok) {
        ctx.log.warn(`reconcile export failed: ${written.error.code}`);
        return written;
      }
      return ok({ status: 'done', path: target, rows: written.value });
    },
  };
};
