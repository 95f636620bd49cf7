/**
 * Rules on the serving workload (replicas, autoscaling, disruption budget, resources, `extraEnv`,
 * extra volumes, and the Kubernetes objects passed through as values).
 */
import { loadCatalog } from '../check/catalog';
import { SchemaValidator } from '../check/schema-validator';
import { Path, PathSegment } from '../errors';
import { parseQuantity } from '../k8s';
import { MANAGED_ENV, ReleaseModel, WAITER_VOLUME } from '../model';
import { Values } from '../values/schema';
import { finding, findingIf, Finding, Rule, UPSTREAM_ENV, rule, K8S_DOCS } from './rule';

/** Pods a PodDisruptionBudget keeps: a number, or a percentage of the replicas rounded up (as the disruption controller does). */
export function minAvailablePods(minAvailable: number | string, pods: number): number {
  return typeof minAvailable === 'number' ? minAvailable : Math.ceil((pods * Number(minAvailable.slice(0, -1))) / 100);
}

const HPA = `${K8S_DOCS}/tasks/run-application/horizontal-pod-autoscale/`;
const CORE = 'io.k8s.api.core.v1';
/** Values key -> Kubernetes definition; `list` marks a list of them; `field` a field of each list item (when set). */
export const PASSTHROUGH_KEYS: readonly { path: Path; list: boolean; def: string; field?: string }[] = [
  { path: ['tolerations'], list: true, def: `${CORE}.Toleration` },
  { path: ['affinity'], list: false, def: `${CORE}.Affinity` },
  { path: ['podSecurityContext'], list: false, def: `${CORE}.PodSecurityContext` },
  { path: ['securityContext'], list: false, def: `${CORE}.SecurityContext` },
  { path: ['extraEnvFrom'], list: true, def: `${CORE}.EnvFromSource` },
  { path: ['extraEnv'], list: true, field: 'valueFrom', def: `${CORE}.EnvVarSource` },
  { path: ['extraVolumes'], list: true, def: `${CORE}.Volume` },
  { path: ['extraVolumeMounts'], list: true, def: `${CORE}.VolumeMount` },
  { path: ['networkPolicy', 'egress', 'extra'], list: true, def: 'io.k8s.api.networking.v1.NetworkPolicyEgressRule' },
];

/** `a.b[0]["c.d"]` -> ['a', 'b', 0, 'c.d']. */
export function parsePath(p: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of p.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g))
    out.push(m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? (JSON.parse(m[2]) as string) : m[3]);
  return out;
}

let validator: SchemaValidator | undefined;

const get = (v: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (o, k) => (o && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined),
    v,
  );

export function autoscalingCpuRequest(v: Values): Finding[] {
  const { requests, limits } = v.resources;
  if (v.autoscaling.enabled && Object.keys(requests).length === 0 && Object.keys(limits).length === 0)
    // `resources: null` in a layer: one problem at the key that emptied them, with the whole fix.
    return [
      finding(
        ['resources'],
        'resources sets no requests or limits (left out, or removed by a `resources: null` in a layer): autoscaling on CPU utilisation needs a CPU request (the HPA measures utilisation as a percentage of it), and every container must request CPU and memory and limit memory.',
        "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory, e.g. requests: {cpu: 500m, memory: 1Gi} and limits: {memory: 2Gi}, or remove the null so the environment file's values apply.",
      ),
    ];
  return findingIf(
    v.autoscaling.enabled && !(parseQuantity(v.resources.requests.cpu) ?? 0),
    ['resources', 'requests', 'cpu'],
    'Autoscaling on CPU utilisation needs a CPU request above zero: the HPA measures utilisation as a percentage of it and does nothing without one.',
    'Set resources.requests.cpu, e.g. "500m".',
    v.resources.requests.cpu,
  );
}

export function autoscalingMemoryRequest(v: Values): Finding[] {
  return findingIf(
    v.autoscaling.enabled &&
      v.autoscaling.targetMemoryUtilizationPercentage !== undefined &&
      v.resources.requests.memory === undefined,
    ['resources', 'requests', 'memory'],
    'A memory utilisation target needs a memory request.',
    'Set resources.requests.memory, e.g. "1Gi", or remove autoscaling.targetMemoryUtilizationPercentage.',
  );
}

export function autoscalingMinMax(v: Values): Finding[] {
  return findingIf(
    v.autoscaling.enabled && v.autoscaling.minReplicas > v.autoscaling.maxReplicas,
    ['autoscaling', 'minReplicas'],
    `autoscaling.minReplicas (${v.autoscaling.minReplicas}) is greater than autoscaling.maxReplicas (${v.autoscaling.maxReplicas}).`,
    'Make minReplicas at most maxReplicas.',
    v.autoscaling.minReplicas,
  );
}

export function disruptionBudgetBlocksDrains(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    v.podDisruptionBudget.enabled &&
      minAvailablePods(v.podDisruptionBudget.minAvailable, m.processes.minPods) >= m.processes.minPods &&
      m.processes.minPods > 0,
    ['podDisruptionBudget', 'minAvailable'],
    `podDisruptionBudget.minAvailable (${v.podDisruptionBudget.minAvailable}) is not below the lowest replica count (${m.processes.minPods}): no pod may ever be evicted, so node drains and cluster upgrades hang.`,
    `Set podDisruptionBudget.minAvailable below ${m.processes.minPods}, raise the replica count, or set podDisruptionBudget.enabled: false for a single replica.`,
    v.podDisruptionBudget.minAvailable,
  );
}

