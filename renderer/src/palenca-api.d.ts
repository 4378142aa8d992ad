// `window.palenca` is the preload's bridge; its type comes from the one IPC contract.
import type { PalencaApi } from '#common/contract.ts';

declare global {
  interface Window {
    palenca: PalencaApi;
  }
}
