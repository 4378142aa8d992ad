import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createExportCommand, progressLine } from '../../electron/cli/commands/export.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { capturedIO } from '../support/captured-io.ts';

const TODAY = '2025-06-30';
const FROM = '2024-01-01';
const ROOT = join(import.meta.dirname, '..', '..');

const command = (tty = false) =>
  createExportCommand({
    stderrIsTTY: () => tty,
    clientTuning: { attempts: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 },
    pageRetry: { attempts: 2, baseMs: 5, maxMs: 10 },
  });

describe('palenca-users-cli export', () => {
  let fake: FakePalenca;
  let dir: string;

  before(async () => {
    fake = await startFakePalenca({ users: 1000, today: TODAY, days: 400, seed: 3 });
  });
  after(() => fake.close());
  afterEach(async () => {
    fake.resetBetweenTests();
    await rm(dir, { recursive: true, force: true });
  });

  const io = (signal?: AbortSignal) => capturedIO(fake, signal);
  const freshDir = async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-export-'));
    return dir;
  };

  it('exports every user, comma and no BOM by default, with a one-line summary', async () => {
    const out = join(await freshDir(), 'users.csv');
    const c = io();
    const code = await command().run(['--from', FROM, '--to', TODAY, '--out', out], c);
    assert.equal(code, 0, c.err);
    const expected = fake.usersInWindow(FROM, TODAY);
    assert.equal(c.out, `Exported ${expected.length} users to ${out}\n`);
    // The cost is said before the work, on stderr; no progress bar when it is not a terminal.
    const pages = Math.ceil(expected.length / 150);
    assert.equal(
      c.err,
      `${expected.length.toLocaleString('en-US')} users, ${pages + 1} requests to Palenca: less than a minute, paced to leave 50% of your organisation's Palenca allowance free.\n`,
    );
    const bytes = await readFile(out);
    assert.ok(
      bytes.subarray(0, 40).toString('utf8').startsWith('user_id,external_id,widget_id\r\n'),
    );
    const rows = parse(bytes, { record_delimiter: '\r\n' }) as string[][];
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      expected.map((u) => u.user_id),
    );
  });

  it('honours --bom, --delimiter ; and --concurrency, and draws a bar on a terminal', async () => {
    const out = join(await freshDir(), 'users.csv');
    const c = io();
    const args = ['--from', FROM, '--to', TODAY, '--out', out, '--bom', '--delimiter', ';'];
    const code = await command(true).run([...args, '--concurrency', '2', '--env', 'sandbox'], c);
    assert.equal(code, 0, c.err);
    const bytes = await readFile(out);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(bytes.subarray(3).toString('utf8').startsWith('user_id;external_id;widget_id\r\n'));
    assert.match(c.err, /\r\[#+\] 100% [\d,]+\/[\d,]+ users/);
  });

  it('--share paces to that part of the allowance, says so, and the file is exact', async () => {
    const out = join(await freshDir(), 'users.csv');
    const c = io();
    fake.requests.length = 0;
    const code = await command().run(
      ['--from', FROM, '--to', TODAY, '--out', out, '--share', '100'],
      c,
    );
    assert.equal(code, 0, c.err);
    assert.match(c.err, /using all of your organisation's Palenca allowance\.\n$/);
    const rows = parse(await readFile(out), { record_delimiter: '\r\n' }) as string[][];
    assert.equal(rows.length - 1, fake.usersInWindow(FROM, TODAY).length);
  });

  it('bad dates and bad options exit 2 and touch nothing', async () => {
    const out = join(await freshDir(), 'users.csv');
    const cases: [string[], RegExp][] = [
      [['--from', '2025-02-30', '--to', TODAY, '--out', out], /From date.*\(--from\)/],
      [['--from', TODAY, '--to', FROM, '--out', out], /on or before/],
      [['--from', FROM, '--to', TODAY], /--out FILE is required/],
      [['--from', FROM, '--to', TODAY, '--out', out, '--delimiter', '|'], /--delimiter/],
      [['--from', FROM, '--to', TODAY, '--out', out, '--concurrency', '0'], /--concurrency/],
      [['--from', FROM, '--to', TODAY, '--out', out, '--env', 'staging'], /--env/],
      [['--from', FROM, '--to', TODAY, '--out', out, '--share', '10'], /--share.*25 to 100/],
      [['--from', FROM, '--to', TODAY, '--out', out, '--share', 'half'], /--share/],
      [['--from', FROM, '--to', TODAY, '--out', out, '--nope'], /Unknown option --nope/],
      // Given but blank: it must not quietly export the whole window.
      [
        ['--from', FROM, '--to', TODAY, '--out', out, '--external-id', '   '],
        /--external-id is empty/,
      ],
      [['--from', FROM, '--to', TODAY, '--out', out, '--external-id='], /--external-id is empty/],
    ];
    const before = fake.requests.length;
    for (const [args, message] of cases) {
      const c = io();
      assert.equal(await command().run(args, c), 2, args.join(' '));
      assert.match(c.err, message);
      assert.equal(c.err.split('\n').length, 2, 'one plain line');
    }
    assert.equal(fake.requests.length, before, 'nothing was asked of Palenca');
    assert.deepEqual(await readdir(dir), []);
  });

  it('a failure half-way exits 1, leaves nothing new and keeps an existing file', async () => {
    const out = join(await freshDir(), 'users.csv');
    await writeFile(out, 'previous\r\n');
    let count = 0;
    fake.onRequest(() => {
      if (++count === 3) fake.setFault({ kind: 'unavailable' });
    });
    const c = io();
    const code = await command().run(['--from', FROM, '--to', TODAY, '--out', out], c);
    assert.equal(code, 1);
    assert.match(c.err, /\npalenca-users-cli: Palenca is not available.*Nothing was saved\.\n$/);
    assert.equal(await readFile(out, 'utf8'), 'previous\r\n');
    assert.deepEqual(await readdir(dir), ['users.csv']);
  });

  it('cancelled (Ctrl+C) half-way exits 1 and leaves nothing at --out', async () => {
    const out = join(await freshDir(), 'users.csv');
    const controller = new AbortController();
    fake.setLatency(10);
    let count = 0;
    fake.onRequest(() => {
      if (++count === 4) controller.abort();
    });
    const c = io(controller.signal);
    const code = await command().run(['--from', FROM, '--to', TODAY, '--out', out], c);
    assert.equal(code, 1);
    assert.match(c.err, /cancelled/);
    assert.deepEqual(await readdir(dir), []);
  });

  it('the real command: SIGINT half-way leaves the existing file untouched', async () => {
    const out = join(await freshDir(), 'users.csv');
    await writeFile(out, 'previous\r\n');
    fake.setLatency(30);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'electron/cli/palenca-users.ts'),
        ...['export', '--from', FROM, '--to', TODAY, '--out', out, '--concurrency', '1'],
      ],
      {
        cwd: ROOT,
        env: { ...process.env, PALENCA_API_KEY: fake.apiKey, PALENCA_API_URL: fake.baseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Interrupt once the export has started writing its temporary file.
    const deadline = Date.now() + 15_000;
    while (!(await readdir(dir)).some((f) => f.endsWith('.partial'))) {
      assert.ok(Date.now() < deadline, 'the export started');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGINT');
    // 128 + 2, as documented; SIGTERM and SIGHUP are in cli-signals.test.ts.
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /cancelled/);
    assert.equal(await readFile(out, 'utf8'), 'previous\r\n');
    assert.deepEqual(await readdir(dir), ['users.csv']);
  });

  it('formats a progress line with rows, elapsed and remaining time', () => {
    const line = progressLine(
      {
        rowsDone: 1500,
        rowsTotal: 3000,
        pagesDone: 10,
        pagesTotal: 20,
        elapsedMs: 65_000,
        remainingMs: 65_000,
        allowance: { state: 'paced', until: null },
      },
      10,
    );
    assert.equal(line, '[#####.....] 50% 1,500/3,000 users, 1:05 elapsed, ~1:05 left');
  });
});
