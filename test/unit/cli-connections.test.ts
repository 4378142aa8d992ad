// `palenca-users-cli connections`, spawned from source as a person would run it, against the
// fake server: the tables and the JSON say what the fake's attempts say, in ceil(n / 100)
// requests with the cost said first; bad input exits 2 before any request; Ctrl+C exits 130.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { GroupCounts } from '#common/models.ts';
import {
  ConnectionsTally,
  type TallyTotals,
} from '../../electron/backend/connections/connections-tally.ts';
import { safeJson } from '../../electron/cli/commands/connections.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { expectedCounts } from '../support/expected-counts.ts';
import { type CliRun, runCli, spawnCli, waitWhileRunning } from './cli-child.ts';

const TODAY = '2025-06-30';
const FROM = '2025-06-01';
const LOGINS_PATH = '/v1/logins/search';
let fake: FakePalenca;

/** `connections` with `args`, asking the fake. */
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> =>
  runCli(['connections', ...args], fake, env);

const loginsAsked = () => fake.requests.filter((r) => r.path === LOGINS_PATH).length;

before(async () => {
  fake = await startFakePalenca({ today: TODAY, users: 400, days: 60 });
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

describe('palenca-users-cli connections', () => {
  it('prints a table per platform, the totals and the top reasons, after saying the cost', async () => {
    const logins = fake.loginsInWindow(FROM, TODAY);
    const pages = Math.ceil(logins.length / 100);
    assert.ok(pages > 2);
    const run = await cli(['--from', FROM, '--to', TODAY, '--env', 'sandbox']);
    assert.equal(run.code, 0, run.stderr);
    const cost = `${logins.length} attempts: reading them takes ${pages} requests, less than a minute at 50% of your allowance.\n`;
    assert.equal(run.stderr.slice(0, cost.length), cost);
    // Not a terminal: a line now and then as pages are read, never the last.
    const progress = run.stderr.slice(cost.length).split('\n').slice(0, -1);
    assert.ok(progress.length >= 1 && progress.length <= 10, run.stderr);
    for (const line of progress)
      assert.match(line, new RegExp(`^Read [1-9]\\d* of ${pages} pages\\.$`));
    assert.equal(loginsAsked(), pages, 'ceil(attempts / 100) requests');
    const { groups: all, platforms } = expectedCounts(logins);
    const lines = run.stdout.split('\n');
    const followUps = logins.length - all.connected;
    assert.equal(
      lines[0],
      `Connection attempts from ${FROM} to ${TODAY}: ${logins.length}, ${followUps} of them need follow-up.`,
    );
    assert.match(
      lines[2] ?? '',
      /^Platform\s+Connected\s+Needs action\s+Waiting\s+Failed\s+Unknown\s+Total$/,
    );
    const row = (name: string, g: GroupCounts) =>
      new RegExp(
        `^${name}\\s+${[g.connected, g.action, g.waiting, g.failed, g.unknown].join('\\s+')}\\s+${Object.values(g).reduce((a, b) => a + b, 0)}$`,
        'm',
      );
    for (const [platform, counts] of platforms) {
      assert.match(run.stdout, row(platform || '\\(none\\)', counts));
    }
    assert.match(run.stdout, row('All', all));
    assert.match(run.stdout, /Commonest reasons attempts did not connect:/);
    assert.match(
      run.stdout,
      /^invalid_credentials\s+\d+\s+Needs action\s+The platform did not accept the person's login details\.$/m,
    );
    // What to do, on the line under each reason.
    assert.match(
      run.stdout,
      /^invalid_credentials\s+.*\n\s+To do: Ask the person to connect again with the right username and password\.$/m,
    );
    // Reasons as the app's tally counts them (for those past the ten listed, below).
    let totals: TallyTotals | undefined;
    const tally = new ConnectionsTally({ onTotals: (t) => (totals = t) });
    tally.addPage(logins.map((l) => ({ ...l, status_details: l.status_details ?? null })));
    const { reasons, followUps: all2 } = tally.summary();
    // An unknown status: our words for "unknown" (an unknown detail of a known status takes
    // its status's words: see connections-tally.test.ts).
    assert.ok(reasons.some((r) => r.code === 'queued_for_review' && r.reason === 'unknown'));
    assert.match(
      run.stdout,
      /^queued_for_review\s+\d+\s+\S.*Palenca reported a state this app does not know yet\.$/m,
    );
    assert.ok(totals && totals.reasonCodes > 10, `${totals?.reasonCodes} reasons`);
    const listed = reasons.reduce((sum, r) => sum + r.count, 0);
    assert.match(
      run.stdout,
      new RegExp(
        `^and ${totals.reasonCodes - 10} more reasons? \\(${all2 - listed} attempts?\\)$`,
        'm',
      ),
    );
  });

  it('--json prints the summary, with no load id', async () => {
    const logins = fake.loginsInWindow(FROM, TODAY);
    const run = await cli(['--from', FROM, '--to', TODAY, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as Record<string, unknown> & {
      groups: GroupCounts;
      platforms: { platform: string; total: number; groups: GroupCounts }[];
      reasons: { code: string; count: number }[];
    };
    const { groups: all, platforms } = expectedCounts(logins);
    assert.equal(summary.attempts, logins.length);
    assert.deepEqual(summary.groups, all);
    assert.deepEqual(new Map(summary.platforms.map((p) => [p.platform, p.groups])), platforms);
    assert.equal(summary.followUps, logins.length - all.connected);
    assert.equal(summary.from, FROM);
    assert.equal(summary.to, TODAY);
    assert.ok(!('loadId' in summary));
    assert.ok(summary.reasons.length === 10);
    assert.ok(typeof summary.readAt === 'string');
  });

  it('--platform counts and lists only that platform, reading every page', async () => {
    const logins = fake.loginsInWindow(FROM, TODAY);
    const platform = logins[0]?.platform;
    assert.ok(platform);
    const mine = logins.filter((l) => l.platform === platform);
    const run = await cli(['--from', FROM, '--to', TODAY, '--platform', platform, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as {
      platform: string;
      attempts: number;
      groups: GroupCounts;
      platforms: { platform: string }[];
    };
    assert.equal(summary.platform, platform);
    assert.equal(summary.attempts, mine.length);
    assert.deepEqual(summary.groups, expectedCounts(mine).groups);
    assert.deepEqual(
      summary.platforms.map((p) => p.platform),
      [platform],
    );
    assert.equal(loginsAsked(), Math.ceil(logins.length / 100));

    // Any case, spaces around: the same platform.
    const loose = await cli([
      '--from',
      FROM,
      '--to',
      TODAY,
      '--platform',
      ` ${platform.toUpperCase()} `,
      '--json',
    ]);
    assert.equal(loose.code, 0, loose.stderr);
    assert.equal((JSON.parse(loose.stdout) as { attempts: number }).attempts, mine.length);
    // None there: which platforms the window has.
    const none = await cli(['--from', FROM, '--to', TODAY, '--platform', 'nowhere']);
    assert.equal(none.code, 0, none.stderr);
    const present = [...new Set(logins.map((l) => l.platform ?? '(none)'))];
    const said = /Its attempts are on: (.*)\.$/m.exec(none.stdout)?.[1]?.split(', ');
    assert.deepEqual(said?.sort(), present.sort(), none.stdout);

    const table = await cli(['--from', FROM, '--to', TODAY, '--platform', platform]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(
      table.stdout,
      new RegExp(`^Connection attempts from ${FROM} to ${TODAY} on ${platform}: ${mine.length},`),
    );
  });

  it('a window of one page says no cost and prints zeroes plainly', async () => {
    const run = await cli(['--from', '2020-01-01', '--to', '2020-01-31']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(
      run.stdout,
      'Connection attempts from 2020-01-01 to 2020-01-31: 0, 0 of them need follow-up.\n',
    );
    assert.equal(loginsAsked(), 1);
  });

  it('bad dates and bad options → exit 2, one line, and nothing reaches the server', async () => {
    const cases: [string[], RegExp][] = [
      [['--from', '2025-02-30', '--to', TODAY], /From date is not a real calendar day.*\(--from\)/],
      [['--from', TODAY, '--to', FROM], /on or before the To date/],
      [['--from', '01/06/2025', '--to', TODAY], /\(--from\)/],
      [['--to', TODAY], /--from YYYY-MM-DD is required/],
      [['--from', FROM, '--to', TODAY, '--platform', '  '], /--platform is empty/],
      [['--from', FROM, '--to', TODAY, '--share', '10'], /--share must be/],
      [['--from', FROM, '--to', TODAY, '--env', 'staging'], /--env must be/],
      [['--from', FROM, '--to', TODAY, '--nope'], /Unknown option --nope/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, run] of runs.entries()) {
      const [args, message] = cases[i] as [string[], RegExp];
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
    assert.equal(fake.requests.length, 0);
  });

  it('a bad key → exit 1 and a plain line', async () => {
    const run = await cli(['--from', FROM, '--to', TODAY], {
      PALENCA_API_KEY: 'sk_wrong_key_1234',
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^palenca-users-cli: .*API key/);
    assert.ok(!run.stderr.includes('sk_wrong_key_1234'));
    assert.equal(run.stdout, '');
  });

  it('--help says what it does and its exit codes', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--platform CODE/);
    assert.match(run.stdout, /130, 143 and 129/);
  });

  describe('Ctrl+C', () => {
    afterEach(() => {
      fake.onRequest(null);
      fake.setLatency(0);
    });
    it('mid-read stops it with exit 130 and prints no summary', async () => {
      let asked = 0;
      fake.onRequest((request) => {
        // Page 1 and one more answer; from then on Palenca never answers.
        if (request.path === LOGINS_PATH && ++asked === 2) fake.setLatency(600_000);
      });
      const child = spawnCli(['connections', '--from', FROM, '--to', TODAY], {
        PALENCA_API_KEY: fake.apiKey,
        PALENCA_API_URL: fake.baseUrl,
      });
      await waitWhileRunning(child, () => child.stderr().includes('requests'), 'the cost line');
      await waitWhileRunning(child, () => asked >= 3, 'a page that hangs');
      child.child.kill('SIGINT');
      const end = await child.exited;
      assert.deepEqual(end, { code: 130, signal: null }, child.stderr());
      assert.match(child.stderr(), /cancelled/);
      assert.equal(child.stdout(), '');
    });
  });
});

describe('safeJson', () => {
  it('escapes invisible characters and line separators, and parses back the same', () => {
    const value = { code: 'a\u202eb\u200bc\u2028d\u{e0041}e', plain: 'ñ 中 😀' };
    const text = safeJson(value);
    assert.doesNotMatch(text, /[\p{Cf}\u2028\u2029]/u);
    assert.match(text, /a\\u202eb\\u200bc\\u2028d\\udb40\\udc41e/);
    assert.ok(text.includes('ñ 中 😀'));
    assert.deepEqual(JSON.parse(text), value);
  });
});
