// The CSV formula guard, as one table: which values get the apostrophe and which stay as
// they are. A spreadsheet that trims spaces on import (LibreOffice's "trim spaces") would
// run ` =1+1`; full-width signs are read as formulas by some spreadsheets and input methods.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeField, guardFormula } from '../../electron/backend/export/csv-format.ts';

/** [value, guarded?] */
const CASES: ReadonlyArray<readonly [string, boolean]> = [
  // The ASCII signs at the start.
  ['=1+1', true],
  ['+52 55 1234', true],
  ['-1', true],
  ['-2+3', true],
  ['@SUM(A1)', true],
  // Behind white space of any kind, Unicode spaces included.
  [' =1+1', true],
  ['   +1', true],
  [' -1', true],
  [' @cmd', true],
  ['\u00a0=1+1', true], // no-break space
  ['\u3000=1+1', true], // ideographic space
  ['\u2003+1', true], // em space
  ['\u202f-1', true], // narrow no-break space
  ['\n=1+1', true],
  ['\v=1', true],
  ['\f@x', true],
  ['\ufeff=1', true], // a byte-order mark inside a value
  ['\u200b=1', true], // zero-width space: invisible, so skipped like white space
  ['\u202e=1', true], // a bidi override
  // Full-width forms, alone or behind white space.
  ['＝1+1', true],
  ['＋1', true],
  ['－1', true],
  ['＠SUM(A1)', true],
  [' ＝1+1', true],
  ['\u3000＠x', true],
  // TAB or CR at the very start, whatever follows.
  ['\tTabbed', true],
  ['\t', true],
  ['\rStarts with CR', true],
  ['\r\nx', true],
  // Values that stay as they are.
  ['plain', false],
  ['cus_000053', false],
  ['123', false],
  ['1.5', false],
  ['1e10', false],
  ['x=1', false],
  ['a+b', false],
  ['a-b', false],
  ['user@example.com', false],
  ['x ＝ 1', false],
  [' ', false],
  ['   ', false],
  [' leading space', false],
  ['trailing space ', false],
  ['\nsecond line', false],
  ["'already quoted", false],
  ['Peña Gonçalves', false],
  ['−1', false], // U+2212 MINUS SIGN is not one of the signs a spreadsheet reads as a formula
  ['', false],
];

test('the guard prefixes an apostrophe exactly to the values in the table', () => {
  const wrong = CASES.filter(([value, guarded]) => {
    const expected = guarded ? `'${value}` : value;
    return guardFormula(value) !== expected;
  }).map(
    ([value, guarded]) => `${JSON.stringify(value)} should ${guarded ? '' : 'not '}be guarded`,
  );
  assert.deepEqual(wrong, []);
});

test('a guarded value is still quoted when it needs quotes', () => {
  assert.equal(encodeField(' =A1,B1', ','), `"' =A1,B1"`);
  assert.equal(encodeField('＝"x"', ','), `"'＝""x"""`);
  assert.equal(encodeField(' ', ','), ' ');
  assert.equal(encodeField('', ','), '');
});
