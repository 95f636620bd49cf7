/**
 * Rules for pod specs the API server would refuse although the schema accepts every value on its
 * own: a resource request above its limit, and extra volumes / mounts that clash with each other
 * or with the volumes the chart renders itself.
 */
import { Path } from '../problems';
import { parseQuantity } from '../quantity';
import { Values } from '../schema';
import { finding, Finding, Rule } from './rule';

const RESOURCES_DOCS = 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits';

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
function layered(container: string, blocks: { base: Path; r: { requests: ResourceList; limits: ResourceList } }[]): EffectiveResources {
  const out: EffectiveResources = { container, requests: {}, limits: {} };
  for (const { base, r } of blocks) {
    for (const kind of ['requests', 'limits'] as const) {
      for (const [name, q] of Object.entries(r[kind] ?? {})) if (q !== undefined) out[kind][name] = { q, path: [...base, kind, name] };
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
    layered('the migration waiter init containers', [{ base: ['upgrade', 'waiter', 'resources'], r: v.upgrade.waiter.resources }]),
  ];
  if (v.redis.enabled && v.redis.mode === 'internal') out.push(layered('the Redis container', [{ base: ['redis', 'internal', 'resources'], r: v.redis.internal.resources }]));
  if (v.database.type === 'postgresql' && v.database.inCluster.enabled) out.push(layered('the PostgreSQL container', [{ base: ['database', 'inCluster', 'resources'], r: v.database.inCluster.resources }]));
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

export const podValidityRules: Rule[] = [
  { id: 'resources-request-above-limit', severity: 'error', docs: RESOURCES_DOCS, check: requestsWithinLimits },
];
