/**
 * Kubernetes' syntax checks, written after k8s.io/apimachinery v0.28 (Kubernetes 1.28)
 * `pkg/util/validation/validation.go` (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label,
 * IsWildcardDNS1123Subdomain, IsQualifiedName, IsValidLabelValue, IsValidPortName, IsValidPortNum,
 * IsEnvVarName, IsConfigMapKey, IsHTTPHeaderName, IsValidPercent, IsValidUserID/IsValidGroupID)
 * and `pkg/api/validation/path/name.go` (IsValidPathSegmentName). Each returns why a value is
 * invalid, or undefined. Lengths are counted in bytes, as Go does.
 */

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;
const PERCENT = /^[0-9]+%$/;

/** IsDNS1123Label: lower-case RFC 1123 label, at most 63. */
export function dns1123Label(v: string): string | undefined {
  if (bytes(v) > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(v))
    return 'must be a lower-case RFC 1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';
  return undefined;
}

/** IsDNS1123Subdomain: lower-case RFC 1123 subdomain, at most 253. */
export function dns1123Subdomain(v: string): string | undefined {
  if (bytes(v) > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(v))
    return 'must be a lower-case RFC 1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. "example.com")';
  return undefined;
}

/** IsDNS1035Label: lower-case RFC 1035 label (starts with a letter), at most 63. */
export function dns1035Label(v: string): string | undefined {
  if (bytes(v) > 63) return 'must be no more than 63 characters';
  if (!DNS1035_LABEL.test(v))
    return 'must be an RFC 1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
  return undefined;
}

/** IsWildcardDNS1123Subdomain: `*.` followed by a subdomain. */
export function wildcardDns1123Subdomain(v: string): string | undefined {
  if (bytes(v) > 253) return 'must be no more than 253 characters';
  if (!v.startsWith('*.') || !DNS1123_SUBDOMAIN.test(v.slice(2)))
    return 'a wildcard host must be "*." followed by a lower-case DNS subdomain (e.g. "*.example.com"): the wildcard stands for exactly the first label';
  return undefined;
}

/** IsQualifiedName: `[prefix/]name`, name 1-63 alphanumerics with `-_.` inside, prefix a DNS subdomain. */
export function qualifiedName(v: string): string | undefined {
  const parts = v.split('/');
  if (parts.length > 2)
    return 'must be a qualified name: an optional DNS subdomain prefix and "/", then a name (e.g. "example.com/my-name")';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix.length === 0) return 'prefix part must be non-empty';
    const p = dns1123Subdomain(prefix);
    if (p) return `prefix part ${p}`;
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (bytes(name) > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return 'name part must consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character';
  return undefined;
}

/** IsValidLabelValue: empty, or at most 63 alphanumerics with `-_.` inside. */
export function labelValue(v: string): string | undefined {
  if (bytes(v) > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(v))
    return 'a label value must be empty or consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character';
  return undefined;
}

