import assert from 'node:assert/strict';
import { link, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ALL_TIME_FROM, localDay } from '#common/days.ts';
import { createReconcileCommand } from '../../electron/cli/commands/reconcile.ts';
import {
  type FakePalenca,
  type RecordedRequest,
  startFakePalenca,
} from '../fake-palenca/server.ts';
import { capturedIO } from '../support/captured-io.ts';
import { rowsOfBomCsv } from '../support/saved-csv.ts';
import { spawnCli, waitWhileRunning } from './cli-child.ts';

const TODAY = localDay(new Date());
const TUNING = { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 5000 };
const isSearch = (r: RecordedRequest) => r.path === '/v1/users/search';

const command = (tty = false) =>
  createReconcileCommand({ stderrIsTTY: () => tty, clientTuning: TUNING });

describe('palenca-users-cli reconcile', () => {
  let fake: FakePalenca;
  let dir: string;

  before(async () => {
    fake = await startFakePalenca({ users: 300, days: 400, seed: 5 });
    fake.insertUsers(2, undefined, 'KNOWN-1');
    fake.insertUsers(1, undefined, 'KNOWN-2');
    fake.insertUsers(1, undefined, '@known');
  });
  after(() => fake.close());
  afterEach(async () => {
    fake.resetBetweenTests();
    await rm(dir, { recursive: true, force: true });
  });

  const freshDir = async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-reconcile-'));
    return dir;
  };
  const users = (id: string) => fake.usersInWindow(ALL_TIME_FROM, TODAY, id);

  it('reads a semicolon table by its column, says the list and the cost, saves the CSV', async () => {
    const d = await freshDir();
    const list = join(d, 'clientes.csv');
    const out = join(d, 'out.csv');
    await writeFile(
      list,
      `\uFEFFnombre;Cliente\r\nAna;KNOWN-1\r\nBo;nope-1\r\n;\r\nCy;KNOWN-1 \r\nDi;@known\r\nEd;${'x'.repeat(201)}\r\nFa;KNOWN-2\r\n`,
    );
    const c = capturedIO(fake);
    const since = fake.requests.length;
    const code = await command().run(['--in', list, '--column', 'cliente', '--out', out], c);
    assert.equal(code, 0, c.err);
    // The list and the cost first, then a progress line now and then (not a terminal).
    const [head, progress] = [c.err.slice(0, c.err.indexOf('Looked up')), c.err];
    assert.equal(
      head,
      'The list has 4 IDs, 1 repeat skipped, 1 blank skipped in the column "Cliente".\n' +
        '1 ID is longer than 200 characters and will not be looked up (line 7).\n' +
        '1 ID had spaces at the start or end removed.\n' +
        'First IDs read: "KNOWN-1", "nope-1", "@known", "KNOWN-2"\n' +
        "4 requests to Palenca: less than a minute, paced to leave 50% of your organisation's Palenca allowance free.\n",
    );
    assert.match(progress.slice(head.length), /^(Looked up [1-3] of 4 IDs\.\n)+$/);
    assert.equal(
      c.out,
      `Looked up 4 IDs: 3 found, 1 not found (and 1 ID too long to look up). Saved to ${out}\n`,
    );
    assert.equal(fake.requests.slice(since).filter(isSearch).length, 4);
    const rows = parse(await readFile(out), { record_delimiter: '\r\n' }) as string[][];
    assert.deepEqual(rows, [
      ['external_id', 'found', 'user_ids', 'widget_id'],
      [
        'KNOWN-1',
        'yes',
        users('KNOWN-1')
          .map((u) => u.user_id)
          .join(' '),
        users('KNOWN-1')[0]?.widget_id,
      ],
      ['nope-1', 'no', '', ''],
      ["'@known", 'yes', users('@known')[0]?.user_id, users('@known')[0]?.widget_id],
      ['KNOWN-2', 'yes', users('KNOWN-2')[0]?.user_id, users('KNOWN-2')[0]?.widget_id],
      // Kept in the results, said to be not looked up.
      ['x'.repeat(201), 'too long (not looked up)', '', ''],
    ]);
    assert.equal(users('KNOWN-1').length, 2);

    // The results read back as a list: its external_id column, the formula guard removed.
    const again = join(d, 'again.csv');
    const back = capturedIO(fake);
    assert.equal(await command().run(['--in', out, '--out', again], back), 0, back.err);
    assert.match(back.err, /The list has 4 IDs in the column "external_id"\./);
    assert.match(back.err, /First IDs read: "KNOWN-1", "nope-1", "@known", "KNOWN-2"\n/);
    const rowsAgain = parse(await readFile(again), { record_delimiter: '\r\n' }) as string[][];
    assert.deepEqual(
      rowsAgain.map((r) => [r[0], r[1]]),
      rows.map((r) => [r[0], r[1]]),
    );
  });

  it('--with-status adds the accounts column; --delimiter ; and --bom; a bar on a terminal', async () => {
    const d = await freshDir();
    const list = join(d, 'ids.txt');
    const out = join(d, 'out.csv');
    await writeFile(list, 'KNOWN-1\nnope-2\nKNOWN-2\n');
    const c = capturedIO(fake);
    const since = fake.requests.length;
    const code = await command(true).run(
      ['--in', list, '--out', out, '--with-status', '--delimiter', ';', '--bom', '--share', '100'],
      c,
    );
    assert.equal(code, 0, c.err);
    assert.match(c.err, /3 searches and up to 3 accounts requests to Palenca/);
    assert.match(c.err, /\r\[#+\] 100% 3\/3 IDs/);
    const sent = fake.requests.slice(since);
    assert.equal(sent.filter(isSearch).length, 3);
    assert.equal(sent.filter((r) => r.path.endsWith('/accounts')).length, 2);
    const bytes = await readFile(out);
    const rows = rowsOfBomCsv(bytes, ';');
    assert.deepEqual(rows[0], ['external_id', 'found', 'user_ids', 'widget_id', 'accounts']);
    assert.equal(rows[2]?.[4], '');
    for (const row of [rows[1], rows[3]]) {
      assert.match(
        row?.[4] ?? '',
        /^([^:;]+: (connected|needs action|waiting|failed|unknown)(; )?)*$/,
      );
    }
  });

  it('usage and list errors exit 2 before any request, nothing written', async () => {
    const d = await freshDir();
    const out = join(d, 'out.csv');
    const files: Record<string, string | Buffer> = {
      'empty.txt': '\n \n',
      'long.txt': Array.from({ length: 5001 }, (_, i) => `id${i}`).join('\n'),
      'table.csv': 'a,b\n1,2\n',
      'utf16.txt': Buffer.from('\uFEFFid1\r\n', 'utf16le'),
      'big.txt': Buffer.alloc(10 * 1024 * 1024 + 1, 0x61),
    };
    for (const [name, content] of Object.entries(files)) await writeFile(join(d, name), content);
    const since = fake.requests.length;
    for (const [args, pattern] of [
      [['--out', out], /--in FILE is required/],
      [['--in', join(d, 'empty.txt')], /--out FILE is required/],
      [['--in', join(d, 'missing.txt'), '--out', out], /does not exist/],
      [['--in', d, '--out', out], /is a folder|not a regular file/],
      [['--in', join(d, 'empty.txt'), '--out', out], /has no IDs/],
      [['--in', join(d, 'long.txt'), '--out', out], /5,001 different IDs; at most 5,000/],
      [
        ['--in', join(d, 'table.csv'), '--column', 'id', '--out', out],
        /no column named "id". Its columns are: a, b/,
      ],
      [['--in', join(d, 'utf16.txt'), '--out', out], /is not UTF-8 text/],
      [['--in', join(d, 'big.txt'), '--out', out], /at most 10 MB/],
      [['--in', join(d, 'table.csv'), '--out', d], /folder/],
      [['--in', join(d, 'table.csv'), '--out', out, '--share', '10'], /--share/],
      [['--in', join(d, 'table.csv'), '--out', out, '--env', 'staging'], /--env/],
      [['--in', join(d, 'table.csv'), '--out', out, '--bogus'], /Unknown option --bogus/],
    ] as const) {
      const c = capturedIO(fake);
      const code = await command().run([...args], c);
      assert.equal(code, 2, `${args.join(' ')}: ${c.err}`);
      assert.match(c.err, pattern);
      assert.equal(c.out, '');
    }
    assert.equal(fake.requests.length, since);
    assert.deepEqual((await readdir(d)).sort(), Object.keys(files).sort());
    // An empty list: one message, not its reading too.
    const empty = capturedIO(fake);
    await command().run(['--in', join(d, 'empty.txt'), '--out', out], empty);
    assert.equal(empty.err.trim().split('\n').length, 1, empty.err);
  });

  it('refuses to save the results over the list itself, however it is named', async () => {
    const d = await freshDir();
    const list = join(d, 'ids.txt');
    const content = 'KNOWN-1\nnope\n';
    await writeFile(list, content);
    await symlink(list, join(d, 'soft.txt'));
    await link(list, join(d, 'hard.txt'));
    const since = fake.requests.length;
    for (const [input, output] of [
      [list, list],
      // Spelt another way (join would tidy it up).
      [list, `${d}/../${basename(d)}/./ids.txt`],
      [join(d, 'soft.txt'), list],
      [join(d, 'hard.txt'), list],
      [list, join(d, 'hard.txt')],
    ] as [string, string][]) {
      const c = capturedIO(fake);
      const code = await command().run(['--in', input, '--out', output], c);
      assert.equal(code, 2, `${input} ${output}: ${c.err}`);
      assert.match(c.err, /The results would replace the list itself: choose another --out file\./);
    }
    assert.equal(fake.requests.length, since);
    assert.equal(await readFile(list, 'utf8'), content);
    assert.deepEqual((await readdir(d)).sort(), ['hard.txt', 'ids.txt', 'soft.txt']);
    // Another file is fine.
    const c = capturedIO(fake);
    assert.equal(await command().run(['--in', list, '--out', join(d, 'out.csv')], c), 0, c.err);
  });

  it('a failure says so, exits 1 and writes nothing', async () => {
    const d = await freshDir();
    const list = join(d, 'ids.txt');
    const out = join(d, 'out.csv');
    await writeFile(list, 'a\nb\nc\n');
    fake.setFault({
      kind: 'raw',
      status: 401,
      body: '{"success":false,"data":null,"error":{"code":"unauthorized","message":"Invalid API key"}}',
      contentType: 'application/json',
    });
    const c = capturedIO(fake);
    const code = await command().run(['--in', list, '--out', out], c);
    assert.equal(code, 1, c.err);
    assert.match(c.err, /Stopped after 0 of 3 IDs\. Nothing was saved\.\n$/);
    assert.deepEqual(await readdir(d), ['ids.txt']);
  });

  it('the real command: Ctrl+C half-way exits 130, nothing written, nothing left behind', async () => {
    const d = await freshDir();
    const list = join(d, 'ids.txt');
    const out = join(d, 'out.csv');
    await writeFile(list, Array.from({ length: 400 }, (_, i) => `slow-${i}`).join('\n'));
    fake.setLatency(20);
    const since = fake.requests.length;
    const cli = spawnCli(['reconcile', '--in', list, '--out', out], {
      PALENCA_API_KEY: fake.apiKey,
      PALENCA_API_URL: fake.baseUrl,
    });
    await waitWhileRunning(
      cli,
      () => fake.requests.slice(since).filter(isSearch).length >= 5,
      'five searches',
    );
    assert.match(
      cli.stderr(),
      /The list has 400 IDs\.\nFirst IDs read: "slow-0", "slow-1", [^\n]*\n400 requests to Palenca/,
    );
    cli.child.kill('SIGINT');
    const { code } = await cli.exited;
    assert.equal(code, 130, cli.stderr());
    assert.match(cli.stderr(), /Cancelled after \d+ of 400 IDs\. Nothing was saved\./);
    assert.deepEqual(await readdir(d), ['ids.txt']);
  });

  it('--help says it keeps no pending file', async () => {
    const c = capturedIO(fake);
    assert.equal(await command().run(['--help'], c), 0);
    assert.match(c.out, /keeps no record of a run it did not finish/);
  });
});
