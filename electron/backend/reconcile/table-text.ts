// Splits text into records of fields: a delimited table (RFC 4180 quoting: a quoted field may
// hold the delimiter, line breaks and doubled quotes) or, with no delimiter, one field a line.
// A plain list's line that is a quoted field is unquoted. CRLF, CR and LF all end a record;
// each record keeps the line it starts on, so the reader can name lines to the person. Small and ours: csv-parse is only a development dependency.

export type TableDelimiter = ',' | ';' | '\t';

export interface TextRecord {
  /** 1-based line of the text the record starts on. */
  line: number;
  fields: string[];
}

const DELIMITERS: readonly TableDelimiter[] = ['\t', ';', ','];

/**
 * The delimiter of a table whose first line holds one outside quotes; null for a plain list.
 * Several kinds on the first line: the most frequent wins (a header `id;name, surname` is a
 * semicolon table), ties in the order tab, semicolon, comma.
 */
export function detectDelimiter(text: string): TableDelimiter | null {
  const counts = new Map<TableDelimiter, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) {
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  let best: TableDelimiter | null = null;
  for (const d of DELIMITERS) {
    if ((counts.get(d) ?? 0) > (best === null ? 0 : (counts.get(best) ?? 0))) best = d;
  }
  return best;
}

/**
 * The records of `text`. With a delimiter, quotes count only at a field's start (a quote inside
 * an unquoted field is kept as a character, as spreadsheets write it); a quoted field that is
 * never closed runs to the end of the text. A final line break ends the last record, it does
 * not start an empty one.
 */
export function splitRecords(text: string, delimiter: TableDelimiter | null): TextRecord[] {
  if (delimiter === null) return splitLines(text);
  const records: TextRecord[] = [];
  // Whole runs are sliced at once (indexOf, a regular expression): a 10 MB table char by
  // char would hold the backend for seconds.
  const plainEnd = new RegExp(`[${delimiter === '\t' ? '\\t' : delimiter}\\r\\n]`, 'g');
  const n = text.length;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let atFieldStart = true;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (atFieldStart && c === '"') {
      // A quoted field: up to the closing quote; `""` is one quote; line breaks are kept.
      atFieldStart = false;
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        const chunk = text.slice(i, quote < 0 ? n : quote);
        field += chunk;
        line += lineBreaks(chunk);
        if (quote < 0) {
          i = n;
          break;
        }
        if (text[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      // Anything after the closing quote up to the delimiter belongs to the field too.
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      atFieldStart = true;
      recordLine = line;
      continue;
    }
    atFieldStart = false;
    plainEnd.lastIndex = i;
    const end = plainEnd.exec(text)?.index ?? n;
    field += text.slice(i, end);
    i = end;
  }
  // The last record, unless the text ended with a line break (or is empty).
  if (!atFieldStart || field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}

/** Line breaks in `text`, a CRLF counting one. */
const lineBreaks = (text: string): number => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/** A line that is one whole quoted CSV field (spaces around it allowed), `""` inside. */
const QUOTED_LINE = /^[ \t]*"((?:[^"]|"")*)"[ \t]*$/;

/**
 * A plain list's line read as one CSV field: a spreadsheet saving a one-column list may quote
 * every value, and `"cus_1"` is the ID `cus_1`. Anything else is the line as it is.
 */
export function unquoteLine(line: string): string {
  const match = QUOTED_LINE.exec(line);
  return match ? (match[1] as string).replaceAll('""', '"') : line;
}

/** A plain list: one record a line, the quick way (no field holds a line break). */
function splitLines(text: string): TextRecord[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  // A final line break ends the last line; it does not start an empty one.
  if (lines.at(-1) === '') lines.pop();
  return lines.map((field, index) => ({ line: index + 1, fields: [unquoteLine(field)] }));
}
