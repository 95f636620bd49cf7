import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { firstInvalidUtf8, loadValuesFile, MAX_VALUES_BYTES, parseValues } from '../../src/values/load';
import { ValuesError } from '../../src/errors';
import { pathKey } from '../../src/values/source';

function problemOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValuesError) return e.problems[0];
    throw e;
  }
  throw new Error('expected a ValuesError');
}

describe('loading a values file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-load-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, content);
    return f;
  };

  test('every key path and list item has its line and column', () => {
    const layer = parseValues('a: 1\nb:\n  c: x\n  d:\n    - name: FOO\n      value: bar\n    - name: BAZ\n', 'f.yaml');
    expect(layer.positions?.get(pathKey(['b', 'c']))).toEqual({ line: 3, column: 3 });
    expect(layer.positions?.get(pathKey(['b', 'd', 1]))).toEqual({ line: 7, column: 7 });
    expect(layer.positions?.get(pathKey(['b', 'd', 1, 'name']))).toEqual({ line: 7, column: 7 });
    expect(layer.positions?.get(pathKey(['b', 'd', 0, 'value']))).toEqual({ line: 6, column: 7 });
  });

  test('a position found by a look-up walk is the one the full index holds (first look-ups walk, later ones index)', () => {
    // Every key path and list item of the shipped environments and of a file with flow collections,
    // anchors, aliases and nested lists: looked up in one order and in the reverse
    // order, so each path is answered once by the walk (the first 16 look-ups) and once by the index.
    const texts = [
      ...['common', 'local', 'aws', 'production'].map((e) =>
        fs.readFileSync(path.join(__dirname, '..', '..', '..', 'values', `${e}.yaml`), 'utf8'),
      ),
      'a: &x {b: [1, {c: 2}], "d e": 3}\nf: *x\ng:\n  - - h\n    - {i: j}\n  - &y k\no: {p: {q: [r, *y]}}\n',
    ];
    for (const text of texts) {
      const data = parseValues(text, 'f.yaml').data;
      const paths: (string | number)[][] = [];
      const walk = (v: unknown, p: (string | number)[]) => {
        if (p.length) paths.push(p);
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
      };
      walk(data, []);
      const forward = parseValues(text, 'f.yaml').positions;
      const backward = parseValues(text, 'f.yaml').positions;
      const a = paths.map((p) => forward?.get(pathKey(p)));
      const b = [...paths]
        .reverse()
        .map((p) => backward?.get(pathKey(p)))
        .reverse();
      expect(a).toEqual(b);
      expect(a.filter((x) => x !== undefined).length).toBeGreaterThan(paths.length / 2); // aliased copies have none
    }
  });

  test('an empty file is an empty map', () => {
    expect(parseValues('# only a comment\n', 'f.yaml').data).toEqual({});
  });

  test('YAML syntax errors name the line and column', () => {
    const p = problemOf(() => parseValues('a: 1\nb: [1, 2\nc: 3\n', 'bad.yaml'));
    expect(p.id).toBe('yaml-syntax');
    expect(p.file).toBe('bad.yaml');
    expect(p.line).toBeGreaterThanOrEqual(2);
  });

  test('duplicate keys are refused with a hint', () => {
    const p = problemOf(() => parseValues('replicaCount: 2\nreplicaCount: 3\n', 'dup.yaml'));
    expect(p.message).toBe('YAML error: duplicated mapping key "replicaCount".');
    expect(p.line).toBe(2);
    expect(p.hint).toMatch(/once/);
  });

  test('a list at the top is refused', () => {
    expect(problemOf(() => parseValues('- a\n- b\n', 'l.yaml')).id).toBe('yaml-not-a-map');
  });

  test('several documents are refused', () => {
    expect(problemOf(() => parseValues('a: 1\n---\nb: 2\n', 'm.yaml')).id).toBe('yaml-multiple-documents');
  });

  test('an alias bomb is refused by the alias/node limits, not expanded (9^9 nodes would never finish)', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const p = problemOf(() => parseValues(levels.join('\n') + '\n', 'bomb.yaml'));
    expect(p.id).toBe('yaml-too-large');
  });

  test('deep nesting is refused', () => {
    const deep = 'a: ' + '['.repeat(200) + ']'.repeat(200) + '\n';
    expect(problemOf(() => parseValues(deep, 'deep.yaml')).id).toBe('yaml-syntax');
  });

  test('files over the size limit are refused before parsing', () => {
    const f = write('huge.yaml', 'a: "' + 'x'.repeat(MAX_VALUES_BYTES) + '"\n');
    const p = problemOf(() => loadValuesFile(f));
    expect(p.id).toBe('file-too-large');
    expect(p.hint).toMatch(/configuration/);
  });

  test('non-UTF-8 bytes are refused with the line', () => {
    const f = write(
      'latin1.yaml',
      Buffer.concat([Buffer.from('a: 1\nb: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    const p = problemOf(() => loadValuesFile(f));
    expect(p.id).toBe('file-encoding');
    expect(p.line).toBe(2);
  });

  test('a 1 MiB file with one bad byte at its end is refused with that line (one linear pass)', () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `  k${i}: v`);
    const text = `podAnnotations:\n${lines.join('\n')}\n`;
    const body = Buffer.from(text.slice(0, MAX_VALUES_BYTES - 20));
    const lineCount = body.toString('latin1').split('\n').length;
    const f = write('bad-at-end.yaml', Buffer.concat([body, Buffer.from([0xff]), Buffer.from('\n')]));
    const p = problemOf(() => loadValuesFile(f));
    expect(p.id).toBe('file-encoding');
    expect(p.line).toBe(lineCount);
    expect(p.message).toContain(`byte offset ${body.length}`);
  });

  test('the UTF-8 check agrees with a fatal TextDecoder on every kind of sequence', () => {
    // Deterministic pseudo-random bytes biased towards the edges of Table 3-7 (overlong, surrogates, > U+10FFFF, cut off).
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const interesting = [
      0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x8f,
      0x90,
    ];
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let n = 0; n < 5000; n++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(rnd() * 6) }, () =>
        rnd() < 0.7 ? interesting[Math.floor(rnd() * interesting.length)] : Math.floor(rnd() * 256),
      );
      let valid = true;
      try {
        decoder.decode(bytes);
      } catch {
        valid = false;
      }
      const bad = firstInvalidUtf8(bytes);
      expect({ bytes: [...bytes], valid: bad < 0 }).toEqual({ bytes: [...bytes], valid });
      // The reported offset is the first one: everything before it decodes.
      if (bad >= 0) expect(() => decoder.decode(bytes.subarray(0, bad))).not.toThrow();
    }
  });

  test('a missing file says so', () => {
    expect(problemOf(() => loadValuesFile(path.join(dir, 'nope.yaml'))).message).toMatch(/does not exist/);
  });
});

