// The real `palenca-users-cli` in a child process, for tests that need real signals and exit
// codes; and the small waits those tests make (for a state, never for a time).
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface CliChild {
  child: ChildProcess;
  pid: number;
  /** Resolves when it has ended: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it has ended already. */
  hasEnded(): boolean;
  stderr(): string;
  stdout(): string;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Every successful export notes what it exported in the CLI's state folder (for
 * `--since-last`): the tests' runs note it in a folder of their own, never the person's home.
 */
const TEST_STATE = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'palenca-cli-state-')) };

/**
 * Runs the CLI to its end, asynchronously (the fake server answers from this same process),
 * asking `server` with its key. `env` is laid over that; a variable set to undefined is removed.
 */
export function runCli(
  args: string[],
  server: { baseUrl: string; apiKey: string },
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const base: Record<string, string | undefined> = {
    ...process.env,
    ...TEST_STATE,
    PALENCA_API_URL: server.baseUrl,
    PALENCA_API_KEY: server.apiKey,
    ...env,
  };
  for (const [name, value] of Object.entries(base)) if (value === undefined) delete base[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'electron/cli/palenca-users.ts'), ...args],
      { cwd: ROOT, env: base as NodeJS.ProcessEnv, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function spawnCli(args: string[], env: Record<string, string>): CliChild {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'electron/cli/palenca-users.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...TEST_STATE, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = true;
      resolve({ code, signal });
    }),
  );
  assert.ok(child.pid, 'the CLI started');
  return {
    child,
    pid: child.pid,
    exited,
    hasEnded: () => ended,
    stderr: () => err,
    stdout: () => out,
  };
}

/**
 * Waits until the running CLI reaches a state; fails at once, with what the CLI said, if it
 * ends first (a CLI that stopped early would otherwise look like a slow machine).
 */
export function waitWhileRunning(
  cli: CliChild,
  check: () => Promise<boolean> | boolean,
  what: string,
): Promise<void> {
  return waitFor(async () => {
    if (await check()) return true;
    assert.ok(!cli.hasEnded(), `the CLI ended before ${what}: ${cli.stderr()}`);
    return false;
  }, what);
}

/** Polls `check` until it holds; the limit is only a hang guard for a busy machine. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  limitMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `waited ${limitMs / 1000} s for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The id of a process that has ended: a real one, waited for, so nothing else has it now. */
export async function pidOfEndedProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(child.pid);
  return child.pid;
}
