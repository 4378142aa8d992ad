// `palenca-users-cli reconcile`: which external IDs of a list Palenca knows, into a CSV file,
// with the app's reader, lookups and CSV. The list and the cost are said on stderr before the
// first request. Unlike the app, the command keeps no pending file: a script that is stopped
// runs again from the start, and on failure, Ctrl+C, SIGTERM or SIGHUP nothing is left at
// --out (a file already there is untouched).
import { open } from 'node:fs/promises';
import { type IdListReading, MAX_EXTERNAL_ID_LENGTH } from '#common/models.ts';
import { createThrottle } from '../../backend/export/progress-throttle.ts';
import type { KeyStore } from '../../backend/keychain/key-store.ts';
import { readIdList, refusal } from '../../backend/reconcile/id-list.ts';
import { lookUpAll, RECONCILE_CONCURRENCY } from '../../backend/reconcile/look-up-all.ts';
import { writeReconcileCsv } from '../../backend/reconcile/reconcile-csv.ts';
import { ReconcileState } from '../../backend/reconcile/reconcile-state.ts';
import { sameFile } from '../../backend/reconcile/same-file.ts';
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
} from '../command-start.ts';

/** The largest list file read: 5,000 IDs of 200 characters in a wide table fit many times over. */
export const MAX_LIST_BYTES = 10 * 1024 * 1024;

const USAGE = `Usage: ${PROGRAM} reconcile --in FILE --out FILE [options]

Looks up each external ID of a list in Palenca and saves, for each, whether Palenca
knows it and its user IDs to a CSV file: columns external_id, found (yes or no),
user_ids (newest first, separated by spaces), widget_id, and with --with-status
accounts (the newest user's accounts and their state, e.g. "uber: connected; didi:
needs action"). An ID longer than ${MAX_EXTERNAL_ID_LENGTH} characters is not looked up: its row
says found "too long (not looked up)".

Options:
  --in FILE            the list (required): one ID a line, or a table (CSV with
                       commas, semicolons or tabs, its first line the header);
                       UTF-8 text, at most 10 MB. Blank lines and repeated IDs are
                       skipped; spaces around an ID are removed (and counted); a
                       line in quotes ("cus_1") is read as a CSV field; the ' this
                       tool's exports put before a value such as =1 is removed,
                       so an exported file can be read back; an ID longer than
                       ${MAX_EXTERNAL_ID_LENGTH} characters is reported and not looked up. At most 5,000 IDs.
  --column NAME        the table's column holding the IDs, by its header (any case);
                       default a column named like external_id, else the first
  --with-status        also read each found ID's accounts: one more request each
  --out FILE           where to save the CSV (required): a new name in an existing
                       folder, or a regular file, replaced only when complete. A
                       link, a folder, a device, a pipe, a folder this command
                       cannot write in and the list itself are refused before any
                       request.
${HELP.envOption}
${HELP.csvOptions}
${HELP.shareOption}
${HELP.helpOption}

Each ID is one users search over all time, paced by Palenca's allowance (120
requests a minute for the whole organisation, of which --share percent): 5,000 IDs
take about an hour and a half at the default share. What the list holds and what
it costs are printed on stderr before the first request, then the progress.

Unlike the app, this command keeps no record of a run it did not finish: if it is
stopped, run it again and it starts from the beginning.

${HELP.keyAndAddress}

${exitCodesHelp('bad options or a list that cannot be read (a bad --out too)', true)}
`;

const FLAGS = {
  ...SHARED_FLAGS.api,
  ...SHARED_FLAGS.csv,
  in: { type: 'string' },
  column: { type: 'string' },
  'with-status': { type: 'boolean' },
  out: { type: 'string' },
} as const;

const COMMAND_LINE = commandLine('reconcile', USAGE, FLAGS, (flags) => [
  ['--in FILE', flags.in],
  ['--out FILE', flags.out],
]);

