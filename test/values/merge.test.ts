import { mergeLayers } from '../../src/values/merge';

describe('Helm layering semantics', () => {
  test('maps deep-merge', () => {
    expect(mergeLayers([{ a: { b: 1, c: 2 } }, { a: { c: 3, d: 4 } }])).toEqual({ a: { b: 1, c: 3, d: 4 } });
  });
  test('lists replace instead of appending', () => {
    expect(mergeLayers([{ l: [1, 2, 3] }, { l: [9] }])).toEqual({ l: [9] });
  });
  test('null removes a key, so the schema default applies again', () => {
    expect(mergeLayers([{ a: { b: 1, c: 2 } }, { a: { b: null } }])).toEqual({ a: { c: 2 } });
  });
  test('a later layer can set a key an earlier one removed', () => {
    expect(mergeLayers([{ a: 1 }, { a: null }, { a: 2 }])).toEqual({ a: 2 });
  });
  test('a scalar replaces a map and a map replaces a scalar', () => {
    expect(mergeLayers([{ a: { b: 1 } }, { a: 5 }])).toEqual({ a: 5 });
    expect(mergeLayers([{ a: 5 }, { a: { b: 1 } }])).toEqual({ a: { b: 1 } });
  });
  test('inputs are not modified', () => {
    const base = { a: { b: 1 } };
    mergeLayers([base, { a: { b: 2 } }]);
    expect(base).toEqual({ a: { b: 1 } });
  });
});
