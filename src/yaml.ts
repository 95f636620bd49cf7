/**
 * YAML output for plain data (what `toJson` of a Kubernetes object is: maps with string keys,
 * lists, strings, numbers, booleans, null), byte for byte what js-yaml's
 * `dump(value, { lineWidth: -1, noRefs: true })` writes, without its cost: js-yaml builds a node
 * tree first and runs several Unicode regular expressions over every string (the Grafana
 * dashboard's JSON and the migration program among them); this writes the text in one walk and
 * decides each string's style with one scan of its characters.
 *
 * Anything outside plain data (a Date, a Map, a class instance, a map key with a line break, ...)
 * is handed to js-yaml's `dump` as a whole, so the output is always js-yaml's. The equivalence is
 * proven against js-yaml itself: every shipped environment's objects and a seeded corpus of
 * hostile strings and numbers (test/yaml.test.ts).
 *
 * The style rules below are js-yaml 5.5's presenter (dist/js-yaml.cjs.js: `canUsePlain`,
 * `canUseSingleQuoted`, `canUseBlock`, `DEFAULT_SCALAR_STYLE_RULES`, `renderLiteralBlock`,
 * `escapeString`, `writeBlockMapping`, `writeBlockSequence`), over the YAML 1.2 character
 * productions (yaml.org/spec/1.2.2 chapter 5: c-printable, nb-char, ns-char, c-indicator).
 */
import { DUMP_SCHEMA, dump } from 'js-yaml';

const STR_TAG = 'tag:yaml.org,2002:str';

/** The output options every file of ours uses. */
const DUMP_OPTIONS = { lineWidth: -1, noRefs: true, sortKeys: false } as const;

/** Thrown inside the walk when the value is not plain data: the caller falls back to js-yaml. */
class NotPlain extends Error {}

const enum Style {
  Plain,
  SingleQuoted,
  DoubleQuoted,
  Literal,
}

/** YAML of `value`, as js-yaml's `dump(value, { lineWidth: -1, noRefs: true })` writes it. */
export function toYamlDocument(value: unknown): string {
  // js-yaml writes an empty document for undefined.
  if (value === undefined) return dump(value, DUMP_OPTIONS);
  const state = { openEnded: false };
  let text: string;
  try {
    text = node(value, 0, state, true);
  } catch (e) {
    if (e instanceof NotPlain) return dump(value, DUMP_OPTIONS);
    throw e;
  }
  // js-yaml ends the document with "..." when its last scalar was a kept ("|+") block scalar.
  return `${text}\n${state.openEnded ? '...\n' : ''}`;
}

interface State {
  /** The last scalar written was a block scalar ending in an empty line (js-yaml's `openEnded`). */
  openEnded: boolean;
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === null || proto === Object.prototype;
};

/**
 * One node at `level` (js-yaml's `writeNode` with `block: true`). `compact`: a non-empty map or
 * list starts on the current line (a list item, the document root); otherwise on the next.
 */
function node(value: unknown, level: number, state: State, compact: boolean): string {
  if (value === null || value === undefined) return scalar('null', level, state, false, false);
  switch (typeof value) {
    case 'string':
      return scalar(value, level, state, false, true);
    case 'boolean':
      return scalar(value ? 'true' : 'false', level, state, false, false);
    case 'number':
      return scalar(numberText(value), level, state, false, false);
    case 'object':
      break;
    default:
      throw new NotPlain();
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      state.openEnded = false;
      return '[]';
    }
    return sequence(value, level, state, compact);
  }
  if (!isPlainObject(value)) throw new NotPlain();
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  let any = false;
  for (const k of keys)
    if (obj[k] !== undefined) {
      any = true;
      break;
    }
  if (!any) {
    state.openEnded = false;
    return '{}';
  }
  return mapping(obj, keys, level, state, compact);
}

const newline = (level: number) => `\n${' '.repeat(2 * level)}`;

