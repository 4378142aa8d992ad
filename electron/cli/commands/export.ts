// `palenca-users-cli export`: every user of a date window into a CSV file or an Excel workbook,
// with the app's own export flow (export-job.ts). Defaults suit machines (comma, no byte-order
// mark); on failure, Ctrl+C, SIGTERM or SIGHUP nothing is left at --out and a file already there
// is untouched.
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  type ExportProgress,
} from '#common/models.ts';
import { accountsLimit } from '../../backend/export/export-cost.ts';
import { countUsers } from '../../backend/export/export-count-cache.ts';
import {
  DEFAULT_EXPORT_CONCURRENCY,
  EXPORT_PAGE_SIZE,
  type PageRetry,
} from '../../backend/export/export-engine.ts';
import { runExportJob } from '../../backend/export/export-job.ts';
import {
  type ExportPlan,
  estimateExportCost,
  planExport,
} from '../../backend/export/export-plan.ts';
import {
  createLastExportStore,
  LAST_EXPORT_FOLDER,
  type LastExportStore,
} from '../../backend/export/last-export-store.ts';
import { createThrottle } from '../../backend/export/progress-throttle.ts';
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
/** The CLI's own folder for what --since-last continues from (never the app's). */
const STATE_FOLDER_NAME = 'palenca-users-cli';

const USAGE = `Usage: ${PROGRAM} export --from YYYY-MM-DD --to YYYY-MM-DD --out FILE [options]
       ${PROGRAM} export --since-last --out FILE [options]

Saves every user who connected between two days (both included) to a CSV file or
an Excel workbook, newest first: columns user_id, external_id, widget_id, and the
optional columns below.

Options:
  --from YYYY-MM-DD    earliest day (required, unless --since-last)
  --to YYYY-MM-DD      latest day (required, unless --since-last); a day after
                       today is exported up to today, as nobody has connected later
  --out FILE           where to save (required): a new name in an existing folder,
                       or a regular file, replaced only when complete and keeping
                       its permissions. A link (give the file itself), a folder, a
                       device, a pipe, a name ending in /, a name longer than 255
                       bytes and a folder this command cannot write in are refused
                       before any request. The name's extension decides the format:
                       .xlsx an Excel workbook (IDs as text, a sheet "About this
                       export", more sheets past 1,048,576 rows), .csv a CSV file.
                       .xls, .xlsm, .xlsb and .ods are refused (Excel would convert
                       IDs to numbers): use .xlsx. Any other name, or none, gets
                       CSV, and stderr says so: a script's temporary names keep
                       working.
  --format FORMAT      csv or xlsx: a check for scripts. Refused unless --out's
                       name ends in .csv or .xlsx to match (any case).
  --external-id ID     only the users with this external ID
  --with-day           add the column connected_on: the day Palenca's date filter
                       files each user under (its time zone assumed UTC, not
                       confirmed by Palenca). The window is read one day at a time:
                       about one request more per day.
  --with-accounts      add the columns accounts (how many), platforms,
                       account_status and last_successful_connection (the newest
                       of the user's accounts): one request per user, paced at the
                       background share. Refused when the requests would take
                       more than an hour at --share. account_status lists the
                       states the user's accounts are in, comma-separated, in this
                       order: connected (nothing to do), needs action (the person
                       must log in again or fix their data), waiting (Palenca or
                       the platform is still working), failed (waiting will not
                       fix it), unknown (no state, or one this tool does not know).
  --since-last         only the users new since the last successful export of the
                       same --env and --external-id made by this command: the window
                       runs from that export's --to day to today, and the users of
                       that day it already saved are left out. Instead of --from and
                       --to. Nobody new: nothing is saved, and it exits 0.
  --state-dir DIR      where the command notes each successful export for
                       --since-last (default: $XDG_STATE_HOME/${STATE_FOLDER_NAME}, else
                       ~/.local/state/${STATE_FOLDER_NAME} on Linux;
                       ~/Library/Application Support/${STATE_FOLDER_NAME} on macOS;
                       %LOCALAPPDATA%\\${STATE_FOLDER_NAME} on Windows). It holds the
                       user IDs of each export's last day, readable by its owner only.
${HELP.envOption}
${HELP.csvOptions}
  --concurrency N      page requests in flight, 1 to ${MAX_CONCURRENCY} (default ${DEFAULT_EXPORT_CONCURRENCY})
${HELP.shareOption}
${HELP.helpOption}

Palenca allows a fixed number of requests a minute (120) for the whole organisation,
so the allowance, not the network, sets the pace: 150 users a request, at most
--share percent of each minute. Before it starts, the command counts the users (one
request) and prints on stderr at most how many requests and about how long the
export takes. If Palenca refuses a request for the allowance, it waits for the next
minute and says so.

${HELP.keyAndAddress}
A progress bar is shown on stderr when it is a terminal.

A new file is readable by its owner only (mode 600). While the export runs, the
data is in a hidden .palenca-<process id>-<random>.partial file beside the target;
one left by a run that was killed is removed by the next export into that folder.

${exitCodesHelp('bad options or input (a bad --out too; --since-last with no earlier export; --with-accounts for too many users)', true)}
`;

