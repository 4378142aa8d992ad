// A recording stand-in for the `electron` module, for loading the built main bundle under Node
// where Electron's binary cannot run. It is not Electron: it provides only the APIs the app
// uses, each as a recorder, and it enforces what Electron enforces that matters here:
// - an API it does not provide throws (a named import fails to link; a member throws on use);
// - APIs Electron forbids before `ready` throw before `emitReady()`, and
//   `protocol.registerSchemesAsPrivileged` throws after it;
// - `ipcMain.handle` throws on a second handler for one channel, with Electron's words.
// The test drives it through `standIn` (its state) and asserts on what was recorded.
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

/** Wraps `target` so reading a member it does not have throws: unknown APIs are loud. */
function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      if (typeof key === 'symbol' || key in obj || key === 'then' || key === 'toJSON') {
        return Reflect.get(obj, key, receiver);
      }
      throw new Error(`stand-in Electron: ${name}.${key} is not provided`);
    },
  });
}

function mustBeReady(what: string): void {
  if (!standIn.ready) throw new Error(`${what} cannot be used before the app is ready`);
}

class StandInEmitter extends EventEmitter {
  /** Every listener's event name, in order, to check what the app listens to. */
  listened: string[] = [];
  override on(event: string | symbol, listener: Listener): this {
    this.listened.push(String(event));
    return super.on(event, listener);
  }
  override once(event: string | symbol, listener: Listener): this {
    this.listened.push(String(event));
    return super.once(event, listener);
  }
}

export class StandInWebContents extends StandInEmitter {
  reloads = 0;
  loadedUrl: string | null = null;
  windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
  /** What `setWebRTCIPHandlingPolicy` was last given (Electron's default is 'default'). */
  webRTCIPHandlingPolicy = 'default';
  sent: Array<{ channel: string; payload: unknown }> = [];
  destroyed = false;
  isDestroyed = () => this.destroyed;
  setWindowOpenHandler = (handler: (details: { url: string }) => unknown) => {
    this.windowOpenHandler = handler;
  };
  setWebRTCIPHandlingPolicy = (policy: string) => {
    this.webRTCIPHandlingPolicy = policy;
  };
  reload = () => {
    this.reloads++;
  };
  send = (channel: string, payload: unknown) => {
    this.sent.push({ channel, payload });
  };
  closeDevTools = () => {};
}

export class BrowserWindow extends StandInEmitter {
  readonly options: Record<string, unknown>;
  readonly webContents: StandInWebContents;
  destroyed = false;
  constructor(options: Record<string, unknown> = {}) {
    super();
    mustBeReady('BrowserWindow');
    this.options = options;
    const contents = new StandInWebContents();
    this.webContents = strict('webContents', contents);
    standIn.windows.push(this);
    // Electron announces every new webContents on the app.
    app.emit('web-contents-created', {}, this.webContents);
    // biome-ignore lint/correctness/noConstructorReturn: the strict proxy is the instance.
    return strict('BrowserWindow', this);
  }
  loadURL = async (url: string) => {
    this.webContents.loadedUrl = url;
  };
  isDestroyed = () => this.destroyed;
  isMinimized = () => false;
  isFocused = () => standIn.windowFocused;
  restore = () => {};
  focus = () => {};
  show = () => {};
}

class StandInApp extends StandInEmitter {
  isPackaged = false;
  commandLine = strict('app.commandLine', {
    switches: new Map<string, string>(),
    appendSwitch(name: string, value = '') {
      this.switches.set(name, value);
    },
    hasSwitch(name: string) {
      return this.switches.has(name);
    },
    getSwitchValue(name: string) {
      return this.switches.get(name) ?? '';
    },
  });
  requestSingleInstanceLock = () => true;
  whenReady = () => standIn.readyPromise;
  isReady = () => standIn.ready;
  getPath = (name: string) => {
    const path = standIn.paths[name];
    if (!path) throw new Error(`stand-in Electron: no path for ${name}`);
    return path;
  };
  /** Read only when packaged (updates/update-policy.ts): the project, as for `electron .`. */
  getAppPath = () => process.cwd();
  getVersion = () => '0.0.0-stand-in';
  getLocale = () => 'en-US';
  getSystemLocale = () => 'en-US';
  getPreferredSystemLanguages = () => ['en-US'];
  quit = () => {
    standIn.quits++;
  };
  exit = (code = 0) => {
    standIn.exits.push(code);
  };
}

export const app = strict('app', new StandInApp());

export const protocol = strict('protocol', {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: object }>) {
    if (standIn.ready) {
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    }
    standIn.privilegedSchemes.push(...schemes);
  },
  // Electron's top-level protocol module answers for the default session.
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
    mustBeReady('protocol.handle');
    sessionRecord('default').protocolHandlers.set(scheme, handler);
  },
});

/** What the app set on one session: its permission handlers, proxy and protocol handlers. */
export interface StandInSessionRecord {
  permissionRequestHandler: Listener | null;
  permissionCheckHandler: Listener | null;
  proxy: Record<string, unknown> | null;
  protocolHandlers: Map<string, (request: Request) => Promise<Response> | Response>;
}

