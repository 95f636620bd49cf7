/**
 * Rules on `extraObjects`: what the strict check of the rendered objects cannot tell from the
 * object alone. Helm templates left in them (nothing evaluates them here), a namespace on a
 * cluster-scoped kind (the API server drops it), a sync wave Argo CD cannot read, and a
 * NetworkPolicy that opens the app pods wider than `networkPolicy.*` (policies add up).
 * Duplicates of the chart's own objects are found on the rendered objects (src/synth/guard.ts).
 */
import { Path } from '../errors';
import { COMPONENT, ReleaseModel, SYNC_WAVE_ANNOTATION as SYNC_WAVE } from '../model';
import { EXTRA_OBJECT_PLACEHOLDERS, PLACEHOLDER, Values } from '../values/schema';
import { finding, Finding, K8S_DOCS, Rule, rule, findings } from './rule';

type Obj = Record<string, unknown>;

const PLACEHOLDERS = Object.keys(EXTRA_OBJECT_PLACEHOLDERS);
const LIST = PLACEHOLDERS.map((p) => `{{ ${p} }}`).join(', ');
/** Helm template functions that start an action (`{{ include "x" . }}`). */
const HELM_FUNCTIONS = /^(include|template|tpl|toYaml|printf|default|quote|required|lookup|trunc|lower|upper)\b/;

/** Every string value of `value` with its path below `at`. */
function strings(value: unknown, at: Path): [Path, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((x, i) => strings(x, [...at, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, x]) => strings(x, [...at, k]));
  return [];
}

/** The placeholder a Helm expression most likely meant. */
function helmEquivalent(expr: string): string | undefined {
  if (/^\.Release\.Namespace$/.test(expr)) return '{{ namespace }}';
  if (/^\.Release\.Name$/.test(expr)) return '{{ releaseName }}';
  if (/fullname/.test(expr)) return '{{ fullname }}';
  return undefined;
}

/**
 * Errors: a `{{ ... }}` that is not one of the placeholders, in a name or namespace (anywhere it
 * would be refused) or wherever it is a Helm action (starts with `.` or a Helm function), since
 * nothing evaluates it and it would reach the cluster verbatim. Other `{{ }}` (Prometheus alert
 * templates such as `{{ $labels.pod }}`) are content and stay.
 */
export function extraObjectsTemplate(v: Values): Finding[] {
  const [out, add] = findings();
  v.extraObjects.forEach((o, i) => {
    for (const [at, s] of strings(o, ['extraObjects', i])) {
      const inName = at.length === 4 && at[2] === 'metadata' && (at[3] === 'name' || at[3] === 'namespace');
      for (const m of s.matchAll(PLACEHOLDER)) {
        const expr = m[1];
        if (PLACEHOLDERS.includes(expr)) continue;
        if (!inName && !expr.startsWith('.') && !HELM_FUNCTIONS.test(expr)) continue;
        const instead = helmEquivalent(expr);
        add(
          at,
          `"${m[0]}" is a template, and nothing evaluates templates in extraObjects: only the placeholders ${LIST} are replaced; this would reach the cluster as written.`,
          instead ? `Write ${instead} instead.` : `Write the value itself, or one of ${LIST}.`,
          s,
        );
      }
    }
  });
  return out;
}

/** An error: the API server ignores the namespace of a cluster-scoped object, so the one written here would be dropped. */
export function extraObjectsScope(v: Values, m: ReleaseModel): Finding[] {
  return m.extraObjects.flatMap((e, i) => {
    const written = (v.extraObjects[i].metadata as Obj).namespace;
    return e.scope === 'cluster' && written !== undefined
      ? [
          finding(
            [...e.key, 'metadata', 'namespace'],
            `${e.object.kind} is cluster-scoped: it has no namespace, and the API server drops the one given.`,
            'Remove metadata.namespace.',
            written,
          ),
        ]
      : [];
  });
}