function sequence(items: readonly unknown[], level: number, state: State, compact: boolean): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    // A hole or undefined item is written as null (js-yaml's `build` of a sequence).
    const item = node(items[i], level + 1, state, true);
    if (!compact || out !== '') out += newline(level);
    out += item === '' || item.charCodeAt(0) === 10 ? '-' : '- ';
    out += item;
  }
  return out;
}

function mapping(obj: Record<string, unknown>, keys: string[], level: number, state: State, compact: boolean): string {
  let out = '';
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue; // js-yaml skips what it cannot represent as a map value
    // A key with a line break, or longer than 1024 characters as written, is an explicit "? key"
    // pair in js-yaml's output: left to js-yaml.
    if (key.indexOf('\n') !== -1) throw new NotPlain();
    const keyText = scalar(key, level + 1, state, true, true);
    if (keyText.length > 1024) throw new NotPlain();
    if (!compact || out !== '') out += newline(level);
    out += keyText;
    const text = node(v, level + 1, state, false);
    out += text === '' || text.charCodeAt(0) === 10 ? ':' : ': ';
    out += text;
  }
  return out;
}

/** js-yaml's representation of a number (int and float tags of its dump schema). */
function numberText(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) {
    const s = n.toString(10);
    if (s.indexOf('e') < 0) return s;
  }
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (Object.is(n, -0)) return '-0.0';
  const s = n.toString(10);
  return /^[-+]?[0-9]+e/.test(s) ? s.replace('e', '.e') : s;
}

/**
 * A scalar's text. `isString`: a string value (its style is chosen); otherwise the plain text of
 * null, a boolean or a number, which always reads back as itself.
 */
function scalar(text: string, level: number, state: State, isKey: boolean, isString: boolean): string {
  if (!isString) {
    state.openEnded = false;
    return text;
  }
  const style = styleOf(text, level, isKey);
  switch (style) {
    case Style.Plain:
      state.openEnded = false;
      return text;
    case Style.SingleQuoted:
      state.openEnded = false;
      return `'${text.replace(/'/g, "''")}'`;
    case Style.DoubleQuoted:
      state.openEnded = false;
      return `"${escapeDoubleQuoted(text)}"`;
    case Style.Literal:
      state.openEnded = text.endsWith('\n\n');
      return literal(text, level);
  }
}

// ---- character classes (YAML 1.2.2, chapter 5) ----

/** c-printable: tab, LF, CR, printable ASCII, NEL, and the printable Unicode ranges (a code point). */
const isPrintable = (c: number) =>
  c === 0x09 ||
  c === 0x0a ||
  c === 0x0d ||
  (c >= 0x20 && c <= 0x7e) ||
  c === 0x85 ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);
/** nb-char: printable, not a line break, not the byte order mark. */
const isNbChar = (c: number) => c !== 0x0a && c !== 0x0d && c !== 0xfeff && isPrintable(c);
/** ns-char: nb-char that is not white space. */
const isNsChar = (c: number) => c !== 0x20 && c !== 0x09 && isNbChar(c);
/** c-indicator: - ? : , [ ] { } # & * ! | > ' " % @ ` */
const isIndicator = (c: number) => c < 0x80 && INDICATORS.has(c);
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((ch) => ch.charCodeAt(0)));
/** nb-json as js-yaml reads it for single-quoted scalars: tab and everything from space up but lone surrogates. */
const isNbJson = (c: number) => c === 0x09 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0x10ffff);
/** Characters js-yaml double-quotes a plain scalar for (tab, DEL and the C1 controls, NBSP, line/paragraph separators, BOM, non-characters). */
const isInvisible = (c: number) =>
  c === 0x09 ||
  (c >= 0x7f && c <= 0xa0) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0xfeff ||
  c === 0xfffe ||
  c === 0xffff;

/** The code point at `i` (a lone surrogate is its own code point, as in a `u` regular expression). */
const codePointAt = (s: string, i: number) => s.codePointAt(i) as number;
const width = (c: number) => (c > 0xffff ? 2 : 1);

