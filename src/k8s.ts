/**
 * Kubernetes syntax, once: object names, label keys and values, resource quantities, IP addresses
 * and CIDRs, Gateway API durations, host names and paths, and the API server's own syntax checks
 * (apimachinery's validation functions, for check's apiserver.ts). Pure functions and regular expressions with no dependency of ours: the values schema,
 * the rules, the constructs and `check` all read them from here.
 */

/** RFC 1123 label: what Kubernetes accepts for Namespace and most object names (Services need DNS1035_LABEL). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label (starts with a letter): what Kubernetes accepts for Service names. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: Secrets, ConfigMaps, PVCs, Ingress hosts. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The name part of a qualified name (label and annotation keys): 1-63 alphanumerics, `-`, `_`, `.`, alphanumeric at both ends. */
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** A label value: empty, or up to 63 alphanumerics, `-`, `_`, `.`, alphanumeric at both ends. */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/**
 * Why a string is not a valid annotation key, or undefined: a qualified name with case ignored, as
 * the API server checks it (apimachinery pkg/api/validation ValidateAnnotations: "The rule is
 * QualifiedName except that case doesn't matter, so convert to lowercase before checking"), so
 * `Example.com/x` is accepted.
 */
export function annotationKeyProblem(key: string): string | undefined {
  return labelKeyProblem(key.toLowerCase());
}

/** Why a string is not a valid label key (Kubernetes qualified name, case-sensitive prefix), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'is not a valid key: the prefix before "/" must be a lower-case DNS subdomain of at most 253 characters (e.g. "example.com/team")';
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return 'is not a valid key: the name (after an optional "prefix/") must be 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (e.g. "team" or "example.com/team")';
  }
  return undefined;
}

/** Why a string is not a valid label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63 || !LABEL_VALUE.test(value))
    return 'is not a valid label value: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (or empty)';
  return undefined;
}

/** A resource quantity as the API server serializes it (apimachinery's quantity.go): `500m`, `2`, `1.5Gi`, `1e3`. */
export const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
/** A storage size: a quantity with a byte unit, so nobody asks for 2 bytes by mistake. */
export const STORAGE_SIZE = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)$/;

export const BINARY: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
export const GIB = BINARY.Gi;

/** A quantity in base units (cores for CPU, bytes for memory); a number is taken as is, `undefined` stays undefined. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined || typeof q === 'number') return q;
  const m = QUANTITY.exec(q);
  if (!m) throw new Error(`"${q}" is not a Kubernetes quantity`);
  const unit = m[2] ?? '';
  const factor = /^[eE]/.test(unit) ? 10 ** Number(unit.slice(1)) : (BINARY[unit] ?? DECIMAL[unit]);
  return Number(m[1]) * factor;
}

/** A quantity's value, or undefined when it is missing or malformed (the schema check reports a malformed one). */
export function quantityOf(q: unknown): number | undefined {
  if (typeof q !== 'string' && typeof q !== 'number') return undefined;
  try {
    return parseQuantity(q);
  } catch {
    return undefined;
  }
}

const trim = (n: number, digits: number) => String(Number(n.toFixed(digits)));

/** Cores as a reader writes them: `500m` below one core, `2.5` above. */
export function formatCpu(cores: number): string {
  return cores < 1 ? `${trim(cores * 1000, 0)}m` : trim(cores, 3);
}

/** Bytes in the largest binary unit that keeps the number at least 1: `768Mi`, `1.5Gi`. */
export function formatBytes(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'])
    if (bytes >= BINARY[unit]) return `${trim(bytes / BINARY[unit], 2)}${unit}`;
  return `${trim(bytes, 0)}`;
}

/** An IPv4 address: four decimal octets 0-255, no leading zeros. */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** An IPv6 address (RFC 4291 text forms: `::` compression, optional trailing dotted IPv4 as `v4` reads it). */
export function isIPv6(s: string, v4: (s: string) => boolean = isIPv4): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split('::').length > 2) return false;
  let groups = 8;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    if (!v4(s.slice(lastColon + 1))) return false;
    text = s.slice(0, lastColon + 1) + '0';
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

/** A CIDR block: an IPv4 address with a prefix 0-32, or an IPv6 address with a prefix 0-128. */
export function isCidr(s: string): boolean {
  const m = /^([^/]+)\/(0|[1-9]\d{0,2})$/.exec(s);
  if (!m) return false;
  const prefix = Number(m[2]);
  return (isIPv4(m[1]) && prefix <= 32) || (isIPv6(m[1]) && prefix <= 128);
}

// ---------------------------------------------------------------------------------------------
// Gateway API (kubernetes-sigs/gateway-api v1.6.1 config/crd/experimental/gateway.networking.k8s.io_httproutes.yaml)

/**
 * Gateway API durations (GEP-2257): one to four `<1-5 digits><h|m|s|ms>` parts, e.g. `1h`, `90s`,
 * `1h30m`. The CRD pattern of `timeouts.request` and `timeouts.backendRequest`.
 */
export const GATEWAY_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

