#!/usr/bin/env node
// The `palenca-users` command-line tool. Add a subcommand with one import and one entry below.
import { reportError } from './cli-errors.ts';
import { type CliCommand, type CliIO, EXIT } from './cli-io.ts';
import { cancelOnSignals } from './cli-signals.ts';
import { createConnectionsCommand } from './commands/connections.ts';
import { createExportCommand } from './commands/export.ts';
import { createKeyCommand } from './commands/key.ts';
import { createListCommand } from './commands/list.ts';
import { createReconcileCommand } from './commands/reconcile.ts';
import { createChildKeyStore, KEYCHAIN_CHILD_ARG, runKeychainChild } from './keychain-child.ts';
import { runCli } from './run-cli.ts';

/** Ends with `code` once what was printed has been handed to the OS. */
function exitWith(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

function main(): void {
  // Keychain calls run in a child process, so a stuck one cannot keep this one from exiting.
  const entry = process.argv[1] ?? '';
  const keyStore = createChildKeyStore({ entry, execArgv: process.execArgv });
  const COMMANDS: readonly CliCommand[] = [
    createListCommand({ keyStore }),
    createExportCommand({ keyStore }),
    createConnectionsCommand({ keyStore }),
    createReconcileCommand({ keyStore }),
    createKeyCommand({ keyStore }),
  ];

  // Ctrl+C, SIGTERM and SIGHUP cancel a command that can undo its work (exit 128+n); the
  // others end at once, the default way.
  const cancel = COMMANDS.find((c) => c.name === process.argv[2])?.cancellable
    ? cancelOnSignals()
    : null;
  // Output piped into `head` closes early; that is not an error worth a stack trace.
  process.stdout.on('error', () => process.exit(process.exitCode ?? 0));
  // A closed terminal (SIGHUP) fails writes to stderr: the cancel must still clean up.
  process.stderr.on('error', () => {});

  const io: CliIO = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    ...(cancel ? { signal: cancel.signal } : {}),
  };

  let settled = false;
  // A command whose work was dropped without an answer would let Node end quietly with 0.
  process.once('beforeExit', () => {
    if (settled) return;
    reportError(io, 'The command stopped before it finished. Nothing more was done.');
    exitWith(EXIT.failure);
  });
  void runCli(COMMANDS, process.argv.slice(2), io).then((code) => {
    settled = true;
    exitWith(cancel ? cancel.exitCode(code) : code);
  });
}

if (process.argv[2] === KEYCHAIN_CHILD_ARG) {
  runKeychainChild(process.argv[3]).catch(() => process.exit(EXIT.failure));
} else {
  main();
}
