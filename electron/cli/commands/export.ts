// `palenca-users-cli export`: every user of a date window into a CSV file, with the app's engine.
// Defaults suit machines (comma, no byte-order mark); on failure, Ctrl+C, SIGTERM or SIGHUP
// nothing is left at --out and a file already there is untouched.

import type { ExportProgress } from '#common/models.ts';
import {
  DEFAULT_EXPORT_CONCURRENCY,
  EXPORT_PAGE_SIZE,
  exportUsers,
  type PageRetry,
} from '../../backend/export/export-engine.ts';
import { createThrottle } from '../../backend/export/progress-throttle.ts';
import { exportRequests } from '../../backend/handlers/export-handlers.ts';
import { checkSearchInput } from '../../backend/palenca/search-input.ts';
import { BLANK_EXTERNAL_ID, blankFlag, wholeNumber } from '../args.ts';
import { aboutDuration, shareWords, tellAllowance } from '../cli-allowance.ts';
import { reportAppError, reportError } from '../cli-errors.ts';
import { type CliCommand, type CliIO, EXIT, PROGRAM, stderrIsTerminal } from '../cli-io.ts';
import type { CliClientOptions } from '../cli-key.ts';
import { exitCodesHelp, HELP } from '../command-help.ts';
import {
  type CheckedLine,
  checkedCommand,
  commandLine,
  delimiterFlag,
  openClient,
  outTarget,
  SHARED_FLAGS,
  windowRequired,
} from '../command-start.ts';

const MAX_CONCURRENCY = 8;

const USAGE = `Usage: ${PROGRAM} export --from YYYY-MM-DD --to YYYY-MM-DD --out FILE [options]

Saves every user who connected between two days (both included) to a CSV file,
newest first: columns user_id, external_id, widget_id.

Options:
${HELP.windowOptions}
  --out FILE           where to save the CSV (required): a new name in an existing
                       folder, or a regular file, replaced only when complete and
                       keeping its permissions. A link (give the file itself), a
                       folder, a device, a pipe, a name ending in / and a name
                       longer than 255 bytes are refused before any request.
  --external-id ID     only the users with this external ID
${HELP.envOption}
${HELP.csvOptions}
  --concurrency N      page requests in flight, 1 to ${MAX_CONCURRENCY} (default ${DEFAULT_EXPORT_CONCURRENCY})
${HELP.shareOption}
${HELP.helpOption}

Palenca allows a fixed number of requests a minute (120) for the whole organisation,
so the allowance, not the network, sets the pace: 150 users a request, at most
--share percent of each minute. Before it starts, the command counts the users (one
request) and prints on stderr how many requests and about how long the export takes.
If Palenca refuses a request for the allowance, it waits for the next minute and says so.

${HELP.keyAndAddress}
A progress bar is shown on stderr when it is a terminal.

A new file is readable by its owner only (mode 600). While the export runs, the
data is in a hidden .palenca-<process id>-<random>.partial file beside the target;
one left by a run that was killed is removed by the next export into that folder.

${exitCodesHelp('bad options or input (a bad --out too)', true)}
`;

const FLAGS = {
  ...SHARED_FLAGS.window,
  ...SHARED_FLAGS.api,
  ...SHARED_FLAGS.csv,
  out: { type: 'string' },
  'external-id': { type: 'string' },
  concurrency: { type: 'string' },
} as const;

const COMMAND_LINE = commandLine('export', USAGE, FLAGS, (flags) => [
  ...windowRequired(flags),
  ['--out FILE', flags.out],
]);

export interface ExportCommandOptions extends CliClientOptions {
  /** Whether stderr is a terminal (then a progress bar is drawn there). */
  stderrIsTTY?: () => boolean;
  pageRetry?: Partial<PageRetry>;
}

