/**
 * Helm's `--set` syntax: `a.b.c=value`, several separated by commas, `{x,y}` lists, `a[0]=x` indexes,
 * `null` removes a key; integers and booleans are typed (as Helm does; other numbers stay strings,
 * so `image.tag=0.11` stays a string). `\,` and `\.` escape. `--set-string` keeps every value a string.
 */
import { PathSegment, Problem, ValuesError } from '../errors';
import { pathKey, ValuesLayer } from './source';
import { lintDistinct } from '../check/credentials';
import { credentialByContent, CREDENTIAL_NAME } from './secret-scan';

/** Splits on `sep` not escaped with a backslash (braces are ordinary characters here: see splitExpr). */
function splitTop(input: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch === '\\' && i + 1 < input.length) {
      cur += ch + input[i + 1];
      i++;
      continue;
    }
    if (ch === sep) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * Splits a `--set` expression into its `key=value` parts at unescaped commas, as Helm's strvals
 * parser reads it (helm pkg/strvals/parser.go, `key`, `valList` and `val`): a `{` opens a list only
 * as the first character of a value, and the list runs to its first unescaped `}` (commas inside
 * it separate items); anywhere else `{` and `}` are ordinary characters, so `a=x{y,b=c` sets a to
 * "x{y" and b to "c". An unclosed list takes the rest of the expression (parseValue refuses it).
 */
function splitExpr(expr: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inValue = false;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === ',') {
      parts.push(expr.slice(start, i));
      start = i + 1;
      inValue = false;
    } else if (ch === '=' && !inValue) {
      inValue = true;
      if (expr[i + 1] === '{') {
        let j = i + 2;
        while (j < expr.length && expr[j] !== '}') j += expr[j] === '\\' ? 2 : 1;
        i = j;
      }
    }
  }
  parts.push(expr.slice(start));
  return parts;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

function parseKey(key: string, expr: string): PathSegment[] {
  const segs: PathSegment[] = [];
  for (const raw of splitTop(key, '.')) {
    const m = /^((?:[^[\]\\]|\\.)*)((?:\[\d+\])*)$/.exec(raw);
    if (!m || (m[1] === '' && m[2] === ''))
      throw badSet(
        expr,
        `"${key}" is not a key path`,
        'Write keys as a.b.c, with [N] for list items: extraEnv[0].name=FOO',
      );
    if (m[1] !== '') segs.push(unescape(m[1]));
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) {
      const n = Number(idx[1]);
      if (n > 1000) throw badSet(expr, `list index ${n} is too large`, 'Use an index below 1000.');
      segs.push(n);
    }
  }
  return segs;
}

/** What `--set` (not `--set-string`) makes of an unescaped value: null, a boolean, an integer, or the string. */
export function typedLikeSet(v: string): unknown {
  return typed(v.replace(/\\/g, '\\\\'), false);
}

function typed(raw: string, asString: boolean): unknown {
  const v = unescape(raw);
  if (asString) return v;
  if (v === 'null') return null;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^-?(0|[1-9]\d{0,15})$/.test(v)) return Number(v);
  return v;
}

/**
 * A value: `{x,y}` is a list when the value starts with `{` (as Helm's strvals valList reads it,
 * helm pkg/strvals/parser.go: an unclosed list is "list must terminate with '}'"), else a scalar.
 */
function parseValue(raw: string, asString: boolean, expr: string, key: string): unknown {
  if (raw.startsWith('{')) {
    let close = -1;
    for (let i = 1; i < raw.length && close < 0; i++) {
      if (raw[i] === '\\') i++;
      else if (raw[i] === '}') close = i;
    }
    if (close < 0)
      throw badSet(
        expr,
        `the list given to "${key}" has no closing "}" (list must terminate with '}', as Helm says)`,
        `Close the list: ${key}={a,b}. To pass a literal "{", escape it: ${key}=\\{...`,
      );
    if (close !== raw.length - 1)
      throw badSet(
        expr,
        `the list given to "${key}" is followed by "${raw.slice(close + 1)}"`,
        'A list ends the value: separate the next key with a comma, e.g. a={x,y},b=1.',
      );
    const inner = raw.slice(1, -1);
    return inner === '' ? [] : splitTop(inner, ',').map((item) => typed(item, asString));
  }
  return typed(raw, asString);
}

/**
 * The expression as it may be printed: a value that could be a credential (under a key such as
 * `*.value`, `*password*`, `secrets.*`, or one that looks like a token, by our patterns or
 * secretlint's) is replaced by "…", and so is a part without "=" that looks like a token (a token
 * pasted as the whole flag).
 */
