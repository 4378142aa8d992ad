import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  linkLanguageFor,
  linkLanguageOfLocale,
  reconnectLink,
  WIDGET_LINK_BASE,
} from '#common/reconnect-link.ts';

const params = (link: string) => Object.fromEntries(new URL(link).searchParams);

test('the link carries the widget, the exact external ID and the language', () => {
  const link = reconnectLink({
    widgetId: 'w-1',
    externalId: ' A&B=c #1 ñ ',
    language: 'es',
    environment: 'production',
  });
  assert.ok(link.startsWith(`${WIDGET_LINK_BASE}?`));
  assert.deepEqual(params(link), { widget_id: 'w-1', external_id: ' A&B=c #1 ñ ', lang: 'es' });
  assert.equal(new URL(link).hash, '', 'a # in the ID must not become a fragment');
});

test('sandbox adds is_sandbox=true; production never does', () => {
  const input = { widgetId: 'w', externalId: 'e', language: 'en' as const };
  assert.equal(params(reconnectLink({ ...input, environment: 'sandbox' })).is_sandbox, 'true');
  assert.equal(
    'is_sandbox' in params(reconnectLink({ ...input, environment: 'production' })),
    false,
  );
});

test("the worker's language follows their accounts' countries", () => {
  assert.equal(linkLanguageFor(['br'], 'en'), 'pt');
  assert.equal(linkLanguageFor(['MX '], 'pt-BR'), 'es');
  assert.equal(linkLanguageFor(['co', 'br', 'co'], 'en'), 'es');
  assert.equal(linkLanguageFor(['br', 'br', 'mx'], 'es'), 'pt');
  // No country that names a language: the app's own, with pt-BR as Palenca's pt.
  assert.equal(linkLanguageFor([], 'pt-BR'), 'pt');
  assert.equal(linkLanguageFor([null, 'us', undefined], 'en'), 'en');
  assert.equal(linkLanguageFor(['xx'], 'es'), 'es');
});

test('pt-BR is Palenca’s pt; es and en are themselves', () => {
  assert.equal(linkLanguageOfLocale('pt-BR'), 'pt');
  assert.equal(linkLanguageOfLocale('es'), 'es');
  assert.equal(linkLanguageOfLocale('en'), 'en');
});
