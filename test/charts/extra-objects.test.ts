/**
 * extraObjects: any Kubernetes object rendered into dist/<env>/ with the release and checked by
 * the same strict check (schema incl. vendored CRDs, API-server rules, security policy), findings
 * at the values key; placeholders from a small set, nothing else templated; namespaced objects in
 * the release namespace by default; clashes with the chart's objects refused.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderAppProject } from '../../src/argocd/application';
import { renderFiles, renderObjects } from '../../src/synth/render';
import {
  Any,
  find,
  problemsOf,
  render,
  resolve,
  resolveEnv,
  runCli,
  schemaProblems,
  synthProblemsOf as synthProblemsOnBase,
} from '../support';

/** BASE gives the app container no resources: a layer that does, so only the extra objects' problems remain. */
const APP = 'resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 1Gi}}\n';
const synthProblemsOf = (yaml: string) => synthProblemsOnBase(APP, yaml);

const extra = (items: string) => `extraObjects:\n${items}`;
const CONFIGMAP = `  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: "{{ fullname }}-settings"
    data:
      who: "{{ releaseName }} in {{ namespace }}"
`;
const problemKeys = (yaml: string, id: string) =>
  synthProblemsOf(yaml)
    .filter((p) => p.id === id)
    .map((p) => p.path.join('.'));

describe('rendering', () => {
  it('replaces the placeholders, puts a namespaced object in the release namespace, and writes its own file', () => {
    const yaml = `releaseName: chat\nnamespace:\n  name: ai\n${extra(CONFIGMAP)}`;
    const cm = find(render(yaml), 'ConfigMap', 'chat-open-webui-settings') as Any;
    expect(cm.metadata.namespace).toBe('ai');
    expect(cm.data).toEqual({ who: 'chat in ai' });
    expect(schemaProblems(cm)).toEqual([]);
    const files = renderFiles(resolve(yaml));
    expect([...files.keys()]).toContain('08-configmap-chat-open-webui-settings.yaml');
  });

  it('keeps a namespace it names, and gives a cluster-scoped kind none', () => {
    const objs = render(
      extra(`  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: elsewhere, namespace: monitoring}
  - apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata: {name: open-webui-high}
    value: 100000
`),
    );
    expect((find(objs, 'ConfigMap', 'elsewhere') as Any).metadata.namespace).toBe('monitoring');
    expect((find(objs, 'PriorityClass') as Any).metadata.namespace).toBeUndefined();
  });

  it('adds commonLabels and commonAnnotations under its own', () => {
    const cm = find(
      render(
        `commonLabels: {team: ai, tier: web}\ncommonAnnotations: {owner: platform}\n${extra(`  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: x
      labels: {tier: cache}
`)}`,
      ),
      'ConfigMap',
      'x',
    ) as Any;
    expect(cm.metadata.labels).toEqual({ team: 'ai', tier: 'cache' });
    expect(cm.metadata.annotations.owner).toBe('platform');
  });

  it('gets the Argo CD sync wave of its kind, unless it sets one', () => {
    const objs = render(
      extra(`${CONFIGMAP}  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: late
      annotations: {argocd.argoproj.io/sync-wave: "5"}
  - apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata: {name: open-webui-high}
    value: 100000
`),
    );
    const wave = (kind: string, name: string) =>
      (find(objs, kind, name) as Any).metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect(wave('ConfigMap', 'open-webui-settings')).toBe('-2');
    expect(wave('ConfigMap', 'late')).toBe('5');
    // A class pods name comes before the pods.
    expect(wave('PriorityClass', 'open-webui-high')).toBe('-2');
  });

  it('appears in the Argo CD AppProject: its kind and its namespace are allowed', () => {
    const env = resolveEnv(
      'production',
      extra(`  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: dashboards, namespace: monitoring}
  - apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata: {name: open-webui-high}
    value: 100000
`),
    );
    const project = renderAppProject('open-webui', 'argocd', [{ env, objects: renderObjects(env) }]) as Any;
    expect(project.spec.destinations.map((d: Any) => d.namespace)).toContain('monitoring');
    expect(project.spec.clusterResourceWhitelist).toContainEqual({ group: 'scheduling.k8s.io', kind: 'PriorityClass' });
  });

  it('is absent by default', () => {
    expect(render().some((o) => o.metadata.name.endsWith('-settings'))).toBe(false);
  });
});

