/**
 * The env table: every environment variable of the Open WebUI container, one row each, in the
 * order the container gets them (Kubernetes expands `$(NAME)` only for variables defined EARLIER:
 * Secrets and passwords first, the URLs composed from them next, `extraEnv` last).
 *
 * `ENV` is the single list of the variables this chart manages. The container env, the refusal of
 * managed names in `extraEnv`, the "Open WebUI env var" column of docs/values.md and the
 * `x-env` hints of values.schema.json are all read from it. Adding a typed variable is one row
 * here plus its key in the schema (src/values/schema/).
 */
import { Path } from '../errors';
import { Values } from '../values/schema';
import { VERIFIED_OPEN_WEBUI_VERSIONS } from '../values/schema/image';
import type { DatabaseBackend, RedisBackend } from './backends';
import { ModelConnections, OPENAI_KEY_VAR, openaiEnv } from './connections';
import { Credentials, OAuthProviderId, SecretKeyRef } from './credentials';
import { MIGRATION_JOB_LABEL } from './names';
import type { PublicUrl } from './origins';
import { pgvectorTable } from './pgvector';
import { REDIS_TLS_DIR } from './pod';
import type { SignIn } from './sign-in';

/**
 * Open WebUI versions the rows were checked against, in its source (file:line references in
 * /work/shared/reference/open-webui-0.11-facts.md, §3-§7). Defined with the image key
 * (src/values/schema/image.ts), whose default is the newest of them.
 */
export { VERIFIED_OPEN_WEBUI_VERSIONS };

export interface EnvRow {
  readonly name: string;
  /** A literal value (may refer to earlier rows as `$(NAME)`). */
  readonly value?: string;
  /** Read from a key of a Secret. */
  readonly secret?: SecretKeyRef;
  /** Any other source, passed through from `extraEnv[].valueFrom`. */
  readonly valueFrom?: Record<string, unknown>;
  /** The values key that sets it. */
  readonly key: Path;
  /**
   * Open WebUI treats it as a first-boot seed: with persistent config (its default) the value is
   * stored in the database on first start and later changes to it have no effect (facts §3).
   */
  readonly seed: boolean;
  /** Open WebUI versions its name and meaning are verified for; none for `extraEnv` passthrough. */
  readonly verified: readonly string[];
}

/**
 * Components whose `<NAME>_LOG_LEVEL` Open WebUI read before its logging moved to one global level:
 * the official chart's 11 (AUDIO ... WEBHOOK), SOCKET and OAUTH (added by later releases) and FILTER
 * (read by early releases).
 */
export const LEGACY_LOG_COMPONENTS = [
  'AUDIO',
  'COMFYUI',
  'CONFIG',
  'DB',
  'IMAGES',
  'MAIN',
  'MODELS',
  'OLLAMA',
  'OPENAI',
  'RAG',
  'WEBHOOK',
  'SOCKET',
  'OAUTH',
  'FILTER',
] as const;

/** Which Open WebUI-image process the rows are for: the app, the migrator, or the app pods' waiter. */
export type EnvProcess = 'serve' | 'migrate' | 'wait';

/** What rows are rendered from. */
export interface EnvInput {
  readonly v: Values;
  readonly redis: RedisBackend;
  readonly database: DatabaseBackend;
  readonly credentials: Credentials;
  /** Origins allowed by CORS_ALLOW_ORIGIN. */
  readonly origins: readonly string[];
  /** The URL users type (WEBUI_URL, redirect URIs, cookie Secure flags). */
  readonly publicUrl?: PublicUrl;
  readonly signIn: SignIn;
  readonly connections: ModelConnections;
  readonly process: EnvProcess;
}

/** A literal, a Secret key, or a field of the pod (Downward API), or nothing when the row is not rendered. */
type Rendered = string | number | boolean | SecretKeyRef | { readonly fieldPath: string } | undefined;

export interface EnvSpec {
  readonly name: string;
  /** The values key that sets it (dotted). */
  readonly key: string;
  /** What to set instead, when `extraEnv` tries to set it. @default the key */
  readonly instead?: string;
  /**
   * A first-boot seed (see EnvRow.seed): Open WebUI registers the variable's value in
   * `DEFAULT_CONFIG` (a `ConfigVar`), so the database's `config` row wins once it exists. Every
   * seed the chart renders is flagged: the rows below were checked against facts §3 (0.11.0 line
   * references) and the `DEFAULT_CONFIG` map of backend/open_webui/config.py at the stored revision
   * 00b1c6b (`webui.url`, `rag.content_extraction_engine`, `rag.tika_server_url`,
   * `rag.docling_server_url`, `rag.embedding_engine`, `rag.embedding_model`,
   * `rag.openai.api_base_url`/`api_key`, `rag.ollama.base_url`/`api_key`); none of the other
   * variables rendered here is in that map. @default false
   */
  readonly seed?: boolean;
  /** Other values keys its value is derived from (for the docs' env column and seed mark). @default none */
  readonly alsoFrom?: readonly string[];
  /**
   * A setting of the migration program (charts/programs/migration.py), not of Open WebUI: rendered
   * after `extraEnv`, never in the docs' Open WebUI column. @default false
   */
  readonly program?: boolean;
  /** Its value for this release, or undefined when it is not rendered. */
  readonly render: (m: EnvInput) => Rendered;
  /**
   * Several variables instead of one (per list item), each with its own name and values key; `name`
   * then documents the family (e.g. `OPEN_WEBUI_K8S_OPENAI_KEY_<n>`) and `pattern` matches its members.
   */
  readonly renderMany?: (
    m: EnvInput,
  ) => readonly { readonly name: string; readonly key: Path; readonly value: Rendered }[];
  readonly pattern?: RegExp;
  /** Not an Open WebUI variable: an intermediate the chart composes others from (never in the docs' Open WebUI column). @default false */
  readonly helper?: boolean;
  /** Never rendered: only refused in `extraEnv` (a variable a typed key owns indirectly). @default false */
  readonly refuseOnly?: boolean;
}

