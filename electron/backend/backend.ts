// Composes the plain-Node backend: every call of the contract, with its dependencies
// injected so Electron's main process, the test harness and the CLI share the same code.
import type { CallHandlers, EventName, EventPayloads } from '../shared/contract.ts';
import type { AppInfo } from '../shared/models.ts';
import { createContext } from './context.ts';
import { createDispatch, type Dispatch } from './dispatch.ts';
import { createAppHandlers } from './handlers/app-handlers.ts';
import { createExportHandlers } from './handlers/export-handlers.ts';
import { createKeyHandlers } from './handlers/key-handlers.ts';
import { createSettingsHandlers } from './handlers/settings-handlers.ts';
import { createTrendHandlers } from './handlers/trend-handlers.ts';
import { createUserHandlers } from './handlers/user-handlers.ts';
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

export interface Backend {
  handlers: CallHandlers;
  dispatch: Dispatch;
  /** Cancels running exports and chart loads and waits for their clean-up; call before quitting. */
  shutdown(): Promise<void>;
}

export function createBackend(options: BackendOptions): Backend {
  const ctx = createContext(options);
  const handlers: CallHandlers = {
    ...createAppHandlers(ctx),
    ...createSettingsHandlers(ctx),
    ...createKeyHandlers(ctx),
    ...createUserHandlers(ctx),
    ...createTrendHandlers(ctx),
    ...createExportHandlers(ctx),
  };
  return { handlers, dispatch: createDispatch(handlers, options.log), shutdown: ctx.shutdown };
}
