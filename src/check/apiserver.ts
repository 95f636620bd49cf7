/**
 * The Kubernetes API server's own validation (its Go code, not its OpenAPI spec) for every kind
 * this project renders, so that what passes `check` is what `kubectl apply` accepts and the
 * controllers act on. Written after Kubernetes 1.28 (k8s.io/kubernetes `pkg/apis/<group>/validation`,
 * k8s.io/apimachinery `pkg/api/validation` and `pkg/apis/meta/v1/validation`); each rule names the
 * function it mirrors in `mirrors`. Only what can be decided from one object is here; the
 * OpenAPI schema (types, enums, required fields) is checked by schema-validator.ts.
 */
import {
  quantityOf,
  configMapKey,
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  envVarName,
  httpHeaderName,
  intOrPercent,
  isIpAddress,
  joinKey,
  labelValue,
  MAX_OBJECT_BYTES,
  MAX_SECRET_SIZE,
  mapBytes,
  pathSegmentName,
  portName,
  portNumber,
  portNumOrName,
  qualifiedName,
  TOTAL_ANNOTATION_SIZE_LIMIT,
  userOrGroupId,
  wildcardDns1123Subdomain,
} from '../k8s';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export interface ApiServerFinding {
  readonly rule: string;
  readonly path: string;
  readonly message: string;
  /** The Kubernetes validation function this rule mirrors. */
  readonly mirrors: string;
}

const CORE = 'k8s.io/kubernetes pkg/apis/core/validation';
const APPS = 'k8s.io/kubernetes pkg/apis/apps/validation';
const BATCH = 'k8s.io/kubernetes pkg/apis/batch/validation';
const NETWORKING = 'k8s.io/kubernetes pkg/apis/networking/validation';
const AUTOSCALING = 'k8s.io/kubernetes pkg/apis/autoscaling/validation';
const POLICY = 'k8s.io/kubernetes pkg/apis/policy/validation';
const RBAC = 'k8s.io/kubernetes pkg/apis/rbac/validation';
const META = 'k8s.io/apimachinery pkg/api/validation';
const META_V1 = 'k8s.io/apimachinery pkg/apis/meta/v1/validation';

type Report = (rule: string, path: string, message: string, mirrors: string) => void;

/** The reporter of one rule's errors: they mirror `fn` (in `pkg`) unless a call names another function. */
const err =
  (rule: string, r: Report, fn: string, pkg = CORE) =>
  (path: string, message: string, f = fn) =>
    r(rule, path, message, `${pkg} ${f}`);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): v is string => typeof v === 'string';

/**
 * Names per kind (ValidateObjectMeta with the kind's name function). A StatefulSet's pods carry
 * `controller-revision-hash: <name>-<hash>` (pkg/controller/history ControllerRevisionName: a
 * hash of up to 10 characters), a label value of at most 63, so a longer name than 52 is accepted
 * and no pod is ever created. A Job's pods carry `batch.kubernetes.io/job-name: <name>`, which the
 * API server adds to the template and validates as a label value (ValidateGeneratedSelector): 63.
 */
const NAME_RULES: Record<string, { check: (n: string) => string | undefined; mirrors: string }> = {
  Namespace: { check: dns1123Label, mirrors: `${META} ValidateNamespaceName` },
  Service: { check: dns1035Label, mirrors: `${CORE} ValidateServiceName` },
  Role: { check: pathSegmentName, mirrors: `${RBAC} ValidateRBACName` },
  RoleBinding: { check: pathSegmentName, mirrors: `${RBAC} ValidateRBACName` },
  ClusterRole: { check: pathSegmentName, mirrors: `${RBAC} ValidateRBACName` },
  ClusterRoleBinding: { check: pathSegmentName, mirrors: `${RBAC} ValidateRBACName` },
  StatefulSet: {
    check: (n) =>
      dns1123Subdomain(n) ??
      (Buffer.byteLength(n) > 52
        ? 'must be no more than 52 characters: its pods carry the label controller-revision-hash "<name>-<10-character hash>", which may be at most 63, so the StatefulSet would be accepted and never create a pod'
        : undefined),
    mirrors: `${APPS} ValidateStatefulSetName + pkg/controller/history ControllerRevisionName`,
  },
  Job: {
    check: (n) =>
      dns1123Subdomain(n) ??
      (labelValue(n)
        ? 'must be no more than 63 characters: the API server labels its pods batch.kubernetes.io/job-name with it (a label value)'
        : undefined),
    mirrors: `${BATCH} ValidateJob / ValidateGeneratedSelector`,
  },
};

/** ValidateObjectMeta: name per kind, namespace, annotation keys and total size. */
function objectMeta(obj: Obj, r: Report): void {
  const meta: Obj = isObj(obj.metadata) ? obj.metadata : {};
  const name = meta.name;
  // Services: service-name-dns-1035 (api-validity.ts).
  if (str(name) && name && obj.kind !== 'Service') {
    const rule = NAME_RULES[obj.kind as string] ?? { check: dns1123Subdomain, mirrors: `${META} NameIsDNSSubdomain` };
    const p = rule.check(name);
    if (p) r('api-object-name', 'metadata.name', `${JSON.stringify(name)} ${p}`, rule.mirrors);
  }
  if (str(meta.namespace)) {
    const p = dns1123Label(meta.namespace);
    if (p)
      r(
        'api-object-name',
        'metadata.namespace',
        `${JSON.stringify(meta.namespace)} ${p}`,
        `${META} ValidateNamespaceName`,
      );
  }
  annotations(meta.annotations, 'metadata.annotations', r);
}

/** ValidateAnnotations: keys are qualified names (case-insensitive), all of them together at most 256 KiB. */
function annotations(a: unknown, path: string, r: Report): void {
  if (!isObj(a)) return;
  const size = mapBytes(a);
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT)
    r(
      'api-annotations-size',
      path,
      `annotations total ${size} bytes (keys plus values); the API server refuses more than ${TOTAL_ANNOTATION_SIZE_LIMIT} (256 KiB) on one object. Remove annotations or move data into a ConfigMap`,
      `${META} ValidateAnnotations / ValidateAnnotationsSize`,
    );
}

/** ValidateLabelSelector (+ LabelSelectorAsSelector): keys, values, operators. */
function labelSelector(sel: unknown, path: string, r: Report): void {
  const bad = err('api-selector', r, 'ValidateLabelSelector', META_V1);
  if (!isObj(sel)) return;
  for (const [k, v] of Object.entries(isObj(sel.matchLabels) ? sel.matchLabels : {})) {
    const kp = qualifiedName(k);
    if (kp) bad(joinKey(`${path}.matchLabels`, k), `key ${JSON.stringify(k)}: ${kp}`);
    if (str(v)) {
      const vp = labelValue(v);
      if (vp) bad(joinKey(`${path}.matchLabels`, k), `${JSON.stringify(v)}: ${vp}`);
    }
  }
  list(sel.matchExpressions).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    if (str(e.key) && qualifiedName(e.key)) bad(`${p}.key`, `${JSON.stringify(e.key)}: ${qualifiedName(e.key)}`);
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) bad(`${p}.values`, `must be specified when operator is ${e.operator}`);
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) bad(`${p}.values`, `may not be specified when operator is ${e.operator}`);
    } else bad(`${p}.operator`, `must be In, NotIn, Exists or DoesNotExist, got ${JSON.stringify(e.operator)}`);
    values.forEach((v, j) => {
      if (str(v) && labelValue(v)) bad(`${p}.values[${j}]`, `${JSON.stringify(v)}: ${labelValue(v)}`);
    });
  });
}

