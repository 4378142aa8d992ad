// How long to wait before trying again: `baseMs` after the first failure, doubling with each
// one after it, at most `maxMs`. The client, the exporter and the pacing governor all back off
// this way.

/** The wait after failure number `failures` (1 for the first). */
export const backoffMs = (
  failures: number,
  baseMs: number,
  maxMs = Number.POSITIVE_INFINITY,
): number => Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