export function extraEnvManaged(v: Values): Finding[] {
  return v.extraEnv.flatMap((e, i) =>
    MANAGED_ENV.get(e.name)
      ? [
          finding(
            ['extraEnv', i, 'name'],
            `${e.name} is managed by this chart from typed, validated values; setting it in extraEnv would bypass validation.`,
            `Remove it from extraEnv and set ${MANAGED_ENV.get(e.name)} instead.`,
            e.name,
          ),
        ]
      : [],
  );
}

export function extraEnvShape(v: Values): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  v.extraEnv.forEach((e, i) => {
    if ((e.value === undefined) === (e.valueFrom === undefined)) {
      out.push(
        finding(
          ['extraEnv', i],
          `extraEnv[${i}] (${e.name}) needs exactly one of value and valueFrom.`,
          'Give either value: "..." or valueFrom: {secretKeyRef: ...}.',
        ),
      );
    }
    if (seen.has(e.name))
      out.push(
        finding(['extraEnv', i, 'name'], `${e.name} appears twice in extraEnv.`, 'Keep one entry per name.', e.name),
      );
    seen.add(e.name);
  });
  return out;
}

export function passthroughSchema(v: Values): Finding[] {
  validator ??= new SchemaValidator(loadCatalog().definitions);
  const out: Finding[] = [];
  for (const key of PASSTHROUGH_KEYS) {
    const value = get(v, key.path);
    let items: [Path, unknown][] =
      key.list && Array.isArray(value) ? value.map((x, i) => [[...key.path, i], x]) : [[key.path, value]];
    if (key.field) {
      const field = key.field;
      items = items
        .filter(([, x]) => (x as Record<string, unknown> | undefined)?.[field] !== undefined)
        .map(([at, x]) => [[...at, field], (x as Record<string, unknown>)[field]]);
    }
    for (const [at, item] of items) {
      for (const p of validator.validate(item, { $ref: `#/definitions/${key.def}` })) {
        const type = key.def.split('.').pop();
        out.push(
          finding(
            [...at, ...parsePath(p.path)],
            `Not a valid Kubernetes ${type}: ${p.message}.`,
            `Write a Kubernetes ${type} (API 1.28) here; unknown fields would be dropped silently when rendering.`,
          ),
        );
      }
    }
  }
  return out;
}

/**
 * Names the chart reserves: an extra volume may not take the name of a volume the chart renders in
 * some Open WebUI pod (even one this configuration does not render, so turning it on later cannot
 * clash), and no extra mount may put the waiter's Kubernetes API token into the Open WebUI
 * container. Clashes in the rendered pod itself are found on the rendered objects (src/check/).
 */
export function extraVolumesReserved(v: Values, m: ReleaseModel): Finding[] {
  const out: Finding[] = [];
  const reserved = m.pod.reservedVolumes;
  v.extraVolumes.forEach((vol, i) => {
    const name = vol.name;
    if (typeof name === 'string' && reserved.includes(name))
      out.push(
        finding(
          ['extraVolumes', i, 'name'],
          `Volume name "${name}" is used by the chart itself (chart-owned pod volumes: ${reserved.join(', ')}): the pod would have two volumes of that name.`,
          'Give the extra volume another name (and use it in extraVolumeMounts).',
          name,
        ),
      );
  });
  v.extraVolumeMounts.forEach((mount, i) => {
    if (mount.name === WAITER_VOLUME)
      out.push(
        finding(
          ['extraVolumeMounts', i, 'name'],
          `Volume mount names "${WAITER_VOLUME}", the migration waiter's Kubernetes API token, which the Open WebUI container must never hold.`,
          'Mount one of extraVolumes, or the data volume, instead.',
          mount.name,
        ),
      );
  });
  return out;
}

export const workloadRules: readonly Rule[] = [
  rule('extra-volumes-reserved', 'error', `${K8S_DOCS}/concepts/storage/volumes/`, extraVolumesReserved),
  rule('autoscaling-cpu-request', 'error', `${HPA}#support-for-resource-metrics`, autoscalingCpuRequest),
  rule('autoscaling-memory-request', 'error', `${HPA}#support-for-resource-metrics`, autoscalingMemoryRequest),
  rule('autoscaling-min-max', 'error', HPA, autoscalingMinMax),
  rule(
    'disruption-budget-blocks-drains',
    'error',
    `${K8S_DOCS}/tasks/run-application/configure-pdb/`,
    disruptionBudgetBlocksDrains,
  ),
  rule('extra-env-managed', 'error', UPSTREAM_ENV, extraEnvManaged),
  rule(
    'extra-env-shape',
    'error',
    `${K8S_DOCS}/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables`,
    extraEnvShape,
  ),
  rule('passthrough-schema', 'error', 'docs/security.md#the-check-command', passthroughSchema),
];
