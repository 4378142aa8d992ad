// One copy of each repeated short string (platform, status, source…) for the follow-up list:
// 200,000 kept attempts share a handful of platform names instead of holding their own.
// Bounded, so a window full of distinct values cannot grow the table without end: past the
// cap a value is simply kept as it came.

/** Distinct values remembered at most; real windows have a few dozen. */
export const MAX_INTERNED = 1_000;

export class StringInterner {
  readonly #max: number;
  readonly #values = new Map<string, string>();

  constructor(max = MAX_INTERNED) {
    this.#max = Math.max(0, max);
  }

  get size(): number {
    return this.#values.size;
  }

  intern(value: string | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    const known = this.#values.get(value);
    if (known !== undefined) return known;
    if (this.#values.size < this.#max) this.#values.set(value, value);
    return value;
  }
}
