// A keychain that never answers must not take the process's threadpool with it: one keytar
// call at a time, and while it is stuck every other call answers at once. Runs the real
// store against a session bus that accepts the connection and never answers, in a child
// process (support/pool-probe.ts), because stuck calls would keep this one from ending.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { uniqueService } from './support/keyring.ts';
import { probeOutput, runTsChild } from './support/run-child.ts';

const probe = fileURLToPath(new URL('./support/pool-probe.ts', import.meta.url));
const skip = process.platform === 'linux' ? false : 'Linux only (Secret Service over D-Bus)';

interface Timed {
  code: string;
  ms: number;
}
interface ProbeOutput {
  save: Timed & { message: string };
  both: { codes: string[]; ms: number };
  first: Timed;
  second: Timed;
  pendingWhileStuck: number;
  read: string;
  readMs: number;
  pendingAfterRelease: number;
  afterRelease: Timed;
  late: unknown[];
}

async function runProbe(socketPath: string): Promise<ProbeOutput> {
  return probeOutput<ProbeOutput>(await runTsChild(probe, [socketPath, uniqueService()]));
}

describe('a keychain that never answers', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'palenca-pool-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('leaves the threadpool free: one stuck call at most, the rest answer at once', async () => {
    const out = await runProbe(join(dir, 'bus'));

    // The save waits out its limit (400 ms in the probe) and does not claim "not saved".
    assert.equal(out.save.code, 'keychain_timeout');
    assert.ok(out.save.ms >= 350 && out.save.ms < 2000, `save answered after ${out.save.ms} ms`);
    assert.match(out.save.message, /may not have been saved/);
    assert.match(out.save.message, /check the key's status/);

    // Everything after it answers at once while the save is stuck, instead of taking a thread.
    assert.deepEqual(out.both.codes, ['keychain_timeout', 'keychain_timeout']);
    assert.ok(out.both.ms < 200, `two gets took ${out.both.ms} ms`);
    for (const status of [out.first, out.second]) {
      assert.equal(status.code, 'keychain_timeout');
      assert.ok(status.ms < 200, `a status read took ${status.ms} ms`);
    }
    assert.equal(out.pendingWhileStuck, 1, 'one keytar call in flight, not one per request');

    // The reviewer's check: a file read still completes promptly.
    assert.equal(out.read, 'read', 'readFile waited behind stuck keychain calls');
    assert.ok(out.readMs < 1000, `readFile took ${out.readMs} ms`);

    // When the stuck call returns, the keychain is asked again (no more instant timeouts),
    // and the save's late outcome is reported.
    assert.equal(out.pendingAfterRelease, 0);
    assert.equal(out.afterRelease.code, 'keychain_unavailable');
    assert.deepEqual(out.late, [{ operation: 'set', environment: 'sandbox', succeeded: false }]);
  });
});
