import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLogger } from '../../electron/backend/log.ts';

test('a registered secret never reaches the log file, whatever carries it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palenca-log-'));
  const log = createLogger(dir);
  const key = 'sk_live_9f8e7d6c5b4a';
  log.addSecret(key);
  log.info(`saving ${key}`);
  log.warn('request failed', { headers: { 'x-api-key': key } });
  log.error('thrown', new Error(`server echoed ${key}`));
  const text = await readFile(log.file ?? '', 'utf8');
  assert.equal(text.includes(key), false);
  assert.equal(text.split('\n').filter(Boolean).length, 3);
  assert.match(text, /saving \[redacted\]/);
});

test('a log past its size limit is moved aside at start, keeping one previous file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palenca-log-'));
  await writeFile(join(dir, 'palenca-users.log'), 'x'.repeat(2000));
  const log = createLogger(dir, false, 1000);
  log.info('fresh start');
  assert.deepEqual((await readdir(dir)).sort(), [
    'palenca-users.log',
    'palenca-users.previous.log',
  ]);
  assert.match(await readFile(join(dir, 'palenca-users.log'), 'utf8'), /^\S+ INFO fresh start\n$/);
  createLogger(dir, false, 1000).info('small logs are left alone');
  assert.equal((await readFile(join(dir, 'palenca-users.previous.log'), 'utf8')).length, 2000);
});
