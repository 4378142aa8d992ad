// Looks up every ID of a list that has no result yet, a few at a time: the governor decides
// when each request goes, a few in flight only hide the round trip between its turns. Each
// result is recorded the moment it arrives, so a stop (a cancel, the app quitting) loses only
// the lookups in flight. The first failure that is not a stop stops the rest and is returned.
import type { ReconcileRow } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import type { PalencaClient } from '../palenca/client.ts';
import { workThrough } from '../work-pool.ts';
import { lookUpId } from './look-up.ts';

/** Lookups in flight; as the trend chart's counts. */
export const RECONCILE_CONCURRENCY = 3;

export interface LookUpAllOptions {
  client: PalencaClient;
  ids: readonly string[];
  /** Whether an ID has its result already: it is not asked again. */
  has(id: string): boolean;
  /** Records a result; called the moment it arrives. */
  record(row: ReconcileRow): void;
  withStatus: boolean;
  signal: AbortSignal;
  concurrency?: number;
  /** The last day searched; default the local calendar day. */
  today?: string;
}

/** `done`: every ID has a result; `stopped`: the signal stopped it first. */
export type LookUpAllEnd = 'done' | 'stopped';

export async function lookUpAll(options: LookUpAllOptions): Promise<Result<LookUpAllEnd>> {
  const { client, signal } = options;
  const todo = options.ids.filter((id) => !options.has(id));
  const concurrency = options.concurrency ?? RECONCILE_CONCURRENCY;
  const end = await workThrough(todo, { concurrency, signal }, async (id, stop) => {
    const row = await lookUpId(client, id, {
      withStatus: options.withStatus,
      signal: stop,
      ...(options.today ? { today: options.today } : {}),
    });
    // After a stop, what was in flight is dropped: the next run asks it again.
    if (stop.aborted) return ok(null);
    if (row.ok) options.record(row.value);
    return row;
  });
  if (!end.ok) return end;
  return ok(todo.every((id) => options.has(id)) ? 'done' : 'stopped');
}
