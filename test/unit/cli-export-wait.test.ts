// When another integration has used up Palenca's minute, the commands that count before they
// say the cost (export, connections) wait already for that count: the person must hear why
// nothing happens, before the cost line, not after a silent minute.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { createConnectionsCommand } from '../../electron/cli/commands/connections.ts';
import { createExportCommand } from '../../electron/cli/commands/export.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { capturedIO } from '../support/captured-io.ts';

const TODAY = '2025-06-30';
const FROM = '2025-06-01';
const WAITING = /^Palenca asked to slow down: waiting for its allowance until \d\d:\d\d:\d\d\.\n/;
const tuning = { attempts: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 5000 };

describe('commands that count first say they wait for the allowance before the count', () => {
  let fake: FakePalenca;
  let dir: string;
  before(async () => {
    // A one-second window: the wait for its end is short, whenever the test runs.
    fake = await startFakePalenca({
      users: 400,
      today: TODAY,
      days: 60,
      allowance: { limit: 10_000, windowMs: 1000 },
    });
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-wait-'));
  });
  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => fake.resetBetweenTests());

  it('export: the wait is said first, then the cost, and the export completes', async () => {
    // The very first request, the count, is refused for the allowance.
    fake.failNext({ kind: 'rate_limited' });
    const out = join(dir, 'users.csv');
    const c = capturedIO(fake);
    const command = createExportCommand({ stderrIsTTY: () => false, clientTuning: tuning });
    const code = await command.run(['--from', FROM, '--to', TODAY, '--out', out], c);
    assert.equal(code, 0, c.err);
    assert.match(c.err, new RegExp(`${WAITING.source}[\\d,]+ users, up to \\d+ requests`));
    assert.equal(c.out, `Exported ${fake.countInWindow(FROM, TODAY)} users to ${out}\n`);
    assert.deepEqual(await readdir(dir), ['users.csv']);
  });

  it('export: the wait is said even when the count then fails', async () => {
    fake.failNext({ kind: 'rate_limited' });
    const c = capturedIO(fake);
    const command = createExportCommand({ stderrIsTTY: () => false, clientTuning: tuning });
    // An unavailable Palenca after the wait: the count fails, the command ends.
    fake.failNext({ kind: 'unavailable' }, 10);
    const code = await command.run(
      ['--from', FROM, '--to', TODAY, '--out', join(dir, 'none.csv')],
      c,
    );
    assert.equal(code, 1);
    assert.match(
      c.err,
      new RegExp(`${WAITING.source}[^\\n]*Palenca is not available[^\\n]*Nothing was saved\\.\\n$`),
    );
  });

  it('connections: the wait is said before the cost and the tables', async () => {
    fake.failNext({ kind: 'rate_limited' });
    const c = capturedIO(fake);
    const command = createConnectionsCommand({ stderrIsTTY: () => false, clientTuning: tuning });
    const code = await command.run(['--from', FROM, '--to', TODAY], c);
    assert.equal(code, 0, c.err);
    const attempts = fake.loginsInWindow(FROM, TODAY).length;
    assert.ok(attempts > 100, 'more than a page: the cost is said');
    assert.match(c.err, new RegExp(`${WAITING.source}${attempts} attempts: reading them takes`));
    assert.match(c.out, /^Connection attempts from /);
  });
});
