// `palenca-users-cli key set|status|clear [--env E]`: the API key in the OS keychain, from a
// terminal or a script. The key is read from stdin only: an argument would end up in the
// shell's history and in the process list.

import { CHECK_SKIPPABLE_CODES } from '#common/error-codes.ts';
import { ENVIRONMENTS, type Environment, type KeyStatus } from '#common/models.ts';
import { keyStatus } from '../../backend/keychain/key-status.ts';
import type { KeyStore } from '../../backend/keychain/key-store.ts';
import { createKeytarStore } from '../../backend/keychain/keytar-store.ts';
import { type SaveKeyDeps, saveKey } from '../../backend/keychain/save-key.ts';
import { createLogger, type Logger } from '../../backend/log.ts';
import { environmentClient } from '../../backend/palenca/environment-client.ts';
import { parseFlags } from '../args.ts';
import { reportAppError, reportError } from '../cli-errors.ts';
import { cliFetch } from '../cli-fetch.ts';
import { type CliCommand, type CliIO, EXIT, PROGRAM } from '../cli-io.ts';
import { BAD_ENVIRONMENT, environmentFlag } from '../cli-key.ts';

const USAGE = `Usage: ${PROGRAM} key set|status|clear [options]

Keeps your organisation's API key in this computer's keychain (the same place the app
keeps it), one per environment. \`list\` uses it when PALENCA_API_KEY is not set.

  key set      reads the key from stdin (paste it when asked, or pipe it in), checks it
               with Palenca and saves it; a key Palenca rejects is not saved
  key status   says whether a key is saved, and its last 4 characters
  key clear    removes the saved key

Options:
  --env ENV    production or sandbox (default production; status shows both)
  --no-check   key set only: save without asking Palenca, when it cannot be reached
  -h, --help   show this help

The key is never taken as an argument: it would stay in your shell history.

Exit codes: 0 done, 2 bad options or input, 1 anything else.
`;

const FLAGS = {
  env: { type: 'string' },
  'no-check': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Longest stdin we read: far beyond any key, small enough never to matter. */
const MAX_STDIN_CHARS = 64 * 1024;

type Stdin = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** The CLI's io, plus stdin for `key set`; the entry's io has none, so process.stdin is used. */
export interface KeyCliIO extends CliIO {
  stdin?: Stdin;
}

/** Test seams: the keychain, the log and the key check's limit. The CLI uses the defaults. */
export interface KeyCommandDeps {
  keyStore?: KeyStore;
  log?: Logger;
  keyCheckTimeoutMs?: number;
}

const describeStatus = (environment: Environment, status: KeyStatus): string =>
  status.hasKey
    ? `${environment}: a key is saved${status.last4 ? ` (ends in ${status.last4})` : ''}.`
    : `${environment}: no key is saved.`;

/** Reads the whole of stdin, or, at a terminal, one line typed without echo. */
async function readKey(io: KeyCliIO, environment: Environment): Promise<string | null> {
  const stdin: Stdin = io.stdin ?? process.stdin;
  if (stdin.isTTY && stdin.setRawMode) {
    io.stderr(`Paste the API key for ${environment}, then press Enter: `);
    return readHiddenLine(stdin, stdin.setRawMode.bind(stdin), io);
  }
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.length > MAX_STDIN_CHARS) break;
  }
  return text;
}

