// A Palenca address on a port that fetch refuses outright (1, 6000, 10080…) used to leave a
// search pending forever: the CLI printed nothing and exited 0, the app's spinner never ended.
// Now it is one plain error at once; and the CLI never exits quietly with a command unfinished.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_FAKE_KEY } from '../fake-palenca/server.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palenca-refused-port-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The CLI from source, with the key in the environment (no keychain involved). */
function cli(args: string[], baseUrl: string, preload: string[] = []): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PALENCA_API_URL: baseUrl,
    PALENCA_API_KEY: DEFAULT_FAKE_KEY,
  };
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        ...preload.flatMap((p) => ['--import', p]),
        'electron/cli/palenca-users.ts',
        ...args,
      ],
      { env, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

const assertOneLine = (run: Run) => {
  assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
  assert.match(run.stderr, /^palenca-users-cli: /);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(!run.stderr.includes(DEFAULT_FAKE_KEY));
};

const WINDOW = ['--from', '2025-01-01', '--to', '2025-11-30'];

for (const port of [1, 6000, 10080]) {
  test(`list against port ${port} fails at once with one plain line`, async () => {
    const run = await cli(['list', ...WINDOW], `http://127.0.0.1:${port}/v1`);
    assert.equal(run.code, 1, run.stderr);
    assertOneLine(run);
    assert.match(run.stderr, /port that is blocked/);
    assert.equal(run.stdout, '');
    // Far below one request timeout (20 s): nothing was waited out or retried.
    assert.ok(run.ms < 10_000, `took ${run.ms} ms`);
  });
}

test('export against a refused port fails with one line and leaves no file', async () => {
  const out = join(dir, 'users.csv');
  const run = await cli(['export', ...WINDOW, '--out', out], 'http://127.0.0.1:6000/v1');
  assert.equal(run.code, 1, run.stderr);
  assertOneLine(run);
  assert.match(run.stderr, /port that is blocked/);
  assert.deepEqual(await readdir(dir), []);
});

test('a command that can never finish exits 1 with one line, not 0 in silence', async () => {
  // Simulates any promise that can no longer settle: fetch never answers and no timer keeps
  // the process alive, so the event loop empties while the command is still pending.
  const preload = join(dir, 'stuck-fetch.mjs');
  await writeFile(
    preload,
    [
      'globalThis.fetch = () => new Promise(() => {});',
      'const realSetTimeout = globalThis.setTimeout;',
      'globalThis.setTimeout = (...args) => realSetTimeout(...args).unref();',
      '',
    ].join('\n'),
  );
  const run = await cli(['list', ...WINDOW], 'http://127.0.0.1:9/v1', [
    pathToFileURL(preload).href,
  ]);
  await rm(preload);
  assert.equal(run.code, 1, run.stderr);
  assertOneLine(run);
  assert.match(run.stderr, /stopped before it finished/);
  assert.equal(run.stdout, '');
});
