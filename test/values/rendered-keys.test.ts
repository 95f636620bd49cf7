/**
 * Issue 10 item 2: every rule that checks rendered objects (the API server's own validation in
 * src/check/apiserver.ts, the API-validity and security-policy rules, check's schema) and that a
 * values key can trigger is triggered here through the real values pipeline (shipped environment,
 * an overlay file or `--set`, resolve, render, the synth guard), and the error names the values key,
 * never `(root)`, at the overlay's file and line or the `--set` flag, once. Whichever layer catches
 * the value first (the zod schema, a values rule, the guard) is fine: the user sees the key.
 *
 * The rule ids are read from the source of the checks, so a new rule without a case here (or a
 * declaration that values cannot reach it, with the reason) fails this test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatPath, Problem, ValuesError } from '../../src/errors';
import { renderedProblems } from '../../src/synth/guard';
import { renderObjects } from '../../src/synth/render';
import { Overlay, REPO, resolveEnv } from '../support';

interface Case {
  /** A shipped environment. @default 'aws' (an Ingress, external backends) */
  readonly env?: string;
  /** An overlay (written to a file) or `--set` flags (a list). */
  readonly overlay: Overlay;
  /** The values key the error must name. */
  readonly key: string;
  /** The error's id when it is not the rule's own (an earlier layer caught the value). */
  readonly id?: string;
}
type Entry = Case | { readonly unreachable: string };

const x64 = 'a'.repeat(64);