/** Whether a label selector matches a label set (labels.Selector.Matches). */
function selectorMatches(sel: Obj, labels: Obj): boolean {
  for (const [k, v] of Object.entries(isObj(sel.matchLabels) ? sel.matchLabels : {})) if (labels[k] !== v) return false;
  for (const e of list(sel.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    if (e.operator === 'In' && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const nonNegative = (v: unknown) => v === undefined || v === null || (Number.isInteger(v) && (v as number) >= 0);
const positive = (v: unknown) => v === undefined || v === null || (Number.isInteger(v) && (v as number) > 0);

/** A workload's selector: required, not empty, valid, and matching its template's labels. */
function workloadSelector(obj: Obj, r: Report, mirrors: string): void {
  const sel = obj.spec?.selector;
  if (!isObj(sel)) return void r('api-selector', 'spec.selector', 'is required', mirrors);
  labelSelector(sel, 'spec.selector', r);
  if (Object.keys(sel.matchLabels ?? {}).length + list(sel.matchExpressions).length === 0)
    r(
      'api-selector',
      'spec.selector',
      `an empty selector is not valid for a ${obj.kind} (it would select every pod)`,
      mirrors,
    );
  else if (!selectorMatches(sel, obj.spec?.template?.metadata?.labels ?? {}))
    r(
      'api-selector',
      'spec.template.metadata.labels',
      '`selector` does not match template `labels`: every selector label must be on the pod template with the same value',
      mirrors,
    );
}

// ---------------------------------------------------------------- pod spec

const WORKLOAD_RESTART: Record<string, string[]> = {
  Deployment: ['Always'],
  StatefulSet: ['Always'],
  DaemonSet: ['Always'],
  ReplicaSet: ['Always'],
  Job: ['OnFailure', 'Never'],
  CronJob: ['OnFailure', 'Never'],
};

const VOLUME_SOURCES = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
];

/** validateLocalDescendingPath / validateLocalNonReservedPath: relative, no `..` element. */
function localDescendingPath(p: string): string | undefined {
  if (p.startsWith('/')) return 'must be a relative path (no leading "/")';
  if (p.split('/').includes('..')) return 'must not contain ".." (it would leave the volume)';
  return undefined;
}

/** validatePathNoBacksteps. */
function noBacksteps(p: string): string | undefined {
  return p.split('/').includes('..') ? 'must not contain ".."' : undefined;
}

/** validateKeyToPath items of secret/configMap/downwardAPI/projected sources. */
function keyToPaths(items: unknown, path: string, r: Report, withKey: boolean): void {
  const bad = err('pod-volumes-valid', r, 'validateKeyToPath');
  const seen = new Set<string>();
  list(items).forEach((it, i) => {
    const p = `${path}[${i}]`;
    if (withKey && !(str(it.key) && it.key)) bad(`${p}.key`, 'is required');
    if (!(str(it.path) && it.path)) bad(`${p}.path`, 'is required');
    else {
      const lp = localDescendingPath(it.path) ?? (it.path.startsWith('..') ? 'must not start with ".."' : undefined);
      if (lp) bad(`${p}.path`, `${JSON.stringify(it.path)} ${lp}`);
      if (seen.has(it.path)) bad(`${p}.path`, `${JSON.stringify(it.path)} is used by another item`);
      seen.add(it.path);
    }
    if (it.mode !== undefined && !(Number.isInteger(it.mode) && it.mode >= 0 && it.mode <= 0o777))
      bad(`${p}.mode`, 'must be a number between 0 and 0777 (octal), both inclusive');
  });
}

const fileMode = (v: unknown) =>
  v === undefined || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0o777);

/** ValidateVolumes: names (DNS-1123 labels, unique), exactly one source, and the source's own rules. */
function volumes(spec: Obj, base: string, r: Report): Set<string> {
  const names = new Set<string>();
  const bad = err('pod-volumes-valid', r, 'ValidateVolumes');
  const named = (path: string, v: unknown, fn: string) => {
    if (!(str(v) && v)) bad(path, 'is required', fn);
    else if (dns1123Subdomain(v)) bad(path, `${JSON.stringify(v)} ${dns1123Subdomain(v)}`, fn);
  };
  const mode = (path: string, v: unknown, fn: string) => {
    if (!fileMode(v)) bad(path, 'must be a number between 0 and 0777 (octal)', fn);
  };
  list(spec.volumes).forEach((vol, i) => {
    const p = `${base}.volumes[${i}]`;
    if (!(str(vol.name) && vol.name)) bad(`${p}.name`, 'is required');
    else {
      const np = dns1123Label(vol.name);
      if (np) bad(`${p}.name`, `${JSON.stringify(vol.name)} ${np}`);
      names.add(vol.name);
    }
    const sources = VOLUME_SOURCES.filter((s) => vol[s] !== undefined && vol[s] !== null);
    if (sources.length === 0)
      bad(
        p,
        'must specify a volume type (e.g. emptyDir, secret, configMap, persistentVolumeClaim)',
        'validateVolumeSource',
      );
    if (sources.length > 1)
      bad(p, `may not specify more than 1 volume type, got ${sources.join(', ')}`, 'validateVolumeSource');
    const src = (k: string): Obj | undefined => (isObj(vol[k]) ? vol[k] : undefined);
    const secret = src('secret');
    if (secret) {
      named(`${p}.secret.secretName`, secret.secretName, 'validateSecretVolumeSource');
      mode(`${p}.secret.defaultMode`, secret.defaultMode, 'validateSecretVolumeSource');
      keyToPaths(secret.items, `${p}.secret.items`, r, true);
    }
    const cm = src('configMap');
    if (cm) {
      named(`${p}.configMap.name`, cm.name, 'validateConfigMapVolumeSource');
      mode(`${p}.configMap.defaultMode`, cm.defaultMode, 'validateConfigMapVolumeSource');
      keyToPaths(cm.items, `${p}.configMap.items`, r, true);
    }
    const pvc = src('persistentVolumeClaim');
    if (pvc && !(str(pvc.claimName) && pvc.claimName))
      bad(`${p}.persistentVolumeClaim.claimName`, 'is required', 'validatePersistentClaimVolumeSource');
    const empty = src('emptyDir');
    if (empty && empty.sizeLimit !== undefined) {
      const q = quantityOf(empty.sizeLimit);
      if (q !== undefined && q < 0)
        bad(`${p}.emptyDir.sizeLimit`, 'must not be negative', 'validateEmptyDirVolumeSource');
    }
    const hostPath = src('hostPath');
    if (hostPath && !(str(hostPath.path) && hostPath.path))
      bad(`${p}.hostPath.path`, 'is required', 'validateHostPathVolumeSource');
    const nfs = src('nfs');
    if (nfs) {
      if (!(str(nfs.server) && nfs.server)) bad(`${p}.nfs.server`, 'is required', 'validateNFSVolumeSource');
      if (!(str(nfs.path) && nfs.path.startsWith('/')))
        bad(`${p}.nfs.path`, 'must be an absolute path', 'validateNFSVolumeSource');
    }
    const csi = src('csi');
    if (csi && !(str(csi.driver) && csi.driver)) bad(`${p}.csi.driver`, 'is required', 'validateCSIVolumeSource');
    const downward = src('downwardAPI');
    if (downward) downwardApiItems(downward.items, `${p}.downwardAPI.items`, r);
    const projected = src('projected');
    if (projected) {
      const pm = 'validateProjectedVolumeSource';
      mode(`${p}.projected.defaultMode`, projected.defaultMode, pm);
      const paths = new Set<string>();
      list(projected.sources).forEach((s, j) => {
        const sp = `${p}.projected.sources[${j}]`;
        const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'].filter((k) =>
          isObj(s[k]),
        );
        if (kinds.length !== 1)
          bad(sp, 'must specify exactly one of secret, configMap, downwardAPI, serviceAccountToken', pm);
        for (const k of ['secret', 'configMap'] as const)
          if (isObj(s[k])) keyToPaths(s[k].items, `${sp}.${k}.items`, r, true);
        if (isObj(s.downwardAPI)) downwardApiItems(s.downwardAPI.items, `${sp}.downwardAPI.items`, r);
        const token = s.serviceAccountToken;
        if (isObj(token)) {
          const tp = `${sp}.serviceAccountToken`;
          if (!(str(token.path) && token.path)) bad(`${tp}.path`, 'is required', 'validateProjectionSources');
          else if (localDescendingPath(token.path))
            bad(
              `${tp}.path`,
              `${JSON.stringify(token.path)} ${localDescendingPath(token.path)}`,
              'validateProjectionSources',
            );
          const exp = token.expirationSeconds;
          if (exp !== undefined && !(Number.isInteger(exp) && exp >= 600 && exp <= 2 ** 32))
            bad(
              `${tp}.expirationSeconds`,
              'must be at least 600 (10 minutes) and at most 2^32 seconds',
              'validateProjectionSources',
            );
        }
        // Every file of a projected volume has one source (validateProjectionSources: "conflicting duplicate paths").
        const itemPaths = [
          ...list(s.secret?.items).map((x) => x.path),
          ...list(s.configMap?.items).map((x) => x.path),
          ...list(s.downwardAPI?.items).map((x) => x.path),
          ...(isObj(token) ? [token.path] : []),
        ].filter(str);
        for (const ip of itemPaths) {
          if (paths.has(ip)) bad(sp, `conflicting duplicate path ${JSON.stringify(ip)} in a projected volume`, pm);
          paths.add(ip);
        }
      });
    }
  });
  return names;
}

const FIELD_PATHS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const FIELD_PATH_SUBSCRIPT = /^metadata\.(labels|annotations)\['[^']+'\]$/;
const RESOURCE_FIELDS = new Set([
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
]);

function downwardApiItems(items: unknown, path: string, r: Report): void {
  const bad = err('pod-volumes-valid', r, 'validateDownwardAPIVolumeFile');
  list(items).forEach((it, i) => {
    const p = `${path}[${i}]`;
    if (!(str(it.path) && it.path)) bad(`${p}.path`, 'is required');
    else if (localDescendingPath(it.path))
      bad(`${p}.path`, `${JSON.stringify(it.path)} ${localDescendingPath(it.path)}`);
    const refs = [isObj(it.fieldRef), isObj(it.resourceFieldRef)].filter(Boolean).length;
    if (refs !== 1) bad(p, 'must specify exactly one of fieldRef and resourceFieldRef');
    if (
      isObj(it.fieldRef) &&
      str(it.fieldRef.fieldPath) &&
      !FIELD_PATHS.has(it.fieldRef.fieldPath) &&
      !FIELD_PATH_SUBSCRIPT.test(it.fieldRef.fieldPath) &&
      !/^metadata\.(labels|annotations)$/.test(it.fieldRef.fieldPath)
    )
      bad(`${p}.fieldRef.fieldPath`, `${JSON.stringify(it.fieldRef.fieldPath)} is not a supported field path`);
  });
}

/** validateContainerPorts. */
function containerPorts(c: Obj, path: string, r: Report): void {
  const bad = err('api-container-ports', r, 'validateContainerPorts');
  const names = new Set<string>();
  list(c.ports).forEach((port, i) => {
    const p = `${path}.ports[${i}]`;
    if (str(port.name)) {
      const np = portName(port.name);
      if (np) bad(`${p}.name`, `${JSON.stringify(port.name)} ${np}`);
      if (names.has(port.name))
        bad(`${p}.name`, `${JSON.stringify(port.name)} is used by another port of this container`);
      names.add(port.name);
    }
    if (port.containerPort === undefined || port.containerPort === 0) bad(`${p}.containerPort`, 'is required');
    else if (portNumber(port.containerPort)) bad(`${p}.containerPort`, portNumber(port.containerPort) as string);
    if (port.hostPort !== undefined && port.hostPort !== 0 && portNumber(port.hostPort))
      bad(`${p}.hostPort`, portNumber(port.hostPort) as string);
    if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol))
      bad(`${p}.protocol`, `must be TCP, UDP or SCTP, got ${JSON.stringify(port.protocol)}`);
  });
}

/** ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom. */
function env(c: Obj, path: string, r: Report): void {
  const bad = err('api-env', r, 'ValidateEnv');
  const named = (p: string, n: unknown, fn: string) => {
    if (!(str(n) && n)) bad(p, 'is required', fn);
    else if (dns1123Subdomain(n)) bad(p, `${JSON.stringify(n)} ${dns1123Subdomain(n)}`, fn);
  };
  list(c.env).forEach((e, i) => {
    const p = `${path}.env[${i}]`;
    if (!(str(e.name) && e.name)) bad(`${p}.name`, 'is required');
    else if (envVarName(e.name)) bad(`${p}.name`, `${JSON.stringify(e.name)}: ${envVarName(e.name)}`);
    const from = e.valueFrom;
    if (!isObj(from)) return;
    const fm = 'validateEnvVarValueFrom';
    if (str(e.value) && e.value !== '') bad(`${p}.valueFrom`, 'may not be specified when `value` is not empty', fm);
    const kinds = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => isObj(from[k]));
    if (kinds.length !== 1)
      bad(
        `${p}.valueFrom`,
        kinds.length
          ? `may not have more than one field specified at a time (${kinds.join(', ')})`
          : 'must specify one of: fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef',
        fm,
      );
    for (const k of ['configMapKeyRef', 'secretKeyRef'] as const) {
      const ref = from[k];
      if (!isObj(ref)) continue;
      const km = `validate${k === 'secretKeyRef' ? 'SecretKeySelector' : 'ConfigMapKeySelector'}`;
      named(`${p}.valueFrom.${k}.name`, ref.name, km);
      if (!(str(ref.key) && ref.key)) bad(`${p}.valueFrom.${k}.key`, 'is required', km);
      else if (configMapKey(ref.key))
        bad(`${p}.valueFrom.${k}.key`, `${JSON.stringify(ref.key)}: ${configMapKey(ref.key)}`, km);
    }
    const fieldRef = from.fieldRef;
    if (
      isObj(fieldRef) &&
      str(fieldRef.fieldPath) &&
      !FIELD_PATHS.has(fieldRef.fieldPath) &&
      !FIELD_PATH_SUBSCRIPT.test(fieldRef.fieldPath)
    )
      bad(
        `${p}.valueFrom.fieldRef.fieldPath`,
        `${JSON.stringify(fieldRef.fieldPath)} is not supported: use metadata.name, metadata.namespace, metadata.uid, metadata.labels['<key>'], metadata.annotations['<key>'], spec.nodeName, spec.serviceAccountName, status.hostIP(s) or status.podIP(s)`,
        'validateObjectFieldSelector',
      );
    const rf = from.resourceFieldRef;
    if (isObj(rf) && str(rf.resource) && !RESOURCE_FIELDS.has(rf.resource))
      bad(
        `${p}.valueFrom.resourceFieldRef.resource`,
        `${JSON.stringify(rf.resource)} is not supported: use limits.cpu, limits.memory, limits.ephemeral-storage or the same under requests.`,
        'validateContainerResourceFieldSelector',
      );
  });
  list(c.envFrom).forEach((e, i) => {
    const p = `${path}.envFrom[${i}]`;
    const fm = 'ValidateEnvFrom';
    if (str(e.prefix) && e.prefix && envVarName(e.prefix))
      bad(`${p}.prefix`, `${JSON.stringify(e.prefix)}: ${envVarName(e.prefix)}`, fm);
    const kinds = ['configMapRef', 'secretRef'].filter((k) => isObj(e[k]));
    if (kinds.length !== 1) bad(p, 'must specify exactly one of configMapRef and secretRef', fm);
    for (const k of kinds) named(`${p}.${k}.name`, e[k].name, fm);
  });
}

/** validateHandler for probes and lifecycle hooks: exactly one action, each valid. */
function handler(h: Obj, path: string, r: Report, rule: string, actions: readonly string[]): void {
  const m = `${CORE} validateHandler`;
  const given = actions.filter((a) => isObj(h[a]));
  if (given.length === 0) r(rule, path, `must specify a handler type (one of ${actions.join(', ')})`, m);
  if (given.length > 1) r(rule, path, `may not specify more than 1 handler type, got ${given.join(', ')}`, m);
  if (isObj(h.exec) && !(Array.isArray(h.exec.command) && h.exec.command.length))
    r(rule, `${path}.exec.command`, 'is required', `${CORE} validateExecAction`);
  if (isObj(h.httpGet)) {
    const hm = `${CORE} validateHTTPGetAction`;
    if (!(str(h.httpGet.path) && h.httpGet.path)) r(rule, `${path}.httpGet.path`, 'is required', hm);
    const pp = portNumOrName(h.httpGet.port);
    if (pp) r(rule, `${path}.httpGet.port`, `${JSON.stringify(h.httpGet.port)}: ${pp}`, hm);
    if (h.httpGet.scheme !== undefined && !['HTTP', 'HTTPS'].includes(h.httpGet.scheme))
      r(rule, `${path}.httpGet.scheme`, `must be HTTP or HTTPS, got ${JSON.stringify(h.httpGet.scheme)}`, hm);
    list(h.httpGet.httpHeaders).forEach((hd, i) => {
      if (str(hd.name) && httpHeaderName(hd.name))
        r(rule, `${path}.httpGet.httpHeaders[${i}].name`, `${JSON.stringify(hd.name)}: ${httpHeaderName(hd.name)}`, hm);
    });
  }
  if (isObj(h.tcpSocket)) {
    const pp = portNumOrName(h.tcpSocket.port);
    if (pp)
      r(
        rule,
        `${path}.tcpSocket.port`,
        `${JSON.stringify(h.tcpSocket.port)}: ${pp}`,
        `${CORE} validateTCPSocketAction`,
      );
  }
  if (isObj(h.grpc)) {
    const pp = portNumber(h.grpc.port);
    if (pp) r(rule, `${path}.grpc.port`, `${JSON.stringify(h.grpc.port)}: ${pp}`, `${CORE} validateGRPCAction`);
  }
  if (isObj(h.sleep) && !(Number.isInteger(h.sleep.seconds) && h.sleep.seconds >= 0))
    r(rule, `${path}.sleep.seconds`, 'must be a non-negative integer', `${CORE} validateSleepAction`);
}

const PROBE_ACTIONS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
// The sleep action (PodLifecycleSleepAction) is alpha in 1.29: Kubernetes 1.28 has exec, httpGet and tcpSocket hooks.
const HOOK_ACTIONS = ['exec', 'httpGet', 'tcpSocket'] as const;

/** validateProbe and the per-kind probe rules of validateContainers / validateInitContainers. */
function probes(c: Obj, path: string, r: Report, init: boolean): void {
  const bad = err('api-probes', r, 'validateInitContainers');
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = c[kind];
    if (!isObj(probe)) continue;
    const p = `${path}.${kind}`;
    if (init && c.restartPolicy !== 'Always') {
      bad(p, `must not be set for init containers (they run to completion; use a ${kind} on the app container)`);
      continue;
    }
    handler(probe, p, r, 'api-probes', PROBE_ACTIONS);
    for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'])
      if (!nonNegative(probe[f])) bad(`${p}.${f}`, 'must be greater than or equal to 0', 'validateProbe');
    if (
      (kind === 'livenessProbe' || kind === 'startupProbe') &&
      probe.successThreshold !== undefined &&
      probe.successThreshold !== 1
    )
      bad(
        `${p}.successThreshold`,
        `must be 1 for a ${kind} (only readiness may require several successes)`,
        'validateContainers',
      );
    if (kind === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined)
      bad(`${p}.terminationGracePeriodSeconds`, 'must not be set for readinessProbes', 'validateContainers');
    if (probe.terminationGracePeriodSeconds !== undefined && !positive(probe.terminationGracePeriodSeconds))
      bad(`${p}.terminationGracePeriodSeconds`, 'must be greater than 0', 'validateProbe');
  }
  if (isObj(c.lifecycle)) {
    if (init && c.restartPolicy !== 'Always') bad(`${path}.lifecycle`, 'must not be set for init containers');
    for (const hook of ['postStart', 'preStop'] as const)
      if (isObj(c.lifecycle[hook]))
        handler(c.lifecycle[hook], `${path}.lifecycle.${hook}`, r, 'api-probes', HOOK_ACTIONS);
  }
}

