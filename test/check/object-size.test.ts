/**
 * The object-size rule (etcd's 1.5 MiB) serializes an object only when a cheap upper bound of its
 * JSON size is over the limit (src/check/apiserver.ts jsonBytesAtMost): the bound must never be
 * below the real size, or an object over the limit would pass.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { apiServerFindings, jsonBytesAtMost } from '../../src/check/apiserver';
import { MAX_OBJECT_BYTES } from '../../src/k8s';
import { REPO } from '../support';

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? 'null');

/** A small deterministic generator (no Math.random: a failure must reproduce). */
function* seeded(seed: number): Generator<number> {
  for (;;) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    yield seed / 2 ** 31;
  }
}

describe('jsonBytesAtMost', () => {
  it('is at least the JSON size of every object in dist/', () => {
    const dist = path.join(REPO, 'dist');
    let count = 0;
    const envs = fs.readdirSync(dist, { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const { name: env } of envs)
      for (const f of fs.readdirSync(path.join(dist, env)).filter((n) => n.endsWith('.yaml')))
        for (const obj of loadAll(fs.readFileSync(path.join(dist, env, f), 'utf8'))) {
          expect(jsonBytesAtMost(obj, 0)).toBeGreaterThanOrEqual(bytes(obj));
          count++;
        }
    expect(count).toBeGreaterThan(50);
  });

  it('is at least the JSON size of strings and numbers that escape or widen most', () => {
    const rnd = seeded(15);
    const chars = ['"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', '€', '\u2028', '😀', '\ud800', '\udfff', 'a'];
    const strings = Array.from({ length: 300 }, (_, i) =>
      Array.from({ length: i % 40 }, () => chars[Math.floor(rnd.next().value * chars.length)]).join(''),
    );
    const numbers = [
      -1.7976931348623157e308,
      5e-324,
      -5e-324,
      1e21,
      -0,
      NaN,
      Infinity,
      0.1 + 0.2,
      -123456789.12345679,
      -0.0000012345678901234567, // the longest: 25 characters
    ];
    const value = {
      strings,
      numbers,
      [chars.join('')]: { nested: [null, true, false, undefined, { '': '' }] },
      list: [undefined, null],
      none: undefined,
    };
    expect(jsonBytesAtMost(value, 0)).toBeGreaterThanOrEqual(bytes(value));
    for (const s of strings) expect(jsonBytesAtMost(s, 0)).toBeGreaterThanOrEqual(bytes(s));
    for (const n of numbers) expect(jsonBytesAtMost(n, 0)).toBeGreaterThanOrEqual(bytes(n));
    for (const s of strings) expect(jsonBytesAtMost({ [s]: s }, 0)).toBeGreaterThanOrEqual(bytes({ [s]: s }));
  });

  it('is Infinity for what JSON.stringify may write differently (toJSON, class instances, deep nesting)', () => {
    expect(jsonBytesAtMost({ when: new Date(0) }, 0)).toBe(Infinity);
    expect(jsonBytesAtMost({ toJSON: () => 'x'.repeat(10) }, 0)).toBe(Infinity);
    let deep: unknown = 'x';
    for (let i = 0; i < 600; i++) deep = [deep];
    expect(jsonBytesAtMost(deep, 0)).toBe(Infinity);
  });

  it('is over the limit for a list of the longest numbers that is over it', () => {
    // 61,000 numbers of 25 characters and their commas: about 1.59 MB, over 1.5 MiB.
    const over = Array.from({ length: 61_000 }, () => -0.0000012345678901234567);
    expect(bytes(over)).toBeGreaterThan(MAX_OBJECT_BYTES);
    expect(jsonBytesAtMost(over, 0)).toBeGreaterThanOrEqual(bytes(over));
    const obj = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { weights: over } };
    expect(apiServerFindings(obj).filter((f) => f.rule === 'api-object-size')).toEqual([
      expect.objectContaining({ path: '', message: expect.stringContaining(`is ${bytes(obj)} bytes as JSON`) }),
    ]);
  });

  it('measures the object for real where the bound is over the limit: no finding under it, one over it', () => {
    const configMap = (...data: string[]) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big' },
      data: Object.fromEntries(data.map((d, i) => [`k${i}`, d])),
    });
    const under = configMap('x'.repeat(MAX_OBJECT_BYTES / 6 + 1000)); // bound over the limit, size under it
    expect(jsonBytesAtMost(under, 0)).toBeGreaterThan(MAX_OBJECT_BYTES);
    expect(apiServerFindings(under).filter((f) => f.rule === 'api-object-size')).toEqual([]);
    const over = configMap('x'.repeat(MAX_OBJECT_BYTES / 2), 'é'.repeat(MAX_OBJECT_BYTES / 4)); // 2-byte characters
    expect(apiServerFindings(over).filter((f) => f.rule === 'api-object-size')).toEqual([
      expect.objectContaining({ path: '', message: expect.stringContaining(`is ${bytes(over)} bytes as JSON`) }),
    ]);
  });
});
