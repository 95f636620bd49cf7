/**
 * Pod specs the API server would refuse: requests above limits, clashing extra volumes and mounts.
 * Found once, on the rendered objects (src/check/), and reported at the values key that set the
 * field (src/synth/guard.ts), once however many objects carry it; names the chart reserves are a
 * values rule (extra-volumes-reserved).
 */
import { App } from 'cdk8s';
import { OpenWebUiChart } from '../../charts/open-webui-chart';
import { K8sObject } from '../../src/manifests';
import { buildModel } from '../../src/model';
import { runRules } from '../../src/rules';
import { renderedProblems } from '../../src/synth/guard';
import { valuesSchema } from '../../src/values/schema';

const base = {
  image: { tag: '0.11.0' },
  replicaCount: 1,
  podDisruptionBudget: { enabled: false },
  database: { type: 'sqlite' },
};
/** The rendered-object problems of these values (rules not run), with the given id. */
const problems = (input: Record<string, unknown>, id: string) => {
  const model = buildModel(valuesSchema.parse({ ...base, ...input }));
  const objects = new OpenWebUiChart(new App({ outdir: '/nonexistent' }), 't', { model }).toJson() as K8sObject[];
  const env = { name: 't', files: ['t.yaml'], model, locate: () => ({ file: 't.yaml' }) };
  return renderedProblems(env, objects).filter((p) => p.id === id);
};
const ruleProblems = (input: Record<string, unknown>, id: string) =>
  runRules(valuesSchema.parse({ ...base, ...input })).filter((p) => p.id === id);

describe('container-request-within-limit, mapped to the values key', () => {
  const rule = 'container-request-within-limit';
  test('app memory request above its limit: error on the request, both quantities and keys named', () => {
    const [p, ...rest] = problems({ resources: { requests: { memory: '3Gi' }, limits: { memory: '2Gi' } } }, rule);
    expect(rest).toEqual([]); // the migrator inherits the same pair: reported once
    expect(p.severity).toBe('error');
    expect(p.path).toEqual(['resources', 'requests', 'memory']);
    expect(p.message).toMatch(/Job\/.* and Deployment\/open-webui /);
    expect(p.message).toMatch(/3Gi must be .*2Gi.*Set by resources\.requests\.memory and resources\.limits\.memory/);
  });
  test('cpu, across units', () => {
    expect(
      problems({ resources: { requests: { cpu: '1500m' }, limits: { cpu: 1 } } }, rule).map((p) => p.path.join('.')),
    ).toEqual(['resources.requests.cpu']);
    expect(problems({ resources: { requests: { cpu: '1' }, limits: { cpu: '1000m' } } }, rule)).toEqual([]);
    expect(problems({ resources: { requests: { memory: '1G' }, limits: { memory: '1Gi' } } }, rule)).toEqual([]);
    expect(problems({ resources: { requests: { memory: '1Gi' }, limits: { memory: '1G' } } }, rule)).toHaveLength(1);
  });
  test('no limit, or a limit alone, is fine', () => {
    expect(problems({ resources: { requests: { memory: '3Gi' } } }, rule)).toEqual([]);
    expect(problems({ resources: { limits: { memory: '1Gi' } } }, rule)).toEqual([]);
  });
  test('migration: its own values layered field-wise over resources', () => {
    // the app's request with the migrator's lower limit
    const [p, ...rest] = problems(
      {
        resources: { requests: { memory: '3Gi' }, limits: { memory: '4Gi' } },
        upgrade: { migration: { resources: { limits: { memory: '2Gi' } } } },
      },
      rule,
    );
    expect(rest).toEqual([]);
    expect(p.path).toEqual(['resources', 'requests', 'memory']);
    expect(p.message).toMatch(/upgrade\.migration\.resources\.limits\.memory/);
    expect(p.message).toMatch(/The rendered Job\/open-webui-migrate-[^ ]* would be invalid/); // the migrator only
    // the migrator's own request above the app's limit
    const [q] = problems(
      { resources: { limits: { cpu: '1' } }, upgrade: { migration: { resources: { requests: { cpu: '2' } } } } },
      rule,
    );
    expect(q.path).toEqual(['upgrade', 'migration', 'resources', 'requests', 'cpu']);
    // the migrator's own consistent pair is fine
    expect(
      problems(
        { upgrade: { migration: { resources: { requests: { memory: '1Gi' }, limits: { memory: '2Gi' } } } } },
        rule,
      ),
    ).toEqual([]);
  });
  test('waiter, in-cluster Redis and PostgreSQL', () => {
    expect(
      problems(
        { upgrade: { waiter: { resources: { requests: { memory: '64Mi' }, limits: { memory: '32Mi' } } } } },
        rule,
      ).map((p) => p.path.join('.')),
    ).toEqual(['upgrade.waiter.resources.requests.memory']);
    // the Redis default request (128Mi) above a lowered limit
    expect(
      problems({ redis: { internal: { resources: { limits: { memory: '64Mi' } } } } }, rule).map((p) =>
        p.path.join('.'),
      ),
    ).toEqual(['redis.internal.resources.requests.memory']);
    const pg = {
      environment: { development: true },
      database: {
        type: 'postgresql',
        inCluster: { enabled: true, resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } },
      },
    };
    expect(problems(pg, rule).map((p) => p.path.join('.'))).toEqual(['database.inCluster.resources.requests.cpu']);
  });
  test('defaults are consistent', () => {
    expect(problems({}, rule)).toEqual([]);
  });
});

