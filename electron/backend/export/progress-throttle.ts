// Passes at most one value per interval on to `send`, keeping only the latest in between,
// and always delivers the last one on `flush` so the final state is never lost.
export interface Throttle<T> {
  push(value: T): void;
  /** Sends the pending value now, if any, and stops the timer. */
  flush(): void;
}

export function createThrottle<T>(
  send: (value: T) => void,
  intervalMs: number,
  now: () => number = () => performance.now(),
): Throttle<T> {
  let lastSent = Number.NEGATIVE_INFINITY;
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const deliver = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    lastSent = now();
    send(value);
  };

  return {
    push(value) {
      pending = { value };
      const wait = lastSent + intervalMs - now();
      if (wait <= 0) deliver();
      else timer ??= setTimeout(deliver, wait);
    },
    flush: deliver,
  };
}