/** The session of `name` with its record, made on first use. */
function sessionRecord(name: string): StandInSessionRecord & { session: object } {
  const known = standIn.sessions.get(name);
  if (known) return known;
  standInSession(name);
  return standIn.sessions.get(name) as StandInSessionRecord & { session: object };
}

function standInSession(name: string): void {
  const record: StandInSessionRecord = {
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    proxy: null,
    protocolHandlers: new Map(),
  };
  const target = strict(`session(${name})`, {
    setPermissionRequestHandler(handler: Listener) {
      record.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener) {
      record.permissionCheckHandler = handler;
    },
    async setProxy(config: Record<string, unknown>) {
      record.proxy = config;
    },
    protocol: strict(`session(${name}).protocol`, {
      handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
        record.protocolHandlers.set(scheme, handler);
      },
    }),
  });
  // The record itself, so what the app sets later shows in it.
  standIn.sessions.set(name, Object.assign(record, { session: target }));
}

export const session = strict('session', {
  get defaultSession() {
    mustBeReady('session.defaultSession');
    return sessionRecord('default').session;
  },
  fromPartition(partition: string) {
    mustBeReady('session.fromPartition');
    return sessionRecord(partition).session;
  },
});

export const ipcMain = strict('ipcMain', {
  handle(channel: string, handler: Listener) {
    if (standIn.ipcHandlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    standIn.ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    standIn.ipcHandlers.delete(channel);
  },
});

export const Menu = strict('Menu', {
  buildFromTemplate(template: unknown[]) {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] } | null) {
    standIn.menus.push(menu?.template ?? null);
  },
});

export const dialog = strict('dialog', {
  async showMessageBox(...args: unknown[]) {
    mustBeReady('dialog');
    const options = args.length > 1 ? args[1] : args[0];
    standIn.messageBoxes.push(options as { message: string; buttons: string[] });
    return { response: standIn.messageBoxResponse, checkboxChecked: false };
  },
  async showSaveDialog(...args: unknown[]) {
    mustBeReady('dialog');
    standIn.saveDialogs.push(args.length > 1 ? args[1] : args[0]);
    const filePath = standIn.savePath;
    return filePath ? { canceled: false, filePath } : { canceled: true, filePath: '' };
  },
});

export const shell = strict('shell', {
  async openPath(path: string) {
    standIn.opened.push(path);
    return '';
  },
  showItemInFolder(path: string) {
    standIn.opened.push(path);
  },
  async openExternal(url: string) {
    standIn.opened.push(url);
  },
});

export class Notification extends StandInEmitter {
  static isSupported = () => true;
  readonly options: { title: string; body: string };
  constructor(options: { title: string; body: string }) {
    super();
    mustBeReady('Notification');
    this.options = options;
  }
  show = () => {
    standIn.notifications.push(this.options);
  };
}

export const nativeTheme = strict('nativeTheme', { shouldUseDarkColors: false });

export const clipboard = strict('clipboard', {
  writeText(text: string) {
    standIn.clipboard.push(text);
  },
});

export const net = strict('net', {
  fetch(input: string | Request, init?: RequestInit & { bypassCustomProtocolHandlers?: boolean }) {
    mustBeReady('net.fetch');
    standIn.netFetches.push({
      url: typeof input === 'string' ? input : input.url,
      bypassCustomProtocolHandlers: init?.bypassCustomProtocolHandlers,
    });
    return standIn.netFetchImpl(input, init);
  },
});

/** The stand-in's state: what the app did, and the answers the test chose. */
export const standIn = {
  ready: false,
  readyPromise: Promise.resolve() as Promise<void>,
  resolveReady: () => {},
  paths: {} as Record<string, string>,
  quits: 0,
  exits: [] as number[],
  windows: [] as BrowserWindow[],
  privilegedSchemes: [] as Array<{ scheme: string; privileges: object }>,
  ipcHandlers: new Map<string, Listener>(),
  /** Each session the app used, by partition ('default' for the default session). */
  sessions: new Map<string, StandInSessionRecord & { session: object }>(),
  menus: [] as Array<unknown[] | null>,
  messageBoxes: [] as Array<{ message: string; buttons: string[] }>,
  messageBoxResponse: 0,
  saveDialogs: [] as unknown[],
  savePath: null as string | null,
  opened: [] as string[],
  /** Every text written to the clipboard, in order. */
  clipboard: [] as string[],
  /** What `BrowserWindow.isFocused` answers, and the notifications shown. */
  windowFocused: true,
  notifications: [] as Array<{ title: string; body: string }>,
  netFetches: [] as Array<{ url: string; bypassCustomProtocolHandlers?: boolean }>,
  /** What `net.fetch` answers with: Node's fetch unless a test records a failure shape. */
  netFetchImpl: ((input: string | Request, init?: RequestInit) =>
    fetch(input, init)) as typeof fetch,
  emitReady(): void {
    standIn.ready = true;
    app.emit('ready');
    standIn.resolveReady();
  },
};
standIn.readyPromise = new Promise<void>((resolve) => {
  standIn.resolveReady = resolve;
});
