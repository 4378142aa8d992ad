// The CSV separator Excel expects, derived from the region's own number format.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excelSeparatorFor } from '#common/excel-separator.ts';

test('Mexico writes 1.5: a comma; Brazil, Colombia, Argentina and Spain write 1,5: a semicolon', () => {
  assert.equal(excelSeparatorFor('es-MX'), ',');
  for (const region of ['pt-BR', 'es-CO', 'es-AR', 'es-ES']) {
    assert.equal(excelSeparatorFor(region), ';', region);
  }
  assert.equal(excelSeparatorFor('en-US'), ',');
  assert.equal(excelSeparatorFor('de-DE'), ';', 'derived, not a list of Latin American places');
});

test('POSIX-style names from Linux desktops are read too', () => {
  assert.equal(excelSeparatorFor('pt_BR.UTF-8'), ';');
  assert.equal(excelSeparatorFor('es_MX'), ',');
});

test('what is not a locale falls back to a comma, never an error', () => {
  for (const value of ['', 'C', 'POSIX', 'not a locale!', null, undefined]) {
    assert.equal(excelSeparatorFor(value), ',', String(value));
  }
});
