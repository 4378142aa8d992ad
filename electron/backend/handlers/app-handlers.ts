import type { CallHandlers } from '#common/contract.ts';
import { ok } from '#common/result.ts';
import type { BackendContext } from '../context.ts';

/** Where an organisation finds its API key; the only external page the app opens. */
export const PALENCA_CONSOLE_URL = 'https://console.palenca.com/';

export const createAppHandlers = (
  ctx: BackendContext,
): Pick<CallHandlers, 'getAppInfo' | 'openPalencaConsole'> => ({
  getAppInfo: async () => ok(ctx.appInfo),
  openPalencaConsole: async () => {
    await ctx.platform.openExternal(PALENCA_CONSOLE_URL);
    return ok(null);
  },
});