/** One line from a terminal without showing it; null when the person presses Ctrl+C. */
function readHiddenLine(
  stdin: Stdin,
  setRawMode: (raw: boolean) => unknown,
  io: KeyCliIO,
): Promise<string | null> {
  return new Promise((resolve) => {
    let line = '';
    setRawMode(true);
    stdin.setEncoding('utf8');
    const finish = (value: string | null) => {
      setRawMode(false);
      stdin.off('data', onData);
      stdin.pause();
      io.stderr('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish(line);
        if (char === '\u0003' || char === '\u0004') return finish(null);
        if (char === '\u007f' || char === '\b') line = line.slice(0, -1);
        else line += char;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

async function run(args: string[], io: KeyCliIO, deps: KeyCommandDeps = {}): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '-h' || action === '--help' || action === 'help') {
    io.stdout(USAGE);
    return action === undefined ? EXIT.usage : EXIT.ok;
  }
  if (action !== 'set' && action !== 'status' && action !== 'clear') {
    // Not echoed: a key pasted in the wrong place would land in a log or a screenshot.
    return reportError(io, 'Unknown key command. Use set, status or clear.', EXIT.usage);
  }
  const loose = rest.filter((arg, i) => !arg.startsWith('-') && rest[i - 1] !== '--env');
  if (loose.length > 0) {
    // Never echo what was given: it may well be the key.
    return reportError(
      io,
      action === 'set'
        ? `The key is never taken as an argument (it would stay in your shell history). Run \`${PROGRAM} key set\` and paste the key when asked, or pipe it in: ${PROGRAM} key set --env sandbox < key.txt`
        : `\`key ${action}\` takes no other arguments. Run \`${PROGRAM} key --help\`.`,
      EXIT.usage,
    );
  }
  const parsed = parseFlags(rest, FLAGS);
  if (!parsed.ok) {
    // parseArgs names the option it did not know; a long one may be a key typed as a flag.
    const message = rest.some((arg) => arg.length > 12 && parsed.error.message.includes(arg))
      ? 'Unknown option.'
      : parsed.error.message;
    return reportError(io, `${message} Run \`${PROGRAM} key --help\`.`, EXIT.usage);
  }
  const flags = parsed.value;
  if (flags.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const environment = environmentFlag(flags.env);
  if (!environment) return reportError(io, BAD_ENVIRONMENT, EXIT.usage);
  if (flags['no-check'] && action !== 'set') {
    return reportError(io, 'The option --no-check is only for `key set`.', EXIT.usage);
  }
  const keyStore = deps.keyStore ?? createKeytarStore();

  if (action === 'status') {
    // Without --env, both environments: that is what a person checking usually wants.
    for (const env of flags.env ? [environment] : ENVIRONMENTS) {
      const status = await keyStatus(keyStore, env);
      if (!status.ok) return reportAppError(io, status.error);
      io.stdout(`${describeStatus(env, status.value)}\n`);
    }
    return EXIT.ok;
  }

  if (action === 'clear') {
    const removed = await keyStore.delete(environment);
    if (!removed.ok) return reportAppError(io, removed.error);
    io.stdout(
      removed.value
        ? `Removed the saved key for ${environment}.\n`
        : `There was no saved key for ${environment}.\n`,
    );
    return EXIT.ok;
  }

  const raw = await readKey(io, environment);
  if (raw === null) return reportError(io, 'Nothing was saved.');
  const log = deps.log ?? createLogger(null);
  const saveDeps: SaveKeyDeps = {
    keyStore,
    log,
    clientWithKey: (checked, apiKey, tuning) =>
      environmentClient({
        environment: checked,
        apiKey,
        env: io.env,
        log,
        fetch: cliFetch(io.env),
        tuning,
      }),
    ...(deps.keyCheckTimeoutMs ? { keyCheckTimeoutMs: deps.keyCheckTimeoutMs } : {}),
  };
  const skipCheck = flags['no-check'] === true;
  const saved = await saveKey(saveDeps, { environment, key: raw, skipCheck });
  if (!saved.ok) {
    const { error } = saved;
    if (error.code === 'invalid_key' || error.code === 'missing_key') {
      return reportError(
        io,
        `Palenca did not accept this key for ${environment}, so it was not saved. Check that you copied the whole key, for the right environment.`,
      );
    }
    if (CHECK_SKIPPABLE_CODES.includes(error.code)) {
      return reportError(
        io,
        `${error.message} The key could not be checked, so it was not saved. To save it without checking, run: ${PROGRAM} key set --env ${environment} --no-check`,
      );
    }
    if (error.code === 'bad_input') return reportAppError(io, error);
    // A save the keychain did not answer may still happen: its message says so and what to do.
    if (error.code === 'keychain_timeout') return reportError(io, error.message);
    return reportError(io, `${error.message} The key was not saved.`);
  }
  const { status, verified } = saved.value;
  const ending = status.last4 ? ` (ends in ${status.last4})` : '';
  io.stdout(
    verified
      ? `Palenca accepted the key. Saved it for ${environment}${ending}.\n`
      : `Saved the key for ${environment}${ending} without checking it with Palenca.\n`,
  );
  return EXIT.ok;
}

export type KeyCommand = CliCommand & {
  run(args: string[], io: KeyCliIO, deps?: KeyCommandDeps): Promise<number>;
};

/** `defaults` are used when `run` is given no deps (the CLI entry passes its keychain). */
export function createKeyCommand(defaults: KeyCommandDeps = {}): KeyCommand {
  return {
    name: 'key',
    summary: 'save, check or remove the API key kept in the keychain',
    usage: USAGE,
    run: (args: string[], io: KeyCliIO, deps: KeyCommandDeps = defaults) => run(args, io, deps),
  };
}