/** ValidateSecurityContext (container) and ValidatePodSecurityContext. */
function securityContext(sc: unknown, path: string, r: Report): void {
  if (!isObj(sc)) return;
  const bad = err('api-security-context', r, 'ValidateSecurityContext');
  for (const f of ['runAsUser', 'runAsGroup', 'fsGroup'])
    if (sc[f] !== undefined && userOrGroupId(sc[f])) bad(`${path}.${f}`, userOrGroupId(sc[f]) as string);
  (Array.isArray(sc.supplementalGroups) ? sc.supplementalGroups : []).forEach((g: unknown, i: number) => {
    if (userOrGroupId(g))
      bad(`${path}.supplementalGroups[${i}]`, userOrGroupId(g) as string, 'ValidatePodSecurityContext');
  });
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) bad(path, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true');
    const add: unknown[] = Array.isArray(sc.capabilities?.add) ? sc.capabilities.add : [];
    if (add.includes('CAP_SYS_ADMIN'))
      bad(path, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.add` CAP_SYS_ADMIN');
  }
  const seccomp = sc.seccompProfile;
  if (isObj(seccomp)) {
    const lp = `${path}.seccompProfile.localhostProfile`;
    const sm = 'validateSeccompProfileField';
    if (seccomp.type === 'Localhost') {
      if (!(str(seccomp.localhostProfile) && seccomp.localhostProfile))
        bad(lp, 'must be set when seccomp type is Localhost', sm);
      else if (localDescendingPath(seccomp.localhostProfile))
        bad(lp, localDescendingPath(seccomp.localhostProfile) as string, sm);
    } else if (seccomp.localhostProfile !== undefined) bad(lp, 'can only be set when seccomp type is Localhost', sm);
  }
  if (sc.procMount !== undefined && !['Default', 'Unmasked'].includes(sc.procMount))
    bad(
      `${path}.procMount`,
      `must be Default or Unmasked, got ${JSON.stringify(sc.procMount)}`,
      'ValidateProcMountType',
    );
  (Array.isArray(sc.sysctls) ? sc.sysctls : []).forEach((s: Obj, i: number) => {
    if (isObj(s) && str(s.name) && !SYSCTL_NAME.test(s.name))
      bad(`${path}.sysctls[${i}].name`, `${JSON.stringify(s.name)} is not a valid sysctl name`, 'validateSysctls');
  });
}

const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

/** validateContainers / validateInitContainers: names, image, ports, env, mounts, probes, resources, security context. */
function containers(spec: Obj, base: string, volumeNames: Set<string>, r: Report): void {
  const bad = err('api-containers', r, 'validateContainers');
  const names = new Map<string, string>();
  for (const group of ['initContainers', 'containers'] as const) {
    const init = group === 'initContainers';
    list(spec[group]).forEach((c, i) => {
      const path = `${base}.${group}[${i}]`;
      if (!(str(c.name) && c.name)) bad(`${path}.name`, 'is required');
      else {
        const np = dns1123Label(c.name);
        if (np) bad(`${path}.name`, `${JSON.stringify(c.name)} ${np}`);
        if (names.has(c.name))
          bad(
            `${path}.name`,
            `${JSON.stringify(c.name)} is already used by ${names.get(c.name)}: container names must be unique in a pod`,
          );
        names.set(c.name, path);
      }
      if (!(str(c.image) && c.image)) bad(`${path}.image`, 'is required', 'validateContainersOnlyForPod');
      else if (c.image.trim() !== c.image)
        bad(`${path}.image`, 'must not have leading or trailing whitespace', 'validateContainersOnlyForPod');
      if (c.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy))
        bad(
          `${path}.imagePullPolicy`,
          `must be Always, IfNotPresent or Never, got ${JSON.stringify(c.imagePullPolicy)}`,
          'validatePullPolicy',
        );
      if (!['File', 'FallbackToLogsOnError', undefined].includes(c.terminationMessagePolicy))
        bad(`${path}.terminationMessagePolicy`, 'must be File or FallbackToLogsOnError');
      containerPorts(c, path, r);
      env(c, path, r);
      volumeMounts(c, path, volumeNames, r);
      probes(c, path, r, init);
      securityContext(c.securityContext, `${path}.securityContext`, r);
      resources(c, path, r);
    });
  }
}

/** ValidateVolumeMounts beyond what api-validity.ts checks (names, unique paths). */
function volumeMounts(c: Obj, path: string, _volumeNames: Set<string>, r: Report): void {
  const bad = err('pod-volumes-valid', r, 'ValidateVolumeMounts');
  list(c.volumeMounts).forEach((vm, i) => {
    const p = `${path}.volumeMounts[${i}]`;
    if (!(str(vm.mountPath) && vm.mountPath)) bad(`${p}.mountPath`, 'is required');
    else if (noBacksteps(vm.mountPath))
      bad(`${p}.mountPath`, `${JSON.stringify(vm.mountPath)} ${noBacksteps(vm.mountPath)}`, 'validatePathNoBacksteps');
    if (str(vm.subPath) && vm.subPath) {
      const sp = localDescendingPath(vm.subPath);
      if (sp) bad(`${p}.subPath`, `${JSON.stringify(vm.subPath)} ${sp}`, 'validateLocalDescendingPath');
    }
    if (str(vm.subPathExpr) && vm.subPathExpr) {
      if (str(vm.subPath) && vm.subPath) bad(`${p}.subPathExpr`, 'subPathExpr and subPath are mutually exclusive');
      const sp = localDescendingPath(vm.subPathExpr);
      if (sp) bad(`${p}.subPathExpr`, `${JSON.stringify(vm.subPathExpr)} ${sp}`, 'validateLocalDescendingPath');
    }
    if (vm.mountPropagation === 'Bidirectional' && c.securityContext?.privileged !== true)
      bad(
        `${p}.mountPropagation`,
        'Bidirectional mount propagation is available only to privileged containers',
        'validateMountPropagation',
      );
  });
}

const STANDARD_RESOURCES =
  /^(cpu|memory|ephemeral-storage|hugepages-.+|([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[-A-Za-z0-9_.]+))$/;

/** ValidateResourceRequirements: names, non-negative quantities (requests <= limits is container-request-within-limit). */
function resources(c: Obj, path: string, r: Report): void {
  const bad = err('api-resources', r, 'validateResourceName');
  for (const part of ['requests', 'limits'] as const) {
    const map = c.resources?.[part];
    if (!isObj(map)) continue;
    for (const [name, value] of Object.entries(map)) {
      const p = joinKey(`${path}.resources.${part}`, name);
      if (!STANDARD_RESOURCES.test(name))
        bad(
          p,
          `${JSON.stringify(name)} is not a resource name (cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource)`,
        );
      const q = quantityOf(value);
      if (q !== undefined && q < 0) bad(p, 'must be greater than or equal to 0', 'ValidateResourceRequirements');
    }
  }
}

/** ValidatePodSpec: the pod-level fields. */
function podSpec(obj: Obj, spec: Obj, base: string, r: Report): void {
  const bad = err('api-pod-spec', r, 'ValidatePodSpec');
  const restart = WORKLOAD_RESTART[obj.kind as string];
  if (restart && spec.restartPolicy !== undefined && !restart.includes(spec.restartPolicy))
    r(
      'api-pod-spec',
      `${base}.restartPolicy`,
      `must be ${restart.join(' or ')} for a ${obj.kind}, got ${JSON.stringify(spec.restartPolicy)}`,
      obj.kind === 'Job' ? `${BATCH} validateJobSpec` : `${APPS} Validate${obj.kind}Spec`,
    );
  if (!nonNegative(spec.terminationGracePeriodSeconds))
    bad(`${base}.terminationGracePeriodSeconds`, 'must be greater than or equal to 0');
  if (spec.activeDeadlineSeconds !== undefined && !positive(spec.activeDeadlineSeconds))
    bad(`${base}.activeDeadlineSeconds`, 'must be greater than 0');
  for (const f of ['serviceAccountName', 'priorityClassName'] as const)
    if (str(spec[f]) && spec[f] && dns1123Subdomain(spec[f]))
      bad(`${base}.${f}`, `${JSON.stringify(spec[f])} ${dns1123Subdomain(spec[f])}`);
  for (const f of ['hostname', 'subdomain'] as const)
    if (str(spec[f]) && spec[f] && dns1123Label(spec[f]))
      bad(`${base}.${f}`, `${JSON.stringify(spec[f])} ${dns1123Label(spec[f])}`);
  list(spec.imagePullSecrets).forEach((s, i) => {
    if (!(str(s.name) && s.name)) bad(`${base}.imagePullSecrets[${i}].name`, 'is required', 'validateImagePullSecrets');
  });
  if (isObj(spec.nodeSelector))
    for (const [k, v] of Object.entries(spec.nodeSelector)) {
      const problem = qualifiedName(k) ?? (str(v) ? labelValue(v) : undefined);
      if (problem) r('api-pod-spec', joinKey(`${base}.nodeSelector`, k), problem, `${META_V1} ValidateLabels`);
    }
  tolerations(spec.tolerations, `${base}.tolerations`, r);
  topologySpread(spec.topologySpreadConstraints, `${base}.topologySpreadConstraints`, r);
  affinity(spec.affinity, `${base}.affinity`, r);
  securityContext(spec.securityContext, `${base}.securityContext`, r);
  if (spec.dnsPolicy === 'None' && !isObj(spec.dnsConfig))
    bad(`${base}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None', 'validatePodDNSConfig');
}

/** ValidateTolerations. */
function tolerations(ts: unknown, path: string, r: Report): void {
  const bad = err('api-pod-spec', r, 'ValidateTolerations');
  list(ts).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (str(t.key) && t.key && qualifiedName(t.key))
      bad(`${p}.key`, `${JSON.stringify(t.key)}: ${qualifiedName(t.key)}`);
    if ((t.key === undefined || t.key === '') && t.operator !== 'Exists')
      bad(`${p}.operator`, 'must be Exists when `key` is empty (it then matches every taint)');
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute')
      bad(`${p}.effect`, 'must be NoExecute when `tolerationSeconds` is set');
    if (t.operator === 'Exists' && str(t.value) && t.value !== '')
      bad(`${p}.value`, 'must be empty when `operator` is Exists');
    else if ((t.operator === undefined || t.operator === 'Equal') && str(t.value) && labelValue(t.value))
      bad(`${p}.value`, `${JSON.stringify(t.value)}: ${labelValue(t.value)}`);
    if (t.operator !== undefined && !['Equal', 'Exists'].includes(t.operator))
      bad(`${p}.operator`, `must be Equal or Exists, got ${JSON.stringify(t.operator)}`);
    if (![undefined, '', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect))
      bad(`${p}.effect`, `must be NoSchedule, PreferNoSchedule or NoExecute, got ${JSON.stringify(t.effect)}`);
  });
}

