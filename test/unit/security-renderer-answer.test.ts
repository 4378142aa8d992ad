// What app:// answers, on a real temporary renderer folder: files inside it, never a file a
// symbolic link inside it points to outside it, and the CSP header on every answer, 404s too.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security/content-security-policy.ts';
import { rendererAnswer } from '../../electron/main/security/renderer-answer.ts';

// Windows needs a privilege (or developer mode) to make symbolic links.
const skip = process.platform === 'win32' ? 'symbolic links need a privilege on Windows' : false;

describe('app:// answers', { skip }, () => {
  let root: string;
  let renderer: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'palenca-renderer-answer-'));
    renderer = join(root, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<html>page</html>');
    await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    await mkdir(join(root, 'outside'));
    await writeFile(join(root, 'secret.txt'), 'not for the page');
    await writeFile(join(root, 'outside', 'other.txt'), 'not for the page either');
    // Links out of the folder: to a file, and to a folder.
    await symlink(join(root, 'secret.txt'), join(renderer, 'assets', 'leak.txt'));
    await symlink(join(root, 'outside'), join(renderer, 'linked'));
    // A link that stays inside is fine.
    await symlink(join(renderer, 'assets', 'app.js'), join(renderer, 'alias.js'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const get = (path: string) => rendererAnswer(renderer, `app://palenca${path}`);

  test('a file of the folder, with its type, the CSP and nosniff', async () => {
    const page = await get('/index.html');
    assert.equal(page.status, 200);
    assert.equal(Buffer.from(page.body).toString(), '<html>page</html>');
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    const script = await get('/assets/app.js');
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal((await get('/')).status, 200, '/ is index.html');
  });

  test('a link that stays inside the folder is followed', async () => {
    const alias = await get('/alias.js');
    assert.equal(alias.status, 200);
    assert.equal(Buffer.from(alias.body).toString(), 'console.log(1)');
  });

  test('a link to a file or a folder outside the folder is a 404, with the CSP', async () => {
    for (const path of ['/assets/leak.txt', '/linked/other.txt']) {
      const answer = await get(path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.body, 'Not found');
      assert.doesNotMatch(String(answer.body), /not for the page/);
      assert.equal(answer.headers['content-security-policy'], CONTENT_SECURITY_POLICY, path);
    }
  });

  test('missing files, folders, ../ and other hosts are 404s, each with the CSP', async () => {
    const answers = await Promise.all([
      get('/missing.js'),
      get('/assets'),
      get('/../secret.txt'),
      get('/assets/%2e%2e%2f%2e%2e%2fsecret.txt'),
      rendererAnswer(renderer, 'app://elsewhere/index.html'),
    ]);
    for (const answer of answers) {
      assert.equal(answer.status, 404);
      assert.equal(answer.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    }
  });
});
