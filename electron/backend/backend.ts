// Composes the plain-Node backend: every call of the contract, with its dependencies
// injected so Electron's main process, the test harness and the CLI share the same code.
import type { CallHandlers } from '#common/contract.ts';
import type { BackendOptions } from './backend-options.ts';
import { createContext } from './context.ts';
import { type BackendDiagnostics, LastErrorRecorder } from './diagnostics.ts';
import { createDispatch, type Dispatch } from './dispatch.ts';
import { createAppHandlers } from './handlers/app-handlers.ts';
import { createConnectionsHandlers } from './handlers/connections-handlers.ts';
import { createExportHandlers } from './handlers/export-handlers.ts';
import { createHistoryHandlers } from './handlers/history-handlers.ts';
import { createKeyHandlers } from './handlers/key-handlers.ts';
import { createReconcileHandlers } from './handlers/reconcile-handlers.ts';
import { createSettingsHandlers } from './handlers/settings-handlers.ts';
import { createTrendHandlers } from './handlers/trend-handlers.ts';
import { createUpdateHandlers } from './handlers/update-handlers.ts';
import { createUserHandlers } from './handlers/user-handlers.ts';

export interface Backend {
  handlers: CallHandlers;
  dispatch: Dispatch;
  /** Whether an export is under way (from the save dialog to its last row): no restart then. */
  exportRunning(): boolean;
  /** Cancels running exports and chart loads and waits for their clean-up; call before quitting. */
  shutdown(): Promise<void>;
  /** For Help → Copy diagnostics: the environment in use and the last error's code. */
  diagnostics(): Promise<BackendDiagnostics>;
}

export function createBackend(options: BackendOptions): Backend {
  const ctx = createContext(options);
  const exportHandlers = createExportHandlers(ctx);
  // Counted around the whole call, so it covers the save dialog and the clean-up too.
  let exportCalls = 0;
  const exportRunning = () => exportCalls > 0;
  const exportUsers: CallHandlers['exportUsers'] = async (args) => {
    exportCalls++;
    try {
      return await exportHandlers.exportUsers(args);
    } finally {
      exportCalls--;
    }
  };
  const handlers: CallHandlers = {
    ...createAppHandlers(ctx),
    ...createSettingsHandlers(ctx, exportRunning),
    ...createKeyHandlers(ctx),
    ...createUserHandlers(ctx),
    ...createTrendHandlers(ctx),
    ...createConnectionsHandlers(ctx),
    ...createReconcileHandlers(ctx),
    ...exportHandlers,
    exportUsers,
    ...createHistoryHandlers(ctx),
    ...createUpdateHandlers(ctx, exportRunning),
  };
  // The updater's news goes to the window as `update` events.
  const stopUpdates = options.updates?.subscribe((state) => options.emit('update', state));
  const validated = createDispatch(handlers, options.log);
  const lastError = new LastErrorRecorder();
  const dispatch = (async (name: string, args: unknown) => {
    const result = await validated(name, args);
    lastError.note(result);
    return result;
  }) as Dispatch;
  return {
    handlers,
    dispatch,
    exportRunning,
    async shutdown() {
      stopUpdates?.();
      await ctx.shutdown();
    },
    async diagnostics() {
      const { environment } = await ctx.settings.read();
      return { environment, lastErrorCode: lastError.last };
    },
  };
}
