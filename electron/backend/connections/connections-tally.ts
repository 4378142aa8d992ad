// Counts a window's connection attempts as their pages arrive, keeping nothing per connected
// attempt: memory grows with the number of platforms and reasons, not of attempts. The
// attempts that need follow-up are kept, compactly, up to a cap; past it the list is dropped
// (the person is asked for a shorter window) and counting goes on.
//
// Pages come newest first, in order. An attempt created while the pages are read pushes every
// later one a place down, so the last attempt of a page can come again first on the next:
// the ids of the previous page are kept to count it once. Whether the whole read adds up is
// the loader's check (`seen` against Palenca's total).
import {
  ACCOUNT_STATUS_GROUPS,
  type AccountStatusGroup,
  type AccountStatusReason,
  readAccountStatus,
} from '#common/account-status.ts';
import {
  type ConnectionsSummary,
  type FollowUp,
  type FollowUpGroup,
  type GroupCounts,
  MAX_FOLLOW_UPS,
  type PalencaLogin,
  type PlatformSummary,
  type ReasonSummary,
} from '#common/models.ts';
import { catalogueReason, reasonCodeOf } from './reason-code.ts';
import { StringInterner } from './string-interner.ts';

/**
 * Distinct reason codes counted one by one; the attempts of any further code are counted
 * under the code `''` (with no status and no details, which reads as unknown alike). Real
 * windows have a few dozen; the cap keeps a broken answer from growing the table.
 */
export const MAX_REASON_CODES = 200;
/** The reasons a summary lists, commonest first. */
export const TOP_REASONS = 10;

/** What the tally says at the end; the loader adds the window, the time and the load's id. */
export type TallySummary = Pick<
  ConnectionsSummary,
  'attempts' | 'groups' | 'platforms' | 'reasons' | 'followUps' | 'followUpsTooMany'
>;

/** What the summary does not carry: for saying what else the window holds. */
export interface TallyTotals {
  /** Every platform of the window's attempts, the filtered-out ones too; commonest first. */
  platformsSeen: string[];
  /** Distinct reason codes counted (the summary lists TOP_REASONS at most). */
  reasonCodes: number;
}

export interface TallyOptions {
  /**
   * Only this platform's attempts are counted (`''`: those without one); absent: every one.
   * Compared trimmed and in any case: `Uber ` is uber.
   */
  platform?: string;
  /** Told the totals each time a summary is made. */
  onTotals?: (totals: TallyTotals) => void;
  /** The longest follow-up list kept; default MAX_FOLLOW_UPS. */
  maxFollowUps?: number;
  /** Default MAX_REASON_CODES. */
  maxReasonCodes?: number;
}

interface ReasonTally {
  count: number;
  /** Per group, in ACCOUNT_STATUS_GROUPS order: an unknown detail may come with any status. */
  groups: number[];
  message: string | null;
  recommendation: string | null;
  /** The catalogue's reason of the code, else of the first known status it came with. */
  reason: AccountStatusReason;
}

export const emptyGroupCounts = (): GroupCounts => ({
  connected: 0,
  action: 0,
  waiting: 0,
  failed: 0,
  unknown: 0,
});

/** Platforms remembered for TallyTotals; real windows have a handful. */
const MAX_PLATFORMS_SEEN = 1000;

/** A platform code as compared: trimmed, lower case. */
const samePlatform = (platform: string): string => platform.trim().toLowerCase();

const GROUP_INDEX = Object.fromEntries(ACCOUNT_STATUS_GROUPS.map((g, i) => [g, i])) as Record<
  AccountStatusGroup,
  number
>;

const isFollowUpGroup = (group: AccountStatusGroup): group is FollowUpGroup =>
  group !== 'connected';

export class ConnectionsTally {
  readonly #platform: string | undefined;
  readonly #onTotals: ((totals: TallyTotals) => void) | undefined;
  /** Attempts per platform, whatever the filter (a broken answer's many are capped). */
  readonly #platformsSeen = new Map<string, number>();
  readonly #maxFollowUps: number;
  readonly #maxReasonCodes: number;
  #seen = 0;
  #attempts = 0;
  #followUpCount = 0;
  readonly #groups = emptyGroupCounts();
  readonly #platforms = new Map<string, GroupCounts>();
  readonly #reasons = new Map<string, ReasonTally>();
  #followUps: FollowUp[] | null = [];
  readonly #strings = new StringInterner();
  /** The ids of the page before: the only place a repeated attempt can come from. */
  #previousIds = new Set<string>();

  constructor(options: TallyOptions = {}) {
    this.#platform = options.platform === undefined ? undefined : samePlatform(options.platform);
    this.#onTotals = options.onTotals;
    this.#maxFollowUps = Math.max(0, options.maxFollowUps ?? MAX_FOLLOW_UPS);
    this.#maxReasonCodes = Math.max(0, options.maxReasonCodes ?? MAX_REASON_CODES);
  }

