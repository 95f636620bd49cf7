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

export const releaseSchema = {
  releaseName: serviceBaseName()
    .max(40, {
      message: 'must be at most 40 characters so that derived names ("<release>-redis-headless", ...) stay within 63',
    })
    .default('open-webui')
    .meta({
      description:
        'Release name, as in `helm install <releaseName>`. Sets `app.kubernetes.io/instance` and is the base of every object name: `<releaseName>-open-webui` unless it contains "open-webui". Service names are at most 63 characters and the in-cluster Redis and development PostgreSQL add `-redis-headless` and `-postgresql-headless` to that base, so with them keep it to 32 characters (43 when it contains "open-webui"); synth refuses longer derived names at this key.',
    }),
  nameOverride: serviceBaseName()
    .max(40)
    .optional()
    .meta({ description: 'Replaces the chart name ("open-webui") in object names and in `app.kubernetes.io/name`.' }),
  fullnameOverride: serviceBaseName().max(40).optional().meta({
    description: 'Replaces the whole base object name (otherwise `<releaseName>` or `<releaseName>-<name>`).',
  }),
  namespace: z
    .strictObject({
      name: k8sLabelName().default('open-webui').meta({ description: 'Namespace every object is rendered into.' }),
      create: z
        .boolean()
        .default(true)
        .meta({ description: 'Render the Namespace object itself (turn off when the platform team owns namespaces).' }),
      labels: labelMap({ keys: STANDARD_LABELS, prefixes: [RESERVED_LABEL_PREFIX] })
        .default({})
        .meta({ description: 'Extra labels on the rendered Namespace.' }),
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
    .array(z.string().regex(/^[a-z0-9-]+$/, { message: 'must be a warning id such as "recommended-tika"' }))
    .default([])
    .meta({
      description:
        'Ids of warnings this environment accepts on purpose (printed ids such as `recommended-tika`). Acknowledged warnings are not printed; errors cannot be acknowledged.',
    }),
};