type Entry = Parameters<Credentials['get']>[0];
const when = <T>(cond: boolean, value: T): T | undefined => (cond ? value : undefined);
const external = (r: RedisBackend) =>
  r.kind === 'external' || r.kind === 'sentinel' || r.kind === 'cluster' ? r : undefined;
const at = (v: Values, key: string): Rendered =>
  key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], v) as Rendered;

/** A variable whose value is its key's value, rendered when `on` holds (and the key is set). */
const fromKey = (name: string, key: string, on?: (m: EnvInput) => boolean, more: Partial<EnvSpec> = {}): EnvSpec => ({
  name,
  key,
  ...more,
  render: (m) => (on && !on(m) ? undefined : at(m.v, key)),
});
/** A variable read from the Secret key that holds a credential (src/model/credentials.ts), when the release needs it. */
const fromSecret = (name: string, entry: Entry, instead: string, on?: (m: EnvInput) => boolean): EnvSpec => ({
  name,
  key: `secrets.keys.${entry}`,
  instead,
  render: (m) => (on && !on(m) ? undefined : m.credentials.get(entry)?.ref),
});
/** A variable computed from the model. */
const computed = (name: string, key: string, render: EnvSpec['render'], more: Partial<EnvSpec> = {}): EnvSpec => ({
  name,
  key,
  ...more,
  render,
});
/** A variable another typed key owns: never rendered, refused in `extraEnv` with what to set instead. */
const refused = (name: string, key: string, instead: string): EnvSpec => ({
  name,
  key,
  instead,
  refuseOnly: true,
  render: () => undefined,
});
/** A sign-in variable of an enabled OAuth provider. */
const ofProvider = (
  id: OAuthProviderId,
  name: string,
  key: string,
  value: (m: EnvInput) => Rendered = (m) => at(m.v, key),
): EnvSpec => ({
  name,
  key,
  render: (m) => (m.signIn.oauth.some((p) => p.id === id) ? value(m) : undefined),
});
const redirectOf = (id: OAuthProviderId) => (m: EnvInput) => m.signIn.oauth.find((p) => p.id === id)?.redirectUri;
const oauthOn = (m: EnvInput) => m.signIn.oauth.length > 0;
const list = (items: readonly string[]) => when(items.length > 0, items.join(','));
/** A variable the image and the pod fix: never rendered, refused in `extraEnv`. */
const fixed = (name: string, key: string, why: string): EnvSpec => ({
  name,
  key,
  instead: `nothing: ${why}`,
  render: () => undefined,
});

function redisUrl(r: RedisBackend): Rendered {
  if (r.kind === 'none') return undefined;
  if (r.kind === 'in-cluster') return `redis://${r.password ? 'default:$(REDIS_PASSWORD)@' : ''}${r.host}:${r.port}/0`;
  if (!r.tls) return r.url.ref;
  const query = ['ssl_cert_reqs=required', ...r.tls.files.map((f) => `${f.option}=${REDIS_TLS_DIR}/${f.path}`)];
  return `$(REDIS_SERVER_URL)?${query.join('&')}`;
}

const postgresql = (m: EnvInput) => m.database.kind !== 'sqlite';
const redis = (m: EnvInput) => m.redis.kind !== 'none';
const extraction = (m: EnvInput) => m.v.openwebui.contentExtraction.engine !== 'default';
const engine = (e: string) => (m: EnvInput) => m.v.openwebui.embeddings.engine === e;
const vectorDb = (t: string) => (m: EnvInput) => m.v.vectorDb.type === t;
/** pgvector's index method is `method` (the options of the other method are not rendered). */
const indexMethod = (method: string) => (m: EnvInput) => pgvectorTable(m.v)?.indexMethod === method;
const storage = (p: string) => (m: EnvInput) => m.v.storage.provider === p;
const withSecrets = (key: string) => `${key} and secrets.*`;
const OTEL_ENDPOINT = 'observability.otel.endpoint';
const OTEL_IDENTITY = 'observability.otel.podIdentity';
const otel = (m: EnvInput) => m.process === 'serve' && m.v.observability.otel.enabled;
const otlpHttp = (m: EnvInput) => m.v.observability.otel.protocol === 'http';
const podIdentity = (m: EnvInput) => otel(m) && m.v.observability.otel.podIdentity;
/**
 * The collector URL Open WebUI is given for a signal. Its exporters receive the endpoint as an
 * argument (utils/telemetry/setup.py, metrics.py, logs.py @ f9590b8), and the OTLP/HTTP exporters use
 * an argument verbatim (opentelemetry-python v1.39.0 exporter/opentelemetry-exporter-otlp-proto-http
 * .../trace_exporter/__init__.py:83-87: the `/v1/traces` path is appended only to the environment
 * fallback), so HTTP needs the per-signal path; gRPC takes host and port only (grpc exporter.py:297-309).
 */
