// `npm run dev`: the app with the renderer on Vite's dev server, so a change to a Svelte
// component shows in the window at once (hot reload), without a rebuild or a restart. Main,
// the preload and the CLI are rebuilt on every change (build.js in watch mode); a new main or
// preload restarts Electron. Closing the app, or Ctrl+C, stops everything.
//
// Electron is told the dev server's origin in PALENCA_DEV_SERVER_URL; an unpackaged app then
// loads its page from there instead of app://palenca (electron/main/security/dev-server.ts).
// Runs under tsx (package.json), as it reads the variable's name from that TypeScript file.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'vite';
import { DEV_SERVER_URL_VAR } from '../electron/main/security/dev-server.ts';
import { copyIcon, watchNodeTargets } from './build.js';
import { devServerOrigin, PROJECT_DIR, rendererConfig } from './renderer-config.js';

/** A rebuild of these restarts Electron; the CLI's only replaces out/cli. */
const RESTARTS_ELECTRON = new Set(['main', 'preload']);

let electron = null;
let restarting = false;
let stopping = false;
let restartTimer = null;

const server = await createServer(rendererConfig());
await server.listen();
const origin = devServerOrigin(server);
copyIcon();

// Electron starts once each target has built once; after that, a new main or preload restarts it.
const notBuiltYet = new Set(['main', 'preload', 'cli']);
let firstBuildsDone;
const firstBuilds = new Promise((resolve) => {
  firstBuildsDone = resolve;
});
const watchers = await watchNodeTargets((name, event) => {
  if (event.code !== 'END') return;
  if (notBuiltYet.delete(name)) {
    if (notBuiltYet.size === 0) firstBuildsDone();
  } else if (RESTARTS_ELECTRON.has(name)) {
    restartSoon();
  }
});
await firstBuilds;

// Resolves to the Electron binary's path, fetching the binary the first time (as `npm start`).
const electronBinary = createRequire(import.meta.url)('electron');
const electronRunning = () => electron?.exitCode === null && electron.signalCode === null;

function startElectron() {
  const env = { ...process.env, [DEV_SERVER_URL_VAR]: origin };
  // Set in the shell, it would make Electron a plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  electron = spawn(electronBinary, ['.'], { cwd: PROJECT_DIR, env, stdio: 'inherit' });
  // Closing the app (or its crash) ends the session, as it would end `npm start`.
  electron.on('exit', (code) => {
    if (!restarting) void stop(code ?? 0);
  });
}

async function stopElectron() {
  if (!electronRunning()) return;
  const exited = once(electron, 'exit');
  electron.kill('SIGTERM');
  await exited;
}

/** A change to a file main and the preload share rebuilds both: one restart for the two. */
function restartSoon() {
  clearTimeout(restartTimer);
  restartTimer = setTimeout(async () => {
    if (restarting) return restartSoon();
    if (stopping || !electronRunning()) return;
    restarting = true;
    await stopElectron();
    restarting = false;
    console.log('dev: main or preload rebuilt; Electron restarted');
    startElectron();
  }, 200);
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  clearTimeout(restartTimer);
  await stopElectron();
  await Promise.all(watchers.map((watcher) => watcher.close()));
  await server.close();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stop(0));

console.log(`dev: the renderer is served at ${origin}, with hot reload; starting Electron`);
startElectron();
