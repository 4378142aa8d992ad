// The one pacing governor of an environment: every Palenca request waits here for its turn.
//
// Palenca allows `Limit` requests per fixed window, shared with the organisation's own
// integration. The governor lets the app use at most `share × Limit` of each window, spreads
// background requests evenly across what is left of the window (no burst at its start), stops
// short of the window's last moments (a request must not land in the next one), takes less
// when others already use the window, keeps a few requests for interactive calls, and after a
// 429 sends nothing at all until the window ends. All of it comes from the headers Palenca
// sends on every answer; before the first, the documented 120 per 60 s is assumed.
import type { AllowanceStatus } from '#common/models.ts';
import { backoffMs } from '../timing/backoff.ts';
import type { RateLimitReading } from './rate-limit-headers.ts';
import { ServerClock } from './server-clock.ts';

/** Interactive calls (a page of the table, accounts, a key check) go ahead of background work. */
export type Priority = 'interactive' | 'background';

/** Palenca's documented allowance, assumed until an answer says otherwise. */
export const DOCUMENTED_LIMIT = 120;
export const DOCUMENTED_WINDOW_MS = 60_000;

/** A `Reset` further away than this many windows is not believed (a proxy, a broken clock). */
const MAX_WINDOWS_AHEAD = 3;
/** A `Retry-After` longer than this is not believed either. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** A 429 that says neither when nor how long: waits double from this, up to one window. */
const BLIND_BACKOFF_MS = 1000;
/** If an answer never comes, the queue is looked at again after this long. */
const RECHECK_MS = 1000;

export interface GovernorOptions {
  /** Fraction of the allowance the app may use, 0.25 to 1; default 0.5. */
  share?: number;
  /** Local clock (steady); tests move it by hand. */
  now?: () => number;
  /** The computer's clock, for the time of day a person is told; defaults to `now` when given. */
  wallNow?: () => number;
  /**
   * Timers, injectable with the clock. `keepAlive` is false for a timer nobody waits on (the
   * end of a pause, to tell the status): it must not keep a command-line process running.
   */
  setTimer?: (callback: () => void, ms: number, keepAlive: boolean) => () => void;
}

/** One granted request: tell the governor what came back, or that nothing did. */
export interface AllowanceTicket {
  readonly sentAt: number;
  answered(reading: RateLimitReading, receivedAt?: number): void;
  /** No answer (network failure, timeout, cancel): the request may still have been counted. */
  abandoned(): void;
}

interface Ticket {
  seq: number;
  sentAt: number;
  /** Ends (server ms) of the windows it may have been counted in, until its answer says. */
  windowEnds: number[];
  open: boolean;
}

interface Ledger {
  /** Own requests counted in this window, by sequence number. */
  own: number[];
  /** Requests used in the window (everyone's) per the freshest answer, and that answer's seq. */
  used: number;
  usedSeq: number;
}

interface Waiter {
  priority: Priority;
  resolve(ticket: AllowanceTicket): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

type Decision = { go: true } | { go: false; wakeAt: number | null; heldBack?: boolean };

const realTimer = (callback: () => void, ms: number, keepAlive: boolean) => {
  const timer = setTimeout(callback, Math.max(0, ms));
  if (!keepAlive) timer.unref?.();
  return () => clearTimeout(timer);
};

/**
 * A steady clock on the epoch's scale: unlike Date.now() it does not jump when the computer's
 * clock is changed, so a pause or a spacing already planned keeps its length.
 */
const steadyNow = () => performance.timeOrigin + performance.now();

export class AllowanceGovernor {
  #share: number;
  readonly #now: () => number;
  readonly #wallNow: () => number;
  readonly #setTimer: NonNullable<GovernorOptions['setTimer']>;
  readonly #clock = new ServerClock();
  #limit = DOCUMENTED_LIMIT;
  #windowMs: number | null = null;
  /** How many answers named each recent window end; an end named twice is surely real. */
  readonly #endSightings = new Map<number, number>();
  #lastConfirmedEnd: number | null = null;
  /** End (server ms) of the newest window an answer told us about. */
  #windowEnd: number | null = null;
  readonly #ledgers = new Map<number, Ledger>();
  #pausedUntil = 0;
  #blindRefusals = 0;
  #roundTripMs = 0;
  #seq = 0;
  #lastSend = Number.NEGATIVE_INFINITY;
  #lastBackgroundSend = Number.NEGATIVE_INFINITY;
  readonly #open = new Set<Ticket>();
  readonly #waiters: Waiter[] = [];
  #cancelTimer: (() => void) | null = null;
  #timerAt = Number.POSITIVE_INFINITY;
  #timerKeepsAlive = false;
  #heldBack = false;
  #status: AllowanceStatus = { state: 'paced', until: null };
  readonly #listeners = new Set<(status: AllowanceStatus) => void>();