function otlpUrl(m: EnvInput, signal: 'traces' | 'metrics' | 'logs'): string | undefined {
  const endpoint = m.v.observability.otel.endpoint;
  if (endpoint === undefined) return undefined;
  const base = endpoint.replace(/\/+$/, '');
  return otlpHttp(m) ? `${base}/v1/${signal}` : base;
}
/** OTEL_RESOURCE_ATTRIBUTES of a pod: its name is the service instance (the `instance` label behind a collector). */
export const OTEL_POD_ATTRIBUTES =
  'service.instance.id=$(POD_NAME),k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE)';

/** The keys that make up the backend addresses users reach (src/model/origins.ts backendAddresses). */
const ORIGIN_KEYS: readonly string[] = [
  'ingress.hosts',
  'ingress.tls',
  'ingress.alb.listenPort',
  'ingress.alb.protocol',
  'route.hostnames',
  'route.origin.scheme',
  'route.origin.port',
];

/** Every variable the chart manages, in container order. */
export const ENV: readonly EnvSpec[] = [
  // Secrets first: later values may refer to them with $(NAME).
  fromSecret('WEBUI_SECRET_KEY', 'secretKey', 'secrets.* (the key comes from the one app Secret)'),
  // OAuth (sso.*): the shared encryption keys and the client secrets, from their Secrets.
  fromSecret(
    'OAUTH_SESSION_TOKEN_ENCRYPTION_KEY',
    'oauthSessionTokenEncryptionKey',
    'sso.* (read from secrets.keys.oauthSessionTokenEncryptionKey whenever an OAuth provider is on)',
  ),
  fromSecret(
    'OAUTH_CLIENT_INFO_ENCRYPTION_KEY',
    'oauthClientInfoEncryptionKey',
    'sso.* (read from secrets.keys.oauthClientInfoEncryptionKey whenever an OAuth provider is on)',
  ),
  fromSecret(
    'OAUTH_CLIENT_SECRET',
    'oidcClientSecret',
    'sso.oidc (the secret comes from secrets.keys.oidcClientSecret)',
  ),
  fromSecret(
    'MICROSOFT_CLIENT_SECRET',
    'microsoftClientSecret',
    'sso.microsoft (the secret comes from secrets.keys.microsoftClientSecret)',
  ),
  fromSecret(
    'GOOGLE_CLIENT_SECRET',
    'googleClientSecret',
    'sso.google (the secret comes from secrets.keys.googleClientSecret)',
  ),
  fromSecret(
    'GITHUB_CLIENT_SECRET',
    'githubClientSecret',
    'sso.github (the secret comes from secrets.keys.githubClientSecret)',
  ),
  // Model connection keys: one variable per key, composed into OPENAI_API_KEYS below.
  {
    name: 'OPEN_WEBUI_K8S_OPENAI_KEY_<n>',
    pattern: OPENAI_KEY_VAR,
    key: 'openwebui.connections.openai',
    instead: 'openwebui.connections.openai[].apiKeySecretRef',
    helper: true,
    render: () => undefined,
    renderMany: (m) =>
      m.connections.openai.flatMap((c) =>
        c.apiKey && c.keyVar ? [{ name: c.keyVar, key: c.apiKey.secretFrom, value: c.apiKey.ref }] : [],
      ),
  },
  // Database. The development PostgreSQL's URL is composed in-cluster from its password.
  fromSecret(
    'POSTGRES_PASSWORD',
    'postgresPassword',
    'database.inCluster and secrets.keys.postgresPassword (composed into DATABASE_URL in-cluster)',
  ),
  {
    name: 'DATABASE_URL',
    key: 'secrets.keys.databaseUrl',
    instead: 'database.type and secrets.* (the URL comes from the app Secret)',
    render: ({ database: d }) =>
      d.kind === 'external'
        ? d.url.ref
        : d.kind === 'development'
          ? `postgresql://${d.username}:$(POSTGRES_PASSWORD)@${d.host}:${d.port}/${d.database}`
          : undefined,
  },
  fromKey('DATABASE_POOL_SIZE', 'database.pool.size', postgresql),
  fromKey('DATABASE_POOL_MAX_OVERFLOW', 'database.pool.maxOverflow', postgresql),
  fromKey('DATABASE_POOL_TIMEOUT', 'database.pool.timeoutSeconds', postgresql),
  fromKey('DATABASE_POOL_RECYCLE', 'database.pool.recycleSeconds', postgresql),
  {
    name: 'ENABLE_DB_MIGRATIONS',
    key: 'upgrade.migration',
    instead:
      'nothing: every Open WebUI process runs with False; the migration Job runs Alembic itself, with errors propagating',
    render: () => false,
  },
  // Redis and websockets: REDIS_URL and WEBSOCKET_REDIS_URL are always the same Redis.
  fromSecret(
    'REDIS_PASSWORD',
    'redisPassword',
    'redis.internal.auth and secrets.keys.redisPassword (composed into REDIS_URL in-cluster)',
  ),
  fromSecret(
    'REDIS_SERVER_URL',
    'redisUrl',
    'redis.external.tls and secrets.keys.redisUrl (the Secret URL before TLS options are appended)',
    (m) => !!external(m.redis)?.tls,
  ),
  {
    name: 'REDIS_URL',
    key: 'secrets.keys.redisUrl',
    instead: 'redis.* and secrets.*',
    render: (m) => redisUrl(m.redis),
  },
  {
    name: 'WEBSOCKET_REDIS_URL',
    key: 'redis.enabled',
    instead: 'redis.* (always the same Redis as REDIS_URL)',
    render: (m) => when(redis(m), '$(REDIS_URL)'),
  },
  fromKey('REDIS_KEY_PREFIX', 'redis.keyPrefix', redis),
  ...['REDIS', 'WEBSOCKET'].flatMap((prefix): EnvSpec[] => [
    {
      name: `${prefix}_SENTINEL_HOSTS`,
      key: 'redis.external.sentinel.hosts',
      ...(prefix === 'WEBSOCKET'
        ? { instead: 'redis.external.sentinel.hosts (always the same Sentinels as REDIS_SENTINEL_HOSTS)' }
        : {}),
      render: (m) => external(m.redis)?.sentinel?.hosts.join(','),
    },
    fromKey(`${prefix}_SENTINEL_PORT`, 'redis.external.sentinel.port', (m) => !!external(m.redis)?.sentinel),
  ]),
  fromKey('REDIS_CLUSTER', 'redis.external.cluster', (m) => m.redis.kind === 'cluster'),
  fromKey('WEBSOCKET_REDIS_CLUSTER', 'redis.external.cluster', (m) => m.redis.kind === 'cluster', {
    instead: 'redis.external.cluster (always the same as REDIS_CLUSTER)',
  }),
  computed(
    'REDIS_SOCKET_CONNECT_TIMEOUT',
    'redis.external.socketConnectTimeoutSeconds',
    (m) => external(m.redis)?.connectTimeoutSeconds,
  ),
  // env.py:383-389 and :417-423 @ f9590b8 (facts §5.1): int; a health check interval <= 0 is off,
  // a retry count < 1 falls back to 2.
  fromKey(
    'REDIS_HEALTH_CHECK_INTERVAL',
    'redis.healthCheckIntervalSeconds',
    (m) => redis(m) && m.v.redis.healthCheckIntervalSeconds > 0,
  ),
  fromKey(
    'REDIS_SENTINEL_MAX_RETRY_COUNT',
    'redis.external.sentinel.maxRetryCount',
    (m) => !!external(m.redis)?.sentinel,
  ),
  fromKey('ENABLE_WEBSOCKET_SUPPORT', 'openwebui.websocket.enabled'),
  fromKey('WEBSOCKET_MANAGER', 'openwebui.websocket.manager', (m) => m.v.openwebui.websocket.enabled),
  // Process model and performance.
  fromKey('UVICORN_WORKERS', 'openwebui.uvicornWorkers'),
  fromKey('THREAD_POOL_SIZE', 'openwebui.threadPoolSize'),
  fromKey('DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL', 'openwebui.userActiveStatusUpdateIntervalSeconds'),
  fromKey('ENABLE_ORJSON', 'openwebui.enableOrjson'),
  fromKey('ENABLE_COMPRESSION_MIDDLEWARE', 'openwebui.enableCompressionMiddleware'),
  fromKey('LOG_FORMAT', 'openwebui.logFormat'),
  fromKey('GLOBAL_LOG_LEVEL', 'openwebui.logLevel'),
  fromKey('ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS', 'openwebui.enablePipInstallFrontmatterRequirements'),
  // Persistent config (facts §3): whether the first-boot seeds below are read from the database.
  fromKey('ENABLE_PERSISTENT_CONFIG', 'openwebui.persistentConfig'),
  // URLs users reach: the public URL, the origins CORS admits, Secure cookies behind https. Unset,
  // the public URL is the first backend address (src/model/origins.ts): the keys that make up an
  // address (host, scheme, port) feed WEBUI_URL, a first-boot seed.
  { name: 'WEBUI_URL', key: 'publicUrl', seed: true, alsoFrom: ORIGIN_KEYS, render: (m) => m.publicUrl?.url },
  {
    name: 'CORS_ALLOW_ORIGIN',
    key: 'openwebui.corsAllowOrigin',
    alsoFrom: ORIGIN_KEYS,
    render: (m) => when(m.origins.length > 0, m.origins.join(';')),
  },
  { name: 'WEBUI_SESSION_COOKIE_SECURE', key: 'publicUrl', render: (m) => when(!!m.publicUrl?.https, true) },
  { name: 'WEBUI_AUTH_COOKIE_SECURE', key: 'publicUrl', render: (m) => when(!!m.publicUrl?.https, true) },
  // Sign-in (sso.*): settings every OAuth provider shares, then each provider, then trusted headers.
  fromKey('ENABLE_OAUTH_SIGNUP', 'sso.enableSignup', oauthOn),
  fromKey('OAUTH_MERGE_ACCOUNTS_BY_EMAIL', 'sso.mergeAccountsByEmail', oauthOn),
  computed('OAUTH_ALLOWED_DOMAINS', 'sso.allowedDomains', (m) => when(oauthOn(m), list(m.v.sso.allowedDomains))),
  fromKey('ENABLE_OAUTH_ROLE_MANAGEMENT', 'sso.enableRoleManagement', oauthOn),
  fromKey('OAUTH_ROLES_CLAIM', 'sso.roleManagement.rolesClaim', (m) => oauthOn(m) && m.v.sso.enableRoleManagement),
  computed('OAUTH_ALLOWED_ROLES', 'sso.roleManagement.allowedRoles', (m) =>
    when(oauthOn(m) && m.v.sso.enableRoleManagement, list(m.v.sso.roleManagement.allowedRoles)),
  ),
  computed('OAUTH_ADMIN_ROLES', 'sso.roleManagement.adminRoles', (m) =>
    when(oauthOn(m) && m.v.sso.enableRoleManagement, list(m.v.sso.roleManagement.adminRoles)),
  ),
  fromKey('ENABLE_OAUTH_GROUP_MANAGEMENT', 'sso.enableGroupManagement', oauthOn),
  fromKey('OAUTH_GROUPS_CLAIM', 'sso.groupManagement.groupsClaim', (m) => oauthOn(m) && m.v.sso.enableGroupManagement),
  fromKey('ENABLE_LOGIN_FORM', 'sso.enableLoginForm', (m) => m.v.sso.enabled, { seed: true }),
  ofProvider('oidc', 'OAUTH_CLIENT_ID', 'sso.oidc.clientId'),
  ofProvider('oidc', 'OPENID_PROVIDER_URL', 'sso.oidc.providerUrl'),
  ofProvider('oidc', 'OAUTH_PROVIDER_NAME', 'sso.oidc.providerName'),
  ofProvider('oidc', 'OAUTH_SCOPES', 'sso.oidc.scopes'),
  ofProvider('oidc', 'OAUTH_CODE_CHALLENGE_METHOD', 'sso.oidc.codeChallengeMethod'),
  ofProvider('oidc', 'OPENID_REDIRECT_URI', 'sso.oidc.redirectUri', redirectOf('oidc')),
  ofProvider('microsoft', 'MICROSOFT_CLIENT_ID', 'sso.microsoft.clientId'),
  ofProvider('microsoft', 'MICROSOFT_CLIENT_TENANT_ID', 'sso.microsoft.tenantId'),
  ofProvider('microsoft', 'MICROSOFT_CLIENT_LOGIN_BASE_URL', 'sso.microsoft.loginBaseUrl'),
  ofProvider('microsoft', 'MICROSOFT_REDIRECT_URI', 'sso.microsoft.redirectUri', redirectOf('microsoft')),
  ofProvider('google', 'GOOGLE_CLIENT_ID', 'sso.google.clientId'),
  ofProvider('google', 'GOOGLE_REDIRECT_URI', 'sso.google.redirectUri', redirectOf('google')),
  ofProvider('github', 'GITHUB_CLIENT_ID', 'sso.github.clientId'),
  ofProvider('github', 'GITHUB_CLIENT_REDIRECT_URI', 'sso.github.redirectUri', redirectOf('github')),
  ...(
    [
      ['WEBUI_AUTH_TRUSTED_EMAIL_HEADER', 'email', 'emailHeader'],
      ['WEBUI_AUTH_TRUSTED_NAME_HEADER', 'name', 'nameHeader'],
      ['WEBUI_AUTH_TRUSTED_GROUPS_HEADER', 'groups', 'groupsHeader'],
      ['WEBUI_AUTH_TRUSTED_ROLE_HEADER', 'role', 'roleHeader'],
    ] as const
  ).map(([name, header, key]): EnvSpec => ({
    name,
    key: `sso.trustedHeader.${key}`,
    render: (m) => m.signIn.trustedHeader?.headers[header],
  })),
  // Model connections (first-boot seeds, facts §3): on exactly when configured.
  computed('ENABLE_OPENAI_API', 'openwebui.connections.openai', (m) => m.connections.openai.length > 0, { seed: true }),
  computed('OPENAI_API_BASE_URLS', 'openwebui.connections.openai', (m) => openaiEnv(m.connections)?.urls, {
    seed: true,
  }),
  computed('OPENAI_API_KEYS', 'openwebui.connections.openai', (m) => openaiEnv(m.connections)?.keys, { seed: true }),
  refused(
    'OPENAI_API_BASE_URL',
    'openwebui.connections.openai',
    'openwebui.connections.openai (OPENAI_API_BASE_URLS, which wins over it)',
  ),
  refused(
    'OPENAI_API_KEY',
    'openwebui.connections.openai',
    'openwebui.connections.openai[].apiKeySecretRef (OPENAI_API_KEYS, which wins over it)',
  ),
  computed('ENABLE_OLLAMA_API', 'openwebui.connections.ollama', (m) => m.connections.ollama.length > 0, { seed: true }),
  computed(
    'OLLAMA_BASE_URLS',
    'openwebui.connections.ollama',
    (m) => when(m.connections.ollama.length > 0, m.connections.ollama.map((o) => o.baseUrl).join(';')),
    { seed: true },
  ),
  refused(
    'OLLAMA_BASE_URL',
    'openwebui.connections.ollama',
    'openwebui.connections.ollama (OLLAMA_BASE_URLS, which wins over it)',
  ),
  // RAG: extraction, embeddings (first-boot seeds, facts §3), vector database.
  fromKey('CONTENT_EXTRACTION_ENGINE', 'openwebui.contentExtraction.engine', extraction, { seed: true }),
  fromKey('TIKA_SERVER_URL', 'openwebui.contentExtraction.tikaServerUrl', extraction, { seed: true }),
  fromKey('DOCLING_SERVER_URL', 'openwebui.contentExtraction.doclingServerUrl', extraction, { seed: true }),
  fromKey('RAG_EMBEDDING_ENGINE', 'openwebui.embeddings.engine', (m) => !engine('local')(m), { seed: true }),
  fromKey('RAG_EMBEDDING_MODEL', 'openwebui.embeddings.model', (m) => !!m.v.openwebui.embeddings.model, { seed: true }),
  ...(
    [
      ['openai', 'RAG_OPENAI_API_BASE_URL', 'RAG_OPENAI_API_KEY'],
      ['ollama', 'RAG_OLLAMA_BASE_URL', 'RAG_OLLAMA_API_KEY'],
    ] as const
  ).flatMap(([e, url, key]): EnvSpec[] => [
    fromKey(url, 'openwebui.embeddings.baseUrl', engine(e), {
      seed: true,
      instead: `openwebui.embeddings.baseUrl (with engine ${e})`,
    }),
    {
      name: key,
      key: 'openwebui.embeddings.apiKeySecretRef',
      seed: true,
      instead: `openwebui.embeddings.apiKeySecretRef (with engine ${e})`,
      render: (m) => when(engine(e)(m), m.credentials.ref('openwebui.embeddings.apiKeySecretRef')?.ref),
    },
  ]),
  fromKey('VECTOR_DB', 'vectorDb.type'),
  fromSecret('PGVECTOR_DB_URL', 'pgvectorDbUrl', withSecrets('vectorDb.pgvector.separateUrl')),
  // Open WebUI opens a second SQLAlchemy pool for pgvector in every process: bound it explicitly.
  fromKey('PGVECTOR_POOL_SIZE', 'vectorDb.pgvector.pool.size', vectorDb('pgvector')),
  fromKey('PGVECTOR_POOL_MAX_OVERFLOW', 'vectorDb.pgvector.pool.maxOverflow', vectorDb('pgvector')),
  // The table and index the migration Job creates once, fixed from then on (src/model/pgvector.ts).
  fromKey('PGVECTOR_CREATE_EXTENSION', 'vectorDb.pgvector.createExtension', vectorDb('pgvector')),
  fromKey('PGVECTOR_INITIALIZE_MAX_VECTOR_LENGTH', 'vectorDb.pgvector.dimensions', vectorDb('pgvector')),
  fromKey('PGVECTOR_USE_HALFVEC', 'vectorDb.pgvector.halfvec', vectorDb('pgvector')),
  computed('PGVECTOR_INDEX_METHOD', 'vectorDb.pgvector.indexMethod', (m) => pgvectorTable(m.v)?.indexMethod),
  fromKey('PGVECTOR_HNSW_M', 'vectorDb.pgvector.hnsw.m', indexMethod('hnsw')),
  fromKey('PGVECTOR_HNSW_EF_CONSTRUCTION', 'vectorDb.pgvector.hnsw.efConstruction', indexMethod('hnsw')),
  fromKey('PGVECTOR_IVFFLAT_LISTS', 'vectorDb.pgvector.ivfflat.lists', indexMethod('ivfflat')),
  fromKey('QDRANT_URI', 'vectorDb.qdrant.uri', vectorDb('qdrant')),
  fromSecret('QDRANT_API_KEY', 'qdrantApiKey', withSecrets('vectorDb.qdrant.apiKeyFromSecret')),
  fromKey('MILVUS_URI', 'vectorDb.milvus.uri', vectorDb('milvus')),
  fromKey('CHROMA_HTTP_HOST', 'vectorDb.chroma.httpHost', vectorDb('chroma')),
  fromKey(
    'CHROMA_HTTP_PORT',
    'vectorDb.chroma.httpPort',
    (m) => vectorDb('chroma')(m) && !!m.v.vectorDb.chroma.httpHost,
  ),
  // File storage.
  fromKey('STORAGE_PROVIDER', 'storage.provider', (m) => !storage('local')(m)),
  fromKey('S3_BUCKET_NAME', 'storage.s3.bucketName', storage('s3')),
  fromKey('S3_REGION_NAME', 'storage.s3.regionName', storage('s3')),
  fromKey('S3_ENDPOINT_URL', 'storage.s3.endpointUrl', storage('s3')),
  fromKey('S3_KEY_PREFIX', 'storage.s3.keyPrefix', storage('s3')),
  fromSecret('S3_ACCESS_KEY_ID', 's3AccessKeyId', withSecrets('storage.s3.credentialsFromSecret')),
  fromSecret('S3_SECRET_ACCESS_KEY', 's3SecretAccessKey', withSecrets('storage.s3.credentialsFromSecret')),
  fromKey('GCS_BUCKET_NAME', 'storage.gcs.bucketName', storage('gcs')),
  fromSecret(
    'GOOGLE_APPLICATION_CREDENTIALS_JSON',
    'gcsCredentialsJson',
    withSecrets('storage.gcs.credentialsFromSecret'),
  ),
  fromKey('AZURE_STORAGE_ENDPOINT', 'storage.azure.endpoint', storage('azure')),
  fromKey('AZURE_STORAGE_CONTAINER_NAME', 'storage.azure.containerName', storage('azure')),
  fromSecret('AZURE_STORAGE_KEY', 'azureStorageKey', withSecrets('storage.azure.credentialsFromSecret')),
  // OpenTelemetry (facts section 9; backend/open_webui/env.py:1189-1224 @ f9590b8). Only the serving pods:
  // main.py:498-501 sets telemetry up at app start; the migrator and the waiter never import main.py.
  fromKey('ENABLE_OTEL', 'observability.otel.enabled', otel),
  fromKey('ENABLE_OTEL_METRICS', 'observability.otel.metrics', otel),
  fromKey('ENABLE_OTEL_TRACES', 'observability.otel.traces', otel),
  fromKey('ENABLE_OTEL_LOGS', 'observability.otel.logs', otel),
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', key: OTEL_ENDPOINT, render: (m) => when(otel(m), otlpUrl(m, 'traces')) },
  ...(['metrics', 'logs'] as const).map((signal): EnvSpec => ({
    name: `OTEL_${signal.toUpperCase()}_EXPORTER_OTLP_ENDPOINT`,
    key: OTEL_ENDPOINT,
    instead: `${OTEL_ENDPOINT} (with protocol http the chart renders the /v1/${signal} URL; with grpc ${signal} share the endpoint)`,
    render: (m) => when(otel(m) && otlpHttp(m), otlpUrl(m, signal)),
  })),
  fromKey('OTEL_OTLP_SPAN_EXPORTER', 'observability.otel.protocol', otel),
  {
    name: 'OTEL_EXPORTER_OTLP_INSECURE',
    key: OTEL_ENDPOINT,
    instead: `${OTEL_ENDPOINT} (its scheme: http:// is plain text, https:// TLS)`,
    render: (m) => when(otel(m) && !otlpHttp(m), m.v.observability.otel.endpoint?.startsWith('http://') ?? false),
  },
  fromKey('OTEL_SERVICE_NAME', 'observability.otel.serviceName', otel),
  fromKey(
    'OTEL_METRICS_EXPORT_INTERVAL_MILLIS',
    'observability.otel.exportIntervalMillis',
    (m) => otel(m) && m.v.observability.otel.metrics,
  ),
  fromKey('OTEL_BASIC_AUTH_USERNAME', 'observability.otel.basicAuth.username', otel),
  fromKey('OTEL_BASIC_AUTH_PASSWORD', 'observability.otel.basicAuth.passwordSecretRef', otel),
  // Per-pod identity: the SDK's Resource.create reads OTEL_RESOURCE_ATTRIBUTES (OTELResourceDetector,
  // open-telemetry/opentelemetry-python v1.39.0 opentelemetry-sdk/src/opentelemetry/sdk/resources/__init__.py:179-231,
  // 336-358) under the attributes Open WebUI passes (utils/telemetry/setup.py:29: service.name only), and the
  // collector's Prometheus exporter makes service.instance.id the `instance` label (docs/runbook.md#metric-sources).
  ...(
    [
      ['POD_NAME', 'metadata.name'],
      ['POD_NAMESPACE', 'metadata.namespace'],
    ] as const
  ).map(([name, fieldPath]): EnvSpec => ({
    name,
    key: OTEL_IDENTITY,
    render: (m) => when(podIdentity(m), { fieldPath }),
  })),
  computed('OTEL_RESOURCE_ATTRIBUTES', OTEL_IDENTITY, (m) => when(podIdentity(m), OTEL_POD_ATTRIBUTES)),
  // Fixed by the image and the pod: never set.
  fixed('PORT', 'service.port', 'the container listens on 8080 (change service.port for the Service)'),
  fixed(
    'DATA_DIR',
    'persistence',
    '/app/backend/data is the shared data volume (persistence.*); moving it off the volume loses uploads between replicas',
  ),
  fixed('FRONTEND_BUILD_DIR', 'image', 'the image serves its own frontend'),
  fixed('STATIC_DIR', 'image', 'the image serves its own static files'),
  // RESET_CONFIG_ON_START=true deletes every config row at every start (backend/open_webui/env.py:365,
  // main.py:335-336 @ f9590b8; facts §2.2 "never use with replicas"): each pod that starts (a restart, a
  // scale-up, a rollout) wipes the Admin-UI settings every running replica reads.
  fixed(
    'RESET_CONFIG_ON_START',
    'openwebui.persistentConfig',
    'it deletes every stored setting whenever any pod starts (a restart, a scale-up, a rollout), under the replicas already serving; to make the environment authoritative set openwebui.persistentConfig: false (ENABLE_PERSISTENT_CONFIG), one replica only',
  ),
  // Per-component log levels: read by older releases (env.py's `log_sources`; the official chart
  // validates 11 of them), ignored by 0.11.0: its env.py reads LOG_FORMAT and GLOBAL_LOG_LEVEL
  // (backend/open_webui/env.py:104-118 @ f9590b8, facts §7.1) and then only defines
  // `SRC_LOG_LEVELS = {}  # Legacy variable`, which no logger reads (open-webui/docs@0475294
  // docs/getting-started/advanced-topics/logging.md: "kept only as an empty placeholder").
  ...LEGACY_LOG_COMPONENTS.map((c) =>
    fixed(
      `${c}_LOG_LEVEL`,
      'openwebui.logLevel',
      'Open WebUI 0.11.0 reads no per-component log level (its SRC_LOG_LEVELS is an empty legacy placeholder), so this variable would be silently ignored; set openwebui.logLevel (GLOBAL_LOG_LEVEL) for every component',
    ),
  ),
  // The migration program's settings (migrator and the app pods' waiter), after extraEnv.
  {
    name: 'OWK_MIGRATION_ID',
    key: 'upgrade.migration',
    instead: "nothing: the migrator and the app pods' waiter read the migration Job name from their pod label",
    program: true,
    render: (m) => when(m.process !== 'serve', { fieldPath: `metadata.labels['${MIGRATION_JOB_LABEL}']` }),
  },
  fromKey('OWK_POLL_SECONDS', 'upgrade.waiter.pollSeconds', (m) => m.process !== 'serve', { program: true }),
  fromKey('OWK_DATABASE_WAIT_SECONDS', 'upgrade.migration.databaseWaitSeconds', (m) => m.process === 'migrate', {
    program: true,
  }),
  // After the Job's deadline the migration can no longer succeed; the kubelet restarts the waiter, which waits again.
  fromKey('OWK_WAIT_TIMEOUT_SECONDS', 'upgrade.migration.activeDeadlineSeconds', (m) => m.process === 'wait', {
    program: true,
  }),
];