/** JavaScript's `\s` (what js-yaml's "whitespace only" test uses). */
const WHITESPACE_ONLY = /^\s+$/;
/** `---` or `...` followed by nothing or white space: a document marker at the start of a line. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=$|[ \t\n\r])/;

/**
 * One line (no LF) that may stay plain in block context (js-yaml's ns-plain-one-line(flow-out)):
 * a first character that is not an indicator (or `?`, `:`, `-` before a non-space), then any
 * non-space characters and inner spaces, `:` only before a non-space, `#` only after a non-space,
 * and no trailing white space.
 */
function isPlainLine(s: string): boolean {
  const n = s.length;
  let c = codePointAt(s, 0);
  if (!isNsChar(c)) return false;
  let i = width(c);
  if (isIndicator(c)) {
    if (c !== 0x3f && c !== 0x3a && c !== 0x2d) return false; // ? : -
    if (i >= n || !isNsChar(codePointAt(s, i))) return false;
  }
  while (i < n && s.charCodeAt(i) === 0x23) i++; // '#' right after a non-space
  while (i < n) {
    while (i < n && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
    if (i >= n) return false; // trailing white space
    c = codePointAt(s, i);
    if (!isNsChar(c) || c === 0x23) return false;
    i += width(c);
    if (c === 0x3a && (i >= n || !isNsChar(codePointAt(s, i)))) return false; // ':' before a space or the end
    while (i < n && s.charCodeAt(i) === 0x23) i++;
  }
  return true;
}

/**
 * isPlainLine for a string of printable ASCII (no tab, no line feed), as one native regular
 * expression: a first character that is no indicator (or `?`, `:`, `-` before a non-space), then
 * runs of spaces and characters where `:` precedes a non-space and `#` follows a non-space.
 */
const PLAIN_ASCII_LINE = /^(?:[^-?:,[\]{}#&*!|>'"%@` ]|[?:-](?=[^ ]))#*(?: *(?:[^ :#]|:(?=[^ ]))#*)*$/;

/** What a plain scalar would read back as: a YAML 1.1/1.2 null, bool, int, float, timestamp or merge key is not a string. */
const readsAsString = (s: string) => DUMP_SCHEMA.resolveImplicitScalarTag(s).tag.tagName === STR_TAG;

/** Cache of string styles (labels, names and keys repeat across objects and environments). */
const VALUE_STYLES = new Map<string, Style>();
const KEY_STYLES = new Map<string, Style>();
/** Strings longer than this are not cached (programs, dashboards: each is scanned once anyway). */
const CACHE_MAX_LENGTH = 256;

/** js-yaml's style for a string at `level` in block context (its DEFAULT_SCALAR_STYLE_RULES with lineWidth -1). */
function styleOf(s: string, level: number, isKey: boolean): Style {
  // Only the root (level 0) checks for a document marker on the first line.
  const cacheable = level > 0 && s.length <= CACHE_MAX_LENGTH;
  const cache = isKey ? KEY_STYLES : VALUE_STYLES;
  if (cacheable) {
    const hit = cache.get(s);
    if (hit !== undefined) return hit;
  }
  const style = computeStyle(s, level, isKey);
  if (cacheable) cache.set(s, style);
  return style;
}

/** Printable ASCII and line feeds only: what nearly every string is (a native scan, fast from the first call). */
const PRINTABLE_ASCII = /^[\x20-\x7e\n]*$/;

function computeStyle(s: string, level: number, isKey: boolean): Style {
  // Which characters the string holds.
  let invisible = false;
  let lineFeed = false;
  let nbJson = true; // every character fits single quotes (lines apart)
  let blockContent = true; // every character fits a literal block (nb-char or LF)
  let ascii = false;
  if (PRINTABLE_ASCII.test(s)) {
    ascii = true;
    lineFeed = s.indexOf('\n') !== -1;
  } else
    for (let i = 0; i < s.length;) {
      const c = codePointAt(s, i);
      i += width(c);
      if (c >= 0x20 && c < 0x7f) continue;
      if (c === 0x0a) {
        lineFeed = true;
        continue;
      }
      if (isInvisible(c)) invisible = true;
      if (!isNbJson(c)) nbJson = false;
      if (!isNbChar(c)) blockContent = false;
    }
  if (invisible || WHITESPACE_ONLY.test(s)) return Style.DoubleQuoted;
  if (lineFeed && !isKey) {
    // Multi-line values: a literal block when its characters allow one (indentation is always >= 1 here).
    return blockContent ? Style.Literal : Style.DoubleQuoted;
  }
  // One line from here (a key with a line break is left to js-yaml).
  if (canBePlain(s, level, ascii)) return Style.Plain;
  // Single quotes when they can hold every character.
  return nbJson ? Style.SingleQuoted : Style.DoubleQuoted;
}

function canBePlain(s: string, level: number, ascii: boolean): boolean {
  if (s !== '') {
    if (!(ascii ? PLAIN_ASCII_LINE.test(s) : isPlainLine(s))) return false;
    if (level === 0 && DOCUMENT_MARKER.test(s)) return false;
  }
  return readsAsString(s) && s !== '=';
}

/** A literal block scalar (`|`, `|-`, `|+`, with an indentation indicator when the text starts with a space). */
function literal(s: string, level: number): string {
  const content = 2 * Math.max(1, level);
  const parent = level === 0 ? -1 : 2 * (level - 1);
  const indicator = /^\n* /.test(s) ? String(content - parent) : '';
  const endsWithLf = s.charCodeAt(s.length - 1) === 10;
  const chomp = endsWithLf ? (s.charCodeAt(s.length - 2) === 10 || s === '\n' ? '+' : '') : '-';
  const pad = ' '.repeat(content);
  let out = `|${indicator}${chomp}`;
  // Every line indented; empty lines stay empty; the final line break is the one the header implies.
  let start = 0;
  while (start < s.length) {
    const end = s.indexOf('\n', start);
    const line = end === -1 ? s.slice(start) : s.slice(start, end);
    out += line === '' ? '\n' : `\n${pad}${line}`;
    if (end === -1) break;
    start = end + 1;
  }
  return out;
}

/** Named escapes of a double-quoted scalar (js-yaml's `escapeCharacter`). */
const NAMED_ESCAPES = new Map<number, string>([
  [0x00, '\\0'],
  [0x07, '\\a'],
  [0x08, '\\b'],
  [0x09, '\\t'],
  [0x0a, '\\n'],
  [0x0b, '\\v'],
  [0x0c, '\\f'],
  [0x0d, '\\r'],
  [0x1b, '\\e'],
  [0x22, '\\"'],
  [0x5c, '\\\\'],
  [0x85, '\\N'],
  [0xa0, '\\_'],
  [0x2028, '\\L'],
  [0x2029, '\\P'],
]);

/** Escaped in double quotes (js-yaml's CHARACTERS_TO_ESCAPE, by code point): `"`, the backslash, controls, DEL to NBSP, separators, lone surrogates, BOM, non-characters. */
const mustEscape = (c: number) =>
  c === 0x22 ||
  c === 0x5c ||
  c <= 0x1f ||
  (c >= 0x7f && c <= 0xa0) ||
  c === 0x2028 ||
  c === 0x2029 ||
  (c >= 0xd800 && c <= 0xdfff) ||
  c === 0xfeff ||
  c === 0xfffe ||
  c === 0xffff;

function escapeDoubleQuoted(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length;) {
    const c = codePointAt(s, i);
    const w = width(c);
    if (mustEscape(c)) {
      const hex = c.toString(16).toUpperCase();
      out +=
        s.slice(from, i) +
        (NAMED_ESCAPES.get(c) ?? (c <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`));
      from = i + w;
    }
    i += w;
  }
  return out + s.slice(from);
}