/** Every rendered-object rule: a values case, or why values cannot trigger it. */
const RULES: Record<string, Entry[]> = {
  // src/check/apiserver.ts
  'api-annotations-size': [
    {
      overlay: { podAnnotations: { 'example.com/big': 'A'.repeat(270_000) } },
      key: 'podAnnotations',
      id: 'invalid-format',
    },
  ],
  'api-config-data': [
    {
      unreachable:
        "ConfigMap and Secret keys are the chart's own (redis.conf, the app Secret keys); secrets.inline keys are a closed set in the schema",
    },
  ],
  'api-container-ports': [
    { unreachable: "container ports are the chart's constants (8080, 6379, 5432); no values key sets one" },
  ],
  'api-containers': [{ overlay: { image: { repository: ' ' } }, key: 'image.repository', id: 'invalid-format' }],
  'api-deployment': [
    {
      overlay: { upgrade: { strategy: 'rollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
      key: 'upgrade.rollingUpdate.maxSurge',
      id: 'upgrade-rolling-update-progress',
    },
  ],
  'api-env': [
    { overlay: { extraEnvFrom: [{ prefix: '1BAD', configMapRef: { name: 'x' } }] }, key: 'extraEnvFrom[0].prefix' },
    { overlay: { extraEnvFrom: [{ configMapRef: { name: 'Bad_Name' } }] }, key: 'extraEnvFrom[0].configMapRef.name' },
    { overlay: { extraEnv: [{ name: 'BAD NAME', value: 'x' }] }, key: 'extraEnv[0].name', id: 'invalid-format' },
  ],
  'api-hpa': [
    {
      overlay: { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 3 } },
      key: 'autoscaling.minReplicas',
      id: 'autoscaling-min-max',
    },
  ],
  'api-ingress': [
    { overlay: { ingress: { className: 'Bad_Class' } }, key: 'ingress.className' },
    { overlay: { ingress: { hosts: [{ host: '10.0.0.1' }] } }, key: 'ingress.hosts[0].host', id: 'invalid-format' },
  ],
  'api-job': [
    {
      overlay: { upgrade: { migration: { backoffLimit: -1 } } },
      key: 'upgrade.migration.backoffLimit',
      id: 'out-of-range',
    },
  ],
  'api-networkpolicy': [
    {
      overlay: {
        networkPolicy: {
          egress: {
            extra: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }, { to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }],
          },
        },
      },
      key: 'networkPolicy.egress.extra[1].to[0].ipBlock.cidr',
    },
    {
      overlay: { networkPolicy: { egress: { database: { cidrs: ['10.0.0.0/33'] } } } },
      key: 'networkPolicy.egress.database.cidrs[0]',
      id: 'invalid-format',
    },
  ],
  'api-object-name': [
    { overlay: { namespace: { name: 'Bad_NS' } }, key: 'namespace.name', id: 'invalid-format' },
    { overlay: { serviceAccount: { name: 'Bad_SA' } }, key: 'serviceAccount.name', id: 'invalid-format' },
  ],
  'api-object-size': [
    {
      overlay: `extraEnv:\n  - name: BIG\n    value: ${'x'.repeat(900_000)}\n`,
      key: 'extraEnv[0].value',
    },
  ],
  'api-pdb': [
    {
      overlay: { podDisruptionBudget: { enabled: true, minAvailable: '150%' } },
      key: 'podDisruptionBudget.minAvailable',
      id: 'invalid-format',
    },
  ],
  'api-pod-spec': [
    { overlay: { tolerations: [{ key: 'a', operator: 'Exists', value: 'x' }] }, key: 'tolerations[0].value' },
    { overlay: { priorityClassName: 'Bad_Name' }, key: 'priorityClassName', id: 'invalid-format' },
    { overlay: { nodeSelector: { 'bad key!': 'x' } }, key: 'nodeSelector["bad key!"]', id: 'invalid-format' },
  ],
  'api-probes': [
    {
      overlay: { probes: { readiness: { periodSeconds: 0 } } },
      key: 'probes.readiness.periodSeconds',
      id: 'out-of-range',
    },
  ],
  'api-pvc': [
    {
      overlay: { persistence: { enabled: true, accessModes: ['ReadWriteOncePod', 'ReadWriteMany'] } },
      key: 'persistence.accessModes',
      // the values rule refuses ReadWriteOncePod at the same key before the API-server rule sees it
      id: 'data-volume-single-pod',
    },
    {
      overlay: { persistence: { enabled: true, storageClass: 'Bad_Class' } },
      key: 'persistence.storageClass',
      id: 'invalid-format',
    },
  ],
  'api-rbac': [
    {
      unreachable:
        "the waiter's Role and RoleBinding are the chart's constants; their names derive from releaseName/fullnameOverride (release-name-too-long, api-object-name)",
    },
  ],
  'api-resources': [
    { overlay: { resources: { requests: { cpu: '-1' } } }, key: 'resources.requests.cpu', id: 'invalid-format' },
  ],
  'api-security-context': [
    { overlay: { securityContext: { runAsUser: -1 } }, key: 'securityContext.runAsUser' },
    { overlay: ['podSecurityContext.fsGroup=-1'], key: 'podSecurityContext.fsGroup' },
  ],
  'api-selector': [
    {
      overlay: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: 'x', labelSelector: { matchLabels: { 'bad key!': 'x' } } },
            ],
          },
        },
      },
      key: 'affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels["bad key!"]',
    },
  ],
  'api-service': [{ overlay: ['service.port=0'], key: 'service.port', id: 'out-of-range' }],
  'api-statefulset': [
    {
      env: 'production',
      overlay: { releaseName: 'a'.repeat(40), redis: { mode: 'internal' } },
      key: 'releaseName',
      id: 'release-name-too-long',
    },
  ],
  'pod-volumes-valid': [
    {
      overlay: {
        extraVolumes: [
          { name: 'a', emptyDir: {} },
          { name: 'a', emptyDir: {} },
        ],
      },
      key: 'extraVolumes[1].name',
    },
    {
      overlay: { extraVolumes: [{ name: 'p', configMap: { name: 'Bad_Name' } }] },
      key: 'extraVolumes[0].configMap.name',
    },
    {
      overlay: { extraVolumes: [{ name: 'Bad_Name', emptyDir: {} }] },
      key: 'extraVolumes[0].name',
      id: 'invalid-format',
    },
  ],
  // src/check/api-validity.ts
  'container-request-within-limit': [
    {
      overlay: { resources: { requests: { memory: '3Gi' }, limits: { memory: '2Gi' } } },
      key: 'resources.requests.memory',
    },
    {
      env: 'local',
      overlay: { redis: { internal: { resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } } } },
      key: 'redis.internal.resources.requests.cpu',
    },
  ],
  'service-name-dns-1035': [{ overlay: { fullnameOverride: '1abc' }, key: 'fullnameOverride', id: 'invalid-format' }],
  // src/check/policy.ts
  'container-drop-all-capabilities': [
    { overlay: { securityContext: { capabilities: { drop: [] } } }, key: 'securityContext.capabilities.drop' },
  ],
  'container-image-pinned': [
    { overlay: ['upgrade.waiter.image.tag=latest'], key: 'upgrade.waiter.image.tag' },
    { overlay: { image: { tag: x64 } }, key: 'image.tag', id: 'out-of-range' },
  ],
  'container-no-added-capabilities': [
    {
      overlay: { securityContext: { capabilities: { add: ['NET_ADMIN'] } } },
      key: 'securityContext.capabilities.add',
      id: 'pod-security-baseline',
    },
  ],
  'container-no-privilege-escalation': [
    {
      overlay: { securityContext: { allowPrivilegeEscalation: true } },
      key: 'securityContext.allowPrivilegeEscalation',
    },
  ],
  'container-not-privileged': [
    {
      overlay: { securityContext: { privileged: true } },
      key: 'securityContext.privileged',
      id: 'pod-security-baseline',
    },
  ],
  'container-resources': [
    { env: 'local', overlay: { resources: null }, key: 'resources' },
    { env: 'local', overlay: ['resources=null'], key: 'resources' },
    { env: 'production', overlay: { resources: null }, key: 'resources', id: 'autoscaling-cpu-request' },
    {
      overlay: {
        upgrade: {
          strategy: 'recreate',
          waiter: { resources: { requests: { memory: '32Mi' }, limits: { memory: '64Mi' } } },
        },
      },
      key: 'upgrade.waiter.resources.requests.cpu',
    },
  ],
  'container-seccomp-runtime-default': [
    {
      overlay: { securityContext: { seccompProfile: { type: 'Unconfined' } } },
      key: 'securityContext.seccompProfile.type',
      id: 'pod-security-baseline',
    },
  ],
  'metadata-labels': [
    { overlay: { podLabels: { 'bad key!': 'x' } }, key: 'podLabels["bad key!"]', id: 'invalid-format' },
    { overlay: { commonLabels: { team: 'bad value!' } }, key: 'commonLabels.team', id: 'invalid-format' },
  ],
  'namespace-pod-security-label': [
    {
      unreachable:
        'the chart sets pod-security.kubernetes.io/enforce on the namespace it creates itself, over namespace.labels',
    },
  ],
  'pod-no-token-automount': [
    {
      unreachable: "automountServiceAccountToken is the chart's constant (false) on every pod; no passthrough sets it",
    },
  ],
  'pod-security-baseline': [
    { overlay: { securityContext: { procMount: 'Unmasked' } }, key: 'securityContext.procMount' },
    { overlay: ['securityContext.procMount=Unmasked'], key: 'securityContext.procMount' },
    { overlay: { extraVolumes: [{ name: 'h', hostPath: { path: '/' } }] }, key: 'extraVolumes[0].hostPath' },
  ],
  'secret-no-plaintext': [
    {
      overlay: { extraEnv: [{ name: 'DB_PASSWORD', value: 'hunter2hunter2' }] },
      key: 'extraEnv[0].value',
      id: 'secrets-plaintext-credential',
    },
  ],
  'serviceaccount-no-token-automount': [
    { unreachable: "automountServiceAccountToken is the chart's constant (false) on the ServiceAccount it creates" },
  ],
  // src/check/index.ts
  schema: [
    { overlay: { podSecurityContext: { bogus: 1 } }, key: 'podSecurityContext.bogus', id: 'passthrough-schema' },
    { overlay: { affinity: { bogus: 1 } }, key: 'affinity.bogus', id: 'passthrough-schema' },
  ],
  'deprecated-api': [{ unreachable: "every apiVersion is the chart's constant" }],
  'removed-api': [{ unreachable: "every apiVersion is the chart's constant" }],
  'unknown-kind': [{ unreachable: "every kind is the chart's constant" }],
};

