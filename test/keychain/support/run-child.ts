// Runs a TypeScript entry (a probe, or the CLI) in its own Node process, as a person or a
// stuck keychain would meet it: a keychain call that never returns can only be observed
// from outside the process it blocks.
import { spawn } from 'node:child_process';

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

export interface ChildOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
  /** Killed after this long, so a test never waits on a hang. */
  limitMs?: number;
}

export function runTsChild(
  entry: string,
  args: string[],
  { env = process.env, stdin = '', cwd, limitMs = 20_000 }: ChildOptions = {},
): Promise<ChildRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      env,
      ...(cwd ? { cwd } : {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, wallMs: Date.now() - started });
    });
    child.stdin.end(stdin);
  });
}

/** A probe's JSON answer on stdout; fails with both streams when it printed none. */
export function probeOutput<T>(run: ChildRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`probe printed no result. stdout: ${run.stdout} stderr: ${run.stderr}`);
  }
}
