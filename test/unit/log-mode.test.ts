// Issue 15, item 3: the log names files and what went wrong; it is the owner's only (600 on
// POSIX), when it is new and when an older version left it world-readable.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../electron/backend/log.ts';

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('the log file’s mode', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
  let dir: string;
  let umask: number;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-log-mode-'));
    // The usual umask, under which the old code made a world-readable log (644).
    umask = process.umask(0o022);
  });
  after(async () => {
    process.umask(umask);
    await rm(dir, { recursive: true, force: true });
  });

  it('a new log is created 600', async () => {
    const log = createLogger(join(dir, 'new'));
    log.info('first line');
    assert.equal(await mode(log.file ?? ''), 0o600);
  });

  it('an existing 644 log, and the previous one, become 600 at start', async () => {
    const folder = join(dir, 'old');
    createLogger(folder).info('made by an older version');
    const file = join(folder, 'palenca-users.log');
    const previous = join(folder, 'palenca-users.previous.log');
    await writeFile(previous, 'older lines\n');
    await chmod(file, 0o644);
    await chmod(previous, 0o644);
    createLogger(folder).info('started again');
    assert.equal(await mode(file), 0o600);
    assert.equal(await mode(previous), 0o600);
  });
});
