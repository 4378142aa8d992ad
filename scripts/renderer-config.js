// The renderer's Vite config, in one place for its build (scripts/build.js), its dev server
// (scripts/dev.js) and the hot-reload test (test/e2e/dev-server-hot-reload.test.ts).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Where the dev server listens: loopback only, so its origin is exact (security/dev-server.ts). */
const DEV_HOST = '127.0.0.1';
const DEV_PORT = 5173;

/** renderer/index.html's CSP meta tag: the build's policy, which has no room for hot reload. */
const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/i;

/** The origin a listening dev server's page has, e.g. http://127.0.0.1:5173. */
export function devServerOrigin(server) {
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the dev server is not listening');
  return `http://${DEV_HOST}:${address.port}`;
}

/**
 * Dev server only: every answer carries the development CSP (content-security-policy.ts) in
 * place of the meta tag, with a nonce for the <style> elements Vite's client inserts. The
 * nonce is one per server start: the page and its policy come from this one local server.
 */
function devServerPolicy() {
  const nonce = randomBytes(18).toString('base64');
  return {
    name: 'palenca-dev-server-policy',
    apply: 'serve',
    config: () => ({ html: { cspNonce: nonce } }),
    transformIndexHtml: { order: 'pre', handler: (html) => html.replace(CSP_META, '') },
    async configureServer(server) {
      // TypeScript, read when serving only: scripts/dev.js and the tests run under tsx.
      const { devServerContentSecurityPolicy } = await import(
        '../electron/main/security/content-security-policy.ts'
      );
      server.middlewares.use((_request, response, next) => {
        const policy = devServerContentSecurityPolicy(devServerOrigin(server), nonce);
        response.setHeader('Content-Security-Policy', policy);
        next();
      });
    },
  };
}

/**
 * `root`: the page's folder (renderer/; the hot-reload test serves a copy). `port`: the dev
 * server's (0 for any free one).
 */
export function rendererConfig({ root = join(PROJECT_DIR, 'renderer'), port = DEV_PORT } = {}) {
  return {
    root,
    configFile: false,
    base: './',
    logLevel: 'warn',
    plugins: [svelte(), devServerPolicy()],
    server: {
      host: DEV_HOST,
      // Taken, Vite tries the next one: devServerOrigin reads the port it got.
      port,
      // The page's folder and the project (common/, node_modules/), wherever the page is.
      fs: { allow: [root, PROJECT_DIR] },
    },
    build: {
      outDir: join(PROJECT_DIR, 'out/renderer'),
      emptyOutDir: true,
      target: 'chrome130',
      sourcemap: true,
      // No inline scripts or data: URLs for assets, so the strict CSP holds.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
    },
  };
}
