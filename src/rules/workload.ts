/**
 * Rules on the serving workload (replicas, autoscaling, disruption budget, resources, `extraEnv`,
 * extra volumes, and the Kubernetes objects passed through as values).
 */
import { loadCatalog } from '../check/catalog';
import { SchemaValidator } from '../check/schema-validator';
import { formatPath, Path, PathSegment } from '../errors';
import { parseQuantity } from '../k8s';
import { APP_PORT, CONTAINER, managedEnv, ReleaseModel, WAITER_VOLUME } from '../model';
import { Values } from '../values/schema';
import { CHECKLIST, finding, findingIf, Finding, Rule, UPSTREAM_ENV, rule, K8S_DOCS, findings } from './rule';

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
  { path: ['extraContainers'], list: true, def: `${CORE}.Container` },
  { path: ['extraInitContainers'], list: true, def: `${CORE}.Container` },
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

/** `/health/db` and `/ready` fail while the database (or Redis) is down: as liveness they restart every pod at once. */
export function livenessProbeDependency(v: Values): Finding[] {
  const l = v.probes.liveness;
  return findingIf(
    l.enabled && l.path !== '/health',
    ['probes', 'liveness', 'path'],
    `The liveness probe checks ${l.path}, which fails while the database${l.path === '/ready' ? ' or Redis' : ''} is unreachable: an outage of it would make the kubelet restart every pod at once, and pods restarted during the outage cannot become ready either.`,
    'Probe liveness on /health (the process serves) and readiness on /health/db or /ready, which take a pod out of the Service without restarting it.',
    l.path,
  );
}

export function extraEnvManaged(v: Values): Finding[] {
  return v.extraEnv.flatMap((e, i) => {
    const instead = managedEnv(e.name);
    if (!instead) return [];
    // `nothing: <why>`: a variable the image or the pod fixes, or one Open WebUI ignores.
    const why = instead.startsWith('nothing: ') ? instead.slice('nothing: '.length) : undefined;
    return [
      finding(
        ['extraEnv', i, 'name'],
        why
          ? `${e.name} is not set through extraEnv: ${why}.`
          : `${e.name} is managed by this chart from typed, validated values; setting it in extraEnv would bypass validation.`,
        why ? 'Remove it from extraEnv.' : `Remove it from extraEnv and set ${instead} instead.`,
        e.name,
      ),
    ];
  });
}

export function extraEnvShape(v: Values): Finding[] {
  const [out, add] = findings();
  const seen = new Set<string>();
  v.extraEnv.forEach((e, i) => {
    if ((e.value === undefined) === (e.valueFrom === undefined)) {
      add(
        ['extraEnv', i],
        `extraEnv[${i}] (${e.name}) needs exactly one of value and valueFrom.`,
        'Give either value: "..." or valueFrom: {secretKeyRef: ...}.',
      );
    }
    if (seen.has(e.name))
      add(['extraEnv', i, 'name'], `${e.name} appears twice in extraEnv.`, 'Keep one entry per name.', e.name);
    seen.add(e.name);
  });
  return out;
}

const extraEnvIndex = (v: Values, name: string): number => v.extraEnv.findIndex((e) => e.name === name);

/**
 * WEBUI_ADMIN_EMAIL and WEBUI_ADMIN_PASSWORD make every process create that admin at start
 * (`create_admin_user()`, backend/open_webui/main.py:349-352 @ f9590b8; facts §2.2, "duplicate-admin
 * race"): replicas that start together on an empty database race. Only both together do
 * (`if WEBUI_ADMIN_EMAIL and WEBUI_ADMIN_PASSWORD:` in the lifespan, read at open-webui@00059776;
 * the facts' main.py:349-352 span is that test and its call): one alone creates nothing.
 */
