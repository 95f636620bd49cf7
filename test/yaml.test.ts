/**
 * src/yaml.ts writes exactly what js-yaml's `dump(value, { lineWidth: -1, noRefs: true })` writes:
 * proven on every object of the shipped environments and on a seeded corpus of hostile strings
 * (every indicator, quotes, YAML 1.1 and 1.2 look-alikes of null, bools, numbers, timestamps and
 * merge keys, document markers, line breaks in every position, controls, invisibles, non-BMP
 * characters and lone surrogates) as values, keys and list items at several depths, and on numbers
 * of every kind. Values outside plain data go to js-yaml itself.
 */
import { dump } from 'js-yaml';
import { renderArgoCdObjects } from '../src/argocd/application';
import { toYamlDocument } from '../src/yaml';
import { ENVS, renderEnv, resolveEnv } from './support';

const js = (v: unknown) => dump(v, { lineWidth: -1, noRefs: true, sortKeys: false });
const same = (v: unknown) => expect(toYamlDocument(v)).toBe(js(v));

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whole strings that read as something else in YAML 1.1 or 1.2, or are otherwise special. */
const SPECIAL = [
  '',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  'true',
  'True',
  'TRUE',
  'false',
  'yes',
  'Yes',
  'YES',
  'no',
  'No',
  'NO',
  'on',
  'On',
  'OFF',
  'off',
  'y',
  'Y',
  'n',
  'N',
  '0',
  '-0',
  '+1',
  '007',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1:30',
  '1:30.5',
  '1.5',
  '.5',
  '5.',
  '1e3',
  '1e+3',
  '1.0e+3',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5',
  '<<',
  '=',
  '---',
  '...',
  '--- x',
  '... x',
  '---x',
  '- x',
  '-x',
  '-',
  '?',
  '? x',
  '?x',
  ':',
  ': x',
  ':x',
  'a:',
  'a: b',
  'a:b',
  'a::b',
  '#',
  '# x',
  'a #b',
  'a#b',
  'a# b',
  "'",
  '"',
  "it's",
  'say "hi"',
  '\\',
  'C:\\path',
  '|',
  '|-',
  '>',
  '>-',
  '[a]',
  '{a}',
  'a,b',
  'a]',
  '!x',
  '&x',
  '*x',
  '%x',
  '@x',
  '`x',
  ' a',
  'a ',
  'a  b',
  'a\tb',
  'a\nb',
  'a\n',
  'a\n\n',
  '\na',
  ' a\nb',
  'a \nb',
  'a\n b',
  'a\r\nb',
  'a\rb',
  '\r',
  'a\x00b',
  '\x07',
  '\x1b[0m',
  '\x7f',
  '\x85',
  '\xa0',
  'caf\xe9',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufeffa',
  '\ufffe',
  '\uffff',
  '\ud83d\ude00',
  '\ud800',
  'a\udc00',
  '\u00e9\n\u00e9',
  'a\n\n\nb\n\n',
  '  lead\n',
  '\n lead',
  '\n\n  x\n',
  'http://x.io/a?b=c#d',
  'app.kubernetes.io/name',
  '${env:X}',
  '{{ .Values }}',
  '0.11.0',
  '1Gi',
  '500m',
  '-2',
  '10%',
  'a'.repeat(1100),
];
const CHARS = [
  'a',
  'Z',
  '0',
  '9',
  ' ',
  '\t',
  '\n',
  '\r',
  ':',
  '#',
  '-',
  '?',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '.',
  '~',
  '=',
  '<',
  '\\',
  '/',
  '_',
  '+',
  '\x00',
  '\x1f',
  '\x7f',
  '\x85',
  '\xa0',
  '\xe9',
  '\u2028',
  '\ufeff',
  '\ufffe',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
];

function randomString(r: () => number): string {
  if (r() < 0.3) return SPECIAL[Math.floor(r() * SPECIAL.length)];
  let s = '';
  const n = Math.floor(r() * 9);
  for (let i = 0; i < n; i++) s += CHARS[Math.floor(r() * CHARS.length)];
  return s;
}

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  42,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  1e21,
  1e-7,
  1.5e-7,
  0.1,
  -0.5,
  1 / 3,
  123456.789,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  NaN,
  Infinity,
  -Infinity,
  5e-324,
  1e300,
];

function randomValue(r: () => number, depth: number): unknown {
  const p = r();
  if (depth > 3 || p < 0.45) return randomString(r);
  if (p < 0.5) return NUMBERS[Math.floor(r() * NUMBERS.length)];
  if (p < 0.53) return r() < 0.5;
  if (p < 0.56) return null;
  if (p < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 4); i > 0; i--) o[randomString(r)] = randomValue(r, depth + 1);
  return o;
}

describe('toYamlDocument is byte for byte js-yaml', () => {
  test.each(ENVS)('every rendered object of %s', (env) => {
    for (const o of renderEnv(env)) same(o);
  });

  test('the Argo CD objects', () => {
    const objects = renderArgoCdObjects(ENVS.map((e) => ({ env: resolveEnv(e), objects: renderEnv(e) })));
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) same(o);
  });

  test('every special string as a value, a key and a list item, at each depth', () => {
    for (const s of SPECIAL) {
      same(s);
      same({ k: s });
      same({ [s]: 'v' });
      same([s]);
      same({ a: { b: [{ [s]: s, c: [s, [s]] }] } });
    }
  });

  test('numbers, booleans, null, empty maps and lists', () => {
    for (const n of NUMBERS) {
      same(n);
      same({ n, l: [n] });
    }
    same({ t: true, f: false, z: null, u: undefined, e: {}, l: [], ll: [[]], m: [{}], h: [undefined, null] });
    same({ only: undefined });
    same(null);
    same([]);
    same({});
  });

  test('3 000 seeded random documents', () => {
    const r = rng(20240615);
    for (let i = 0; i < 3000; i++) same(randomValue(r, 0));
  });

  test("what is not plain data is js-yaml's own output (or its error)", () => {
    class Thing {
      a = 1;
    }
    same({ d: new Date(0) });
    same({ [`multi\nline`]: 1 });
    same({ ['k'.repeat(1030)]: 1 });
    same({ ['\x00'.repeat(300)]: 1 }); // short key, long when escaped
    same(undefined);
    // js-yaml refuses a class instance, a Map, a function: so does toYamlDocument, with js-yaml's error.
    for (const v of [new Thing(), new Map([['a', 1]]), () => 1]) {
      expect(() => js({ v })).toThrow(/unacceptable kind of an object to dump/);
      expect(() => toYamlDocument({ v })).toThrow(/unacceptable kind of an object to dump/);
    }
  });
});
