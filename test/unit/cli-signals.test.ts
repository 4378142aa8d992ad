// Issue 15, items 2 and 3, with the real command in a child process and real signals: SIGINT,
// SIGTERM and SIGHUP cancel an export cleanly (temporary file removed, target untouched, exit
// 128 + the signal's number); SIGKILL cannot be caught, so its leftover is removed by the next
// export into that folder, while a temporary file of a process still running is kept.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { TEMP_NAME } from '../../electron/backend/files/temp-files.ts';
import { CANCEL_SIGNALS, cancelOnSignals } from '../../electron/cli/cli-signals.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { type CliChild, pidOfEndedProcess, spawnCli, waitWhileRunning } from './cli-child.ts';

const TODAY = '2025-06-30';
const FROM = '2024-01-01';
const POSIX = process.platform !== 'win32';
// Longer than any test runs: a request that arrives after the switch is never answered.
const FOREVER_MS = 600_000;

describe('cancelOnSignals', () => {
  it('each signal cancels, and a command that did not finish exits 128 + its number', () => {
    assert.deepEqual(CANCEL_SIGNALS, { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 });
    for (const [name, code] of Object.entries(CANCEL_SIGNALS)) {
      const emitter = new EventEmitter();
      const cancel = cancelOnSignals(emitter);
      assert.equal(cancel.exitCode(1), 1, 'no signal: the command’s own code');
      emitter.emit(name);
      assert.equal(cancel.signal.aborted, true);
      assert.equal(cancel.signal.reason, name);
      assert.equal(cancel.exitCode(1), code);
      assert.equal(cancel.exitCode(2), code);
      // It finished before it heard the signal: the work was done, and 0 says so.
      assert.equal(cancel.exitCode(0), 0);
      // Caught once: a second one of the same kind ends the process the default way.
      assert.equal(emitter.listenerCount(name), 0);
    }
  });
});

describe('palenca-users-cli export and signals', () => {
  let fake: FakePalenca;
  let dir: string;

  before(async () => {
    // 1,000 users: 7 pages, so there is a page 2 to hold back.
    fake = await startFakePalenca({ users: 1000, today: TODAY, days: 400, seed: 9 });
  });
  after(() => fake.close());
  afterEach(async () => {
    fake.onRequest(null);
    fake.setLatency(0);
    await rm(dir, { recursive: true, force: true });
  });

  const env = () => ({ PALENCA_API_KEY: fake.apiKey, PALENCA_API_URL: fake.baseUrl });
  const exportTo = (out: string, server = fake) =>
    spawnCli(['export', '--from', FROM, '--to', TODAY, '--out', out], {
      PALENCA_API_KEY: server.apiKey,
      PALENCA_API_URL: server.baseUrl,
    });

  /** From the first request after page 1 on, Palenca never answers: the export stays mid-way. */
  const holdAfterFirstPage = (server: FakePalenca) => {
    let seen = 0;
    server.onRequest(() => {
      // The count, then page 1; the temporary file is written once page 1 is in.
      if (++seen === 3) server.setLatency(FOREVER_MS);
    });
  };

  const tempFileOf = async (cli: CliChild): Promise<string | null> =>
    (await readdir(dir)).find(
      (name) => TEMP_NAME.test(name) && name.startsWith(`.palenca-${cli.pid}-`),
    ) ?? null;

  const cases = [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const;
  for (const [signal, exitCode] of cases) {
    it(`${signal} mid-export: exit ${exitCode}, temporary file removed, the old file untouched`, async () => {
      dir = await mkdtemp(join(tmpdir(), 'palenca-cli-signals-'));
      const out = join(dir, 'users.csv');
      await writeFile(out, 'previous\r\n');
      if (POSIX) await chmod(out, 0o640);
      holdAfterFirstPage(fake);
      const cli = exportTo(out);
      await waitWhileRunning(
        cli,
        async () => (await tempFileOf(cli)) !== null,
        'the temporary file',
      );
      const temp = join(dir, (await tempFileOf(cli)) ?? '');
      // Personal data, readable by its owner only while it is written.
      if (POSIX) assert.equal((await stat(temp)).mode & 0o777, 0o600);

      cli.child.kill(signal);
      const end = await cli.exited;
      assert.deepEqual(end, { code: exitCode, signal: null }, cli.stderr());
      assert.match(cli.stderr(), /The export was cancelled\. Nothing was saved\.\n$/);
      assert.equal(cli.stdout(), '');
      assert.equal(await readFile(out, 'utf8'), 'previous\r\n');
      if (POSIX) assert.equal((await stat(out)).mode & 0o777, 0o640);
      assert.deepEqual(await readdir(dir), ['users.csv']);
    });
  }

  it('--help lists the exit codes of the signals', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-signals-'));
    const cli = spawnCli(['export', '--help'], env());
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
    assert.match(
      cli.stdout().replace(/\s+/g, ' '),
      /130, 143 and 129 when cancelled by SIGINT \(Ctrl\+C\), SIGTERM and SIGHUP/,
    );
  });

  it('SIGKILL leaves its temporary file; the next export removes it and other ended runs’, not a live one’s', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-signals-'));
    holdAfterFirstPage(fake);
    const killed = exportTo(join(dir, 'first.csv'));
    await waitWhileRunning(
      killed,
      async () => (await tempFileOf(killed)) !== null,
      'the temporary file',
    );
    const leftover = (await tempFileOf(killed)) ?? '';
    killed.child.kill('SIGKILL');
    // Left by hand (after that export's own sweep): one of a process that has ended, one of
    // this test process, which is running.
    const ended = `.palenca-${await pidOfEndedProcess()}-0123abcd.partial`;
    const live = `.palenca-${process.pid}-0123abcd.partial`;
    await writeFile(join(dir, ended), 'user data\r\n');
    await writeFile(join(dir, live), 'user data\r\n');
    assert.deepEqual(await killed.exited, { code: null, signal: 'SIGKILL' });
    assert.deepEqual((await readdir(dir)).sort(), [ended, leftover, live].sort());

    fake.onRequest(null);
    fake.setLatency(0);
    const next = exportTo(join(dir, 'second.csv'));
    assert.deepEqual(await next.exited, { code: 0, signal: null }, next.stderr());
    assert.deepEqual((await readdir(dir)).sort(), ['second.csv', live].sort());
  });

  it('an export into a folder where another export is running leaves that one’s file alone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-signals-'));
    // Two servers, so one export can be held mid-way while the other runs to the end.
    const other = await startFakePalenca({ users: 300, today: TODAY, days: 400, seed: 10 });
    try {
      holdAfterFirstPage(fake);
      const running = exportTo(join(dir, 'running.csv'));
      await waitWhileRunning(
        running,
        async () => (await tempFileOf(running)) !== null,
        'the temporary file',
      );
      const temp = (await tempFileOf(running)) ?? '';

      const done = exportTo(join(dir, 'done.csv'), other);
      assert.deepEqual(await done.exited, { code: 0, signal: null }, done.stderr());
      assert.deepEqual((await readdir(dir)).sort(), ['done.csv', temp].sort());

      running.child.kill('SIGTERM');
      assert.deepEqual(await running.exited, { code: 143, signal: null }, running.stderr());
      assert.deepEqual(await readdir(dir), ['done.csv']);
    } finally {
      await other.close();
    }
  });
});
