/**
 * Linear-time rendering of string maps (labels, annotations, selectors) in cdk8s-plus-28's L1 objects.
 *
 * The generated `toJson_*` converters of `cdk8s-plus-28/lib/imports/k8s.js` copy every map with
 * `Object.entries(m).reduce((r, i) => ({ ...r, [i[0]]: i[1] }), {})` (for example
 * `toJson_ObjectMeta`, k8s.js:9563 in 2.5.6): one spread per entry, so a map of n entries costs
 * n²/2 property copies. 40,000 `podAnnotations` took minutes and 4,000 `commonAnnotations`
 * (copied onto every object) 40 s. For a map whose values are all strings that copy is the
 * identity (undefined values are already gone: ApiObject.toJson sanitizes them), so each
 * `Kube*.toJson` is wrapped once: the string maps are taken out of the resolved object, the
 * generated converter runs on the rest, and the same maps are put back at the same paths.
 * Output is byte-identical (the dist/ freshness test proves it); the cost is linear.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** Fields that are `map[string]string` in every Kubernetes type that has them. */
const STRING_MAP_FIELDS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector']);

type Taken = { path: (string | number)[]; map: Json };

/** Replaces every string map under STRING_MAP_FIELDS by `{}` (in place), returning what it took. */
function takeStringMaps(node: unknown, path: (string | number)[], out: Taken[]): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      if (item !== null && typeof item === 'object') takeStringMaps(item, [...path, i], out);
    }
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Json;
  for (const k of Object.keys(obj)) {
    const v: unknown = obj[k];
    if (v === null || typeof v !== 'object') continue;
    if (STRING_MAP_FIELDS.has(k) && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) {
      out.push({ path: [...path, k], map: v as Json });
      obj[k] = {};
    } else takeStringMaps(v, [...path, k], out);
  }
}

function putBack(root: Json, taken: readonly Taken[]): void {
  for (const { path, map } of taken) {
    let node: any = root;
    for (const seg of path.slice(0, -1)) node = node?.[seg];
    const last = path[path.length - 1];
    // The converter keeps every field of these types under the same name; a map it dropped stays dropped.
    if (node && typeof node === 'object' && last in node) node[last] = map;
  }
}

let installed = false;

/** Wraps `toJson` of every `k8s.Kube*` class once per process. Idempotent. */
export function installLinearToJson(): void {
  if (installed) return;
  installed = true;
  const lib = k8s as unknown as Record<string, any>;
  for (const [name, cls] of Object.entries(lib)) {
    const toJsonProps = lib[`toJson_${name}Props`];
    if (typeof cls !== 'function' || !cls.GVK || typeof toJsonProps !== 'function') continue;
    const gvk = cls.GVK as Json;
    cls.prototype.toJson = function (this: ApiObject): Json {
      const resolved = ApiObject.prototype.toJson.call(this) as Json;
      const taken: Taken[] = [];
      takeStringMaps(resolved, [], taken);
      const out = { ...gvk, ...(toJsonProps(resolved) as Json) };
      putBack(out, taken);
      return out;
    };
  }
}

installLinearToJson();
