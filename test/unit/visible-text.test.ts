// IDs on screen: invisible format characters are written out, never applied.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visibleText } from '../../renderer/src/lib/visible-text.ts';

test('bidi controls are written out, so `\\u202Egpj.exe` cannot pass for exe.jpg', () => {
  assert.equal(visibleText('\u202Egpj.exe'), '⟨U+202E⟩gpj.exe');
  const cases: Array<[string, string]> = [
    ['\u202A', '⟨U+202A⟩'], // LRE
    ['\u202B', '⟨U+202B⟩'], // RLE
    ['\u202C', '⟨U+202C⟩'], // PDF
    ['\u202D', '⟨U+202D⟩'], // LRO
    ['\u2066', '⟨U+2066⟩'], // LRI
    ['\u2067', '⟨U+2067⟩'], // RLI
    ['\u2068', '⟨U+2068⟩'], // FSI
    ['\u2069', '⟨U+2069⟩'], // PDI
    ['\u200E', '⟨U+200E⟩'], // LRM
    ['\u200F', '⟨U+200F⟩'], // RLM
    ['\u061C', '⟨U+061C⟩'], // ALM
  ];
  for (const [char, shown] of cases) assert.equal(visibleText(`a${char}b`), `a${shown}b`);
});

test('other invisible format characters too, beyond the BMP as well', () => {
  assert.equal(visibleText('\u200Bx\u200Cy\u200Dz'), '⟨U+200B⟩x⟨U+200C⟩y⟨U+200D⟩z');
  assert.equal(visibleText('\uFEFFid'), '⟨U+FEFF⟩id');
  assert.equal(
    visibleText('a\u2060\u2061\u2062\u2063\u2064b'),
    'a⟨U+2060⟩⟨U+2061⟩⟨U+2062⟩⟨U+2063⟩⟨U+2064⟩b',
  );
  assert.equal(visibleText('soft\u00ADhyphen'), 'soft⟨U+00AD⟩hyphen');
  assert.equal(visibleText('tag\u{E0041}'), 'tag⟨U+E0041⟩');
});

test('ordinary IDs, accents, other scripts and emoji are left as they are', () => {
  for (const id of [
    '',
    '6c2b4f0e-4a1f-4f4e-9a55-0f4f0f0f0f0f',
    'cus_000053',
    '  padded 1  ',
    'tab\there',
    'Peña Gonçalves',
    '用户中文',
    'Кириллица',
    'שלום',
    'rider 🚗💨',
    '=HYPERLINK("x")',
  ]) {
    assert.equal(visibleText(id), id);
  }
});
