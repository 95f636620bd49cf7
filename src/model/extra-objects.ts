/**
 * The release's extra objects (`extraObjects`) as they render: placeholders replaced, namespaced
 * objects in the release namespace unless they name another, `commonLabels`/`commonAnnotations`
 * under their own. Whether a kind is namespaced comes from the catalog the strict check uses
 * (the Kubernetes 1.28 API's paths, the vendored CRDs' scope).
 */
import { gvkKey, loadCatalog } from '../check/catalog';
import { Path } from '../errors';
import { EXTRA_OBJECT_PLACEHOLDERS, ExtraObjectPlaceholder, PLACEHOLDER, Values } from '../values/schema';
import { Names } from './names';

type Obj = Record<string, unknown>;

export interface ExtraObject {
  /** Its values key, `['extraObjects', i]`. */
  readonly key: Path;
  /** The object as it renders (before Argo CD sync waves). */
  readonly object: Obj & { apiVersion: string; kind: string; metadata: Obj & { name: string; namespace?: string } };
  /** Namespaced kind, cluster-scoped kind, or a kind the catalog does not know (the check refuses it). */
  readonly scope: 'namespaced' | 'cluster' | 'unknown';
  /** `group/kind/namespace/name`: two objects with one identity are one object to the API server. */
  readonly identity: string;
}

/** What each placeholder becomes for this release. */
export function placeholderValues(names: Names): Record<ExtraObjectPlaceholder, string> {
  return { fullname: names.fullname, releaseName: names.instance, namespace: names.namespace };
}

const isPlaceholder = (p: string): p is ExtraObjectPlaceholder => Object.hasOwn(EXTRA_OBJECT_PLACEHOLDERS, p);

/** Replaces the known placeholders in every string value (keys stay as written); unknown ones stay (a rule refuses them). */
export function substitute(value: unknown, values: Record<ExtraObjectPlaceholder, string>): unknown {
  if (typeof value === 'string')
    return value.replace(PLACEHOLDER, (whole, p: string) => (isPlaceholder(p) ? values[p] : whole));
  if (Array.isArray(value)) return value.map((x) => substitute(x, values));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, substitute(x, values)]));
  return value;
}

/** `group/kind/namespace/name` of a rendered object. */
export function identityOf(o: {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
}): string {
  const api = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const group = api.includes('/') ? api.slice(0, api.indexOf('/')) : '';
  return `${group}/${String(o.kind)}/${String(o.metadata?.namespace ?? '')}/${String(o.metadata?.name)}`;
}

export function extraObjectsOf(v: Values, names: Names): ExtraObject[] {
  if (v.extraObjects.length === 0) return [];
  const kinds = loadCatalog().kinds;
  const values = placeholderValues(names);
  return v.extraObjects.map((raw, i) => {
    const o = substitute(raw, values) as ExtraObject['object'];
    const entry = kinds.get(gvkKey(o.apiVersion, o.kind));
    const scope = !entry ? 'unknown' : entry.namespaced ? 'namespaced' : 'cluster';
    const meta = o.metadata;
    const labels = { ...v.commonLabels, ...((meta.labels as Record<string, string> | undefined) ?? {}) };
    const annotations = { ...v.commonAnnotations, ...((meta.annotations as Record<string, string> | undefined) ?? {}) };
    const object = {
      ...o,
      metadata: {
        ...meta,
        // A cluster-scoped object keeps what it names: the rule extra-objects-scope refuses a namespace on it.
        ...(scope !== 'cluster' ? { namespace: meta.namespace ?? names.namespace } : {}),
        ...(Object.keys(labels).length ? { labels } : {}),
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
    };
    return { key: ['extraObjects', i], object, scope, identity: identityOf(object) };
  });
}
