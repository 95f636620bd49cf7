/**
 * A semantic diff of Kubernetes objects: objects matched by kind, namespace and name; fields
 * compared by path; lists of named items (containers, env, volumes, ports) matched by name, so a
 * reordered or inserted env var shows as one change, not a shifted list.
 */
import { fileNameOf, K8sObject } from '../manifests';

export interface FieldChange {
  /** `spec.template.spec.containers[open-webui].env[REDIS_URL].value`; keys with dots are bracketed. */
  readonly path: string;
  readonly segments: readonly string[];
  readonly old?: unknown;
  readonly new?: unknown;
  readonly change: 'added' | 'removed' | 'changed';
}

export interface ObjectChange {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly fields: FieldChange[];
  readonly old?: K8sObject;
  readonly new?: K8sObject;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Items of a list are "named" when every item is a map with a unique string `name`. */
function namedItems(list: unknown[]): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  for (const item of list) {
    if (!isMap(item) || typeof item.name !== 'string' || out.has(item.name)) return undefined;
    out.set(item.name, item);
  }
  return out;
}

const keySegment = (k: string) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
const joinPath = (segments: readonly string[]) => segments.join('').replace(/^\./, '');

/** Field changes between two values (both present). Segments are printable path pieces. */
export function diffValues(a: unknown, b: unknown, segments: string[] = []): FieldChange[] {
  if (same(a, b)) return [];
  const at = (segs: string[], change: FieldChange['change'], o: unknown, n: unknown): FieldChange => ({
    path: joinPath(segs),
    segments: segs,
    change,
    ...(change !== 'added' ? { old: o } : {}),
    ...(change !== 'removed' ? { new: n } : {}),
  });
  if (isMap(a) && isMap(b)) {
    const out: FieldChange[] = [];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const segs = [...segments, keySegment(k)];
      if (!(k in b)) out.push(at(segs, 'removed', a[k], undefined));
      else if (!(k in a)) out.push(at(segs, 'added', undefined, b[k]));
      else out.push(...diffValues(a[k], b[k], segs));
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const na = namedItems(a);
    const nb = namedItems(b);
    if (na && nb) {
      const out: FieldChange[] = [];
      for (const name of new Set([...na.keys(), ...nb.keys()])) {
        const segs = [...segments, `[${name}]`];
        if (!nb.has(name)) out.push(at(segs, 'removed', na.get(name), undefined));
        else if (!na.has(name)) out.push(at(segs, 'added', undefined, nb.get(name)));
        else out.push(...diffValues(na.get(name), nb.get(name), segs));
      }
      return out;
    }
    if (a.length === b.length && a.every(isMap) && b.every(isMap))
      return a.flatMap((item, i) => diffValues(item, b[i], [...segments, `[${i}]`]));
  }
  return [at(segments, 'changed', a, b)];
}

export const objectKey = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Object-level changes between two sets of objects, in install order (as the files in dist/). */
export function diffObjects(oldObjects: readonly K8sObject[], newObjects: readonly K8sObject[]): ObjectChange[] {
  const olds = new Map(oldObjects.map((o) => [objectKey(o), o]));
  const news = new Map(newObjects.map((o) => [objectKey(o), o]));
  const sortKey = (k: string) => {
    const o = (news.get(k) ?? olds.get(k)) as K8sObject;
    return `${fileNameOf(o)}/${k}`;
  };
  const out: ObjectChange[] = [];
  for (const key of [...new Set([...olds.keys(), ...news.keys()])].sort((a, b) =>
    sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0,
  )) {
    const o = olds.get(key);
    const n = news.get(key);
    const ref = (n ?? o) as K8sObject;
    const base = { kind: ref.kind, namespace: ref.metadata.namespace, name: ref.metadata.name };
    if (!n) out.push({ ...base, change: 'removed', fields: [], old: o });
    else if (!o) out.push({ ...base, change: 'added', fields: [], new: n });
    else {
      const fields = diffValues(o, n);
      if (fields.length) out.push({ ...base, change: 'changed', fields, old: o, new: n });
    }
  }
  return out;
}

/** A value on one line: JSON, shortened past `max` characters. */
export function show(v: unknown, max = 160): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