/**
 * Values key -> the variables it sets (managed rows only; a credential's variable also under
 * `secrets.inline.<entry>`), for docs/values.md and values.schema.json.
 */
export function envByKey(): Map<string, { names: string[]; seed: boolean; seeds: string[] }> {
  const out = new Map<string, { names: string[]; seed: boolean; seeds: string[] }>();
  for (const e of ENV) {
    if (e.instead?.startsWith('nothing:') || e.program || e.helper || e.refuseOnly) continue;
    const keys = e.key.startsWith('secrets.keys.') ? [e.key, e.key.replace('.keys.', '.inline.')] : [e.key];
    for (const k of [...keys, ...(e.alsoFrom ?? [])]) {
      const row = out.get(k) ?? { names: [], seed: false, seeds: [] };
      row.names.push(e.name);
      if (e.seed) row.seeds.push(e.name);
      row.seed ||= e.seed ?? false;
      out.set(k, row);
    }
  }
  return out;
}

/** Managed name -> what to set instead (for the `extra-env-managed` rule); families of names are in `managedEnv`. */
export const MANAGED_ENV: ReadonlyMap<string, string> = new Map(
  ENV.filter((e) => !e.pattern).map((e) => [e.name, e.instead ?? e.key]),
);

/** What to set instead of a managed name (an exact name or a member of a family such as OPEN_WEBUI_K8S_OPENAI_KEY_<n>), or undefined. */
export function managedEnv(name: string): string | undefined {
  return MANAGED_ENV.get(name) ?? ENV.find((e) => e.pattern?.test(name))?.instead;
}

