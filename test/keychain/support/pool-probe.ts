// The reviewer's scenario in a process of its own: a session bus that accepts the connection
// and never answers, a save, two gets at once and the key statuses asked for twice (as the
// screens do, "try again" once),
// then a file read, which must not wait behind stuck keychain calls. Then the bus goes away,
// the stuck call returns, and the keychain is asked again. Prints one JSON line.
// Usage: node --import tsx pool-probe.ts <socket path> <service>
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { keyStatuses } from '../../../electron/backend/keychain/key-status.ts';
import { keytarCallsInFlight } from '../../../electron/backend/keychain/keytar-gate.ts';
import { createKeytarStore } from '../../../electron/backend/keychain/keytar-store.ts';

const [socketPath = '', service = 'Palenca Users pool probe'] = process.argv.slice(2);
const LIMIT_MS = 400;

const sockets = new Set<Socket>();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('error', () => {});
});
await new Promise<void>((resolve) => server.listen(socketPath, resolve));
process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${socketPath}`;
process.env.DISPLAY = '';

const late: unknown[] = [];
const store = createKeytarStore({
  service,
  timeoutMs: LIMIT_MS,
  onLateResult: (operation, environment, succeeded) =>
    late.push({ operation, environment, succeeded }),
});
const codeOf = (result: { ok: boolean; error?: { code: string } }) =>
  result.ok ? 'ok' : result.error?.code;
const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
};

// A save the keychain never answers, then two gets at once, then two status reads (both
// environments each).
const save = await timed(() => store.set('sandbox', 'pool-probe-key-5678'));
const both = await timed(() => Promise.all([store.get('sandbox'), store.get('production')]));
const first = await timed(() => keyStatuses(store));
const second = await timed(() => keyStatuses(store));
const pendingWhileStuck = keytarCallsInFlight();

// A file read needs a threadpool thread too.
const read = await timed(() =>
  Promise.race([
    readFile(new URL(import.meta.url)).then(() => 'read'),
    new Promise<string>((resolve) => setTimeout(() => resolve('still pending'), 3000)),
  ]),
);

// The bus goes away: the stuck call gets an error and returns; the keychain is free again.
server.close();
for (const socket of sockets) socket.destroy();
const waitedFrom = Date.now();
while (keytarCallsInFlight() > 0 && Date.now() - waitedFrom < 5000) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const afterRelease = await timed(() => store.get('sandbox'));

process.stdout.write(
  `${JSON.stringify({
    both: { codes: both.value.map(codeOf), ms: both.ms },
    first: { code: codeOf(first.value), ms: first.ms },
    second: { code: codeOf(second.value), ms: second.ms },
    save: {
      code: codeOf(save.value),
      message: save.value.ok ? '' : save.value.error.message,
      ms: save.ms,
    },
    pendingWhileStuck,
    read: read.value,
    readMs: read.ms,
    pendingAfterRelease: keytarCallsInFlight(),
    afterRelease: { code: codeOf(afterRelease.value), ms: afterRelease.ms },
    late,
  })}\n`,
);
// SIGKILL, not exit(): exit waits to join a thread still stuck in keytar (if the release failed).
process.kill(process.pid, keytarCallsInFlight() > 0 ? 'SIGKILL' : 'SIGTERM');
