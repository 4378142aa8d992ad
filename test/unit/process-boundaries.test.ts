// The backend, the CLI and the shared contract run under plain Node: none may import
// Electron. The renderer may not reach Node or the backend either.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|svelte)$/.test(e.name))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

/** Module specifiers a file loads at run time; `import type` is erased, so it does not count. */
const importsOf = (text: string): string[] =>
  [
    ...text.matchAll(
      /(?:import|export)(?!\s+type\s)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g,
    ),
  ].map((m) => (m[1] ?? m[2]) as string);

test('backend, CLI, shared code and main-side policies never import electron', async () => {
  const files = [
    ...(await sources('electron/backend')),
    ...(await sources('electron/cli')),
    ...(await sources('electron/shared')),
    ...(await sources('electron/main/security')),
  ];
  assert.ok(files.length > 20);
  for (const file of files) {
    const imports = importsOf(await readFile(file, 'utf8'));
    assert.ok(!imports.includes('electron'), `${file} imports electron`);
  }
});

test('the renderer imports neither Node, nor Electron, nor backend code', async () => {
  const files = await sources('renderer/src');
  assert.ok(files.length > 10);
  for (const file of files) {
    for (const spec of importsOf(await readFile(file, 'utf8'))) {
      assert.ok(!spec.startsWith('node:'), `${file} imports ${spec}`);
      assert.ok(spec !== 'electron', `${file} imports electron`);
      assert.ok(
        !spec.includes('electron/backend') && !spec.includes('electron/main'),
        `${file} imports ${spec}`,
      );
    }
  }
});
