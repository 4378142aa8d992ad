// What the backend is built from: injected so Electron's main process, the test harness and
// the CLI share the same code.
import type { EventName, EventPayloads } from '../shared/contract.ts';
import type { AppInfo } from '../shared/models.ts';
import type { KeyStore } from './keychain/key-store.ts';
import type { Logger } from './log.ts';
import type { ClientTuning } from './palenca/client.ts';
import type { PlatformBridge } from './platform.ts';

export interface BackendOptions {
  /** The app's data folder: settings live here. Never holds a secret. */
  dataDir: string;
  keyStore: KeyStore;
  platform: PlatformBridge;
  log: Logger;
  appInfo: AppInfo;
  /** Pushes an event to the renderer. */
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void;
  /** Process environment, read for `PALENCA_API_URL`. */
  env: Record<string, string | undefined>;
  /** Client timing; tests shrink timeouts and backoff. */
  clientTuning?: Partial<ClientTuning>;
}
