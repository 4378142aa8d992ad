// The checks behind test/unit/i18n-catalogs.test.ts, as plain functions so the test can also
// run them on small fixtures and prove each one fails when it should.
//
// - every catalog has exactly the keys the others have;
// - every key is used: written literally (in quotes) in the renderer or in electron/main, or
//   built from one of DYNAMIC_KEYS' prefixes with a suffix from that prefix's source list;
// - no Svelte markup shows text outside the catalogs: text nodes with letters, and literal
//   letters in the attributes people read or hear (aria-label, title, placeholder, alt…);
// - every plural and select has `other`, and a key has the same placeholders (and the same
//   select options) in every language.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'svelte/compiler';
import { type Part, parseMessage } from '#common/i18n/format-message.ts';

export type Catalog = Record<string, string>;
export type Catalogs = Record<string, Catalog>;

/** The catalogs in a folder: `en.json` → `en`. */
export function loadCatalogs(dir: string): Catalogs {
  const catalogs: Catalogs = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    catalogs[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  }
  return catalogs;
}

/** `locale: key` for each key some catalog has and this one lacks. */
export function missingKeys(catalogs: Catalogs): string[] {
  const all = new Set(Object.values(catalogs).flatMap((c) => Object.keys(c)));
  const missing: string[] = [];
  for (const [locale, catalog] of Object.entries(catalogs)) {
    for (const key of all) if (!Object.hasOwn(catalog, key)) missing.push(`${locale}: ${key}`);
  }
  return missing.sort();
}

/**
 * What a message needs from its caller: each placeholder's name and kind, and for a select
 * its options (they are matched against values, so every language must offer the same).
 * Plural options may differ: each language has its own plural categories.
 */
export function messageShape(message: string): string[] {
  const shape = new Set<string>();
  const walk = (parts: Part[]) => {
    for (const part of parts) {
      if (part.kind === 'arg') shape.add(part.name);
      if (part.kind === 'plural') shape.add(`${part.name}:plural`);
      if (part.kind === 'select') {
        shape.add(`${part.name}:select(${[...part.options.keys()].sort().join('|')})`);
      }
      if (part.kind === 'plural' || part.kind === 'select') {
        for (const option of part.options.values()) walk(option);
      }
    }
  };
  walk(parseMessage(message));
  return [...shape].sort();
}

/** Messages that do not parse, including a plural or select without `other`. */
export function malformedMessages(catalogs: Catalogs): string[] {
  const bad: string[] = [];
  for (const [locale, catalog] of Object.entries(catalogs)) {
    for (const [key, message] of Object.entries(catalog)) {
      try {
        parseMessage(message);
      } catch (error) {
        bad.push(`${locale}: ${key}: ${(error as Error).message}`);
      }
    }
  }
  return bad;
}

/** Keys whose placeholders differ from the reference catalog's (English). */
export function placeholderMismatches(catalogs: Catalogs, reference = 'en'): string[] {
  const base = catalogs[reference] ?? {};
  const mismatches: string[] = [];
  for (const [locale, catalog] of Object.entries(catalogs)) {
    if (locale === reference) continue;
    for (const [key, message] of Object.entries(catalog)) {
      const expected = base[key];
      if (expected === undefined) continue;
      try {
        const want = messageShape(expected).join(', ');
        const got = messageShape(message).join(', ');
        if (want !== got)
          mismatches.push(`${locale}: ${key}: [${got}] but ${reference} has [${want}]`);
      } catch {
        // Reported by malformedMessages.
      }
    }
  }
  return mismatches;
}

/**
 * Keys the code builds at run time (`t(\`error_${error.code}\`)`), so no literal use can be
 * found. Each entry names the prefix, the pattern that shows the code builds it, and the
 * list its suffixes come from. A key with the prefix counts as used only when its suffix is
 * in the list; and every suffix in the list must have a key.
 */
export interface DynamicKeys {
  prefix: string;
  builtBy: RegExp;
  suffixes: readonly string[];
}

/** The source files (text) where catalog keys are used. */
export function readSources(roots: string[], extensions = ['.ts', '.svelte']): Map<string, string> {
  const sources = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (extensions.some((ext) => entry.name.endsWith(ext))) {
        sources.set(path, readFileSync(path, 'utf8'));
      }
    }
  };
  for (const root of roots) visit(root);
  return sources;
}

