/**
 * Converts the values of the official Open WebUI Helm chart (16.x) into values of this project.
 * Pure: values in, values and a report out. Which official key goes where is `HELM_MAPPING`
 * (helm-mapping.ts); this file decides the values, reading what the official chart's templates do
 * with each key (`open-webui/helm-charts@a6305e7 charts/open-webui/templates/`).
 */
import { managedEnv } from '../model/env';
import { connectionBudget } from '../model/processes';
import { valuesSchema } from '../values/schema';
import { HELM_MAPPING, helmDefaults, helmRow, HelmKeyRow } from './helm-mapping';

type Obj = Record<string, unknown>;

/** One line of the report. */
export interface ImportLine {
  /** The official key (`extraEnvVars.NAME` for one variable). */
  readonly from: string;
  /** Keys here it went to; empty when not mapped. */
  readonly to: readonly string[];
  /** Why it is not mapped, or what was not carried as written. */
  readonly why?: string;
  /** Not set in the input: the official chart's default acts. */
  readonly byDefault?: boolean;
}

/** A multi-replica requirement (`docs/open-webui-scaling.md`) and whether the official values met it. */
export interface ScalingItem {
  /** Requirement number in the checklist. */
  readonly requirement: number;
  readonly met: boolean;
  /** What the official values did, and what this project does or needs for more than one replica. */
  readonly text: string;
}

export interface ImportResult {
  /** Values for this project (an environment file, layered on values/common.yaml). */
  readonly values: Obj;
  readonly mapped: ImportLine[];
  readonly unmapped: ImportLine[];
  /** Keys the input sets to an empty or off value: nothing to carry. */
  readonly inert: string[];
  /** What to do by hand before deploying (besides the Secrets, which validation lists from the model). */
  readonly todo: string[];
  readonly scaling: ScalingItem[];
  /** The result runs one replica because the official values were safe only for one. */
  readonly oneReplica: boolean;
  /** Replicas the official values asked for. */
  readonly requestedReplicas: number;
}

/** Name of the app Secret the imported values read (the official chart has none: it sets no WEBUI_SECRET_KEY). */
export const IMPORTED_APP_SECRET = 'open-webui-secrets';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const inert = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === '' ||
  v === false ||
  (Array.isArray(v) && v.length === 0) ||
  (isObj(v) && Object.keys(v).length === 0);