  /** Distinct attempts read so far, every platform: what must add up to Palenca's total. */
  get seen(): number {
    return this.#seen;
  }

  /** Counts the next page (pages in order, newest first). */
  addPage(logins: readonly PalencaLogin[]): void {
    const ids = new Set<string>();
    for (const login of logins) {
      if (this.#previousIds.has(login.id) || ids.has(login.id)) continue;
      ids.add(login.id);
      this.#seen++;
      this.#add(login);
    }
    this.#previousIds = ids;
  }

  #add(login: PalencaLogin): void {
    const platform = login.platform ?? '';
    const seen = this.#platformsSeen.get(platform);
    if (seen !== undefined || this.#platformsSeen.size < MAX_PLATFORMS_SEEN) {
      this.#platformsSeen.set(platform, (seen ?? 0) + 1);
    }
    if (this.#platform !== undefined && samePlatform(platform) !== this.#platform) return;
    const { group, reason } = readAccountStatus(login.status, login.status_details);
    this.#attempts++;
    this.#groups[group]++;
    let perPlatform = this.#platforms.get(platform);
    if (!perPlatform) {
      perPlatform = emptyGroupCounts();
      this.#platforms.set(platform, perPlatform);
    }
    perPlatform[group]++;
    if (!isFollowUpGroup(group)) return;

    this.#countReason(login, group);
    this.#followUpCount++;
    if (this.#followUps === null) return;
    if (this.#followUps.length >= this.#maxFollowUps) {
      // Too many to page through: drop the list now rather than hold it to the end.
      this.#followUps = null;
      return;
    }
    this.#followUps.push({
      loginId: login.id,
      accountId: login.account_id,
      platform: this.#strings.intern(login.platform),
      status: this.#strings.intern(login.status),
      statusDetails: this.#strings.intern(login.status_details),
      source: this.#strings.intern(login.source),
      createdAt: login.created_at,
      group,
      reason,
    });
  }

  #countReason(login: PalencaLogin, group: FollowUpGroup): void {
    let code = reasonCodeOf(login.status, login.status_details);
    let tally = this.#reasons.get(code);
    if (!tally && this.#reasons.size >= this.#maxReasonCodes) {
      code = '';
      tally = this.#reasons.get(code);
    }
    if (!tally) {
      tally = {
        count: 0,
        groups: [0, 0, 0, 0, 0],
        message: null,
        recommendation: null,
        reason: catalogueReason(code),
      };
      this.#reasons.set(code, tally);
    }
    // A detail we do not know, with a status we do: its status explains it, as it does the
    // attempt's follow-up row. Only the overflow code '' stays unexplained.
    if (tally.reason === 'unknown' && code !== '') {
      tally.reason = readAccountStatus(login.status, null).reason;
    }
    tally.count++;
    tally.groups[GROUP_INDEX[group]] = (tally.groups[GROUP_INDEX[group]] ?? 0) + 1;
    // One attempt's words, both from the same attempt when it has them.
    if (tally.message === null && tally.recommendation === null) {
      tally.message = login.message;
      tally.recommendation = login.recommendation;
    }
  }

  summary(): TallySummary {
    const platforms: PlatformSummary[] = [...this.#platforms].map(([platform, groups]) => ({
      platform,
      total: ACCOUNT_STATUS_GROUPS.reduce((sum, g) => sum + groups[g], 0),
      groups: { ...groups },
    }));
    platforms.sort((a, b) => b.total - a.total || (a.platform < b.platform ? -1 : 1));
    const reasons: ReasonSummary[] = [...this.#reasons]
      .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, TOP_REASONS)
      .map(([code, tally]) => ({
        code,
        reason: tally.reason,
        group: commonestGroup(tally.groups),
        count: tally.count,
        message: tally.message,
        recommendation: tally.recommendation,
      }));
    this.#onTotals?.({
      platformsSeen: [...this.#platformsSeen]
        .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
        .map(([platform]) => platform),
      reasonCodes: this.#reasons.size,
    });
    return {
      attempts: this.#attempts,
      groups: { ...this.#groups },
      platforms,
      reasons,
      followUps: this.#followUpCount,
      followUpsTooMany: this.#followUps === null,
    };
  }

  /** The attempts that need follow-up, newest first; null when there were too many to keep. */
  followUpList(): FollowUp[] | null {
    return this.#followUps;
  }
}

/** The group most of a reason's attempts are in (the first in the groups' order on a tie). */
function commonestGroup(counts: readonly number[]): AccountStatusGroup {
  let best = 0;
  for (let i = 1; i < counts.length; i++) {
    if ((counts[i] ?? 0) > (counts[best] ?? 0)) best = i;
  }
  return ACCOUNT_STATUS_GROUPS[best] ?? 'unknown';
}
