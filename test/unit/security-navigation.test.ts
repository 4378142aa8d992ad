import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { APP_INDEX_URL } from '../../electron/main/security/app-origin.ts';
import {
  isAppUrl,
  isNavigationAllowed,
  windowOpenDecision,
} from '../../electron/main/security/navigation-policy.ts';

describe('navigation policy', () => {
  test('allows the app page and other pages of the app', () => {
    assert.equal(isNavigationAllowed(APP_INDEX_URL), true);
    assert.equal(isNavigationAllowed('app://palenca/index.html#/users'), true);
    assert.equal(isNavigationAllowed('app://palenca/'), true);
  });

  test('refuses the web, files, look-alike hosts and odd schemes', () => {
    for (const url of [
      'https://example.com/',
      'http://palenca/index.html',
      'file:///etc/passwd',
      'app://palenca.evil.example/index.html',
      'app://evil/index.html',
      'app://user:pass@palenca/index.html',
      'app://palenca:8080/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
    ]) {
      assert.equal(isAppUrl(url), false, url);
      assert.equal(isNavigationAllowed(url), false, url);
    }
  });

  test('denies every new window', () => {
    assert.deepEqual(windowOpenDecision(), { action: 'deny' });
  });
});