/** The rule ids the checks of rendered objects report, read from their source. */
function ruleIdsInSource(): string[] {
  const ids = new Set<string>();
  for (const f of ['apiserver.ts', 'api-validity.ts', 'policy.ts', 'index.ts']) {
    const text = fs.readFileSync(path.join(REPO, 'src', 'check', f), 'utf8');
    for (const m of text.matchAll(/\b(?:r|f|err)\(\s*'([a-z0-9-]+)'/g)) ids.add(m[1]);
  }
  return [...ids].sort();
}

/** The error problems of a shipped environment with this overlay: values pipeline, then the synth guard. */
function errorsOf(env: string, overlay: Overlay): Problem[] {
  let problems: Problem[];
  try {
    const resolved = resolveEnv(env, overlay);
    problems = renderedProblems(resolved, renderObjects(resolved));
  } catch (e) {
    if (!(e instanceof ValuesError)) throw e;
    problems = e.problems;
  }
  return problems.filter((p) => p.severity === 'error');
}

describe('every rendered-object rule a values key can trigger names that key, once', () => {
  test('every rule id in src/check has a case or says why values cannot reach it', () => {
    expect(Object.keys(RULES).sort()).toEqual(ruleIdsInSource());
    for (const entries of Object.values(RULES)) expect(entries.length).toBeGreaterThan(0);
  });

  const cases = Object.entries(RULES).flatMap(([rule, entries]) =>
    entries.flatMap((e) => ('unreachable' in e ? [] : [{ rule, ...e }])),
  );
  test.each(cases.map((c) => [c.rule, c.key, c] as const))('%s: %s', (_rule, _key, c) => {
    const errors = errorsOf(c.env ?? 'aws', c.overlay);
    expect(errors.length).toBeGreaterThan(0);
    for (const p of errors) {
      // Never (root): a key path, at the overlay's file and line or the --set flag.
      expect(p.path.length).toBeGreaterThan(0);
      if (Array.isArray(c.overlay)) expect(p.file).toMatch(/^--set /);
      else {
        expect(p.file).toMatch(/overlay-\d+\.yaml$/);
        expect(p.line).toBeGreaterThan(0);
      }
    }
    const atKey = errors.filter((p) => formatPath(p.path) === c.key);
    expect(atKey.map((p) => p.id)).toEqual([c.id ?? c.rule]);
  });
});

describe("issue 10's six minimal examples: one error each, at the key, with a fix", () => {
  const one = (env: string, overlay: Overlay) => {
    const errors = errorsOf(env, overlay);
    expect(errors).toHaveLength(1);
    return errors[0];
  };
  test('resources: null: one problem at resources whose fix names all three quantities', () => {
    for (const env of ['local', 'aws', 'production']) {
      const p = one(env, { resources: null });
      expect(p.path).toEqual(['resources']);
      expect(p.hint).toMatch(
        /resources\.requests\.cpu, resources\.requests\.memory and resources\.limits\.memory|resources\.requests\.cpu, resources\.requests\.memory, resources\.limits\.memory/,
      );
      expect(p.hint).toMatch(/remove (the|a) null/);
    }
  });
  test('a 64-character image.tag', () => {
    const p = one('aws', { image: { tag: x64 } });
    expect([p.id, formatPath(p.path)]).toEqual(['out-of-range', 'image.tag']);
    expect(p.message).toMatch(/at most 63 characters/);
  });
  test('a 40-character releaseName: accepted where every derived name fits, refused with the real limit where not', () => {
    expect(errorsOf('aws', { releaseName: 'a'.repeat(40) })).toEqual([]);
    const p = one('production', { releaseName: 'a'.repeat(40), redis: { mode: 'internal' } });
    expect([p.id, formatPath(p.path)]).toEqual(['release-name-too-long', 'releaseName']);
    expect(p.hint).toMatch(/at most 35 characters/);
  });
  test('topologySpread.maxSkew: 2147483648', () => {
    const p = one('aws', ['topologySpread.maxSkew=2147483648']);
    expect([p.id, formatPath(p.path), p.file]).toEqual([
      'out-of-range',
      'topologySpread.maxSkew',
      '--set topologySpread.maxSkew=2147483648',
    ]);
  });
  test('securityContext.procMount: Unmasked', () => {
    const p = one('aws', { securityContext: { procMount: 'Unmasked' } });
    expect([p.id, formatPath(p.path)]).toEqual(['pod-security-baseline', 'securityContext.procMount']);
    expect(p.hint).toBe('Change securityContext.procMount.');
  });
  test('upgrade.waiter.image.tag: latest', () => {
    const p = one('aws', { upgrade: { waiter: { image: { tag: 'latest' } } } });
    expect([p.id, formatPath(p.path)]).toEqual(['container-image-pinned', 'upgrade.waiter.image.tag']);
  });
});
