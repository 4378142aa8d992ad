// A few workers taking a list's items in order, for requests the governor paces: it decides
// when each goes, and a few in flight only hide the round trip between its turns. The first
// failure stops the rest (items not begun are never begun, and the work in flight is aborted
// through the signal it was given); so does the caller's signal.
import { ok, type Result } from '#common/result.ts';
import { linkedAbort } from './linked-abort.ts';

/**
 * Runs `work` on each item, at most `concurrency` at a time. The first failure, or `done`
 * when every item's work succeeded, or `stopped` when `signal` aborted before that.
 */
export async function workThrough<T>(
  items: readonly T[],
  options: { concurrency: number; signal?: AbortSignal },
  work: (item: T, signal: AbortSignal) => Promise<Result<unknown>>,
): Promise<Result<'done' | 'stopped'>> {
  const abort = linkedAbort(options.signal);
  let next = 0;
  let succeeded = 0;
  let failure: Result<never> | null = null;
  const worker = async () => {
    while (!failure && !abort.signal.aborted && next < items.length) {
      const result = await work(items[next++] as T, abort.signal);
      if (!result.ok) {
        failure ??= result;
        abort.abort();
        return;
      }
      succeeded++;
    }
  };
  try {
    const workers = Math.min(Math.max(1, options.concurrency), items.length);
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    abort.dispose();
  }
  if (failure) return failure;
  return ok(succeeded === items.length ? 'done' : 'stopped');
}
