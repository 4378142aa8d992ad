// A CSV file as the app and the CLI save it for Excel: a UTF-8 byte-order mark, then rows
// ending in CRLF, read back by a real CSV parser.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';

/** The rows of a saved file with a byte-order mark; fails when the mark is missing. */
export function rowsOfBomCsv(bytes: Buffer, delimiter: string): string[][] {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte-order mark');
  return parse(bytes.subarray(3), { delimiter, record_delimiter: '\r\n' }) as string[][];
}
