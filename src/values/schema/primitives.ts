/**
 * Reusable value types for the values schema: Kubernetes names, quantities, URLs, env names.
 * Each carries a message that tells the reader what a valid value looks like.
 */
import { z } from 'zod';
import {
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  isCidr,
  annotationKeyProblem,
  isIPv4,
  isIPv6,
  labelKeyProblem,
  labelValueProblem,
  QUANTITY,
  STORAGE_SIZE,
} from '../../k8s';

export const k8sLabelName = () =>
  z.string().max(63, { message: 'must be at most 63 characters (a Kubernetes RFC 1123 label)' }).regex(DNS1123_LABEL, {
    message:
      'must be a Kubernetes name: lower-case letters, digits and "-", starting and ending with a letter or digit (e.g. "open-webui")',
  });

export const k8sSubdomainName = () =>
  z
    .string()
    .max(253, { message: 'must be at most 253 characters (a Kubernetes RFC 1123 subdomain)' })
    .regex(DNS1123_SUBDOMAIN, {
      message:
        'must be a Kubernetes name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. "open-webui-secrets")',
    });

/**
 * A StorageClass name, or "-" for "no class". The API server refuses a claim whose
 * storageClassName is not a DNS subdomain (Kubernetes ValidatePersistentVolumeClaimSpec ->
 * ValidateClassName); caught here so the message names the key.
 */
export const storageClassName = () =>
  z.string().refine((v) => v === '-' || (v.length <= 253 && DNS1123_SUBDOMAIN.test(v)), {
    params: { format: true },
    message:
      'must be "-" (no class) or a StorageClass name: a lower-case DNS subdomain of at most 253 characters (e.g. "efs-sc"), as the API server requires',
  });

/** A Kubernetes resource quantity such as `500m`, `2`, `1.5`, `512Mi`, `2Gi` (never negative). */
export const quantity = () =>
  z.union([
    z
      .string()
      .regex(QUANTITY, {
        message:
          'must be a Kubernetes quantity such as "500m", "1", "512Mi" or "2Gi" (binary suffixes Ki/Mi/Gi, decimal k/M/G, millis m)',
      })
      .refine((q) => !q.startsWith('-'), { message: 'must not be negative', params: { format: true } }),
    z.number().nonnegative(),
  ]);

/** Memory and storage sizes must use a byte unit so nobody asks for 2 bytes by mistake. */
export const storageSize = () =>
  z.string().regex(STORAGE_SIZE, {
    message: 'must be a storage size with a unit, such as "10Gi" or "500Mi"',
  });

export const envVarName = () =>
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
    message: 'must be an environment variable name: letters, digits and "_", not starting with a digit',
  });

/** A key inside a Secret or ConfigMap. */
export const secretKeyName = () =>
  z
    .string()
    .regex(/^[-._a-zA-Z0-9]+$/, { message: 'must be a Secret key: letters, digits, "-", "_" and "."' })
    .max(253);

export const httpUrl = () =>
  z.string().regex(/^https?:\/\/[^\s/$.?#][^\s]*$/i, {
    message: 'must be an http:// or https:// URL, e.g. "http://tika.tika.svc:9998"',
  });

/** The standard labels the chart sets on every object (src/model/names.ts). */
export const STANDARD_LABELS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
  'app.kubernetes.io/version',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
] as const;
/** Labels and annotations of the chart's own (migration job, development-only marks). */
export const RESERVED_LABEL_PREFIX = 'open-webui-k8s/';

/** DNS host name for an Ingress rule. Wildcards (`*.example.com`) allowed as Kubernetes does. */
export const hostName = () =>
  z
    .string()
    .max(253, { message: 'must be at most 253 characters (a DNS name)' })
    .regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
      message: 'must be a lower-case DNS host name such as "chat.example.com" (no scheme, no port, no path)',
    })
    // Ingress hosts are DNS names; the API server refuses an IP address (Kubernetes validateIngressRules).
    .refine((v) => !isIPv4(v), {
      params: { format: true },
      message: 'must be a DNS name, not an IP address (Ingress rules match host names); use a name that resolves to it',
    });

/** A free-form Kubernetes object that is passed through unchanged (validated later against the API schema). */
export const passthroughObject = () => z.record(z.string(), z.unknown());

/** An IPv4 or IPv6 address (no prefix). */
export const ipAddress = () =>
  z.string().refine((s) => isIPv4(s) || isIPv6(s), {
    params: { format: true },
    message: 'must be an IP address: IPv4 (octets 0-255, e.g. "10.0.0.5") or IPv6 (e.g. "fd00::5")',
  });

