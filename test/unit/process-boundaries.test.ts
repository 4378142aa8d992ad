// Where each process's code may reach. `common/` is what every process uses (the contract,
// models, error codes, dates, the catalogs and their formatter) and imports nothing of theirs;
// the backend, the CLI and common run under plain Node, so none may import Electron; main
// never imports the page's code; the page reaches neither Node nor the backend nor main.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix, relative, resolve } from 'node:path';
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

/** Every specifier a file names, types included: a type import still ties the folders. */
const allImportsOf = (text: string): string[] =>
  [...text.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );

/** The repository folder a specifier lands in (`common/…`, `renderer/…`), or null for a package. */
function landsIn(file: string, spec: string): string | null {
  if (spec.startsWith('#common/')) return `common/${spec.slice('#common/'.length)}`;
  if (!spec.startsWith('.')) return null;
  return relative(process.cwd(), resolve(file, '..', spec))
    .split('\\')
    .join(posix.sep);
}

async function assertNoImports(dirs: string[], forbidden: string[], why: string) {
  const files = (await Promise.all(dirs.map(sources))).flat();
  assert.ok(files.length > 5, `found the sources of ${dirs.join(', ')}`);
  for (const file of files) {
    for (const spec of allImportsOf(await readFile(file, 'utf8'))) {
      const target = landsIn(file, spec);
      if (target === null) continue;
      for (const folder of forbidden)
        assert.ok(!target.startsWith(folder), `${file} imports ${spec}: ${why}`);
    }
  }
}

test('backend, CLI, common code and main-side policies never import electron', async () => {
  const files = [
    ...(await sources('common')),
    ...(await sources('electron/backend')),
    ...(await sources('electron/cli')),
    ...(await sources('electron/main/security')),
  ];
  assert.ok(files.length > 20);
  for (const file of files) {
    const imports = importsOf(await readFile(file, 'utf8'));
    assert.ok(!imports.includes('electron'), `${file} imports electron`);
  }
});

test('common imports neither a process folder nor Node', async () => {
  await assertNoImports(['common'], ['electron/', 'renderer/'], 'common serves every process');
  for (const file of await sources('common'))
    for (const spec of allImportsOf(await readFile(file, 'utf8')))
      assert.ok(!spec.startsWith('node:'), `${file} imports ${spec}: the page loads common too`);
});

test('main, the backend and the CLI never import the page', async () => {
  await assertNoImports(
    ['electron'],
    ['renderer/'],
    'what several processes use belongs in common/',
  );
});

test('the renderer imports neither Node, nor Electron, nor backend or main code', async () => {
  const files = await sources('renderer/src');
  assert.ok(files.length > 10);
  for (const file of files) {
    for (const spec of importsOf(await readFile(file, 'utf8'))) {
      assert.ok(!spec.startsWith('node:'), `${file} imports ${spec}`);
      assert.ok(spec !== 'electron', `${file} imports electron`);
    }
  }
  await assertNoImports(
    ['renderer/src'],
    ['electron/'],
    'the page reaches main only by the contract',
  );
});

test('no import climbs out of one process folder into another by a relative path', async () => {
  for (const dir of ['common', 'electron', 'renderer/src']) {
    for (const file of await sources(dir)) {
      for (const spec of allImportsOf(await readFile(file, 'utf8'))) {
        const target = landsIn(file, spec);
        if (target === null || !spec.startsWith('.')) continue;
        assert.ok(target.startsWith(dir), `${file} reaches ${target} by ${spec}: use #common/…`);
      }
    }
  }
});