export function extraEnvAdminBootstrap(v: Values, m: ReleaseModel): Finding[] {
  const email = extraEnvIndex(v, 'WEBUI_ADMIN_EMAIL');
  const password = extraEnvIndex(v, 'WEBUI_ADMIN_PASSWORD');
  const i = Math.max(email, password);
  return findingIf(
    m.processes.multi && email >= 0 && password >= 0,
    ['extraEnv', i, 'name'],
    `${v.extraEnv[i]?.name} makes every Open WebUI process create the admin account when it starts (main.py:349-352 in 0.11.0): with more than one process, replicas that start together on an empty database race and can create it twice.`,
    'Create the first admin with one replica (or in the sign-up page), then remove WEBUI_ADMIN_EMAIL and WEBUI_ADMIN_PASSWORD from extraEnv.',
    v.extraEnv[i]?.name,
  );
}

/**
 * DEPLOYMENT_ID is returned by `/api/version`, and the browser reloads the page when it changes
 * (backend/open_webui/env.py:148, main.py:2414-2419, src/routes/+layout.svelte:200-214 @ f9590b8;
 * facts §7.4): a value that differs per pod reloads users' pages as requests reach other replicas.
 */
export function extraEnvDeploymentIdPerPod(v: Values, m: ReleaseModel): Finding[] {
  const i = extraEnvIndex(v, 'DEPLOYMENT_ID');
  const from = i >= 0 ? v.extraEnv[i].valueFrom : undefined;
  const fieldPath = (from?.fieldRef as { fieldPath?: unknown } | undefined)?.fieldPath;
  // Uvicorn workers of one pod read the same environment: only more than one pod can differ.
  return findingIf(
    m.processes.maxPods > 1 && typeof fieldPath === 'string' && PER_POD_FIELD.test(fieldPath),
    ['extraEnv', i, 'valueFrom', 'fieldRef', 'fieldPath'],
    `DEPLOYMENT_ID comes from ${fieldPath}, which differs from pod to pod, so replicas report different ids: the browser reloads the page whenever /api/version answers with another DEPLOYMENT_ID (Open WebUI 0.11.0), so users' pages reload whenever their requests reach another replica.`,
    "Give every replica the same DEPLOYMENT_ID: a literal value (e.g. the release version), a Secret/ConfigMap key, or a field the replicas share (metadata.labels['pod-template-hash'] changes only with a rollout).",
    fieldPath,
  );
}

/**
 * Downward-API fields an env var can read that differ between pods of one Deployment. The others are
 * the same on every replica: metadata.namespace, spec.serviceAccountName, the template's labels and
 * annotations (pod-template-hash is one per ReplicaSet), and every resourceFieldRef (one container spec).
 */
const PER_POD_FIELD = /^(metadata\.(name|uid)|spec\.nodeName|status\.(podIPs?|hostIPs?))$/;

/**
 * WEB_LOADER_ENGINE=playwright without PLAYWRIGHT_WS_URL makes the image install Playwright's
 * browser and its apt packages at every start (backend/start.sh:21-28 @ f9590b8; facts §1.4).
 */
const wsUrl = (v: Values): boolean => {
  const e = v.extraEnv[extraEnvIndex(v, 'PLAYWRIGHT_WS_URL')];
  return !!e && (!!e.valueFrom || !!e.value);
};

export function extraEnvPlaywrightLocal(v: Values): Finding[] {
  const i = extraEnvIndex(v, 'WEB_LOADER_ENGINE');
  return findingIf(
    // start.sh compares the value exactly and installs when PLAYWRIGHT_WS_URL is empty (`[ -z ... ]`).
    i >= 0 && v.extraEnv[i].value === 'playwright' && !wsUrl(v),
    ['extraEnv', i, 'value'],
    "WEB_LOADER_ENGINE is playwright without PLAYWRIGHT_WS_URL: the Open WebUI image then installs Playwright's Chromium and its system packages at every pod start (backend/start.sh), which needs egress and root (this chart's pods run as non-root) and slows every start and scale-up.",
    'Run a browser service (e.g. browserless or a Playwright server) and add PLAYWRIGHT_WS_URL to extraEnv, or use another WEB_LOADER_ENGINE.',
    'playwright',
  );
}