/** validateTopologySpreadConstraints. */
function topologySpread(cs: unknown, path: string, r: Report): void {
  const bad = err('api-pod-spec', r, 'validateTopologySpreadConstraints');
  const seen = new Set<string>();
  list(cs).forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!(Number.isInteger(c.maxSkew) && c.maxSkew > 0)) bad(`${p}.maxSkew`, 'must be greater than zero');
    if (!(str(c.topologyKey) && c.topologyKey)) bad(`${p}.topologyKey`, 'can not be empty');
    else if (qualifiedName(c.topologyKey)) bad(`${p}.topologyKey`, qualifiedName(c.topologyKey) as string);
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable))
      bad(`${p}.whenUnsatisfiable`, 'must be DoNotSchedule or ScheduleAnyway');
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (!(Number.isInteger(c.minDomains) && c.minDomains > 0)) bad(`${p}.minDomains`, 'must be greater than zero');
      if (c.whenUnsatisfiable !== 'DoNotSchedule')
        bad(`${p}.minDomains`, 'can only be used when whenUnsatisfiable is DoNotSchedule');
    }
    const pair = `${c.topologyKey}\0${c.whenUnsatisfiable}`;
    if (seen.has(pair))
      bad(
        p,
        `duplicate {topologyKey "${c.topologyKey}", whenUnsatisfiable "${c.whenUnsatisfiable}"}: each pair may appear once`,
      );
    seen.add(pair);
    labelSelector(c.labelSelector, `${p}.labelSelector`, r);
  });
}