export interface ReconcileCommandOptions extends CliClientOptions {
  keyStore?: KeyStore;
  /** Whether stderr is a terminal (then a progress bar is drawn there). */
  stderrIsTTY?: () => boolean;
}

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Reads the list file: a regular file, at most MAX_LIST_BYTES, UTF-8. */
async function readListFile(path: string): Promise<{ text: string } | { problem: string }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: `The list "${path}" does not exist.` };
    if (code === 'EISDIR') return { problem: `"${path}" is a folder, not a list.` };
    if (code === 'EACCES' || code === 'EPERM') {
      return { problem: `The list "${path}" cannot be read: permission denied.` };
    }
    return { problem: `The list "${path}" cannot be read (${code ?? 'unknown error'}).` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { problem: `"${path}" is not a regular file.` };
    if (info.size > MAX_LIST_BYTES) {
      return {
        problem: `The list "${path}" is ${Math.ceil(info.size / 1024 / 1024)} MB; at most 10 MB is read. Keep only the ID column, or split it.`,
      };
    }
    // Read with a bound, in case the file grows while it is read.
    const buffer = Buffer.alloc(MAX_LIST_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_LIST_BYTES) return { problem: `The list "${path}" is larger than 10 MB.` };
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length)) };
    } catch {
      return {
        problem: `The list "${path}" is not UTF-8 text. Save it as "CSV UTF-8" (or plain text in UTF-8) and try again.`,
      };
    }
  } finally {
    await handle.close();
  }
}

/**
 * An ID as printed: in JSON quotes, with control and invisible format characters escaped, so
 * an ID can neither hide nor move the cursor on a terminal.
 */
