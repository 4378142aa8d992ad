// The end-to-end harness: loads the *built* renderer (out/renderer) in real Chromium, or the
// page of a Vite dev server for hot reload (`devServerOrigin`), and bridges `window.palenca`
// to the real backend running in this test process, so a click in the page runs the real
// main-process code. Only Electron itself is left out: the preload is replaced by an
// equivalent init script, and the save dialog and shell by stand-ins.
//
//   const app = await openApp({ apiBaseUrl: fake.baseUrl });
//   await app.page.getByRole('button', { name: 'Search' }).click();
//   await app.close();
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CALL_NAMES, type EventName } from '#common/contract.ts';
import type { Environment } from '#common/models.ts';
import { type Backend, createBackend } from '../../electron/backend/backend.ts';
import type { KeyStore } from '../../electron/backend/keychain/key-store.ts';
import { createKeytarStore } from '../../electron/backend/keychain/keytar-store.ts';
import { createLogger, type Logger } from '../../electron/backend/log.ts';
import type { ClientTuning } from '../../electron/backend/palenca/client.ts';
import type { ExportNotice, KeyChange, PlatformBridge } from '../../electron/backend/platform.ts';
import type { UpdatesPort } from '../../electron/backend/updates-port.ts';
import { APP_ORIGIN } from '../../electron/main/security/app-origin.ts';
import { pageProxyFor } from '../../electron/main/security/dev-server.ts';
import { CHROMIUM_PAGE_SWITCHES, PAGE_PROXY } from '../../electron/main/security/page-network.ts';
import { rendererAnswer } from '../../electron/main/security/renderer-answer.ts';
import { routeEnvironments } from '../fake-palenca/two-environments.ts';
import { TEST_APP_INFO, testBackendOptions } from '../support/backend-options.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // The app page's own network limits (WebRTC without UDP), as Chromium switches.
  ...CHROMIUM_PAGE_SWITCHES,
];

const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

export interface OpenAppOptions {
  /** Where the backend sends Palenca requests, e.g. the fake server's `baseUrl`. */
  apiBaseUrl: string;
  /** The app's data folder (settings, log). Default: a new temporary folder. */
  dataDir?: string;
  /** Default: the real OS keychain, under a service name unique to this app instance. */
  keyStore?: KeyStore;
  /**
   * Stand-ins for the native save dialog and the shell. Default: dialog cancelled, shell
   * no-ops, the window focused, OS notifications recorded in `notices`, and main's "replace /
   * remove the stored key?" question answered yes (a test's own `confirmKeyChange` answers
   * instead); every question is recorded in `keyChangeQuestions`.
   */
  platform?: Partial<PlatformBridge>;
  /** How long an export must run to be worth an OS notification (default the app's 30 s). */
  exportNotifyAfterMs?: number;
  colorScheme?: 'light' | 'dark';
  /** The browser's and the OS's locale, e.g. `es-MX`. Default `en-US`. */
  locale?: string;
  /** The OS's regional format (Electron's `app.getSystemLocale()`), e.g. `pt-BR`. Default: `locale`. */
  region?: string;
  /**
   * Production's requests go to this server instead of `apiBaseUrl` (then sandbox's only go
   * to `apiBaseUrl`): two fakes with different keys, as Palenca's two environments are.
   */
  productionBaseUrl?: string;
  viewport?: { width: number; height: number };
  /** The page's time zone. Default UTC, the fake server's calendar, so "today" agrees. */
  timezoneId?: string;
  /** Default: short timeouts and backoff so fault tests stay fast. */
  clientTuning?: Partial<ClientTuning>;
  /** A stand-in for the app's updater (its `update` news, "Restart to update"). Default: off. */
  updates?: UpdatesPort;
  /**
   * A Vite dev server's origin (scripts/renderer-config.js), to show its page, with hot
   * reload, instead of the built out/renderer. Default: out/renderer.
   */
  devServerOrigin?: string;
}

export interface AppHandle {
  page: Page;
  backend: Backend;
  dataDir: string;
  keyStore: KeyStore;
  log: Logger;
  /** Every event the backend pushed to the page, in order. */
  events: Array<{ event: EventName; payload: unknown }>;
  /** Every call the page made through the bridge, in order. */
  calls: Array<{ name: string; args: unknown }>;
  /** Page errors and console errors: tests assert this stays empty. */
  pageErrors: string[];
  /** Every OS notification the backend asked the shell for, in order. */
  notices: ExportNotice[];
  /** Every "replace / remove the stored key?" question main asked, in order. */
  keyChangeQuestions: Array<{ kind: KeyChange; environment: Environment }>;
  close(): Promise<void>;
}

let browserPromise: Promise<Browser> | null = null;
let serverPromise: Promise<{ server: Server; origin: string }> | null = null;
const openContexts = new Set<BrowserContext>();