/**
 * Variables `extraEnv` may pass that are first-boot seeds too (not managed by typed keys here),
 * for `diff` and `plan`: facts §3 (0.11.0) confirms ENABLE_OLLAMA_API (`ollama.enable`) and
 * JWT_EXPIRES_IN (`auth.jwt_expiry`); the model connections feed `ollama.base_urls`,
 * `openai.enable`, `openai.api_base_urls` and `openai.api_keys` of `DEFAULT_CONFIG` in
 * backend/open_webui/config.py at the stored revision 00b1c6b.
 */
export const PASSTHROUGH_SEEDS: readonly string[] = [
  'ENABLE_OLLAMA_API',
  'OLLAMA_BASE_URL',
  'OLLAMA_BASE_URLS',
  'ENABLE_OPENAI_API',
  'OPENAI_API_BASE_URL',
  'OPENAI_API_BASE_URLS',
  'OPENAI_API_KEY',
  'OPENAI_API_KEYS',
  'JWT_EXPIRES_IN',
];

/** Env var name -> the values key that sets it, for every first-boot seed (typed rows and `extraEnv` passthrough). */
export function firstBootSeeds(): ReadonlyMap<string, string> {
  const out = new Map<string, string>(PASSTHROUGH_SEEDS.filter((n) => !managedEnv(n)).map((n) => [n, 'extraEnv']));
  for (const e of ENV) if (e.seed) out.set(e.name, e.key);
  return out;
}

