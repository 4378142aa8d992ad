// `palenca-users-cli connections`: every connection attempt of a date window counted by
// platform and group, and the commonest reasons they did not connect, with the app's loader
// (one request per 100 attempts, paced, nothing kept per attempt).

import {
  ACCOUNT_STATUS_GROUPS,
  type AccountStatusGroup,
  type AccountStatusReason,
} from '#common/account-status.ts';
import en from '#common/i18n/en.json' with { type: 'json' };
import { formatMessage } from '#common/i18n/format-message.ts';
import type { GroupCounts } from '#common/models.ts';
import {
  CONNECTIONS_CONCURRENCY,
  CONNECTIONS_PAGE_SIZE,
  type ConnectionsProgressStep,
  type ConnectionsReading,
  costOf,
  readConnections,
  readFirstPage,
} from '../../backend/connections/connections-loader.ts';
import type { TallyTotals } from '../../backend/connections/connections-tally.ts';
import { createThrottle } from '../../backend/export/progress-throttle.ts';
import { checkLoginsInput } from '../../backend/palenca/search-input.ts';
import { aboutDuration, tellAllowance } from '../cli-allowance.ts';
import { reportAppError, reportError } from '../cli-errors.ts';
import { type CliCommand, type CliIO, EXIT, PROGRAM, stderrIsTerminal } from '../cli-io.ts';
import type { CliClientOptions } from '../cli-key.ts';
import { exitCodesHelp, HELP } from '../command-help.ts';
import {
  type CheckedLine,
  checkedCommand,
  commandLine,
  openClient,
  SHARED_FLAGS,
  windowRequired,
} from '../command-start.ts';
import { formatTable } from '../table.ts';

const USAGE = `Usage: ${PROGRAM} connections --from YYYY-MM-DD --to YYYY-MM-DD [options]

Counts every connection attempt created between two days (both included): per
platform, how many connected, need the person to act, are waiting, failed, or are
in a state this tool does not know; then the commonest reasons attempts did not
connect, with what each means.

Options:
${HELP.windowOptions}
  --platform CODE      count only this platform's attempts (Palenca's code, such as
                       uber; any case)
${HELP.envOption}
${HELP.shareOption}
  --json               print the summary as JSON instead of tables
${HELP.helpOption}

Reading the attempts takes one request per ${CONNECTIONS_PAGE_SIZE} of them (Palenca may send fewer a
page; then more requests), all of them, with --platform too. Palenca allows a fixed
number of requests a minute (120) for the whole organisation, so the allowance sets
the pace. Before reading more than one page, the command prints on stderr how many
attempts there are, how many requests that takes and about how long, then the pages
read. If attempts are
created while it reads, it starts over (twice at most) so the counts are exact.

${HELP.keyAndAddress}

${exitCodesHelp()}
`;

