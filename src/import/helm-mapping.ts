/**
 * Every key of the official Open WebUI Helm chart's values file (chart 16.0.0, appVersion 0.11.0,
 * `open-webui/helm-charts@a6305e7 charts/open-webui/values.yaml`) and where it goes here: the keys
 * of this project's values it maps to, or why it has no counterpart. One row per official key, as
 * data: `npm run import` reports from it and `docs/import.md` is generated from it.
 *
 * What the official chart does with a key is read from its templates
 * (`charts/open-webui/templates/workload-manager.yaml`, `_helpers.tpl`, `ingress.yaml` @ a6305e7);
 * the line numbers cited below are from that commit.
 */

/** One key of the official chart. */
export interface HelmKeyRow {
  /** Dotted key in the official chart's values.yaml; `name.*` stands for every key under `name` (a subchart's values). */
  readonly from: string;
  /** The official chart's default (values.yaml). */
  readonly default: unknown;
  /** Keys of this project's values it maps to (each a real key of the values schema). Empty: not mapped. */
  readonly to: readonly string[];
  /** Why it is not mapped, or, with `to`, what is not carried over as written (a plaintext credential, a format change). */
  readonly why?: string;
  /**
   * The official default itself changes what the chart deploys (a subchart installed, a connection
   * configured), so the importer reports it even when the input file does not set it.
   */
  readonly actsByDefault?: boolean;
}

const OLLAMA =
  'This project installs no Ollama: run it with its own chart (otwld/ollama-helm) or keep the one you run, and list its URL in openwebui.connections.ollama.';
const PIPELINES =
  'This project installs no Pipelines server: run it with its own chart and add its URL as an OpenAI-compatible connection (openwebui.connections.openai, the API key from a Secret).';
const TIKA =
  'This project installs no Tika: run it separately and set openwebui.contentExtraction.engine: tika with openwebui.contentExtraction.tikaServerUrl.';
const TERMINALS =
  'This project installs no terminals server; run it separately (its connection is an Admin UI setting).';
const REDIS_FIXED =
  'The in-cluster Redis (redis.mode: internal) is rendered with the settings Open WebUI needs (redis.conf, auth, probes, Services on port 6379, scheduling); this key has no counterpart.';
const REDIS_META =
  'The Redis objects carry the standard labels; commonLabels/commonAnnotations put labels and annotations on every object of the release.';
const HARDENED =
  'Every pod this project renders runs with a hardened security context (no privilege escalation, all capabilities dropped, RuntimeDefault seccomp); the in-cluster Redis one is fixed.';
const COPY_APP_DATA =
  'This project renders no copy-app-data init container: the data volume is mounted at /app/backend/data directly and the migration Job prepares the database.';
const ROUTE =
  'Gateway API here is typed per implementation (route.implementation, route.parentRefs, route.hostnames, cookie persistence, timeouts): turn route.enabled on and pick the implementation by hand; raw matches, filters and rules have no counterpart.';
const COMPONENT_LOG =
  "Open WebUI 0.11.0 reads no per-component log level (the official chart's *_LOG_LEVEL variables are ignored, facts §7.1): openwebui.logLevel is the one switch.";
const NOT_CARRIED_SECRET = (entry: string) =>
  `The plaintext value is not written: store it in the app Secret under secrets.keys.${entry}.`;

/** `to` only. */
const m = (from: string, def: unknown, ...to: string[]): HelmKeyRow => ({ from, default: def, to });
/** `to` with a note of what is not carried as written. */
const mn = (from: string, def: unknown, to: string[], why: string, actsByDefault?: boolean): HelmKeyRow => ({
  from,
  default: def,
  to,
  why,
  ...(actsByDefault ? { actsByDefault } : {}),
});
/** Not mapped. */
const no = (from: string, def: unknown, why: string, actsByDefault?: boolean): HelmKeyRow => ({
  from,
  default: def,
  to: [],
  why,
  ...(actsByDefault ? { actsByDefault } : {}),
});