/** Helm's merge of a values file over the chart defaults: maps merge, everything else replaces. */
function merge(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over === undefined ? base : over;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

function get(o: unknown, dotted: string): unknown {
  let node = o;
  for (const p of dotted.split('.')) {
    if (!isObj(node)) return undefined;
    node = node[p];
  }
  return node;
}

function put(o: Obj, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = o;
  for (const p of parts.slice(0, -1)) {
    if (!isObj(node[p])) node[p] = {};
    node = node[p] as Obj;
  }
  node[parts[parts.length - 1]] = value;
}

/** Leaf keys of the input: a key with a row of its own is a leaf, whatever its value. */
function inputLeaves(o: Obj, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    const dotted = prefix ? `${prefix}.${k}` : k;
    const row = helmRow(dotted);
    if (row && (row.from === dotted || row.from.endsWith('.*'))) out.push(dotted);
    else if (isObj(v) && Object.keys(v).length > 0 && HELM_MAPPING.some((r) => r.from.startsWith(`${dotted}.`)))
      out.push(...inputLeaves(v, dotted));
    else out.push(dotted);
  }
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A comma-separated list as the official chart passes it (OAUTH_ALLOWED_ROLES), as a list. */
const commaList = (v: unknown): string[] =>
  str(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Names that hold credentials: their plaintext values are never written. */
const CREDENTIAL_NAME = /(KEY|SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIALS?)(_|$)/i;

/** An environment variable as the official chart accepts it (a list of EnvVar, or a map name -> value). */
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Obj;
}

function envList(v: unknown): EnvVar[] {
  if (isObj(v))
    return Object.entries(v).map(([name, val]) =>
      isObj(val)
        ? { name, ...(isObj(val.valueFrom) ? { valueFrom: val.valueFrom } : { valueFrom: val }) }
        : { name, value: str(val) },
    );
  return list(v)
    .filter(isObj)
    .map((e) => ({
      name: str(e.name),
      ...(e.value !== undefined ? { value: str(e.value) } : {}),
      ...(isObj(e.valueFrom) ? { valueFrom: e.valueFrom } : {}),
    }));
}

const secretRefOf = (e: EnvVar | undefined): { name: string; key: string } | undefined => {
  const ref = e?.valueFrom?.secretKeyRef;
  return isObj(ref) && typeof ref.name === 'string' && typeof ref.key === 'string'
    ? { name: ref.name, key: ref.key }
    : undefined;
};

/** Helm expressions an extraResources object may use, and the placeholder each becomes here. */
const TEMPLATES: readonly [RegExp, string][] = [
  [/\{\{-?\s*\.Release\.Namespace\s*-?\}\}/g, '{{ namespace }}'],
  [/\{\{-?\s*\.Release\.Name\s*-?\}\}/g, '{{ releaseName }}'],
  [/\{\{-?\s*include\s+"open-webui\.fullname"\s+[.$]\s*-?\}\}/g, '{{ fullname }}'],
  [/\{\{-?\s*include\s+"open-webui\.namespace"\s+[.$]\s*-?\}\}/g, '{{ namespace }}'],
];
const PLACEHOLDERS = new Set(['{{ namespace }}', '{{ releaseName }}', '{{ fullname }}']);

/** The object with Helm expressions replaced by placeholders, or the first expression that has none. */
function detemplate(obj: unknown): { value: unknown; left?: string } {
  let left: string | undefined;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let s = v;
      for (const [re, to] of TEMPLATES) s = s.replace(re, to);
      const other = (s.match(/\{\{.*?\}\}/g) ?? []).find((t) => !PLACEHOLDERS.has(t));
      if (other && !left) left = other;
      return s;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const value = walk(obj);
  return { value, ...(left ? { left } : {}) };
}

/** Default key names of the client secrets in the app Secret (secrets.keys.<entry> defaults). */
const SECRET_KEY_NAME = {
  google: 'GOOGLE_CLIENT_SECRET',
  microsoft: 'MICROSOFT_CLIENT_SECRET',
  github: 'GITHUB_CLIENT_SECRET',
  oidc: 'OAUTH_CLIENT_SECRET',
} as const;

/** Stands for the Pipelines subchart's Service while the connections are worked out (never written). */
const PIPELINES_URL = 'pipelines:';

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

/**
 * The official chart sets no database pool, and values/common.yaml's (15 + 20 per process) may not
 * fit PostgreSQL's default max_connections: the largest pool that does, counted by the model's own
 * connection budget (the database-connection-budget rule), or undefined when the default fits (or
 * nothing does, which validation then reports).
 */
function fitPool(out: Obj): { size: number; maxOverflow: number } | undefined {
  for (let total = 35; total >= 2; total--) {
    const size = Math.min(15, Math.ceil(total / 2));
    const pool = { size, maxOverflow: total - size };
    const candidate = structuredClone(out);
    put(candidate, 'database.pool', pool);
    const parsed = valuesSchema.safeParse(candidate);
    if (!parsed.success) return undefined;
    const b = connectionBudget(parsed.data);
    if (b.worstCase <= b.maxConnections) return total === 35 ? undefined : pool;
  }
  return undefined;
}

/** Converts official chart values (as written in a values file) into values of this project. */
export function convertHelmValues(input: Obj): ImportResult {
  const e = merge(helmDefaults(), input) as Obj;
  const out: Obj = {};
  const extra: ImportLine[] = [];
  /** Rows whose line the conversion changed: a different note, or not mapped after all. */
  const override = new Map<string, { why: string; unmapped?: boolean; to?: string[]; hide?: boolean }>();
  const todo: string[] = [];
  const setIn = (key: string) => get(input, key) !== undefined;
  const val = (key: string) => get(e, key);
  /** Writes a 1:1 key when the input sets a value that is not empty. */
  const carry = (from: string, to: string, f: (v: unknown) => unknown = (v) => v) => {
    const v = get(input, from);
    if (!inert(v)) put(out, to, f(v));
  };

  // Names, image, scheduling, pod settings: one key each.
  carry('nameOverride', 'nameOverride');
  carry('fullnameOverride', 'fullnameOverride');
  carry('namespaceOverride', 'namespace.name');
  carry('image.repository', 'image.repository');
  carry('image.pullPolicy', 'image.pullPolicy');
  if (!inert(val('image.tag'))) put(out, 'image.tag', str(val('image.tag')));
  else if (val('image.useSlim') === true) put(out, 'image.tag', '0.11.0-slim');
  carry('imagePullSecrets', 'imagePullSecrets', (v) => list(v).map((s) => (isObj(s) ? str(s.name) : str(s))));
  for (const k of [
    'podAnnotations',
    'podLabels',
    'priorityClassName',
    'nodeSelector',
    'tolerations',
    'affinity',
    'hostAliases',
    'runtimeClassName',
    'command',
    'args',
    'extraEnvFrom',
    'extraInitContainers',
    'podSecurityContext',
  ])
    carry(k, k);
  carry('extraLabels', 'commonLabels');
  carry('volumes', 'extraVolumes');
  carry('volumeMounts.container', 'extraVolumeMounts');
  carry('containerSecurityContext', 'securityContext');
  if (val('serviceAccount.enable') === false || val('serviceAccount.create') === false)
    put(out, 'serviceAccount.create', false);
  carry('serviceAccount.name', 'serviceAccount.name');
  carry('serviceAccount.annotations', 'serviceAccount.annotations');

  // Probes: HTTP probes are typed here.
  for (const [from, to] of [
    ['livenessProbe', 'liveness'],
    ['readinessProbe', 'readiness'],
    ['startupProbe', 'startup'],
  ] as const) {
    const p = get(input, from);
    if (!isObj(p) || inert(p)) continue;
    const http = isObj(p.httpGet) ? p.httpGet : undefined;
    if (!http) {
      override.set(from, {
        unmapped: true,
        why: `Only HTTP probes are typed here (probes.${to}: path, delays, thresholds); this one is ${Object.keys(p).find((k) => /^(exec|tcpSocket|grpc)$/.test(k)) ?? 'not an HTTP probe'}, so probes.${to} keeps its default.`,
      });
      continue;
    }
    if (typeof http.path === 'string') put(out, `probes.${to}.path`, http.path);
    for (const f of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'])
      if (typeof p[f] === 'number') put(out, `probes.${to}.${f}`, p[f]);
  }

  // Resources: cpu, memory, ephemeral-storage.
  const res = get(input, 'resources');
  if (isObj(res)) {
    const dropped: string[] = [];
    for (const side of ['requests', 'limits']) {
      const r = res[side];
      if (!isObj(r)) continue;
      for (const [k, v] of Object.entries(r)) {
        if (['cpu', 'memory', 'ephemeral-storage'].includes(k)) put(out, `resources.${side}.${k}`, str(v));
        else if (!inert(v) && v !== '0' && v !== 0) dropped.push(`resources.${side}.${k}`);
      }
    }
    if (dropped.length)
      override.set('resources', {
        why: `${dropped.join(', ')} not carried: extended resources (GPUs) have no key here.`,
      });
  }

  // This project requires CPU and memory requests and a memory limit; the official chart renders none by default.
  const filled: string[] = [];
  const reqMem = get(out, 'resources.requests.memory');
  const limMem = get(out, 'resources.limits.memory');
  const fill = (key: string, v: string) => {
    if (get(out, key) !== undefined) return;
    put(out, key, v);
    filled.push(`${key}: ${v}`);
  };
  fill('resources.requests.cpu', '500m');
  fill('resources.requests.memory', str(limMem) || '1Gi');
  fill('resources.limits.memory', str(reqMem) || '2Gi');
  if (filled.length)
    todo.push(
      `Review the resources: the official values set no ${filled.map((f) => f.split(':')[0]).join(', ')}, which this project requires; this file sets ${filled.join(', ')} (values/aws.yaml's sizing).`,
    );

  // Service.
  carry('service.type', 'service.type');
  carry('service.port', 'service.port', (v) => Number(v));
  carry('service.nodePort', 'service.nodePort', (v) => Number(v));
  for (const k of ['labels', 'annotations', 'loadBalancerClass', 'appProtocol']) carry(`service.${k}`, `service.${k}`);
  if (Number(val('service.containerPort')) !== 8080)
    override.set('service.containerPort', {
      unmapped: true,
      why: `Open WebUI listens on 8080 here; the official values made it listen on ${str(val('service.containerPort'))}. Nothing outside the pod sees the difference: the Service targets the port named http.`,
    });

  // Ingress (templates/ingress.yaml).
  if (val('ingress.enabled') === true) {
    const annotations = isObj(val('ingress.annotations')) ? (val('ingress.annotations') as Obj) : {};
    const klass = str(val('ingress.class')) || str(annotations['kubernetes.io/ingress.class']);
    const controller = /^alb$/.test(klass)
      ? 'alb'
      : /^gce(-internal)?$/.test(klass)
        ? 'gce'
        : /^traefik/.test(klass)
          ? 'traefik'
          : 'nginx';
    put(out, 'ingress.enabled', true);
    put(out, 'ingress.controller', controller);
    if (controller === 'gce' && klass === 'gce-internal') put(out, 'ingress.gce.internal', true);
    if (str(val('ingress.class')) && controller !== 'gce') put(out, 'ingress.className', str(val('ingress.class')));
    const hosts = [str(val('ingress.host')), ...list(val('ingress.additionalHosts')).map(str)].filter(Boolean);
    if (hosts.length)
      put(
        out,
        'ingress.hosts',
        hosts.map((host) => ({ host })),
      );
    if (val('ingress.tls') === true) {
      const secretName = str(val('ingress.existingSecret')) || 'open-webui-tls';
      put(out, 'ingress.tls', [{ secretName, hosts }]);
      if (!str(val('ingress.existingSecret')))
        todo.push(
          `The official chart named the Ingress TLS Secret <fullname>-tls; this file names it ${secretName} (ingress.tls[0].secretName): rename one of them.`,
        );
    }
    const kept: Obj = {};
    const dropped: string[] = [];
    for (const [k, v] of Object.entries(annotations)) {
      if (k === 'kubernetes.io/ingress.class') continue;
      if (k.startsWith('nginx.ingress.kubernetes.io/') && controller !== 'nginx') dropped.push(k);
      else kept[k] = v;
    }
    if (Object.keys(kept).length) put(out, 'ingress.annotations', kept);
    // GKE terminates TLS with a ManagedCertificate while ingress.tls stays false (values-gke-min.yaml):
    // users type https, although the official chart derives an http WEBUI_URL.
    if (
      controller === 'gce' &&
      kept['networking.gke.io/managed-certificates'] &&
      val('ingress.tls') !== true &&
      hosts[0]
    ) {
      put(out, 'publicUrl', `https://${hosts[0]}`);
      extra.push({
        from: 'ingress.annotations.networking.gke.io/managed-certificates',
        to: ['publicUrl'],
        why: `The load balancer serves https with the managed certificate, so users type https://${hosts[0]} (the official chart derived http:// from ingress.tls: false).`,
      });
    }
    if (dropped.length)
      override.set('ingress.annotations', {
        why: `Not carried: ${dropped.join(', ')} (the ${controller} controller ignores ingress-nginx annotations)${annotations['kubernetes.io/ingress.class'] ? '; kubernetes.io/ingress.class became ingress.controller' : ''}.`,
      });
  } else if (setIn('ingress.enabled')) put(out, 'ingress.enabled', false);

  // Persistence and object storage.
  if (val('persistence.enabled') === false) put(out, 'persistence.enabled', false);
  carry('persistence.size', 'persistence.size', str);
  carry('persistence.existingClaim', 'persistence.existingClaim');
  carry('persistence.storageClass', 'persistence.storageClass');
  carry('persistence.annotations', 'persistence.annotations');
  const accessModes = list(val('persistence.accessModes')).map(str);
  put(out, 'persistence.accessModes', accessModes.length ? accessModes : ['ReadWriteOnce']);
  const provider = str(val('persistence.provider')) || 'local';
  // The official chart's claim is named after the release (_helpers.tpl:24-35, pvc.yaml); a new
  // claim here starts empty.
  if (val('persistence.enabled') === true && provider === 'local' && !str(val('persistence.existingClaim')))
    todo.push(
      `The official chart keeps the data (the SQLite database, uploads) on a claim named ${str(val('fullnameOverride')) || '<release>-open-webui (the release name alone when it contains "open-webui")'}; this file renders a new, empty claim. To keep the data, set persistence.existingClaim to that claim (in the same namespace) and declare its access modes.`,
    );
  if (provider !== 'local') put(out, 'storage.provider', provider);
  if (provider === 's3') {
    carry('persistence.s3.bucket', 'storage.s3.bucketName');
    carry('persistence.s3.region', 'storage.s3.regionName');
    carry('persistence.s3.endpointUrl', 'storage.s3.endpointUrl');
    carry('persistence.s3.keyPrefix', 'storage.s3.keyPrefix');
    const akSecret = str(val('persistence.s3.accessKeyExistingSecret'));
    const skSecret = str(val('persistence.s3.secretKeyExistingSecret'));
    const plain = !inert(val('persistence.s3.accessKey')) || !inert(val('persistence.s3.secretKey'));
    if (akSecret || skSecret || plain) {
      put(out, 'storage.s3.credentialsFromSecret', true);
      if (akSecret && skSecret && akSecret !== skSecret) {
        for (const k of ['persistence.s3.accessKeyExistingSecret', 'persistence.s3.secretKeyExistingSecret'])
          override.set(k, {
            unmapped: true,
            why: `The access key (${akSecret}) and the secret key (${skSecret}) are in two Secrets; here one Secret holds both (storage.s3.existingSecret): copy both keys into one Secret and name it there.`,
          });
      } else if (akSecret || skSecret) put(out, 'storage.s3.existingSecret', akSecret || skSecret);
      carry('persistence.s3.accessKeyExistingAccessKey', 'secrets.keys.s3AccessKeyId');
      carry('persistence.s3.secretKeyExistingSecretKey', 'secrets.keys.s3SecretAccessKey');
    }
  } else if (provider === 'gcs') {
    carry('persistence.gcs.bucket', 'storage.gcs.bucketName');
    if (
      !inert(val('persistence.gcs.appCredentialsJson')) ||
      !inert(val('persistence.gcs.appCredentialsJsonExistingSecret'))
    ) {
      put(out, 'storage.gcs.credentialsFromSecret', true);
      carry('persistence.gcs.appCredentialsJsonExistingSecret', 'storage.gcs.existingSecret');
      carry('persistence.gcs.appCredentialsJsonExistingSecretKey', 'secrets.keys.gcsCredentialsJson');
    }
  } else if (provider === 'azure') {
    carry('persistence.azure.endpointUrl', 'storage.azure.endpoint');
    carry('persistence.azure.container', 'storage.azure.containerName');
    if (!inert(val('persistence.azure.key')) || !inert(val('persistence.azure.keyExistingSecret'))) {
      put(out, 'storage.azure.credentialsFromSecret', true);
      carry('persistence.azure.keyExistingSecret', 'storage.azure.existingSecret');
      carry('persistence.azure.keyExistingSecretKey', 'secrets.keys.azureStorageKey');
    }
  }

  // Environment variables: the managed ones become typed keys.
  const env = [...envList(val('extraEnvVars')), ...envList(val('commonEnvVars'))];
  const envNamed = (name: string) => env.find((x) => x.name === name);
  const envDone = new Set<string>();
  const envLine = (name: string, to: string[], why?: string) => {
    envDone.add(name);
    extra.push({ from: `extraEnvVars.${name}`, to, ...(why ? { why } : {}) });
  };

  // Secrets: the app Secret. WEBUI_SECRET_KEY from a Secret names it.
  const secretKeyRef = secretRefOf(envNamed('WEBUI_SECRET_KEY'));
  const appSecret = secretKeyRef?.name ?? IMPORTED_APP_SECRET;
  put(out, 'secrets.source', 'existingSecret');
  put(out, 'secrets.existingSecret', appSecret);
  if (secretKeyRef) {
    if (secretKeyRef.key !== 'WEBUI_SECRET_KEY') put(out, 'secrets.keys.secretKey', secretKeyRef.key);
    envLine('WEBUI_SECRET_KEY', ['secrets.existingSecret', 'secrets.keys.secretKey']);
  } else if (envNamed('WEBUI_SECRET_KEY'))
    envLine(
      'WEBUI_SECRET_KEY',
      ['secrets.keys.secretKey'],
      `The plaintext value is not written: store it in ${appSecret} under WEBUI_SECRET_KEY.`,
    );

  // Database (workload-manager.yaml:329-332): databaseUrl, or DATABASE_URL in extraEnvVars.
  const dbEnv = envNamed('DATABASE_URL');
  const dbRef = secretRefOf(dbEnv);
  const dbUrl = str(val('databaseUrl')) || str(dbEnv?.value);
  let postgres = false;
  if (dbRef) {
    postgres = true; // a URL kept in a Secret: PostgreSQL (SQLite needs no secret)
    put(out, 'database.existingSecret', dbRef.name);
    if (dbRef.key !== 'DATABASE_URL') put(out, 'secrets.keys.databaseUrl', dbRef.key);
    envLine('DATABASE_URL', ['database.existingSecret', 'secrets.keys.databaseUrl']);
  } else if (/^postgres(ql)?(\+\w+)?:\/\//.test(dbUrl)) {
    postgres = true;
    todo.push(
      `Store the PostgreSQL URL (${dbEnv ? 'DATABASE_URL in extraEnvVars' : 'databaseUrl'}) in ${appSecret} under DATABASE_URL: it holds a password, so it is not written here.`,
    );
    if (dbEnv)
      envLine(
        'DATABASE_URL',
        ['database.type', 'secrets.keys.databaseUrl'],
        'The URL is not written: see the to-do list.',
      );
  } else if (dbUrl && !/^sqlite/.test(dbUrl)) {
    override.set('databaseUrl', {
      unmapped: true,
      why: `Only PostgreSQL and SQLite are supported here; ${dbUrl.split(':')[0]} is not: the result uses SQLite (one replica).`,
    });
    if (dbEnv) envLine('DATABASE_URL', [], 'Not PostgreSQL: see databaseUrl.');
  } else if (dbEnv) envLine('DATABASE_URL', ['database.type'], 'SQLite in the data volume.');
  put(out, 'database.type', postgres ? 'postgresql' : 'sqlite');
  if (!dbUrl && !dbRef)
    override.set('databaseUrl', { to: ['database.type'], why: 'Empty: SQLite in the data volume (one replica only).' });
  if (dbEnv && !str(val('databaseUrl'))) override.set('databaseUrl', { why: '', hide: true }); // extraEnvVars.DATABASE_URL says it

  // Redis (workload-manager.yaml:301-328, _helpers.tpl:207-213).
  const websocket = val('websocket.enabled') === true;
  const manager = str(val('websocket.manager'));
  const redisSecret = str(val('websocket.existingSecret'));
  const redisUrl = str(val('websocket.url'));
  let redis: 'internal' | 'external' | 'none' = 'none';
  if (websocket && manager === 'redis') {
    if (redisSecret) {
      redis = 'external';
      put(out, 'redis.external.existingSecret', redisSecret);
      put(out, 'secrets.keys.redisUrl', str(val('websocket.existingSecretKey')) || 'redis-url');
    } else if (redisUrl) {
      redis = 'external';
      todo.push(
        `Store the Redis URL (websocket.url) in ${appSecret} under REDIS_URL: it may hold a password, so it is not written here.`,
      );
    } else redis = 'internal'; // the official chart's own Redis (or its address, when websocket.redis.enabled is off)
  }
  if (redis === 'none') {
    for (const k of ['websocket.manager', 'websocket.url', 'websocket.existingSecret', 'websocket.existingSecretKey'])
      override.set(k, {
        unmapped: true,
        why: 'Websockets over Redis are off in the official values, so this does not apply.',
      });
    put(out, 'redis.enabled', false);
    put(out, 'openwebui.websocket.enabled', false);
  } else {
    put(out, 'redis.mode', redis);
    if (redis === 'internal') {
      carry('websocket.redis.image.repository', 'redis.internal.image.repository', (v) =>
        str(v).includes('/') ? str(v) : `docker.io/library/${str(v)}`,
      );
      carry('websocket.redis.image.tag', 'redis.internal.image.tag');
      carry('websocket.redis.image.pullPolicy', 'redis.internal.image.pullPolicy');
      carry('websocket.redis.resources', 'redis.internal.resources');
      carry('websocket.redis.pods.annotations', 'redis.internal.podAnnotations');
      if (val('websocket.redis.enabled') === false)
        override.set('websocket.redis.enabled', {
          why: 'Off, with no websocket.url: the official chart still pointed REDIS_URL at <fullname>-redis; here the in-cluster Redis is rendered (redis.mode: internal).',
        });
    }
  }
  if (redis !== 'internal')
    for (const r of HELM_MAPPING.filter((x) => x.from.startsWith('websocket.redis.') && x.to.length))
      override.set(r.from, {
        unmapped: true,
        why: 'The official chart ran no Redis of its own here, so its settings do not apply.',
      });

  // Model connections (workload-manager.yaml:148-234).
  const ollamaFromEnv = val('ollamaUrlsFromExtraEnv') === true;
  const ollamaUrls = ollamaFromEnv
    ? str(envNamed('OLLAMA_BASE_URLS')?.value || envNamed('OLLAMA_BASE_URL')?.value)
        .split(';')
        .filter(Boolean)
    : list(val('ollamaUrls')).map(str);
  if (ollamaFromEnv)
    for (const n of ['OLLAMA_BASE_URLS', 'OLLAMA_BASE_URL'])
      if (envNamed(n)) envLine(n, ['openwebui.connections.ollama']);
  if (ollamaUrls.length)
    put(
      out,
      'openwebui.connections.ollama',
      ollamaUrls.map((u) => ({ baseUrl: u.replace(/\/$/, '') })),
    );
  if (val('ollama.enabled') === true)
    todo.push(
      'The official chart installed Ollama (ollama.enabled) and connected to it; this project does not install it: run Ollama yourself and list its URL in openwebui.connections.ollama.',
    );

  if (val('enableOpenaiApi') === true) {
    // The connections the official chart renders (workload-manager.yaml:156-230); keys of a list are
    // paired by position, the Pipelines endpoint first.
    const pipelines = val('pipelines.enabled') === true;
    const urls = list(val('openaiBaseApiUrls')).map(str).filter(Boolean);
    const single = str(val('openaiBaseApiUrl'));
    const keyEnv = envNamed('OPENAI_API_KEY');
    type Conn = { baseUrl: string; apiKeySecretRef?: { name: string; key: string } };
    let connections: Conn[];
    let keyFrom: 'single' | 'list' | 'env' = 'single';
    if (urls.length || (pipelines && single)) {
      // OPENAI_API_BASE_URLS with OPENAI_API_KEYS (the Pipelines endpoint first when installed).
      const all = [...(pipelines ? [PIPELINES_URL] : []), ...(urls.length ? urls : [single])];
      const keys = list(val('openaiApiKeys')).map(str);
      connections = all.map((baseUrl, i) =>
        keys[i] ? { baseUrl, apiKeySecretRef: { name: appSecret, key: `OPENAI_API_KEY_${i}` } } : { baseUrl },
      );
      keyFrom = 'list';
    } else if (single || pipelines) {
      // OPENAI_API_BASE_URL with OPENAI_API_KEY.
      const ref = str(val('openaiApiKeyExistingSecret'))
        ? { name: str(val('openaiApiKeyExistingSecret')), key: str(val('openaiApiKeyExistingSecretKey')) }
        : str(val('openaiApiKey'))
          ? { name: appSecret, key: 'OPENAI_API_KEY' }
          : undefined;
      connections = [{ baseUrl: pipelines ? PIPELINES_URL : single, ...(ref ? { apiKeySecretRef: ref } : {}) }];
    } else {
      // Nothing rendered: Open WebUI's own default URL (backend/open_webui/config.py: an empty
      // OPENAI_API_BASE_URL is https://api.openai.com/v1) with OPENAI_API_KEY from extraEnvVars.
      const ref = secretRefOf(keyEnv) ?? (str(keyEnv?.value) ? { name: appSecret, key: 'OPENAI_API_KEY' } : undefined);
      connections = [{ baseUrl: 'https://api.openai.com/v1', ...(ref ? { apiKeySecretRef: ref } : {}) }];
      keyFrom = 'env';
    }
    const pipelinesConn = connections.find((c) => c.baseUrl === PIPELINES_URL);
    connections = connections.filter((c) => c.baseUrl !== PIPELINES_URL);
    if (pipelinesConn)
      todo.push(
        'The official chart installed Pipelines (pipelines.enabled) and connected to it first; this project does not install it: run it yourself and add its URL to openwebui.connections.openai if you use it.',
      );
    if (connections.length) put(out, 'openwebui.connections.openai', connections);
    else put(out, 'openwebui.connections.openai', []);
    for (const c of connections)
      if (c.apiKeySecretRef?.name === appSecret && !secretKeyRef)
        todo.push(
          `Store the API key of ${c.baseUrl} in ${appSecret} under ${c.apiKeySecretRef.key} (the official values held it as plain text).`,
        );
    const used = connections.some((c) => c.apiKeySecretRef);
    if (keyFrom === 'single' && str(val('openaiApiKeyExistingSecret')))
      override.set('openaiApiKey', {
        unmapped: true,
        why: 'openaiApiKeyExistingSecret is read instead (the official chart prefers it).',
      });
    if (keyFrom !== 'single' || !used)
      for (const k of ['openaiApiKey', 'openaiApiKeyExistingSecret', 'openaiApiKeyExistingSecretKey'])
        override.set(k, {
          unmapped: true,
          why:
            keyFrom === 'list'
              ? 'With a list of connections (openaiBaseApiUrls, or Pipelines first) the official chart reads OPENAI_API_KEYS (openaiApiKeys), so this key was not used.'
              : 'No connection the official chart renders reads it (the Pipelines endpoint is not carried), so nothing is carried.',
        });
    if (keyEnv)
      envLine(
        'OPENAI_API_KEY',
        keyFrom === 'env' ? ['openwebui.connections.openai'] : [],
        keyFrom === 'env'
          ? secretRefOf(keyEnv)
            ? undefined
            : 'The plaintext key is not written: see the to-do list.'
          : 'The official chart sets OPENAI_API_KEY(S) itself for these connections; this variable is not carried.',
      );
  } else put(out, 'openwebui.connections.openai', []);

  // Sign-in (workload-manager.yaml:333-448): rendered only with sso.enabled.
  const sso = val('sso.enabled') === true;
  const providers = (['google', 'microsoft', 'github', 'oidc'] as const).filter(
    (p) => val(`sso.${p}.enabled`) === true,
  );
  if (sso && val('sso.trustedHeader.enabled') === true)
    todo.push(
      `Trusted-header sign-in (sso.trustedHeader, email header ${str(val('sso.trustedHeader.emailHeader'))}) is not carried: describe the authenticating proxy in sso.trustedHeader.proxy and turn it on by hand.`,
    );
  if (sso && !providers.length) {
    // Only trusted headers (not carried) or nothing: sso.enabled alone is refused here (sso-config).
    override.set('sso.enabled', {
      unmapped: true,
      why: "No OAuth provider is on in the official values and trusted headers are not carried (see sso.trustedHeader.enabled): sign-in stays Open WebUI's login form until sso.* is set by hand.",
    });
    for (const r of HELM_MAPPING.filter(
      (x) => /^sso\.(enable|roleManagement|groupManagement)/.test(x.from) && x.from !== 'sso.enabled',
    ))
      override.set(r.from, {
        unmapped: true,
        why: 'sso.enabled is not carried (no OAuth provider), so this does not apply.',
      });
  } else if (sso) {
    put(out, 'sso.enabled', true);
    for (const k of ['enableSignup', 'mergeAccountsByEmail', 'enableRoleManagement', 'enableGroupManagement'])
      if (val(`sso.${k}`) === true) put(out, `sso.${k}`, true);
    if (val('sso.enableRoleManagement') === true) {
      carry('sso.roleManagement.rolesClaim', 'sso.roleManagement.rolesClaim');
      if (commaList(val('sso.roleManagement.allowedRoles')).length)
        put(out, 'sso.roleManagement.allowedRoles', commaList(val('sso.roleManagement.allowedRoles')));
      if (commaList(val('sso.roleManagement.adminRoles')).length)
        put(out, 'sso.roleManagement.adminRoles', commaList(val('sso.roleManagement.adminRoles')));
    }
    if (val('sso.enableGroupManagement') === true)
      carry('sso.groupManagement.groupsClaim', 'sso.groupManagement.groupsClaim');
    const entry = {
      google: 'googleClientSecret',
      microsoft: 'microsoftClientSecret',
      github: 'githubClientSecret',
      oidc: 'oidcClientSecret',
    };
    for (const p of providers) {
      put(out, `sso.${p}.enabled`, true);
      carry(`sso.${p}.clientId`, `sso.${p}.clientId`);
      carry(`sso.${p}.clientExistingSecret`, `sso.${p}.clientExistingSecret`);
      carry(`sso.${p}.clientExistingSecretKey`, `secrets.keys.${entry[p]}`);
      if (!str(val(`sso.${p}.clientExistingSecret`)))
        todo.push(
          `Store the ${p} client secret in ${appSecret} under ${str(val(`sso.${p}.clientExistingSecretKey`)) || SECRET_KEY_NAME[p]} (sso.${p}.clientSecret is not written).`,
        );
    }
    carry('sso.microsoft.tenantId', 'sso.microsoft.tenantId');
    if (providers.includes('oidc')) {
      carry('sso.oidc.providerUrl', 'sso.oidc.providerUrl');
      for (const k of ['providerName', 'scopes']) if (setIn(`sso.oidc.${k}`)) carry(`sso.oidc.${k}`, `sso.oidc.${k}`);
    }
  } else if (!sso)
    for (const p of providers)
      override.set(`sso.${p}.enabled`, {
        unmapped: true,
        why: 'sso.enabled is false, so the official chart rendered nothing for this provider; nothing is carried.',
      });

  // Logging (workload-manager.yaml:449-460).
  const level = str(val('logging.level')).toUpperCase();
  if (level) {
    if (LOG_LEVELS.includes(level)) put(out, 'openwebui.logLevel', level);
    else
      override.set('logging.level', {
        unmapped: true,
        why: `"${level}" is not a Python level name (${LOG_LEVELS.join(', ')}).`,
      });
  }

  // extraEnvVars that are left: managed names become typed keys or are reported; plaintext credentials are not written.
  const DIRECT: Record<string, (v: string) => [string, unknown] | undefined> = {
    WEBUI_URL: (v) => ['publicUrl', v.replace(/\/$/, '')],
    GLOBAL_LOG_LEVEL: (v) =>
      LOG_LEVELS.includes(v.toUpperCase()) ? ['openwebui.logLevel', v.toUpperCase()] : undefined,
    VECTOR_DB: (v) => (['pgvector', 'qdrant', 'milvus', 'chroma'].includes(v) ? ['vectorDb.type', v] : undefined),
    QDRANT_URI: (v) => ['vectorDb.qdrant.uri', v],
    MILVUS_URI: (v) => ['vectorDb.milvus.uri', v],
    CHROMA_HTTP_HOST: (v) => ['vectorDb.chroma.httpHost', v],
    CHROMA_HTTP_PORT: (v) => ['vectorDb.chroma.httpPort', Number(v)],
    CONTENT_EXTRACTION_ENGINE: (v) => ['openwebui.contentExtraction.engine', v.toLowerCase()],
    TIKA_SERVER_URL: (v) => ['openwebui.contentExtraction.tikaServerUrl', v],
    THREAD_POOL_SIZE: (v) => ['openwebui.threadPoolSize', Number(v)],
    UVICORN_WORKERS: (v) => ['openwebui.uvicornWorkers', Number(v)],
    CORS_ALLOW_ORIGIN: (v) => ['openwebui.corsAllowOrigin', v.split(';').filter(Boolean)],
    ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS: (v) => [
      'openwebui.enablePipInstallFrontmatterRequirements',
      /^true$/i.test(v),
    ],
  };
  const extraEnv: EnvVar[] = [];
  for (const x of env) {
    if (envDone.has(x.name) || !x.name) continue;
    const direct = x.value !== undefined ? DIRECT[x.name]?.(x.value) : undefined;
    if (direct) {
      put(out, direct[0], direct[1]);
      envLine(x.name, [direct[0]]);
      continue;
    }
    const instead = managedEnv(x.name);
    if (instead) {
      envLine(
        x.name,
        [],
        instead.startsWith('nothing: ')
          ? `Not set here: ${instead.slice('nothing: '.length)}.`
          : `Managed here from typed values: set ${instead} instead.`,
      );
      continue;
    }
    if (x.value !== undefined && CREDENTIAL_NAME.test(x.name) && x.value !== '') {
      envLine(
        x.name,
        [],
        `A credential as plain text is not written: store it in a Secret and add {name: ${x.name}, valueFrom: {secretKeyRef: {name, key}}} to extraEnv.`,
      );
      continue;
    }
    extraEnv.push(x);
  }
  if (extraEnv.length) put(out, 'extraEnv', extraEnv);

  // extraResources (templates/extra-resources.yaml): templates become placeholders.
  const objects: unknown[] = [];
  list(val('extraResources')).forEach((o, i) => {
    const { value, left } = detemplate(o);
    if (left)
      extra.push({
        from: `extraResources[${i}]`,
        to: [],
        why: `Holds the Helm expression ${left}, which is not evaluated here (placeholders: {{ fullname }}, {{ releaseName }}, {{ namespace }}): write the object out and add it to extraObjects.`,
      });
    else objects.push(value);
  });
  if (objects.length) put(out, 'extraObjects', objects);

  // Multi-replica requirements (docs/open-webui-scaling.md) the official values met or not.
  const modes = list(val('persistence.accessModes')).map(str);
  const sharedFiles = provider !== 'local' || (val('persistence.enabled') === true && modes.includes('ReadWriteMany'));
  const vectorEnv = str(envNamed('VECTOR_DB')?.value);
  const externalVector =
    (vectorEnv === 'chroma' && !!envNamed('CHROMA_HTTP_HOST')) || ['pgvector', 'qdrant', 'milvus'].includes(vectorEnv);
  const scaling: ScalingItem[] = [
    {
      requirement: 1,
      met: !!envNamed('WEBUI_SECRET_KEY'),
      text: envNamed('WEBUI_SECRET_KEY')
        ? 'one WEBUI_SECRET_KEY for every replica: set in extraEnvVars.'
        : 'one WEBUI_SECRET_KEY for every replica: the official chart sets none, so each pod generates its own (start.sh) and sessions break across replicas and restarts. Here it comes from the app Secret.',
    },
    {
      requirement: 2,
      met: postgres,
      text: postgres
        ? 'PostgreSQL: carried.'
        : 'PostgreSQL: the official values use SQLite in the data volume. More replicas need database.type: postgresql with DATABASE_URL in a Secret.',
    },
    {
      requirement: 3,
      met: redis !== 'none',
      text:
        redis !== 'none'
          ? 'Redis for websockets and app state: carried.'
          : 'Redis for websockets and app state: off in the official values. More replicas need redis.enabled (the in-cluster Redis, or redis.mode: external).',
    },
    {
      requirement: 4,
      met: sharedFiles,
      text: sharedFiles
        ? 'shared file storage: carried.'
        : `shared file storage: the official values keep uploads on a ${val('persistence.enabled') === true ? `${modes.join('/') || 'ReadWriteOnce'} volume` : 'pod-local emptyDir'}. More replicas need persistence.accessModes: [ReadWriteMany] or object storage (storage.provider: s3, gcs or azure).`,
    },
    {
      requirement: 5,
      met: externalVector,
      text: externalVector
        ? 'an external vector database: carried.'
        : 'an external vector database: the official values use the embedded ChromaDB (one process only). More replicas need vectorDb.type pgvector, qdrant, milvus or chroma over HTTP; documents are indexed again there.',
    },
    {
      requirement: 6,
      met: false,
      text: 'one migrator: the official chart has none (every pod migrates at start); here a migration Job runs it once (nothing to do).',
    },
    {
      requirement: 7,
      met: false,
      text: 'never two app versions against one database: the official chart rolls pods, so old and new versions share the database during an upgrade; here an upgrade stops the old pods and migrates once before new pods start (nothing to do).',
    },
    {
      requirement: 9,
      met: /^false$/i.test(str(envNamed('ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS')?.value)),
      text: 'runtime pip installs off: Open WebUI installs plugin requirements at every start unless ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS is False (facts §2.2), which the official values do not set; values/common.yaml turns it off here (nothing to do).',
    },
  ];
  const requestedReplicas = Number(val('replicaCount')) || 1;
  const oneReplica = !(postgres && redis !== 'none' && sharedFiles);
  const replicas = oneReplica ? 1 : requestedReplicas;
  if (oneReplica || setIn('replicaCount')) put(out, 'replicaCount', replicas);
  if (oneReplica && requestedReplicas > 1)
    override.set('replicaCount', {
      why: `${requestedReplicas} replicas in the official values, which are safe for one only (see the multi-replica requirements): written as 1.`,
    });
  if (replicas === 1) put(out, 'podDisruptionBudget.enabled', false);
  if (postgres) {
    const pool = fitPool(out);
    if (pool) {
      put(out, 'database.pool', pool);
      todo.push(
        `database.pool is ${pool.size} + ${pool.maxOverflow} overflow per process so ${replicas} replica(s), a rolling-update surge pod and the migrator fit PostgreSQL's default max_connections (100); with a larger server declare database.maxConnections and raise the pool.`,
      );
    }
  }

  // The embedded ChromaDB is safe for one process; with PostgreSQL, pgvector in the same database is the default here.
  if (!get(out, 'vectorDb.type')) put(out, 'vectorDb.type', oneReplica || !postgres ? 'chroma' : 'pgvector');

  // The report, row by row.
  const leaves = inputLeaves(input);
  const rowsSeen = new Map<HelmKeyRow, string[]>();
  const unknown: ImportLine[] = [];
  for (const leaf of leaves) {
    const row = helmRow(leaf);
    if (!row) {
      unknown.push({
        from: leaf,
        to: [],
        why: `Not a key of the official chart ${'16.x'} values.yaml (a typo, or a key of another chart version): nothing is carried.`,
      });
      continue;
    }
    rowsSeen.set(row, [...(rowsSeen.get(row) ?? []), leaf]);
  }
  const mapped: ImportLine[] = [];
  const unmapped: ImportLine[] = [...unknown];
  const inertKeys: string[] = [];
  for (const row of HELM_MAPPING) {
    const leavesOf = rowsSeen.get(row);
    const byDefault = !leavesOf;
    if (byDefault && !row.actsByDefault) continue;
    const value = row.from.endsWith('.*') ? get(input, leavesOf?.[0] ?? '') : val(row.from);
    if (inert(value) && !(row.from === 'databaseUrl' || row.from === 'enableOpenaiApi')) {
      if (!byDefault) inertKeys.push(...(leavesOf ?? [row.from]));
      continue;
    }
    const o = override.get(row.from);
    if (o?.hide) continue;
    const from = row.from.endsWith('.*') ? (leavesOf ?? [row.from]).join(', ') : row.from;
    const line: ImportLine = {
      from,
      to: o?.unmapped ? [] : (o?.to ?? row.to),
      ...((o?.why ?? row.why) ? { why: o?.why ?? row.why } : {}),
      ...(byDefault ? { byDefault } : {}),
    };
    (line.to.length ? mapped : unmapped).push(line);
  }
  for (const l of extra) (l.to.length ? mapped : unmapped).push(l);
  return {
    values: out,
    mapped,
    unmapped,
    inert: inertKeys,
    todo,
    scaling,
    oneReplica,
    requestedReplicas,
  };
}
