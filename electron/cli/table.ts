// Plain-text tables for the terminal. Cells are made safe to print (line breaks and other
// control characters shown as escapes) and padded by display width, so CJK and emoji align.

// Control characters, plus every invisible format character (bidi overrides and isolates,
// zero-width spaces and joiners…) that could make an id display reversed or look like another.
const CONTROL = /[\p{Cc}\p{Cf}]/gu;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One printable line: no control character can break the table or drive the terminal. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => ESCAPES[c] ?? `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}

const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u;
const ZERO = /\p{Mark}|\u200d|\ufe0f/u;

/** Columns a string takes in a terminal (approximate, good enough for ids). */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (ZERO.test(char)) continue;
    width += WIDE.test(char) ? 2 : 1;
  }
  return width;
}

function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  for (const char of text) {
    if (displayWidth(`${out}${char}`) > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

const pad = (text: string, width: number) => text + ' '.repeat(width - displayWidth(text));

export function formatTable(headers: string[], rows: string[][], maxWidth = 48): string {
  const cells = rows.map((row) => row.map((cell) => truncate(printable(cell), maxWidth)));
  const widths = headers.map((header, i) =>
    Math.max(displayWidth(header), ...cells.map((row) => displayWidth(row[i] ?? ''))),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => pad(cell, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(headers), rule, ...cells.map(line)].join('\n');
}
