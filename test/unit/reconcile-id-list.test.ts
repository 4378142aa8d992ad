import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { MAX_RECONCILE_IDS } from '#common/models.ts';
import { guardFormula } from '../../electron/backend/export/csv-format.ts';
import {
  readIdList,
  readIdListToLookUp,
  TOO_LONG_SHOWN,
} from '../../electron/backend/reconcile/id-list.ts';
import { detectDelimiter, splitRecords } from '../../electron/backend/reconcile/table-text.ts';

const read = (text: string, column?: string) => {
  const list = readIdList(text, column);
  assert.ok(list.ok, list.ok ? '' : list.error.message);
  return list.value;
};

/** The error of a list refused for `code`; fails when the list was read. */
const refused = (list: ReturnType<typeof readIdList>, code: string) => {
  assert.ok(!list.ok, 'refused');
  assert.equal(list.error.code, code);
  return list.error;
};

describe('the id-list reader: plain lists', () => {
  const cases: {
    name: string;
    text: string;
    ids: string[];
    duplicates?: number;
    blanks?: number;
  }[] = [
    { name: 'LF', text: 'a\nb\nc\n', ids: ['a', 'b', 'c'] },
    { name: 'CRLF', text: 'a\r\nb\r\nc\r\n', ids: ['a', 'b', 'c'] },
    { name: 'CR only (old Mac)', text: 'a\rb\rc', ids: ['a', 'b', 'c'] },
    { name: 'mixed line ends', text: 'a\r\nb\rc\nd', ids: ['a', 'b', 'c', 'd'] },
    { name: 'a BOM', text: '\uFEFFa\nb', ids: ['a', 'b'] },
    {
      name: 'duplicates, counted and kept once, in first-seen order',
      text: 'b\na\nb\nb\na\nc',
      ids: ['b', 'a', 'c'],
      duplicates: 3,
    },
    {
      name: 'duplicates after trimming; case is kept (different IDs)',
      text: 'x1 \n x1\nX1\n\tx1\t',
      ids: ['x1', 'X1'],
      duplicates: 2,
    },
    {
      name: 'blank lines and lines of only spaces',
      text: '\n\na\n   \n\t\nb\n\n',
      ids: ['a', 'b'],
      blanks: 5,
    },
    {
      name: 'inner characters kept exactly',
      text: '  a  b  \nin"side"\n=1+1\n用户 1\n',
      ids: ['a  b', 'in"side"', '=1+1', '用户 1'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const list = read(c.text);
      assert.deepEqual(list.ids, c.ids);
      assert.equal(list.reading.ids, c.ids.length);
      assert.equal(list.reading.duplicates, c.duplicates ?? 0);
      assert.equal(list.reading.blanks, c.blanks ?? 0);
      assert.equal(list.reading.columns, null);
      assert.equal(list.reading.column, null);
      assert.deepEqual(list.reading.sample, c.ids.slice(0, 5));
    });
  }

  it('a one-column list with an external_id header skips the header', () => {
    const list = read('External ID\r\nA-1\r\nA-2\r\n');
    assert.deepEqual(list.ids, ['A-1', 'A-2']);
    assert.deepEqual(list.reading.columns, ['External ID']);
    assert.equal(list.reading.column, 'External ID');
  });

  it('a one-column list with the header asked for by name', () => {
    assert.deepEqual(read('cliente\nA\nB', 'CLIENTE').ids, ['A', 'B']);
  });

  it('a column asked of a list without that header is refused, not guessed', () => {
    refused(readIdList('A\nB', 'cliente'), 'list_no_column');
  });

  it('samples the first five IDs', () => {
    assert.deepEqual(read('1\n2\n3\n4\n5\n6\n7').reading.sample, ['1', '2', '3', '4', '5']);
  });
});

