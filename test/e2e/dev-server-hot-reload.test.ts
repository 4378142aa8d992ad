// `npm run dev`'s renderer half, here in Chromium: Vite's dev server with the build's own
// renderer config (scripts/renderer-config.js), bridged to the real backend by the harness.
// A change to a component's text shows in the open page without a reload, under the dev
// server's CSP (no page error, so no CSP violation either). The dev server serves a copy of
// renderer/ in a temporary folder, so the edit never touches the project's files; the copy
// reaches #common and the packages through links to the project's common/ and node_modules/.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createServer, mergeConfig, type ViteDevServer } from 'vite';
import { devServerOrigin, PROJECT_DIR, rendererConfig } from '../../scripts/renderer-config.js';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { memoryKeyStore } from '../support/backend-options.ts';
import { finish, WAIT } from './app-support.ts';
import { openApp } from './harness.ts';

/** The component the test edits, in the copy; it is on screen once a key is stored. */
const COMPONENT = join('src', 'screens', 'main', 'MainScreen.svelte');
const PROBE = (text: string) => `\n<p id="hot-reload-probe">${text}</p>\n`;

let fake: FakePalenca;
let folder: string;
let server: ViteDevServer;

before(async () => {
  fake = await startFakePalenca({ users: 120 });
  folder = await mkdtemp(join(tmpdir(), 'palenca-dev-server-'));
  await cp(join(PROJECT_DIR, 'renderer'), join(folder, 'renderer'), { recursive: true });
  // #common resolves through the nearest package.json's "imports", as in the project.
  const pkg = JSON.parse(await readFile(join(PROJECT_DIR, 'package.json'), 'utf8'));
  await writeFile(
    join(folder, 'package.json'),
    JSON.stringify({ type: 'module', imports: pkg.imports }),
  );
  await symlink(join(PROJECT_DIR, 'common'), join(folder, 'common'), 'dir');
  await symlink(join(PROJECT_DIR, 'node_modules'), join(folder, 'node_modules'), 'dir');
  const component = join(folder, 'renderer', COMPONENT);
  await writeFile(component, (await readFile(component, 'utf8')) + PROBE('before the edit'));
  server = await createServer(
    mergeConfig(rendererConfig({ root: join(folder, 'renderer'), port: 0 }), {
      // Vite's cache of prebundled packages, kept out of the project's node_modules.
      cacheDir: join(folder, 'vite-cache'),
    }),
  );
  await server.listen();
});

after(async () => {
  await server?.close();
  await fake?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('the dev server page sends its own CSP: hot reload’s websocket and nonced styles only', async () => {
  const origin = devServerOrigin(server);
  const answer = await fetch(`${origin}/`);
  const policy = answer.headers.get('content-security-policy') ?? '';
  assert.match(policy, new RegExp(`connect-src ws://${new URL(origin).host};`));
  assert.match(policy, /style-src 'self' 'nonce-[A-Za-z0-9+/=]+';/);
  assert.match(policy, /script-src 'self';/);
  const page = await answer.text();
  assert.doesNotMatch(
    page,
    /http-equiv="Content-Security-Policy"/,
    'the build’s meta tag is left out',
  );
});

test('a changed component shows at once, in the same page (no reload)', async () => {
  const app = await openApp({
    apiBaseUrl: fake.baseUrl,
    keyStore: memoryKeyStore({ sandbox: fake.apiKey }),
    devServerOrigin: devServerOrigin(server),
  });
  const { page } = app;
  // The real backend answers through the dev server's page as through the built one.
  await page.getByRole('button', { name: 'Search', exact: true }).waitFor(WAIT);
  const probe = page.locator('#hot-reload-probe');
  await probe.getByText('before the edit').waitFor(WAIT);
  // Gone if the page reloads; kept if only the component is replaced.
  await page.evaluate(() => {
    (window as unknown as { beforeTheEdit: boolean }).beforeTheEdit = true;
  });
  const component = join(folder, 'renderer', COMPONENT);
  const text = await readFile(component, 'utf8');
  await writeFile(component, text.replace(PROBE('before the edit'), PROBE('after the edit')));
  await probe.getByText('after the edit').waitFor(WAIT);
  assert.equal(
    await page.evaluate(() => (window as unknown as { beforeTheEdit?: boolean }).beforeTheEdit),
    true,
    'the page was not reloaded',
  );
  await page.getByRole('button', { name: 'Search', exact: true }).waitFor(WAIT);
  await finish(app);
});
