// Reads an opened list in the page, so only its text crosses to main. Spreadsheets save CSV
// as UTF-8 (with or without a BOM), as UTF-16 ("Unicode text") or in the Windows code page
// ("CSV (comma delimited)" in Excel on Windows): each is read as what it is, and a file that
// is none of them (a spreadsheet's own format, a picture) is said to be not text.
import { MAX_LIST_TEXT } from '../../../state/reconcile.svelte.ts';

export type ListFile =
  | { ok: true; text: string }
  | { ok: false; problem: 'file_too_big' | 'file_not_text' | 'file_unreadable' };

/** Control characters a text list never holds (tab, line feed, form feed, return allowed). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const BINARY = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

function decode(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: the Windows code page, unless it holds what no text file does.
    if (bytes.includes(0)) return null;
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export async function readListFile(file: File): Promise<ListFile> {
  // Refused before reading: a 2 GB file is never loaded to find out.
  if (file.size > MAX_LIST_TEXT) return { ok: false, problem: 'file_too_big' };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { ok: false, problem: 'file_unreadable' };
  }
  const text = decode(bytes);
  if (text === null || BINARY.test(text)) return { ok: false, problem: 'file_not_text' };
  // (TextDecoder has already dropped a byte-order mark.)
  return { ok: true, text };
}
