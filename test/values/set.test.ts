import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support';
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

describe('--set says what is really wrong (issue 10 item 2)', () => {
  test.each([
    ['a={x,y', /no closing "}" \(list must terminate with '}'/],
    ['a={x,b=2', /no closing "}"/],
    ['a={x}y', /is followed by "y"/],
  ])('%s is a syntax error, as in Helm', (expr, message) => {
    expect(() => parseSetFlag(expr)).toThrow(message);
  });
  test('a { inside a value is an ordinary character, as in Helm (strvals valList: a list only when { comes first)', () => {
    // helm pkg/strvals/parser.go: after "=", valList reads one rune and, if it is not "{", val reads to the next ",".
    expect(set('a=x{y,b=c')).toEqual({ a: 'x{y', b: 'c' });
    expect(set('a=x}y,b={p,q},c=1')).toEqual({ a: 'x}y', b: ['p', 'q'], c: 1 });
    // a list runs to its first "}"; a "{" inside it is an item's character
    expect(set('a={x{,y},b=c')).toEqual({ a: ['x{', 'y'], b: 'c' });
    // a key is read up to "=": braces in it are not a list either
    expect(set('podAnnotations.x\\.io/a{b=1')).toEqual({ podAnnotations: { 'x.io/a{b': 1 } });
    expect(set('a{b.c=1')).toEqual({ 'a{b': { c: 1 } });
  });
  test('an escaped brace is a literal', () => {
    expect(set('a=\\{x')).toEqual({ a: '{x' });
  });

  const run = (...args: string[]) =>
    runCli(['synth', '--env', 'production', '--out', path.join(os.tmpdir(), 'owk-set-never'), ...args]);
  test('--set-string 1 on an int-or-percent key: --set-string kept it a string', () => {
    const r = run('--set-string', 'upgrade.rollingUpdate.maxSurge=1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--set-string upgrade.rollingUpdate.maxSurge=1  upgrade.rollingUpdate.maxSurge');
    expect(r.stderr).toContain('--set-string kept 1 a string ("1"), and upgrade.rollingUpdate.maxSurge takes a number');
    expect(r.stderr).toContain('fix: Use --set upgrade.rollingUpdate.maxSurge=1');
  });
  test('--set-string on an integer key does not blame --set', () => {
    const r = run('--set-string', 'replicaCount=3');
    expect(r.stderr).toContain('--set-string kept 3 a string');
    expect(r.stderr).not.toContain('--set only types');
  });
  test('--set 8080.5 on a port: not a whole number', () => {
    const r = run('--set', 'service.port=8080.5');
    expect(r.stderr).toContain('8080.5 is not a whole number, and service.port takes a whole number.');
  });
  test('--set 0.05 on a decimal key: --set leaves decimals strings; use a values file', () => {
    const r = run('--set', 'cost.cpuHour=0.05');
    expect(r.stderr).toContain('as in Helm, --set types only integers and booleans');
    expect(r.stderr).toContain('fix: Write cost.cpuHour: 0.05 in a values file');
  });
  test('--set 11 on a string key: use --set-string', () => {
    const r = run('--set', 'image.tag=11');
    expect(r.stderr).toContain('fix: Use --set-string image.tag=11');
  });
  test('an unclosed { is a usage error (exit 2), nothing written', () => {
    const r = run('--set', 'podAnnotations.x={a,b');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("list must terminate with '}'");
  });
});