const clock = (ms: number): string => {
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m >= 60
    ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(s).padStart(2, '0')}`
    : `${m}:${String(s).padStart(2, '0')}`;
};

/** One terminal line: bar, rows, elapsed and remaining time. */
export function progressLine(p: ExportProgress, width = 24): string {
  const fraction = p.rowsTotal > 0 ? Math.min(1, p.rowsDone / p.rowsTotal) : 1;
  const filled = Math.round(fraction * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  const left = p.remainingMs === null ? '' : `, ~${clock(p.remainingMs)} left`;
  return `[${bar}] ${Math.floor(fraction * 100)}% ${p.rowsDone.toLocaleString('en-US')}/${p.rowsTotal.toLocaleString('en-US')} users, ${clock(p.elapsedMs)} elapsed${left}`;
}

export function createExportCommand(options: ExportCommandOptions = {}): CliCommand {
  const stderrIsTTY = options.stderrIsTTY ?? stderrIsTerminal;

  async function run({ flags, settings }: CheckedLine<typeof FLAGS>, io: CliIO): Promise<number> {
    const delimiter = delimiterFlag(flags.delimiter, io);
    if (typeof delimiter === 'number') return delimiter;
    const concurrency = wholeNumber(flags.concurrency, DEFAULT_EXPORT_CONCURRENCY);
    if (!(concurrency >= 1 && concurrency <= MAX_CONCURRENCY)) {
      return reportError(
        io,
        `The option --concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}.`,
        EXIT.usage,
      );
    }
    if (blankFlag(flags['external-id'])) return reportError(io, BLANK_EXTERNAL_ID, EXIT.usage);
    const filter = {
      from: flags.from ?? '',
      to: flags.to ?? '',
      ...(flags['external-id'] ? { externalId: flags['external-id'] } : {}),
    };
    // Input is checked before the key is looked up: a typo needs no key to be reported.
    const checked = checkSearchInput({ ...filter, page: 1, perPage: EXPORT_PAGE_SIZE });
    if (!checked.ok) return reportAppError(io, checked.error);
    // Then --out, still before the key: a target that cannot be replaced needs no request.
    const out = await outTarget(flags.out, io);
    if (typeof out === 'number') return out;

    const opened = await openClient(settings, io, options);
    if (typeof opened === 'number') return opened;
    const { governor, client } = opened;

    // The count, one request, so the cost is said before the work starts. No prompt: scripts
    // run this unattended.
    const signalOption = io.signal ? { signal: io.signal } : {};
    const count = await client.searchUsers({ ...filter, page: 1, perPage: 1 }, signalOption);
    if (!count.ok) {
      return reportAppError(io, {
        ...count.error,
        message: `${count.error.message} Nothing was saved.`,
      });
    }
    const users = count.value.pagination.total_items;
    const requests = exportRequests(users);
    io.stderr(
      `${users.toLocaleString('en-US')} ${users === 1 ? 'user' : 'users'}, ${requests} ${requests === 1 ? 'request' : 'requests'} to Palenca: ${aboutDuration(governor.estimateMs(requests, concurrency))}, ${shareWords(settings.share)}.\n`,
    );

    const showBar = stderrIsTTY();
    const bar = createThrottle<ExportProgress>((p) => io.stderr(`\r${progressLine(p)}\x1b[K`), 100);
    const unwatch = tellAllowance(governor, io, showBar);
    const result = await exportUsers({
      client,
      filter,
      targetPath: out,
      csv: { delimiter, bom: flags.bom === true },
      concurrency,
      allowance: governor,
      ...signalOption,
      ...(showBar ? { onProgress: (p: ExportProgress) => bar.push(p) } : {}),
      ...(options.pageRetry ? { pageRetry: options.pageRetry } : {}),
    });
    unwatch();
    if (showBar) {
      bar.flush();
      io.stderr('\n');
    }
    if (!result.ok) {
      const nothingSaved = 'Nothing was saved.';
      return reportAppError(io, {
        ...result.error,
        message: `${result.error.message} ${nothingSaved}`,
      });
    }
    const { rows } = result.value;
    io.stdout(`Exported ${rows} ${rows === 1 ? 'user' : 'users'} to ${out}\n`);
    return EXIT.ok;
  }

  return checkedCommand(COMMAND_LINE, 'save every user between two days to a CSV file', run);
}
