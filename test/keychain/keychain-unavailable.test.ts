// A keychain that cannot be reached, or never answers, ends in a clear error: at its 4 s limit,
// not a hang. Each case runs the real store in a child process with a broken D-Bus address.
// The upper bounds leave room for a loaded machine (start-up under tsx can take seconds
// there); a hang still fails them, and a child that hangs is killed at CHILD_LIMIT_MS.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Result } from '#common/result.ts';
import { uniqueService } from './support/keyring.ts';
import { type ChildRun, probeOutput, runTsChild } from './support/run-child.ts';

const probe = fileURLToPath(new URL('./support/keychain-probe.ts', import.meta.url));
/** The keychain call's own limit is 4 s; a call that ends within this did not hang. */
const LIMIT_MS = 15_000;
/** How long a child may run before it counts as hung and is killed. */
const CHILD_LIMIT_MS = 60_000;

interface ProbeOutput {
  result: Result<unknown>;
  elapsedMs: number;
}

/** Runs the probe with `busAddress` as the session bus; resolves with its output and wall time. */
async function runProbe(busAddress: string, op: string): Promise<ProbeOutput & { wallMs: number }> {
  const run = await runTsChild(probe, [uniqueService(), op, 'sandbox'], {
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress, DISPLAY: '' },
    limitMs: CHILD_LIMIT_MS,
  });
  return { ...probeOutput<ProbeOutput>(run), wallMs: run.wallMs };
}

const ENTRY = fileURLToPath(new URL('../../electron/cli/palenca-users.ts', import.meta.url));

/** Runs the CLI with `busAddress` as the session bus and no PALENCA_API_KEY. */
function runCli(busAddress: string, args: string[], stdin = ''): Promise<ChildRun> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: busAddress,
    DISPLAY: '',
  };
  delete env.PALENCA_API_KEY;
  return runTsChild(ENTRY, args, { env, stdin, limitMs: CHILD_LIMIT_MS });
}

// Breaking the keychain through D-Bus only works where the keychain is on D-Bus.
const skip = process.platform === 'linux' ? false : 'Linux only (Secret Service over D-Bus)';

describe('keychain that cannot be used', { skip }, () => {
  test('no Secret Service on the bus: keychain_unavailable with what to do, fast', async () => {
    for (const op of ['get', 'set', 'delete']) {
      const { result, elapsedMs } = await runProbe('unix:path=/nonexistent/bus', op);
      assert.equal(result.ok, false, `${op} should fail`);
      if (result.ok) return;
      assert.ok(
        ['keychain_unavailable', 'keychain_timeout'].includes(result.error.code),
        `${op}: ${result.error.code}`,
      );
      assert.ok(elapsedMs < LIMIT_MS, `${op} took ${elapsedMs} ms`);
      assert.match(result.error.message, /GNOME Keyring or KWallet/);
      assert.doesNotMatch(JSON.stringify(result), /probe-key-value-1234/);
    }
  });

  describe('a bus that accepts the connection and never answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'palenca-silent-bus-'));
    const socketPath = join(dir, 'bus');
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    after(() => {
      for (const socket of sockets) socket.destroy();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('ends in keychain_timeout at its 4 s limit, not a hang', async () => {
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
      const { result, elapsedMs } = await runProbe(`unix:path=${socketPath}`, 'get');
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, 'keychain_timeout');
      assert.match(result.error.message, /did not answer/);
      assert.ok(elapsedMs < LIMIT_MS, `took ${elapsedMs} ms`);
      assert.ok(elapsedMs >= 3500, `answered after ${elapsedMs} ms: the limit is 4 s`);
    });

    test('the CLI says so and ends with exit code 1, instead of waiting for the stuck call', async () => {
      const runs = await Promise.all([
        runCli(`unix:path=${socketPath}`, ['key', 'status']),
        runCli(`unix:path=${socketPath}`, ['list', '--from', '2024-01-01', '--to', '2024-01-31']),
      ]);
      for (const { stderr, code, signal, wallMs } of runs) {
        assert.match(stderr, /keychain did not answer/);
        assert.equal(stderr.trim().split('\n').length, 1, stderr);
        // Its own exit code, not a signal (143 after SIGTERM, SIGKILL when killed as hung).
        assert.equal(signal, null);
        assert.equal(code, 1);
        // tsx start-up (twice: the keychain call runs in a child) plus the 4 s limit, with
        // room for a loaded machine; a CLI stuck on the call would be killed as hung instead.
        assert.ok(wallMs < CHILD_LIMIT_MS - 10_000, `took ${wallMs} ms`);
      }
    });

    test('a save the keychain does not answer is not reported as "not saved"', async () => {
      const { stderr, code } = await runCli(
        `unix:path=${socketPath}`,
        ['key', 'set', '--env', 'sandbox', '--no-check'],
        'sk_live_stuck_save_Zq81Lm44\n',
      );
      assert.equal(code, 1);
      assert.match(stderr, /may not have been saved/);
      assert.match(stderr, /check the key's status/);
      assert.doesNotMatch(stderr, /was not saved/);
      assert.doesNotMatch(stderr, /Zq81Lm44/);
    });
  });
});
