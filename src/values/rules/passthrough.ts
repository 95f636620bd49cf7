/**
 * Passthrough values (Kubernetes objects given as-is: extraVolumes, affinity, securityContext,
 * ...) validated strictly against the Kubernetes 1.28 schema, at their own key path. cdk8s's typed
 * classes silently drop fields they do not know, so without this a typo such as
 * `hostPth:` would vanish and render a different object than the one written.
 */
import { loadCatalog } from '../../check/catalog';
import { SchemaValidator } from '../../check/schema-validator';
import { Path, PathSegment } from '../../errors';
import { Finding, finding, Rule } from './rule';

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

export const passthroughRules: Rule[] = [
  {
    id: 'passthrough-schema',
    severity: 'error',
    docs: 'docs/security.md#the-check-command',
    check: (v) => {
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
    },
  },
];