export function printableSetExpr(expr: string): string {
  return maskSetExpr(expr).shown;
}

function maskSetExpr(expr: string): { shown: string; hidden: string[] } {
  const parts = expr.split(',').map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? { value: part } : { key: part.slice(0, eq), value: part.slice(eq + 1) };
  });
  // An error path: secretlint's answer is worth the wait (a provider token only it knows, e.g. glpat-).
  const byLint = lintDistinct(parts.map((p) => p.value));
  const hidden: string[] = [];
  const shown = parts
    .map(({ key, value }) => {
      const secret =
        (key !== undefined && (/(^|\.)(value|secrets?)(\.|\[|$)/i.test(key) || CREDENTIAL_NAME.test(key))) ||
        credentialByContent(value) !== undefined ||
        byLint.has(value);
      if (secret) hidden.push(value);
      return key === undefined ? (secret ? '…' : value) : `${key}=${secret ? '…' : value}`;
    })
    .join(',');
  return { shown, hidden };
}

function badSet(expr: string, what: string, hint: string): ValuesError {
  const { shown, hidden } = maskSetExpr(expr);
  // The explanation quotes parts of the expression: none of a hidden value either.
  const said = what
    .split(expr)
    .join(shown)
    .replace(/"([^"]*)"/g, (q, inner: string) =>
      inner.length >= 4 && hidden.some((h) => h.includes(inner)) ? '"…"' : q,
    );
  const p: Problem = {
    severity: 'error',
    id: 'set-syntax',
    path: [],
    message: `Cannot parse --set "${shown}": ${said}.`,
    hint,
    file: '--set',
  };
  return new ValuesError([p]);
}

function assign(target: Record<string, unknown>, path: PathSegment[], value: unknown): void {
  let cur: Record<string | number, unknown> | unknown[] = target;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    const nextIsIndex = !last && typeof path[i + 1] === 'number';
    if (Array.isArray(cur)) {
      const idx = seg as number;
      while (cur.length < idx) cur.push(null);
      if (last) cur[idx] = value;
      else {
        if (cur[idx] === null || cur[idx] === undefined || typeof cur[idx] !== 'object')
          cur[idx] = nextIsIndex ? [] : {};
        cur = cur[idx] as Record<string, unknown>;
      }
    } else {
      if (last) cur[seg] = value;
      else {
        const existing = cur[seg];
        if (existing === null || existing === undefined || typeof existing !== 'object')
          cur[seg] = nextIsIndex ? [] : {};
        cur = cur[seg] as Record<string, unknown>;
      }
    }
  }
}

/** Turns one `--set` (or `--set-string`) expression into a values layer. */
export function parseSetFlag(expr: string, asString = false): ValuesLayer {
  return parseSetFlags([{ expr, asString }]);
}

/**
 * Turns every `--set`/`--set-string` flag into ONE layer, in order, as Helm does: later flags write
 * into the same map, so `--set a[0].name=X --set a[0].value=Y` builds one list item. Each key is
 * attributed to the flag that set it, for messages.
 */
export function parseSetFlags(flags: readonly { expr: string; asString?: boolean }[]): ValuesLayer {
  const data: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const { expr, asString = false } of flags) assignExpr(data, origins, expr, asString);
  return { label: flags.map((f) => `${f.asString ? '--set-string' : '--set'} ${f.expr}`).join(' '), data, origins };
}

function assignExpr(
  data: Record<string, unknown>,
  origins: Map<string, string>,
  expr: string,
  asString: boolean,
): void {
  for (const part of splitExpr(expr)) {
    const eq = (() => {
      for (let i = 0; i < part.length; i++) {
        if (part[i] === '\\') i++;
        else if (part[i] === '=') return i;
      }
      return -1;
    })();
    if (eq <= 0)
      throw badSet(expr, `"${part}" has no "key=value"`, 'Write --set key.path=value, e.g. --set replicaCount=3');
    const path = parseKey(part.slice(0, eq), expr);
    if (typeof path[0] === 'number')
      throw badSet(expr, 'the first key cannot be a list index', 'Start with a key name: extraEnv[0].name=FOO');
    assign(data, path, parseValue(part.slice(eq + 1), asString, expr, part.slice(0, eq)));
    origins.set(pathKey(path), `${asString ? '--set-string' : '--set'} ${expr}`);
  }
}
