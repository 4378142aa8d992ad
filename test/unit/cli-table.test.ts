// The CLI's terminal table shows invisible characters in IDs written out, never applied: a
// right-to-left override would make `\u202Egpj.exe` read `exe.jpg`, a zero-width space would
// make two different IDs look the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable, printable } from '../../electron/cli/table.ts';

test('invisible format and control characters are printed as escapes', () => {
  const cases: [string, string][] = [
    ['\u202Egpj.exe', '\\u{202e}gpj.exe'],
    ['ab\u200Bc', 'ab\\u{200b}c'],
    ['\u2066id\u2069', '\\u{2066}id\\u{2069}'],
    ['\uFEFFid', '\\u{feff}id'],
    ['a\u200Db', 'a\\u{200d}b'],
    ['line\nbreak\ttab', 'line\\nbreak\\ttab'],
  ];
  for (const [raw, shown] of cases) assert.equal(printable(raw), shown, JSON.stringify(raw));
});

test('ordinary IDs, accents and wide characters are printed as they are', () => {
  for (const id of ['usr_123-abc', 'José Núñez', '山田', 'ação']) assert.equal(printable(id), id);
  assert.match(formatTable(['ID'], [['\u202Eabc']]), /\\u\{202e\}abc/);
});
