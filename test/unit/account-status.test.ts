// The one grouping of Palenca's account statuses for people, and the catalogue that explains
// each: every reason the grouping can give has words in every language.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  ACCOUNT_STATUS_GROUPS,
  ACCOUNT_STATUS_REASONS,
  readAccountStatus,
} from '#common/account-status.ts';
import { formatMessage, parseMessage } from '#common/i18n/format-message.ts';
import { loadCatalogs } from './i18n-audit.ts';

describe('reading an account status', () => {
  test('the documented statuses fall in the four groups', () => {
    assert.deepEqual(readAccountStatus('success', null), { group: 'connected', reason: 'success' });
    assert.deepEqual(readAccountStatus('pending', null), { group: 'waiting', reason: 'pending' });
    assert.deepEqual(readAccountStatus('incomplete', null), {
      group: 'action',
      reason: 'incomplete',
    });
    assert.deepEqual(readAccountStatus('error', null), { group: 'failed', reason: 'error' });
  });

  test("the spec's other statuses are grouped too", () => {
    const groups = Object.fromEntries(
      [
        'created',
        'retry',
        'requires_auth',
        'error_credentials',
        'error_otp',
        'profile_unavailable',
        'pending_for_data',
        'validation_pending',
      ].map((status) => [status, readAccountStatus(status, null).group]),
    );
    assert.deepEqual(groups, {
      created: 'waiting',
      retry: 'waiting',
      requires_auth: 'action',
      error_credentials: 'action',
      error_otp: 'action',
      profile_unavailable: 'failed',
      pending_for_data: 'waiting',
      validation_pending: 'waiting',
    });
  });

  test('a known reason in status_details speaks before the status', () => {
    // A wrong password is for the person to fix, not a failure of Palenca's.
    assert.deepEqual(readAccountStatus('error', 'invalid_credentials'), {
      group: 'action',
      reason: 'invalid_credentials',
    });
    assert.deepEqual(readAccountStatus('error', 'login_refused'), {
      group: 'action',
      reason: 'login_refused',
    });
    assert.deepEqual(readAccountStatus('pending', 'platform_unavailable'), {
      group: 'failed',
      reason: 'platform_unavailable',
    });
    // An unknown reason leaves the status in charge.
    assert.deepEqual(readAccountStatus('pending', 'something_new'), {
      group: 'waiting',
      reason: 'pending',
    });
    // Connected stays connected whatever the details say.
    assert.equal(readAccountStatus('success', 'platform_unavailable').group, 'connected');
  });

  test('no status, or one this app does not know, is unknown (never a guess)', () => {
    assert.deepEqual(readAccountStatus(null, null), { group: 'unknown', reason: 'unknown' });
    assert.deepEqual(readAccountStatus('teleported', undefined), {
      group: 'unknown',
      reason: 'unknown',
    });
    assert.equal(readAccountStatus(' SUCCESS ', null).group, 'connected', 'case and spaces');
    // Names of Object.prototype are not statuses.
    assert.equal(readAccountStatus('constructor', 'toString').group, 'unknown');
  });
});

describe('the catalogue of explanations', () => {
  const catalogs = loadCatalogs(fileURLToPath(new URL('../../common/i18n', import.meta.url)));

  /** The options of the select in `key`'s message. */
  const optionsOf = (message: string): string[] => {
    const select = parseMessage(message).find((part) => part.kind === 'select');
    assert.ok(select && select.kind === 'select', message.slice(0, 40));
    return [...select.options.keys()];
  };

  test('every reason has its own explanation and next step in every language', () => {
    const named = ACCOUNT_STATUS_REASONS.filter((reason) => reason !== 'unknown');
    for (const [locale, catalog] of Object.entries(catalogs)) {
      for (const key of ['accounts_reason', 'accounts_next_step']) {
        const options = optionsOf(catalog[key] ?? '');
        for (const reason of named)
          assert.ok(options.includes(reason), `${locale} ${key} ${reason}`);
      }
      const groups = optionsOf(catalog.accounts_status ?? '');
      for (const group of ACCOUNT_STATUS_GROUPS.filter((g) => g !== 'unknown'))
        assert.ok(groups.includes(group), `${locale} accounts_status ${group}`);
    }
  });

  test('Spanish explains a refused Uber login and what to do', () => {
    const es = catalogs.es ?? {};
    const { reason } = readAccountStatus('error', 'login_refused');
    assert.match(formatMessage(es.accounts_reason ?? '', { reason }, 'es'), /Uber/);
    assert.match(formatMessage(es.accounts_next_step ?? '', { reason }, 'es'), /30 minutos/);
    assert.equal(
      formatMessage(es.accounts_status ?? '', { group: 'action' }, 'es'),
      'Requiere acción',
    );
  });
});