const FLAGS = {
  ...SHARED_FLAGS.window,
  ...SHARED_FLAGS.api,
  platform: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const COMMAND_LINE = commandLine('connections', USAGE, FLAGS, windowRequired);

export interface ConnectionsCommandOptions extends CliClientOptions {
  /** Whether stderr is a terminal (then the pages read are counted there). */
  stderrIsTTY?: () => boolean;
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** Our English words, from the app's own catalogue. */
const groupWords = (group: AccountStatusGroup) => formatMessage(en.accounts_status, { group });
const reasonWords = (reason: AccountStatusReason) => formatMessage(en.accounts_reason, { reason });
const nextStepWords = (reason: AccountStatusReason) =>
  formatMessage(en.accounts_next_step, { reason });
/** Wide enough for every explanation of the catalogue: cut words would say something else. */
const REASON_WIDTH = 100;

const groupCells = (groups: GroupCounts, total: number) => [
  ...ACCOUNT_STATUS_GROUPS.map((g) => count(groups[g])),
  count(total),
];

/** The platforms a window has, said when the one asked for has no attempt there. */
export function otherPlatforms(platform: string, totals: TallyTotals | null): string {
  const seen = totals?.platformsSeen ?? [];
  if (seen.length === 0) return '';
  const names = seen.map((p) => (p === '' ? '(none)' : p)).join(', ');
  return `No attempt in this window is on "${platform}". Its attempts are on: ${names}.`;
}

function renderTables(
  summary: ConnectionsReading,
  platform: string | undefined,
  totals: TallyTotals | null,
): string {
  const which = platform === undefined ? '' : ` on ${platform === '' ? 'no platform' : platform}`;
  const head = `Connection attempts from ${summary.from} to ${summary.to}${which}: ${count(summary.attempts)}, ${count(summary.followUps)} of them need follow-up.`;
  if (summary.attempts === 0) {
    const others = platform === undefined ? '' : otherPlatforms(platform, totals);
    return others ? `${head}\n${others}\n` : `${head}\n`;
  }
  const platforms = formatTable(
    ['Platform', ...ACCOUNT_STATUS_GROUPS.map(groupWords), 'Total'],
    [
      ...summary.platforms.map((p) => [p.platform || '(none)', ...groupCells(p.groups, p.total)]),
      ['All', ...groupCells(summary.groups, summary.attempts)],
    ],
  );
  const parts = [head, '', platforms];
  if (summary.reasons.length > 0) {
    parts.push(
      '',
      'Commonest reasons attempts did not connect:',
      // What to do on a second line under each reason: as a column it would not fit.
      formatTable(
        ['Reason', 'Attempts', 'Group', 'What it means / what to do'],
        summary.reasons.flatMap((r) => [
          [r.code || '(none)', count(r.count), groupWords(r.group), reasonWords(r.reason)],
          ['', '', '', `To do: ${nextStepWords(r.reason)}`],
        ]),
        REASON_WIDTH,
      ),
    );
    const more = moreReasons(summary, totals);
    if (more) parts.push(more);
  }
  return `${parts.join('\n')}\n`;
}

/** `and 4 more reasons (9 attempts)`, when the table lists only the commonest. */
function moreReasons(summary: ConnectionsReading, totals: TallyTotals | null): string {
  const more = (totals?.reasonCodes ?? 0) - summary.reasons.length;
  if (more <= 0) return '';
  const listed = summary.reasons.reduce((sum, r) => sum + r.count, 0);
  const attempts = summary.followUps - listed;
  return `and ${plural(more, 'more reason', 'more reasons')} (${plural(attempts, 'attempt', 'attempts')})`;
}

/**
 * JSON with every invisible format character (bidi overrides, zero-width spaces…) and line
 * separator escaped: the same data once parsed, but nothing that can disguise an id when it
 * is read on a terminal.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\p{Cf}\u2028\u2029]/gu, (char) => {
    let escaped = '';
    // A character past U+FFFF is written as its two UTF-16 halves, as JSON spells it.
    for (let i = 0; i < char.length; i++) {
      escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    }
    return escaped;
  });
}

export function createConnectionsCommand(options: ConnectionsCommandOptions = {}): CliCommand {
  const stderrIsTTY = options.stderrIsTTY ?? stderrIsTerminal;

  async function run({ flags, settings }: CheckedLine<typeof FLAGS>, io: CliIO): Promise<number> {
    // Trimmed here; compared in any case by the tally.
    const platform = flags.platform?.trim();
    if (platform === '') {
      return reportError(
        io,
        'The option --platform is empty or only spaces. Give a platform code such as uber, or leave the option out to count every platform.',
        EXIT.usage,
      );
    }
    const window = { from: flags.from ?? '', to: flags.to ?? '' };
    // Input is checked before the key is looked up: a typo needs no key to be reported.
    const checked = checkLoginsInput({ ...window, page: 1, perPage: CONNECTIONS_PAGE_SIZE });
    if (!checked.ok) return reportAppError(io, checked.error);

    const opened = await openClient(settings, io, options);
    if (typeof opened === 'number') return opened;
    const { governor, client } = opened;
    const signalOption = io.signal ? { signal: io.signal } : {};

    // Listening before page one: when others have used up the minute, even page one waits
    // for the next one, and the person hears why nothing happens. On a terminal each line
    // first clears the page count drawn there (if any).
    const unwatch = tellAllowance(governor, io, stderrIsTTY());
    // Page one says the cost; it is counted, not asked again.
    const first = await readFirstPage(client, window, signalOption);
    if (!first.ok) {
      unwatch();
      return reportAppError(io, first.error);
    }
    const cost = costOf(first.value);
    if (!cost.ok) {
      unwatch();
      return reportAppError(io, cost.error);
    }
    const { attempts, pages } = cost.value;
    if (pages > 1) {
      const ms = governor.estimateMs(pages - 1, CONNECTIONS_CONCURRENCY);
      io.stderr(
        `${plural(attempts, 'attempt', 'attempts')}: reading them takes ${plural(pages, 'request', 'requests')}, ${aboutDuration(ms)} at ${settings.share}% of your allowance.\n`,
      );
    }

    const showProgress = stderrIsTTY() && pages > 1;
    // Not on a terminal (a log, a script): a line at each tenth of the pages instead.
    const showLines = !showProgress && pages > 1;
    let lastTenth = 0;
    const progressLine = (p: ConnectionsProgressStep) => {
      const tenth = Math.floor((p.pagesDone * 10) / p.pagesTotal);
      // A pass that starts over counts its tenths again.
      if (tenth < lastTenth) lastTenth = 0;
      if (tenth > lastTenth && p.pagesDone < p.pagesTotal) {
        lastTenth = tenth;
        io.stderr(`Read ${count(p.pagesDone)} of ${plural(p.pagesTotal, 'page', 'pages')}.\n`);
      }
    };
    const progress = createThrottle<ConnectionsProgressStep>(
      (p) => io.stderr(`\rRead ${count(p.pagesDone)} of ${count(p.pagesTotal)} pages\x1b[K`),
      100,
    );
    let totals: TallyTotals | null = null;
    const read = await readConnections(client, window, {
      ...signalOption,
      firstPage: first.value,
      ...(platform !== undefined ? { platform } : {}),
      // Only the counts are printed: no list to keep.
      maxFollowUps: 0,
      ...(showProgress ? { onProgress: (p: ConnectionsProgressStep) => progress.push(p) } : {}),
      ...(showLines ? { onProgress: progressLine } : {}),
      onTotals: (t: TallyTotals) => {
        totals = t;
      },
      onRestart: () =>
        io.stderr(
          `${showProgress ? '\r\x1b[K' : ''}Attempts were created or removed while reading: reading the window again so the counts are exact.\n`,
        ),
    });
    unwatch();
    if (showProgress) {
      progress.flush();
      io.stderr('\n');
    }
    if (!read.ok) return reportAppError(io, read.error);

    const { followUpList: _list, followUpsTooMany: _tooMany, ...summary } = read.value;
    if (flags.json && platform !== undefined && summary.attempts === 0) {
      const others = otherPlatforms(platform, totals);
      if (others) io.stderr(`${others}\n`);
    }
    io.stdout(
      flags.json
        ? `${safeJson({ ...(platform !== undefined ? { platform } : {}), ...summary })}\n`
        : renderTables(read.value, platform, totals),
    );
    return EXIT.ok;
  }

  return checkedCommand(
    COMMAND_LINE,
    'count the connection attempts between two days, by platform and reason',
    run,
  );
}
