// A compact "have we written this user already?" set for exports of a million users.
// A Set<string> of a million UUIDs costs ~100 MB; this keeps a 64-bit fingerprint per id in
// typed arrays (8 bytes a slot, sized for 80% of slots in use, so a million ids take 10 MB).
// Two different 32-bit hashes make a false "seen" (two ids with the same fingerprint) about a
// one-in-ten-million event for a million ids, and such a false duplicate only ever makes an
// export restart or fail, never write a wrong file.

const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

const murmurish = (text: string): number => {
  let hash = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x5bd1e995);
    hash ^= hash >>> 15;
  }
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
};

/** Slots per expected id: 80% of the table in use when the export holds what it announced. */
const SLOTS_PER_ID = 1.25;
/** Past this share of slots in use, probing slows down: the table doubles. */
const MAX_LOAD = 0.9;
/**
 * The size hint comes from the server's `total_items`; a wrong or hostile figure must not
 * reserve gigabytes up front. Beyond this the table grows as ids actually arrive.
 */
const MAX_INITIAL_SLOTS = 1 << 23;

export class SeenIds {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private count = 0;

  constructor(expected: number) {
    const slots = Math.min(MAX_INITIAL_SLOTS, Math.max(16, Math.ceil(expected * SLOTS_PER_ID)));
    this.hi = new Uint32Array(slots);
    this.lo = new Uint32Array(slots);
  }

  get size(): number {
    return this.count;
  }

  /** Slots in the table (for tests of its sizing). */
  get capacity(): number {
    return this.lo.length;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    // `lo` is never 0, so 0 marks an empty slot.
    const lo = (fnv1a(id) | 1) >>> 0;
    const hi = murmurish(id);
    if (this.insert(hi, lo)) {
      this.count++;
      if (this.count > this.lo.length * MAX_LOAD) this.grow();
      return true;
    }
    return false;
  }

  private insert(hi: number, lo: number): boolean {
    const slots = this.lo.length;
    // Any table size, not only powers of two: the mixed hash scaled to [0, slots).
    let slot = Math.floor((((hi ^ Math.imul(lo, 0x9e3779b1)) >>> 0) / 0x1_0000_0000) * slots);
    for (;;) {
      const existing = this.lo[slot];
      if (existing === 0) {
        this.hi[slot] = hi;
        this.lo[slot] = lo;
        return true;
      }
      if (existing === lo && this.hi[slot] === hi) return false;
      slot = slot + 1 === slots ? 0 : slot + 1;
    }
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    this.hi = new Uint32Array(oldLo.length * 2);
    this.lo = new Uint32Array(oldLo.length * 2);
    for (let i = 0; i < oldLo.length; i++) {
      const lo = oldLo[i] ?? 0;
      if (lo !== 0) this.insert(oldHi[i] ?? 0, lo);
    }
  }
}
