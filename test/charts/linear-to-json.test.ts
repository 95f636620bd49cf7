/**
 * charts/linear-to-json.ts renders an ApiObject's JSON in one walk (apiObjectJson) instead of cdk8s'
 * resolve + sanitizeValue: it must give exactly what cdk8s' own `ApiObject.prototype.toJson` gives
 * (same values, same key order), take the fast path for every object the chart renders, and leave
 * to cdk8s whatever it does not cover (custom resolvers, JSON patches, class instances).
 */
import { ApiObject, App, Chart, JsonPatch, Lazy, ResolutionContext } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { OpenWebUiChart } from '../../charts/open-webui-chart';
import { apiObjectJson } from '../../charts/linear-to-json';
import { Any, ENVS, resolveEnv } from '../support';

/** cdk8s' own rendering of the object, and how often apiObjectJson fell back to it. */
const original = (o: ApiObject): Any => ApiObject.prototype.toJson.call(o);

function fallbacks(run: () => void): number {
  const spy = jest.spyOn(ApiObject.prototype, 'toJson');
  try {
    run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

/** Same JSON, same key order at every level. */
const same = (o: ApiObject) => expect(JSON.stringify(apiObjectJson(o))).toBe(JSON.stringify(original(o)));

function objectWith(props: Record<string, unknown>, app = new App({ outdir: '/nonexistent' })): ApiObject {
  const chart = new Chart(app, 'c');
  return new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, ...props });
}

describe('apiObjectJson', () => {
  it.each(ENVS)('renders every object of %s as cdk8s does, without falling back', (env) => {
    const app = new App({ outdir: '/nonexistent' });
    const chart = new OpenWebUiChart(app, env, { model: resolveEnv(env).model });
    const objects = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(objects.length).toBeGreaterThan(10);
    expect(fallbacks(() => objects.forEach((o) => apiObjectJson(o)))).toBe(0);
    objects.forEach(same);
  });

  it('resolves Lazy values, resolve() tokens, IntOrString and Quantity, drops nulls and sorts keys', () => {
    const o = objectWith({
      data: {
        z: Lazy.any({ produce: () => ({ b: 1, a: [null, 'x', Lazy.any({ produce: () => null })] }) }),
        y: { resolve: () => Lazy.any({ produce: () => 'from a token' }) },
        port: k8s.IntOrString.fromString('http'),
        count: k8s.IntOrString.fromNumber(3),
        memory: k8s.Quantity.fromString('1Gi'),
        gone: null,
        empty: {},
        list: [],
        a: undefined,
      },
    });
    o.metadata.add('extra', { empty: {}, none: [], nested: { gone: {} }, kept: Lazy.any({ produce: () => 'yes' }) });
    o.metadata.addAnnotation('note', 'a');
    o.metadata.addFinalizers();
    expect(fallbacks(() => apiObjectJson(o))).toBe(0);
    same(o);
    // metadata drops empty lists and maps (cdk8s' filterEmptyArrays and filterEmptyObjects); the rest keeps them.
    expect(apiObjectJson(o).metadata).toEqual({ annotations: { note: 'a' }, extra: { kept: 'yes' }, name: 'x' });
    expect(apiObjectJson(o).data).toEqual({
      count: { value: 3 },
      empty: {},
      list: [],
      memory: { value: '1Gi' },
      port: { value: 'http' },
      y: 'from a token',
      z: { a: [undefined, 'x', undefined], b: 1 },
    });
  });

  it("leaves to cdk8s an object outside any App, with cdk8s' error (naming the construct)", () => {
    const chart = new Chart(new Construct(undefined as unknown as Construct, 'root'), 'c');
    const o = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    let error: unknown;
    try {
      original(o);
    } catch (e) {
      error = e;
    }
    expect(String(error)).toMatch(/^Error: Failed serializing construct at path 'root\/c\/o'/);
    expect(fallbacks(() => expect(() => apiObjectJson(o)).toThrow((error as Error).message))).toBe(1);
  });

  it('leaves to cdk8s a map with an own __proto__ key (JSON.parse, js-yaml): what it holds is not rendered', () => {
    const app = new App({ outdir: '/nonexistent' });
    const chart = new Chart(app, 'c');
    const spec = JSON.parse('{"__proto__": {"replicas": 5}, "selector": {}, "template": {}}') as k8s.DeploymentSpec;
    const deployment = new k8s.KubeDeployment(chart, 'd', { metadata: { name: 'x' }, spec });
    deployment.metadata.add('extra', JSON.parse('{"__proto__": {"a": "b"}}'));
    // What cdk8s-plus' own toJson gives: cdk8s' resolve and sanitize, then the generated converter.
    const expected = { ...k8s.KubeDeployment.GVK, ...k8s.toJson_KubeDeploymentProps(original(deployment)) };
    expect(expected).toEqual({
      ...k8s.KubeDeployment.GVK,
      metadata: { name: 'x' },
      spec: { selector: {}, template: {} },
    });
    expect(fallbacks(() => expect(JSON.stringify(deployment.toJson())).toBe(JSON.stringify(expected)))).toBe(1);
  });

  it("leaves to cdk8s an app with custom resolvers, JSON patches and values it does not cover, with cdk8s' result or error", () => {
    const upper = {
      resolve: (c: ResolutionContext) => (c.value === 'b' ? c.replaceValue('B') : undefined),
    };
    const custom = objectWith({ data: { a: 'b' } }, new App({ outdir: '/nonexistent', resolvers: [upper] }));
    expect(fallbacks(() => expect(apiObjectJson(custom).data).toEqual({ a: 'B' }))).toBe(1);
    const patched = objectWith({ data: { a: 'b' } });
    patched.addJsonPatch(JsonPatch.add('/data/c', 'd'));
    expect(fallbacks(() => expect(apiObjectJson(patched).data).toEqual({ a: 'b', c: 'd' }))).toBe(1);
    class Odd {
      readonly odd = true;
    }
    const odd = objectWith({ data: { a: new Odd() } });
    let error: unknown;
    try {
      original(odd);
    } catch (e) {
      error = e;
    }
    expect(String(error)).toMatch(/can't render non-simple object of type 'Odd'/);
    expect(fallbacks(() => expect(() => apiObjectJson(odd)).toThrow((error as Error).message))).toBe(1);
  });
});
