/**
 * Where each rendered field comes from: a table from fields of the rendered objects to the values
 * key that set them, so a finding on a rendered object (src/check/, e.g. an invalid label at
 * `metadata.labels["app.kubernetes.io/version"]` of 15 objects) is reported once, at the key the
 * user must change (`image.tag`), in the file and line that set it.
 *
 * Paths are written over normalized rendered paths: the pod spec of any workload is `pod`, its
 * template metadata `podMeta`; containers and env vars are addressed by name
 * (`pod.containers[open-webui].env[REDIS_URL]`), other list items by index, `[*]` matches any.
 * The most specific matching entry wins; with `carry`, the rest of the finding's path is appended
 * to the key (the key holds the rendered field's own shape, e.g. `extraVolumes[2]`).
 * A check rule added to src/check/ needs nothing here: its findings map through this table.
 */
import { Path } from '../errors';
import { Values } from '../values/schema';
import { EnvRow } from './env';
import type { ExtraObject } from './extra-objects';
import { APP_COMPONENTS, COMPONENT, CONTAINER, Names } from './names';
import { AppPod, Resources } from './pod';

/** Kinds rendered beside the route for the implementation (src/model/gateway.ts `PlannedObject`). */
const GATEWAY_POLICY_KINDS = [
  'DestinationRule',
  'TargetGroupConfiguration',
  'LoadBalancerConfiguration',
  'GCPSessionAffinityPolicy',
  'HealthCheckPolicy',
  'GCPBackendPolicy',
] as const;

export interface Source {
  /** Objects of this `app.kubernetes.io/component` only. @default any */
  readonly component?: string;
  /** Objects of this kind only. @default any */
  readonly kind?: string;
  /**
   * The one object of this kind and name only (an extra object): its entries win over every entry
   * for any object, and its paths are the rendered ones, not normalized (see `rawPaths`). @default any
   */
  readonly name?: string;
  /** Normalized path tokens (see parsePath). */
  readonly path: readonly string[];
  readonly key: Path;
  /** Append the rest of the finding's path to the key. @default false */
  readonly carry?: boolean;
}

/**
 * Tokens of a path: `a.b[0]["x.y"][name]` -> `a`, `b`, `#0`, `x.y`, `@name`; `[*]` -> `*`.
 * Bare `[name]` (not a number, not quoted) addresses a named list item.
 */
export function parsePath(p: string): string[] {
  const out: string[] = [];
  for (const m of p.matchAll(/\[(\d+)\]|\[\*\]|\[("(?:[^"\\]|\\.)*")\]|\[([^\]"]+)\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) out.push(`#${m[1]}`);
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(`@${m[3]}`);
    else if (m[4] !== undefined) out.push(m[4]);
    else out.push('*');
  }
  return out;
}

