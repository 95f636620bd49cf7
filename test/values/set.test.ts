import { parseSetFlag, parseSetFlags } from '../../src/values/set';
import { locate } from '../../src/values/source';
import { ValuesError } from '../../src/errors';

const set = (expr: string, asString = false) => parseSetFlag(expr, asString).data;

describe('--set (Helm syntax)', () => {
  test('dotted paths build nested maps', () => {
    expect(set('autoscaling.maxReplicas=5')).toEqual({ autoscaling: { maxReplicas: 5 } });
  });
  test('integers and booleans are typed; other numbers stay strings as in Helm', () => {
    expect(set('a=3,b=true,c=false,d=0.11,e=007,f=-2')).toEqual({
      a: 3,
      b: true,
      c: false,
      d: '0.11',
      e: '007',
      f: -2,
    });
  });
  test('image tags stay strings', () => {
    expect(set('image.tag=0.11.0')).toEqual({ image: { tag: '0.11.0' } });
  });
  test('{x,y} is a list', () => {
    expect(set('persistence.accessModes={ReadWriteMany,ReadWriteOnce}')).toEqual({
      persistence: { accessModes: ['ReadWriteMany', 'ReadWriteOnce'] },
    });
    expect(set('l={}')).toEqual({ l: [] });
  });
  test('a[0]=x indexes lists, padding with null', () => {
    expect(set('extraEnv[0].name=FOO,extraEnv[0].value=bar')).toEqual({ extraEnv: [{ name: 'FOO', value: 'bar' }] });
    expect(set('l[2]=x')).toEqual({ l: [null, null, 'x'] });
  });
  test('null removes the key (kept as a removal marker for the merge)', () => {
    expect(set('resources.limits=null')).toEqual({ resources: { limits: null } });
  });
  test('escaped commas and dots', () => {
    expect(set('podAnnotations.example\\.com/a=x\\,y')).toEqual({ podAnnotations: { 'example.com/a': 'x,y' } });
  });
  test('--set-string keeps everything a string', () => {
    expect(set('a=3,b=true', true)).toEqual({ a: '3', b: 'true' });
  });
  test('values may contain "="', () => {
    expect(set('podAnnotations.x=a=b')).toEqual({ podAnnotations: { x: 'a=b' } });
  });
  test.each(['noequals', '=value', '[0]=x', 'a..b=1'])('"%s" is a syntax error with a hint', (expr) => {
    expect(() => parseSetFlag(expr)).toThrow(ValuesError);
    try {
      parseSetFlag(expr);
    } catch (e) {
      const p = (e as ValuesError).problems[0];
      expect(p.id).toBe('set-syntax');
      expect(p.hint).toMatch(/--set|key/);
    }
  });
});

describe('several --set flags', () => {
  test('write into one map, as Helm does: the same list item can be built across flags', () => {
    const layer = parseSetFlags([
      { expr: 'extraEnv[0].name=FOO' },
      { expr: 'extraEnv[0].value=bar' },
      { expr: 'replicaCount=3', asString: true },
    ]);
    expect(layer.data).toEqual({ extraEnv: [{ name: 'FOO', value: 'bar' }], replicaCount: '3' });
  });
  test('later flags win', () => {
    expect(parseSetFlags([{ expr: 'a=1' }, { expr: 'a=2' }]).data).toEqual({ a: 2 });
  });
  test('each key is attributed to the flag that set it', () => {
    const layer = parseSetFlags([{ expr: 'a.b=1' }, { expr: 'c=x,d=y' }]);
    expect(locate([layer], ['a', 'b'])?.file).toBe('--set a.b=1');
    expect(locate([layer], ['d'])?.file).toBe('--set c=x,d=y');
  });
});