  constructor(options: GovernorOptions = {}) {
    this.#share = clampShare(options.share ?? 0.5);
    this.#now = options.now ?? steadyNow;
    this.#wallNow = options.wallNow ?? options.now ?? Date.now;
    this.#setTimer = options.setTimer ?? realTimer;
  }

  get share(): number {
    return this.#share;
  }

  setShare(share: number): void {
    this.#share = clampShare(share);
    this.#pump();
  }

  /** Requests per window Palenca allows, as last said (or documented). */
  get limit(): number {
    return this.#limit;
  }

  /** The window's length: inferred from successive resets, 60 s until known. */
  get windowMs(): number {
    return this.#windowMs ?? DOCUMENTED_WINDOW_MS;
  }

  /** The most own requests per window, all priorities together. */
  get ownPerWindow(): number {
    return Math.max(1, Math.floor(this.#share * this.#limit));
  }

  /** The most background requests per window: the share less the interactive reserve. */
  get backgroundPerWindow(): number {
    const reserve = Math.max(1, Math.round(this.#limit * 0.025));
    return Math.max(1, this.ownPerWindow - reserve);
  }

  status(): AllowanceStatus {
    return this.#status;
  }

  onStatus(listener: (status: AllowanceStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * How long `requests` background requests take at the current share, `inFlight` at a time:
   * the allowance's pace, or the round trips' where those are slower, plus any wait.
   */
  estimateMs(requests: number, inFlight = 1): number {
    if (requests <= 0) return 0;
    const waiting = Math.max(0, this.#pausedUntil - this.#now());
    // Others' use of the last window the app saw leaves it less: the share is of the whole.
    const perWindow = Math.max(1, this.backgroundPerWindow - this.#othersRecently());
    const paced = (requests / perWindow) * this.windowMs;
    const roundTrips = (requests * this.#roundTripMs) / Math.max(1, inFlight);
    return Math.round(waiting + Math.max(paced, roundTrips));
  }

  /** Requests others used in the newest window Palenca told us about. */
  #othersRecently(): number {
    if (this.#windowEnd === null) return 0;
    const ledger = this.#ledgers.get(this.#windowEnd);
    if (!ledger || ledger.usedSeq < 0) return 0;
    const ownCounted = ledger.own.filter((seq) => seq <= ledger.usedSeq).length;
    return Math.max(0, ledger.used - ownCounted);
  }

  /** Resolves when a request of this priority may go; rejects with the signal's reason on abort. */
  acquire(priority: Priority, signal?: AbortSignal): Promise<AllowanceTicket> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<AllowanceTicket>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(signal?.reason);
          this.#pump();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  // --- deciding ---

  /** Grants every waiter that may go now, interactive first, and sets a timer for the rest. */
  #pump(): void {
    let wakeAt = Number.POSITIVE_INFINITY;
    let backgroundWaits: boolean | null = null;
    for (const priority of ['interactive', 'background'] as const) {
      for (let i = 0; i < this.#waiters.length; ) {
        const waiter = this.#waiters[i] as Waiter;
        if (waiter.priority !== priority) {
          i++;
          continue;
        }
        const decision = this.#decide(priority);
        if (!decision.go) {
          if (decision.wakeAt !== null) wakeAt = Math.min(wakeAt, decision.wakeAt);
          if (priority === 'background') backgroundWaits = decision.heldBack === true;
          break; // the rest of this priority waits behind the first, in order
        }
        this.#waiters.splice(i, 1);
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.resolve(this.#grant(priority));
      }
    }
    // "Held back" lasts until background work is granted or found waiting for another reason.
    if (backgroundWaits !== null) this.#heldBack = backgroundWaits;
    // Wake at the end of a pause even with nobody waiting, so the status is told it ended.
    if (this.#pausedUntil > this.#now()) wakeAt = Math.min(wakeAt, this.#pausedUntil);
    this.#schedule(wakeAt);
    this.#publish();
  }

  #decide(priority: Priority): Decision {
    const now = this.#now();
    if (now < this.#pausedUntil) return { go: false, wakeAt: this.#pausedUntil };

    // Nothing heard yet (or a server that sends no headers): one request at a time, spaced
    // as the documented allowance would be.
    if (this.#windowEnd === null) {
      if (this.#open.size > 0) return { go: false, wakeAt: now + RECHECK_MS };
      const spacing = DOCUMENTED_WINDOW_MS / this.ownPerWindow;
      const at = priority === 'interactive' ? now : this.#lastSend + spacing;
      return at <= now ? { go: true } : { go: false, wakeAt: at };
    }

    // A request sent now is counted in one window or, near a window's end or while the
    // server's clock is not known to the second, in one of two: it must fit in both.
    const ends = this.#candidateWindows(now);
    for (const end of ends) {
      const verdict = this.#fits(priority, end);
      if (verdict !== 'fits') {
        return {
          go: false,
          wakeAt: this.#clock.surelyReached(end),
          heldBack: verdict === 'others',
        };
      }
    }
    if (priority === 'interactive') return { go: true };
    // Background: spread what is left of the share over what is left of the window.
    const end = ends[0] as number;
    const ledger = this.#ledger(end);
    const own = ledger.own.length;
    if (own === 0) return { go: true };
    const cap = this.backgroundPerWindow;
    const left = Math.max(1, cap - Math.max(own, this.#usedEstimate(ledger)));
    const lastSure = this.#clock.surelyBefore(end) - this.#margin();
    const spacing = Math.max(0, lastSure - now) / (left + 1);
    const at = this.#lastBackgroundSend + spacing;
    return at <= now ? { go: true } : { go: false, wakeAt: at };
  }

  /** Whether one more request of this priority fits in the window ending at `end`. */
  #fits(priority: Priority, end: number): 'fits' | 'full' | 'others' {
    const ledger = this.#ledger(end);
    const own = ledger.own.length;
    const used = this.#usedEstimate(ledger);
    // Nobody gets a request Palenca would refuse.
    if (used >= this.#limit) return own === 0 ? 'others' : 'full';
    if (priority === 'interactive') return own < this.ownPerWindow ? 'fits' : 'full';
    // Background work always gets one request a window, so it never stalls entirely.
    if (own === 0) return 'fits';
    const cap = this.backgroundPerWindow;
    if (own >= cap) return 'full';
    // Others use this window: stop before Remaining would fall below what they are left.
    return used + 1 > cap ? 'others' : 'fits';
  }

  /** The windows (their ends, server ms) a request sent now may be counted in: one or two. */
  #candidateWindows(now: number): number[] {
    const earliest = this.#windowAt(now + this.#clock.low);
    const latest = this.#windowAt(now + this.#clock.high + this.#margin());
    return earliest === latest ? [earliest] : [earliest, latest];
  }

  /** The end of the window that server time `t` falls in, from the newest end we know. */
  #windowAt(t: number): number {
    const known = this.#windowEnd as number;
    const length = this.windowMs;
    if (t >= known) return known + (Math.floor((t - known) / length) + 1) * length;
    return known - Math.floor((known - 1 - t) / length) * length;
  }

  /** Time kept before a window's end for a request to reach Palenca (and a busy machine). */
  #margin(): number {
    const fraction = this.#windowMs === null ? 0 : this.#windowMs * 0.02;
    return fraction + 2 * this.#roundTripMs + 20;
  }

  /** Everyone's use of a window: the freshest Remaining, plus own requests sent since. */
  #usedEstimate(ledger: Ledger): number {
    // `own` is in sequence order: count those after `usedSeq` by bisection.
    let lo = 0;
    let hi = ledger.own.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ledger.own[mid] as number) > ledger.usedSeq) hi = mid;
      else lo = mid + 1;
    }
    return Math.max(ledger.own.length, ledger.used + ledger.own.length - lo);
  }

  #ledger(end: number): Ledger {
    let ledger = this.#ledgers.get(end);
    if (!ledger) {
      ledger = { own: [], used: 0, usedSeq: -1 };
      this.#ledgers.set(end, ledger);
      // Old windows are of no more use.
      for (const key of this.#ledgers.keys()) {
        if (key < end - 4 * this.windowMs) this.#ledgers.delete(key);
      }
    }
    return ledger;
  }

  #grant(priority: Priority): AllowanceTicket {
    const now = this.#now();
    // Counted in every window it may land in, until the answer says which.
    const windowEnds = this.#windowEnd === null ? [] : this.#candidateWindows(now);
    const ticket: Ticket = { seq: this.#seq++, sentAt: now, windowEnds, open: true };
    for (const end of windowEnds) this.#ledger(end).own.push(ticket.seq);
    this.#open.add(ticket);
    this.#lastSend = now;
    if (priority === 'background') {
      this.#lastBackgroundSend = now;
      this.#heldBack = false;
    }
    return {
      sentAt: now,
      answered: (reading, receivedAt = this.#now()) => this.#answered(ticket, reading, receivedAt),
      abandoned: () => this.#close(ticket),
    };
  }

  // --- learning ---

  #close(ticket: Ticket): boolean {
    if (!ticket.open) return false;
    ticket.open = false;
    this.#open.delete(ticket);
    this.#pump();
    return true;
  }

  #answered(ticket: Ticket, reading: RateLimitReading, receivedAt: number): void {
    if (!ticket.open) return;
    ticket.open = false;
    this.#open.delete(ticket);
    const roundTrip = Math.max(0, receivedAt - ticket.sentAt);
    this.#roundTripMs =
      this.#roundTripMs === 0 ? roundTrip : 0.8 * this.#roundTripMs + 0.2 * roundTrip;
    if (reading.serverDate !== null) {
      this.#clock.observe(reading.serverDate, ticket.sentAt, receivedAt);
    }
    if (reading.limit !== null) this.#limit = reading.limit;
    const end = this.#believableEnd(reading.resetAt, receivedAt);
    if (end !== null) {
      this.#learnWindow(end);
      this.#attribute(ticket, end);
      if (reading.remaining !== null) {
        const ledger = this.#ledger(end);
        const used = this.#limit - Math.min(reading.remaining, this.#limit);
        if (used > ledger.used || (used === ledger.used && ticket.seq > ledger.usedSeq)) {
          ledger.used = used;
          ledger.usedSeq = ticket.seq;
        }
      }
    }
    if (reading.status === 429) this.#refused(reading, end, receivedAt);
    else this.#blindRefusals = 0;
    this.#pump();
  }

  /** A reset in the past or several windows away is a proxy's or a broken clock's: ignored. */
  #believableEnd(resetAt: number | null, receivedAt: number): number | null {
    if (resetAt === null) return null;
    const serverNow = receivedAt + (this.#clock.low + this.#clock.high) / 2;
    const ahead = resetAt - serverNow;
    const window = this.#windowMs ?? DOCUMENTED_WINDOW_MS;
    if (ahead > MAX_WINDOWS_AHEAD * window || ahead < -window) return null;
    // Once the windows are known, an end off their grid (a limiter's reset a second late) is
    // believed only when a second answer names it too: one odd answer must not shift them.
    const sightings = (this.#endSightings.get(resetAt) ?? 0) + 1;
    this.#endSightings.set(resetAt, sightings);
    if (this.#endSightings.size > 32) {
      const oldest = Math.min(...this.#endSightings.keys());
      this.#endSightings.delete(oldest);
    }
    const known = this.#windowEnd;
    if (known !== null && this.#windowMs !== null && sightings < 2) {
      const offGrid = Math.abs(resetAt - known) % this.#windowMs;
      if (offGrid >= 500 && this.#windowMs - offGrid >= 500) return null;
    }
    return resetAt;
  }

  #learnWindow(end: number): void {
    const previous = this.#windowEnd;
    if (previous === null || end > previous) this.#windowEnd = end;
    // The window's length: the smallest step between window ends that two answers each named.
    // One odd reset (a second late, say) is named once, so it never sets the length.
    if (this.#endSightings.get(end) !== 2 || end === this.#lastConfirmedEnd) return;
    const confirmed = this.#lastConfirmedEnd;
    if (confirmed !== null && end > confirmed) {
      const step = end - confirmed;
      if (step >= 1000 && step <= 86_400_000) {
        this.#windowMs = this.#windowMs === null ? step : Math.min(this.#windowMs, step);
      }
    }
    if (confirmed === null || end > confirmed) this.#lastConfirmedEnd = end;
    for (const seen of this.#endSightings.keys()) {
      if (seen < end) this.#endSightings.delete(seen);
    }
  }

  /** The answer says which window the request was counted in; move it there if we guessed wrong. */
  #attribute(ticket: Ticket, end: number): void {
    for (const other of ticket.windowEnds) {
      if (other === end) continue;
      const own = this.#ledgers.get(other)?.own;
      const index = own?.indexOf(ticket.seq) ?? -1;
      if (own && index >= 0) own.splice(index, 1);
    }
    const ledger = this.#ledger(end);
    if (!ticket.windowEnds.includes(end)) {
      ledger.own.push(ticket.seq);
      ledger.own.sort((a, b) => a - b);
    }
    ticket.windowEnds = [end];
  }

  /** Palenca refused: everything waits until the window ends (or Retry-After, if later). */
  #refused(reading: RateLimitReading, end: number | null, receivedAt: number): void {
    let until = 0;
    if (end !== null) {
      until = this.#clock.surelyReached(end);
      this.#ledger(end).used = this.#limit;
    }
    if (reading.retryAfterMs !== null && reading.retryAfterMs <= MAX_RETRY_AFTER_MS) {
      until = Math.max(until, receivedAt + reading.retryAfterMs);
    }
    if (until <= receivedAt) {
      // Neither said when (a proxy's 429): back off, doubling, never beyond a window.
      const ceiling = Math.max(this.windowMs, 10 * BLIND_BACKOFF_MS);
      this.#blindRefusals++;
      until = receivedAt + backoffMs(this.#blindRefusals, BLIND_BACKOFF_MS, ceiling);
    } else this.#blindRefusals = 0;
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  // --- timers and status ---

  #schedule(wakeAt: number): void {
    const keepAlive = this.#waiters.length > 0;
    if (wakeAt === this.#timerAt && keepAlive === this.#timerKeepsAlive) return;
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    this.#timerAt = wakeAt;
    this.#timerKeepsAlive = keepAlive;
    if (!Number.isFinite(wakeAt)) return;
    this.#cancelTimer = this.#setTimer(
      () => {
        this.#cancelTimer = null;
        this.#timerAt = Number.POSITIVE_INFINITY;
        this.#pump();
      },
      Math.max(1, wakeAt - this.#now()),
      keepAlive,
    );
  }

  #publish(): void {
    const now = this.#now();
    // `until` is for people: on the computer's clock.
    const until = this.#wallNow() + (this.#pausedUntil - now);
    const next: AllowanceStatus =
      now < this.#pausedUntil
        ? { state: 'waiting', until }
        : { state: this.#heldBack ? 'held_back' : 'paced', until: null };
    if (next.state === this.#status.state && next.until === this.#status.until) return;
    this.#status = next;
    for (const listener of this.#listeners) listener(next);
  }
}

function clampShare(share: number): number {
  if (!Number.isFinite(share)) return 0.5;
  return Math.min(1, Math.max(0.25, share));
}
