/** Release identity, naming, namespace and environment marker (Helm's conventions). */
import { z } from 'zod';
import { DNS1035_LABEL } from '../../k8s';
import {
  annotationMap,
  COMMON_MAP_MAX_BYTES,
  k8sLabelName,
  labelMap,
  RESERVED_LABEL_PREFIX,
  STANDARD_LABELS,
} from './primitives';

/**
 * A name that starts object names, Service names included: a Service name must be an RFC 1035
 * label (the API server refuses "9chat-open-webui"), so it starts with a letter.
 */
export const serviceBaseName = () =>
  z.string().max(63, { message: 'must be at most 63 characters (a Kubernetes RFC 1035 label)' }).regex(DNS1035_LABEL, {
    message:
      'must be a Kubernetes Service name (RFC 1035 label): lower-case letters, digits and "-", starting with a letter and ending with a letter or digit (e.g. "open-webui"); Service names are derived from it',
  });

/** The chart name: `app.kubernetes.io/name` and part of the base object name. */
export const CHART_NAME = 'open-webui';
/** Helm refuses longer release names (helm pkg/chartutil ValidateReleaseName: 53). */
export const HELM_RELEASE_NAME_MAX = 53;

/** The base of every object name (Helm's "fullname"): `fullnameOverride`, else `<releaseName>-<name>` unless the release name contains the name. */
export function baseObjectName(v: { releaseName: string; nameOverride?: string; fullnameOverride?: string }): string {
  const name = v.nameOverride ?? CHART_NAME;
  return v.fullnameOverride ?? (v.releaseName.includes(name) ? v.releaseName : `${v.releaseName}-${name}`);
}

/**
 * The longest names derived from the base name, with the limit of the kind they name: Service
 * names are RFC 1035 labels (63), and a StatefulSet's pods carry the label
 * `controller-revision-hash: <name>-<10-character hash>` (63), so its name is at most 52.
 * The in-cluster Redis and development PostgreSQL are a StatefulSet named `<base>-<component>`
 * behind a Service of that name and a headless `<base>-<component>-headless` (src/model/backends.ts;
 * test/values/release-names.test.ts renders the longest accepted names).
 */
export function derivedNameLimits(v: {
  redis: { enabled: boolean; mode: string };
  database: { type: string; inCluster: { enabled: boolean } };
}): { suffix: string; max: number; what: string }[] {
  const backends = [
    ...(v.redis.enabled && v.redis.mode === 'internal' ? [['redis', 'the in-cluster Redis']] : []),
    ...(v.database.type === 'postgresql' && v.database.inCluster.enabled
      ? [['postgresql', 'the development PostgreSQL']]
      : []),
  ];
  return [
    { suffix: '', max: 63, what: 'the app Service (Service names are RFC 1035 labels)' },
    ...backends.flatMap(([c, what]) => [
      {
        suffix: `-${c}-headless`,
        max: 63,
        what: `the headless Service of ${what} (Service names are RFC 1035 labels)`,
      },
      {
        suffix: `-${c}`,
        max: 52,
        what: `the StatefulSet of ${what} (its pods carry controller-revision-hash "<name>-<10-character hash>", a label value of at most 63)`,
      },
    ]),
  ];
}

/**
 * Refines the whole values: every derived object name fits its kind's limit. Reported at the key
 * that makes the base name (fullnameOverride, nameOverride or releaseName) with the limit that
 * key has in this configuration.
 */
export function checkDerivedNames(
  v: Parameters<typeof derivedNameLimits>[0] & {
    releaseName: string;
    nameOverride?: string;
    fullnameOverride?: string;
  },
  ctx: {
    addIssue: (issue: { code: 'custom'; path: string[]; message: string; input: unknown; params: object }) => void;
  },
): void {
  const base = baseObjectName(v);
  const tightest = derivedNameLimits(v)
    .map((l) => ({ ...l, room: l.max - l.suffix.length }))
    .sort((a, b) => a.room - b.room)[0];
  if (base.length <= tightest.room) return;
  const name = v.nameOverride ?? CHART_NAME;
  const key =
    v.fullnameOverride !== undefined
      ? 'fullnameOverride'
      : v.nameOverride !== undefined && !v.releaseName.includes(name) && v.releaseName.length + 1 <= tightest.room
        ? 'nameOverride'
        : 'releaseName';
  const limit =
    key === 'fullnameOverride'
      ? tightest.room
      : key === 'nameOverride'
        ? tightest.room - v.releaseName.length - 1
        : v.releaseName.includes(name)
          ? tightest.room
          : tightest.room - name.length - 1;
  ctx.addIssue({
    code: 'custom',
    path: [key],
    input: v[key],
    message: `${key} "${v[key]}" makes "${base}${tightest.suffix}" (${base.length + tightest.suffix.length} characters) the name of ${tightest.what}, over its limit of ${tightest.max}: with this configuration ${key} may have at most ${Math.max(limit, 0)} characters.`,
    params: {
      id: 'release-name-too-long',
      hint:
        key === 'releaseName' && !v.releaseName.includes(name)
          ? `Shorten ${key} to at most ${Math.max(limit, 0)} characters (or ${tightest.room} when it contains "${name}", which is then not appended), or set fullnameOverride.`
          : `Shorten ${key} to at most ${Math.max(limit, 0)} characters.`,
    },
  });
}

