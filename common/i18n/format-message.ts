// A small ICU MessageFormat subset, enough for the catalogs: `{name}` arguments,
// `{n, plural, =0 {…} one {…} other {…}}` with `#`, and `{x, select, a {…} other {…}}`.
// Numbers (arguments and `#`) are formatted with Intl for the given locale. A doubled
// apostrophe `''` is a literal apostrophe. Parsed messages are cached.

export type MessageValues = Record<string, string | number | null | undefined>;

/** A parsed message: what the catalog test inspects (placeholders, plural options). */
export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'arg'; name: string }
  | { kind: 'pound' }
  | { kind: 'plural'; name: string; options: Map<string, Part[]> }
  | { kind: 'select'; name: string; options: Map<string, Part[]> };

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Part[] {
    const parts = this.parts(false);
    if (this.pos < this.src.length) throw this.error('unexpected "}"');
    return parts;
  }

  private error(what: string): Error {
    return new Error(`Bad message at ${this.pos}: ${what} in "${this.src}"`);
  }

  private parts(inPlural: boolean): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '}') break;
      if (ch === '{') {
        flush();
        parts.push(this.placeholder());
      } else if (ch === '#' && inPlural) {
        flush();
        parts.push({ kind: 'pound' });
        this.pos++;
      } else if (ch === "'" && this.src[this.pos + 1] === "'") {
        text += "'";
        this.pos += 2;
      } else {
        text += ch;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  private word(): string {
    this.skipSpace();
    const match = /^[^\s{},]+/.exec(this.src.slice(this.pos));
    if (!match) throw this.error('expected a name');
    this.pos += match[0].length;
    this.skipSpace();
    return match[0];
  }

  private skipSpace(): void {
    while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw this.error(`expected "${ch}"`);
    this.pos++;
  }

  private placeholder(): Part {
    this.expect('{');
    const name = this.word();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return { kind: 'arg', name };
    }
    this.expect(',');
    const type = this.word();
    if (type !== 'plural' && type !== 'select') throw this.error(`unknown type "${type}"`);
    this.expect(',');
    const options = new Map<string, Part[]>();
    this.skipSpace();
    while (this.src[this.pos] !== '}') {
      const key = this.word();
      this.expect('{');
      options.set(key, this.parts(type === 'plural'));
      this.expect('}');
      this.skipSpace();
      if (this.pos >= this.src.length) throw this.error('unclosed placeholder');
    }
    this.pos++;
    if (!options.has('other')) throw this.error('an "other" option is required');
    return { kind: type, name, options };
  }
}

const cache = new Map<string, Part[]>();

/** Parses a message; throws on a malformed one (a plural or select without `other` too). */
export function parseMessage(message: string): Part[] {
  let parts = cache.get(message);
  if (!parts) {
    parts = new Parser(message).parse();
    cache.set(message, parts);
  }
  return parts;
}

function render(
  parts: Part[],
  values: MessageValues,
  locale: string,
  pound: number | null,
): string {
  const numbers = new Intl.NumberFormat(locale);
  let out = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        out += part.text;
        break;
      case 'pound':
        out += pound === null ? '#' : numbers.format(pound);
        break;
      case 'arg': {
        const value = values[part.name];
        out += typeof value === 'number' ? numbers.format(value) : (value ?? '');
        break;
      }
      case 'plural': {
        const n = Number(values[part.name] ?? 0);
        const category = new Intl.PluralRules(locale).select(n);
        const chosen =
          part.options.get(`=${n}`) ?? part.options.get(category) ?? part.options.get('other');
        out += render(chosen ?? [], values, locale, n);
        break;
      }
      case 'select': {
        const key = String(values[part.name] ?? 'other');
        const chosen = part.options.get(key) ?? part.options.get('other');
        out += render(chosen ?? [], values, locale, pound);
        break;
      }
    }
  }
  return out;
}

/** Formats one catalog message. Throws on a malformed message (the catalog test catches it). */
export function formatMessage(message: string, values: MessageValues = {}, locale = 'en'): string {
  return render(parseMessage(message), values, locale, null);
}
