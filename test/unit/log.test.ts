import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
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