export const cidr = () =>
  z
    .string()
    .refine(isCidr, {
      params: { format: true },
      message:
        'must be a CIDR: an IPv4 address (octets 0-255) with a prefix /0-/32, such as "10.0.0.0/16", or an IPv6 address with /0-/128',
    })
    .meta({ description: 'An IP block in CIDR notation.' });

type MapCheck = { key?: (k: string) => string | undefined; value?: (v: string) => string | undefined };
/** A map size limit: at most `max` bytes (keys plus values); `why` ends the message. */
type MapLimit = { max: number; what: string; why: string };

/**
 * A string map whose entries pass `check`, holding at most `limit.max` bytes. An over-size map is
 * refused on its size alone, before any entry is looked at: one message, and a hostile map of
 * 45,000 entries costs one pass over its bytes rather than a key and value check per entry.
 */
const checkedMap = (check: MapCheck, limit: MapLimit) =>
  z.record(z.string(), z.string()).superRefine((map, ctx) => {
    const size = mapSize(map);
    if (size > limit.max) {
      ctx.addIssue({
        code: 'custom',
        input: `${Object.keys(map).length} ${limit.what}, ${size} bytes`,
        message: `holds ${size} bytes of ${limit.what} (keys plus values); ${limit.why}`,
        params: { format: true },
      });
      return;
    }
    for (const k in map) {
      const v = map[k];
      const keyProblem = check.key?.(k);
      if (keyProblem)
        ctx.addIssue({
          code: 'custom',
          path: [k],
          input: k,
          message: keyProblem,
          params: { format: true, mapEntry: true },
        });
      const valueProblem = check.value?.(v);
      if (valueProblem)
        ctx.addIssue({
          code: 'custom',
          path: [k],
          input: v,
          message: valueProblem,
          params: { format: true, mapEntry: true },
        });
    }
  });

/** A Kubernetes label map: qualified-name keys, label values. `reserved` key prefixes/keys are refused (the chart sets them). */
export const labelMap = (
  reserved: { prefixes?: readonly string[]; keys?: readonly string[] } = {},
  maxBytes?: number,
) =>
  checkedMap(
    {
      key: (k) =>
        labelKeyProblem(k) ??
        (reserved.prefixes?.some((p) => k.startsWith(p)) || reserved.keys?.includes(k)
          ? `is reserved: the chart sets ${[...(reserved.keys ?? []), ...(reserved.prefixes ?? []).map((p) => `${p}*`)].join(', ')} itself and would silently overwrite it`
          : undefined),
      value: labelValueProblem,
    },
    {
      max: maxBytes ?? Infinity,
      what: 'labels',
      why: `at most ${maxBytes} are allowed because every entry is copied onto every rendered object (and labels are for selecting, not for data)`,
    },
  );

/** The API server's limit on the annotations of one object, keys plus values in bytes (apimachinery TotalAnnotationSizeLimitB). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * Maps copied onto every rendered object (commonLabels, commonAnnotations): at most this many
 * bytes each. Not a Kubernetes limit: each entry is written into every one of the ~30 objects, so
 * a larger map only multiplies the output (45,000 commonLabels rendered 11 MB in 12 s of CPU).
 */
export const COMMON_MAP_MAX_BYTES = 32 * 1024;

/** UTF-8 length of `s` without a native call per string: ASCII counts one byte a character. */
const utf8Bytes = (s: string): number => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s);
  return s.length;
};

/** Bytes of a map: keys plus values, in UTF-8 (as the API server counts annotations). */
const mapSize = (map: Record<string, string>) => {
  let size = 0;
  for (const k in map) size += utf8Bytes(k) + utf8Bytes(map[k]);
  return size;
};

/**
 * A Kubernetes annotation map: qualified-name keys, any string values, at most 256 KiB in total
 * (the API server's limit per object); `maxBytes` lowers it (COMMON_MAP_MAX_BYTES for commonAnnotations).
 */
export const annotationMap = (maxBytes = ANNOTATIONS_MAX_BYTES) =>
  checkedMap(
    { key: annotationKeyProblem },
    {
      max: maxBytes,
      what: 'annotations',
      why:
        maxBytes === ANNOTATIONS_MAX_BYTES
          ? `the API server refuses more than ${ANNOTATIONS_MAX_BYTES} (256 KiB) on one object, and the chart adds its own. Keep large data in a ConfigMap`
          : `at most ${maxBytes} are allowed because every entry is copied onto every rendered object. Put large or pod-only annotations in podAnnotations, or data in a ConfigMap`,
    },
  );

