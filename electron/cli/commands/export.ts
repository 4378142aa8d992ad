// `palenca-users-cli export`: every user of a date window into a CSV file, with the app's engine.
// Defaults suit machines (comma, no byte-order mark); on failure, Ctrl+C, SIGTERM or SIGHUP
// nothing is left at --out and a file already there is untouched.

import type { CsvDelimiter, ExportProgress } from '#common/models.ts';
import {
  DEFAULT_EXPORT_CONCURRENCY,
  EXPORT_PAGE_SIZE,
  exportUsers,
  type PageRetry,
} from '../../backend/export/export-engine.ts';
import { createThrottle } from '../../backend/export/progress-throttle.ts';
import { prepareExportTarget } from '../../backend/files/export-target.ts';
import { exportRequests } from '../../backend/handlers/export-handlers.ts';
import { checkSearchInput } from '../../backend/palenca/search-input.ts';
import { BLANK_EXTERNAL_ID, blankFlag, parseFlags, wholeNumber } from '../args.ts';
import {
  aboutDuration,
  BAD_SHARE,
  DEFAULT_SHARE_PERCENT,
  governorFor,
  shareFlag,
  shareWords,
  tellAllowance,
} from '../cli-allowance.ts';
import { reportAppError, reportError } from '../cli-errors.ts';
import { type CliCommand, type CliIO, EXIT, PROGRAM } from '../cli-io.ts';
import { BAD_ENVIRONMENT, type CliClientOptions, cliClient, environmentFlag } from '../cli-key.ts';

const MAX_CONCURRENCY = 8;

const USAGE = `Usage: ${PROGRAM} export --from YYYY-MM-DD --to YYYY-MM-DD --out FILE [options]

Saves every user who connected between two days (both included) to a CSV file,
newest first: columns user_id, external_id, widget_id.

Options:
  --from YYYY-MM-DD    earliest day (required)
  --to YYYY-MM-DD      latest day (required)
  --out FILE           where to save the CSV (required): a new name in an existing
                       folder, or a regular file, replaced only when complete and
                       keeping its permissions. A link (give the file itself), a
                       folder, a device, a pipe, a name ending in / and a name
                       longer than 255 bytes are refused before any request.
  --external-id ID     only the users with this external ID
  --env ENV            production or sandbox (default production)
  --bom                start the file with a UTF-8 byte-order mark (for Excel)
  --delimiter D        , or ; (default ,; Excel expects ; in many locales)
  --concurrency N      page requests in flight, 1 to ${MAX_CONCURRENCY} (default ${DEFAULT_EXPORT_CONCURRENCY})
  --share PERCENT      most of your organisation's Palenca allowance to use, 25 to 100
                       (default ${DEFAULT_SHARE_PERCENT}); the rest stays free for its own product
  -h, --help           show this help

Palenca allows a fixed number of requests a minute (120) for the whole organisation,
so the allowance, not the network, sets the pace: 150 users a request, at most
--share percent of each minute. Before it starts, the command counts the users (one
request) and prints on stderr how many requests and about how long the export takes.
If Palenca refuses a request for the allowance, it waits for the next minute and says so.

The API key is read from the PALENCA_API_KEY environment variable, or else from the
keychain, where \`${PROGRAM} key set\` saves it.
PALENCA_API_URL overrides Palenca's address (a reverse proxy, or a test server).
HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or lowercase) send requests through a forward proxy.
A redirect is never followed: the key goes only to the address in use.
A progress bar is shown on stderr when it is a terminal.

A new file is readable by its owner only (mode 600). While the export runs, the
data is in a hidden .palenca-<process id>-<random>.partial file beside the target;
one left by a run that was killed is removed by the next export into that folder.

Exit codes: 0 done, 2 bad options or input (a bad --out too), 1 anything else;
130, 143 and 129 when cancelled by SIGINT (Ctrl+C), SIGTERM and SIGHUP. Only 0 saves
a file.
`;

