// Exposes exactly the calls of the contract as `window.palenca`, and nothing of Electron:
// no ipcRenderer, no event objects. Bundled as CommonJS because the page is sandboxed.
import { contextBridge, ipcRenderer } from 'electron';
import {
  CALL_NAMES,
  callChannel,
  EVENT_NAMES,
  type EventName,
  eventChannel,
} from '#common/channels.ts';
import type { PalencaApi } from '#common/contract.ts';

const calls = Object.fromEntries(
  CALL_NAMES.map((name) => [name, (args?: unknown) => ipcRenderer.invoke(callChannel(name), args)]),
);

function on(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!(EVENT_NAMES as readonly string[]).includes(event))
    throw new Error(`Unknown event ${String(event)}`);
  const forward = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(eventChannel(event), forward);
  return () => ipcRenderer.removeListener(eventChannel(event), forward);
}

contextBridge.exposeInMainWorld('palenca', { ...calls, on } as unknown as PalencaApi);
