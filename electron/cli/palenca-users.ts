#!/usr/bin/env node
// The `palenca-users` command-line tool. Add a subcommand with one import and one entry below.
import { keychainCallsPending } from '../backend/keychain/keytar-store.ts';
import type { CliCommand, CliIO } from './cli-io.ts';
import { exportCommand } from './commands/export.ts';
import { keyCommand } from './commands/key.ts';
import { listCommand } from './commands/list.ts';
import { runCli } from './run-cli.ts';

const COMMANDS: readonly CliCommand[] = [listCommand, exportCommand, keyCommand];

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
// Output piped into `head` closes early; that is not an error worth a stack trace.
process.stdout.on('error', () => process.exit(process.exitCode ?? 0));

const io: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  signal: controller.signal,
};

void runCli(COMMANDS, process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  // A keychain call that timed out can stay stuck in a worker thread, and a normal exit
  // waits for it. Its error is already printed, so end now rather than hang.
  if (keychainCallsPending() > 0) process.kill(process.pid, 'SIGTERM');
});