describe('extra volumes and mounts', () => {
  const vol = (name: string) => ({ name, emptyDir: {} });
  const paths = (input: Record<string, unknown>, id: string) => problems(input, id).map((p) => p.path.join('.'));
  test('a second volume named like a chart-owned one (data, redis-tls, the waiter token) is refused', () => {
    for (const name of ['data', 'redis-tls', 'migration-waiter-token']) {
      const [p] = ruleProblems({ extraVolumes: [vol(name)] }, 'extra-volumes-reserved');
      expect(p.path).toEqual(['extraVolumes', 0, 'name']);
      expect(p.message).toMatch(new RegExp(`"${name}" is used by the chart itself`));
    }
    // and the rendered pod would hold it twice
    expect(paths({ extraVolumes: [vol('data')] }, 'pod-volumes-valid')).toEqual(['extraVolumes.0.name']);
  });
  test('duplicate extra volume names are refused, on the second', () => {
    expect(paths({ extraVolumes: [vol('a'), vol('b'), vol('a')] }, 'pod-volumes-valid')).toEqual([
      'extraVolumes.2.name',
    ]);
    expect(paths({ extraVolumes: [vol('a'), vol('b')] }, 'pod-volumes-valid')).toEqual([]);
  });
  test('a mount must name an extra volume or a chart volume the app pods have', () => {
    const id = 'pod-volumes-valid';
    const [p] = problems({ extraVolumeMounts: [{ name: 'cache', mountPath: '/cache' }] }, id);
    expect(p.path).toEqual(['extraVolumeMounts', 0, 'name']);
    expect(p.message).toMatch(/"cache", which the pod does not have/);
    expect(
      paths({ extraVolumes: [vol('cache')], extraVolumeMounts: [{ name: 'cache', mountPath: '/cache' }] }, id),
    ).toEqual([]);
    expect(paths({ extraVolumeMounts: [{ name: 'data', mountPath: '/extra', subPath: 'x' }] }, id)).toEqual([]); // the data volume again, elsewhere
    expect(
      ruleProblems(
        { extraVolumeMounts: [{ name: 'migration-waiter-token', mountPath: '/t' }] },
        'extra-volumes-reserved',
      ).map((p) => p.path.join('.')),
    ).toEqual(['extraVolumeMounts.0.name']); // not the app container's
    expect(paths({ extraVolumeMounts: [{ name: 'redis-tls', mountPath: '/t' }] }, id)).toEqual([
      'extraVolumeMounts.0.name',
    ]); // no Redis TLS configured
  });
  test('mount paths are unique in the app container, chart mounts included', () => {
    const id = 'pod-volumes-valid';
    const extraVolumes = [vol('a'), vol('b')];
    const [p] = problems({ extraVolumes, extraVolumeMounts: [{ name: 'a', mountPath: '/app/backend/data/' }] }, id);
    expect(p.path).toEqual(['extraVolumeMounts', 0, 'mountPath']);
    expect(p.message).toMatch(/"\/app\/backend\/data\/" is already mounted by volumeMounts\[0\]/);
    expect(
      paths(
        {
          extraVolumes,
          extraVolumeMounts: [
            { name: 'a', mountPath: '/x' },
            { name: 'b', mountPath: '/x' },
          ],
        },
        id,
      ),
    ).toEqual(['extraVolumeMounts.1.mountPath']);
    expect(
      paths(
        {
          extraVolumes,
          extraVolumeMounts: [
            { name: 'a', mountPath: '/x' },
            { name: 'b', mountPath: '/y' },
          ],
        },
        id,
      ),
    ).toEqual([]);
  });
});
