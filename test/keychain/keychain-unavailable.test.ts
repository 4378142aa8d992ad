// A keychain that cannot be reached, or never answers, ends in a clear error within 5 s.
// Each case runs the real store in a child process with a broken D-Bus address.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../electron/shared/result.ts';
import { uniqueService } from './support/keyring.ts';

const probe = fileURLToPath(new URL('./support/keychain-probe.ts', import.meta.url));
const LIMIT_MS = 5500;

interface ProbeOutput {
  result: Result<unknown>;
  elapsedMs: number;
}

/** Runs the probe with `busAddress` as the session bus; resolves with its output and wall time. */
function runProbe(busAddress: string, op: string): Promise<ProbeOutput & { wallMs: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', probe, uniqueService(), op, 'sandbox'],
      {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress, DISPLAY: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    // Bounded even if the store itself failed to answer.
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', () => {
      clearTimeout(killer);
      try {
        resolve({ ...(JSON.parse(out) as ProbeOutput), wallMs: Date.now() - started });
      } catch {
        reject(new Error(`probe printed no result. stdout: ${out} stderr: ${err}`));
      }
    });
  });
}

const ENTRY = fileURLToPath(new URL('../../electron/cli/palenca-users.ts', import.meta.url));

/** Runs the CLI with `busAddress` as the session bus and no PALENCA_API_KEY. */
function runCli(
  busAddress: string,
  args: string[],
): Promise<{ stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: busAddress,
      DISPLAY: '',
    };
    delete env.PALENCA_API_KEY;
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ stderr, code });
    });
  });
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

    test('ends in keychain_timeout within 5 s, not a hang', async () => {
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
      const { result, elapsedMs } = await runProbe(`unix:path=${socketPath}`, 'get');
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, 'keychain_timeout');
      assert.match(result.error.message, /did not answer/);
      assert.ok(elapsedMs < LIMIT_MS, `took ${elapsedMs} ms`);
      assert.ok(elapsedMs >= 3500, `answered after ${elapsedMs} ms: the limit is 4 s`);
    });

    test('the CLI says so and ends, instead of waiting for the stuck call', async () => {
      const started = Date.now();
      const { stderr, code } = await runCli(`unix:path=${socketPath}`, ['key', 'status']);
      const wallMs = Date.now() - started;
      assert.match(stderr, /keychain did not answer/);
      assert.notEqual(code, 0);
      // tsx start-up plus the 4 s limit; without the hard exit it would never end.
      assert.ok(wallMs < 8000, `took ${wallMs} ms`);
    });
  });
});
