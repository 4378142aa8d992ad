// The only part of an answer's body (or of a thrown error's text) that may travel on, to the
// renderer's "details" and to the log: a short, single-line excerpt with the key taken out in
// every form a server could echo it in, and, for bodies, anything else that looks like a token.
//
// Why more than blanking the exact key: a gateway or an error page may echo the request's
// header base64'd (an `Authorization: Basic …` dump), URL-encoded (a logged query string), cut
// short, or in another case (hex escapes). So the key is removed raw, as base64 (standard and
// URL-safe, at each of the three byte alignments a longer encoded text can put it at), and
// URL-encoded; and any piece of 8 or more characters of any of those forms, in any case. A body
// may carry other secrets too (another key, a session token): runs of 16 or more token
// characters go, except plain words joined by `_ . / -` (`internal_server_error`,
// `UNABLE_TO_VERIFY_LEAF_SIGNATURE`), which are what the details are for.
//
// The text is cleaned before it is cut to length, so a cut can never leave a piece of the key
// that the cleaning would have caught.

export const REDACTED = '[redacted]';

/** How much of a body is looked at: the excerpt is at most a few hundred characters. */
const WINDOW = 4096;

/** Pieces of the key this long or longer are removed wherever they appear. */
const MIN_PIECE = 8;

/** Characters a token is made of (keys, base64, URL-encoded text, hex, JWTs). */
const TOKEN_RUN = /[A-Za-z0-9_\-+/=%.]{16,}/g;

/** Words, not tokens: one case of letters, joined by `_ . / -`. */
const WORDS = /^(?:[a-z]+(?:[_./-][a-z]+)*|[A-Z]+(?:[_./-][A-Z]+)*)$/;

/** Every form of `secret` a server might echo: raw, base64 at each alignment, URL-encoded. */
export function secretForms(secret: string): string[] {
  if (secret.length === 0) return [];
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret, encodeURIComponent(secret)]);
  for (const shift of [0, 1, 2]) {
    // With `shift` bytes before it, the characters that encode only the key's bits start at
    // ceil(8 * shift / 6) and end at floor(8 * (shift + length) / 6): what lies between is the
    // same whatever text surrounds the key.
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const start = Math.ceil((8 * shift) / 6);
    const end = Math.floor((8 * padded.length) / 6);
    for (const encoding of ['base64', 'base64url'] as const) {
      const text = padded.toString(encoding);
      if (shift === 0) forms.add(text);
      const middle = text.slice(start, end);
      if (middle.length >= MIN_PIECE) forms.add(middle);
    }
  }
  return [...forms].filter((form) => form.length > 0);
}

/** Where in `text` (lowercased) any form, or any piece of at least 8 characters of one, is. */
function secretRanges(text: string, forms: readonly string[]): Array<[number, number]> {
  const lower = text.toLowerCase();
  const marked = new Uint8Array(text.length);
  for (const form of forms) {
    const f = form.toLowerCase();
    // A form shorter than a piece is only removed whole.
    const size = Math.min(MIN_PIECE, f.length);
    const grams = new Set<string>();
    for (let i = 0; i + size <= f.length; i++) grams.add(f.slice(i, i + size));
    for (let i = 0; i + size <= lower.length; i++) {
      if (grams.has(lower.slice(i, i + size))) marked.fill(1, i, i + size);
    }
  }
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < marked.length; i++) {
    if (!marked[i]) continue;
    let end = i;
    while (end < marked.length && marked[end]) end++;
    ranges.push([i, end]);
    i = end;
  }
  return ranges;
}

/** `text` with every form of `secret`, and every piece of 8 or more characters of one, removed. */
export function withoutSecret(text: string, secret: string): string {
  const ranges = secretRanges(text, secretForms(secret));
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/** `text` with every token-like run (16 or more token characters, not plain words) removed. */
export function withoutTokens(text: string): string {
  return text.replace(TOKEN_RUN, (run) => (WORDS.test(run) ? run : REDACTED));
}

export interface ExcerptOptions {
  /** Longest excerpt, in characters (default 200). */
  max?: number;
  /**
   * Remove token-like runs too (default true): for what a server sent. Off for our own
   * network stack's words (`UND_ERR_SOCKET`, `net::ERR_CERT_AUTHORITY_INVALID`), which are
   * kept whole, the key still taken out.
   */
  tokens?: boolean;
}

/** A short, single-line excerpt of `text`, with the key and (by default) any token removed. */
export function safeExcerpt(text: string, secret: string, options: ExcerptOptions = {}): string {
  const max = options.max ?? 200;
  let clean = withoutSecret(text.slice(0, WINDOW), secret);
  if (options.tokens ?? true) clean = withoutTokens(clean);
  const flat = clean.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
