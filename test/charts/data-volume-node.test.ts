/**
 * A ReadWriteOnce data claim cannot deadlock the rollout (issue 9, item 7). The migration Job and
 * the app pods both mount the claim (the migrator reads DATA_DIR: the SQLite database, a legacy
 * config.json; each app pod's wait-for-migration init container holds the volume while the Job runs).
 * A ReadWriteOnce volume attaches to one node, so the rendered pods must never be split across two:
 * every Open WebUI pod of the release (app and migration, any version) carries one required
 * pod-affinity term on kubernetes.io/hostname that selects exactly those pods. Proven on the
 * rendered objects: the term is on both templates, it selects the Job's pod, the new and the old
 * app pods and nothing else, and each pod matches its own term (so the first pod of a fresh install
 * may go anywhere, Kubernetes' rule for a self-matching term). ReadWriteOncePod is refused.
 */
import { K8sObject } from '../../src/manifests';
import { Any, errorsOf, find, ids, one, render, renderEnv } from '../support';

const SINGLE_RWO =
  'replicaCount: 1\npodDisruptionBudget:\n  enabled: false\npersistence:\n  accessModes: [ReadWriteOnce]\n';

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values: string[] }[];
};
/** Kubernetes label-selector semantics (matchLabels AND matchExpressions with In). */
function selects(s: Selector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(s.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpr = (s.matchExpressions ?? []).every((e) => e.operator === 'In' && e.values.includes(labels[e.key]));
  return byLabel && byExpr;
}
const template = (o: K8sObject): Any => (o as Any).spec.template;
const requiredTerms = (o: K8sObject): Any[] =>
  template(o).spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];

describe('a single replica on a ReadWriteOnce data claim', () => {
  const objs = render(SINGLE_RWO);
  const job = one(objs, 'Job');
  const deployment = find(objs, 'Deployment', 'open-webui');

  test('the Job and the app pods carry the same required same-node term', () => {
    expect(requiredTerms(job)).toHaveLength(1);
    expect(requiredTerms(deployment)).toEqual(requiredTerms(job));
    expect(requiredTerms(job)[0].topologyKey).toBe('kubernetes.io/hostname');
    // both really mount the claim: this is what would otherwise deadlock
    for (const o of [job, deployment])
      expect(template(o).spec.volumes).toContainEqual({
        name: 'data',
        persistentVolumeClaim: { claimName: 'open-webui-data' },
      });
  });

  test("the term selects the Job's pod, the new and the previous version's app pods (so they share the node holding the volume), and each pod matches its own term", () => {
    const term = requiredTerms(job)[0].labelSelector as Selector;
    const jobPod = template(job).metadata.labels;
    const appPod = template(deployment).metadata.labels;
    const oldAppPod = {
      ...appPod,
      'app.kubernetes.io/version': '0.10.2',
      'open-webui-k8s/migration-job': 'open-webui-migrate-0-10-2-0123abcd',
    };
    const oldJobPod = {
      ...jobPod,
      'app.kubernetes.io/version': '0.10.2',
      'open-webui-k8s/migration-job': 'open-webui-migrate-0-10-2-0123abcd',
    };
    for (const labels of [jobPod, appPod, oldAppPod, oldJobPod]) expect(selects(term, labels)).toBe(true);
  });

  test('the term selects no other pod: not the Redis or PostgreSQL pods, nor another release', () => {
    const term = requiredTerms(job)[0].labelSelector as Selector;
    const local = renderEnv('local');
    for (const name of ['open-webui-redis', 'open-webui-postgresql'])
      expect(selects(term, template(find(local, 'StatefulSet', name)).metadata.labels)).toBe(false);
    const other = find(render(`${SINGLE_RWO}releaseName: chat\n`), 'Deployment');
    expect(selects(term, template(other).metadata.labels)).toBe(false);
  });

  test('an affinity from values is kept and the term is added to it', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['web'] }] }],
        },
      },
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'topology.kubernetes.io/zone' },
        ],
      },
    };
    const d = find(render(`${SINGLE_RWO}affinity: ${JSON.stringify(affinity)}\n`), 'Deployment');
    expect(template(d).spec.affinity.nodeAffinity).toEqual(affinity.nodeAffinity);
    expect(requiredTerms(d).map((t) => t.topologyKey)).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
  });

  test('local (two replicas on one node, ReadWriteOnce) gets it too', () => {
    const local = renderEnv('local');
    expect(requiredTerms(one(local, 'Job'))).toHaveLength(1);
    expect(requiredTerms(find(local, 'Deployment', 'open-webui'))).toEqual(requiredTerms(one(local, 'Job')));
  });
});

describe('no pinning where the volume attaches anywhere', () => {
  test.each([
    ['ReadWriteMany (aws, production)', ''],
    [
      'no data volume (an emptyDir)',
      'persistence:\n  enabled: false\nstorage:\n  provider: s3\n  s3:\n    bucketName: b\n',
    ],
  ])('%s', (_, yaml) => {
    const objs = render(yaml);
    expect(requiredTerms(one(objs, 'Job'))).toEqual([]);
    expect(requiredTerms(find(objs, 'Deployment', 'open-webui'))).toEqual([]);
  });
  test('the shipped aws and production', () => {
    for (const env of ['aws', 'production'])
      expect(requiredTerms(find(renderEnv(env), 'Deployment', 'open-webui'))).toEqual([]);
  });
});

test('ReadWriteOncePod (one pod at all) is refused: the Job and the app pods mount the claim together', () => {
  const e = errorsOf(
    'replicaCount: 1\npodDisruptionBudget:\n  enabled: false\npersistence:\n  accessModes: [ReadWriteOncePod]\n',
  );
  expect(ids(e)).toEqual(['data-volume-single-pod']);
  expect(e[0].path).toEqual(['persistence', 'accessModes']);
});
