// The fake's users: a generated base set (a pure function of the index) plus an overlay of
// inserted and deleted users. Index 0 is the newest user. Days are UTC epoch days.
import { formatDay, parseDay } from './days.ts';
import { hash, hashString, unit, uuidFromWords } from './hash.ts';

export interface FakeUser {
  user_id: string;
  external_id: string | null;
  widget_id: string;
  /** The fake's own bookkeeping; the JSON answer has only the contract's fields. */
  created_day: string;
}

/**
 * The first `most` distinct plain customer IDs (`cus_…`) of `users`, newest first: IDs a
 * lookup finds, some of them shared by several users, none of the awkward kinds.
 */
export function customerIdsOf(users: readonly FakeUser[], most: number): string[] {
  return [
    ...new Set(
      users.map((u) => u.external_id).filter((id): id is string => id?.startsWith('cus_') === true),
    ),
  ].slice(0, most);
}

/** A user plus whether its JSON answer leaves `external_id` out altogether. */
export interface StoredUser extends FakeUser {
  omitExternalId: boolean;
}

export interface UserSetOptions {
  users: number;
  today: string;
  days: number;
  seed: number;
}

/**
 * External ids chosen to break careless code: CSV and spreadsheet injection, line breaks,
 * scripts other than Latin, emoji. `absent` leaves the field out of the JSON.
 */
const ADVERSARIAL: ReadonlyArray<(n: number) => string | null | undefined> = [
  () => undefined,
  () => null,
  (n) => `acme, inc ${n}`,
  (n) => `the "best" rider ${n}`,
  (n) => `first line\r\nsecond line ${n}`,
  (n) => `first line\nsecond line ${n}`,
  (n) => `Peña Gonçalves ${n}`,
  (n) => `用户中文 ${n}`,
  (n) => `Кириллица ${n}`,
  (n) => `rider 🚗💨 ${n}`,
  (n) => `=HYPERLINK("http://example.invalid","${n}")`,
  (n) => `+52 55 ${n}`,
  (n) => `-${n}+1`,
  (n) => `@rider${n}`,
  (n) => `tab\there ${n}`,
  (n) => `  padded ${n}  `,
];

const WIDGET_COUNT = 3;
/** An odd multiplier and its inverse modulo 2^32, so ids look random yet decode to an index. */
const SCRAMBLE = 0x2c1b3c6d;
const UNSCRAMBLE = (() => {
  let inverse = SCRAMBLE;
  for (let i = 0; i < 5; i++) inverse = Math.imul(inverse, 2 - Math.imul(SCRAMBLE, inverse));
  return inverse;
})();

interface Segment {
  epochDay: number;
  /** Inserted users of this day, newest first; they are newer than the day's base users. */
  inserted: StoredUser[];
  baseLo: number;
  baseHi: number;
}

interface Inserted {
  user: StoredUser;
  epochDay: number;
  seq: number;
}

export class UserSet {
  readonly #seed: number;
  readonly #count: number;
  readonly #todayDay: number;
  readonly #days: number;
  /** cum[d] = index of the first base user created `d` days before today. */
  readonly #cum: Float64Array;
  readonly #mask: number;
  readonly #widgets: string[];
  #inserted: Inserted[] = [];
  #insertSeq = 0;
  readonly #insertedById = new Map<string, Inserted>();
  /** Deleted base indices, sorted, plus a set for quick membership. */
  #deleted: number[] = [];
  readonly #deletedSet = new Set<number>();