const oauthProvider = (p: 'google' | 'microsoft' | 'github', entry: string): HelmKeyRow[] => [
  mn(
    `sso.${p}.enabled`,
    false,
    [`sso.${p}.enabled`],
    'Rendered only when sso.enabled is true, as in the official chart.',
  ),
  m(`sso.${p}.clientId`, '', `sso.${p}.clientId`),
  mn(`sso.${p}.clientSecret`, '', [`secrets.keys.${entry}`], NOT_CARRIED_SECRET(entry)),
  m(`sso.${p}.clientExistingSecret`, '', `sso.${p}.clientExistingSecret`),
  mn(
    `sso.${p}.clientExistingSecretKey`,
    '',
    [`secrets.keys.${entry}`],
    `The key name inside the Secret is secrets.keys.${entry}.`,
  ),
];

export const HELM_CHART_VERSION = '16.0.0';
export const HELM_CHART_SOURCE = 'open-webui/helm-charts@a6305e705ee18571c772687e1ffc3db6415a9226 charts/open-webui';

export const HELM_MAPPING: readonly HelmKeyRow[] = [
  // Names
  m('nameOverride', '', 'nameOverride'),
  m('fullnameOverride', '', 'fullnameOverride'),
  mn(
    'namespaceOverride',
    '',
    ['namespace.name'],
    'Unset, the official chart deploys into the Helm release namespace; here namespace.name (default open-webui) names it.',
  ),
  // Subcharts
  no('ollama.enabled', true, OLLAMA, true),
  no('ollama.fullnameOverride', '', OLLAMA),
  no('ollama.*', undefined, OLLAMA),
  m('ollamaUrls', [], 'openwebui.connections.ollama'),
  mn(
    'ollamaUrlsFromExtraEnv',
    false,
    ['openwebui.connections.ollama'],
    'OLLAMA_BASE_URL(S) given in extraEnvVars become openwebui.connections.ollama.',
  ),
  no('pipelines.enabled', true, PIPELINES, true),
  no('pipelines.fullnameOverride', '', PIPELINES),
  no('pipelines.extraEnvVars', [], PIPELINES),
  no('pipelines.*', undefined, PIPELINES),
  no('tika.enabled', false, TIKA),
  no('tika.*', undefined, TIKA),
  no('terminals.enabled', false, TERMINALS),
  no('terminals.*', undefined, TERMINALS),
  // Websocket and Redis (workload-manager.yaml:301-328, _helpers.tpl:207-213)
  mn(
    'websocket.enabled',
    true,
    ['openwebui.websocket.enabled', 'redis.enabled'],
    'As in the official chart (off: no Redis, one replica only).',
    true,
  ),
  m('websocket.manager', 'redis', 'openwebui.websocket.manager'),
  mn(
    'websocket.url',
    '',
    ['redis.mode', 'secrets.keys.redisUrl'],
    'A Redis you run (redis.mode: external); the URL (it may hold a password) is not written: store it in the app Secret under secrets.keys.redisUrl.',
  ),
  m('websocket.existingSecret', '', 'redis.mode', 'redis.external.existingSecret'),
  m('websocket.existingSecretKey', 'redis-url', 'secrets.keys.redisUrl'),
  no('websocket.nodeSelector', {}, REDIS_FIXED),
  mn(
    'websocket.redis.enabled',
    true,
    ['redis.mode'],
    'The in-cluster Redis here has a password (redis.internal.auth) and the settings Open WebUI needs.',
    true,
  ),
  no('websocket.redis.labels', {}, REDIS_META),
  no('websocket.redis.annotations', {}, REDIS_META),
  no('websocket.redis.pods.labels', {}, REDIS_META),
  m('websocket.redis.pods.annotations', {}, 'redis.internal.podAnnotations'),
  mn(
    'websocket.redis.image.repository',
    'redis',
    ['redis.internal.image.repository'],
    'A bare Docker Hub name is written fully qualified (docker.io/library/redis).',
  ),
  m('websocket.redis.image.tag', '7.4.2-alpine3.21', 'redis.internal.image.tag'),
  m('websocket.redis.image.pullPolicy', 'IfNotPresent', 'redis.internal.image.pullPolicy'),
  no('websocket.redis.command', [], REDIS_FIXED),
  no('websocket.redis.args', [], REDIS_FIXED),
  m('websocket.redis.resources', {}, 'redis.internal.resources'),
  no('websocket.redis.service.containerPort', 6379, REDIS_FIXED),
  no('websocket.redis.service.type', 'ClusterIP', REDIS_FIXED),
  no('websocket.redis.service.labels', {}, REDIS_META),
  no('websocket.redis.service.annotations', {}, REDIS_META),
  no('websocket.redis.service.portName', 'http', REDIS_FIXED),
  no('websocket.redis.service.port', 6379, REDIS_FIXED),
  no('websocket.redis.service.nodePort', '', REDIS_FIXED),
  no('websocket.redis.tolerations', [], REDIS_FIXED),
  no('websocket.redis.affinity', {}, REDIS_FIXED),
  no('websocket.redis.containerSecurityContext', {}, HARDENED),
  no('websocket.redis.podSecurityContext', {}, HARDENED),
  // Workload
  no(
    'workload.kind',
    '',
    'Open WebUI always runs as a Deployment sharing one data volume (ReadWriteMany) or object storage; a StatefulSet gives each replica its own volume, which several replicas cannot share.',
  ),
  no(
    'clusterDomain',
    'cluster.local',
    'Service addresses are rendered as <service>.<namespace>.svc, which resolves in any cluster domain.',
  ),
  mn('extraLabels', {}, ['commonLabels'], 'commonLabels label every object of the release.'),
  no(
    'annotations',
    {},
    'Annotations of the workload object alone have no key here; commonAnnotations annotates every object, podAnnotations the pods.',
  ),
  m('podAnnotations', {}, 'podAnnotations'),
  m('podLabels', {}, 'podLabels'),
  m('replicaCount', 1, 'replicaCount'),
  no('revisionHistoryLimit', 10, 'Fixed by this project.'),
  m('priorityClassName', '', 'priorityClassName'),
  no(
    'strategy',
    {},
    'The update strategy is decided here: a new Open WebUI version stops every old pod and migrates once before new pods start (multi-replica requirement 7); other changes roll.',
  ),
  m('image.repository', 'ghcr.io/open-webui/open-webui', 'image.repository'),
  mn(
    'image.tag',
    '',
    ['image.tag'],
    'Empty in the official values means the chart appVersion 0.11.0, which values/common.yaml pins too.',
  ),
  m('image.pullPolicy', 'IfNotPresent', 'image.pullPolicy'),
  mn('image.useSlim', false, ['image.tag'], 'The slim image is the tag <version>-slim.'),
  mn('imagePullSecrets', [], ['imagePullSecrets'], 'Written as a list of Secret names.'),
  m('command', [], 'command'),
  m('args', [], 'args'),
  m('serviceAccount.enable', true, 'serviceAccount.create'),
  m('serviceAccount.create', true, 'serviceAccount.create'),
  m('serviceAccount.name', '', 'serviceAccount.name'),
  m('serviceAccount.annotations', {}, 'serviceAccount.annotations'),
  no(
    'serviceAccount.automountServiceAccountToken',
    false,
    'The app pods never mount a service account token: Open WebUI does not call the Kubernetes API.',
  ),
  mn(
    'livenessProbe',
    {},
    ['probes.liveness'],
    'HTTP probes are typed (path, delays, thresholds); other probe kinds are not carried.',
  ),
  mn(
    'readinessProbe',
    {},
    ['probes.readiness'],
    'HTTP probes are typed (path, delays, thresholds); other probe kinds are not carried.',
  ),
  mn(
    'startupProbe',
    {},
    ['probes.startup'],
    'HTTP probes are typed (path, delays, thresholds); other probe kinds are not carried.',
  ),
  mn(
    'resources',
    {},
    ['resources'],
    'cpu, memory and ephemeral-storage are carried; extended resources (GPUs) have no key.',
  ),
  no('copyAppData.command', [], COPY_APP_DATA),
  no('copyAppData.args', [], COPY_APP_DATA),
  no('copyAppData.resources', {}, COPY_APP_DATA),
  no(
    'managedCertificate.enabled',
    false,
    'GKE ManagedCertificate objects are not rendered: create it yourself (or vendor its CRD and add it to extraObjects) and keep the networking.gke.io/managed-certificates Ingress annotation.',
  ),
  no('managedCertificate.name', 'mydomain-chat-cert', 'See managedCertificate.enabled.'),
  no('managedCertificate.domains', ['chat.example.com'], 'See managedCertificate.enabled.'),
  // Ingress (ingress.yaml)
  m('ingress.enabled', false, 'ingress.enabled'),
  mn(
    'ingress.class',
    '',
    ['ingress.className', 'ingress.controller'],
    'The class (or the kubernetes.io/ingress.class annotation) also picks ingress.controller: alb, gce, traefik, else nginx.',
  ),
  mn(
    'ingress.annotations',
    {},
    ['ingress.annotations'],
    'Annotations another controller ignores (nginx.ingress.kubernetes.io/* off nginx) and the class annotation are not carried; affinity and timeouts are set here from ingress.controller.',
  ),
  m('ingress.host', 'chat.example.com', 'ingress.hosts'),
  m('ingress.additionalHosts', [], 'ingress.hosts'),
  mn(
    'ingress.tls',
    false,
    ['ingress.tls'],
    'One TLS entry for every host, the Secret <fullname>-tls unless existingSecret.',
  ),
  m('ingress.existingSecret', '', 'ingress.tls'),
  no('ingress.extraLabels', {}, 'The Ingress carries the standard labels; commonLabels label every object.'),
  // Gateway API (route.yaml)
  no('route.enabled', false, ROUTE),
  no('route.apiVersion', 'gateway.networking.k8s.io/v1', ROUTE),
  no('route.kind', 'HTTPRoute', ROUTE),
  no('route.annotations', {}, ROUTE),
  no('route.labels', {}, ROUTE),
  no('route.hostnames', [], ROUTE),
  no('route.parentRefs', [], ROUTE),
  no('route.httpsRedirect', false, ROUTE),
  no('route.redirect', {}, ROUTE),
  no('route.matches', [{ path: { type: 'PathPrefix', value: '/' } }], ROUTE),
  no('route.filters', [], ROUTE),
  no('route.additionalRules', [], ROUTE),
  no('route.backendRef', { group: '', kind: 'Service', weight: 1 }, ROUTE),
  // Persistence and object storage (workload-manager.yaml:241-300, 501-513)
  mn('persistence.enabled', true, ['persistence.enabled'], 'As in the official chart (off: an emptyDir).', true),
  m('persistence.size', '2Gi', 'persistence.size'),
  m('persistence.existingClaim', '', 'persistence.existingClaim'),
  no('persistence.subPath', '', 'The data volume is mounted whole at /app/backend/data.'),
  mn(
    'persistence.accessModes',
    ['ReadWriteOnce'],
    ['persistence.accessModes'],
    'More than one replica needs ReadWriteMany (or object storage).',
    true,
  ),
  m('persistence.storageClass', '', 'persistence.storageClass'),
  no(
    'persistence.selector',
    {},
    'The claim binds through its storage class (persistence.storageClass) or use persistence.existingClaim.',
  ),
  m('persistence.annotations', {}, 'persistence.annotations'),
  no('persistence.labels', {}, 'The claim carries the standard labels; commonLabels label every object.'),
  m('persistence.provider', 'local', 'storage.provider'),
  mn(
    'persistence.s3.accessKey',
    '',
    ['storage.s3.credentialsFromSecret', 'secrets.keys.s3AccessKeyId'],
    NOT_CARRIED_SECRET('s3AccessKeyId'),
  ),
  mn(
    'persistence.s3.secretKey',
    '',
    ['storage.s3.credentialsFromSecret', 'secrets.keys.s3SecretAccessKey'],
    NOT_CARRIED_SECRET('s3SecretAccessKey'),
  ),
  mn(
    'persistence.s3.accessKeyExistingSecret',
    '',
    ['storage.s3.existingSecret'],
    'Here one Secret holds both S3 keys: the access key and the secret key Secrets must be the same Secret.',
  ),
  m('persistence.s3.accessKeyExistingAccessKey', '', 'secrets.keys.s3AccessKeyId'),
  mn(
    'persistence.s3.secretKeyExistingSecret',
    '',
    ['storage.s3.existingSecret'],
    'Here one Secret holds both S3 keys: the access key and the secret key Secrets must be the same Secret.',
  ),
  m('persistence.s3.secretKeyExistingSecretKey', '', 'secrets.keys.s3SecretAccessKey'),
  m('persistence.s3.endpointUrl', '', 'storage.s3.endpointUrl'),
  m('persistence.s3.region', '', 'storage.s3.regionName'),
  m('persistence.s3.bucket', '', 'storage.s3.bucketName'),
  m('persistence.s3.keyPrefix', '', 'storage.s3.keyPrefix'),
  mn(
    'persistence.gcs.appCredentialsJson',
    '',
    ['storage.gcs.credentialsFromSecret', 'secrets.keys.gcsCredentialsJson'],
    NOT_CARRIED_SECRET('gcsCredentialsJson'),
  ),
  m('persistence.gcs.appCredentialsJsonExistingSecret', '', 'storage.gcs.existingSecret'),
  m('persistence.gcs.appCredentialsJsonExistingSecretKey', '', 'secrets.keys.gcsCredentialsJson'),
  m('persistence.gcs.bucket', '', 'storage.gcs.bucketName'),
  m('persistence.azure.endpointUrl', '', 'storage.azure.endpoint'),
  m('persistence.azure.container', '', 'storage.azure.containerName'),
  mn(
    'persistence.azure.key',
    '',
    ['storage.azure.credentialsFromSecret', 'secrets.keys.azureStorageKey'],
    NOT_CARRIED_SECRET('azureStorageKey'),
  ),
  m('persistence.azure.keyExistingSecret', '', 'storage.azure.existingSecret'),
  m('persistence.azure.keyExistingSecretKey', '', 'secrets.keys.azureStorageKey'),
  // Scheduling
  m('nodeSelector', {}, 'nodeSelector'),
  m('tolerations', [], 'tolerations'),
  m('affinity', {}, 'affinity'),
  no(
    'topologySpreadConstraints',
    [],
    'Spreading is rendered from topologySpread.* (nodes and zones, maxSkew, whenUnsatisfiable); raw constraints have no key.',
  ),
  m('hostAliases', [], 'hostAliases'),
  // Service (service.yaml)
  m('service.type', 'ClusterIP', 'service.type'),
  m('service.annotations', {}, 'service.annotations'),
  m('service.port', 80, 'service.port'),
  no('service.containerPort', 8080, 'Open WebUI listens on 8080 here (the Service targets the port named http).'),
  m('service.nodePort', '', 'service.nodePort'),
  m('service.labels', {}, 'service.labels'),
  m('service.loadBalancerClass', '', 'service.loadBalancerClass'),
  m('service.appProtocol', '', 'service.appProtocol'),
  // Model connections (workload-manager.yaml:148-234, _helpers.tpl:48-100)
  mn(
    'enableOpenaiApi',
    true,
    ['openwebui.connections.openai'],
    'ENABLE_OPENAI_API follows openwebui.connections.openai: on exactly when a connection is listed.',
    true,
  ),
  mn(
    'openaiBaseApiUrl',
    'https://api.openai.com/v1',
    ['openwebui.connections.openai'],
    'With pipelines.enabled the official chart connects to the Pipelines service first; that connection is not carried (see pipelines.enabled). With nothing rendered, Open WebUI itself uses https://api.openai.com/v1.',
    true,
  ),
  m('openaiBaseApiUrls', [], 'openwebui.connections.openai'),
  mn(
    'openaiApiKey',
    '0p3n-w3bu!',
    ['openwebui.connections.openai'],
    'The plaintext key is not written: the connection reads its key from the app Secret (apiKeySecretRef, key OPENAI_API_KEY); store it there.',
    true,
  ),
  m('openaiApiKeyExistingSecret', '', 'openwebui.connections.openai'),
  m('openaiApiKeyExistingSecretKey', '', 'openwebui.connections.openai'),
  mn(
    'openaiApiKeys',
    [],
    ['openwebui.connections.openai'],
    'The plaintext keys are not written: connection n reads its key from the app Secret (apiKeySecretRef, key OPENAI_API_KEY_<n>); store them there.',
  ),
  no(
    'openaiApiKeysExistingSecret',
    '',
    "One Secret value holds every key joined with ';', which cannot be split per connection: store each key under a key of its own and set openwebui.connections.openai[n].apiKeySecretRef.",
  ),
  no('openaiApiKeysExistingSecretKey', '', 'See openaiApiKeysExistingSecret.'),
  // Database (workload-manager.yaml:329-332)
  mn(
    'databaseUrl',
    '',
    ['database.type', 'secrets.keys.databaseUrl'],
    'Empty: SQLite in the data volume (one replica only). A PostgreSQL URL (it holds a password) is not written: store it in the app Secret under secrets.keys.databaseUrl.',
    true,
  ),
  // Environment
  mn(
    'extraEnvVars',
    [],
    ['extraEnv'],
    'Variables this project manages become their typed keys; plaintext credentials are not written.',
  ),
  mn(
    'commonEnvVars',
    [],
    ['extraEnv'],
    'Variables this project manages become their typed keys; plaintext credentials are not written.',
  ),
  m('extraEnvFrom', [], 'extraEnvFrom'),
  m('runtimeClassName', '', 'runtimeClassName'),
  no('volumeMounts.initContainer', [], COPY_APP_DATA),
  m('volumeMounts.container', [], 'extraVolumeMounts'),
  m('extraInitContainers', [], 'extraInitContainers'),
  m('volumes', [], 'extraVolumes'),
  m('podSecurityContext', {}, 'podSecurityContext'),
  mn(
    'containerSecurityContext',
    {},
    ['securityContext'],
    'Merged over the hardened default; it no longer applies to an init container.',
  ),
  // Sign-in (workload-manager.yaml:333-448)
  m('sso.enabled', false, 'sso.enabled'),
  m('sso.enableSignup', false, 'sso.enableSignup'),
  m('sso.mergeAccountsByEmail', false, 'sso.mergeAccountsByEmail'),
  m('sso.enableRoleManagement', false, 'sso.enableRoleManagement'),
  m('sso.enableGroupManagement', false, 'sso.enableGroupManagement'),
  ...oauthProvider('google', 'googleClientSecret'),
  ...oauthProvider('microsoft', 'microsoftClientSecret'),
  m('sso.microsoft.tenantId', '', 'sso.microsoft.tenantId'),
  ...oauthProvider('github', 'githubClientSecret'),
  mn(
    'sso.oidc.enabled',
    false,
    ['sso.oidc.enabled'],
    'Rendered only when sso.enabled is true, as in the official chart.',
  ),
  m('sso.oidc.clientId', '', 'sso.oidc.clientId'),
  mn('sso.oidc.clientSecret', '', ['secrets.keys.oidcClientSecret'], NOT_CARRIED_SECRET('oidcClientSecret')),
  m('sso.oidc.clientExistingSecret', '', 'sso.oidc.clientExistingSecret'),
  no(
    'sso.oidc.clientIdExistingSecretKey',
    '',
    'A client ID is not a secret: write it in sso.oidc.clientId (the redirect checks need it).',
  ),
  mn(
    'sso.oidc.clientExistingSecretKey',
    '',
    ['secrets.keys.oidcClientSecret'],
    'The key name inside the Secret is secrets.keys.oidcClientSecret.',
  ),
  m('sso.oidc.providerUrl', '', 'sso.oidc.providerUrl'),
  no(
    'sso.oidc.existingConfig',
    '',
    'The provider URL is not read from a ConfigMap: write it in sso.oidc.providerUrl (the egress NetworkPolicy and the checks need it).',
  ),
  no('sso.oidc.existingConfigProviderUrlKey', '', 'See sso.oidc.existingConfig.'),
  m('sso.oidc.providerName', 'SSO', 'sso.oidc.providerName'),
  m('sso.oidc.scopes', 'openid email profile', 'sso.oidc.scopes'),
  m('sso.roleManagement.rolesClaim', 'roles', 'sso.roleManagement.rolesClaim'),
  mn('sso.roleManagement.allowedRoles', '', ['sso.roleManagement.allowedRoles'], 'Written as a list.'),
  mn('sso.roleManagement.adminRoles', '', ['sso.roleManagement.adminRoles'], 'Written as a list.'),
  m('sso.groupManagement.groupsClaim', 'groups', 'sso.groupManagement.groupsClaim'),
  no(
    'sso.trustedHeader.enabled',
    false,
    'Trusted-header sign-in is refused here unless the app NetworkPolicy admits only the authenticating proxy, which the official values do not describe: set sso.trustedHeader.enabled, the header names and sso.trustedHeader.proxy by hand.',
  ),
  no(
    'sso.trustedHeader.emailHeader',
    '',
    'See sso.trustedHeader.enabled (the key there is sso.trustedHeader.emailHeader).',
  ),
  no(
    'sso.trustedHeader.nameHeader',
    '',
    'See sso.trustedHeader.enabled (the key there is sso.trustedHeader.nameHeader).',
  ),
  mn(
    'extraResources',
    [],
    ['extraObjects'],
    'Helm templates are not evaluated here: {{ .Release.Namespace }}, {{ .Release.Name }} and the fullname become the placeholders {{ namespace }}, {{ releaseName }}, {{ fullname }}; an object with any other template is not carried.',
  ),
  // Logging (workload-manager.yaml:449-460)
  mn('logging.level', '', ['openwebui.logLevel'], 'Written in upper case (Python level names).'),
  ...['audio', 'comfyui', 'config', 'db', 'images', 'main', 'models', 'ollama', 'openai', 'rag', 'webhook'].map((c) =>
    no(`logging.components.${c}`, '', COMPONENT_LOG),
  ),
];

/** The row of an official key: the exact row, or the `name.*` row of a subchart section it falls under. */
export function helmRow(dotted: string): HelmKeyRow | undefined {
  const exact = HELM_MAPPING.find((r) => r.from === dotted);
  if (exact) return exact;
  return HELM_MAPPING.find((r) => r.from.endsWith('.*') && dotted.startsWith(r.from.slice(0, -1)));
}

/** Official defaults as one values object (rows with `name.*` excluded). */
export function helmDefaults(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of HELM_MAPPING) {
    if (r.from.endsWith('.*')) continue;
    const parts = r.from.split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = structuredClone(r.default);
  }
  return out;
}