/** An error: Argo CD reads its sync wave as an integer; anything else fails the sync. */
export function extraObjectsSyncWave(_v: Values, m: ReleaseModel): Finding[] {
  return m.extraObjects.flatMap((e) => {
    const wave = (e.object.metadata.annotations as Record<string, string> | undefined)?.[SYNC_WAVE];
    return wave !== undefined && !/^-?\d+$/.test(wave)
      ? [
          finding(
            [...e.key, 'metadata', 'annotations', SYNC_WAVE],
            `Argo CD sync wave "${wave}" is not an integer.`,
            'Give a whole number such as "-1" or "3" (objects of the release use -3 to 2), or remove the annotation to get the wave of its kind.',
            wave,
          ),
        ]
      : [];
  });
}

/** Does a label selector select pods with these labels? (matchLabels and matchExpressions, as Kubernetes evaluates them.) */
export function selects(selector: unknown, labels: Record<string, string>): boolean {
  if (selector === null || typeof selector !== 'object') return false;
  const s = selector as { matchLabels?: Record<string, string>; matchExpressions?: Obj[] };
  for (const [k, val] of Object.entries(s.matchLabels ?? {})) if (labels[k] !== val) return false;
  for (const e of s.matchExpressions ?? []) {
    const key = String(e.key);
    const values = (e.values as string[] | undefined) ?? [];
    const has = Object.hasOwn(labels, key);
    const ok =
      e.operator === 'In'
        ? has && values.includes(labels[key])
        : e.operator === 'NotIn'
          ? !has || !values.includes(labels[key])
          : e.operator === 'Exists'
            ? has
            : e.operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

/**
 * A warning: NetworkPolicies add up. One from extraObjects that selects the Open WebUI pods and
 * allows traffic admits it next to the chart's policy, so the pods take more than
 * `networkPolicy.*` says (and trusted-header sign-in, which relies on who may connect, would trust it).
 */
export function extraObjectsNetworkPolicy(v: Values, m: ReleaseModel): Finding[] {
  const n = m.names;
  const pods = {
    'app pods': { ...v.podLabels, ...n.labels(COMPONENT.app) },
    'migration pods': n.labels(COMPONENT.migration),
  };
  return m.extraObjects.flatMap((e) => {
    const o = e.object as Obj & { spec?: Obj };
    if (o.kind !== 'NetworkPolicy' || !String(o.apiVersion).startsWith('networking.k8s.io/')) return [];
    if (e.object.metadata.namespace !== n.namespace) return [];
    const selected = Object.entries(pods)
      .filter(([, labels]) => selects(o.spec?.podSelector, labels))
      .map(([what]) => what);
    const allows = (['ingress', 'egress'] as const).filter(
      (dir) => Array.isArray(o.spec?.[dir]) && (o.spec[dir] as unknown[]).length > 0,
    );
    if (!selected.length || !allows.length) return [];
    return [
      finding(
        [...e.key, 'spec', 'podSelector'],
        `NetworkPolicy ${e.object.metadata.name} selects the Open WebUI ${selected.join(' and ')} and allows ${allows.join(' and ')} traffic: NetworkPolicies add up, so they accept more than networkPolicy.* allows.`,
        'Narrow its podSelector to other pods, or allow the traffic through networkPolicy.* (e.g. networkPolicy.ingress.cidrs, networkPolicy.egress.extra) and drop it; acknowledge this warning (acknowledgeWarnings: [extra-objects-network-policy]) if it is meant.',
      ),
    ];
  });
}

const DOCS = 'docs/security.md#extra-objects';

export const extraObjectsRules: readonly Rule[] = [
  rule(
    'extra-objects-template',
    'An extra object holds a Helm-style template the chart does not expand.',
    'error',
    DOCS,
    extraObjectsTemplate,
  ),
  rule(
    'extra-objects-scope',
    'A cluster-scoped extra object is given a namespace the API server would drop.',
    'error',
    `${K8S_DOCS}/concepts/overview/working-with-objects/namespaces/`,
    extraObjectsScope,
  ),
  rule(
    'extra-objects-sync-wave',
    "An extra object's Argo CD sync-wave annotation must be an integer.",
    'error',
    'https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/',
    extraObjectsSyncWave,
  ),
  rule(
    'extra-objects-network-policy',
    'An extra NetworkPolicy selects the Open WebUI pods and changes what reaches them.',
    'warning',
    `${K8S_DOCS}/concepts/services-networking/network-policies/`,
    extraObjectsNetworkPolicy,
  ),
];