/** validateAffinity: node selector requirements and pod (anti-)affinity terms. */
function affinity(a: unknown, path: string, r: Report): void {
  if (!isObj(a)) return;
  const bad = err('api-pod-spec', r, 'validateAffinity');
  const requirement = (e: Obj, p: string) => {
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    const rm = 'ValidateNodeSelectorRequirement';
    if (str(e.key) && qualifiedName(e.key)) bad(`${p}.key`, qualifiedName(e.key) as string, rm);
    if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0)
      bad(`${p}.values`, `must be specified when operator is ${e.operator}`, rm);
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0)
      bad(`${p}.values`, `may not be specified when operator is ${e.operator}`, rm);
    if (
      (e.operator === 'Gt' || e.operator === 'Lt') &&
      !(values.length === 1 && str(values[0]) && /^-?\d+$/.test(values[0]))
    )
      bad(`${p}.values`, `must be a single integer when operator is ${e.operator}`, rm);
  };
  const terms = (ts: unknown, p: string) =>
    list(ts).forEach((t, i) =>
      list(t.matchExpressions).forEach((e, j) => requirement(e, `${p}[${i}].matchExpressions[${j}]`)),
    );
  const na = a.nodeAffinity;
  if (isObj(na)) {
    terms(
      na.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
      `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`,
    );
    list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((pt, i) => {
      const p = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!(Number.isInteger(pt.weight) && pt.weight >= 1 && pt.weight <= 100))
        bad(`${p}.weight`, 'must be in the range 1-100');
      list(pt.preference?.matchExpressions).forEach((e, j) => requirement(e, `${p}.preference.matchExpressions[${j}]`));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = a[kind];
    if (!isObj(pa)) continue;
    const term = (t: Obj, p: string) => {
      if (!(str(t.topologyKey) && t.topologyKey))
        bad(`${p}.topologyKey`, 'can not be empty', 'validatePodAffinityTerm');
      else if (qualifiedName(t.topologyKey))
        bad(`${p}.topologyKey`, qualifiedName(t.topologyKey) as string, 'validatePodAffinityTerm');
      labelSelector(t.labelSelector, `${p}.labelSelector`, r);
      labelSelector(t.namespaceSelector, `${p}.namespaceSelector`, r);
    };
    list(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      term(t, `${path}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`),
    );
    list(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((wt, i) => {
      const p = `${path}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!(Number.isInteger(wt.weight) && wt.weight >= 1 && wt.weight <= 100))
        bad(`${p}.weight`, 'must be in the range 1-100');
      if (isObj(wt.podAffinityTerm)) term(wt.podAffinityTerm, `${p}.podAffinityTerm`);
    });
  }
}

/** The pod template of a workload: its metadata (ValidatePodTemplateSpec) and spec. */
function podTemplate(obj: Obj, r: Report): void {
  const t = obj.kind === 'CronJob' ? obj.spec?.jobTemplate?.spec?.template : obj.spec?.template;
  const base = obj.kind === 'CronJob' ? 'spec.jobTemplate.spec.template' : 'spec.template';
  if (!isObj(t) || !isObj(t.spec)) return;
  annotations(t.metadata?.annotations, `${base}.metadata.annotations`, r);
  const spec = t.spec;
  const volumeNames = volumes(spec, `${base}.spec`, r);
  for (const claim of list(obj.spec?.volumeClaimTemplates))
    if (str(claim.metadata?.name)) volumeNames.add(claim.metadata.name);
  containers(spec, `${base}.spec`, volumeNames, r);
  podSpec(obj, spec, `${base}.spec`, r);
}

// ---------------------------------------------------------------- per kind

function deployment(obj: Obj, r: Report): void {
  const bad = err('api-deployment', r, 'ValidateRollingUpdateDeployment', APPS);
  const spec: Obj = obj.spec ?? {};
  const m = `${APPS} ValidateDeploymentSpec`;
  workloadSelector(obj, r, m);
  for (const f of ['replicas', 'minReadySeconds', 'revisionHistoryLimit'])
    if (!nonNegative(spec[f])) bad(`spec.${f}`, 'must be greater than or equal to 0', 'ValidateDeploymentSpec');
  if (spec.progressDeadlineSeconds !== undefined) {
    if (!positive(spec.progressDeadlineSeconds))
      bad('spec.progressDeadlineSeconds', 'must be greater than 0', 'ValidateDeploymentSpec');
    else if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
      bad('spec.progressDeadlineSeconds', 'must be greater than minReadySeconds', 'ValidateDeploymentSpec');
  }
  const strategy = spec.strategy;
  if (!isObj(strategy)) return;
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null)
    bad(
      'spec.strategy.rollingUpdate',
      'may not be specified when strategy `type` is Recreate',
      'ValidateDeploymentStrategy',
    );
  const ru = strategy.rollingUpdate;
  if ((strategy.type === undefined || strategy.type === 'RollingUpdate') && isObj(ru)) {
    const surge = intOrPercent(ru.maxSurge ?? '25%');
    const unavailable = intOrPercent(ru.maxUnavailable ?? '25%');
    if (surge.problem) bad('spec.strategy.rollingUpdate.maxSurge', surge.problem);
    if (unavailable.problem) bad('spec.strategy.rollingUpdate.maxUnavailable', unavailable.problem);
    if ((unavailable.percent ?? 0) > 100)
      bad('spec.strategy.rollingUpdate.maxUnavailable', 'must not be greater than 100%');
    if ((surge.int === 0 || surge.percent === 0) && (unavailable.int === 0 || unavailable.percent === 0))
      bad(
        'spec.strategy.rollingUpdate.maxUnavailable',
        'may not be 0 when `maxSurge` is 0: the rollout could never proceed',
      );
  }
}

function statefulSet(obj: Obj, r: Report): void {
  const bad = err('api-statefulset', r, 'ValidateStatefulSetSpec', APPS);
  const spec: Obj = obj.spec ?? {};
  const m = `${APPS} ValidateStatefulSetSpec`;
  workloadSelector(obj, r, m);
  for (const f of ['replicas', 'minReadySeconds'])
    if (!nonNegative(spec[f])) bad(`spec.${f}`, 'must be greater than or equal to 0');
  if (spec.podManagementPolicy !== undefined && !['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy))
    bad('spec.podManagementPolicy', "must be 'OrderedReady' or 'Parallel'");
  const us = spec.updateStrategy;
  if (isObj(us)) {
    if (us.type === 'OnDelete' && us.rollingUpdate !== undefined && us.rollingUpdate !== null)
      bad('spec.updateStrategy.rollingUpdate', "only allowed for updateStrategy 'RollingUpdate'");
    if (isObj(us.rollingUpdate) && !nonNegative(us.rollingUpdate.partition))
      bad('spec.updateStrategy.rollingUpdate.partition', 'must be greater than or equal to 0');
  }
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined)
    bad('spec.template.spec.activeDeadlineSeconds', 'must not be specified');
  const policy = spec.persistentVolumeClaimRetentionPolicy;
  if (isObj(policy))
    for (const f of ['whenDeleted', 'whenScaled'])
      if (policy[f] !== undefined && !['Retain', 'Delete'].includes(policy[f]))
        bad(
          `spec.persistentVolumeClaimRetentionPolicy.${f}`,
          'must be Retain or Delete',
          'ValidatePersistentVolumeClaimRetentionPolicy',
        );
  const claimNames = new Set<string>();
  list(spec.volumeClaimTemplates).forEach((t, i) => {
    const p = `spec.volumeClaimTemplates[${i}]`;
    const n = t.metadata?.name;
    if (str(n)) {
      if (dns1123Label(n))
        r(
          'api-statefulset',
          `${p}.metadata.name`,
          `${JSON.stringify(n)} ${dns1123Label(n)} (it names a volume of the pods)`,
          `${CORE} ValidateVolumes`,
        );
      if (claimNames.has(n)) bad(`${p}.metadata.name`, `${JSON.stringify(n)} is used by another claim template`);
      claimNames.add(n);
    }
    pvcSpec(t.spec, `${p}.spec`, r);
  });
}

function job(obj: Obj, r: Report): void {
  const bad = err('api-job', r, 'validateJobSpec', BATCH);
  const spec: Obj = obj.spec ?? {};
  const m = `${BATCH} validateJobSpec`;
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished'])
    if (!nonNegative(spec[f])) bad(`spec.${f}`, 'must be greater than or equal to 0');
  if (spec.activeDeadlineSeconds !== undefined && !positive(spec.activeDeadlineSeconds))
    bad('spec.activeDeadlineSeconds', 'must be greater than 0');
  if (spec.completionMode !== undefined && !['NonIndexed', 'Indexed'].includes(spec.completionMode))
    bad('spec.completionMode', 'must be NonIndexed or Indexed');
  if (spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null))
    bad('spec.completions', 'must be specified when completionMode is Indexed');
  if (spec.template?.spec?.restartPolicy === undefined)
    bad('spec.template.spec.restartPolicy', 'is required for a Job: OnFailure or Never');
  if (spec.manualSelector === true) workloadSelector(obj, r, m);
  else if (spec.selector !== undefined && spec.selector !== null)
    bad(
      'spec.selector',
      '`selector` will be auto-generated: remove it (or set manualSelector: true)',
      'ValidateGeneratedSelector',
    );
}

function hpa(obj: Obj, r: Report): void {
  const bad = err('api-hpa', r, 'validateScalingRules', AUTOSCALING);
  const spec: Obj = obj.spec ?? {};
  if (spec.minReplicas !== undefined && !(Number.isInteger(spec.minReplicas) && spec.minReplicas >= 1))
    bad('spec.minReplicas', 'must be greater than or equal to 1', 'validateHorizontalPodAutoscalerSpec');
  if (!(Number.isInteger(spec.maxReplicas) && spec.maxReplicas >= 1))
    bad('spec.maxReplicas', 'must be greater than 0', 'validateHorizontalPodAutoscalerSpec');
  else if (spec.maxReplicas < (spec.minReplicas ?? 1))
    bad('spec.maxReplicas', 'must be greater than or equal to `minReplicas`', 'validateHorizontalPodAutoscalerSpec');
  const ref = spec.scaleTargetRef;
  if (isObj(ref)) {
    for (const f of ['kind', 'name'] as const) {
      if (!(str(ref[f]) && ref[f]))
        bad(`spec.scaleTargetRef.${f}`, 'is required', 'ValidateCrossVersionObjectReference');
      else if (pathSegmentName(ref[f]))
        bad(`spec.scaleTargetRef.${f}`, pathSegmentName(ref[f]) as string, 'ValidateCrossVersionObjectReference');
    }
  }
  const sources: Record<string, string> = {
    Resource: 'resource',
    ContainerResource: 'containerResource',
    Pods: 'pods',
    Object: 'object',
    External: 'external',
  };
  list(spec.metrics).forEach((metric, i) => {
    const p = `spec.metrics[${i}]`;
    const field = sources[metric.type as string];
    if (!field) return void bad(`${p}.type`, `must be one of ${Object.keys(sources).join(', ')}`, 'validateMetricSpec');
    const populated = Object.values(sources).filter((f) => isObj(metric[f]));
    if (!populated.includes(field))
      return void bad(
        `${p}.${field}`,
        `must populate information for the given metric source (type ${metric.type})`,
        'validateMetricSpec',
      );
    if (populated.length > 1) bad(p, 'must populate the given metric source only', 'validateMetricSpec');
    const source = metric[field];
    if ((field === 'resource' || field === 'containerResource') && !(str(source.name) && source.name))
      bad(`${p}.${field}.name`, 'must specify a resource name', 'validateResourceSource');
    const target = source.target;
    if (!isObj(target)) return void bad(`${p}.${field}.target`, 'must specify a metric target', 'validateMetricTarget');
    if (!['Utilization', 'Value', 'AverageValue'].includes(target.type))
      bad(`${p}.${field}.target.type`, 'must be Utilization, Value or AverageValue', 'validateMetricTarget');
    if (
      target.type === 'Utilization' &&
      !(Number.isInteger(target.averageUtilization) && target.averageUtilization > 0)
    )
      bad(
        `${p}.${field}.target.averageUtilization`,
        'must be set and greater than 0 for a Utilization target',
        'validateMetricTarget',
      );
    if (target.type === 'Value' && !((quantityOf(target.value) ?? 0) > 0))
      bad(`${p}.${field}.target.value`, 'must be set and positive for a Value target', 'validateMetricTarget');
    if (target.type === 'AverageValue' && !((quantityOf(target.averageValue) ?? 0) > 0))
      bad(
        `${p}.${field}.target.averageValue`,
        'must be set and positive for an AverageValue target',
        'validateMetricTarget',
      );
    if ((field === 'resource' || field === 'containerResource') && target.type === 'Value')
      bad(
        `${p}.${field}.target.type`,
        'a resource metric target must be Utilization or AverageValue',
        'validateResourceSource',
      );
  });
  const behavior = spec.behavior;
  if (isObj(behavior))
    for (const dir of ['scaleUp', 'scaleDown'] as const) {
      const rules = behavior[dir];
      if (!isObj(rules)) continue;
      const p = `spec.behavior.${dir}`;
      const w = rules.stabilizationWindowSeconds;
      if (w !== undefined && !(Number.isInteger(w) && w >= 0 && w <= 3600))
        bad(`${p}.stabilizationWindowSeconds`, 'must be between 0 and 3600 (one hour)');
      if (rules.selectPolicy !== undefined && !['Max', 'Min', 'Disabled'].includes(rules.selectPolicy))
        bad(`${p}.selectPolicy`, 'must be Max, Min or Disabled');
      if (Array.isArray(rules.policies) && rules.policies.length === 0)
        bad(`${p}.policies`, 'must specify at least one Policy');
      list(rules.policies).forEach((pol, i) => {
        const pp = `${p}.policies[${i}]`;
        if (!['Pods', 'Percent'].includes(pol.type)) bad(`${pp}.type`, 'must be Pods or Percent');
        if (!(Number.isInteger(pol.value) && pol.value > 0)) bad(`${pp}.value`, 'must be greater than zero');
        if (!(Number.isInteger(pol.periodSeconds) && pol.periodSeconds > 0 && pol.periodSeconds <= 1800))
          bad(`${pp}.periodSeconds`, 'must be greater than zero and less than or equal to 1800 (30 minutes)');
      });
    }
}

function pdb(obj: Obj, r: Report): void {
  const bad = err('api-pdb', r, 'ValidatePodDisruptionBudgetSpec', POLICY);
  const spec: Obj = obj.spec ?? {};
  const has = (f: string) => spec[f] !== undefined && spec[f] !== null;
  if (has('minAvailable') && has('maxUnavailable'))
    bad('spec', 'minAvailable and maxUnavailable cannot be both set: keep one of them');
  for (const f of ['minAvailable', 'maxUnavailable'])
    if (has(f)) {
      const v = intOrPercent(spec[f]);
      if (v.problem) r('api-pdb', `spec.${f}`, v.problem, `${APPS} ValidatePositiveIntOrPercent`);
      if ((v.percent ?? 0) > 100)
        r('api-pdb', `spec.${f}`, 'must not be greater than 100%', `${APPS} IsNotMoreThan100Percent`);
    }
  labelSelector(spec.selector, 'spec.selector', r);
  if (
    spec.unhealthyPodEvictionPolicy !== undefined &&
    !['IfHealthyBudget', 'AlwaysAllow'].includes(spec.unhealthyPodEvictionPolicy)
  )
    bad('spec.unhealthyPodEvictionPolicy', 'must be IfHealthyBudget or AlwaysAllow');
}

/** CIDR as net.ParseCIDR reads it; returns [address bits, prefix] or undefined. */
function parseCidr(s: string): { bits: bigint; prefix: number; width: number } | undefined {
  const mm = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!mm || !isIpAddress(mm[1])) return undefined;
  const prefix = Number(mm[2]);
  const v4 = !mm[1].includes(':');
  const width = v4 ? 32 : 128;
  if (prefix > width) return undefined;
  let bits = 0n;
  if (v4) for (const part of mm[1].split('.')) bits = (bits << 8n) | BigInt(Number(part));
  else {
    const [head, tail] = mm[1].includes('::') ? mm[1].split('::') : [mm[1], undefined];
    const expand = (x: string) => (x ? x.split(':') : []);
    const h = expand(head);
    const t = tail === undefined ? [] : expand(tail);
    const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    for (const g of groups) bits = (bits << 16n) | BigInt(parseInt(g.includes('.') ? '0' : g, 16));
  }
  return { bits, prefix, width };
}

function networkPolicy(obj: Obj, r: Report): void {
  const bad = err('api-networkpolicy', r, 'ValidateNetworkPolicyPort', NETWORKING);
  const spec: Obj = obj.spec ?? {};
  labelSelector(spec.podSelector, 'spec.podSelector', r);
  const ports = (ps: unknown, p: string) =>
    list(ps).forEach((port, i) => {
      const pp = `${p}.ports[${i}]`;
      if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol))
        bad(`${pp}.protocol`, 'must be TCP, UDP or SCTP');
      if (port.port !== undefined && port.port !== null) {
        const problem = typeof port.port === 'string' ? portName(port.port) : portNumber(port.port);
        if (problem) bad(`${pp}.port`, `${JSON.stringify(port.port)}: ${problem}`);
      }
      if (port.endPort !== undefined && port.endPort !== null) {
        if (port.port === undefined || port.port === null)
          bad(`${pp}.endPort`, 'may not be specified when `port` is not specified');
        else if (typeof port.port === 'string') bad(`${pp}.endPort`, 'may not be specified when `port` is non-numeric');
        else if (port.endPort < port.port) bad(`${pp}.endPort`, 'must be greater than or equal to `port`');
      }
    });
  const peers = (ps: unknown, p: string) =>
    list(ps).forEach((peer, i) => {
      const pp = `${p}[${i}]`;
      const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => isObj(peer[k]));
      if (kinds.length === 0) bad(pp, 'must specify a peer', 'ValidateNetworkPolicyPeer');
      else if (kinds.length > 1 && kinds.includes('ipBlock'))
        bad(pp, 'may not specify both ipBlock and another peer', 'ValidateNetworkPolicyPeer');
      labelSelector(peer.podSelector, `${pp}.podSelector`, r);
      labelSelector(peer.namespaceSelector, `${pp}.namespaceSelector`, r);
      const block = peer.ipBlock;
      if (isObj(block)) {
        const cidr = str(block.cidr) ? parseCidr(block.cidr) : undefined;
        if (!cidr)
          return void bad(`${pp}.ipBlock.cidr`, `${JSON.stringify(block.cidr)} is not a valid CIDR`, 'ValidateIPBlock');
        (Array.isArray(block.except) ? block.except : []).forEach((ex: unknown, j: number) => {
          const e = str(ex) ? parseCidr(ex) : undefined;
          const ep = `${pp}.ipBlock.except[${j}]`;
          if (!e) return void bad(ep, `${JSON.stringify(ex)} is not a valid CIDR`, 'ValidateIPBlock');
          const shift = BigInt(cidr.width - cidr.prefix);
          const inside = e.width === cidr.width && e.bits >> shift === cidr.bits >> shift;
          if (!inside || e.prefix <= cidr.prefix)
            bad(ep, `${JSON.stringify(ex)} must be a strict subset of \`cidr\` ${block.cidr}`, 'ValidateIPBlock');
        });
      }
    });
  list(spec.ingress).forEach((rule, i) => {
    ports(rule.ports, `spec.ingress[${i}]`);
    peers(rule.from, `spec.ingress[${i}].from`);
  });
  list(spec.egress).forEach((rule, i) => {
    ports(rule.ports, `spec.egress[${i}]`);
    peers(rule.to, `spec.egress[${i}].to`);
  });
  const types: unknown[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  if (types.length > 2)
    bad('spec.policyTypes', 'may not specify more than two policyTypes', 'ValidateNetworkPolicySpec');
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress')
      bad(`spec.policyTypes[${i}]`, 'must be Ingress or Egress', 'ValidateNetworkPolicySpec');
  });
}

