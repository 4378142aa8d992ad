// Builds main, preload, the CLI and the renderer with Vite into out/.
// Main and the CLI are ES modules for Node; the preload is CommonJS because a sandboxed
// preload cannot load ES modules; the renderer is a static Svelte app (its config is
// renderer-config.js). scripts/dev.js imports the node builds to run them in watch mode.
import { chmodSync, copyFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { rendererConfig, PROJECT_DIR as root } from './renderer-config.js';

const pkg = (await import('../package.json', { with: { type: 'json' } })).default;
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
// Production dependencies stay outside the bundle: keytar is native, and electron-builder
// packs node_modules for them.
const runtimeDeps = Object.keys(pkg.dependencies ?? {});
const isExternal = (id) =>
  id === 'electron' ||
  nodeBuiltins.includes(id) ||
  runtimeDeps.some((dep) => id === dep || id.startsWith(`${dep}/`));

const nodeTargets = {
  main: {
    entry: 'electron/main/index.ts',
    outDir: 'out/main',
    fileName: 'index.js',
    format: 'es',
    external: isExternal,
  },
  preload: {
    entry: 'electron/preload/index.ts',
    outDir: 'out/preload',
    fileName: 'index.cjs',
    format: 'cjs',
    // A sandboxed preload can only require 'electron': everything else is bundled in.
    external: (id) => id === 'electron',
  },
  cli: {
    entry: 'electron/cli/palenca-users.ts',
    outDir: 'out/cli',
    fileName: 'palenca-users.js',
    format: 'es',
    external: isExternal,
    // Runnable directly as ./out/cli/palenca-users.js (npm also sets this when linking `bin`).
    plugins: [
      {
        name: 'executable',
        writeBundle: () => chmodSync(`${root}/out/cli/palenca-users.js`, 0o755),
      },
    ],
  },
};

/** One node target; with `watch`, Vite's watcher, which rebuilds it on every change. */
const nodeTarget = ({ entry, outDir, fileName, format, external, plugins = [] }, watch) =>
  build({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      lib: { entry, formats: [format], fileName: () => fileName },
      rollupOptions: { external },
      ...(watch ? { watch: {} } : {}),
    },
  });

/**
 * For scripts/dev.js: main, preload and the CLI, each rebuilt when its sources change.
 * `onEvent(name, event)` hears each watcher's events (Rollup's: START, END, ERROR…) from its
 * first build on; Vite itself logs errors and closes each build's result.
 */
export async function watchNodeTargets(onEvent) {
  const watchers = [];
  for (const [name, target] of Object.entries(nodeTargets)) {
    const watcher = await nodeTarget(target, true);
    watcher.on('event', (event) => onEvent(name, event));
    watchers.push(watcher);
  }
  return watchers;
}

/** The Linux window icon (BrowserWindow `icon`): packed in app.asar beside out/main. */
export const copyIcon = () =>
  copyFileSync(join(root, 'build/icons/512x512.png'), join(root, 'out/icon.png'));

async function buildAll() {
  for (const target of Object.values(nodeTargets)) await nodeTarget(target, false);
  await build(rendererConfig());
  copyIcon();
  console.log('built: out/main, out/preload, out/cli, out/renderer, out/icon.png');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAll();
