import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { CsvOptions, PalencaUser } from '#common/models.ts';
import {
  csvPreamble,
  encodeField,
  encodeUsers,
  guardFormula,
} from '../../electron/backend/export/csv-format.ts';

const ADVERSARIAL = [
  'plain',
  'with,comma',
  'with;semicolon',
  'say "hi"',
  '"',
  '""',
  'line\nbreak',
  'carriage\rreturn',
  'crlf\r\nend',
  'emoji 👩🏽‍💻 and ñ, ã, ü',
  '=SUM(A1:A2)',
  '+1',
  '-1',
  '@cmd',
  '\tTabbed',
  '\rStarts with CR',
  '=HYPERLINK("http://x","y")',
  ' leading space',
  'trailing space ',
  "'already quoted",
];

// What a person reads back: the value itself, with the documented apostrophe on formulas.
const expected = (value: string | null | undefined): string => {
  if (value === null || value === undefined) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
};

const usersFrom = (values: (string | null | undefined)[]): PalencaUser[] =>
  values.map((value, i) => ({
    user_id: `user-${i}`,
    external_id: value as string | null,
    widget_id: value ?? `widget-${i}`,
  }));

const roundTrip = (users: PalencaUser[], options: CsvOptions): string[][] =>
  parse(csvPreamble(options) + encodeUsers(users, options.delimiter), {
    bom: true,
    delimiter: options.delimiter,
    record_delimiter: '\r\n',
  }) as string[][];

describe('csv format', () => {
  for (const options of [
    { delimiter: ',', bom: false },
    { delimiter: ';', bom: true },
  ] satisfies CsvOptions[]) {
    it(`round-trips adversarial values through csv-parse (${JSON.stringify(options)})`, () => {
      const values = [...ADVERSARIAL, '', null, undefined];
      const users = usersFrom(values);
      const rows = roundTrip(users, options);
      assert.deepEqual(rows[0], ['user_id', 'external_id', 'widget_id']);
      assert.equal(rows.length, users.length + 1);
      users.forEach((user, i) => {
        assert.deepEqual(rows[i + 1], [
          user.user_id,
          expected(user.external_id),
          expected(user.widget_id),
        ]);
      });
    });
  }

  it('writes CRLF line ends and the header exactly', () => {
    const text = csvPreamble({ delimiter: ',', bom: false }) + encodeUsers(usersFrom(['a']), ',');
    assert.equal(text, 'user_id,external_id,widget_id\r\nuser-0,a,a\r\n');
  });

  it('adds a UTF-8 byte-order mark only when asked', () => {
    const withBom = Buffer.from(csvPreamble({ delimiter: ',', bom: true }), 'utf8');
    assert.deepEqual([...withBom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(!csvPreamble({ delimiter: ',', bom: false }).startsWith('\uFEFF'));
  });

  it('uses the semicolon delimiter and quotes on it, not on commas', () => {
    assert.equal(csvPreamble({ delimiter: ';', bom: false }), 'user_id;external_id;widget_id\r\n');
    assert.equal(encodeField('a;b', ';'), '"a;b"');
    assert.equal(encodeField('a,b', ';'), 'a,b');
    assert.equal(encodeField('a,b', ','), '"a,b"');
  });

  it('doubles inner quotes and quotes CR and LF', () => {
    assert.equal(encodeField('say "hi"', ','), '"say ""hi"""');
    assert.equal(encodeField('a\nb', ','), '"a\nb"');
    assert.equal(encodeField('a\rb', ','), '"a\rb"');
  });

  it('guards formula starts with an apostrophe, then quotes when needed', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      assert.equal(guardFormula(`${start}x`), `'${start}x`);
    }
    assert.equal(guardFormula('x=1'), 'x=1');
    assert.equal(encodeField('=1+1', ','), "'=1+1");
    assert.equal(encodeField('=A1,B1', ','), `"'=A1,B1"`);
    assert.equal(encodeField('\rx', ','), `"'\rx"`);
  });

  it('writes a missing or null external id as an empty field', () => {
    assert.equal(encodeField(null, ','), '');
    assert.equal(encodeField(undefined, ','), '');
    const text = encodeUsers(
      [{ user_id: 'u', external_id: null, widget_id: 'w' }] as PalencaUser[],
      ',',
    );
    assert.equal(text, 'u,,w\r\n');
  });
});