const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

function ingress(obj: Obj, r: Report): void {
  const bad = err('api-ingress', r, 'validateIngressBackend', NETWORKING);
  const spec: Obj = obj.spec ?? {};
  const classAnnotation = obj.metadata?.annotations?.['kubernetes.io/ingress.class'];
  // On create, an annotation that differs from the field is refused; the same value is accepted.
  if (
    classAnnotation !== undefined &&
    spec.ingressClassName !== undefined &&
    spec.ingressClassName !== null &&
    classAnnotation !== spec.ingressClassName
  )
    bad(
      'metadata.annotations["kubernetes.io/ingress.class"]',
      `${JSON.stringify(classAnnotation)} must match \`ingressClassName\` when both are specified (spec.ingressClassName ${JSON.stringify(spec.ingressClassName)}): remove the annotation and keep ingress.className`,
      'ValidateIngressCreate',
    );
  if (str(spec.ingressClassName) && dns1123Subdomain(spec.ingressClassName))
    bad(
      'spec.ingressClassName',
      `${JSON.stringify(spec.ingressClassName)} ${dns1123Subdomain(spec.ingressClassName)}`,
      'ValidateIngressClassName',
    );
  const rules = list(spec.rules);
  if (rules.length === 0 && !isObj(spec.defaultBackend))
    bad('spec', 'either `defaultBackend` or `rules` must be specified', 'ValidateIngressSpec');
  const backend = (b: unknown, p: string) => {
    if (!isObj(b)) return void bad(p, 'resource or service backend is required');
    if (isObj(b.resource) && isObj(b.service)) return void bad(p, 'cannot set both resource and service backends');
    if (!isObj(b.service)) return;
    const svc = b.service;
    if (!(str(svc.name) && svc.name)) bad(`${p}.service.name`, 'is required');
    else if (dns1035Label(svc.name)) bad(`${p}.service.name`, `${JSON.stringify(svc.name)} ${dns1035Label(svc.name)}`);
    const name = svc.port?.name;
    const number = svc.port?.number;
    if (name && number) bad(`${p}.service.port`, 'cannot set both port name & port number');
    else if (name) {
      if (portName(name)) bad(`${p}.service.port.name`, `${JSON.stringify(name)} ${portName(name)}`);
    } else if (number) {
      if (portNumber(number)) bad(`${p}.service.port.number`, portNumber(number) as string);
    } else bad(`${p}.service.port`, 'port name or number is required');
  };
  if (isObj(spec.defaultBackend)) backend(spec.defaultBackend, 'spec.defaultBackend');
  rules.forEach((rule, i) => {
    const p = `spec.rules[${i}]`;
    if (str(rule.host) && rule.host) {
      if (isIpAddress(rule.host))
        bad(`${p}.host`, `${JSON.stringify(rule.host)} must be a DNS name, not an IP address`, 'validateIngressRules');
      else {
        const hp = rule.host.includes('*') ? wildcardDns1123Subdomain(rule.host) : dns1123Subdomain(rule.host);
        if (hp) bad(`${p}.host`, `${JSON.stringify(rule.host)}: ${hp}`, 'validateIngressRules');
      }
    }
    if (!isObj(rule.http)) return;
    const paths = list(rule.http.paths);
    if (paths.length === 0) bad(`${p}.http.paths`, 'is required', 'validateHTTPIngressRuleValue');
    paths.forEach((hp, j) => {
      const pp = `${p}.http.paths[${j}]`;
      if (hp.pathType === undefined) bad(`${pp}.pathType`, 'pathType must be specified', 'validateHTTPIngressPath');
      else if (hp.pathType === 'Exact' || hp.pathType === 'Prefix') {
        const path = str(hp.path) ? hp.path : '';
        if (!path.startsWith('/'))
          bad(`${pp}.path`, `${JSON.stringify(path)} must be an absolute path`, 'validateHTTPIngressPath');
        for (const seq of INVALID_PATH_SEQUENCES)
          if (path.includes(seq)) bad(`${pp}.path`, `must not contain '${seq}'`, 'validateHTTPIngressPath');
        for (const suffix of INVALID_PATH_SUFFIXES)
          if (path.endsWith(suffix)) bad(`${pp}.path`, `cannot end with '${suffix}'`, 'validateHTTPIngressPath');
      } else if (hp.pathType === 'ImplementationSpecific') {
        if (str(hp.path) && hp.path && !hp.path.startsWith('/'))
          bad(`${pp}.path`, `${JSON.stringify(hp.path)} must be an absolute path`, 'validateHTTPIngressPath');
      } else bad(`${pp}.pathType`, 'must be Exact, Prefix or ImplementationSpecific', 'validateHTTPIngressPath');
      backend(hp.backend, `${pp}.backend`);
    });
  });
  list(spec.tls).forEach((tls, i) => {
    (Array.isArray(tls.hosts) ? tls.hosts : []).forEach((h: unknown, j: number) => {
      if (!str(h)) return;
      const hp = h.includes('*') ? wildcardDns1123Subdomain(h) : dns1123Subdomain(h);
      if (hp) bad(`spec.tls[${i}].hosts[${j}]`, `${JSON.stringify(h)}: ${hp}`, 'validateIngressTLS');
    });
    if (str(tls.secretName) && tls.secretName && dns1123Subdomain(tls.secretName))
      bad(
        `spec.tls[${i}].secretName`,
        `${JSON.stringify(tls.secretName)} ${dns1123Subdomain(tls.secretName)}`,
        'validateIngressTLS',
      );
  });
}

function service(obj: Obj, r: Report): void {
  const bad = err('api-service', r, 'ValidateService');
  const spec: Obj = obj.spec ?? {};
  const ports = list(spec.ports);
  const type = spec.type ?? 'ClusterIP';
  if (type !== 'ExternalName' && ports.length === 0 && spec.clusterIP !== 'None')
    bad('spec.ports', 'is required (a Service that is not headless needs at least one port)');
  const names = new Set<string>();
  const portProto = new Set<string>();
  ports.forEach((port, i) => {
    const p = `spec.ports[${i}]`;
    if (ports.length > 1 && !(str(port.name) && port.name))
      bad(`${p}.name`, 'is required when a Service has more than one port', 'validateServicePort');
    if (str(port.name) && port.name) {
      if (dns1123Label(port.name))
        bad(`${p}.name`, `${JSON.stringify(port.name)} ${dns1123Label(port.name)}`, 'validateServicePort');
      if (names.has(port.name))
        bad(`${p}.name`, `${JSON.stringify(port.name)} is used by another port`, 'validateServicePort');
      names.add(port.name);
    }
    if (portNumber(port.port)) bad(`${p}.port`, portNumber(port.port) as string, 'validateServicePort');
    if (port.targetPort !== undefined && port.targetPort !== 0) {
      const tp = portNumOrName(port.targetPort);
      if (tp) bad(`${p}.targetPort`, `${JSON.stringify(port.targetPort)}: ${tp}`, 'validateServicePort');
    }
    if (port.nodePort !== undefined && type !== 'NodePort' && type !== 'LoadBalancer')
      bad(`${p}.nodePort`, 'may not be used when `type` is ' + type);
    const pp = `${port.port}/${port.protocol ?? 'TCP'}`;
    if (portProto.has(pp)) bad(`${p}`, `port ${pp} is used by another port of this Service`);
    portProto.add(pp);
  });
  if (isObj(spec.selector))
    for (const [k, v] of Object.entries(spec.selector)) {
      const problem = qualifiedName(k) ?? (str(v) ? labelValue(v) : undefined);
      if (problem) r('api-service', joinKey('spec.selector', k), problem, `${META_V1} ValidateLabels`);
    }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0 && timeout <= 86400))
    bad(
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
      'must be greater than 0 and at most 86400 (one day)',
      'validateClientIPAffinityConfig',
    );
  if (isObj(spec.sessionAffinityConfig) && spec.sessionAffinity !== 'ClientIP')
    bad('spec.sessionAffinityConfig', 'must not be set when `sessionAffinity` is not ClientIP');
  if (spec.externalTrafficPolicy !== undefined && type !== 'NodePort' && type !== 'LoadBalancer')
    bad(
      'spec.externalTrafficPolicy',
      `may only be set when \`type\` is NodePort or LoadBalancer, not ${type}`,
      'validateServiceExternalTrafficPolicy',
    );
  if (Array.isArray(spec.loadBalancerSourceRanges) && type !== 'LoadBalancer')
    bad('spec.loadBalancerSourceRanges', 'may only be used when `type` is LoadBalancer');
}