/** Seconds as the shortest Gateway API duration: 3600 -> `1h`, 90 -> `1m30s`, 604800 -> `168h`, 0 -> `0s`. */
export function gatewayDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`a duration needs whole seconds >= 0, got ${seconds}`);
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 99999) throw new Error(`${seconds}s is longer than a Gateway API duration can say (99999h)`);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** Seconds of a Gateway API duration (`1h30m` -> 5400); milliseconds round up to a second. */
export function durationSeconds(d: string): number {
  if (!GATEWAY_DURATION.test(d)) throw new Error(`"${d}" is not a Gateway API duration such as "1h", "90s" or "1h30m"`);
  let ms = 0;
  for (const [, n, unit] of d.matchAll(/([0-9]+)(ms|h|m|s)/g))
    ms += Number(n) * { h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[unit as 'h' | 'm' | 's' | 'ms'];
  return Math.ceil(ms / 1000);
}

/** A Gateway API host name: a DNS name, `*.` only as a prefix (the CRD pattern; IP addresses are not allowed). */
export const GATEWAY_HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a host name cannot be an HTTPRoute hostname, or undefined. */
export function gatewayHostnameProblem(h: string): string | undefined {
  if (h.length > 253 || !GATEWAY_HOSTNAME.test(h) || isIPv4(h))
    return 'is not a DNS host name (lower case, no IP address, "*." only as a prefix)';
  return undefined;
}

const GATEWAY_PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/**
 * Why a path cannot be an HTTPRoute path match, or undefined: the CRD's CEL rules for
 * `matches[].path.value` (starts with "/"; no "//", "/./", "/../", "%2f", "%2F", "#"; does not
 * end in "/." or "/..") and its allowed characters.
 */
export function gatewayPathProblem(v: string): string | undefined {
  if (
    !v.startsWith('/') ||
    /\/\/|\/\.\/|\/\.\.\/|%2f|%2F|#/.test(v) ||
    /\/\.\.?$/.test(v) ||
    !GATEWAY_PATH_CHARS.test(v)
  )
    return 'is not a clean absolute path: start with "/", no "//", "/./", "/../", "%2F" or "#"';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The API server's syntax checks (src/check/apiserver.ts), written after k8s.io/apimachinery v0.28
// (Kubernetes 1.28) `pkg/util/validation/validation.go` (IsDNS1123Label, IsDNS1123Subdomain,
// IsDNS1035Label, IsWildcardDNS1123Subdomain, IsQualifiedName, IsValidLabelValue, IsValidPortName,
// IsValidPortNum, IsEnvVarName, IsConfigMapKey, IsHTTPHeaderName, IsValidPercent,
// IsValidUserID/IsValidGroupID) and `pkg/api/validation/path/name.go` (IsValidPathSegmentName).
// Each returns why a value is invalid, or undefined. Lengths are counted in bytes, as Go does.

/** `path.key`, or `path["key"]` when the key is not an identifier; `key` alone at the root (a path into an object). */
export const joinKey = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** A syntax check: at most `max` bytes, then the pattern, each with its message. */
const syntax =
  (max: number, pattern: RegExp, problem: string) =>
  (v: string): string | undefined =>
    byteLength(v) > max ? `must be no more than ${max} characters` : pattern.test(v) ? undefined : problem;

const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;
const PERCENT = /^[0-9]+%$/;

/** IsDNS1123Label: lower-case RFC 1123 label, at most 63. */
export const dns1123Label = syntax(
  63,
  DNS1123_LABEL,
  'must be a lower-case RFC 1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
);

/** IsDNS1123Subdomain: lower-case RFC 1123 subdomain, at most 253. */
export const dns1123Subdomain = syntax(
  253,
  DNS1123_SUBDOMAIN,
  'must be a lower-case RFC 1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. "example.com")',
);

/** IsDNS1035Label: lower-case RFC 1035 label (starts with a letter), at most 63. */
export const dns1035Label = syntax(
  63,
  DNS1035_LABEL,
  'must be an RFC 1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit',
);

/** IsWildcardDNS1123Subdomain: `*.` followed by a subdomain. */
export function wildcardDns1123Subdomain(v: string): string | undefined {
  if (byteLength(v) > 253) return 'must be no more than 253 characters';
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
  if (byteLength(name) > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return 'name part must consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character';
  return undefined;
}

/** IsValidLabelValue: empty, or at most 63 alphanumerics with `-_.` inside. */
export const labelValue = syntax(
  63,
  LABEL_VALUE,
  'a label value must be empty or consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character',
);

/** IsValidPortName (IANA_SVC_NAME): at most 15, lower-case alphanumerics and "-", at least one letter, no "--", no "-" at either end. */
export function portName(v: string): string | undefined {
  if (byteLength(v) > 15) return 'must be no more than 15 characters (an IANA service name)';
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
  if (byteLength(v) > 253) return 'must be no more than 253 characters';
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

/** An IP address as Go's net.ParseIP reads it (IPv4 dotted quad, leading zeros allowed, or IPv6). */
export function isIpAddress(v: string): boolean {
  const v4 = (s: string) => {
    const parts = s.split('.');
    return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
  };
  return v4(v) || isIPv6(v, v4);
}

/** Size in bytes of a map as ValidateAnnotationsSize counts it: keys plus values. */
export function mapBytes(m: Record<string, unknown>): number {
  let n = 0;
  for (const [k, v] of Object.entries(m)) n += byteLength(k) + (typeof v === 'string' ? byteLength(v) : 0);
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