/** IsValidPortName (IANA_SVC_NAME): at most 15, lower-case alphanumerics and "-", at least one letter, no "--", no "-" at either end. */
export function portName(v: string): string | undefined {
  if (bytes(v) > 15) return 'must be no more than 15 characters (an IANA service name)';
  if (!/^[-a-z0-9]+$/.test(v)) return 'must contain only lower-case letters, digits and "-" (an IANA service name)';
  if (!/[a-z]/.test(v)) return 'must contain at least one letter (a-z)';
  if (v.includes('--')) return 'must not contain consecutive hyphens';
  if (v.startsWith('-') || v.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

/** IsValidPortNum: 1-65535. */
export function portNumber(v: unknown): string | undefined {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535
    ? undefined
    : 'must be between 1 and 65535, inclusive';
}

/** A port given as a number (1-65535) or a name (IANA_SVC_NAME), as `ValidatePortNumOrName` accepts. */
export function portNumOrName(v: unknown): string | undefined {
  if (typeof v === 'string') return /^\d+$/.test(v) ? portNumber(Number(v)) : portName(v);
  return portNumber(v);
}

/** IsEnvVarName (Kubernetes 1.28): letters, digits, `_`, `-`, `.`, not starting with a digit; not `.`, `..` or `..*`. */
export function envVarName(v: string): string | undefined {
  if (!ENV_VAR_NAME.test(v))
    return 'a valid environment variable name must consist of letters, digits, "_", "-" or ".", and must not start with a digit';
  return chDirPrefix(v);
}

/** IsConfigMapKey: letters, digits, `-_.`, at most 253; not `.`, `..` or `..*`. */
export function configMapKey(v: string): string | undefined {
  if (bytes(v) > 253) return 'must be no more than 253 characters';
  if (!CONFIG_MAP_KEY.test(v)) return 'a valid key must consist of letters, digits, "-", "_" or "."';
  return chDirPrefix(v);
}

function chDirPrefix(v: string): string | undefined {
  if (v === '.') return 'must not be "."';
  if (v === '..') return 'must not be ".."';
  if (v.startsWith('..')) return 'must not start with ".."';
  return undefined;
}

/** IsHTTPHeaderName. */
export function httpHeaderName(v: string): string | undefined {
  return HTTP_HEADER_NAME.test(v)
    ? undefined
    : 'a valid HTTP header name must consist of letters, digits or "-" (e.g. "X-Header-Name")';
}

/** IsValidPathSegmentName (RBAC names, HPA target names): not "." or "..", no "/" or "%". */
export function pathSegmentName(v: string): string | undefined {
  if (v === '.' || v === '..') return `may not be "${v}"`;
  if (v.includes('/') || v.includes('%')) return 'may not contain "/" or "%"';
  return undefined;
}

/** An int-or-percent value: a non-negative integer or `N%` (ValidatePositiveIntOrPercent, IsValidPercent). */
export function intOrPercent(v: unknown): { problem?: string; percent?: number; int?: number } {
  if (typeof v === 'number')
    return Number.isInteger(v) && v >= 0 ? { int: v } : { problem: 'must be a non-negative integer' };
  if (typeof v === 'string') {
    if (!PERCENT.test(v)) return { problem: 'must be an integer or a percentage such as "25%"' };
    return { percent: Number(v.slice(0, -1)) };
  }
  return { problem: 'must be an integer or a percentage' };
}

/** IsValidUserID / IsValidGroupID: 0 to 2147483647. */
export function userOrGroupId(v: unknown): string | undefined {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2147483647
    ? undefined
    : 'must be between 0 and 2147483647, inclusive';
}

/** An IP address as Go's net.ParseIP reads it (IPv4 dotted quad, or IPv6). */
export function isIpAddress(v: string): boolean {
  const v4 = (s: string) => {
    const parts = s.split('.');
    return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
  };
  if (v4(v)) return true;
  if (!v.includes(':') || !/^[0-9a-fA-F:.]+$/.test(v) || v.split('::').length > 2) return false;
  let text = v;
  let groups = 8;
  if (v.includes('.')) {
    const last = v.lastIndexOf(':');
    if (!v4(v.slice(last + 1))) return false;
    text = `${v.slice(0, last + 1)}0`;
    groups = 7;
  }
  const hex = (g: string) => /^[0-9a-fA-F]{1,4}$/.test(g);
  if (text.includes('::')) {
    const [head, tail] = text.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    return [...h, ...t].every(hex) && h.length + t.length <= groups - 1;
  }
  const all = text.split(':');
  return all.length === groups && all.every(hex);
}

/** Size in bytes of a map as ValidateAnnotationsSize counts it: keys plus values. */
export function mapBytes(m: Record<string, unknown>): number {
  let n = 0;
  for (const [k, v] of Object.entries(m)) n += bytes(k) + (typeof v === 'string' ? bytes(v) : 0);
  return n;
}

/** The API server's limit on all annotations of one object (apimachinery TotalAnnotationSizeLimitB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
/** Secrets and ConfigMaps hold at most 1 MiB of data (core.MaxSecretSize, used for both). */
export const MAX_SECRET_SIZE = 1024 * 1024;
/**
 * Largest object etcd stores with its default `--max-request-bytes` (1.5 MiB); the API server
 * returns "etcdserver: request is too large" above it.
 */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;