const shownId = (id: string): string =>
  JSON.stringify(id).replace(
    /[\p{Cc}\p{Cf}\u2028\u2029]/gu,
    // A character past U+FFFF as its two UTF-16 halves, as JSON spells it.
    (char) =>
      Array.from(
        { length: char.length },
        (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`,
      ).join(''),
  );

/** What the list holds, said before anything is sent. */
export function readingLines(reading: IdListReading): string {
  const parts = [count(reading.ids, 'ID', 'IDs')];
  if (reading.duplicates) parts.push(`${count(reading.duplicates, 'repeat', 'repeats')} skipped`);
  if (reading.blanks) parts.push(`${count(reading.blanks, 'blank', 'blanks')} skipped`);
  let text = `The list has ${parts.join(', ')}`;
  text += reading.column === null ? '.\n' : ` in the column "${reading.column}".\n`;
  if (reading.tooLongCount > 0) {
    const lines = reading.tooLong.map((t) => t.line).join(', ');
    const more = reading.tooLongCount > reading.tooLong.length ? ', …' : '';
    text += `${count(reading.tooLongCount, 'ID is', 'IDs are')} longer than ${MAX_EXTERNAL_ID_LENGTH} characters and will not be looked up (line ${lines}${more}).\n`;
  }
  if (reading.trimmed > 0) {
    text += `${count(reading.trimmed, 'ID had', 'IDs had')} spaces at the start or end removed.\n`;
  }
  if (reading.sample.length > 0) {
    text += `First ${reading.sample.length === 1 ? 'ID' : 'IDs'} read: ${reading.sample.map(shownId).join(', ')}\n`;
  }
  return text;
}

const bar = (done: number, total: number, width = 24) => {
  const fraction = total > 0 ? done / total : 1;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} IDs`;
};

export function createReconcileCommand(options: ReconcileCommandOptions = {}): CliCommand {
  const stderrIsTTY = options.stderrIsTTY ?? stderrIsTerminal;

  async function run({ flags, settings }: CheckedLine<typeof FLAGS>, io: CliIO): Promise<number> {
    const { environment, share } = settings;
    const delimiter = delimiterFlag(flags.delimiter, io);
    if (typeof delimiter === 'number') return delimiter;
    if (flags.column !== undefined && flags.column.trim() === '') {
      return reportError(
        io,
        'The option --column is empty. Give a header name, or leave it out.',
        EXIT.usage,
      );
    }

    // The list first: a list that cannot be read needs no key and no request.
    const file = await readListFile(flags.in ?? '');
    if ('problem' in file) return reportError(io, `${file.problem} (--in)`, EXIT.usage);
    const list = readIdList(file.text, flags.column);
    if (!list.ok) {
      const columns = list.error.detail ? ` Its columns are: ${list.error.detail}.` : '';
      return reportError(io, `${list.error.message}${columns} (--column)`, EXIT.usage);
    }
    const { reading, ids, tooLongIds } = list.value;
    // A list that cannot be looked up gets its one reason, not its reading too.
    const refused = refusal(reading);
    if (refused) return reportError(io, `${refused.error.message} (--in)`, EXIT.usage);
    io.stderr(readingLines(reading));
    // Then --out, still before the key: a target that cannot be replaced needs no request.
    // Saving over the list would lose it (same name, another path, a link, a hard link).
    if (flags.out !== undefined && (await sameFile(flags.in ?? '', flags.out))) {
      return reportError(
        io,
        'The results would replace the list itself: choose another --out file.',
        EXIT.usage,
      );
    }
    const out = await outTarget(flags.out, io);
    if (typeof out === 'number') return out;

    const opened = await openClient(settings, io, options);
    if (typeof opened === 'number') return opened;
    const { governor, client } = opened;

    const withStatus = flags['with-status'] === true;
    const requests = ids.length;
    const least = aboutDuration(governor.estimateMs(requests, RECONCILE_CONCURRENCY));
    const most = aboutDuration(governor.estimateMs(requests * 2, RECONCILE_CONCURRENCY));
    // "less than a minute to less than a minute" says nothing twice: one figure when they agree.
    const cost = withStatus
      ? `${count(requests, 'search', 'searches')} and up to ${count(requests, 'accounts request', 'accounts requests')} to Palenca: ${least === most ? least : `${least} to ${most}`}`
      : `${count(requests, 'request', 'requests')} to Palenca: ${least}`;
    io.stderr(`${cost}, ${shareWords(share)}.\n`);

    const state = new ReconcileState({
      environment,
      withStatus,
      ids,
      results: [],
      tooLongIds,
      startedAt: new Date().toISOString(),
    });
    const showBar = stderrIsTTY();
    // On a terminal a bar; otherwise (a log, a script) a line at each tenth.
    let lastTenth = 0;
    const progress = createThrottle<null>(() => {
      if (showBar) {
        io.stderr(`\r${bar(state.done, requests)}\x1b[K`);
        return;
      }
      const tenth = Math.floor((state.done * 10) / requests);
      if (tenth > lastTenth && state.done < requests) {
        lastTenth = tenth;
        io.stderr(
          `Looked up ${state.done.toLocaleString('en-US')} of ${count(requests, 'ID', 'IDs')}.\n`,
        );
      }
    }, 100);
    const unwatch = tellAllowance(governor, io, showBar);
    const signal = io.signal ?? new AbortController().signal;
    const result = await lookUpAll({
      client,
      ids,
      has: (id) => state.has(id),
      record: (row) => {
        state.record(row);
        progress.push(null);
      },
      withStatus,
      signal,
    });
    unwatch();
    progress.flush();
    if (showBar) io.stderr('\n');
    const soFar = `${state.done.toLocaleString('en-US')} of ${count(requests, 'ID', 'IDs')}`;
    if (!result.ok) {
      return reportAppError(io, {
        ...result.error,
        message: `${result.error.message} Stopped after ${soFar}. Nothing was saved.`,
      });
    }
    if (result.value === 'stopped') {
      return reportError(io, `Cancelled after ${soFar}. Nothing was saved.`);
    }
    const written = await writeReconcileCsv(out, [...state.rows()], withStatus, {
      delimiter,
      bom: flags.bom === true,
    });
    if (!written.ok) return reportAppError(io, written.error);
    const tooLong =
      tooLongIds.length > 0
        ? ` (and ${count(tooLongIds.length, 'ID', 'IDs')} too long to look up)`
        : '';
    io.stdout(
      `Looked up ${count(requests, 'ID', 'IDs')}: ${state.found.toLocaleString('en-US')} found, ${(requests - state.found).toLocaleString('en-US')} not found${tooLong}. Saved to ${out}\n`,
    );
    return EXIT.ok;
  }

  return checkedCommand(
    COMMAND_LINE,
    'look up a list of external IDs and save which Palenca knows to a CSV file',
    run,
  );
}
