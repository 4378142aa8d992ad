import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { exportRequestBound, windowDays } from '../../electron/backend/export/export-cost.ts';
import {
  createExportCommand,
  defaultStateDir,
  progressLine,
} from '../../electron/cli/commands/export.ts';
import { type FakePalenca, PALENCA_ALLOWANCE, startFakePalenca } from '../fake-palenca/server.ts';
import { capturedIO } from '../support/captured-io.ts';

const TODAY = '2025-06-30';
const FROM = '2024-01-01';
const ROOT = join(import.meta.dirname, '..', '..');

const command = (tty = false, today?: () => string) =>
  createExportCommand({
    stderrIsTTY: () => tty,
    clientTuning: { attempts: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 },
    pageRetry: { attempts: 2, baseMs: 5, maxMs: 10 },
    ...(today ? { now: () => noonOf(today()) } : {}),
  });

/** Local noon of `day`: its local calendar day is `day` wherever the tests run. */
const noonOf = (day: string): Date => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 12);
};

const csvRows = async (path: string) =>
  parse(await readFile(path), { record_delimiter: '\r\n' }) as string[][];

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
    // "Up to": the window's newest day is read on its own, then the rest, then one check.
    const pages = Math.ceil(expected.length / 150);
    const bound = exportRequestBound({
      users: expected.length,
      days: windowDays(FROM, TODAY),
      withDay: false,
      withAccounts: false,
    });
    assert.equal(bound, pages + 2);
    assert.equal(
      c.err,
      `${expected.length.toLocaleString('en-US')} users, up to ${bound} requests to Palenca: less than a minute, paced to leave 50% of your organisation's Palenca allowance free.\n`,
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

describe('palenca-users-cli export: formats and options (issue 18)', () => {
  const FAKE_TODAY = '2025-06-30';
  const WINDOW = ['--from', '2025-06-01', '--to', FAKE_TODAY];
  let fake: FakePalenca;
  let dir: string;
  const today = '2025-07-03';

  before(async () => {
    fake = await startFakePalenca({ users: 700, today: FAKE_TODAY, days: 60, seed: 5 });
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-options-'));
  });
  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => fake.resetBetweenTests());

  const io = () => capturedIO(fake);
  const run = async (args: string[]) => {
    const c = io();
    const code = await command(false, () => today).run(args, c);
    return { code, out: c.out, err: c.err };
  };
  const stateDir = () => join(dir, 'state');
  const markFiles = async () => readdir(join(stateDir(), 'last-export')).catch(() => []);

  it('--out ending in .xlsx (any case) saves a workbook; --format xlsx agrees with it', async () => {
    const expected = fake.usersInWindow('2025-06-01', FAKE_TODAY);
    for (const [name, extra] of [
      ['users.xlsx', []],
      ['users.XLSX', ['--format', 'xlsx']],
      ['upper.xlsx', ['--format', 'XLSX']],
    ] as const) {
      const out = join(dir, name);
      const r = await run([...WINDOW, '--out', out, ...extra]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `Exported ${expected.length} users to ${out}\n`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(out);
      const sheet = book.getWorksheet('Users');
      assert.ok(sheet, name);
      assert.equal(sheet.rowCount, expected.length + 1);
      assert.equal(sheet.getRow(1).getCell(1).value, 'user_id');
      expected.forEach((user, i) => {
        const cell = sheet.getRow(i + 2).getCell(1);
        assert.equal(cell.type, ExcelJS.ValueType.String);
        assert.equal(cell.value, user.user_id);
      });
      assert.ok(book.getWorksheet('About this export'));
    }
    // .csv, with or without --format csv: CSV, and nothing more is said about the format.
    for (const extra of [[], ['--format', 'csv']]) {
      const out = join(dir, 'users.CSV');
      const r = await run([...WINDOW, '--out', out, ...extra]);
      assert.equal(r.code, 0, r.err);
      assert.doesNotMatch(r.err, /Saving a CSV file/);
      assert.deepEqual((await csvRows(out))[0], ['user_id', 'external_id', 'widget_id']);
    }
  });

  it('any other name, or none, without --format: CSV as before, and stderr says so first', async () => {
    for (const [name, ends] of [
      ['users.txt', 'ends in .txt'],
      ['users', 'has no extension'],
    ] as const) {
      const out = join(dir, name);
      const r = await run([...WINDOW, '--out', out]);
      assert.equal(r.code, 0, r.err);
      assert.match(
        r.err,
        new RegExp(
          `^Saving a CSV file: the name given to --out ${ends}, not \\.csv or \\.xlsx\\.\\n[\\d,]+ users, up to`,
        ),
      );
      assert.deepEqual((await csvRows(out))[0], ['user_id', 'external_id', 'widget_id']);
    }
  });

  it('a --format that contradicts --out, an unknown one, or CSV options for a workbook: exit 2', async () => {
    const before = fake.requests.length;
    const needs = (format: string, ends: string) =>
      new RegExp(
        `--format ${format} needs a name ending in \\.${format} for --out, and the one given ${ends}\\.`,
      );
    const cases: [string[], RegExp][] = [
      [['--out', join(dir, 'x.csv'), '--format', 'xlsx'], needs('xlsx', 'ends in \\.csv')],
      [['--out', join(dir, 'x.xlsx'), '--format', 'csv'], needs('csv', 'ends in \\.xlsx')],
      // A format named by --format alone is refused: the name must say it too.
      [['--out', join(dir, 'x.txt'), '--format', 'xlsx'], needs('xlsx', 'ends in \\.txt')],
      [['--out', join(dir, 'x'), '--format', 'xlsx'], needs('xlsx', 'has no extension')],
      [['--out', join(dir, 'x.txt'), '--format', 'csv'], needs('csv', 'ends in \\.txt')],
      [['--out', join(dir, 'x.csv'), '--format', 'pdf'], /--format must be csv or xlsx\.$/m],
      [
        ['--out', join(dir, 'x.xlsx'), '--format', 'xls'],
        /--format must be csv or xlsx: did you mean xlsx\?/,
      ],
      [
        ['--out', join(dir, 'x.xlsx'), '--format', 'ODS'],
        /--format must be csv or xlsx: did you mean xlsx\?/,
      ],
      // Spreadsheet names this command does not write: Excel would warn or turn IDs into numbers.
      [
        ['--out', join(dir, 'x.xls')],
        /--out ends in \.xls, an old Excel format .*did you mean \.xlsx\?/,
      ],
      [
        ['--out', join(dir, 'x.XLS'), '--format', 'csv'],
        /--out ends in \.xls, .*did you mean \.xlsx\?/,
      ],
      [['--out', join(dir, 'x.xlsm')], /--out ends in \.xlsm, .*did you mean \.xlsx\?/],
      [['--out', join(dir, 'x.xlsb')], /--out ends in \.xlsb, .*did you mean \.xlsx\?/],
      [
        ['--out', join(dir, 'x.ods'), '--format', 'xlsx'],
        /--out ends in \.ods, .*did you mean \.xlsx\?/,
      ],
      [['--out', join(dir, 'x.xlsx'), '--bom'], /--bom and --delimiter are for CSV/],
      [['--out', join(dir, 'x.xlsx'), '--delimiter', ';'], /--bom and --delimiter are for CSV/],
      // The window is the one since the last export: --from and --to have no place.
      [['--out', join(dir, 'x.csv'), '--since-last'], /leave out --from and --to/],
    ];
    for (const [args, message] of cases) {
      const r = await run([...WINDOW, ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.equal(r.err.split('\n').length, 2, 'one plain line');
    }
    assert.equal(fake.requests.length, before, 'nothing was asked of Palenca');
    assert.ok(!(await readdir(dir)).some((name) => /^x(\.|$)/i.test(name)), 'nothing saved');
  });

  it('--since-last with no earlier export in --state-dir: exit 2, saying what to do', async () => {
    const out = join(dir, 'none.csv');
    const before = fake.requests.length;
    const r = await run(['--since-last', '--out', out, '--state-dir', join(dir, 'empty-state')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /No earlier export.*Run an export with --from and --to first/);
    assert.equal(fake.requests.length, before);
    // With no home in the environment there is no default folder: --state-dir is asked for.
    const homeless = await run(['--since-last', '--out', out]);
    assert.equal(homeless.code, 2);
    assert.match(homeless.err, /give --state-dir DIR/);
  });

  it('--since-last after 40 new users, some on the last day, saves exactly those 40', async () => {
    const first = join(dir, 'first.csv');
    const plain = await run([...WINDOW, '--out', first, '--state-dir', stateDir()]);
    assert.equal(plain.code, 0, plain.err);
    const [markName, ...others] = await markFiles();
    assert.ok(markName);
    assert.equal(others.length, 0);
    const markPath = join(stateDir(), 'last-export', markName);
    if (process.platform !== 'win32') assert.equal((await stat(markPath)).mode & 0o777, 0o600);
    const mark = JSON.parse(await readFile(markPath, 'utf8'));
    const dayIds = fake.usersInWindow(FAKE_TODAY, FAKE_TODAY).map((u) => u.user_id);
    assert.equal(mark.day, FAKE_TODAY);
    assert.deepEqual([...mark.userIds].sort(), [...dayIds].sort());

    const already = new Set(dayIds);
    fake.insertUsers(7, FAKE_TODAY);
    fake.insertUsers(20, '2025-07-02');
    fake.insertUsers(13, today);
    const expected = fake
      .usersInWindow(FAKE_TODAY, today)
      .filter((u) => !already.has(u.user_id))
      .map((u) => u.user_id);
    assert.equal(expected.length, 40);
    const out = join(dir, 'new.csv');
    const r = await run(['--since-last', '--out', out, '--state-dir', stateDir()]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `Exported 40 users to ${out}\n`);
    assert.match(
      r.err,
      new RegExp(
        `^40 new users from ${FAKE_TODAY} to ${today} \\(the ${dayIds.length} users of ${FAKE_TODAY} already exported are left out\\), up to \\d+ requests to Palenca: `,
      ),
    );
    assert.deepEqual(
      (await csvRows(out)).slice(1).map((row) => row[0]),
      expected,
    );
    const moved = JSON.parse(await readFile(markPath, 'utf8'));
    assert.equal(moved.day, today);
    assert.equal(moved.userIds.length, 13);
  });

  it('--since-last with nobody new: says so, exits 0, and leaves --out as it was', async () => {
    const out = join(dir, 'again.csv');
    await writeFile(out, 'previous\r\n');
    const r = await run(['--since-last', '--out', out, '--state-dir', stateDir()]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `Nothing new since the export of ${today}; nothing was saved.\n`);
    assert.equal(await readFile(out, 'utf8'), 'previous\r\n');
    assert.ok(!(await readdir(dir)).some((name) => name.endsWith('.partial')));
  });

  it('without --state-dir, exports are noted in the home’s state folder; one not noted is said', async () => {
    const home = join(dir, 'home');
    const c = io();
    c.env.HOME = home;
    c.env.XDG_STATE_HOME = undefined;
    const out = join(dir, 'homed.csv');
    const code = await command(false, () => today).run([...WINDOW, '--out', out], c);
    assert.equal(code, 0, c.err);
    const folder = join(home, '.local', 'state', 'palenca-users-cli', 'last-export');
    assert.equal((await readdir(folder)).length, 1);

    const blocked = join(dir, 'blocked-state');
    await writeFile(blocked, 'a file, not a folder');
    const r = await run([...WINDOW, '--out', join(dir, 'unnoted.csv'), '--state-dir', blocked]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Exported \d+ users to /);
    assert.match(
      r.err,
      /warning: this export could not be noted in .*blocked-state for --since-last/,
    );
  });

  it('--with-day adds connected_on, the day the fake files each user under; same rows', async () => {
    const plainOut = join(dir, 'plain-days.csv');
    const dayOut = join(dir, 'days.csv');
    const window = ['--from', '2025-06-20', '--to', FAKE_TODAY];
    assert.equal((await run([...window, '--out', plainOut])).code, 0);
    const r = await run([...window, '--out', dayOut, '--with-day']);
    assert.equal(r.code, 0, r.err);
    const plainRows = await csvRows(plainOut);
    const dayRows = await csvRows(dayOut);
    assert.deepEqual(dayRows[0], ['user_id', 'external_id', 'widget_id', 'connected_on']);
    assert.deepEqual(
      dayRows.map((row) => row.slice(0, 3)),
      plainRows,
    );
    const dayOf = new Map(
      fake.usersInWindow('2025-06-20', FAKE_TODAY).map((u) => [u.user_id, u.created_day]),
    );
    for (const row of dayRows.slice(1)) assert.equal(row[3], dayOf.get(row[0] ?? ''), row[0]);
  });

  it('--with-accounts adds the accounts summary columns', async () => {
    const someone = fake.usersInWindow('2025-06-01', FAKE_TODAY).find((u) => u.external_id);
    assert.ok(someone?.external_id);
    const out = join(dir, 'accounts.csv');
    const r = await run([
      ...WINDOW,
      '--out',
      out,
      '--external-id',
      someone.external_id,
      '--with-accounts',
    ]);
    assert.equal(r.code, 0, r.err);
    const rows = await csvRows(out);
    assert.deepEqual(rows[0], [
      'user_id',
      'external_id',
      'widget_id',
      'accounts',
      'platforms',
      'account_status',
      'last_successful_connection',
    ]);
    assert.equal(
      rows.length - 1,
      fake.usersInWindow('2025-06-01', FAKE_TODAY, someone.external_id).length,
    );
    for (const row of rows.slice(1)) assert.match(row[3] ?? '', /^\d+$/);
  });

  it('--help names every option and the state folder', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const option of [
      '--format',
      '--with-day',
      '--with-accounts',
      '--since-last',
      '--state-dir',
    ]) {
      assert.ok(r.out.includes(option), option);
    }
    assert.match(r.out, /\.local\/state\/palenca-users-cli/);
    // --since-last replaces --from and --to: they are not simply "(required)".
    assert.match(r.out, /--from YYYY-MM-DD +earliest day \(required, unless --since-last\)/);
    assert.match(r.out, /--to YYYY-MM-DD +latest day \(required, unless --since-last\)/);
    assert.doesNotMatch(r.out, /\(required\)\n +--to/);
    // What account_status holds, every value in the summary's order.
    const flat = r.out.replace(/\s+/g, ' ');
    assert.match(
      flat,
      /account_status lists the states .*comma-separated, in this order: connected \(.*\), needs action \(.*\), waiting \(.*\), failed \(.*\), unknown \(/,
    );
    assert.match(flat, /\.xls, \.xlsm, \.xlsb and \.ods are refused/);
  });

  it('the default state folder is the OS’s folder for a program’s state', () => {
    assert.equal(
      defaultStateDir({ HOME: '/home/ana' }, 'linux'),
      '/home/ana/.local/state/palenca-users-cli',
    );
    assert.equal(
      defaultStateDir({ HOME: '/home/ana', XDG_STATE_HOME: '/var/ana' }, 'linux'),
      '/var/ana/palenca-users-cli',
    );
    // A relative XDG_STATE_HOME is to be ignored (XDG base directory specification).
    assert.equal(
      defaultStateDir({ HOME: '/home/ana', XDG_STATE_HOME: 'state' }, 'linux'),
      '/home/ana/.local/state/palenca-users-cli',
    );
    assert.equal(
      defaultStateDir({ HOME: '/Users/ana' }, 'darwin'),
      '/Users/ana/Library/Application Support/palenca-users-cli',
    );
    assert.match(
      defaultStateDir({ LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'win32') ?? '',
      /palenca-users-cli$/,
    );
    assert.equal(defaultStateDir({}, 'linux'), null);
  });
});

describe('palenca-users-cli export --with-accounts above an hour of requests', () => {
  it('is refused with the reason after the count, and saves nothing', async () => {
    const fake = await startFakePalenca({
      users: 4000,
      today: TODAY,
      days: 30,
      seed: 6,
      allowance: PALENCA_ALLOWANCE,
    });
    const dir = await mkdtemp(join(tmpdir(), 'palenca-cli-accounts-'));
    try {
      const c = capturedIO(fake);
      const out = join(dir, 'accounts.csv');
      const args = ['--from', '2025-06-01', '--to', TODAY, '--out', out, '--with-accounts'];
      const code = await command().run([...args, '--share', '25'], c);
      assert.equal(code, 2, c.err);
      assert.match(
        c.err,
        /--with-accounts asks Palenca once per user: [\d,]+ users would take more than an hour at --share 25 \(at most [\d,]+ fit\)/,
      );
      assert.equal(fake.requests.length, 1, 'only the count');
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