function pvcSpec(spec: unknown, path: string, r: Report): void {
  const bad = err('api-pvc', r, 'ValidatePersistentVolumeClaimSpec');
  if (!isObj(spec)) return;
  const modes: unknown[] = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0) bad(`${path}.accessModes`, 'at least 1 access mode is required');
  modes.forEach((mode, i) => {
    if (!['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'].includes(mode as string))
      bad(
        `${path}.accessModes[${i}]`,
        `must be ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod, got ${JSON.stringify(mode)}`,
      );
  });
  if (modes.includes('ReadWriteOncePod') && modes.length > 1)
    bad(`${path}.accessModes`, 'may not use ReadWriteOncePod with other access modes');
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) bad(`${path}.resources.requests.storage`, 'is required');
  else if (!((quantityOf(storage) ?? 1) > 0)) bad(`${path}.resources.requests.storage`, 'must be greater than zero');
  if (str(spec.storageClassName) && spec.storageClassName !== '' && dns1123Subdomain(spec.storageClassName))
    bad(
      `${path}.storageClassName`,
      `${JSON.stringify(spec.storageClassName)} ${dns1123Subdomain(spec.storageClassName)} (a StorageClass name)`,
      'ValidateClassName',
    );
  if (spec.volumeMode !== undefined && !['Filesystem', 'Block'].includes(spec.volumeMode))
    bad(`${path}.volumeMode`, 'must be Filesystem or Block');
  labelSelector(spec.selector, `${path}.selector`, r);
}

/** ValidateConfigMap / ValidateSecret: keys, total size, type-specific keys. */
function configData(obj: Obj, r: Report): void {
  const isSecret = obj.kind === 'Secret';
  const m = `${CORE} ${isSecret ? 'ValidateSecret' : 'ValidateConfigMap'}`;
  let total = 0;
  const keys = new Set<string>();
  for (const field of isSecret ? ['data', 'stringData'] : ['data', 'binaryData']) {
    const map = obj[field];
    if (!isObj(map)) continue;
    for (const [k, v] of Object.entries(map)) {
      const kp = configMapKey(k);
      if (kp) r('api-config-data', joinKey(field, k), `${JSON.stringify(k)}: ${kp}`, m);
      if (!isSecret && keys.has(k)) r('api-config-data', joinKey(field, k), 'duplicate of key present in data', m);
      keys.add(k);
      // data of a Secret and binaryData are base64 text: the stored bytes are 3/4 of it.
      const text = typeof v === 'string' ? v : '';
      total +=
        field === 'data' && isSecret
          ? Math.floor((text.length * 3) / 4)
          : field === 'binaryData'
            ? Math.floor((text.length * 3) / 4)
            : Buffer.byteLength(text);
    }
  }
  if (total > MAX_SECRET_SIZE)
    r(
      'api-config-data',
      isSecret ? 'data' : 'data',
      `holds about ${total} bytes; a ${obj.kind} may hold at most ${MAX_SECRET_SIZE} (1 MiB)`,
      m,
    );
  if (isSecret && obj.type === 'kubernetes.io/tls')
    for (const k of ['tls.crt', 'tls.key'])
      if (!keys.has(k))
        r('api-config-data', joinKey('data', k), `is required for a Secret of type kubernetes.io/tls`, m);
}

function rbac(obj: Obj, r: Report): void {
  const bad = err('api-rbac', r, 'ValidateRoleBindingSubject', RBAC);
  if (obj.kind === 'Role' || obj.kind === 'ClusterRole') {
    list(obj.rules).forEach((rule, i) => {
      const p = `rules[${i}]`;
      const verbs: unknown[] = Array.isArray(rule.verbs) ? rule.verbs : [];
      if (verbs.length === 0) bad(`${p}.verbs`, 'verbs must contain at least one value', 'ValidatePolicyRule');
      const urls: unknown[] = Array.isArray(rule.nonResourceURLs) ? rule.nonResourceURLs : [];
      if (urls.length && obj.kind === 'Role')
        bad(`${p}.nonResourceURLs`, 'namespaced rules cannot apply to non-resource URLs', 'ValidatePolicyRule');
      if (urls.length === 0) {
        if (!Array.isArray(rule.apiGroups) || rule.apiGroups.length === 0)
          bad(`${p}.apiGroups`, 'resource rules must supply at least one api group', 'ValidatePolicyRule');
        if (!Array.isArray(rule.resources) || rule.resources.length === 0)
          bad(`${p}.resources`, 'resource rules must supply at least one resource', 'ValidatePolicyRule');
      }
    });
    return;
  }
  const ref = obj.roleRef;
  if (!isObj(ref)) return;
  if (ref.apiGroup !== 'rbac.authorization.k8s.io')
    bad('roleRef.apiGroup', 'must be rbac.authorization.k8s.io', 'ValidateRoleBinding');
  const kinds = obj.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) bad('roleRef.kind', `must be ${kinds.join(' or ')}`, 'ValidateRoleBinding');
  if (!(str(ref.name) && ref.name)) bad('roleRef.name', 'is required', 'ValidateRoleBinding');
  else if (pathSegmentName(ref.name)) bad('roleRef.name', pathSegmentName(ref.name) as string, 'ValidateRoleBinding');
  list(obj.subjects).forEach((s, i) => {
    const p = `subjects[${i}]`;
    if (!(str(s.name) && s.name)) return void bad(`${p}.name`, 'is required');
    if (s.kind === 'ServiceAccount') {
      if (dns1123Subdomain(s.name)) bad(`${p}.name`, `${JSON.stringify(s.name)} ${dns1123Subdomain(s.name)}`);
      if (s.apiGroup !== undefined && s.apiGroup !== '') bad(`${p}.apiGroup`, 'must be "" for a ServiceAccount');
      if (str(s.namespace) && s.namespace && dns1123Label(s.namespace))
        bad(`${p}.namespace`, dns1123Label(s.namespace) as string);
    } else if (s.kind === 'User' || s.kind === 'Group') {
      if (s.apiGroup !== 'rbac.authorization.k8s.io') bad(`${p}.apiGroup`, 'must be rbac.authorization.k8s.io');
    } else bad(`${p}.kind`, 'must be ServiceAccount, User or Group');
  });
}

/** Every API-server finding for one object. */
/**
 * At least as many bytes as `JSON.stringify(v)` has in UTF-8: a string at most 6 bytes per UTF-16
 * unit (`\uXXXX`) and its quotes, a number at most 25 characters (`-0.0000012345678901234567`:
 * sign, `0.`, five zeros and 17 digits, ECMA-262 Number::toString for 1e-6 <= |x| < 1e-5; the
 * longest exponent form, `-1.7976931348623157e+308`, is 24),
 * a key as a string plus its colon, a comma per item. Infinity for what is not plain data (a class
 * instance or anything with `toJSON`, a function, a bigint) or nested deeper than 500 levels: then
 * the object is serialized to be measured.
 */
export function jsonBytesAtMost(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return 2 + 6 * v.length;
    case 'number':
      return 25;
    case 'boolean':
      return 5;
    case 'undefined':
      return 4; // `null` in a list; a map leaves the key out
    case 'object':
      break;
    default:
      return Infinity;
  }
  if (v === null) return 4;
  if (depth > 500) return Infinity;
  let n = 2;
  if (Array.isArray(v)) {
    for (const x of v) n += 1 + jsonBytesAtMost(x, depth + 1);
    return n;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return Infinity;
  for (const k of Object.keys(v)) n += 4 + 6 * k.length + jsonBytesAtMost((v as Obj)[k], depth + 1);
  return n;
}

export function apiServerFindings(obj: Obj): ApiServerFinding[] {
  const out: ApiServerFinding[] = [];
  if (!isObj(obj)) return out;
  const r: Report = (rule, path, message, mirrors) => out.push({ rule, path, message, mirrors });
  objectMeta(obj, r);
  // Serialized only when even a cheap upper bound of its size is over the limit.
  const json = jsonBytesAtMost(obj, 0) > MAX_OBJECT_BYTES ? JSON.stringify(obj) : '';
  // A UTF-16 code unit is at most 3 bytes of UTF-8: only a long text needs counting.
  const size = json.length * 3 <= MAX_OBJECT_BYTES ? json.length : Buffer.byteLength(json);
  if (size > MAX_OBJECT_BYTES)
    r(
      'api-object-size',
      '',
      `is ${size} bytes as JSON; the API server's etcd stores at most ${MAX_OBJECT_BYTES} bytes (1.5 MiB) per object ("request is too large")`,
      'etcd --max-request-bytes (default 1.5 MiB)',
    );
  switch (obj.kind) {
    case 'Deployment':
      deployment(obj, r);
      break;
    case 'StatefulSet':
      statefulSet(obj, r);
      break;
    case 'Job':
      job(obj, r);
      break;
    case 'HorizontalPodAutoscaler':
      hpa(obj, r);
      break;
    case 'PodDisruptionBudget':
      pdb(obj, r);
      break;
    case 'NetworkPolicy':
      networkPolicy(obj, r);
      break;
    case 'Ingress':
      ingress(obj, r);
      break;
    case 'Service':
      service(obj, r);
      break;
    case 'PersistentVolumeClaim':
      pvcSpec(obj.spec, 'spec', r);
      break;
    case 'ConfigMap':
    case 'Secret':
      configData(obj, r);
      break;
    case 'Role':
    case 'ClusterRole':
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      rbac(obj, r);
      break;
    default:
      break;
  }
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'].includes(obj.kind))
    podTemplate(obj, r);
  return out;
}