/** Keys no source uses, and dynamic keys the code would build but no catalog has. */
export function unusedKeys(
  keys: string[],
  sources: Iterable<string>,
  dynamic: DynamicKeys[],
): { unused: string[]; missingDynamic: string[] } {
  const text = [...sources].join('\n');
  const quoted = new Set<string>();
  for (const match of text.matchAll(/['"`]([a-z0-9]+(?:_[a-z0-9]+)+)['"`]/g)) {
    if (match[1]) quoted.add(match[1]);
  }
  const unused = keys.filter((key) => {
    if (quoted.has(key)) return false;
    const rule = dynamic.find((d) => key.startsWith(d.prefix));
    if (!rule?.builtBy.test(text)) return true;
    return !rule.suffixes.includes(key.slice(rule.prefix.length));
  });
  const missingDynamic = dynamic.flatMap((d) =>
    d.builtBy.test(text)
      ? d.suffixes.map((s) => `${d.prefix}${s}`).filter((key) => !keys.includes(key))
      : [],
  );
  return { unused: unused.sort(), missingDynamic };
}

/** Attributes whose words people read or hear. */
const READ_ATTRIBUTES = new Set([
  'alt',
  'aria-description',
  'aria-label',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'label',
  'placeholder',
  'title',
]);
const hasLetters = (s: string) => /\p{L}/u.test(s);
const TRANSLATORS = new Set(['t', 'i18n.t', 'i18n.error']);
const COMPARISONS = new Set(['===', '!==', '==', '!=']);

interface Node {
  type: string;
  [key: string]: unknown;
}
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

function calleeName(node: Node): string {
  const callee = node.callee as Node;
  if (callee.type === 'Identifier') return callee.name as string;
  if (callee.type === 'MemberExpression') {
    const object = callee.object as Node;
    const property = callee.property as Node;
    if (object.type === 'Identifier' && property.type === 'Identifier') {
      return `${object.name as string}.${property.name as string}`;
    }
  }
  return '';
}

/**
 * String literals with letters in an expression shown to people. Allowed: arguments of a call
 * (the translator's keys and values, a formatter's options) and either side of a comparison
 * (`env === 'production'`).
 */
function literalTexts(expression: Node): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if (node.type === 'CallExpression') {
      // Arguments are code (keys, select values, format options such as 'medium'); the
      // function's result is what shows. Only the callee is looked into.
      if (!TRANSLATORS.has(calleeName(node))) walk(node.callee as Node);
      return;
    }
    if (node.type === 'BinaryExpression' && COMPARISONS.has(node.operator as string)) return;
    if (node.type === 'Literal' && typeof node.value === 'string' && hasLetters(node.value)) {
      found.push(node.value);
    }
    if (node.type === 'TemplateElement') {
      const cooked = (node.value as { cooked?: string }).cooked ?? '';
      if (hasLetters(cooked)) found.push(cooked);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'metadata') continue;
      if (Array.isArray(value)) for (const v of value) isNode(v) && walk(v);
      else if (isNode(value)) walk(value);
    }
  };
  walk(expression);
  return found;
}

/** Words in a Svelte file's markup that do not come from the catalogs. */
export function hardCodedText(file: string, source: string): string[] {
  const ast = parse(source, { modern: true, filename: file });
  const found: string[] = [];
  const report = (where: string, text: string) =>
    found.push(`${file}: ${where} "${text.trim().replace(/\s+/g, ' ')}"`);
  const checkValue = (where: string, value: unknown) => {
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) {
      if (!isNode(part)) continue;
      if (part.type === 'Text' && hasLetters(part.data as string))
        report(where, part.data as string);
      if (part.type === 'ExpressionTag') {
        for (const text of literalTexts(part.expression as Node)) report(where, text);
      }
    }
  };
  const walk = (node: Node) => {
    if (node.type === 'Text') {
      if (hasLetters(node.data as string)) report('text', node.data as string);
      return;
    }
    if (node.type === 'ExpressionTag') {
      for (const text of literalTexts(node.expression as Node)) report('text', text);
      return;
    }
    // bind:, on:, class:, style: and the like hold code and CSS, not words.
    if (node.type.endsWith('Directive')) return;
    if (node.type === 'Attribute') {
      if (READ_ATTRIBUTES.has(node.name as string))
        checkValue(`${node.name as string}=`, node.value);
      return;
    }
    // Script expressions (conditions, handlers) are code, not text; fragments hold the markup.
    for (const [key, value] of Object.entries(node)) {
      if (key === 'expression' || key === 'test' || key === 'context' || key === 'key') continue;
      if (Array.isArray(value)) for (const v of value) isNode(v) && walk(v);
      else if (isNode(value)) walk(value);
    }
  };
  walk(ast.fragment as unknown as Node);
  return found;
}

/** hardCodedText over every `.svelte` file under `root`. */
export function hardCodedTextIn(root: string): string[] {
  const files = readSources([root], ['.svelte']);
  return [...files].flatMap(([path, source]) => hardCodedText(relative(root, path), source));
}
