/**
 * Rules for pod specs the API server would refuse although the schema accepts every value on its
 * own: a resource request above its limit, and extra volumes / mounts that clash with each other
 * or with the volumes the chart renders itself.
 */
import { DATA_MOUNT_PATH, DataVolume } from '../../../charts/data-volume';
import { waiterVolume } from '../../../charts/migration-waiter';
import { redisAppVolumeMounts, redisAppVolumes } from '../../../charts/redis-env';
import { Release } from '../../../charts/release';
import { Path } from '../../errors';
import { parseQuantity } from '../../k8s';
import { Values } from '../schema';
import { finding, Finding, Rule } from './rule';

const RESOURCES_DOCS =
  'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits';
const VOLUMES_DOCS = 'https://kubernetes.io/docs/concepts/storage/volumes/';

type Quantity = string | number | undefined;
type ResourceList = Readonly<Record<string, Quantity>>;

/** One container's resources as values describe them: each quantity with the key path it was set at. */
interface EffectiveResources {
  /** Who the resources are for, as printed in messages. */
  readonly container: string;
  readonly requests: Record<string, { q: Quantity; path: Path }>;
  readonly limits: Record<string, { q: Quantity; path: Path }>;
}

/** Field-wise layering of resource blocks: later blocks override earlier ones per resource name. */
function layered(
  container: string,
  blocks: { base: Path; r: { requests: ResourceList; limits: ResourceList } }[],
): EffectiveResources {
  const out: EffectiveResources = { container, requests: {}, limits: {} };
  for (const { base, r } of blocks) {
    for (const kind of ['requests', 'limits'] as const) {
      for (const [name, q] of Object.entries(r[kind] ?? {}))
        if (q !== undefined) out[kind][name] = { q, path: [...base, kind, name] };
    }
  }
  return out;
}

/**
 * Every container's resources the chart renders from values. The migrator's are its own
 * `upgrade.migration.resources` layered over the app's `resources` (field-wise, per list).
 */
export function effectiveResources(v: Values): EffectiveResources[] {
  const out = [
    layered('the app container', [{ base: ['resources'], r: v.resources }]),
    layered('the migration container', [
      { base: ['resources'], r: v.resources },
      { base: ['upgrade', 'migration', 'resources'], r: v.upgrade.migration.resources },
    ]),
    layered("the migration Job's old-pods waiter", [
      { base: ['upgrade', 'waiter', 'resources'], r: v.upgrade.waiter.resources },
    ]),
  ];
  if (v.redis.enabled && v.redis.mode === 'internal')
    out.push(
      layered('the Redis container', [{ base: ['redis', 'internal', 'resources'], r: v.redis.internal.resources }]),
    );
  if (v.database.type === 'postgresql' && v.database.inCluster.enabled)
    out.push(
      layered('the PostgreSQL container', [
        { base: ['database', 'inCluster', 'resources'], r: v.database.inCluster.resources },
      ]),
    );
  return out;
}

const dotted = (p: Path) => p.join('.');

function requestsWithinLimits(v: Values): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const c of effectiveResources(v)) {
    for (const [name, req] of Object.entries(c.requests)) {
      const lim = c.limits[name];
      if (!lim) continue; // no limit: nothing to exceed (a limit alone also sets the request)
      const r = parseQuantity(req.q);
      const l = parseQuantity(lim.q);
      if (r === undefined || l === undefined || r <= l) continue;
      const key = `${dotted(req.path)}|${dotted(lim.path)}`;
      if (seen.has(key)) continue; // the app's own pair also reaches the migrator: report it once
      seen.add(key);
      out.push(
        finding(
          req.path,
          `The ${name} request ${String(req.q)} (${dotted(req.path)}) is above the ${name} limit ${String(lim.q)} (${dotted(lim.path)}) of ${c.container}: the API server refuses the pod ("must be less than or equal to ${name} limit").`,
          `Lower ${dotted(req.path)} to at most ${String(lim.q)} or raise ${dotted(lim.path)}.`,
          req.q,
        ),
      );
    }
  }
  return out;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