/** Why a Kubernetes volume mount path field is unusable (subPath, subPathExpr: relative, no ".."; mountPath: absolute, no ".."), or undefined. */
function mountPathProblem(field: string, v: string): string | undefined {
  if ((field === 'subPath' || field === 'subPathExpr') && v.startsWith('/'))
    return `${field} must be a relative path inside the volume (Kubernetes validateLocalDescendingPath)`;
  if (field === 'mountPath' && !v.startsWith('/'))
    return 'mountPath must be an absolute path in the container (the container runtime refuses a relative one when the pod starts)';
  if (v.split('/').includes('..'))
    return `${field} must not contain ".." (Kubernetes refuses a path that leaves the volume)`;
  return undefined;
}

/** A Kubernetes Volume passed through: its name is a DNS-1123 label, as the API server requires (ValidateVolumes). */
export const volumeObject = () =>
  passthroughObject().superRefine((vol, ctx) => {
    const name = vol.name;
    if (typeof name !== 'string' || name.length > 63 || !DNS1123_LABEL.test(name))
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        input: name,
        message:
          'must be a volume name: a lower-case DNS-1123 label of at most 63 characters (letters, digits and "-", e.g. "scratch"), as the API server requires',
        params: { format: true },
      });
  });

/** A Kubernetes VolumeMount passed through: subPath/subPathExpr relative and without "..", mountPath absolute without "..". */
export const volumeMountObject = () =>
  passthroughObject().superRefine((m, ctx) => {
    for (const field of ['mountPath', 'subPath', 'subPathExpr']) {
      const v = m[field];
      const problem = typeof v === 'string' ? mountPathProblem(field, v) : undefined;
      if (problem)
        ctx.addIssue({ code: 'custom', path: [field], input: v, message: problem, params: { format: true } });
    }
  });

/** An image repository such as `ghcr.io/open-webui/open-webui`; `example` appears in the message. */
export const imageRepository = (example: string) =>
  z.string().regex(/^[a-z0-9]+([._\-/:][a-z0-9]+)*$/, { message: `must be an image repository such as "${example}"` });

/** An image tag (Docker's syntax); `example` appears in the message. */
export const imageTag = (example: string) =>
  z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: `must be an image tag such as "${example}"` });

/** An image digest `sha256:<64 hex>`. */
export const imageDigest = () =>
  z.string().regex(/^sha256:[a-f0-9]{64}$/, { message: 'must be an image digest "sha256:<64 hex characters>"' });

/** Resources of an in-release backend's container (in-cluster Redis, development PostgreSQL), with its defaults. */
export const backendResources = (
  defaults: { readonly cpu: string; readonly memory: string; readonly memoryLimit: string },
  memoryLimit: string,
  description: string,
) =>
  z
    .strictObject({
      requests: z
        .strictObject({
          cpu: quantity().default(defaults.cpu).meta({ description: 'CPU request.' }),
          memory: quantity().default(defaults.memory).meta({ description: 'Memory request.' }),
        })
        .prefault({})
        .meta({ description: 'Requests.' }),
      limits: z
        .strictObject({
          cpu: quantity().optional().meta({ description: 'CPU limit (unset: not throttled).' }),
          memory: quantity().default(defaults.memoryLimit).meta({ description: memoryLimit }),
        })
        .prefault({})
        .meta({ description: 'Limits.' }),
    })
    .prefault({})
    .meta({ description });

/** The data volume of an in-release backend: a retained claim per pod, or an emptyDir. */
export const backendPersistence = (
  size: string,
  text: {
    readonly enabled: string;
    readonly size: string;
    readonly storageClass: string;
    readonly description: string;
  },
) =>
  z
    .strictObject({
      enabled: z.boolean().default(true).meta({ description: text.enabled }),
      size: storageSize().default(size).meta({ description: text.size }),
      storageClass: storageClassName().optional().meta({ description: text.storageClass }),
    })
    .prefault({})
    .meta({ description: text.description });

/** A whole number from `min` to `max`, inclusive. */
export const intRange = (min: number, max: number) => z.number().int().min(min).max(max);

/** Cookie session affinity (`ingress.sessionAffinity`, `route.sessionAffinity`), with the descriptions of its way in. */
export const sessionAffinity = (cookieName: string, maxAgeSeconds: string, description: string) =>
  z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .meta({ description: 'Sticky sessions by cookie (fewer websocket reconnects).' }),
      cookieName: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/, { message: 'must be a cookie name: letters, digits, "_" and "-"' })
        .default('open-webui-affinity')
        .meta({ description: cookieName }),
      maxAgeSeconds: intRange(1, 604800).default(86400).meta({ description: maxAgeSeconds }),
    })
    .prefault({})
    .meta({ description });
