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
import { Credentials, SecretKeyRef } from './credentials';
import { MIGRATION_JOB_LABEL } from './names';
import { pgvectorTable } from './pgvector';
import { REDIS_TLS_DIR } from './pod';

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

/** Which Open WebUI-image process the rows are for: the app, the migrator, or the app pods' waiter. */
export type EnvProcess = 'serve' | 'migrate' | 'wait';

/** What rows are rendered from. */
export interface EnvInput {
  readonly v: Values;
  readonly redis: RedisBackend;
  readonly database: DatabaseBackend;
  readonly credentials: Credentials;
  /** Origins users reach (CORS_ALLOW_ORIGIN), and the URL the app calls its own (WEBUI_URL). */
  readonly origins: readonly string[];
  readonly webuiUrl?: string;
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
const storage = (p: string) => (m: EnvInput) => m.v.storage.provider === p;
const withSecrets = (key: string) => `${key} and secrets.*`;

/** Every variable the chart manages, in container order. */
/** The keys that make up the origins users reach (src/model/endpoints.ts ingressOrigins, routeOrigins). */
const ORIGIN_KEYS: readonly string[] = [
  'ingress.hosts',
  'ingress.tls',
  'ingress.alb.listenPort',
  'ingress.alb.protocol',
  'route.hostnames',
  'route.origin.scheme',
  'route.origin.port',
];

export const ENV: readonly EnvSpec[] = [
  // Secrets first: later values may refer to them with $(NAME).
  fromSecret('WEBUI_SECRET_KEY', 'secretKey', 'secrets.* (the key comes from the one app Secret)'),
  fromSecret(
    'OAUTH_SESSION_TOKEN_ENCRYPTION_KEY',
    'oauthSessionTokenEncryptionKey',
    withSecrets('openwebui.oauth.enabled'),
  ),
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
  {
    name: 'REDIS_SOCKET_CONNECT_TIMEOUT',
    key: 'redis.external.socketConnectTimeoutSeconds',
    render: (m) => external(m.redis)?.connectTimeoutSeconds,
  },
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
  fromKey('ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS', 'openwebui.enablePipInstallFrontmatterRequirements'),
  // Persistent config (facts §3): whether the first-boot seeds below are read from the database.
  fromKey('ENABLE_PERSISTENT_CONFIG', 'openwebui.persistentConfig'),
  // URLs users reach.
  // Unset, WEBUI_URL is the first origin users reach (src/model/endpoints.ts publicOrigins): the keys
  // that make up an origin (host, scheme, port) feed it.
  {
    name: 'WEBUI_URL',
    key: 'openwebui.webuiUrl',
    seed: true,
    alsoFrom: ['openwebui.corsAllowOrigin', ...ORIGIN_KEYS],
    render: (m) => m.webuiUrl,
  },
  {
    name: 'CORS_ALLOW_ORIGIN',
    key: 'openwebui.corsAllowOrigin',
    alsoFrom: ORIGIN_KEYS,
    render: (m) => when(m.origins.length > 0, m.origins.join(';')),
  },
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
    fromKey(key, 'openwebui.embeddings.apiKeySecretRef', engine(e), {
      seed: true,
      instead: `openwebui.embeddings.apiKeySecretRef (with engine ${e})`,
    }),
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
  {
    name: 'PGVECTOR_INDEX_METHOD',
    key: 'vectorDb.pgvector.indexMethod',
    render: (m) => pgvectorTable(m.v)?.indexMethod,
  },
  fromKey('PGVECTOR_HNSW_M', 'vectorDb.pgvector.hnsw.m', (m) => pgvectorTable(m.v)?.indexMethod === 'hnsw'),
  fromKey(
    'PGVECTOR_HNSW_EF_CONSTRUCTION',
    'vectorDb.pgvector.hnsw.efConstruction',
    (m) => pgvectorTable(m.v)?.indexMethod === 'hnsw',
  ),
  fromKey(
    'PGVECTOR_IVFFLAT_LISTS',
    'vectorDb.pgvector.ivfflat.lists',
    (m) => pgvectorTable(m.v)?.indexMethod === 'ivfflat',
  ),
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
  // Fixed by the image and the pod: never set.
  fixed('PORT', 'service.port', 'the container listens on 8080 (change service.port for the Service)'),
  fixed(
    'DATA_DIR',
    'persistence',
    '/app/backend/data is the shared data volume (persistence.*); moving it off the volume loses uploads between replicas',
  ),
  fixed('FRONTEND_BUILD_DIR', 'image', 'the image serves its own frontend'),
  fixed('STATIC_DIR', 'image', 'the image serves its own static files'),
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
    if (e.instead?.startsWith('nothing:') || e.program) continue;
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
  const out = new Map<string, string>(PASSTHROUGH_SEEDS.map((n) => [n, 'extraEnv']));
  for (const e of ENV) if (e.seed) out.set(e.name, e.key);
  return out;
}

/** Managed name -> what to set instead (for the `extra-env-managed` rule). */
export const MANAGED_ENV: ReadonlyMap<string, string> = new Map(ENV.map((e) => [e.name, e.instead ?? e.key]));

const pathOf = (dotted: string): Path => dotted.split('.');

/** The rows of one container: the managed variables this release renders, `extraEnv`, then the program's settings. */
export function envTable(m: EnvInput): EnvRow[] {
  const managed = (program: boolean): EnvRow[] =>
    ENV.filter((spec) => (spec.program ?? false) === program).flatMap((spec): EnvRow[] => {
      const value = spec.render(m);
      if (value === undefined) return [];
      const base = {
        name: spec.name,
        key: pathOf(spec.key),
        seed: spec.seed ?? false,
        verified: program ? [] : VERIFIED_OPEN_WEBUI_VERSIONS,
      };
      if (typeof value !== 'object')
        return [{ ...base, value: typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value) }];
      if ('fieldPath' in value)
        return [{ ...base, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: value.fieldPath } } }];
      return [{ ...base, secret: { name: value.name, key: value.key } }];
    });
  const rows = managed(false);
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
  return [...rows, ...managed(true)];
}