const FLAGS = {
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  'external-id': { type: 'string' },
  env: { type: 'string' },
  bom: { type: 'boolean' },
  delimiter: { type: 'string' },
  concurrency: { type: 'string' },
  share: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

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
  const stderrIsTTY = options.stderrIsTTY ?? (() => process.stderr.isTTY === true);

  async function run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseFlags(args, FLAGS);
    if (!parsed.ok) {
      return reportError(
        io,
        `${parsed.error.message} Run \`${PROGRAM} export --help\`.`,
        EXIT.usage,
      );
    }
    const flags = parsed.value;
    if (flags.help) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    for (const [flag, value] of [
      ['--from YYYY-MM-DD', flags.from],
      ['--to YYYY-MM-DD', flags.to],
      ['--out FILE', flags.out],
    ] as const) {
      if (!value) return reportError(io, `The option ${flag} is required.`, EXIT.usage);
    }
    const environment = environmentFlag(flags.env);
    if (!environment) return reportError(io, BAD_ENVIRONMENT, EXIT.usage);
    const delimiter = flags.delimiter ?? ',';
    if (delimiter !== ',' && delimiter !== ';') {
      return reportError(io, 'The option --delimiter must be , or ;.', EXIT.usage);
    }
    const concurrency = wholeNumber(flags.concurrency, DEFAULT_EXPORT_CONCURRENCY);
    if (!(concurrency >= 1 && concurrency <= MAX_CONCURRENCY)) {
      return reportError(
        io,
        `The option --concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}.`,
        EXIT.usage,
      );
    }
    const share = shareFlag(flags.share);
    if (share === null) return reportError(io, BAD_SHARE, EXIT.usage);
    if (blankFlag(flags['external-id'])) return reportError(io, BLANK_EXTERNAL_ID, EXIT.usage);
    const filter = {
      from: flags.from ?? '',
      to: flags.to ?? '',
      ...(flags['external-id'] ? { externalId: flags['external-id'] } : {}),
    };
    // Input is checked before the key is looked up: a typo needs no key to be reported.
    const checked = checkSearchInput({ ...filter, page: 1, perPage: EXPORT_PAGE_SIZE });
    if (!checked.ok) return reportAppError(io, checked.error);
    // So is a target that cannot be replaced: before the key, before any request.
    const target = await prepareExportTarget(flags.out ?? '');
    if (!target.ok) return reportAppError(io, { ...target.error, field: 'out' });
    const out = target.value;

    const governor = governorFor(share);
    const client = await cliClient(environment, io.env, governor, options);
    if (!client.ok) return reportAppError(io, client.error);

    // The count, one request, so the cost is said before the work starts. No prompt: scripts
    // run this unattended.
    const signalOption = io.signal ? { signal: io.signal } : {};
    const count = await client.value.searchUsers({ ...filter, page: 1, perPage: 1 }, signalOption);
    if (!count.ok) {
      return reportAppError(io, {
        ...count.error,
        message: `${count.error.message} Nothing was saved.`,
      });
    }
    const users = count.value.pagination.total_items;
    const requests = exportRequests(users);
    io.stderr(
      `${users.toLocaleString('en-US')} ${users === 1 ? 'user' : 'users'}, ${requests} ${requests === 1 ? 'request' : 'requests'} to Palenca: ${aboutDuration(governor.estimateMs(requests, concurrency))}, ${shareWords(share)}.\n`,
    );

    const showBar = stderrIsTTY();
    const bar = createThrottle<ExportProgress>((p) => io.stderr(`\r${progressLine(p)}\x1b[K`), 100);
    const unwatch = tellAllowance(governor, io, showBar);
    const result = await exportUsers({
      client: client.value,
      filter,
      targetPath: out,
      csv: { delimiter: delimiter as CsvDelimiter, bom: flags.bom === true },
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

  return {
    name: 'export',
    summary: 'save every user between two days to a CSV file',
    usage: USAGE,
    run,
    cancellable: true,
  };
}