const FLAGS = {
  ...SHARED_FLAGS.window,
  ...SHARED_FLAGS.api,
  ...SHARED_FLAGS.csv,
  out: { type: 'string' },
  format: { type: 'string' },
  'external-id': { type: 'string' },
  'with-day': { type: 'boolean' },
  'with-accounts': { type: 'boolean' },
  'since-last': { type: 'boolean' },
  'state-dir': { type: 'string' },
  concurrency: { type: 'string' },
} as const;

const COMMAND_LINE = commandLine('export', USAGE, FLAGS, (flags) => [
  // --since-last computes the window: then only --out is required.
  ...(flags['since-last'] ? [] : windowRequired(flags)),
  ['--out FILE', flags.out],
]);

export interface ExportCommandOptions extends CliClientOptions {
  /** Whether stderr is a terminal (then a progress bar is drawn there). */
  stderrIsTTY?: () => boolean;
  pageRetry?: Partial<PageRetry>;
  /** Tests: the clock (today, for --since-last). */
  now?: () => Date;
  /** Tests: a smaller sheet limit for workbooks. */
  maxRowsPerSheet?: number;
}

/**
 * The default --state-dir: the OS's folder for a program's own state, from the environment
 * (so a test, or a script, decides it). Null when the environment names no home at all.
 */
export function defaultStateDir(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (platform === 'win32') {
    return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, STATE_FOLDER_NAME) : null;
  }
  if (platform === 'darwin') {
    return env.HOME ? join(env.HOME, 'Library', 'Application Support', STATE_FOLDER_NAME) : null;
  }
  // XDG: only an absolute path counts; a relative one is to be ignored.
  const xdg = env.XDG_STATE_HOME;
  if (xdg?.startsWith('/')) return join(xdg, STATE_FOLDER_NAME);
  return env.HOME ? join(env.HOME, '.local', 'state', STATE_FOLDER_NAME) : null;
}

/**
 * Spreadsheet names this command does not write: a CSV file or a workbook under them makes
 * Excel warn, or read the IDs as numbers. Each is refused with a pointer to .xlsx.
 */
const OTHER_SHEETS: Record<string, string> = {
  xls: 'an old Excel format',
  xlsm: 'an Excel workbook with macros',
  xlsb: 'a binary Excel workbook',
  ods: 'an OpenDocument spreadsheet',
};

const isFormat = (text: string): text is ExportFormat =>
  (EXPORT_FORMATS as readonly string[]).includes(text);

/** What `formatFlag` decided: the format, and the line to say when --out's name did not. */
interface FormatChoice {
  format: ExportFormat;
  /** Said on stderr: the name neither ends in .csv nor .xlsx, so CSV is written. */
  note: string | null;
}

/**
 * The format, from --out's extension, with `--format` as a check that must agree with it; or
 * the exit code once the problem is said. A name with another extension, or none, gets CSV
 * (as before issue 18, so a script's temporary names keep working) and a note on stderr.
 */