export const releaseSchema = {
  releaseName: serviceBaseName()
    .max(HELM_RELEASE_NAME_MAX, {
      message: `must be at most ${HELM_RELEASE_NAME_MAX} characters, as Helm requires of release names`,
    })
    .default('open-webui')
    .meta({
      description: `Release name, as in \`helm install <releaseName>\` (at most ${HELM_RELEASE_NAME_MAX} characters, Helm's limit). Sets \`app.kubernetes.io/instance\` and is the base of every object name: \`<releaseName>-open-webui\` unless it contains "open-webui". Derived names must fit their kind (validated): the app Service name (the base) at most 63, so a release name of at most 52 (63 with "open-webui" in it); with the in-cluster Redis, the StatefulSet \`<base>-redis\` at most 52, so at most 35 (46); with the development PostgreSQL, the StatefulSet \`<base>-postgresql\` at most 52, so at most 30 (41).`,
    }),
  nameOverride: serviceBaseName()
    .max(40)
    .optional()
    .meta({ description: 'Replaces the chart name ("open-webui") in object names and in `app.kubernetes.io/name`.' }),
  fullnameOverride: serviceBaseName().optional().meta({
    description:
      'Replaces the whole base object name (otherwise `<releaseName>` or `<releaseName>-<name>`): at most 63 characters, 46 with the in-cluster Redis, 41 with the development PostgreSQL (their StatefulSet names add `-redis` / `-postgresql` and may have at most 52; validated).',
  }),
  namespace: z
    .strictObject({
      name: k8sLabelName().default('open-webui').meta({ description: 'Namespace every object is rendered into.' }),
      create: z
        .boolean()
        .default(true)
        .meta({ description: 'Render the Namespace object itself (turn off when the platform team owns namespaces).' }),
      // The chart writes every Pod Security label from the pods it renders (charts/namespace.ts).
      labels: labelMap({ keys: STANDARD_LABELS, prefixes: [RESERVED_LABEL_PREFIX, 'pod-security.kubernetes.io/'] })
        .default({})
        .meta({
          description:
            'Extra labels on the rendered Namespace. `pod-security.kubernetes.io/*` is refused: the chart sets the Pod Security level its pods pass.',
        }),
      annotations: annotationMap().default({}).meta({ description: 'Extra annotations on the rendered Namespace.' }),
    })
    .prefault({})
    .meta({ description: 'Target namespace.' }),
  environment: z
    .strictObject({
      development: z.boolean().default(false).meta({
        description:
          'Marks a development environment. Only a development environment may carry inline secrets or run development-only in-cluster services.',
      }),
      singleNode: z.boolean().default(false).meta({
        description:
          'Development only: every replica runs on one node (kind, minikube), so a ReadWriteOnce data volume is shared by all of them. Lets local clusters without a ReadWriteMany storage class run several replicas.',
      }),
    })
    .prefault({})
    .meta({ description: 'What kind of environment this values file describes.' }),
  commonLabels: labelMap({ keys: STANDARD_LABELS, prefixes: [RESERVED_LABEL_PREFIX] }, COMMON_MAP_MAX_BYTES)
    .default({})
    .meta({
      description:
        'Labels added to every rendered object (not the standard `app.kubernetes.io/*` labels the chart sets, nor `open-webui-k8s/*`); at most 32 KiB, as each entry is copied onto every object.',
    }),
  commonAnnotations: annotationMap(COMMON_MAP_MAX_BYTES).default({}).meta({
    description: 'Annotations added to every rendered object (at most 32 KiB: each entry is copied onto every object).',
  }),
  acknowledgeWarnings: z
    .array(
      z.string().regex(/^[a-z0-9-]+$/, { message: 'must be a warning id such as "recommended-content-extraction"' }),
    )
    .default([])
    .meta({
      description:
        'Ids of warnings this environment accepts on purpose (printed ids such as `recommended-content-extraction`; every warning is listed in docs/rules.md). Acknowledged warnings are not printed; errors cannot be acknowledged.',
    }),
};
