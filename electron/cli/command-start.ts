// How every command that asks Palenca starts, step by step: read the command line (or print
// --help), check each option, and only then find the key and make the client, so a typo needs
// no key and no request to be reported. Each step either gives its value or has already
// reported the problem and gives the exit code to end with.
import { open, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { CsvDelimiter, Environment } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import type { AllowanceGovernor } from '../backend/allowance/allowance-governor.ts';
import { prepareExportTarget } from '../backend/files/export-target.ts';
import { probePathFor } from '../backend/files/temp-files.ts';
import { writeFailed } from '../backend/files/write-failed.ts';
import type { PalencaClient } from '../backend/palenca/client.ts';
import { parseFlags } from './args.ts';
import { BAD_SHARE, governorFor, shareFlag } from './cli-allowance.ts';
import { reportAppError, reportError } from './cli-errors.ts';
import { type CliCommand, type CliIO, EXIT, PROGRAM } from './cli-io.ts';
import { BAD_ENVIRONMENT, type CliClientOptions, cliClient, environmentFlag } from './cli-key.ts';

/** Flags several commands take, in groups. */
export const SHARED_FLAGS = {
  /** Every command that asks Palenca. */
  api: {
    env: { type: 'string' },
    share: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  /** The date window. */
  window: {
    from: { type: 'string' },
    to: { type: 'string' },
  },
  /** A command that saves a CSV file. */
  csv: {
    bom: { type: 'boolean' },
    delimiter: { type: 'string' },
  },
} as const;

type FlagOptions = Parameters<typeof parseFlags>[1];
type Flags<T extends FlagOptions> = Extract<
  ReturnType<typeof parseFlags<T>>,
  { ok: true }
>['value'];
type Required = ReadonlyArray<readonly [flag: string, value: string | undefined]>;

export interface CommandLine<T extends FlagOptions> {
  name: string;
  usage: string;
  flags: T;
  /** The options that must be given, as `--name VALUE` and the value given. */
  required: (flags: Flags<T>) => Required;
}

export interface ApiSettings {
  environment: Environment;
  /** Percent of the organisation's allowance the command may use. */
  share: number;
}

/** A command's command line: its flags, and which of them must be given. */
export const commandLine = <T extends FlagOptions>(
  name: string,
  usage: string,
  flags: T,
  required: CommandLine<T>['required'],
): CommandLine<T> => ({ name, usage, flags, required });

/** `--from` and `--to`, for `CommandLine.required`. */
export const windowRequired = (flags: { from?: string; to?: string }): Required => [
  ['--from YYYY-MM-DD', flags.from],
  ['--to YYYY-MM-DD', flags.to],
];

/**
 * The command line read, its required options there and `--env` and `--share` checked; or,
 * once the help or the first problem is printed, the exit code.
 */
function readCommandLine<T extends FlagOptions>(
  command: CommandLine<T>,
  args: string[],
  io: CliIO,
): CheckedLine<T> | number {
  const parsed = parseFlags(args, command.flags);
  if (!parsed.ok) {
    return reportError(
      io,
      `${parsed.error.message} Run \`${PROGRAM} ${command.name} --help\`.`,
      EXIT.usage,
    );
  }
  const flags = parsed.value;
  const given = flags as { help?: boolean; env?: string; share?: string };
  if (given.help) {
    io.stdout(command.usage);
    return EXIT.ok;
  }
  const missing = command.required(flags).find(([, value]) => !value);
  if (missing) return reportError(io, `The option ${missing[0]} is required.`, EXIT.usage);
  const environment = environmentFlag(given.env);
  if (!environment) return reportError(io, BAD_ENVIRONMENT, EXIT.usage);
  const share = shareFlag(given.share);
  if (share === null) return reportError(io, BAD_SHARE, EXIT.usage);
  return { flags, settings: { environment, share } };
}

/** A command line as readCommandLine gives it: read, with its common options checked. */
export interface CheckedLine<T extends FlagOptions> {
  flags: Flags<T>;
  settings: ApiSettings;
}

/**
 * A cancellable command that reads and checks its command line first (see readCommandLine),
 * then does `work`.
 */
export const checkedCommand = <T extends FlagOptions>(
  command: CommandLine<T>,
  summary: string,
  work: (line: CheckedLine<T>, io: CliIO) => Promise<number>,
): CliCommand => ({
  name: command.name,
  summary,
  usage: command.usage,
  cancellable: true,
  run: async (args, io) => {
    const line = readCommandLine(command, args, io);
    return typeof line === 'number' ? line : work(line, io);
  },
});

/** `--delimiter`: a comma when left out; the exit code when it is neither , nor ;. */
export function delimiterFlag(value: string | undefined, io: CliIO): CsvDelimiter | number {
  const delimiter = value ?? ',';
  if (delimiter !== ',' && delimiter !== ';') {
    return reportError(io, 'The option --delimiter must be , or ;.', EXIT.usage);
  }
  return delimiter;
}

/**
 * Whether a file can be written beside `target`: a temporary file is created there as the
 * export's own are (same name, flags and mode) and removed at once. A folder that refuses
 * files (no permission, read-only, immutable, a system folder such as /sys or /proc) is
 * then found before any request, not once the data is read. A probe that could not be
 * removed has this process's temporary name: the next export into the folder removes it.
 */
export async function probeFolder(target: string): Promise<Result<null>> {
  const probe = probePathFor(target);
  try {
    await (await open(probe, 'wx', 0o600)).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
    // The folder exists (the target was checked just before): "no such file" here means a
    // special folder that creates no files, as /proc, not a missing one.
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return fail(
        'write_failed',
        `Could not save "${basename(target)}" in the folder "${dirname(target)}": it is a special folder where no file can be created.`,
        { detail: code },
      );
    }
    return writeFailed(target, error);
  }
  await unlink(probe).catch(() => {});
  return ok(null);
}

/**
 * `--out`, a file to save: the path to write, or the exit code when it cannot be replaced
 * (a folder, a link, a device…) or its folder takes no file. Checked before the key and
 * before any request; a bad --out is the command line's to fix, so it exits 2.
 */
export async function outTarget(path: string | undefined, io: CliIO): Promise<string | number> {
  const target = await prepareExportTarget(path ?? '');
  if (!target.ok) return reportAppError(io, { ...target.error, field: 'out' });
  const probed = await probeFolder(target.value);
  if (!probed.ok) return reportError(io, `${probed.error.message} (--out)`, EXIT.usage);
  return target.value;
}

/**
 * The governor the command's every request goes through, and the client: the last step, once
 * all input is checked. The exit code when no key is found.
 */
export async function openClient(
  settings: ApiSettings,
  io: CliIO,
  options: CliClientOptions,
): Promise<{ governor: AllowanceGovernor; client: PalencaClient } | number> {
  const governor = governorFor(settings.share);
  const client = await cliClient(settings.environment, io.env, governor, options);
  if (!client.ok) return reportAppError(io, client.error);
  return { governor, client: client.value };
}
