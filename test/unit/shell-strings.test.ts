// Main's menu and native-dialog text comes from the same catalogs as the window, in the
// person's language: their choice in settings, else the OS locale, else English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import en from '#common/i18n/en.json' with { type: 'json' };
import es from '#common/i18n/es.json' with { type: 'json' };
import ptBR from '#common/i18n/pt-BR.json' with { type: 'json' };
import { matchLocale } from '#common/match-locale.ts';
import { LOCALES } from '#common/models.ts';
import { mainCrashDialog } from '../../electron/main/crash/crash-dialogs.ts';
import { buildMenuTemplate } from '../../electron/main/menu/menu-template.ts';
import { shellStrings, shellStringsFor } from '../../electron/main/shell-strings.ts';

test('OS locales map to a catalog: es-* to Spanish, pt-* to Brazilian Portuguese, else English', () => {
  assert.equal(matchLocale('es-MX'), 'es');
  assert.equal(matchLocale('es-CO'), 'es');
  assert.equal(matchLocale('es'), 'es');
  assert.equal(matchLocale('pt-BR'), 'pt-BR');
  assert.equal(matchLocale('pt-PT'), 'pt-BR');
  assert.equal(matchLocale('pt_BR'), 'pt-BR');
  assert.equal(matchLocale('en-GB'), 'en');
  assert.equal(matchLocale('fr-FR'), 'en');
  assert.equal(matchLocale(''), 'en');
});

test('the OS locale is used until the person chooses a language, then the choice', () => {
  assert.equal(shellStrings(null, 'es-MX').menuEdit, es.shell_menu_edit);
  assert.equal(shellStrings(null, 'pt-BR').crashTitle, ptBR.shell_crash_title);
  assert.equal(shellStrings(null, 'de-DE').menuFile, en.shell_menu_file);
  assert.equal(shellStrings('pt-BR', 'es-MX').menuEdit, ptBR.shell_menu_edit);
  assert.equal(shellStrings('en', 'es-MX').saveDialogTitle, en.shell_save_dialog_title);
});

test('every shell string is there, and translated, in every language', () => {
  const english = shellStringsFor('en');
  for (const locale of LOCALES) {
    const strings = shellStringsFor(locale);
    for (const [name, text] of Object.entries(strings)) {
      assert.ok(text.trim().length > 0, `${locale}: ${name}`);
      assert.doesNotMatch(text, /[{}]/, `${locale}: ${name} has no placeholder left`);
      const same = text === english[name as keyof typeof english];
      // Brand names and "OK" may read the same in another language; nothing else should.
      if (locale !== 'en' && same)
        assert.ok(['appName', 'ok'].includes(name), `${locale}: ${name}`);
    }
  }
});

test('the menu and the crash dialog speak Spanish for a Spanish-speaking person', () => {
  const strings = shellStrings(null, 'es-CO');
  const labels = buildMenuTemplate({ isMac: false, isPackaged: false }, strings).map(
    (i) => i.label,
  );
  assert.deepEqual(labels, ['Archivo', 'Edición', 'Ver']);
  const dialog = mainCrashDialog(strings, '/tmp/x.log');
  assert.equal(dialog.title, 'Algo salió mal');
  assert.deepEqual(dialog.buttons, ['Aceptar']);
});

test('the save dialog names both export formats in the person’s language', () => {
  for (const [locale, catalog] of [
    ['en', en],
    ['es', es],
    ['pt-BR', ptBR],
  ] as const) {
    const strings = shellStringsFor(locale);
    assert.equal(strings.saveDialogFilterCsv, catalog.shell_save_filter_csv);
    assert.equal(strings.saveDialogFilterXlsx, catalog.shell_save_filter_xlsx);
    assert.match(strings.saveDialogFilterXlsx, /Excel.*\(\.xlsx\)/);
    assert.equal(strings.saveDialogTitleFile, catalog.shell_save_dialog_title_file);
  }
});
