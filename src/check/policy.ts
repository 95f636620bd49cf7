/**
 * Secure defaults as code: rules every rendered object must pass, whatever the values say.
 * Each rule has an id (quoted in the message, so a reviewer can look it up) and a fix.
 * Documented in docs/security.md.
 */
import { annotationKeyProblem, labelValueProblem, labelKeyProblem } from '../k8s';
import { containersOf, podOf, PSS_LEVELS, PssLevel, podSecurityViolations } from './pss';

export { podOf };
import { apiValidityFindings } from './api-validity';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export interface PolicyFinding {
  readonly rule: string;
  readonly path: string;
  readonly message: string;
  /** Other paths of the object the finding is about (e.g. the limit a request exceeds). */
  readonly related?: readonly string[];
  /** The Kubernetes validation function an API-server rule mirrors (apiserver.ts). */
  readonly mirrors?: string;
}

/** Image reference pinned by a digest or a tag other than `latest`. */
export function imagePinned(image: string): boolean {
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return true;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return false;
  const tag = image.slice(colon + 1);
  return tag.length > 0 && tag !== 'latest';
}

/** Label of the development-only Secret rendered from secrets.inline (charts/app-secret.ts). */
export const DEVELOPMENT_ONLY_LABEL = 'open-webui-k8s/development-only';

/** Annotation a pod template carries when it really needs a Kubernetes API token. */
export const NEEDS_API_TOKEN = 'open-webui-k8s/needs-api-token';

// Rendered objects repeat the same keys and values (commonLabels on every object): check each once.
const keyProblems = new Map<string, string | undefined>();
const annotationKeyProblems = new Map<string, string | undefined>();
const valueProblems = new Map<string, string | undefined>();
const memo = (cache: Map<string, string | undefined>, check: (s: string) => string | undefined, s: string) => {
  if (!cache.has(s)) cache.set(s, check(s));
  return cache.get(s);
};

/** Label keys and values and annotation keys of one metadata block (the API server would refuse bad ones). */
function metadataFindings(
  meta: Obj | undefined,
  base: string,
  f: (rule: string, path: string, message: string) => void,
): void {
  if (!meta || typeof meta !== 'object') return;
  const at = (map: string, key: string) => `${base}.${map}[${JSON.stringify(key)}]`;
  for (const map of ['labels', 'annotations'] as const) {
    const m = meta[map];
    if (!m || typeof m !== 'object') continue;
    for (const [k, v] of Object.entries(m)) {
      const keyProblem =
        map === 'labels' ? memo(keyProblems, labelKeyProblem, k) : memo(annotationKeyProblems, annotationKeyProblem, k);
      if (keyProblem) f('metadata-labels', at(map, k), `${JSON.stringify(k)} ${keyProblem}`);
      if (map === 'labels' && typeof v === 'string') {
        const valueProblem = memo(valueProblems, labelValueProblem, v);
        if (valueProblem) f('metadata-labels', at(map, k), `${JSON.stringify(v)} ${valueProblem}`);
      }
    }
  }
}

export function policyFindings(obj: Obj): PolicyFinding[] {
  const out: PolicyFinding[] = [];
  const f = (rule: string, path: string, message: string) => out.push({ rule, path, message });
  metadataFindings(obj.metadata, 'metadata', f);
  out.push(...apiValidityFindings(obj));
  metadataFindings(obj.spec?.template?.metadata, 'spec.template.metadata', f);
  metadataFindings(obj.spec?.jobTemplate?.spec?.template?.metadata, 'spec.jobTemplate.spec.template.metadata', f);
  if (obj.kind === 'ServiceAccount' && obj.automountServiceAccountToken !== false) {
    f(
      'serviceaccount-no-token-automount',
      'automountServiceAccountToken',
      'must be false: no pod of this release calls the Kubernetes API (a pod that does opts in on its own spec)',
    );
  }
  if (
    obj.kind === 'Secret' &&
    (Object.keys(obj.data ?? {}).length || Object.keys(obj.stringData ?? {}).length) &&
    obj.metadata?.labels?.[DEVELOPMENT_ONLY_LABEL] !== 'true'
  ) {
    f(
      'secret-no-plaintext',
      obj.data ? 'data' : 'stringData',
      `a rendered Secret carries values in plain text; only development environments may (label ${DEVELOPMENT_ONLY_LABEL}: "true"). Use secrets.source: existingSecret or externalSecret`,
    );
  }
  if (obj.kind === 'Namespace') {
    const level = obj.metadata?.labels?.['pod-security.kubernetes.io/enforce'];
    if (!level)
      f(
        'namespace-pod-security-label',
        'metadata.labels',
        'must carry pod-security.kubernetes.io/enforce (baseline or restricted) so the cluster refuses weaker pods',
      );
    else if (!PSS_LEVELS.includes(level as PssLevel) || level === 'privileged')
      f(
        'namespace-pod-security-label',
        'metadata.labels["pod-security.kubernetes.io/enforce"]',
        `must be baseline or restricted, got "${level}"`,
      );
  }
  const pod = podOf(obj);
  if (!pod) return out;
  const { spec, base } = pod;
  if (spec.automountServiceAccountToken !== false && pod.annotations[NEEDS_API_TOKEN] !== 'true') {
    f(
      'pod-no-token-automount',
      `${base}.automountServiceAccountToken`,
      `must be false (or annotate the pod template ${NEEDS_API_TOKEN}: "true" when it calls the Kubernetes API)`,
    );
  }
  for (const v of podSecurityViolations('baseline', spec, pod.annotations, base))
    f('pod-security-baseline', v.path, v.message);
  const psc: Obj = spec.securityContext ?? {};
  for (const { c, path } of containersOf(spec, base)) {
    const sc: Obj = c.securityContext ?? {};
    const err = (rule: string, field: string, message: string) => f(rule, `${path}.${field}`, message);
    if (sc.allowPrivilegeEscalation !== false)
      err('container-no-privilege-escalation', 'securityContext.allowPrivilegeEscalation', 'must be false');
    if (!((sc.capabilities?.drop as string[] | undefined) ?? []).includes('ALL'))
      err('container-drop-all-capabilities', 'securityContext.capabilities.drop', 'must include ALL');
    const added = (sc.capabilities?.add as string[] | undefined) ?? [];
    if (added.length)
      err(
        'container-no-added-capabilities',
        'securityContext.capabilities.add',
        `must be empty, got ${added.join(', ')}`,
      );
    const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      err(
        'container-seccomp-runtime-default',
        'securityContext.seccompProfile.type',
        'must be RuntimeDefault (on the container or the pod)',
      );
    if (sc.privileged) err('container-not-privileged', 'securityContext.privileged', 'must not be true');
    const r: Obj = c.resources ?? {};
    if (r.requests?.cpu === undefined)
      err('container-resources', 'resources.requests.cpu', 'must be set (scheduling and autoscaling depend on it)');
    if (r.requests?.memory === undefined) err('container-resources', 'resources.requests.memory', 'must be set');
    if (r.limits?.memory === undefined)
      err('container-resources', 'resources.limits.memory', 'must be set (a leaking pod must not take the node down)');
    if (typeof c.image !== 'string' || !imagePinned(c.image))
      err(
        'container-image-pinned',
        'image',
        `must be pinned by a tag other than "latest" or by a digest, got ${JSON.stringify(c.image)}`,
      );
  }
  return out;
}
