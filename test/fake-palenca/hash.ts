// Deterministic pseudo-randomness: every generated value is a pure function of (seed, parts),
// so a million users cost nothing until they are asked for.

function mix(value: number): number {
  let a = value | 0;
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return (a ^ (a >>> 16)) >>> 0;
}

/** A 32-bit unsigned hash of the seed and the given integer parts. */
export function hash(seed: number, ...parts: number[]): number {
  let h = mix(seed ^ 0x9e3779b9);
  for (const part of parts) h = mix(h ^ mix((part + 0x632be5ab) | 0) ^ Math.floor(part / 2 ** 32));
  return h;
}

/** A float in [0, 1) from the same inputs as `hash`. */
export function unit(seed: number, ...parts: number[]): number {
  return hash(seed, ...parts) / 2 ** 32;
}

/** FNV-1a of a string, for deriving data from ids. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** A version-4-shaped UUID from four 32-bit words. */
export function uuidFromWords(a: number, b: number, c: number, d: number): string {
  const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
