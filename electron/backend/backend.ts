// Composes the plain-Node backend: every call of the contract, with its dependencies
// injected so Electron's main process, the test harness and the CLI share the same code.
import type { CallHandlers } from '../shared/contract.ts';
import type { BackendOptions } from './backend-options.ts';
import { createContext } from './context.ts';
import { createDispatch, type Dispatch } from './dispatch.ts';
import { createAppHandlers } from './handlers/app-handlers.ts';
import { createExportHandlers } from './handlers/export-handlers.ts';
import { createKeyHandlers } from './handlers/key-handlers.ts';
import { createSettingsHandlers } from './handlers/settings-handlers.ts';
import { createTrendHandlers } from './handlers/trend-handlers.ts';
import { createUserHandlers } from './handlers/user-handlers.ts';

export type { BackendOptions } from './backend-options.ts';

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