describe('templates', () => {
  it('refuses Helm templates, with the placeholder they meant', () => {
    const ps = problemsOf(
      extra(`  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: '{{ include "open-webui.fullname" . }}-x'
      namespace: "{{ .Release.Namespace }}"
    data:
      release: "{{ .Release.Name }}"
      values: "{{ .Values.foo }}"
`),
    ).filter((p) => p.id === 'extra-objects-template');
    expect(ps.map((p) => [p.path.join('.'), p.hint])).toEqual([
      ['extraObjects.0.metadata.name', 'Write {{ fullname }} instead.'],
      ['extraObjects.0.metadata.namespace', 'Write {{ namespace }} instead.'],
      ['extraObjects.0.data.release', 'Write {{ releaseName }} instead.'],
      [
        'extraObjects.0.data.values',
        'Write the value itself, or one of {{ fullname }}, {{ releaseName }}, {{ namespace }}.',
      ],
    ]);
  });

  it('refuses any other placeholder in a name, keeps other templates in content (Prometheus alert templates)', () => {
    expect(
      problemKeys(
        extra('  - {apiVersion: v1, kind: ConfigMap, metadata: {name: "{{ chart }}"}}\n'),
        'extra-objects-template',
      ),
    ).toEqual(['extraObjects.0.metadata.name']);
    const rule = `  - apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    metadata: {name: custom}
    spec:
      groups:
        - name: custom
          rules:
            - alert: Restarts
              expr: increase(kube_pod_container_status_restarts_total[1h]) > 3
              annotations: {summary: "{{ $labels.pod }} restarts in {{ namespace }}"}
`;
    expect(problemKeys(extra(rule), 'extra-objects-template')).toEqual([]);
    const pr = find(render(extra(rule)), 'PrometheusRule', 'custom') as Any;
    expect(pr.spec.groups[0].rules[0].annotations.summary).toBe('{{ $labels.pod }} restarts in open-webui');
  });
});

describe('strict check, at the values key', () => {
  it('an unknown field, an unknown kind, a bad field of a vendored CRD', () => {
    const [unknownField] = synthProblemsOf(
      extra('  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, dataa: {a: b}}\n'),
    ).filter((p) => p.severity === 'error');
    expect(unknownField).toMatchObject({ id: 'rendered-schema', path: ['extraObjects', 0, 'dataa'] });

    const [unknownKind] = synthProblemsOf(
      extra('  - {apiVersion: cert-manager.io/v1, kind: Certificate, metadata: {name: c}, spec: {secretName: c}}\n'),
    ).filter((p) => p.severity === 'error');
    expect(unknownKind).toMatchObject({ id: 'rendered-unknown-kind', path: ['extraObjects', 0, 'apiVersion'] });
    expect(unknownKind.hint).toMatch(/vendor its schema/);

    expect(
      problemKeys(
        extra(
          '  - {apiVersion: monitoring.coreos.com/v1, kind: PrometheusRule, metadata: {name: r}, spec: {groupz: []}}\n',
        ),
        'rendered-schema',
      ),
    ).toEqual(['extraObjects.0.spec.groupz']);
  });

  it('the security policy on its pods and Secrets', () => {
    const deployment = `  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: helper}
    spec:
      selector: {matchLabels: {app: helper}}
      template:
        metadata: {labels: {app: helper}}
        spec:
          automountServiceAccountToken: false
          containers:
            - name: helper
              image: busybox:latest
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}
              resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 32Mi}}
`;
    expect(problemKeys(extra(deployment), 'container-image-pinned')).toEqual([
      'extraObjects.0.spec.template.spec.containers.0.image',
    ]);
    const secret =
      '  - {apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {token: not-a-real-token-value}}\n';
    expect(synthProblemsOf(extra(secret)).some((p) => p.severity === 'error' && p.path[0] === 'extraObjects')).toBe(
      true,
    );
  });

  it('an API-server rule (a name it refuses)', () => {
    expect(
      synthProblemsOf(extra('  - {apiVersion: v1, kind: ConfigMap, metadata: {name: Not_A_Name}}\n'))
        .filter((p) => p.severity === 'error')
        .map((p) => p.path.join('.')),
    ).toEqual(['extraObjects.0.metadata.name']);
  });

  it('a namespace on a cluster-scoped kind', () => {
    expect(
      problemKeys(
        extra(
          '  - {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: p, namespace: open-webui}, value: 1}\n',
        ),
        'extra-objects-scope',
      ),
    ).toEqual(['extraObjects.0.metadata.namespace']);
  });

  it('a sync wave that is not an integer', () => {
    expect(
      problemKeys(
        extra(
          '  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c, annotations: {argocd.argoproj.io/sync-wave: early}}}\n',
        ),
        'extra-objects-sync-wave',
      ),
    ).toEqual(['extraObjects.0.metadata.annotations.argocd.argoproj.io/sync-wave']);
  });

  it('apiVersion, kind and metadata.name are required', () => {
    expect(
      problemsOf(extra('  - {kind: ConfigMap, metadata: {}}\n'))
        .filter((p) => p.severity === 'error')
        .map((p) => p.path.join('.')),
    ).toEqual(['extraObjects.0.apiVersion', 'extraObjects.0.metadata.name']);
  });
});

