// `palenca-users-cli list`, spawned from source as a person would run it, against the fake server.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createKeytarStore } from '../../electron/backend/keychain/keytar-store.ts';
import type { CliIO } from '../../electron/cli/cli-io.ts';
import { createListCommand } from '../../electron/cli/commands/list.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { uniqueService } from '../keychain/support/keyring.ts';
import { type CliRun, runCli } from './cli-child.ts';

const TODAY = '2024-06-30';
let fake: FakePalenca;

const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> =>
  runCli(args, fake, env);

before(async () => {
  fake = await startFakePalenca({ today: TODAY, users: 300 });
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

const assertOneLine = (run: CliRun) => {
  assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
  assert.match(run.stderr, /^palenca-users-cli: /);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(!run.stderr.includes(fake.apiKey));
};

test('prints a table with the page line', async () => {
  const run = await cli(['list', '--from', '2024-05-01', '--to', TODAY, '--per-page', '10']);
  assert.equal(run.code, 0, run.stderr);
  const expected = fake.usersInWindow('2024-05-01', TODAY);
  const lines = run.stdout.split('\n');
  assert.match(lines[0] ?? '', /^User ID\s+External ID\s+Widget ID$/);
  for (const user of expected.slice(0, 10)) assert.ok(run.stdout.includes(user.user_id));
  assert.ok(!run.stdout.includes(expected[10]?.user_id ?? 'none'));
  assert.ok(
    run.stdout.includes(`Page 1 of ${Math.ceil(expected.length / 10)} · ${expected.length} users`),
  );
  // A line break inside an external id must not break the table.
  assert.ok(run.stdout.includes('first line\\r\\nsecond line'));
  assert.equal(run.stderr, '');
  assert.deepEqual(fake.requests[0]?.body, {
    start_date: TODAY,
    end_date: '2024-05-01',
    options: { items_per_page: 10, page: 1 },
  });
});

test('--json prints the users and pagination', async () => {
  const run = await cli([
    'list',
    '--from',
    '2024-01-01',
    '--to',
    TODAY,
    '--page',
    '2',
    '--per-page',
    '25',
    '--json',
    '--env',
    'sandbox',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const parsed = JSON.parse(run.stdout) as { users: unknown[]; pagination: unknown };
  const expected = fake.usersInWindow('2024-01-01', TODAY);
  assert.deepEqual(
    parsed.users,
    expected.slice(25, 50).map(({ created_day: _d, ...user }) => user),
  );
  assert.deepEqual(parsed.pagination, {
    page: 2,
    items_per_page: 25,
    total_items: expected.length,
    total_pages: Math.ceil(expected.length / 25),
  });
});

test('--external-id filters', async () => {
  const target = fake
    .usersInWindow('2024-01-01', TODAY)
    .find((u) => u.external_id?.startsWith('用户'));
  assert.ok(target?.external_id);
  const run = await cli([
    'list',
    '--from',
    '2024-01-01',
    '--to',
    TODAY,
    '--external-id',
    target.external_id,
    '--json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const parsed = JSON.parse(run.stdout) as { users: { user_id: string }[] };
  assert.deepEqual(
    parsed.users.map((u) => u.user_id),
    [target.user_id],
  );
});

test('a bad key → exit 1 and a plain message', async () => {
  const run = await cli(['list', '--from', '2024-01-01', '--to', TODAY], {
    PALENCA_API_KEY: 'sk_not_the_right_key_42',
  });
  assert.equal(run.code, 1);
  assertOneLine(run);
  assert.match(run.stderr, /did not accept this API key/);
  assert.ok(!run.stderr.includes('sk_not_the_right_key_42'));
  assert.equal(run.stdout, '');
});

test('bad dates → exit 2 and nothing reaches the server', async () => {
  const runs: Promise<{ args: string[]; run: CliRun }>[] = [];
  for (const args of [
    ['--from', '2023-02-30', '--to', TODAY],
    ['--from', '2024-07-01', '--to', TODAY],
    ['--from', '01/05/2024', '--to', TODAY],
    ['--to', TODAY],
  ]) {
    runs.push(cli(['list', ...args]).then((run) => ({ args, run })));
  }
  for (const { args, run } of await Promise.all(runs)) {
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assertOneLine(run);
    assert.match(run.stderr, /--from/);
  }
  assert.equal(fake.requests.length, 0);
});

test('bad options → exit 2', async () => {
  const runs: Promise<{ args: string[]; run: CliRun }>[] = [];
  for (const args of [
    ['list', '--from', '2024-01-01', '--to', TODAY, '--per-page', '500'],
    ['list', '--from', '2024-01-01', '--to', TODAY, '--page', 'two'],
    ['list', '--from', '2024-01-01', '--to', TODAY, '--env', 'staging'],
    ['list', '--from', '2024-01-01', '--to', TODAY, '--colour'],
    ['lst'],
  ]) {
    runs.push(cli(args).then((run) => ({ args, run })));
  }
  for (const { args, run } of await Promise.all(runs)) {
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assertOneLine(run);
  }
  assert.equal(fake.requests.length, 0);
});

test('no key → exit 1 with a clear message', async () => {
  // In-process with a keychain service of its own: the real "Palenca Users" item (a person's
  // key, or default-service.test.ts running in parallel) is never read.
  const c = { out: '', err: '' };
  const io: CliIO = {
    stdout: (text) => {
      c.out += text;
    },
    stderr: (text) => {
      c.err += text;
    },
    env: { PALENCA_API_URL: fake.baseUrl },
  };
  const list = createListCommand({ keyStore: createKeytarStore({ service: uniqueService() }) });
  const code = await list.run(['--from', '2024-01-01', '--to', TODAY], io);
  assert.equal(code, 1);
  assertOneLine({ code, stdout: c.out, stderr: c.err });
  // Whether or not a keychain is running here, the line must say how to provide a key.
  assert.match(c.err, /PALENCA_API_KEY/);
  assert.equal(fake.requests.length, 0);
});

test('--external-id given but blank → exit 2, nothing reaches the server', async () => {
  for (const value of ['', '   ', '\t']) {
    const run = await cli(['list', '--from', '2024-01-01', '--to', TODAY, '--external-id', value]);
    assert.equal(run.code, 2, JSON.stringify(value));
    assertOneLine(run);
    assert.match(run.stderr, /--external-id is empty/);
  }
  assert.equal(fake.requests.length, 0);
});

test('an insecure address is refused with exit 1', async () => {
  const run = await cli(['list', '--from', '2024-01-01', '--to', TODAY], {
    PALENCA_API_URL: 'http://palenca.example.invalid/v1',
  });
  assert.equal(run.code, 1);
  assertOneLine(run);
  assert.match(run.stderr, /secure connection/);
});

test('--help prints usage with the default environment', async () => {
  const run = await cli(['list', '--help']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /--from YYYY-MM-DD/);
  assert.match(run.stdout, /default production/);
  const top = await cli(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /list\s+print one page/);
});
