// The fake Palenca server in a process of its own (test/fake-palenca/cli.ts), so a bench's
// figures measure the app's work and not the fake's: started with its command-line options,
// ready once it prints its address.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(import.meta.dirname, '..', '..');

export interface FakeServerProcess {
  baseUrl: string;
  child: ChildProcess;
}

/** Starts the fake with `args` (its cli.ts options); `stderr` 'inherit' shows its complaints. */
export async function startFakeServerProcess(
  args: string[],
  stderr: 'ignore' | 'inherit',
): Promise<FakeServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/fake-palenca/cli.ts'), ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', stderr] },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake server exited (${code})`)));
    lines.once('line', resolve);
  });
  return { baseUrl: baseUrl.trim(), child };
}

/** Ends the fake's process and waits until it has. */
export const stopFakeServerProcess = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
