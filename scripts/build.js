// Builds main, preload, the CLI and the renderer with Vite into out/.
// Main and the CLI are ES modules for Node; the preload is CommonJS because a sandboxed
// preload cannot load ES modules; the renderer is a static Svelte app.
import { chmodSync, copyFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = (await import('../package.json', { with: { type: 'json' } })).default;
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
// Production dependencies stay outside the bundle: keytar is native, and electron-builder
// packs node_modules for them.
const runtimeDeps = Object.keys(pkg.dependencies ?? {});
const isExternal = (id) =>
  id === 'electron' ||
  nodeBuiltins.includes(id) ||
  runtimeDeps.some((dep) => id === dep || id.startsWith(`${dep}/`));

const nodeTarget = ({ entry, outDir, fileName, format, external }) =>
  build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      lib: { entry, formats: [format], fileName: () => fileName },
      rollupOptions: { external },
    },
  });

await nodeTarget({
  entry: 'electron/main/index.ts',
  outDir: 'out/main',
  fileName: 'index.js',
  format: 'es',
  external: isExternal,
});
await nodeTarget({
  entry: 'electron/preload/index.ts',
  outDir: 'out/preload',
  fileName: 'index.cjs',
  format: 'cjs',
  // A sandboxed preload can only require 'electron': everything else is bundled in.
  external: (id) => id === 'electron',
});
await nodeTarget({
  entry: 'electron/cli/palenca-users.ts',
  outDir: 'out/cli',
  fileName: 'palenca-users.js',
  format: 'es',
  external: isExternal,
});
// Runnable directly as ./out/cli/palenca-users.js (npm also sets this when linking `bin`).
chmodSync(`${root}/out/cli/palenca-users.js`, 0o755);
await build({
  root: `${root}/renderer`,
  configFile: false,
  base: './',
  logLevel: 'warn',
  plugins: [svelte()],
  build: {
    outDir: `${root}/out/renderer`,
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // No inline scripts or data: URLs for assets, so the strict CSP holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
// The Linux window icon (BrowserWindow `icon`): packed in app.asar beside out/main.
copyFileSync(`${root}/build/icons/512x512.png`, `${root}/out/icon.png`);
console.log('built: out/main, out/preload, out/cli, out/renderer, out/icon.png');
