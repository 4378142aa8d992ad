import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PALENCA_CONSOLE_URL } from '../../electron/backend/handlers/app-handlers.ts';
import { isAllowedExternalUrl } from '../../electron/main/security/external-links.ts';

describe('external link allow-list', () => {
  test("allows Palenca's own https pages, including the console the app links to", () => {
    assert.equal(isAllowedExternalUrl(PALENCA_CONSOLE_URL), true);
    assert.equal(isAllowedExternalUrl('https://docs.palenca.com/reference/users'), true);
  });

  test('refuses everything else', () => {
    for (const url of [
      'http://console.palenca.com/',
      'https://console.palenca.com.evil.example/',
      'https://evil.example/?https://console.palenca.com/',
      'https://user@console.palenca.com/',
      'https://console.palenca.com:444/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'not a url',
    ]) {
      assert.equal(isAllowedExternalUrl(url), false, url);
    }
  });
});