/** ENV split by container part (the managed rows, then the program's settings), each spec with its key as a path: computed once. */
const ROW_SPECS: Record<'managed' | 'program', readonly { spec: EnvSpec; key: Path }[]> = {
  managed: ENV.filter((spec) => !spec.program).map((spec) => ({ spec, key: spec.key.split('.') })),
  program: ENV.filter((spec) => spec.program).map((spec) => ({ spec, key: spec.key.split('.') })),
};

/** The rows of one container: the managed variables this release renders, `extraEnv`, then the program's settings. */
export function envTable(m: EnvInput): EnvRow[] {
  const rows: EnvRow[] = [];
  const managed = (part: 'managed' | 'program'): void => {
    const program = part === 'program';
    for (const { spec, key: specKey } of ROW_SPECS[part]) {
      const items = spec.renderMany ? spec.renderMany(m) : [{ name: spec.name, key: specKey, value: spec.render(m) }];
      for (const { name, key, value } of items) {
        if (value === undefined) continue;
        const base = {
          name,
          key,
          seed: spec.seed ?? false,
          verified: program || spec.helper ? [] : VERIFIED_OPEN_WEBUI_VERSIONS,
        };
        if (typeof value !== 'object')
          rows.push({ ...base, value: typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value) });
        else if ('fieldPath' in value)
          rows.push({ ...base, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: value.fieldPath } } });
        else rows.push({ ...base, secret: { name: value.name, key: value.key } });
      }
    }
  };
  managed('managed');
  m.v.extraEnv.forEach((e, i) =>
    rows.push({
      name: e.name,
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.valueFrom ? { valueFrom: e.valueFrom } : {}),
      key: ['extraEnv', i],
      seed: false,
      verified: [],
    }),
  );
  managed('program');
  return rows;
}
