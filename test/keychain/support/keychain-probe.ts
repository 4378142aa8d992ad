// Runs one KeyStore call in its own process and prints the result as JSON, so a test can
// give it a broken D-Bus address. Exits at once: a keytar call that never answers would
// otherwise keep the process alive after the time limit has already answered.
// Usage: node --import tsx keychain-probe.ts <service> <get|set|has|delete> <environment>

import type { Environment } from '#common/models.ts';
import { createKeytarStore } from '../../../electron/backend/keychain/keytar-store.ts';

const [service = 'Palenca Users probe', op = 'get', environment = 'sandbox'] =
  process.argv.slice(2);
const env = environment as Environment;
const store = createKeytarStore({ service });
const started = Date.now();
const result =
  op === 'set'
    ? await store.set(env, 'probe-key-value-1234')
    : op === 'has'
      ? await store.has(env)
      : op === 'delete'
        ? await store.delete(env)
        : await store.get(env);
process.stdout.write(`${JSON.stringify({ result, elapsedMs: Date.now() - started })}\n`);
// SIGTERM, not exit(): exit waits for a keytar call stuck in its worker thread.
process.kill(process.pid, 'SIGTERM');