/** The values key of the most specific source matching a normalized path of an object, or undefined. */
export function keyOf(
  sources: readonly Source[],
  obj: { kind: string; component?: string; name?: string },
  tokens: readonly string[],
): Path | undefined {
  // An entry for the one object wins; then longer paths are more specific; at equal length, an
  // entry for one component or kind wins.
  const score = (s: Source) =>
    (s.name !== undefined ? 1e6 : 0) + s.path.length * 4 + (s.component ? 2 : 0) + (s.kind ? 1 : 0);
  let best: Source | undefined;
  for (const s of sources) {
    if (
      (s.component !== undefined && s.component !== obj.component) ||
      (s.kind !== undefined && s.kind !== obj.kind) ||
      (s.name !== undefined && s.name !== obj.name)
    )
      continue;
    if (s.path.length > tokens.length || !s.path.every((t, i) => t === '*' || t === tokens[i])) continue;
    if (!best || score(s) > score(best)) best = s;
  }
  if (!best) return undefined;
  if (!best.carry) return best.key;
  const rest = tokens.slice(best.path.length).map((t) => (/^#\d+$/.test(t) ? Number(t.slice(1)) : t.replace(/^@/, '')));
  return [...best.key, ...rest];
}

/** Objects whose findings keep their rendered paths (extra objects: their values key holds the object as rendered). */
export const rawPaths = (sources: readonly Source[], obj: { kind: string; name?: string }): boolean =>
  sources.some((s) => s.name !== undefined && s.name === obj.name && s.kind === obj.kind);

export interface SourceInput {
  readonly v: Values;
  readonly names: Names;
  readonly pod: AppPod;
  readonly env: Readonly<Record<'serve' | 'migrate' | 'wait', readonly EnvRow[]>>;
  readonly extraObjects: readonly ExtraObject[];
}

export function sourcesOf({ v, names, pod, env, extraObjects }: SourceInput): Source[] {
  const out: Source[] = [];
  const add = (path: string, key: Path, more: Omit<Source, 'path' | 'key'> = {}) =>
    out.push({ path: parsePath(path), key, ...more });
  const map = (
    path: string,
    key: Path,
    m: Readonly<Record<string, string>>,
    more: Omit<Source, 'path' | 'key'> = {},
  ) => {
    for (const k of Object.keys(m)) add(`${path}[${JSON.stringify(k)}]`, [...key, k], more);
  };
  const version = 'labels["app.kubernetes.io/version"]';

  // Every object: names, namespace, standard and common labels and annotations.
  add('metadata.name', names.fullnameKey);
  add('metadata.namespace', ['namespace', 'name']);
  for (const meta of ['metadata', 'podMeta']) {
    add(`${meta}.labels["app.kubernetes.io/instance"]`, ['releaseName']);
    if (v.nameOverride !== undefined) add(`${meta}.labels["app.kubernetes.io/name"]`, ['nameOverride']);
    add(`${meta}.${version}`, ['image', 'tag']);
    add(`${meta}.${version}`, ['redis', 'internal', 'image', 'tag'], { component: COMPONENT.redis });
    add(`${meta}.${version}`, ['database', 'inCluster', 'image', 'tag'], { component: COMPONENT.postgresql });
    map(`${meta}.labels`, ['commonLabels'], v.commonLabels);
  }
  map('metadata.annotations', ['commonAnnotations'], v.commonAnnotations);

  // The Open WebUI pods: the serving Deployment and the migration Job.
  const resources = (container: string, r: Resources, component: string) => {
    for (const kind of ['requests', 'limits'] as const)
      for (const [name, { key }] of Object.entries(r[kind]))
        add(`${container}.resources.${kind}.${name}`, key, { component });
  };
  const app = `pod.containers[${CONTAINER.app}]`;
  // The Open WebUI-image containers: the app and the migrator, and the app pods' waiter (same image, env, mounts).
  const imageContainers: [string, string, readonly EnvRow[], Resources][] = [
    [COMPONENT.app, app, env.serve, pod.resources.app],
    [COMPONENT.app, `pod.initContainers[${CONTAINER.migrationWait}]`, env.wait, pod.resources.app],
    [COMPONENT.migration, app, env.migrate, pod.resources.migrator],
  ];
  for (const [component, container, rows, r] of imageContainers) {
    const c = { component };
    add(`${container}.image`, ['image', 'tag'], c);
    add(`${container}.imagePullPolicy`, ['image', 'pullPolicy'], c);
    add(`${container}.resources`, ['resources'], { ...c, carry: true });
    resources(container, r, component);
    add(`${container}.securityContext`, ['securityContext'], { ...c, carry: true });
    add(`${container}.envFrom`, ['extraEnvFrom'], { ...c, carry: true });
    for (const row of rows) add(`${container}.env[${row.name}]`, row.key, { ...c, carry: row.key[0] === 'extraEnv' });
    pod.mounts.forEach(
      (m, i) =>
        m.key && add(`${container}.volumeMounts[${i}]`, m.key, { ...c, carry: m.key[0] === 'extraVolumeMounts' }),
    );
  }
  for (const component of APP_COMPONENTS) {
    const c = { component };
    pod.volumes.forEach(
      (m, i) => m.key && add(`pod.volumes[${i}]`, m.key, { ...c, carry: m.key[0] === 'extraVolumes' }),
    );
    add('pod.securityContext', ['podSecurityContext'], { ...c, carry: true });
    for (const k of ['tolerations', 'affinity', 'nodeSelector'] as const) add(`pod.${k}`, [k], { ...c, carry: true });
    add('pod.priorityClassName', ['priorityClassName'], c);
    add('pod.runtimeClassName', ['runtimeClassName'], c);
    add('pod.hostAliases', ['hostAliases'], { ...c, carry: true });
    add('pod.imagePullSecrets', ['imagePullSecrets'], c);
    add('pod.serviceAccountName', ['serviceAccount', 'name'], c);
  }
  // The Job's old-pods waiter (`recreate`).
  const waiter = `pod.initContainers[${CONTAINER.waiter}]`;
  const job = { component: COMPONENT.migration };
  add(waiter, ['upgrade', 'waiter'], job);
  add(`${waiter}.image`, ['upgrade', 'waiter', 'image', 'tag'], job);
  resources(waiter, pod.resources.waiter, COMPONENT.migration);
  const deployment = { component: COMPONENT.app, kind: 'Deployment' };
  for (const probe of ['startup', 'readiness', 'liveness'] as const)
    add(`${app}.${probe}Probe`, ['probes', probe], deployment);
  add(`${app}.lifecycle`, ['preStopSleepSeconds'], deployment);
  add(`${app}.command`, ['command'], { ...deployment, carry: true });
  add(`${app}.args`, ['args'], { ...deployment, carry: true });
  // Values' sidecars and init containers, by name (their keys hold the container's own shape).
  for (const [list, items] of [
    ['containers', pod.sidecars],
    ['initContainers', pod.initContainers],
  ] as const)
    for (const { item, key } of items)
      if (typeof item.name === 'string' && key) add(`pod.${list}[${item.name}]`, key, { ...deployment, carry: true });
  for (const { item, key } of pod.nativeSidecars)
    if (typeof item.name === 'string' && key) add(`pod.initContainers[${item.name}]`, key, { ...job, carry: true });
  add('pod.terminationGracePeriodSeconds', ['terminationGracePeriodSeconds'], deployment);
  add('pod.topologySpreadConstraints', ['topologySpread'], deployment);
  add('pod.topologySpreadConstraints[*].maxSkew', ['topologySpread', 'maxSkew'], deployment);
  add('pod.topologySpreadConstraints[*].whenUnsatisfiable', ['topologySpread', 'whenUnsatisfiable'], deployment);
  map('podMeta.labels', ['podLabels'], v.podLabels, deployment);
  map('podMeta.annotations', ['podAnnotations'], v.podAnnotations, deployment);
  add('spec.replicas', ['replicaCount'], deployment);
  add('spec.strategy', ['upgrade', 'rollingUpdate'], deployment);
  add('spec.progressDeadlineSeconds', ['upgrade', 'migration', 'activeDeadlineSeconds'], deployment);
  add('spec', ['upgrade', 'migration'], { kind: 'Job' });

  // Objects of one section each: the section is the key, finer keys where a field maps to one.
  const [service, pvc, ingress, ns, sa] = [
    'Service',
    'PersistentVolumeClaim',
    'Ingress',
    'Namespace',
    'ServiceAccount',
  ].map((kind) => ({ kind, component: kind === 'Namespace' ? COMPONENT.namespace : COMPONENT.app }));
  for (const [kind, key] of [
    ['HorizontalPodAutoscaler', 'autoscaling'],
    ['PodDisruptionBudget', 'podDisruptionBudget'],
    ['Service', 'service'],
    ['PersistentVolumeClaim', 'persistence'],
    ['Ingress', 'ingress'],
    ['NetworkPolicy', 'networkPolicy'],
  ])
    add('spec', [key], { kind, ...(kind === 'NetworkPolicy' ? {} : { component: COMPONENT.app }) });
  // With trusted-header sign-in the app policy admits the authenticating proxy alone.
  if (v.sso.enabled && v.sso.trustedHeader.enabled)
    add('spec.ingress', ['sso', 'trustedHeader', 'proxy'], { kind: 'NetworkPolicy', component: COMPONENT.app });
  map('metadata.annotations', ['service', 'annotations'], v.service.annotations, service);
  map('metadata.labels', ['service', 'labels'], v.service.labels, service);
  add('spec.type', ['service', 'type'], service);
  add('spec.loadBalancerClass', ['service', 'loadBalancerClass'], service);
  add('spec.ports[0].nodePort', ['service', 'nodePort'], service);
  add('spec.ports[0].appProtocol', ['service', 'appProtocol'], service);
  add('spec.storageClassName', ['persistence', 'storageClass'], pvc);
  map('metadata.annotations', ['persistence', 'annotations'], v.persistence.annotations, pvc);
  add('spec.ingressClassName', ['ingress', 'className'], ingress);
  v.ingress.hosts.forEach((_, i) => add(`spec.rules[${i}]`, ['ingress', 'hosts', i], { ...ingress, carry: true }));
  v.ingress.tls.forEach((_, i) => add(`spec.tls[${i}]`, ['ingress', 'tls', i], { ...ingress, carry: true }));
  map('metadata.annotations', ['ingress', 'annotations'], v.ingress.annotations, ingress);
  add('metadata.name', ['namespace', 'name'], ns);
  map('metadata.labels', ['namespace', 'labels'], v.namespace.labels, ns);
  map('metadata.annotations', ['namespace', 'annotations'], v.namespace.annotations, ns);
  if (v.serviceAccount.name) add('metadata.name', ['serviceAccount', 'name'], sa);
  map('metadata.annotations', ['serviceAccount', 'annotations'], v.serviceAccount.annotations, sa);
  // The Gateway API way in and what implementations read beside it.
  const httpRoute = { kind: 'HTTPRoute', component: COMPONENT.app };
  add('spec', ['route'], httpRoute);
  v.route.hostnames.forEach((_, i) => add(`spec.hostnames[${i}]`, ['route', 'hostnames', i], httpRoute));
  v.route.parentRefs.forEach((_, i) =>
    add(`spec.parentRefs[${i}]`, ['route', 'parentRefs', i], { ...httpRoute, carry: true }),
  );
  v.route.paths.forEach((_, i) => add(`spec.rules[*].matches[${i}]`, ['route', 'paths', i], httpRoute));
  add('spec.rules[*].timeouts', ['route', 'timeouts'], { ...httpRoute, carry: true });
  add('spec.rules[*].sessionPersistence', ['route', 'sessionAffinity'], httpRoute);
  map('metadata.annotations', ['route', 'annotations'], v.route.annotations, httpRoute);
  for (const kind of GATEWAY_POLICY_KINDS) add('spec', ['route', 'sessionAffinity'], { kind });
  add('spec', ['ingress', 'gce'], { kind: 'BackendConfig' });
  add('spec.sessionAffinity', ['ingress', 'sessionAffinity'], { kind: 'BackendConfig' });
  add('stringData', ['secrets', 'inline'], { kind: 'Secret' });
  add('spec', ['secrets', 'externalSecret'], { kind: 'ExternalSecret' });

  // The in-release backends: their section, finer where a field maps to one key.
  for (const [component, base] of [
    [COMPONENT.redis, ['redis', 'internal']],
    [COMPONENT.postgresql, ['database', 'inCluster']],
  ] as const) {
    const c = { component };
    add('', [...base], c);
    add(`pod.containers[${component}].image`, [...base, 'image', 'tag'], c);
    add(`pod.containers[${component}].resources`, [...base, 'resources'], { ...c, carry: true });
    add('spec.volumeClaimTemplates', [...base, 'persistence'], c);
  }
  add('data', ['redis', 'internal', 'config'], { component: COMPONENT.redis, kind: 'ConfigMap' });

  // Extra objects: the object itself, field for field, but the labels and annotations of every object.
  for (const { key, object } of extraObjects) {
    const one = { kind: object.kind, name: object.metadata.name };
    add('', key, { ...one, carry: true });
    const own = (m: 'labels' | 'annotations') =>
      ((v.extraObjects[key[1] as number].metadata as Record<string, unknown>)[m] ?? {}) as Record<string, string>;
    for (const [m, common] of [
      ['labels', 'commonLabels'],
      ['annotations', 'commonAnnotations'],
    ] as const)
      for (const k of Object.keys(v[common]))
        if (!(k in own(m))) add(`metadata.${m}[${JSON.stringify(k)}]`, [common, k], one);
  }
  map('podMeta.annotations', ['redis', 'internal', 'podAnnotations'], v.redis.internal.podAnnotations, {
    component: COMPONENT.redis,
  });
  return out;
}
