// A whole backend over the real keychain (a service name of its own) and a temporary data
// folder, driven through `dispatch` exactly as Electron's IPC wiring drives it.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '#common/models.ts';
import { type Backend, createBackend } from '../../../electron/backend/backend.ts';
import type { KeyStore } from '../../../electron/backend/keychain/key-store.ts';
import { createKeytarStore } from '../../../electron/backend/keychain/keytar-store.ts';
import { createLogger, type Logger } from '../../../electron/backend/log.ts';
import type { KeyChange, PlatformBridge } from '../../../electron/backend/platform.ts';
import { testBackendOptions } from '../../support/backend-options.ts';
import { uniqueService } from './keyring.ts';

export interface TestBackend {
  backend: Backend;
  dispatch: Backend['dispatch'];
  dataDir: string;
  logDir: string;
  log: Logger;
  keyStore: KeyStore;
  service: string;
  /** Every "replace / remove the stored key?" question the backend asked, in order. */
  keyChangeQuestions: Array<{ kind: KeyChange; environment: Environment }>;
}

export const FAST_TUNING = { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 10, timeoutMs: 2000 };

export async function startTestBackend(options: {
  apiBaseUrl: string;
  platform?: Partial<PlatformBridge>;
}): Promise<TestBackend> {
  const root = await mkdtemp(join(tmpdir(), 'palenca-keychain-'));
  const dataDir = join(root, 'data');
  const logDir = join(dataDir, 'logs');
  const service = uniqueService();
  const keyStore = createKeytarStore({ service });
  const log = createLogger(logDir);
  const keyChangeQuestions: TestBackend['keyChangeQuestions'] = [];
  // Main's question before a key is replaced or removed: yes, unless the test answers.
  const answer = options.platform?.confirmKeyChange ?? (async () => true);
  const platform: Partial<PlatformBridge> = {
    ...options.platform,
    confirmKeyChange: (kind, environment) => {
      keyChangeQuestions.push({ kind, environment });
      return answer(kind, environment);
    },
  };
  const backend = createBackend(
    testBackendOptions({
      dataDir,
      keyStore,
      platform,
      log,
      palencaUrl: options.apiBaseUrl,
      clientTuning: FAST_TUNING,
    }),
  );
  return {
    backend,
    dispatch: backend.dispatch,
    dataDir,
    logDir,
    log,
    keyStore,
    service,
    keyChangeQuestions,
  };
}

/** A loopback address where nothing listens: the fake server's, after it closed. */
export async function closedPortUrl(
  start: () => Promise<{ baseUrl: string; close(): Promise<void> }>,
): Promise<string> {
  const server = await start();
  await server.close();
  return server.baseUrl;
}
