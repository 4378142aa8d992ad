import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTrustedSenderFacts } from '../../electron/main/security/trusted-sender.ts';

const trusted = {
  isOurWebContents: true,
  isTopFrame: true,
  frameUrl: 'app://palenca/index.html',
};

describe('IPC sender check', () => {
  test('accepts the top frame of our window showing our page', () => {
    assert.equal(isTrustedSenderFacts(trusted), true);
  });

  test('refuses another webContents', () => {
    assert.equal(isTrustedSenderFacts({ ...trusted, isOurWebContents: false }), false);
  });

  test('refuses an iframe, even one on our origin', () => {
    assert.equal(isTrustedSenderFacts({ ...trusted, isTopFrame: false }), false);
  });

  test('refuses a page that is not ours, or an unknown frame', () => {
    for (const frameUrl of [
      'https://example.com/',
      'file:///tmp/index.html',
      'app://evil/index.html',
      '',
      null,
      undefined,
    ]) {
      assert.equal(isTrustedSenderFacts({ ...trusted, frameUrl }), false, String(frameUrl));
    }
  });
});