  constructor(options: UserSetOptions) {
    const today = parseDay(options.today);
    if (today === null) throw new Error(`today must be YYYY-MM-DD, got ${options.today}`);
    if (!Number.isInteger(options.users) || options.users < 0) throw new Error('users must be ≥ 0');
    if (!Number.isInteger(options.days) || options.days < 1) throw new Error('days must be ≥ 1');
    this.#seed = options.seed;
    this.#count = options.users;
    this.#todayDay = today;
    this.#days = options.days;
    this.#mask = hash(options.seed, 0x51ed);
    this.#widgets = Array.from({ length: WIDGET_COUNT }, (_, w) =>
      uuidFromWords(
        hash(options.seed, 0xa1, w),
        hash(options.seed, 0xa2, w),
        hash(options.seed, 0xa3, w),
        hash(options.seed, 0xa4, w),
      ),
    );
    this.#cum = this.#prefixSums();
  }

  /** Per-day weights with a visible shape: growth towards today, a weekly dip, a monthly wave. */
  #prefixSums(): Float64Array {
    const weights = new Float64Array(this.#days + 1);
    for (let d = 0; d < this.#days; d++) {
      const weekday = (((this.#todayDay - d + 4) % 7) + 7) % 7; // 0 = Sunday
      const weekend = weekday === 0 || weekday === 6 ? 0.55 : 1;
      const growth = 1 + 1.5 * Math.exp(-d / 150);
      const wave = 1 + 0.3 * Math.sin((2 * Math.PI * d) / 30);
      const noise = 0.6 + 0.8 * unit(this.#seed, 0xd47, d);
      weights[d + 1] = (weights[d] ?? 0) + weekend * growth * wave * noise;
    }
    const total = weights[this.#days] ?? 1;
    const cum = new Float64Array(this.#days + 1);
    for (let d = 0; d <= this.#days; d++) {
      cum[d] = Math.round((this.#count * (weights[d] ?? 0)) / total);
    }
    return cum;
  }

  get today(): string {
    return formatDay(this.#todayDay);
  }

  #baseUser(index: number, epochDay: number): StoredUser {
    const s = this.#seed;
    const tail = ((Math.imul(index, SCRAMBLE) ^ this.#mask) >>> 0).toString(16).padStart(8, '0');
    const head = uuidFromWords(hash(s, 1, index), hash(s, 2, index), hash(s, 3, index), 0);
    const userId = `${head.slice(0, 28)}${tail}`;
    const external = this.#externalId(index);
    return {
      user_id: userId,
      external_id: external ?? null,
      widget_id: this.#widgets[hash(s, 4, index) % WIDGET_COUNT] ?? '',
      created_day: formatDay(epochDay),
      omitExternalId: external === undefined,
    };
  }

  #externalId(index: number): string | null | undefined {
    const n = index + 1;
    // The newest users include one of each awkward kind, so small tests meet them all.
    if (index < ADVERSARIAL.length * 2 && index % 2 === 0) {
      return ADVERSARIAL[index / 2]?.(n);
    }
    const h = hash(this.#seed, 5, index);
    if (h % 9 === 0) return ADVERSARIAL[(h >>> 8) % ADVERSARIAL.length]?.(n);
    // A few customers connect more than once, so a filter can return several users.
    const pool = Math.max(1, Math.floor(this.#count * 0.8));
    return `cus_${(hash(this.#seed, 6, index) % pool).toString(36).padStart(6, '0')}`;
  }

  /** The base index a generated user id encodes, or null when it is not one of ours. */
  #indexOfId(userId: string): number | null {
    if (!/^[0-9a-f-]{36}$/.test(userId)) return null;
    const index = Math.imul(Number.parseInt(userId.slice(28), 16) ^ this.#mask, UNSCRAMBLE) >>> 0;
    if (index >= this.#count || this.#deletedSet.has(index)) return null;
    const user = this.#baseUser(index, 0);
    return user.user_id === userId ? index : null;
  }

  /** The day (epoch) of a base index, by binary search on the prefix sums. */
  #dayOfIndex(index: number): number {
    let lo = 0;
    let hi = this.#days - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#cum[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return this.#todayDay - lo;
  }

  #deletedBetween(lo: number, hi: number): number {
    return lowerBound(this.#deleted, hi) - lowerBound(this.#deleted, lo);
  }

  /** The window as day segments, newest first. */
  #segments(fromDay: number, toDay: number): Segment[] {
    const byDay = new Map<number, Segment>();
    const dLo = Math.max(0, this.#todayDay - toDay);
    const dHi = Math.min(this.#days - 1, this.#todayDay - fromDay);
    for (let d = dLo; d <= dHi; d++) {
      const epochDay = this.#todayDay - d;
      byDay.set(epochDay, {
        epochDay,
        inserted: [],
        baseLo: this.#cum[d] ?? 0,
        baseHi: this.#cum[d + 1] ?? 0,
      });
    }
    for (const entry of this.#inserted) {
      if (entry.epochDay < fromDay || entry.epochDay > toDay) continue;
      let segment = byDay.get(entry.epochDay);
      if (!segment) {
        segment = { epochDay: entry.epochDay, inserted: [], baseLo: 0, baseHi: 0 };
        byDay.set(entry.epochDay, segment);
      }
      segment.inserted.push(entry.user);
    }
    return [...byDay.values()].sort((a, b) => b.epochDay - a.epochDay);
  }

  #liveIn(segment: Segment): number {
    const base = segment.baseHi - segment.baseLo;
    return segment.inserted.length + base - this.#deletedBetween(segment.baseLo, segment.baseHi);
  }

  /** Users of a window from position `offset`, at most `limit` of them, newest first. */
  #walk(fromDay: number, toDay: number, offset: number, limit: number): StoredUser[] {
    const out: StoredUser[] = [];
    let skip = offset;
    for (const segment of this.#segments(fromDay, toDay)) {
      if (out.length >= limit) break;
      const live = this.#liveIn(segment);
      if (skip >= live) {
        skip -= live;
        continue;
      }
      for (const user of segment.inserted) {
        if (out.length >= limit) break;
        if (skip > 0) skip--;
        else out.push(user);
      }
      for (let i = segment.baseLo; i < segment.baseHi && out.length < limit; i++) {
        if (this.#deletedSet.has(i)) continue;
        if (skip > 0) skip--;
        else out.push(this.#baseUser(i, segment.epochDay));
      }
    }
    return out;
  }

  count(from: string, to: string): number {
    const window = this.#window(from, to);
    if (!window) return 0;
    let total = 0;
    for (const segment of this.#segments(window.fromDay, window.toDay)) {
      total += this.#liveIn(segment);
    }
    return total;
  }

  #window(from: string, to: string): { fromDay: number; toDay: number } | null {
    const fromDay = parseDay(from);
    const toDay = parseDay(to);
    if (fromDay === null || toDay === null || fromDay > toDay) return null;
    return { fromDay, toDay };
  }

  /** One page of the window (and of the external id filter), and the window's total. */
  page(
    from: string,
    to: string,
    externalId: string | null,
    offset: number,
    limit: number,
  ): { users: StoredUser[]; total: number } {
    const window = this.#window(from, to);
    if (!window) return { users: [], total: 0 };
    if (externalId === null) {
      return {
        users: this.#walk(window.fromDay, window.toDay, offset, limit),
        total: this.count(from, to),
      };
    }
    return this.#filter(window.fromDay, window.toDay, externalId, offset, limit);
  }

  /** One pass over the window: builds a full user only when its external id matches. */
  #filter(fromDay: number, toDay: number, externalId: string, offset: number, limit: number) {
    const users: StoredUser[] = [];
    let total = 0;
    const take = (build: () => StoredUser) => {
      if (total >= offset && users.length < limit) users.push(build());
      total++;
    };
    for (const segment of this.#segments(fromDay, toDay)) {
      for (const user of segment.inserted) {
        if (user.external_id === externalId) take(() => user);
      }
      for (let i = segment.baseLo; i < segment.baseHi; i++) {
        if (this.#deletedSet.has(i) || this.#externalId(i) !== externalId) continue;
        take(() => this.#baseUser(i, segment.epochDay));
      }
    }
    return { users, total };
  }

  /** Every user in the window, newest first, optionally only those with `externalId`. */
  all(from: string, to: string, externalId?: string): FakeUser[] {
    const result = this.page(from, to, externalId ?? null, 0, Number.POSITIVE_INFINITY);
    return result.users.map(({ omitExternalId: _omit, ...user }) => user);
  }

  find(userId: string): StoredUser | null {
    const inserted = this.#insertedById.get(userId);
    if (inserted) return inserted.user;
    const index = this.#indexOfId(userId);
    return index === null ? null : this.#baseUser(index, this.#dayOfIndex(index));
  }

  /** New users of `day`; each with `externalId` when given (exactly: spaces, tabs and all). */
  insert(count: number, day: string = this.today, externalId?: string | null): void {
    const epochDay = parseDay(day);
    if (epochDay === null) throw new Error(`day must be YYYY-MM-DD, got ${day}`);
    for (let k = 0; k < count; k++) {
      const seq = ++this.#insertSeq;
      const s = this.#seed;
      const user: StoredUser = {
        user_id: uuidFromWords(hash(s, 7, seq), hash(s, 8, seq), hash(s, 9, seq), hash(s, 10, seq)),
        external_id: externalId === undefined ? `new_${seq}` : externalId,
        widget_id: this.#widgets[seq % WIDGET_COUNT] ?? '',
        created_day: formatDay(epochDay),
        omitExternalId: false,
      };
      const entry = { user, epochDay, seq };
      this.#inserted.push(entry);
      this.#insertedById.set(user.user_id, entry);
    }
    this.#inserted.sort((a, b) => b.epochDay - a.epochDay || b.seq - a.seq);
  }

  /** Deletes `count` users spread evenly through the whole set. */
  delete(count: number): void {
    const all = this.#allDays();
    const total = this.count(all.from, all.to);
    const n = Math.min(count, total);
    const victims: StoredUser[] = [];
    for (let k = 0; k < n; k++) {
      const position = Math.floor(((k + 0.5) * total) / n);
      const [user] = this.#walk(all.fromDay, all.toDay, position, 1);
      if (user) victims.push(user);
    }
    for (const user of victims) {
      const inserted = this.#insertedById.get(user.user_id);
      if (inserted) {
        this.#insertedById.delete(user.user_id);
        this.#inserted = this.#inserted.filter((entry) => entry !== inserted);
        continue;
      }
      const index = this.#indexOfId(user.user_id);
      if (index !== null) this.#deletedSet.add(index);
    }
    this.#deleted = [...this.#deletedSet].sort((a, b) => a - b);
  }

  #allDays(): { from: string; to: string; fromDay: number; toDay: number } {
    let fromDay = this.#todayDay - this.#days + 1;
    let toDay = this.#todayDay;
    for (const entry of this.#inserted) {
      fromDay = Math.min(fromDay, entry.epochDay);
      toDay = Math.max(toDay, entry.epochDay);
    }
    return { from: formatDay(fromDay), to: formatDay(toDay), fromDay, toDay };
  }

  /** A stable number per user id, for deriving its accounts. */
  userHash(userId: string): number {
    return hash(this.#seed, hashString(userId));
  }
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