export function passthroughSchema(v: Values): Finding[] {
  validator ??= new SchemaValidator(loadCatalog().definitions);
  const [out, add] = findings();
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
        add(
          [...at, ...parsePath(p.path)],
          `Not a valid Kubernetes ${type}: ${p.message}.`,
          `Write a Kubernetes ${type} (API 1.28) here; unknown fields would be dropped silently when rendering.`,
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
  const [out, add] = findings();
  const reserved = m.pod.reservedVolumes;
  v.extraVolumes.forEach((vol, i) => {
    const name = vol.name;
    if (typeof name === 'string' && reserved.includes(name))
      add(
        ['extraVolumes', i, 'name'],
        `Volume name "${name}" is used by the chart itself (chart-owned pod volumes: ${reserved.join(', ')}): the pod would have two volumes of that name.`,
        'Give the extra volume another name (and use it in extraVolumeMounts).',
        name,
      );
  });
  v.extraVolumeMounts.forEach((mount, i) => {
    if (mount.name === WAITER_VOLUME)
      add(
        ['extraVolumeMounts', i, 'name'],
        `Volume mount names "${WAITER_VOLUME}", the migration waiter's Kubernetes API token, which the Open WebUI container must never hold.`,
        'Mount one of extraVolumes, or the data volume, instead.',
        mount.name,
      );
  });
  return out;
}

type Obj = Record<string, unknown>;
const portsOf = (c: Obj): Obj[] => (Array.isArray(c.ports) ? (c.ports as Obj[]) : []);

/**
 * Values' containers as the API server and the pod see them: names unique in the pod and not the
 * chart's; `restartPolicy` only on init containers and only `Always` (a native sidecar); probes
 * and lifecycle hooks on an init container only when it is a native sidecar (the API server
 * refuses the rest: k8s.io/kubernetes pkg/apis/core/validation validateInitContainers); no two
 * containers of the pod listening on one port (they share its network: the second bind fails)
 * and no other port named `http` (the Service targets the app by that name).
 */
export function extraContainersValid(_v: Values, m: ReleaseModel): Finding[] {
  const [out, add] = findings();
  const names = new Map<string, Path>();
  // The app's port is taken; native sidecars run next to it like sidecars.
  const ports = new Map<string, string>([[`${APP_PORT}/TCP`, `the Open WebUI container (${CONTAINER.app})`]]);
  const all = [
    ...m.pod.initContainers.map((x) => ({ ...x, init: true })),
    ...m.pod.sidecars.map((x) => ({ ...x, init: false })),
  ];
  for (const { item: c, key, init } of all) {
    const at = key as Path;
    const label = formatPath(at);
    const name = c.name as string;
    if (m.pod.reservedContainers.includes(name))
      add(
        [...at, 'name'],
        `Container name "${name}" is used by the chart itself (${m.pod.reservedContainers.join(', ')}): a pod cannot have two containers of one name.`,
        'Give the container another name.',
        name,
      );
    else if (names.has(name))
      add(
        [...at, 'name'],
        `Container name "${name}" is already used by ${formatPath(names.get(name) as Path)}: names must be unique across a pod's containers and init containers.`,
        'Give each container its own name.',
        name,
      );
    else names.set(name, at);
    const restartPolicy = c.restartPolicy;
    const native = init && restartPolicy === 'Always';
    if (!init && restartPolicy !== undefined)
      add(
        [...at, 'restartPolicy'],
        `${label} sets restartPolicy: the API server allows it on init containers only (a sidecar's restarts follow the pod).`,
        'Remove restartPolicy, or move the container to extraInitContainers with restartPolicy: Always (a native sidecar).',
        restartPolicy,
      );
    if (init && restartPolicy !== undefined && restartPolicy !== 'Always')
      add(
        [...at, 'restartPolicy'],
        `${label} sets restartPolicy: ${String(restartPolicy)}: the only value the API server accepts on an init container is Always (a native sidecar).`,
        'Remove restartPolicy (an init container that runs to completion) or set it to Always.',
        restartPolicy,
      );
    if (init && !native)
      for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'])
        if (c[field] !== undefined)
          add(
            [...at, field],
            `${label} is an init container that runs to completion: the API server refuses ${field} on it.`,
            `Remove ${field}, or set restartPolicy: Always to make it a native sidecar.`,
          );
    // Only containers that run next to the app share its ports (a plain init container has exited).
    if (init && !native) continue;
    portsOf(c).forEach((p, j) => {
      const port = `${String(p.containerPort)}/${typeof p.protocol === 'string' ? p.protocol : 'TCP'}`;
      const taken = ports.get(port);
      if (taken)
        add(
          [...at, 'ports', j, 'containerPort'],
          `${label} listens on ${port}, which ${taken} already listens on: containers of a pod share its network, so the second one cannot bind it.`,
          'Use another port.',
          p.containerPort,
        );
      else ports.set(port, label);
      if (p.name === 'http')
        add(
          [...at, 'ports', j, 'name'],
          `${label} names a port "http", the name of the app's port, which the Service and the probes target by name.`,
          'Give the port another name.',
          p.name,
        );
    });
  }
  return out;
}

/**
 * A warning: a sidecar's port is reachable from inside the pod only. The Service targets the app
 * port and the app NetworkPolicy admits only the app port, so traffic meant for the sidecar (an
 * auth proxy in front of the app, a metrics exporter) never reaches it; an auth proxy is bypassed.
 */
export function extraContainerPorts(_v: Values, m: ReleaseModel): Finding[] {
  return [...m.pod.sidecars, ...m.pod.initContainers.filter((x) => x.item.restartPolicy === 'Always')].flatMap(
    ({ item: c, key }) => {
      const ports = portsOf(c).map((p) => p.containerPort);
      return findingIf(
        ports.length > 0,
        [...(key as Path), 'ports'],
        `${formatPath(key as Path)} (${String(c.name)}) declares port ${ports.join(', ')}, which nothing outside the pod reaches: the Service targets the app port (${APP_PORT}) and the app NetworkPolicy admits only that port. A sidecar meant to front the app (an auth proxy) would be bypassed.`,
        'Keep ports a sidecar serves to the app only (over localhost) undeclared, or acknowledge this warning; to expose a sidecar, add its own Service and NetworkPolicy through extraObjects.',
        ports,
      );
    },
  );
}

/**
 * A warning: with `restartPolicy: Always` an init container is a native sidecar only where the
 * SidecarContainers feature is on (beta and on by default since Kubernetes 1.29, alpha in 1.28).
 * A 1.28 API server without the gate drops the field, and an init container that never exits
 * keeps every app pod from starting.
 */
export function nativeSidecarVersion(_v: Values, m: ReleaseModel): Finding[] {
  return m.pod.initContainers
    .filter((x) => x.item.restartPolicy === 'Always')
    .map(({ item: c, key }) =>
      finding(
        [...(key as Path), 'restartPolicy'],
        `${formatPath(key as Path)} (${String(c.name)}) is a native sidecar (restartPolicy: Always): that needs Kubernetes 1.29 or later (or 1.28 with the SidecarContainers feature gate). An API server without it drops the field, and an init container that never exits keeps the app pods from starting.`,
        'Make sure every cluster this environment deploys to runs Kubernetes 1.29 or later, then acknowledge this warning (acknowledgeWarnings: [native-sidecar-kubernetes-version]).',
        'Always',
      ),
    );
}

/**
 * A warning: `command`/`args` replace the image's `bash start.sh` (its Dockerfile has no
 * entrypoint), which applies PORT, UVICORN_WORKERS (--workers), FORWARDED_ALLOW_IPS and the
 * secret-key fallback (backend/start.sh @ f9590b8, facts §1.3, §7.2, §7.3): what the chart derives
 * from those (probes on 8080, the connection budget per worker) then depends on what runs.
 */
export function appCommandOverride(v: Values): Finding[] {
  const key = v.command.length ? 'command' : v.args.length ? 'args' : undefined;
  return key
    ? [
        finding(
          [key],
          `${key} replaces the image's \`bash start.sh\`, which starts Open WebUI on port ${APP_PORT} with UVICORN_WORKERS workers and its forwarded-IP trust: the probes, the Service and the database connection budget assume what it does.`,
          `End the command with start.sh (e.g. command: [bash, -c, 'prepare && exec bash start.sh']), then acknowledge this warning (acknowledgeWarnings: [app-command-override]).`,
          v[key],
        ),
      ]
    : [];
}

export const workloadRules: readonly Rule[] = [
  rule(
    'extra-volumes-reserved',
    'An extra volume takes a name the chart uses.',
    'error',
    `${K8S_DOCS}/concepts/storage/volumes/`,
    extraVolumesReserved,
  ),
  rule(
    'autoscaling-cpu-request',
    'Autoscaling needs CPU and memory requests and a memory limit.',
    'error',
    `${HPA}#support-for-resource-metrics`,
    autoscalingCpuRequest,
  ),
  rule(
    'autoscaling-memory-request',
    'A memory utilisation target needs a memory request.',
    'error',
    `${HPA}#support-for-resource-metrics`,
    autoscalingMemoryRequest,
  ),
  rule('autoscaling-min-max', 'autoscaling.minReplicas must be at most maxReplicas.', 'error', HPA, autoscalingMinMax),
  rule(
    'disruption-budget-blocks-drains',
    'The PodDisruptionBudget must allow at least one pod to be evicted.',
    'error',
    `${K8S_DOCS}/tasks/run-application/configure-pdb/`,
    disruptionBudgetBlocksDrains,
  ),
  rule(
    'extra-env-managed',
    'extraEnv must not set a variable the chart manages.',
    'error',
    UPSTREAM_ENV,
    extraEnvManaged,
  ),
  rule(
    'extra-env-admin-bootstrap',
    'WEBUI_ADMIN_EMAIL/PASSWORD in extraEnv make every process create the admin at start (a race with replicas).',
    'warning',
    CHECKLIST,
    extraEnvAdminBootstrap,
  ),
  rule(
    'extra-env-deployment-id-per-pod',
    'DEPLOYMENT_ID must be the same on every replica (the browser reloads when it changes).',
    'error',
    UPSTREAM_ENV,
    extraEnvDeploymentIdPerPod,
  ),
  rule(
    'extra-env-playwright-local',
    'WEB_LOADER_ENGINE=playwright needs PLAYWRIGHT_WS_URL (otherwise every start installs a browser).',
    'warning',
    UPSTREAM_ENV,
    extraEnvPlaywrightLocal,
  ),
  rule(
    'liveness-probe-dependency',
    'Liveness on /health/db or /ready restarts every pod in a database outage.',
    'warning',
    `${K8S_DOCS}/concepts/configuration/liveness-readiness-startup-probes/`,
    livenessProbeDependency,
  ),
  rule(
    'extra-env-shape',
    'An extraEnv name appears twice, or an entry is malformed.',
    'error',
    `${K8S_DOCS}/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables`,
    extraEnvShape,
  ),
  rule(
    'passthrough-schema',
    'A passed-through Kubernetes field (affinity, tolerations, probes, ...) must be valid for its type.',
    'error',
    'docs/security.md#the-check-command',
    passthroughSchema,
  ),
  rule(
    'extra-containers-valid',
    'Extra containers need unique names the chart does not use.',
    'error',
    `${K8S_DOCS}/concepts/workloads/pods/sidecar-containers/`,
    extraContainersValid,
  ),
  rule(
    'extra-container-ports',
    'An extra container declares ports no Service or policy admits.',
    'warning',
    'docs/security.md#sidecars-and-init-containers',
    extraContainerPorts,
  ),
  rule(
    'native-sidecar-kubernetes-version',
    'A native sidecar (restartPolicy: Always) needs Kubernetes 1.29 or later.',
    'warning',
    `${K8S_DOCS}/concepts/workloads/pods/sidecar-containers/`,
    nativeSidecarVersion,
  ),
  rule(
    'app-command-override',
    'An app command override must still end with start.sh.',
    'warning',
    'docs/security.md#sidecars-and-init-containers',
    appCommandOverride,
  ),
];