describe('clashes', () => {
  it('an object the chart renders', () => {
    const [p] = synthProblemsOf(
      extra('  - {apiVersion: v1, kind: Service, metadata: {name: "{{ fullname }}"}, spec: {ports: [{port: 80}]}}\n'),
    ).filter((x) => x.severity === 'error');
    expect(p).toMatchObject({ id: 'extra-objects-unique', path: ['extraObjects', 0, 'metadata', 'name'] });
    expect(p.message).toMatch(/which the chart renders itself/);
  });

  it('an extra object twice, and one that would share a file of dist/', () => {
    const cm = (ns: string) => `  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: ${ns}}}\n`;
    expect(problemKeys(extra(cm('a') + cm('a')), 'extra-objects-unique')).toEqual(['extraObjects.1.metadata.name']);
    const [file] = synthProblemsOf(extra(cm('a') + cm('b'))).filter((p) => p.id === 'extra-objects-unique');
    expect(file.message).toContain('08-configmap-c.yaml');
  });

  it('synth writes nothing and exits 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extra-'));
    fs.writeFileSync(
      path.join(dir, 'clash.yaml'),
      extra('  - {apiVersion: v1, kind: Service, metadata: {name: open-webui}, spec: {ports: [{port: 80}]}}\n'),
    );
    const out = path.join(dir, 'out');
    const r = runCli(['synth', '--env', 'production', '-f', path.join(dir, 'clash.yaml'), '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error[extra-objects-unique]');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('NetworkPolicies add up', () => {
  const policy = (selector: string, rules = 'ingress: [{}]') => `  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: extra}
    spec:
      podSelector: ${selector}
      ${rules}
`;
  it('warns when one selects the Open WebUI pods and allows traffic', () => {
    const [w] = problemsOf(extra(policy('{}'))).filter((p) => p.id === 'extra-objects-network-policy');
    expect(w).toMatchObject({ severity: 'warning', path: ['extraObjects', 0, 'spec', 'podSelector'] });
    expect(w.message).toMatch(/app pods and migration pods/);
    expect(
      problemsOf(
        extra(policy('{matchExpressions: [{key: app.kubernetes.io/component, operator: In, values: [app]}]}')),
      ).filter((p) => p.id === 'extra-objects-network-policy'),
    ).toHaveLength(1);
  });

  it('is quiet for other pods, for a policy that allows nothing, and in another namespace', () => {
    const quiet = (y: string) => problemsOf(extra(y)).filter((p) => p.id === 'extra-objects-network-policy');
    expect(quiet(policy('{matchLabels: {app: tika}}'))).toEqual([]);
    expect(quiet(policy('{}', 'policyTypes: [Ingress]'))).toEqual([]);
    expect(quiet(policy('{}').replace('{name: extra}', '{name: extra, namespace: other}'))).toEqual([]);
  });
});

describe('npm run check', () => {
  it('passes on what synth wrote with extra objects', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extra-check-'));
    fs.writeFileSync(path.join(dir, 'extra.yaml'), extra(CONFIGMAP));
    const out = path.join(dir, 'out');
    expect(runCli(['synth', '--env', 'production', '-f', path.join(dir, 'extra.yaml'), '--out', out]).status).toBe(0);
    expect(fs.readdirSync(out)).toContain('08-configmap-open-webui-settings.yaml');
    const check = runCli(['check', out]);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