function formatFlag(value: string | undefined, out: string, io: CliIO): FormatChoice | number {
  const extension = extname(out).slice(1).toLowerCase();
  const other = OTHER_SHEETS[extension];
  if (other) {
    return reportError(
      io,
      `The name given to --out ends in .${extension}, ${other} this command does not write: did you mean .xlsx? Give a name ending in .xlsx for an Excel workbook, or .csv for a CSV file.`,
      EXIT.usage,
    );
  }
  const named = isFormat(extension) ? extension : null;
  if (value === undefined) {
    if (named) return { format: named, note: null };
    const ends = extension ? `ends in .${extension}` : 'has no extension';
    return {
      format: 'csv',
      note: `Saving a CSV file: the name given to --out ${ends}, not .csv or .xlsx.`,
    };
  }
  const format = value.trim().toLowerCase();
  if (!isFormat(format)) {
    const hint = OTHER_SHEETS[format] ? ': did you mean xlsx?' : '.';
    return reportError(io, `The option --format must be csv or xlsx${hint}`, EXIT.usage);
  }
  if (named !== format) {
    const ends = extension ? `ends in .${extension}` : 'has no extension';
    return reportError(
      io,
      `The option --format ${format} needs a name ending in .${format} for --out, and the one given ${ends}. Give a name ending in .${format}, or leave --format out.`,
      EXIT.usage,
    );
  }
  return { format, note: null };
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

/**
 * This copy's version, for the export's record (its workbook's about sheet): the clone's
 * package.json, found upwards from this file (electron/cli/… run by tsx, or out/cli/).
 */
function cliVersion(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as unknown;
      if (
        typeof pkg === 'object' &&
        pkg !== null &&
        'name' in pkg &&
        pkg.name === 'palenca-users' &&
        'version' in pkg &&
        typeof pkg.version === 'string'
      ) {
        return pkg.version;
      }
    } catch {
      // No package.json here, or not ours: look further up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/** Where nothing is noted: no state folder could be found. */
const NO_MARKS: LastExportStore = {
  folder: '',
  read: async () => null,
  write: async () => {},
  clear: async () => {},
};

const plural = (n: number, one: string, many: string): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Who the export saves, as the cost line begins. Since the last export: the new users first,
 * the count less the last day's users already saved (they are all in the window: it starts on
 * that day); exact unless users were deleted meanwhile, then more are new.
 */
function whoLine(users: number, plan: ExportPlan): string {
  if (!plan.skipUserIds) return plural(users, 'user', 'users');
  const skipped = plan.skipUserIds.size;
  const { from, to } = plan.filter;
  return `${plural(Math.max(0, users - skipped), 'new user', 'new users')} from ${from} to ${to} (the ${plural(skipped, 'user', 'users')} of ${from} already exported ${skipped === 1 ? 'is' : 'are'} left out)`;
}

/** Warnings of the flow (a damaged note, a record not written) as plain stderr lines. */
const warnings = (io: CliIO) => ({
  warn: (message: string) => io.stderr(`${PROGRAM}: warning: ${message}\n`),
});

export function createExportCommand(options: ExportCommandOptions = {}): CliCommand {
  const stderrIsTTY = options.stderrIsTTY ?? stderrIsTerminal;
  const now = options.now ?? (() => new Date());

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
    const sinceLast = flags['since-last'] === true;
    if (sinceLast && (flags.from !== undefined || flags.to !== undefined)) {
      return reportError(
        io,
        'The option --since-last computes the window itself (from the last export to today): leave out --from and --to.',
        EXIT.usage,
      );
    }
    const chosen = formatFlag(flags.format, flags.out ?? '', io);
    if (typeof chosen === 'number') return chosen;
    const { format } = chosen;
    if (format === 'xlsx' && (flags.bom !== undefined || flags.delimiter !== undefined)) {
      return reportError(
        io,
        'The options --bom and --delimiter are for CSV files; a workbook (.xlsx) has neither.',
        EXIT.usage,
      );
    }
    const stateDir = flags['state-dir'] ?? defaultStateDir(io.env);
    if (flags['state-dir'] !== undefined && flags['state-dir'].trim() === '') {
      return reportError(io, 'The option --state-dir is empty. Give a folder.', EXIT.usage);
    }
    const exportOptions: ExportOptions = {
      withDay: flags['with-day'] === true,
      withAccounts: flags['with-accounts'] === true,
      sinceLast,
    };
    const asked = {
      from: flags.from ?? '',
      to: flags.to ?? '',
      ...(flags['external-id'] ? { externalId: flags['external-id'] } : {}),
    };
    if (sinceLast && !stateDir) {
      return reportError(
        io,
        'The option --since-last needs a folder to read the last export from: give --state-dir DIR (no home folder is set in the environment).',
        EXIT.usage,
      );
    }
    // Without a state folder (no home in the environment), exports are not noted.
    const marks = stateDir
      ? createLastExportStore(join(stateDir, LAST_EXPORT_FOLDER), warnings(io))
      : NO_MARKS;
    const planned = await planExport(marks, settings.environment, asked, exportOptions, now());
    if (!planned.ok) {
      return reportError(
        io,
        `No earlier export of these users (--env ${settings.environment}${asked.externalId ? ' and this --external-id' : ''}) is noted in ${stateDir}. Run an export with --from and --to first (with the same --state-dir); --since-last then continues from it.`,
        EXIT.usage,
      );
    }
    const plan = planned.value;
    // Input is checked before the key is looked up: a typo needs no key to be reported.
    const checked = checkSearchInput({ ...plan.filter, page: 1, perPage: EXPORT_PAGE_SIZE });
    if (!checked.ok) return reportAppError(io, checked.error);
    // Then --out, still before the key: a target that cannot be replaced needs no request.
    const out = await outTarget(flags.out, io);
    if (typeof out === 'number') return out;

    const opened = await openClient(settings, io, options);
    if (typeof opened === 'number') return opened;
    const { governor, client } = opened;
    if (chosen.note) io.stderr(`${chosen.note}\n`);
    // The planner ends a window at today: nobody has connected later yet.
    if (!sinceLast && plan.filter.to !== asked.to) {
      io.stderr(
        `The option --to ${asked.to} is after today: exporting up to ${plan.filter.to}, as nobody has connected later yet.\n`,
      );
    }

    // Listening before the count: when others have used up the minute, even the count waits
    // for the next one, and the person hears why nothing happens.
    const showBar = stderrIsTTY();
    const unwatch = tellAllowance(governor, io, showBar);
    // The count, one request, so the cost is said before the work starts. No prompt: scripts
    // run this unattended.
    const signalOption = io.signal ? { signal: io.signal } : {};
    const count = await client.searchUsers({ ...plan.filter, page: 1, perPage: 1 }, signalOption);
    if (!count.ok) {
      unwatch();
      return reportAppError(io, {
        ...count.error,
        message: `${count.error.message} Nothing was saved.`,
      });
    }
    const users = count.value.pagination.total_items;
    if (exportOptions.withAccounts) {
      const limit = accountsLimit(governor);
      if (users > limit) {
        unwatch();
        return reportError(
          io,
          `The option --with-accounts asks Palenca once per user: ${plural(users, 'user', 'users')} would take more than an hour at --share ${settings.share} (at most ${limit.toLocaleString('en-US')} fit). Choose a shorter window, a larger --share, or leave --with-accounts out. Nothing was saved.`,
          EXIT.usage,
        );
      }
    }
    // A long window with --with-day first finds its oldest day with users (a few counts), so
    // the cost said is the days the walk reads, not every day of the window.
    const cost = await estimateExportCost({
      users,
      filter: plan.filter,
      options: exportOptions,
      allowance: governor,
      count: (part) => countUsers(client, part, signalOption),
      concurrency,
    });
    const search =
      cost.searchRequests > 0
        ? ` (${cost.searchRequests} of them already made, to find the oldest day with users)`
        : '';
    io.stderr(
      `${whoLine(users, plan)}, up to ${plural(cost.requests, 'request', 'requests')} to Palenca${search}: ${aboutDuration(cost.estimatedMs)}, ${shareWords(settings.share)}.\n`,
    );

    const bar = createThrottle<ExportProgress>((p) => io.stderr(`\r${progressLine(p)}\x1b[K`), 100);
    const result = await runExportJob({
      client,
      allowance: governor,
      marks,
      environment: settings.environment,
      filter: asked,
      options: exportOptions,
      plan,
      target: out,
      format,
      csv: { delimiter, bom: flags.bom === true },
      // The CLI speaks English, its workbooks' about sheet too.
      locale: 'en',
      appVersion: cliVersion(),
      recordFile: false,
      // Its one warning (the note for --since-last not written) is said below, in CLI words.
      log: { warn: () => {} },
      concurrency,
      now,
      ...signalOption,
      ...(showBar ? { onProgress: (p: ExportProgress) => bar.push(p) } : {}),
      ...(options.pageRetry ? { pageRetry: options.pageRetry } : {}),
      ...(options.maxRowsPerSheet ? { maxRowsPerSheet: options.maxRowsPerSheet } : {}),
    });
    unwatch();
    if (showBar) {
      bar.flush();
      io.stderr('\n');
    }
    if (!result.ok) {
      return reportAppError(io, {
        ...result.error,
        message: `${result.error.message} Nothing was saved.`,
      });
    }
    if (result.value.status === 'nothing_new') {
      io.stdout(`Nothing new since the export of ${result.value.since}; nothing was saved.\n`);
      return EXIT.ok;
    }
    const { entry, markProblem } = result.value;
    if (markProblem && stateDir) {
      io.stderr(
        `${PROGRAM}: warning: this export could not be noted in ${stateDir} for --since-last: ${markProblem}\n`,
      );
    }
    // The count unformatted, as before: scripts read this line.
    io.stdout(`Exported ${entry.rows} ${entry.rows === 1 ? 'user' : 'users'} to ${out}\n`);
    return EXIT.ok;
  }

  return checkedCommand(
    COMMAND_LINE,
    'save every user between two days to a CSV file or an Excel workbook',
    run,
  );
}
