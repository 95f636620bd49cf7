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
 *
 * The resolved object itself comes from `apiObjectJson`: cdk8s' resolve and sanitize in one walk
 * (a third of the rendering time per environment), falling back to cdk8s where that walk does not
 * apply.
 */
import { ApiObject, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
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

/** Thrown by `plainJson` where cdk8s' own path must decide (it may throw its own error there). */
const UNUSUAL = Symbol('unusual value');

/**
 * cdk8s' `resolve` followed by its `sanitizeValue` (sorted keys; with `dropEmpty`, also its
 * `filterEmptyArrays` and `filterEmptyObjects`), in one walk: cdk8s 2.70 lib/resolve.js
 * `resolve` (run the app's resolvers, in order: a `Lazy` is produced, a value with a `resolve()` method
 * is resolved, a non-plain object with a number or string `value` becomes `{ value }`; then arrays and
 * plain objects recursively) and lib/_util.js `sanitizeValue` (null and undefined dropped from objects,
 * keys sorted). cdk8s builds a key path and a context object per value for resolvers that are not
 * there; this builds neither. Anything else (a class instance, an object without prototype, a
 * function, a key named `__proto__`) throws UNUSUAL, and the caller lets cdk8s render the object itself.
 */
function plainJson(v: unknown, dropEmpty: boolean): unknown {
  if (v === null || v === undefined) return undefined;
  const t = typeof v;
  if (t === 'function') throw UNUSUAL;
  if (t !== 'object') return v;
  if (v instanceof Lazy) return plainJson(v.produce(), dropEmpty);
  const o = v as Json;
  if (typeof o.resolve === 'function') return plainJson(o.resolve(), dropEmpty);
  if (o.constructor !== Object) {
    if (typeof o.value === 'number' || typeof o.value === 'string') return plainJson({ value: o.value }, dropEmpty);
    if (Array.isArray(o)) return dropEmpty && o.length === 0 ? undefined : o.map((x) => plainJson(x, dropEmpty));
    throw UNUSUAL;
  }
  const out: Json = {};
  let any = false;
  for (const k of Object.keys(o).sort()) {
    // An own `__proto__` key (JSON.parse and js-yaml make them): `out[k] = r` would set out's prototype,
    // whose fields the generated converters then read and render; cdk8s' sanitize drops the key.
    if (k === '__proto__') throw UNUSUAL;
    const r = plainJson(o[k], dropEmpty);
    if (r !== null && r !== undefined) {
      out[k] = r;
      any = true;
    }
  }
  return dropEmpty && !any ? undefined : out;
}

/** cdk8s' ApiObjectMetadataDefinition (lib/metadata.js), whose `toJson` resolves and sanitizes these fields. */
interface MetadataFields {
  readonly _additionalAttributes: Json;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations: Json;
  readonly finalizers: unknown[];
  readonly ownerReferences: unknown[];
  readonly labels: Json;
}

/**
 * `metadata.toJson()` (cdk8s 2.70 lib/metadata.js): the same fields resolved and sanitized with
 * empty lists and maps dropped (its `filterEmptyArrays` and `filterEmptyObjects`), in one walk.
 */
function metadataJson(obj: ApiObject): unknown {
  const m = obj.metadata as unknown as MetadataFields;
  if (!m._additionalAttributes || typeof m._additionalAttributes !== 'object') throw UNUSUAL;
  return plainJson(
    {
      ...m._additionalAttributes,
      name: m.name,
      namespace: m.namespace,
      annotations: m.annotations,
      finalizers: m.finalizers,
      ownerReferences: m.ownerReferences,
      labels: m.labels,
    },
    true,
  );
}

/**
 * Whether an app resolves with cdk8s' three built-in resolvers only (no `resolvers` given to App).
 * False where the root is not an App (a chart under a plain construct): cdk8s' own method then fails
 * with its error, which names the construct.
 */
function builtInResolversOnly(app: App): boolean {
  const r: unknown = (app as { resolvers?: unknown }).resolvers;
  return (
    Array.isArray(r) &&
    r.length === 3 &&
    r[0].constructor === LazyResolver &&
    r[1].constructor === ImplicitTokenResolver &&
    r[2].constructor === NumberStringUnionResolver
  );
}

/**
 * `ApiObject.prototype.toJson` (cdk8s 2.70 lib/api-object.js) with `plainJson` for its resolve and
 * sanitize, where that gives the same JSON: built-in resolvers, no JSON patches, keys sorted (no
 * CDK8S_DISABLE_SORT). Otherwise, or for any value plainJson leaves to cdk8s, cdk8s' own method.
 * test/charts/linear-to-json.test.ts compares the two.
 */
export function apiObjectJson(obj: ApiObject): Json {
  const raw = obj as unknown as { props: Json; patches: unknown[] };
  if (raw.patches.length === 0 && !process.env.CDK8S_DISABLE_SORT && builtInResolversOnly(App.of(obj))) {
    let json: Json | undefined;
    try {
      json = plainJson({ ...raw.props, metadata: metadataJson(obj) }, false) as Json;
    } catch {
      // UNUSUAL, or a producer that failed: cdk8s' own method gives its result or its error (with the construct path).
    }
    if (json) {
      const result: Json = {};
      for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) if (k in json) result[k] = json[k];
      return result;
    }
  }
  return ApiObject.prototype.toJson.call(obj) as Json;
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
      const resolved = apiObjectJson(this);
      const taken: Taken[] = [];
      takeStringMaps(resolved, [], taken);
      const out = { ...gvk, ...(toJsonProps(resolved) as Json) };
      putBack(out, taken);
      return out;
    };
  }
}

installLinearToJson();