/** Volumes and app-container mounts the chart renders itself (charts/app-pod.ts, charts/open-webui-chart.ts). */
export function chartOwnedVolumes(v: Values): {
  volumes: string[];
  reserved: string[];
  mounts: { name: string; mountPath: string }[];
} {
  const release = new Release(v);
  const volumes = [DataVolume.podVolume(release), ...redisAppVolumes(release)].map((x) => x.name);
  // Rendered in some app or migrator pods only (TLS files, the waiter's token): never a name for an extra volume.
  const reserved = [...new Set([...volumes, 'redis-tls', waiterVolume().name])];
  const mounts = [{ name: 'data', mountPath: DATA_MOUNT_PATH }, ...redisAppVolumeMounts(release)];
  return { volumes, reserved, mounts };
}

function extraVolumesValid(v: Values): Finding[] {
  const out: Finding[] = [];
  const { reserved } = chartOwnedVolumes(v);
  const seen = new Map<string, number>();
  (v.extraVolumes as Obj[]).forEach((vol, i) => {
    const name = vol?.name;
    if (typeof name !== 'string') return; // the passthrough schema reports a missing name
    if (reserved.includes(name)) {
      out.push(
        finding(
          ['extraVolumes', i, 'name'],
          `Volume name "${name}" is used by the chart itself (chart-owned pod volumes: ${reserved.join(', ')}): the pod would have two volumes of that name.`,
          'Give the extra volume another name (and use it in extraVolumeMounts).',
          name,
        ),
      );
    } else if (seen.has(name)) {
      out.push(
        finding(
          ['extraVolumes', i, 'name'],
          `Volume name "${name}" is already used by extraVolumes[${seen.get(name)}]: volume names must be unique in a pod.`,
          'Give each extra volume its own name.',
          name,
        ),
      );
    }
    if (!seen.has(name)) seen.set(name, i);
  });
  return out;
}

function extraVolumeMountsValid(v: Values): Finding[] {
  const out: Finding[] = [];
  const owned = chartOwnedVolumes(v);
  const available = new Set([
    ...owned.volumes,
    ...(v.extraVolumes as Obj[]).map((x) => x?.name).filter((n): n is string => typeof n === 'string'),
  ]);
  const paths = new Map<string, string>(owned.mounts.map((m) => [m.mountPath, `the chart's "${m.name}" mount`]));
  (v.extraVolumeMounts as Obj[]).forEach((m, i) => {
    const name = m?.name;
    if (typeof name === 'string' && !available.has(name)) {
      out.push(
        finding(
          ['extraVolumeMounts', i, 'name'],
          `Volume mount names volume "${name}", which the app pods do not have (volumes: ${[...available].join(', ')}).`,
          `Add a volume named "${name}" to extraVolumes, or mount one of the volumes above.`,
          name,
        ),
      );
    }
    const mp = m?.mountPath;
    if (typeof mp !== 'string') return;
    const norm = mp.length > 1 ? mp.replace(/\/+$/, '') : mp;
    const other = paths.get(norm);
    if (other)
      out.push(
        finding(
          ['extraVolumeMounts', i, 'mountPath'],
          `mountPath "${mp}" is already used by ${other}: mount paths must be unique in a container.`,
          'Mount at another path (a subPath of a volume can go beside the others).',
          mp,
        ),
      );
    else paths.set(norm, `extraVolumeMounts[${i}]`);
  });
  return out;
}

export const podValidityRules: Rule[] = [
  { id: 'resources-request-above-limit', severity: 'error', docs: RESOURCES_DOCS, check: requestsWithinLimits },
  { id: 'extra-volumes-unique', severity: 'error', docs: VOLUMES_DOCS, check: extraVolumesValid },
  { id: 'extra-volume-mounts-valid', severity: 'error', docs: VOLUMES_DOCS, check: extraVolumeMountsValid },
];