after(async () => {
  for (const context of openContexts) await context.close().catch(() => {});
  if (browserPromise) await (await browserPromise).close();
  if (serverPromise) (await serverPromise).server.close();
});

export function launchBrowser(): Promise<Browser> {
  browserPromise ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return browserPromise;
}

/**
 * Serves out/renderer on loopback through the app's own app:// answers (rendererAnswer: the
 * same files, real paths checked, the same headers, the CSP on every answer).
 */
function serveRenderer(): Promise<{ server: Server; origin: string }> {
  serverPromise ??= new Promise((resolve, reject) => {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      reject(new Error('out/renderer is missing: run `npm run build` first.'));
      return;
    }
    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const answer = await rendererAnswer(RENDERER_DIR, `${APP_ORIGIN}${url.pathname}`);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') return reject(new Error('no port'));
      resolve({ server, origin: `http://127.0.0.1:${address.port}` });
    });
  });
  return serverPromise;
}

/** Opens the built renderer in Chromium, bridged to a real backend. See the README. */
export async function openApp(options: OpenAppOptions): Promise<AppHandle> {
  const [browser, origin] = await Promise.all([
    launchBrowser(),
    options.devServerOrigin ?? serveRenderer().then((served) => served.origin),
  ]);
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'palenca-users-e2e-')));
  const locale = options.locale ?? 'en-US';
  const context = await browser.newContext({
    locale,
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1200, height: 800 },
    reducedMotion: 'reduce',
    timezoneId: options.timezoneId ?? 'UTC',
    // The app page's session proxy, which accepts nothing (page-network.ts); only the page's
    // own server (this stand-in for app://, or the dev server) is reached directly, as the
    // app's page session reaches the dev server under `npm run dev` (dev-server.ts).
    proxy: {
      server: PAGE_PROXY.proxyRules,
      bypass: pageProxyFor(origin).proxyBypassRules,
    },
  });
  openContexts.add(context);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });

  const log = createLogger(join(dataDir, 'logs'));
  const keyStore =
    options.keyStore ?? createKeytarStore({ service: `Palenca Users test ${randomUUID()}` });
  const events: AppHandle['events'] = [];
  const calls: AppHandle['calls'] = [];
  const notices: ExportNotice[] = [];
  const keyChangeQuestions: AppHandle['keyChangeQuestions'] = [];
  const answerKeyChange = options.platform?.confirmKeyChange ?? (async () => true);
  const backend = createBackend(
    testBackendOptions({
      dataDir,
      keyStore,
      platform: {
        isWindowFocused: () => true,
        notify: (notice) => void notices.push(notice),
        ...options.platform,
        confirmKeyChange: (kind, environment) => {
          keyChangeQuestions.push({ kind, environment });
          return answerKeyChange(kind, environment);
        },
      },
      ...(options.exportNotifyAfterMs === undefined
        ? {}
        : { exportNotifyAfterMs: options.exportNotifyAfterMs }),
      log,
      appInfo: { ...TEST_APP_INFO, systemLocale: locale, systemRegion: options.region ?? locale },
      ...(options.productionBaseUrl
        ? {
            fetch: routeEnvironments({
              sandbox: options.apiBaseUrl,
              production: options.productionBaseUrl,
            }),
          }
        : { palencaUrl: options.apiBaseUrl }),
      clientTuning: {
        attempts: 4,
        backoffBaseMs: 20,
        backoffMaxMs: 200,
        timeoutMs: 3000,
        ...options.clientTuning,
      },
      updates: options.updates,
      emit: (event, payload) => {
        events.push({ event, payload });
        void page
          .evaluate(([e, p]) => (window as unknown as BridgeWindow).__palencaEmit?.(e, p), [
            event,
            payload,
          ] as const)
          .catch(() => {});
      },
    }),
  );

  await page.exposeBinding('__palencaInvoke', (_source, name: string, args: unknown) => {
    calls.push({ name, args });
    return backend.dispatch(name, args);
  });
  // Stands in for electron/preload/index.ts: the same names, the same `on`.
  await page.addInitScript((names: readonly string[]) => {
    const w = window as unknown as BridgeWindow;
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const api: Record<string, unknown> = {};
    for (const name of names) api[name] = (args?: unknown) => w.__palencaInvoke(name, args);
    api.on = (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    };
    w.__palencaEmit = (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    Object.defineProperty(window, 'palenca', { value: Object.freeze(api) });
  }, CALL_NAMES);

  await page.goto(`${origin}/index.html`);
  return {
    page,
    backend,
    dataDir,
    keyStore,
    log,
    events,
    calls,
    pageErrors,
    notices,
    keyChangeQuestions,
    async close() {
      openContexts.delete(context);
      await context.close();
    },
  };
}

interface BridgeWindow {
  __palencaInvoke(name: string, args: unknown): Promise<unknown>;
  __palencaEmit?(event: string, payload: unknown): void;
}
