// Issue 15, item 11: an answer that contradicts itself or the request (more users than asked
// for) is "Palenca's answer was inconsistent" (`answer_inconsistent`): never the person's
// mistake (`--per-page`, exit 2) nor "users were being added or removed" (`export_changed`).
// Pages that disagree the same way pass after pass, while nothing moves, are inconsistent too.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { UsersPage } from '#common/models.ts';
import type { AppError, Result } from '#common/result.ts';
import { exportUsers } from '../../electron/backend/export/export-engine.ts';
import type { PalencaClient } from '../../electron/backend/palenca/client.ts';
import { inconsistencyOf } from '../../electron/backend/palenca/users-answer.ts';
import { createExportCommand } from '../../electron/cli/commands/export.ts';
import { createListCommand } from '../../electron/cli/commands/list.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { capturedIO } from '../support/captured-io.ts';
import { clientOn } from '../support/fake-client.ts';

const TODAY = '2025-06-30';
const FROM = '2024-01-01';
const FILTER = { from: FROM, to: TODAY };
const TUNING = { attempts: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 5000 };
const PAGE_RETRY = { attempts: 2, baseMs: 5, maxMs: 10 };

let fake: FakePalenca;
let dir = '';
before(async () => {
  fake = await startFakePalenca({ users: 1000, today: TODAY, days: 400, seed: 5 });
});
after(() => fake.close());
afterEach(async () => {
  fake.setOverFullPage(false);
  fake.setFault(null);
  fake.onRequest(null);
  fake.requests.length = 0;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

const freshDir = async () => {
  dir = await mkdtemp(join(tmpdir(), 'palenca-inconsistent-'));
  return dir;
};

const realClient = (): PalencaClient => clientOn(fake, { tuning: TUNING });

const errorOf = <T>(result: Result<T>): AppError => {
  assert.equal(result.ok, false, `the call failed: ${JSON.stringify(result)}`);
  return (result as { ok: false; error: AppError }).error;
};

const io = () => capturedIO(fake);

describe('one answer at odds with itself or the request', () => {
  const page = (users: number, items: number, total: number): UsersPage => ({
    users: Array.from({ length: users }, (_, i) => ({
      user_id: `u${i}`,
      external_id: null,
      widget_id: 'w',
    })),
    pagination: { page: 1, items_per_page: items, total_items: total, total_pages: 1 },
  });

  test('which answers are inconsistent, and which are not', () => {
    assert.match(inconsistencyOf(page(51, 50, 500), 50) ?? '', /51 users on a page of at most 50/);
    assert.match(inconsistencyOf(page(30, 20, 500), 50) ?? '', /items_per_page says 20/);
    assert.match(inconsistencyOf(page(3, 50, 2), 50) ?? '', /total_items says 2/);
    assert.match(inconsistencyOf(page(50, 51, 500), 50) ?? '', /items_per_page 51/);
    // A full page, a last page, an empty window, a smaller page than asked: all fine.
    assert.equal(inconsistencyOf(page(50, 50, 500), 50), null);
    assert.equal(inconsistencyOf(page(7, 50, 57), 50), null);
    assert.equal(inconsistencyOf(page(0, 50, 0), 50), null);
    assert.equal(inconsistencyOf(page(20, 20, 500), 50), null);
    // Fewer users than the total implies is judged across answers, by the exporter.
    assert.equal(inconsistencyOf(page(10, 50, 500), 50), null);
  });

  test('an over-full page: answer_inconsistent, not retried, no field blamed', async () => {
    fake.setOverFullPage(true);
    const error = errorOf(
      await realClient().searchUsers({ ...FILTER, page: 2, perPage: 50 }, { deadline: false }),
    );
    assert.equal(error.code, 'answer_inconsistent');
    assert.equal(error.field, undefined);
    assert.match(error.message, /answer was inconsistent/);
    assert.match(error.detail ?? '', /51 users on a page of at most 50/);
    assert.equal(fake.requests.length, 1, 'not tried again');
  });

  test('the CLI list: exit 1 naming Palenca, not --per-page', async () => {
    fake.setOverFullPage(true);
    const c = io();
    const code = await createListCommand().run(
      ['--from', FROM, '--to', TODAY, '--per-page', '10'],
      c,
    );
    assert.equal(code, 1, c.err);
    assert.equal(c.out, '', 'no table of a page that cannot be trusted');
    assert.match(c.err, /answer was inconsistent/);
    assert.doesNotMatch(c.err, /--per-page/);
  });

  test('the CLI export, over-full pages: exit 1 naming Palenca, not a change', async () => {
    fake.setOverFullPage(true);
    const out = join(await freshDir(), 'users.csv');
    const c = io();
    const code = await createExportCommand({
      stderrIsTTY: () => false,
      clientTuning: TUNING,
      pageRetry: PAGE_RETRY,
    }).run(['--from', FROM, '--to', TODAY, '--out', out], c);
    assert.equal(code, 1, c.err);
    assert.match(c.err, /answer was inconsistent/);
    assert.doesNotMatch(c.err, /added or removed|--per-page/);
    assert.deepEqual(await readdir(dir), []);
  });

  test('the CLI export, a page that says it holds more than asked: not --per-page', async () => {
    // The reported case: page 1 answers 151 users and items_per_page 151, so the exporter
    // numbered the next pages by 151 and then refused its own request for page 2 as bad input.
    const users = fake.usersInWindow(FROM, TODAY);
    const body = JSON.stringify({
      success: true,
      error: null,
      data: { users: users.slice(0, 151).map(({ created_day: _d, ...user }) => user) },
      pagination: {
        page: 1,
        items_per_page: 151,
        total_items: users.length,
        total_pages: Math.ceil(users.length / 151),
      },
    });
    fake.onRequest((request) => {
      const options = (request.body as { options?: { page?: number; items_per_page?: number } })
        ?.options;
      if (options?.page === 1 && options.items_per_page === 150) {
        fake.failNext({ kind: 'raw', status: 200, body });
      }
    });
    const out = join(await freshDir(), 'users.csv');
    const c = io();
    const code = await createExportCommand({
      stderrIsTTY: () => false,
      clientTuning: TUNING,
      pageRetry: PAGE_RETRY,
    }).run(['--from', FROM, '--to', TODAY, '--out', out], c);
    assert.equal(code, 1, c.err);
    assert.match(c.err, /answer was inconsistent/);
    assert.doesNotMatch(c.err, /--per-page|number of users per page/);
  });
});

describe('pages that disagree across answers', () => {
  /** The real client, with each answer passed through `alter` first. */
  const altered = (alter: (page: number, value: UsersPage) => void): PalencaClient => {
    const real = realClient();
    return {
      ...real,
      searchUsers: async (query, options) => {
        const result = await real.searchUsers(query, options);
        if (result.ok && query.perPage === 150) alter(query.page, result.value);
        return result;
      },
    };
  };

  const run = async (client: PalencaClient, restarts: string[]) => {
    const target = join(await freshDir(), 'users.csv');
    await writeFile(target, 'previous export\r\n');
    const result = await exportUsers({
      client,
      filter: FILTER,
      targetPath: target,
      csv: { delimiter: ',', bom: false },
      pageRetry: PAGE_RETRY,
      concurrency: 1,
      onRestart: (reason) => restarts.push(reason),
    });
    assert.equal(await readFile(target, 'utf8'), 'previous export\r\n', 'the file is untouched');
    assert.deepEqual(await readdir(dir), ['users.csv'], 'no temporary file left');
    return result;
  };

  test('a total that differs on page 2, the same way every pass: inconsistent after two', async () => {
    const restarts: string[] = [];
    const error = errorOf(
      await run(
        altered((page, value) => {
          if (page === 2) value.pagination.total_items += 1;
        }),
        restarts,
      ),
    );
    assert.equal(error.code, 'answer_inconsistent');
    assert.doesNotMatch(error.message, /added or removed/);
    assert.match(error.detail ?? '', /total_items went from \d+ to \d+ \(page 2\)/);
    assert.equal(restarts.length, 1, 'one pass to see it again, not every restart');
  });

  test('a page one user short of its total, every pass: inconsistent', async () => {
    const restarts: string[] = [];
    const error = errorOf(
      await run(
        altered((page, value) => {
          if (page === 3) value.users.pop();
        }),
        restarts,
      ),
    );
    assert.equal(error.code, 'answer_inconsistent');
    assert.match(error.detail ?? '', /page 3 had 149 users, expected 150/);
  });

  test('the same user twice within one page: inconsistent at once, no pass repeated', async () => {
    const restarts: string[] = [];
    const error = errorOf(
      await run(
        altered((page, value) => {
          if (page === 2 && value.users[0]) value.users[1] = value.users[0];
        }),
        restarts,
      ),
    );
    assert.equal(error.code, 'answer_inconsistent');
    assert.match(error.detail ?? '', /twice on page 2/);
    assert.deepEqual(restarts, []);
  });

  test('a list that really moves between passes is still export_changed', async () => {
    let count = 0;
    fake.onRequest(() => {
      if (++count % 4 === 0) fake.insertUsers(1);
    });
    const restarts: string[] = [];
    const error = errorOf(await run(realClient(), restarts));
    assert.equal(error.code, 'export_changed');
    assert.match(error.message, /added or removed/);
  });
});
