/** Argo CD: sync waves applied centrally, data kept on deletion, dist/argocd/ Applications and AppProject. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { applyArgoCdSyncWaves, SYNC_OPTIONS, SYNC_WAVE } from '../../src/argocd/sync-waves';
import { synth } from '../../src/commands/synth';
import { discoverEnvironments } from '../../src/environments';
import { UsageError } from '../../src/errors';
import { renderArgoCdFiles, renderArgoCdObjects, RenderedEnvironment } from '../../src/argocd/application';
import { renderObjects } from '../../src/synth/render';
import { ENVS, one, renderEnv, resolveEnv } from '../support';
import { OUTPUT_MARKER } from '../../src/synth/write';

const wave = (o: any): number => Number(o.metadata.annotations[SYNC_WAVE]);
const ROLLING = ['upgrade.strategy=rollingUpdate', 'acknowledgeWarnings[0]=upgrade-rolling-update'];
const meta = (kind: string, component: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: `x-${kind.toLowerCase()}`, labels: { 'app.kubernetes.io/component': component } },
  ...extra,
});
/** Objects other workstreams add (Redis, dev PostgreSQL, NetworkPolicies, ExternalSecret), with waves from the central function. */
const others = (values: any) =>
  applyArgoCdSyncWaves(
    [
      meta('ConfigMap', 'redis'),
      meta('Service', 'redis'),
      meta('StatefulSet', 'redis'),
      meta('Secret', 'redis'),
      meta('StatefulSet', 'postgresql'),
      meta('Service', 'postgresql'),
      meta('NetworkPolicy', 'app'),
      meta('ExternalSecret', 'app'),
    ] as any[],
    values.upgrade.strategy,
  );

