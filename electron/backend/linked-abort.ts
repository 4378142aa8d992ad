// An AbortController that also aborts when any of its parents does, and lets go of them when
// disposed. Used instead of AbortSignal.any: in Node 20 and 22 a signal derived that way stays
// reachable from a long-lived parent (an export's signal, the app's "stopping" signal) until the
// parent aborts, with everything its listeners hold, so memory grows with every request.
export interface LinkedAbort {
  readonly signal: AbortSignal;
  abort(): void;
  /** Unlinks from the parents; call when the work is over. */
  dispose(): void;
}

export function linkedAbort(...parents: Array<AbortSignal | undefined>): LinkedAbort {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const linked = parents.filter((p): p is AbortSignal => p !== undefined);
  for (const parent of linked) {
    if (parent.aborted) controller.abort();
    else parent.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: controller.signal,
    abort,
    dispose: () => {
      for (const parent of linked) parent.removeEventListener('abort', abort);
    },
  };
}
