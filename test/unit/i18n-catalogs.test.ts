// The message catalogs (common/i18n/*.json) against each other and against the code:
// same keys everywhere, no unused key, no hard-coded text in the Svelte markup, plurals with
// `other`, the same placeholders in every language. Each check is also run on a small
// fixture to prove it fails when it should.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '#common/error-codes.ts';
import { formatMessage } from '#common/i18n/format-message.ts';
import { LOCALES } from '#common/models.ts';
import {
  type DynamicKeys,
  hardCodedText,
  hardCodedTextIn,
  loadCatalogs,
  malformedMessages,
  missingKeys,
  placeholderMismatches,
  readSources,
  unusedKeys,
} from './i18n-audit.ts';

const path = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const catalogs = loadCatalogs(path('common/i18n'));
const en = catalogs.en ?? {};

/**
 * The only keys built at run time. `error_<code>`: i18n.error() turns a backend error code
 * into words with t(`error_${error.code}`), so every code in ERROR_CODES needs a message.
 * Add an entry here (with the list its suffixes come from) before building another key.
 */
const DYNAMIC_KEYS: DynamicKeys[] = [
  { prefix: 'error_', builtBy: /t\(`error_\$\{/, suffixes: ERROR_CODES },
];

describe('the catalogs', () => {
  test('there is one catalog per locale the app offers', () => {
    assert.deepEqual(Object.keys(catalogs).sort(), [...LOCALES].sort());
  });

  test('every catalog has every key, and only those', () => {
    assert.deepEqual(missingKeys(catalogs), []);
    for (const [locale, catalog] of Object.entries(catalogs)) {
      const keys = Object.keys(catalog);
      assert.deepEqual(keys, [...keys].sort(), `${locale} is alphabetised`);
      for (const key of keys) assert.match(key, /^[a-z0-9]+(_[a-z0-9]+)*$/, `${locale}: ${key}`);
    }
  });

  test('every message parses and every plural and select has "other"', () => {
    assert.deepEqual(malformedMessages(catalogs), []);
  });

  test('a key has the same placeholders and select options in every language', () => {
    assert.deepEqual(placeholderMismatches(catalogs), []);
  });

  test('every key is used by the renderer or by main', () => {
    // The backend uses a few too: a workbook's "About this export" sheet is in the person's language.
    const sources = readSources([
      path('renderer/src'),
      path('electron/main'),
      path('electron/backend'),
    ]);
    const { unused, missingDynamic } = unusedKeys(Object.keys(en), sources.values(), DYNAMIC_KEYS);
    assert.deepEqual(unused, []);
    assert.deepEqual(missingDynamic, []);
  });

  test('no Svelte component shows text that is not from the catalogs', () => {
    assert.deepEqual(hardCodedTextIn(path('renderer/src')), []);
  });

  test('Spanish and Portuguese pluralise and format numbers their own way', () => {
    const es = catalogs.es ?? {};
    const pt = catalogs['pt-BR'] ?? {};
    const users = (catalog: Record<string, string>, count: number, locale: string) =>
      formatMessage(catalog.history_rows ?? '', { count }, locale);
    assert.equal(users(es, 1, 'es-MX'), '1 usuario');
    assert.equal(users(es, 2, 'es-MX'), '2 usuarios');
    assert.equal(users(es, 1234, 'es-MX'), '1,234 usuarios');
    assert.equal(users(pt, 1, 'pt-BR'), '1 usuário');
    assert.equal(users(pt, 2, 'pt-BR'), '2 usuários');
    assert.equal(users(pt, 1234, 'pt-BR'), '1.234 usuários');
    assert.equal(
      formatMessage(es.table_showing ?? '', { from: 101, to: 150, total: 1234 }, 'es-MX'),
      'Mostrando 101–150 de 1,234 usuarios',
    );
  });
});

describe('the checks fail when they should', () => {
  test('a catalog lacking a key another has', () => {
    const fixture = {
      en: { a_key: 'A', b_key: 'B' },
      es: { a_key: 'Una' },
    };
    assert.deepEqual(missingKeys(fixture), ['es: b_key']);
  });

  test('a plural without "other", and placeholders that differ', () => {
    const fixture = {
      en: { n_users: '{count, plural, one {# user} other {# users}}', hi: 'Hi {name}' },
      es: { n_users: '{count, plural, one {# usuario}}', hi: 'Hola {nombre}' },
      'pt-BR': {
        n_users: '{count, plural, one {# usuário} other {# usuários}}',
        hi: '{name, select, ana {Oi Ana} other {Oi}}',
      },
    };
    assert.equal(malformedMessages(fixture).length, 1);
    assert.match(malformedMessages(fixture)[0] ?? '', /^es: n_users: .*other/);
    const mismatches = placeholderMismatches(fixture);
    assert.equal(mismatches.length, 2);
    assert.match(mismatches.join('\n'), /es: hi: \[nombre\]/);
    assert.match(mismatches.join('\n'), /pt-BR: hi: \[name:select\(ana\|other\)\]/);
  });

  test('an unused key, and a dynamic key without a message', () => {
    const sources = [`t('used_key'); t(\`error_\${error.code}\`);`, 'const label = "other_used";'];
    const dynamic = [
      { prefix: 'error_', builtBy: /t\(`error_\$\{/, suffixes: ['offline', 'gone'] },
    ];
    const result = unusedKeys(
      ['used_key', 'other_used', 'never_used', 'error_offline', 'error_stale'],
      sources,
      dynamic,
    );
    assert.deepEqual(result.unused, ['error_stale', 'never_used']);
    assert.deepEqual(result.missingDynamic, ['error_gone']);
  });

  test('hard-coded text in a component', () => {
    const fixture = `<script lang="ts">
  import { t } from '../i18n/i18n.svelte.ts';
  let env = $state('production');
  let n = $state(2);
</script>
<h1>Users</h1>
<p>{t('table_title')} — {n}</p>
<button aria-label="Close the panel" title={t('common_close')}>×</button>
<input placeholder={env === 'production' ? 'Live key' : t('key_placeholder')} />
<img alt="Logo" src="x.png" />
{#if env === 'production'}<span class="badge">{\`\${n} rows\`}</span>{:else}Sandbox{/if}
<span class="ok" data-kind="plain">{t('common_copied', { kind: 'yes' })}</span>`;
    const found = hardCodedText('Fixture.svelte', fixture);
    assert.deepEqual(found, [
      'Fixture.svelte: text "Users"',
      'Fixture.svelte: aria-label= "Close the panel"',
      'Fixture.svelte: placeholder= "Live key"',
      'Fixture.svelte: alt= "Logo"',
      'Fixture.svelte: text "rows"',
      'Fixture.svelte: text "Sandbox"',
    ]);
  });
});
