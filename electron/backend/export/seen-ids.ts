// A compact "have we written this user already?" set for exports of a million users.
// A Set<string> of a million UUIDs costs ~100 MB; this keeps a 64-bit fingerprint per id in
// typed arrays (8 bytes a slot), so a million ids fit in 16 MB. Two different 32-bit hashes
// make a false "seen" (two ids with the same fingerprint) about a one-in-ten-million event
// for a million ids, and such a false duplicate only ever makes an export restart or fail,
// never write a wrong file.

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

export class SeenIds {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    // `lo` is never 0, so 0 marks an empty slot.
    const lo = (fnv1a(id) | 1) >>> 0;
    const hi = murmurish(id);
    if (this.insert(hi, lo)) {
      this.count++;
      if (this.count * 4 > this.hi.length * 3) this.grow();
      return true;
    }
    return false;
  }

  private insert(hi: number, lo: number): boolean {
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const existing = this.lo[slot];
      if (existing === 0) {
        this.hi[slot] = hi;
        this.lo[slot] = lo;
        return true;
      }
      if (existing === lo && this.hi[slot] === hi) return false;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    this.hi = new Uint32Array(oldHi.length * 2);
    this.lo = new Uint32Array(oldLo.length * 2);
    this.mask = this.hi.length - 1;
    for (let i = 0; i < oldLo.length; i++) {
      const lo = oldLo[i] ?? 0;
      if (lo !== 0) this.insert(oldHi[i] ?? 0, lo);
    }
  }
}