describe.each(ENVS)('sync waves (%s)', (env) => {
  const objs = renderEnv(env);
  const values = resolveEnv(env).values;
  const extra = others(values);
  const byKind = (kind: string, component?: string) =>
    [...objs, ...extra].filter(
      (o: any) => o.kind === kind && (!component || o.metadata.labels['app.kubernetes.io/component'] === component),
    );

  test('every rendered object has a sync wave', () => {
    for (const o of objs) expect(o.metadata.annotations?.[SYNC_WAVE]).toMatch(/^-?\d+$/);
  });

  test('Namespace < Secrets/config < Redis/PostgreSQL < migration Job <= Deployment < HPA/Ingress', () => {
    const max = (os: any[]) => Math.max(...os.map(wave));
    const min = (os: any[]) => Math.min(...os.map(wave));
    const config = [
      'Secret',
      'ExternalSecret',
      'ConfigMap',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'NetworkPolicy',
      'Service',
    ].flatMap((k) => byKind(k));
    const backing = [...byKind('StatefulSet', 'redis'), ...byKind('StatefulSet', 'postgresql')];
    const job = byKind('Job', 'migration');
    const dep = byKind('Deployment', 'app');
    const after = [...byKind('HorizontalPodAutoscaler'), ...byKind('Ingress')];
    if (one(objs, 'Namespace')) expect(wave(one(objs, 'Namespace'))).toBeLessThan(min(config));
    expect(max(config)).toBeLessThan(min(backing));
    expect(max(backing)).toBeLessThan(min(job));
    // recreate: the Job waits for the old pods, which stop only once the Deployment is applied: same wave.
    expect(wave(job[0])).toBe(wave(dep[0]));
    // The data claim goes with its first consumer: a WaitForFirstConsumer claim is Pending until a pod uses it.
    for (const pvc of byKind('PersistentVolumeClaim')) expect(wave(pvc)).toBe(wave(job[0]));
    if (after.length) expect(min(after)).toBeGreaterThan(wave(dep[0]));
  });

  test('rollingUpdate: the Deployment comes after the Job has completed', () => {
    const r = renderEnv(env, [...ROLLING, 'database.maxConnections=2000']);
    expect(wave(one(r, 'Job'))).toBeLessThan(wave(one(r, 'Deployment')));
    const hpa = r.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    for (const h of hpa) expect(wave(h)).toBeGreaterThan(wave(one(r, 'Deployment')));
  });

  test('the data PVC and the Namespace are never pruned or deleted by Argo CD; nothing else is protected', () => {
    for (const o of objs) {
      const opts = o.metadata.annotations?.[SYNC_OPTIONS];
      if (o.kind === 'PersistentVolumeClaim' || o.kind === 'Namespace') expect(opts).toBe('Prune=false,Delete=false');
      else expect(opts).toBeUndefined();
    }
    expect(objs.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(true);
  });

  test('no Argo CD hooks: plain kubectl apply sees ordinary objects', () => {
    for (const o of objs)
      expect(Object.keys(o.metadata.annotations ?? {}).filter((k) => k.startsWith('argocd.argoproj.io/hook'))).toEqual(
        [],
      );
  });
});

test('existing sync options on a PVC are kept and Prune/Delete forced to false', () => {
  const [pvc] = applyArgoCdSyncWaves(
    [
      {
        kind: 'PersistentVolumeClaim',
        metadata: { annotations: { [SYNC_OPTIONS]: 'ServerSideApply=true,Prune=true' } },
      },
    ],
    resolveEnv('local').values.upgrade.strategy,
  );
  expect(pvc.metadata.annotations![SYNC_OPTIONS]).toBe('ServerSideApply=true,Prune=false,Delete=false');
});

function renderedAll(): RenderedEnvironment[] {
  return ENVS.map((e) => {
    const env = resolveEnv(e);
    return { env, objects: renderObjects(env) };
  });
}

describe('dist/argocd', () => {
  const rendered = renderedAll();
  const objs = renderArgoCdObjects(rendered);
  const apps = objs.filter((o) => o.kind === 'Application') as any[];
  const project = one(objs, 'AppProject');

  test('one Application per environment with argocd.enabled (local is applied with kubectl)', () => {
    expect(apps.map((a) => a.metadata.name).sort()).toEqual(['open-webui-aws', 'open-webui-production']);
  });

  test('Argo CD objects validate against the Argo CD CRD schemas (@kubernetes-models/argo-cd)', () => {
    for (const a of apps) expect(() => new Application(a).validate()).not.toThrow();
    expect(() => new AppProject(project).validate()).not.toThrow();
    // The package's schemas check types but allow unknown fields: check the keys we use by hand.
    for (const a of apps) {
      expect(Object.keys(a.spec).sort()).toEqual(
        expect.arrayContaining(['destination', 'project', 'source', 'syncPolicy']),
      );
      for (const k of Object.keys(a.spec))
        expect([
          'project',
          'source',
          'destination',
          'syncPolicy',
          'ignoreDifferences',
          'revisionHistoryLimit',
        ]).toContain(k);
    }
    // And a wrong type is caught, so the validation is real.
    expect(() =>
      new Application({
        ...apps[0],
        spec: { ...apps[0].spec, syncPolicy: { automated: { prune: 'yes' } } },
      } as any).validate(),
    ).toThrow(/prune/);
  });

  test('each Application syncs dist/<env> of the repository and revision from values, into the env namespace', () => {
    for (const a of apps) {
      const env = a.metadata.labels['app.kubernetes.io/instance'];
      const v = resolveEnv(env).values;
      expect(a.spec.source).toEqual({
        repoURL: v.argocd.repoURL,
        targetRevision: v.argocd.targetRevision,
        path: `dist/${env}`,
        directory: { recurse: false },
      });
      expect(a.spec.destination).toEqual({ server: v.argocd.destination.server, namespace: v.namespace.name });
      expect(a.spec.project).toBe(project.metadata.name);
      expect(a.metadata.namespace).toBe(v.argocd.namespace);
      expect(fs.existsSync(path.join('dist', env))).toBe(true);
    }
  });

  test('automated sync, self-heal and prune follow values; old Jobs are pruned last', () => {
    const env = resolveEnv('aws', ['argocd.automated.selfHeal=false', 'argocd.automated.prune=false']);
    const [, app] = renderArgoCdObjects([{ env, objects: renderObjects(env) }]) as any[];
    expect(app.spec.syncPolicy).toEqual({
      automated: { prune: false, selfHeal: false },
      syncOptions: ['PruneLast=true'],
    });
    const manual = resolveEnv('aws', ['argocd.automated.enabled=false']);
    const [, m] = renderArgoCdObjects([{ env: manual, objects: renderObjects(manual) }]) as any[];
    expect(m.spec.syncPolicy.automated).toBeUndefined();
    expect(apps[0].spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('the HPA replica count is not fought over: no spec.replicas, and ignoreDifferences on it', () => {
    for (const a of apps) {
      const env = rendered.find((r) => r.env.name === a.metadata.labels['app.kubernetes.io/instance'])!;
      const dep = one(env.objects as any[], 'Deployment');
      expect(env.env.values.autoscaling.enabled).toBe(true);
      expect(dep.spec.replicas).toBeUndefined();
      expect(a.spec.ignoreDifferences).toEqual([
        {
          group: 'apps',
          kind: 'Deployment',
          name: dep.metadata.name,
          namespace: dep.metadata.namespace,
          jsonPointers: ['/spec/replicas'],
        },
      ]);
    }
  });

  test('the AppProject allows exactly the repositories, destinations and kinds the environments render', () => {
    expect(project.spec.sourceRepos).toEqual(['https://git.example.com/platform/open-webui-k8s.git']);
    expect(project.spec.destinations).toEqual(
      apps.map((a) => a.spec.destination).sort((x, y) => (x.server < y.server ? -1 : 1)),
    );
    expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    const used = new Set(
      rendered
        .filter((r) => r.env.values.argocd.enabled)
        .flatMap((r) => r.objects.filter((o) => o.metadata.namespace).map((o) => o.kind)),
    );
    expect(new Set(project.spec.namespaceResourceWhitelist.map((k: any) => k.kind))).toEqual(used);
  });

  test('two environments deploying to the same place through Argo CD are refused', () => {
    const a = resolveEnv('aws', ['argocd.destination.server=https://kubernetes.default.svc']);
    const p = resolveEnv('production');
    expect(() =>
      renderArgoCdObjects([
        { env: a, objects: [] },
        { env: p, objects: [] },
      ]),
    ).toThrow(UsageError);
  });

  test('committed dist/argocd/ is fresh', () => {
    const files = renderArgoCdFiles(rendered);
    expect(fs.readdirSync('dist/argocd').sort()).toEqual([OUTPUT_MARKER, ...files.keys()].sort());
    for (const [f, content] of files) expect(fs.readFileSync(path.join('dist/argocd', f), 'utf8')).toBe(content);
  });
});

describe('synth writes dist/argocd/ with the environments', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-argocd-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const out = path.join(tmp, 'dist');

  test('all environments: argocd/ is part of the atomic tree; --env leaves it alone', () => {
    synth({ envs: discoverEnvironments('values'), layout: { kind: 'root', dir: out } });
    expect(fs.readdirSync(out).sort()).toEqual([OUTPUT_MARKER, 'argocd', 'aws', 'local', 'production']);
    const before = fs.readdirSync(path.join(out, 'argocd')).sort();
    expect(before).toEqual([
      OUTPUT_MARKER,
      '28-appproject-open-webui.yaml',
      '29-application-open-webui-aws.yaml',
      '29-application-open-webui-production.yaml',
    ]);
    synth({
      envs: discoverEnvironments('values').filter((e) => e.name === 'aws'),
      layout: { kind: 'each', dirOf: (e) => path.join(out, e) },
    });
    expect(fs.readdirSync(path.join(out, 'argocd')).sort()).toEqual(before);
  });

  test('an environment named argocd is refused', () => {
    const vals = path.join(tmp, 'values');
    fs.mkdirSync(vals);
    fs.copyFileSync('values/common.yaml', path.join(vals, 'common.yaml'));
    fs.copyFileSync('values/local.yaml', path.join(vals, 'argocd.yaml'));
    expect(() =>
      synth({ envs: discoverEnvironments(vals), layout: { kind: 'root', dir: path.join(tmp, 'out2') } }),
    ).toThrow(/argocd/);
    expect(fs.existsSync(path.join(tmp, 'out2'))).toBe(false);
  });
});
