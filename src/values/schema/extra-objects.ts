/**
 * `extraObjects`: any other Kubernetes object, rendered into dist/<env>/ beside the chart's own and
 * checked by the same strict check (src/check/: the Kubernetes 1.28 schema or a vendored CRD
 * schema, the API server's rules, the security policy). Strings may name a few facts of the
 * release through placeholders; nothing else is templated.
 */
import { z } from 'zod';

/** The placeholders a string of an extra object may hold, and what each becomes. */
export const EXTRA_OBJECT_PLACEHOLDERS = {
  fullname: 'the base name of every object of the release (`fullnameOverride`, or derived from `releaseName`)',
  releaseName: '`releaseName`',
  namespace: '`namespace.name`, the namespace the release renders into',
} as const;
export type ExtraObjectPlaceholder = keyof typeof EXTRA_OBJECT_PLACEHOLDERS;

/** `{{ name }}` with optional spaces inside the braces; any other `{{ ... }}` is refused. */
export const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const placeholders = Object.keys(EXTRA_OBJECT_PLACEHOLDERS)
  .map((p) => `\`{{ ${p} }}\``)
  .join(', ');

export const extraObjectsSchema = z
  .array(
    z.looseObject({
      apiVersion: z.string().min(1).meta({ description: 'API version, e.g. "v1" or "monitoring.coreos.com/v1".' }),
      kind: z.string().min(1).meta({ description: 'Kind, e.g. "ConfigMap".' }),
      metadata: z
        .looseObject({
          name: z
            .string()
            .min(1)
            .meta({ description: `Object name; may hold ${placeholders}.` }),
          namespace: z.string().min(1).optional().meta({
            description: 'Namespace (namespaced kinds; default: `namespace.name`). Cluster-scoped kinds take none.',
          }),
        })
        .meta({ description: 'Object metadata (a Kubernetes ObjectMeta).' }),
    }),
  )
  .default([])
  .meta({
    description: `Extra Kubernetes objects rendered into dist/<env>/ with the release (one file each) and checked strictly like the chart's own: the Kubernetes 1.28 schema (no unknown fields) or a CRD schema the project vendors in schemas/crds/ (other kinds are refused), the API server's rules and the security policy (hardened pods, pinned images, resources, no plaintext Secrets), findings reported at the key. Namespaced objects default to the release namespace; \`commonLabels\` and \`commonAnnotations\` are added under theirs. String values may hold the placeholders ${placeholders} and no other \`{{ }}\`. An object with the kind and name of one the chart renders is refused.`,
  });