describe('a YAML syntax error never prints a credential in its snippet (issue 10)', () => {
  test.each([
    [
      'secrets:\n  inline:\n    secretKey: hunter2-very-secret-value\n  x: [unclosed\nfoo: bar\n',
      'hunter2-very-secret-value',
    ],
    ['extraEnv:\n  - name: SMTP_PASS\n    value: correct-horse-battery\n  - [\nfoo: bar\n', 'correct-horse-battery'],
    ['a: 1\nb: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\nc: [\nd: 1\n', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'],
    // A provider token only secretlint knows (a GitLab personal access token: none of our own patterns).
    ['podAnnotations:\n  note: glpat-abcdefghij0123456789\n  bad: [unclosed\n', 'glpat-abcdefghij0123456789'],
    // A token pasted as a key: the line is masked whole (ours, secretlint's, a URL password in a quoted key).
    ['podAnnotations:\n  glpat-abcdefghij0123456789: x\n  bad: [unclosed\n', 'glpat-abcdefghij0123456789'],
    [
      'podAnnotations:\n  ghp_0123456789abcdefghijklmnopqrstuvwxyzAB: x\n  bad: [\n',
      'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
    ],
    ['podAnnotations:\n  "https://user:hunter2pass@example.com": x\n  bad: [\n', 'hunter2pass'],
  ])('%#', (text, secret) => {
    let err: unknown;
    try {
      parseValues(text, 'values/x.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValuesError);
    const p = (err as ValuesError).problems[0];
    expect(p.id).toBe('yaml-syntax');
    expect(p.hint).toContain('|');
    expect(JSON.stringify(p)).not.toContain(secret);
    expect(JSON.stringify(p)).not.toContain(secret.slice(0, 10)); // nor the start of it, where js-yaml cut the line
    expect(p.hint).toContain('(hidden: looks like a credential)');
  });
});
