// What `export` says before it starts: since the last export, the new users first (one user
// left out "is", several "are"); a --to after today, that the window ends today.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { filingDaysNow } from '../../electron/backend/export/connected-on.ts';
import {
  createLastExportStore,
  LAST_EXPORT_FOLDER,
} from '../../electron/backend/export/last-export-store.ts';
import { createExportCommand } from '../../electron/cli/commands/export.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { capturedIO } from '../support/captured-io.ts';

const FAKE_TODAY = '2025-06-30';
/** The machine's day in these tests: a few days after the fake's newest users. */
const TODAY = '2025-07-03';

/** Local noon of `day`: its local calendar day is `day` wherever the tests run. */
const noonOf = (day: string): Date => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 12);
};

describe('palenca-users-cli export: the words before it starts', () => {
  let fake: FakePalenca;
  let dir: string;
  before(async () => {
    fake = await startFakePalenca({ users: 500, today: FAKE_TODAY, days: 60, seed: 8 });
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-words-'));
  });
  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => fake.resetBetweenTests());

  const run = async (args: string[]) => {
    const c = capturedIO(fake);
    const command = createExportCommand({ stderrIsTTY: () => false, now: () => noonOf(TODAY) });
    const code = await command.run(args, c);
    return { code, out: c.out, err: c.err };
  };

  it('since the last export: the new users lead, and one user left out "is" left out', async () => {
    const stateDir = join(dir, 'state');
    const ofDay = fake.usersInWindow(FAKE_TODAY, FAKE_TODAY);
    assert.ok(ofDay.length >= 2, 'the last day has users');
    const [saved] = ofDay;
    assert.ok(saved);
    // The last export saved only one of that day's users (it ran early in the day).
    await createLastExportStore(join(stateDir, LAST_EXPORT_FOLDER), { warn: () => {} }).write({
      environment: 'production',
      day: FAKE_TODAY,
      finishedAt: `${FAKE_TODAY}T08:00:00.000Z`,
      userIds: [saved.user_id],
    });
    // The window ends on the earliest day Palenca may still be filing under: TODAY, unless this
    // machine's zone is more than 12 hours from UTC.
    const { earliest } = filingDaysNow(noonOf(TODAY));
    const inWindow = fake.countInWindow(FAKE_TODAY, earliest);
    const out = join(dir, 'new.csv');
    const r = await run(['--since-last', '--out', out, '--state-dir', stateDir]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      new RegExp(
        `^${inWindow - 1} new users from ${FAKE_TODAY} to ${earliest} \\(the 1 user of ${FAKE_TODAY} already exported is left out\\), up to \\d+ requests? to Palenca: `,
      ),
    );
    const rows = parse(await readFile(out), { record_delimiter: '\r\n' }) as string[][];
    assert.equal(rows.length - 1, inWindow - 1, 'the line said how many were saved');
  });

  it('a --to after today: one line says the export ends today, then the cost', async () => {
    const out = join(dir, 'future.csv');
    const r = await run(['--from', '2025-06-01', '--to', '2025-07-20', '--out', out]);
    assert.equal(r.code, 0, r.err);
    const { latest } = filingDaysNow(noonOf(TODAY));
    const users = fake.countInWindow('2025-06-01', latest);
    assert.match(
      r.err,
      new RegExp(
        `^The option --to 2025-07-20 is after today: exporting up to ${latest}, as nobody has connected later yet\\.\\n${users} users, up to`,
      ),
    );
    // A --to of today or earlier is exported as asked, without that line.
    const asked = await run(['--from', '2025-06-01', '--to', TODAY, '--out', out]);
    assert.equal(asked.code, 0, asked.err);
    assert.doesNotMatch(asked.err, /after today/);
  });
});
