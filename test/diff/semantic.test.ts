/** The semantic object diff and the impact warnings, on crafted objects. */
import { impactsOf } from '../../src/diff/impact';
import { diffObjects, diffValues } from '../../src/diff/semantic';
import { K8sObject } from '../../src/manifests';

const obj = (
  kind: string,
  name: string,
  rest: Record<string, unknown> = {},
  labels: Record<string, string> = {},
): K8sObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace: 'ns', labels },
  ...rest,
});
const paths = (a: unknown, b: unknown) => diffValues(a, b).map((f) => `${f.change} ${f.path}`);

describe('diffValues', () => {
  it('matches named list items by name: a reorder is no change, an insert is one added item', () => {
    const a = {
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    };
    expect(
      paths(a, {
        env: [
          { name: 'B', value: '2' },
          { name: 'A', value: '1' },
        ],
      }),
    ).toEqual([]);
    expect(
      paths(a, {
        env: [
          { name: 'A', value: '1' },
          { name: 'NEW', value: 'x' },
          { name: 'B', value: '2' },
        ],
      }),
    ).toEqual(['added env[NEW]']);
    expect(
      diffValues(a, {
        env: [
          { name: 'A', value: '9' },
          { name: 'B', value: '2' },
        ],
      }),
    ).toEqual([{ path: 'env[A].value', segments: ['.env', '[A]', '.value'], change: 'changed', old: '1', new: '9' }]);
  });

  it('brackets keys that are not identifiers, compares scalar lists whole, unnamed object lists by index', () => {
    expect(
      paths({ labels: { 'app.kubernetes.io/version': '1' } }, { labels: { 'app.kubernetes.io/version': '2' } }),
    ).toEqual(['changed labels["app.kubernetes.io/version"]']);
    expect(diffValues({ modes: ['ReadWriteOnce'] }, { modes: ['ReadWriteMany'] })).toMatchObject([
      { path: 'modes', old: ['ReadWriteOnce'], new: ['ReadWriteMany'] },
    ]);
    expect(paths({ t: [{ k: 1 }, { k: 2 }] }, { t: [{ k: 1 }, { k: 3 }] })).toEqual(['changed t[1].k']);
    expect(paths({ a: 1 }, { b: 1 })).toEqual(['removed a', 'added b']);
  });
});

describe('diffObjects and impacts', () => {
  const deploy = (over: Record<string, unknown> = {}) =>
    obj('Deployment', 'app', {
      spec: {
        replicas: 2,
        selector: { matchLabels: { c: 'app' } },
        template: { spec: { containers: [{ name: 'app', image: 'x:1' }] } },
        ...over,
      },
    });

  it('reports added, removed and changed objects in install order', () => {
    const changes = diffObjects([obj('Secret', 's'), deploy()], [deploy({ replicas: 3 }), obj('Service', 'svc')]);
    expect(changes.map((c) => `${c.change} ${c.kind}/${c.name}`)).toEqual([
      'removed Secret/s',
      'added Service/svc',
      'changed Deployment/app',
    ]);
  });

  it('a replicas change restarts nothing; a pod template change restarts pods', () => {
    const [scale] = diffObjects([deploy()], [deploy({ replicas: 3 })]);
    expect(impactsOf(scale)).toEqual([]);
    const [bump] = diffObjects(
      [deploy()],
      [deploy({ template: { spec: { containers: [{ name: 'app', image: 'x:2' }] } } })],
    );
    expect(impactsOf(bump)).toEqual([
      {
        kind: 'restarts-pods',
        message: 'restarts pods: Deployment app rolls out a new pod template (spec.containers[app].image)',
      },
    ]);
  });

  it('warns when an immutable field changes: Deployment selector, Job spec, StatefulSet claim templates, PVC class and modes', () => {
    const kinds = (a: K8sObject, b: K8sObject) =>
      diffObjects([a], [b])
        .flatMap(impactsOf)
        .map((i) => i.kind);
    expect(kinds(deploy(), deploy({ selector: { matchLabels: { c: 'other' } } }))).toEqual(['recreates-object']);
    expect(
      kinds(obj('Job', 'j', { spec: { backoffLimit: 1 } }), obj('Job', 'j', { spec: { backoffLimit: 2 } })),
    ).toEqual(['recreates-object']);
    const sts = (size: string) =>
      obj('StatefulSet', 'r', {
        spec: {
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: size } } } }],
        },
      });
    expect(kinds(sts('1Gi'), sts('2Gi'))).toEqual(['recreates-object']);
    const pvc = (cls: string, modes: string[]) =>
      obj('PersistentVolumeClaim', 'data', { spec: { storageClassName: cls, accessModes: modes } });
    const [c] = diffObjects([pvc('a', ['ReadWriteMany'])], [pvc('b', ['ReadWriteOnce'])]);
    expect(impactsOf(c)).toEqual([
      {
        kind: 'recreates-object',
        message:
          'recreates PersistentVolumeClaim data: spec.storageClassName, spec.accessModes are immutable, so the object must be deleted and created again (a new, empty volume)',
      },
    ]);
  });

  it('warns that a new migration Job runs a migration, and that a removed claim loses data', () => {
    const job = obj('Job', 'app-migrate-0-12-0', { spec: {} }, { 'app.kubernetes.io/component': 'migration' });
    expect(diffObjects([], [job]).flatMap(impactsOf)).toEqual([
      { kind: 'runs-migration', message: 'runs a database migration: new Job app-migrate-0-12-0' },
    ]);
    expect(
      diffObjects([obj('PersistentVolumeClaim', 'data')], [])
        .flatMap(impactsOf)
        .map((i) => i.kind),
    ).toEqual(['deletes-data']);
  });
});
