// The real command, in its own process, against the fake with a small allowance: it must wait
// for Palenca's window (and say so) instead of exiting, and its export stays exact.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TODAY = '2025-06-30';
const FROM = '2025-01-01';

/** Runs `palenca-users` from source in a child process; resolves with its exit and output. */
function cli(fake: FakePalenca, args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'electron/cli/palenca-users.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, PALENCA_API_KEY: fake.apiKey, PALENCA_API_URL: fake.baseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('palenca-users-cli under the allowance', () => {
  let fake: FakePalenca;
  let dir: string;
  before(async () => {
    fake = await startFakePalenca({
      users: 3000,
      today: TODAY,
      days: 200,
      allowance: { limit: 10, windowMs: 2000 },
    });
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-allowance-'));
  });
  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('list, refused for the allowance, waits for the next window and says until when', async () => {
    // Refused, with the window's own Reset: the command must wait for it, not give up.
    fake.failNext({ kind: 'rate_limited' });
    const run = await cli(fake, ['list', '--env', 'sandbox', '--from', FROM, '--to', TODAY]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /waiting for its allowance until \d\d:\d\d:\d\d/);
    assert.match(run.stdout, /Page 1 of/);
    const [first, second] = fake.requests;
    assert.ok(first && second, 'asked again after the wait');
    assert.ok(second.windowStart > first.windowStart, 'not before the next window');
  });

  it('export paces over several windows, never above its share, and the file is exact', async () => {
    fake.requests.length = 0;
    const out = join(dir, 'users.csv');
    const run = await cli(fake, [
      ...['export', '--env', 'sandbox', '--from', FROM, '--to', TODAY, '--out', out],
    ]);
    assert.equal(run.code, 0, run.stderr);
    const total = fake.countInWindow(FROM, TODAY);
    const rows = parse(await readFile(out), { record_delimiter: '\r\n' }) as string[][];
    assert.equal(rows.length - 1, total);
    assert.match(run.stderr, /requests to Palenca: .*paced to leave 50%/);
    assert.ok(Math.max(...fake.windowUsage().values()) <= 5, 'half of 10 a window at most');
    assert.ok(fake.windowUsage().size >= 4, `spread over ${fake.windowUsage().size} windows`);
    assert.deepEqual(
      fake.requests.filter((r) => r.refused),
      [],
    );
  });
});
