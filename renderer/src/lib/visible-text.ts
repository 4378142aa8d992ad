// IDs come from Palenca and may hold characters that change how text is drawn without being
// seen: shown written out, never applied.

/**
 * Invisible format characters (Unicode category Cf): bidi embeddings, overrides, isolates and
 * marks, zero-width spaces and joiners, word joiners, byte-order marks, soft hyphens, tags…
 */
const FORMAT_CHARACTER = /\p{Cf}/gu;

const written = (char: string): string =>
  `⟨U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`;

/**
 * An ID as it may be shown: every invisible format character written out as `⟨U+202E⟩`.
 * A right-to-left override in `\u202Egpj.exe` would otherwise make the table read `exe.jpg`.
 * Display only: copy buttons, files and requests keep the original text.
 */
export const visibleText = (text: string): string => text.replace(FORMAT_CHARACTER, written);
