/**
 * The Open WebUI pod, as far as values decide it: its volumes and mounts (each extra one with the
 * values key it came from), the volume names the chart reserves, and each container's resources
 * with the key every quantity was set at (the migrator's are its own layered over the app's).
 */
import { Path } from '../errors';
import { mergeLayers } from '../values/merge';
import { Values } from '../values/schema';
import { HARDENED_CONTAINER_SECURITY_CONTEXT } from '../values/schema/workload';
import { RedisBackend } from './backends';
import { APP_COMPONENTS, CONTAINER, Names } from './names';

/** The port the Open WebUI container listens on (the image's start script's default PORT; PORT is fixed). */
export const APP_PORT = 8080;
/** Where the shared data volume is mounted. */
export const DATA_MOUNT_PATH = '/app/backend/data';
/** Where an external Redis's TLS files are mounted. */
export const REDIS_TLS_DIR = '/etc/open-webui/redis-tls';
/** The migration waiter's projected API token volume (charts/migration-waiter.ts). */
export const WAITER_VOLUME = 'migration-waiter-token';

/** A pod item (volume, mount) and the values key it came from (none: the chart's own). */
export interface Sourced<T> {
  readonly item: T;
  readonly key?: Path;
}

type Obj = Record<string, unknown>;
type Quantity = string | number;

/** One container's resources, each quantity with the values key it was set at. */
export interface Resources {
  readonly requests: Readonly<Record<string, { readonly q: Quantity; readonly key: Path }>>;
  readonly limits: Readonly<Record<string, { readonly q: Quantity; readonly key: Path }>>;
}

export interface AppPod {
  /** `repository:tag` or `repository:tag@digest`. */
  readonly image: string;
  readonly volumes: readonly Sourced<Obj>[];
  /** Mounts of the Open WebUI container. */
  readonly mounts: readonly Sourced<Obj>[];
  /** Volume names the chart renders in some Open WebUI pod: never the name of an extra volume. */
  readonly reservedVolumes: readonly string[];
  /** Sidecars of the serving pods (`extraContainers`), each with the hardened security context merged under its own. */
  readonly sidecars: readonly Sourced<Obj>[];
  /** Init containers of the serving pods from values (`extraInitContainers`), hardened likewise; they run before the chart's. */
  readonly initContainers: readonly Sourced<Obj>[];
  /** The native sidecars among them (`restartPolicy: Always`): they run in the migration Job too. */
  readonly nativeSidecars: readonly Sourced<Obj>[];
  /** Container names the chart uses in some Open WebUI pod: never the name of an extra container. */
  readonly reservedContainers: readonly string[];
  readonly resources: { readonly app: Resources; readonly migrator: Resources; readonly waiter: Resources };
}

/** Field-wise layering of resource blocks: later blocks override earlier ones per resource name. */
export function layeredResources(
  blocks: readonly { readonly key: Path; readonly r: Values['resources'] | Values['upgrade']['waiter']['resources'] }[],
): Resources {
  const out = {
    requests: {} as Record<string, { q: Quantity; key: Path }>,
    limits: {} as Record<string, { q: Quantity; key: Path }>,
  };
  for (const { key, r } of blocks)
    for (const kind of ['requests', 'limits'] as const)
      for (const [name, q] of Object.entries(r[kind] ?? {}))
        if (q !== undefined) out[kind][name] = { q: q as Quantity, key: [...key, kind, name] };
  return out;
}

/** The plain `{requests, limits}` of a Resources (for rendering). */
export const plainResources = (r: Resources) => ({
  requests: Object.fromEntries(Object.entries(r.requests).map(([n, x]) => [n, x.q])),
  limits: Object.fromEntries(Object.entries(r.limits).map(([n, x]) => [n, x.q])),
});

