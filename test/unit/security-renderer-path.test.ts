import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { rendererFileFor } from '../../electron/main/security/renderer-path.ts';

const root = join('/opt', 'palenca', 'renderer');

describe('app:// file mapping', () => {
  test('maps app pages and assets into the renderer folder', () => {
    assert.equal(rendererFileFor(root, 'app://palenca/index.html'), join(root, 'index.html'));
    assert.equal(rendererFileFor(root, 'app://palenca/'), join(root, 'index.html'));
    assert.equal(
      rendererFileFor(root, 'app://palenca/assets/index-abc.js?v=1'),
      join(root, 'assets', 'index-abc.js'),
    );
  });

  test('refuses paths that escape the folder, other hosts and broken URLs', () => {
    for (const url of [
      'app://palenca/../secret.txt',
      'app://palenca/%2e%2e/secret.txt',
      'app://palenca/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://palenca/..%5c..%5csecret.txt',
      'app://palenca/%00index.html',
      'app://palenca/%E0%A4%A',
      'app://other/index.html',
      'nonsense',
    ]) {
      const file = rendererFileFor(root, url);
      assert.ok(file === null || file.startsWith(`${root}/`), `${url} -> ${file}`);
    }
    // An encoded "/" survives URL parsing, so the decoded path would climb out: refused.
    assert.equal(rendererFileFor(root, 'app://palenca/assets/%2e%2e%2f%2e%2e%2fsecret.txt'), null);
    assert.equal(rendererFileFor(root, 'app://other/index.html'), null);
  });
});
