// Values through the CLI, spawned from source against the fake server: an external ID is sent
// exactly as given (spaces and tabs at the ends count), page numbers and page sizes have
// bounds with plain messages, and the years 0001–0099 are real years.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';

const TODAY = '2024-06-30';
const FROM = '2024-01-01';
const LEAD_SPACE = ' lead space';
const LEAD_TAB = '\tlead tab';
let fake: FakePalenca;
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PALENCA_API_URL: fake.baseUrl,
    PALENCA_API_KEY: fake.apiKey,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'electron/cli/palenca-users.ts', ...args],
      { env: env as NodeJS.ProcessEnv, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

before(async () => {
  fake = await startFakePalenca({ today: TODAY, users: 300 });
  // Users whose external IDs really start with a space or a tab, and ones that are the same
  // text without it: trimming would find the wrong users, or none.
  fake.insertUsers(1, '2024-06-10', LEAD_SPACE);
  fake.insertUsers(1, '2024-06-11', LEAD_TAB);
  fake.insertUsers(2, '2024-06-12', 'lead space');
  dir = await mkdtemp(join(tmpdir(), 'palenca-cli-values-'));
});
after(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.requests.length = 0;
});

const searchBodies = () =>
  fake.requests
    .filter((r) => r.path === '/v1/users/search')
    .map((r) => r.body as { external_id?: string; options?: { page?: number } });

test("export --external-id ' lead space' exports exactly that user", async () => {
  const [target] = fake.usersInWindow(FROM, TODAY, LEAD_SPACE);
  assert.ok(target, 'the fake holds the user');
  const out = join(dir, 'lead-space.csv');
  const run = await cli([
    'export',
    '--from',
    FROM,
    '--to',
    TODAY,
    '--out',
    out,
    '--external-id',
    LEAD_SPACE,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Exported 1 user/);
  const rows = parse(await readFile(out), { record_delimiter: '\r\n' }) as string[][];
  assert.deepEqual(rows, [
    ['user_id', 'external_id', 'widget_id'],
    [target.user_id, LEAD_SPACE, target.widget_id],
  ]);
  const bodies = searchBodies();
  assert.ok(bodies.length >= 1);
  assert.ok(
    bodies.every((body) => body.external_id === LEAD_SPACE),
    JSON.stringify(bodies),
  );
});

test("list --external-id '\\tlead tab' finds the user whose ID starts with a TAB", async () => {
  const [target] = fake.usersInWindow(FROM, TODAY, LEAD_TAB);
  assert.ok(target);
  const run = await cli([
    'list',
    '--from',
    FROM,
    '--to',
    TODAY,
    '--external-id',
    LEAD_TAB,
    '--json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const parsed = JSON.parse(run.stdout) as { users: { user_id: string; external_id: string }[] };
  assert.deepEqual(parsed.users, [
    { user_id: target.user_id, external_id: LEAD_TAB, widget_id: target.widget_id },
  ]);
  assert.equal(searchBodies()[0]?.external_id, LEAD_TAB);
});

test('an external ID of only spaces is refused, not sent: a quoting slip in a script', async () => {
  const run = await cli(['list', '--from', FROM, '--to', TODAY, '--external-id', '  ']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--external-id is empty or only spaces/);
  assert.equal(fake.requests.length, 0);
});

test('--page 1 to 100000 and --per-page 1 to 150, with plain messages; nothing sent otherwise', async () => {
  const refused: Array<[string[], RegExp]> = [
    [['--page', '100001'], /page number must be a whole number from 1 to 100,000\. \(--page\)/],
    [['--page', '9007199254740993'], /from 1 to 100,000\. \(--page\)/],
    [['--page', '99999999999999999999999'], /from 1 to 100,000\. \(--page\)/],
    [['--page', '0'], /\(--page\)/],
    [['--page', '1.5'], /\(--page\)/],
    [['--per-page', '151'], /from 1 to 150\. \(--per-page\)/],
    [['--per-page', '0'], /from 1 to 150\. \(--per-page\)/],
  ];
  for (const [flags, message] of refused) {
    const run = await cli(['list', '--from', FROM, '--to', TODAY, ...flags]);
    assert.equal(run.code, 2, flags.join(' '));
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trim().split('\n').length, 1, 'one plain line');
  }
  assert.equal(fake.requests.length, 0, 'nothing was asked of Palenca');

  const last = await cli(['list', '--from', FROM, '--to', TODAY, '--page', '100000', '--json']);
  assert.equal(last.code, 0, last.stderr);
  assert.equal((JSON.parse(last.stdout) as { users: unknown[] }).users.length, 0);
  assert.equal(searchBodies().at(-1)?.options?.page, 100_000);
});

test('the years 0001–0099 are real years: asked for, and answered with no users', async () => {
  const run = await cli(['list', '--from', '0001-01-01', '--to', '0099-12-31', '--json']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as { users: unknown[] }).users.length, 0);
  const leap = await cli(['list', '--from', '0050-02-29', '--to', '0099-12-31']);
  assert.equal(leap.code, 2);
  assert.match(leap.stderr, /not a real calendar day.*\(--from\)/);
});