export function appPod(v: Values, dataClaim: string | undefined, redis: RedisBackend): AppPod {
  const tls =
    redis.kind === 'external' || redis.kind === 'sentinel' || redis.kind === 'cluster' ? redis.tls : undefined;
  const volumes: Sourced<Obj>[] = [
    {
      item: dataClaim
        ? { name: 'data', persistentVolumeClaim: { claimName: dataClaim } }
        : { name: 'data', emptyDir: {} },
      key: ['persistence'],
    },
    ...(tls
      ? [
          {
            item: {
              name: 'redis-tls',
              secret: {
                secretName: tls.secretName,
                defaultMode: 0o440,
                items: tls.files.map((f) => ({ key: f.key, path: f.path })),
              },
            },
            key: ['redis', 'external', 'tls'],
          },
        ]
      : []),
    ...v.extraVolumes.map((item, i) => ({ item, key: ['extraVolumes', i] })),
  ];
  const mounts: Sourced<Obj>[] = [
    { item: { name: 'data', mountPath: DATA_MOUNT_PATH }, key: ['persistence'] },
    ...(tls
      ? [{ item: { name: 'redis-tls', mountPath: REDIS_TLS_DIR, readOnly: true }, key: ['redis', 'external', 'tls'] }]
      : []),
    ...v.extraVolumeMounts.map((item, i) => ({ item, key: ['extraVolumeMounts', i] })),
  ];
  const { repository, tag, digest } = v.image;
  // Extra containers are checked like the app's: the same hardened default under what they set.
  const hardened = (key: 'extraContainers' | 'extraInitContainers'): Sourced<Obj>[] =>
    v[key].map((c, i) => ({
      item: {
        ...c,
        securityContext: mergeLayers([HARDENED_CONTAINER_SECURITY_CONTEXT, (c.securityContext ?? {}) as Obj]),
      },
      key: [key, i],
    }));
  return {
    image: `${repository}:${tag}${digest ? `@${digest}` : ''}`,
    volumes,
    mounts,
    reservedVolumes: ['data', 'redis-tls', WAITER_VOLUME],
    sidecars: hardened('extraContainers'),
    initContainers: hardened('extraInitContainers'),
    nativeSidecars: hardened('extraInitContainers').filter((x) => x.item.restartPolicy === 'Always'),
    reservedContainers: [CONTAINER.app, CONTAINER.migrationWait, CONTAINER.waiter],
    resources: {
      app: layeredResources([{ key: ['resources'], r: v.resources }]),
      migrator: layeredResources([
        { key: ['resources'], r: v.resources },
        { key: ['upgrade', 'migration', 'resources'], r: v.upgrade.migration.resources },
      ]),
      waiter: layeredResources([{ key: ['upgrade', 'waiter', 'resources'], r: v.upgrade.waiter.resources }]),
    },
  };
}

/** A Kubernetes PodAffinityTerm (JSON field names). */
export interface PodAffinityTerm {
  readonly labelSelector: {
    readonly matchLabels: Readonly<Record<string, string>>;
    readonly matchExpressions: readonly {
      readonly key: string;
      readonly operator: 'In';
      readonly values: readonly string[];
    }[];
  };
  readonly topologyKey: string;
}

/**
 * Whether the data claim can be attached to one node only: ReadWriteOnce without ReadWriteMany.
 * Several pods may mount it then, but only on one node (ReadWriteOncePod, one pod at all, is refused
 * by the rule data-volume-single-pod).
 */
export const readWriteOnceOnly = (modes: readonly string[]): boolean =>
  modes.includes('ReadWriteOnce') && !modes.includes('ReadWriteMany');

/**
 * The term that makes a ReadWriteOnce data claim safe for the migration Job and the app pods, which
 * both mount it (the migrator reads DATA_DIR: the SQLite database, the legacy config.json): it
 * selects every Open WebUI pod of the release (app and migration components, any version and
 * rollout) on `kubernetes.io/hostname`, so a new pod is scheduled onto the node where such pods
 * already run, i.e. where the claim is attached. Without it, under `recreate`, the new Job's pod and
 * the new app pods (whose `wait-for-migration` init container holds the claim) can land on two
 * nodes: whichever attaches the volume first wins, and if it is an app pod the Job never starts and
 * the app never serves. The pods match their own term, so the first of them, with none running (a
 * first install, or after every pod is gone), may go to any node (Kubernetes' inter-pod affinity
 * rule for a pod that matches its own term); finished Job pods do not count (the scheduler ignores
 * Succeeded and Failed pods).
 */
export function sameNodeTerm(names: Names): PodAffinityTerm {
  const { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance } = names.selectorLabels('app');
  return {
    labelSelector: {
      matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance },
      matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [...APP_COMPONENTS] }],
    },
    topologyKey: 'kubernetes.io/hostname',
  };
}
