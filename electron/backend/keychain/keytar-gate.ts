// One keytar call at a time for the whole process. keytar runs each call on a libuv threadpool
// thread (4 by default), and a call the keychain never answers keeps its thread after our time
// limit has answered the person. Were several calls allowed, a few "try again" presses would
// fill the pool, and every file read, file write and DNS lookup of the process would stall.
// So: calls queue behind the one in flight; while that one is stuck past its time limit, every
// new call answers at once with a timeout, until the stuck call returns.

export const GATE_TIMED_OUT = Symbol('keychain timed out');
export type GateOutcome<T> = T | typeof GATE_TIMED_OUT;

/** Told when a call that already timed out finally returns (e.g. a save that did happen). */
export type LateSettle = (outcome: { ok: true; value: unknown } | { ok: false }) => void;

let busy = false;
let stuck = false;
// Resolved (and replaced) whenever `busy` or `stuck` changes, so queued calls look again.
// (Not Promise.withResolvers: the CLI must run on Node 20.)
let wake: () => void = () => {};
let changed = new Promise<void>((resolve) => {
  wake = resolve;
});

function notify(): void {
  wake();
  changed = new Promise<void>((resolve) => {
    wake = resolve;
  });
}

/** Keytar calls that have not returned, timed out or not: 0 or 1. */
export const keytarCallsInFlight = (): number => (busy ? 1 : 0);

/** Whether a keytar call has outlived its time limit and not returned yet. */
export const keytarStuck = (): boolean => stuck;

/**
 * Runs `call` when no other keytar call is in flight. Resolves with its value, or with
 * GATE_TIMED_OUT when it took longer than `timeoutMs` or when the call ahead of it got stuck.
 * `call` must not reject (it turns errors into values).
 */
export async function throughGate<T>(
  call: () => Promise<T>,
  timeoutMs: number,
  onLateSettle?: LateSettle,
): Promise<GateOutcome<T>> {
  const deadline = Date.now() + timeoutMs;
  while (busy) {
    if (stuck) return GATE_TIMED_OUT;
    const left = deadline - Date.now();
    if (left <= 0) return GATE_TIMED_OUT;
    await raceTimer(changed, left);
  }
  busy = true;
  let timedOut = false;
  const work: Promise<GateOutcome<T>> = call().then(
    (value) => {
      if (timedOut) onLateSettle?.({ ok: true, value });
      return value;
    },
    () => {
      if (timedOut) onLateSettle?.({ ok: false });
      return GATE_TIMED_OUT;
    },
  );
  void work.finally(() => {
    busy = false;
    stuck = false;
    notify();
  });
  // The call itself gets the whole limit even if it queued: a queued call only waits for one
  // that was not stuck, and that one answered within its own limit.
  const outcome = await raceTimer(work, timeoutMs);
  if (outcome === GATE_TIMED_OUT) {
    timedOut = true;
    if (busy) {
      stuck = true;
      notify();
    }
  }
  return outcome;
}

function raceTimer<T>(work: Promise<T>, ms: number): Promise<GateOutcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<typeof GATE_TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(GATE_TIMED_OUT), ms);
  });
  return Promise.race<GateOutcome<T>>([work, limit]).finally(() => clearTimeout(timer));
}