describe('the id-list reader: tables', () => {
  it('semicolons, the external_id column found by its header', () => {
    const list = read('name;External_ID;email\r\nAna;E1;a@x\r\nBo;E2;b@x\r\n');
    assert.deepEqual(list.reading.columns, ['name', 'External_ID', 'email']);
    assert.equal(list.reading.column, 'External_ID');
    assert.deepEqual(list.ids, ['E1', 'E2']);
  });

  it('a header in Spanish (id externo) and customer_id are recognised', () => {
    assert.deepEqual(read('nombre,ID Externo\nAna,E1').ids, ['E1']);
    assert.deepEqual(read('name,customer_id\nAna,C1').ids, ['C1']);
  });

  it('no ID-like header: the first column', () => {
    const list = read('client,name\nC1,Ana\nC2,Bo');
    assert.equal(list.reading.column, 'client');
    assert.deepEqual(list.ids, ['C1', 'C2']);
  });

  it('tabs', () => {
    assert.deepEqual(read('a\tid\tb\nx\tT1\ty\nx\tT2\ty\n', 'ID').ids, ['T1', 'T2']);
  });

  it('the column by name: trimmed, any case', () => {
    assert.deepEqual(read(' Name , Code \nAna,K1\nBo,K2', '  code ').ids, ['K1', 'K2']);
  });

  it('an unknown column is refused with the columns there are', () => {
    const error = refused(readIdList('name;code\nAna;K1', 'cliente'), 'list_no_column');
    assert.equal(error.detail, 'name, code');
  });

  it('quoted fields holding the delimiter, quotes and line breaks', () => {
    const text =
      'id,note\r\n"acme, inc",x\r\n"the ""best"" rider","a\r\nb"\r\n"multi\nline",z\r\nplain,"q;"\r\n';
    const list = read(text);
    assert.deepEqual(list.ids, ['acme, inc', 'the "best" rider', 'multi\nline', 'plain']);
    // Checked against a real CSV parser.
    const rows = parse(text, { relax_column_count: true }) as string[][];
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      list.ids,
    );
  });

  it('splits as a real CSV parser does, for tables of awkward fields', () => {
    // A pseudo-random generator with a fixed seed: the same tables every run.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = ['a', 'Zé', ' ', ',', ';', '\t', '"', '\n', '\r\n', '\r', '用户', '=1'];
    for (let t = 0; t < 200; t++) {
      const delimiter = ([',', ';', '\t'] as const)[t % 3] as ',' | ';' | '\t';
      const eol = ['\r\n', '\n', '\r'][t % 3] as string;
      const width = 1 + Math.floor(random() * 4);
      const table = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        Array.from({ length: width }, () =>
          Array.from(
            { length: Math.floor(random() * 5) },
            () => pieces[Math.floor(random() * pieces.length)],
          ).join(''),
        ),
      );
      // Quoted as RFC 4180 says: a field with the delimiter, a quote or a line break.
      const text = table
        .map((row) =>
          row
            .map((f) => (/[,;\t"\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f))
            .join(delimiter),
        )
        .join(eol);
      const ours = splitRecords(text, delimiter).map((r) => r.fields);
      const theirs = parse(text, {
        delimiter,
        record_delimiter: ['\r\n', '\n', '\r'],
        relax_column_count: true,
        skip_empty_lines: false,
      }) as string[][];
      // csv-parse gives nothing for a last row of one empty field; neither do we.
      assert.deepEqual(ours, theirs, JSON.stringify(text));
    }
  });

  it('a delimiter inside quotes on the first line does not make a table', () => {
    assert.equal(detectDelimiter('"a,b"\nc'), null);
    assert.equal(detectDelimiter('"a,b";c\nd'), ';');
    assert.equal(detectDelimiter('id;name, surname\n'), ';');
  });

  it('blank rows, empty cells and short rows are blanks; duplicates counted', () => {
    const list = read('name,external_id\nAna,E1\n\nBo,\nCy\nDi,E1\nEd,E2\n');
    assert.deepEqual(list.ids, ['E1', 'E2']);
    assert.equal(list.reading.blanks, 3);
    assert.equal(list.reading.duplicates, 1);
  });

  it('line numbers follow the text, multi-line quoted fields included', () => {
    const records = splitRecords('h,i\n"a\nb",1\r\nc,2\rd,3', ',');
    assert.deepEqual(
      records.map((r) => r.line),
      [1, 2, 4, 5],
    );
  });
});

describe('the id-list reader: quoted lines, guarded formulas, spaces', () => {
  it('a plain list of CSV-quoted lines is unquoted, "" read as one quote', () => {
    const list = read('"cus_0001j3"\r\n"a ""b"" c"\r\n  "d"  \r\n"e\r\nf"g"\r\n');
    assert.deepEqual(list.ids, ['cus_0001j3', 'a "b" c', 'd', '"e', 'f"g"']);
  });

  it('a one-column list with a quoted header skips it', () => {
    const list = read('"external_id"\n"cus_1"\n"cus_2"\n');
    assert.equal(list.reading.column, 'external_id');
    assert.deepEqual(list.ids, ['cus_1', 'cus_2']);
  });

  it("an exported cell's formula guard is removed; other apostrophes are kept", () => {
    // What our export writes for these IDs, read back as they were.
    const exported = ['=1+1', '+52 55', '-x', '@me', ' =sp'].map(guardFormula);
    assert.deepEqual(exported.slice(0, 2), ["'=1+1", "'+52 55"]);
    const list = read(['external_id', ...exported, "'plain", "O'Brien", "''=x"].join('\n'));
    assert.deepEqual(list.ids, ['=1+1', '+52 55', '-x', '@me', '=sp', "'plain", "O'Brien", "''=x"]);
    const table = read(`name;external_id\nA;'=2*3\nB;"'@x;y"\n`);
    assert.deepEqual(table.ids, ['=2*3', '@x;y']);
  });

  it('counts the IDs whose surrounding spaces were removed', () => {
    const list = read(' a\nb \n\tc\nd\n  \nb\n" e "\n');
    assert.deepEqual(list.ids, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(list.reading.trimmed, 4);
    assert.equal(read('a\nb\n').reading.trimmed, 0);
  });
});

describe('the id-list reader: limits', () => {
  it('IDs longer than 200 characters are reported by line, never looked up', () => {
    const long = 'x'.repeat(201);
    const list = read(`ok1\n${long}\n${'y'.repeat(200)}\n\n${long}b\n${long}\n`);
    assert.deepEqual(list.ids, ['ok1', 'y'.repeat(200)]);
    // Kept, once each, for the results.
    assert.deepEqual(list.tooLongIds, [long, `${long}b`]);
    assert.equal(list.reading.tooLongCount, 3);
    assert.deepEqual(list.reading.tooLong, [
      { line: 2, length: 201 },
      { line: 5, length: 202 },
      { line: 6, length: 201 },
    ]);
  });

  it(`names the first ${TOO_LONG_SHOWN} too-long IDs and counts the rest`, () => {
    const lines = Array.from({ length: 30 }, (_, i) => (i % 2 ? 'z'.repeat(250) : `id${i}`));
    const list = read(lines.join('\n'));
    assert.equal(list.reading.tooLongCount, 15);
    assert.equal(list.reading.tooLong.length, 15);
    const many = read(Array.from({ length: 25 }, () => 'w'.repeat(300)).join('\n'));
    assert.equal(many.reading.tooLongCount, 25);
    assert.equal(many.reading.tooLong.length, TOO_LONG_SHOWN);
    assert.equal(many.reading.tooLong.at(-1)?.line, TOO_LONG_SHOWN);
  });

  it(`more than ${MAX_RECONCILE_IDS} distinct IDs: the reading says so and starting refuses`, () => {
    const text = Array.from({ length: MAX_RECONCILE_IDS + 7 }, (_, i) => `id-${i}`).join('\n');
    const list = read(`${text}\nid-0\n`);
    assert.equal(list.reading.ids, MAX_RECONCILE_IDS + 7);
    assert.equal(list.reading.overLimit, 7);
    assert.equal(list.reading.duplicates, 1);
    const refused = readIdListToLookUp(text);
    assert.equal(!refused.ok && refused.error.code, 'list_too_long');
    // Exactly at the limit is fine.
    const atLimit = readIdListToLookUp(
      Array.from({ length: MAX_RECONCILE_IDS }, (_, i) => `id-${i}`).join('\n'),
    );
    assert.ok(atLimit.ok);
  });

  for (const [name, text] of [
    ['empty', ''],
    ['only a BOM', '\uFEFF'],
    ['only blanks', '\n  \r\n\t\n'],
    ['a table with only its header', 'name,external_id\r\n'],
    ['only too-long IDs', 'q'.repeat(201)],
  ] as const) {
    it(`${name}: list_empty`, () => {
      refused(readIdListToLookUp(text), 'list_empty');
    });
  }
});
