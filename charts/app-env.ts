/**
 * The Open WebUI environment, composed from validated values, the app Secret and `extraEnv`.
 * Shared by the serving Deployment and the migration Job so both see the same configuration;
 * only ENABLE_DB_MIGRATIONS differs.
 */
import { k8s } from 'cdk8s-plus-28';
import { Values } from '../src/values/schema';
import { databaseUrlEnv } from './postgresql-env';
import { redisEnv } from './redis-env';
import { Release } from './release';
import { fromAppSecret } from './secret-ref';

export interface AppEnvOptions {
  /** True only for the one migrator process. Serving replicas always get False. */
  readonly runMigrations: boolean;
}

const plain = (name: string, value: string | number | boolean): k8s.EnvVar => ({
  name,
  value: typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value),
});

/** Origins users reach, derived from the Ingress when `openwebui.corsAllowOrigin` is empty. */
export function publicOrigins(v: Values): string[] {
  if (v.openwebui.corsAllowOrigin.length > 0) return v.openwebui.corsAllowOrigin;
  if (!v.ingress.enabled) return [];
  const tlsHosts = new Set(v.ingress.tls.flatMap((t) => t.hosts));
  return v.ingress.hosts
    .filter((h) => !h.host.startsWith('*.'))
    .map((h) => {
      if (v.ingress.controller === 'alb') {
        const scheme = v.ingress.alb.protocol === 'HTTPS' ? 'https' : 'http';
        const defaultPort = scheme === 'https' ? 443 : 80;
        return `${scheme}://${h.host}${v.ingress.alb.listenPort === defaultPort ? '' : `:${v.ingress.alb.listenPort}`}`;
      }
      return `${tlsHosts.has(h.host) ? 'https' : 'http'}://${h.host}`;
    });
}

export function appEnv(release: Release, opts: AppEnvOptions): k8s.EnvVar[] {
  const v = release.values;
  const env: k8s.EnvVar[] = [];
  const ow = v.openwebui;

  // Secrets first: later values may refer to them with $(NAME).
  env.push(fromAppSecret(release, 'secretKey'));
  if (ow.oauth.enabled) env.push(fromAppSecret(release, 'oauthSessionTokenEncryptionKey'));

  // Database.
  if (v.database.type === 'postgresql') {
    env.push(...databaseUrlEnv(release));
    env.push(
      plain('DATABASE_POOL_SIZE', v.database.pool.size),
      plain('DATABASE_POOL_MAX_OVERFLOW', v.database.pool.maxOverflow),
      plain('DATABASE_POOL_TIMEOUT', v.database.pool.timeoutSeconds),
      plain('DATABASE_POOL_RECYCLE', v.database.pool.recycleSeconds),
    );
  }
  env.push(plain('ENABLE_DB_MIGRATIONS', opts.runMigrations));

  // Redis and websockets.
  env.push(...redisEnv(release));
  env.push(plain('ENABLE_WEBSOCKET_SUPPORT', ow.websocket.enabled));
  if (ow.websocket.enabled) env.push(plain('WEBSOCKET_MANAGER', ow.websocket.manager));

  // Process model and performance.
  env.push(plain('UVICORN_WORKERS', ow.uvicornWorkers));
  if (ow.threadPoolSize !== undefined) env.push(plain('THREAD_POOL_SIZE', ow.threadPoolSize));
  if (ow.userActiveStatusUpdateIntervalSeconds !== undefined)
    env.push(plain('DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL', ow.userActiveStatusUpdateIntervalSeconds));
  if (ow.enableOrjson !== undefined) env.push(plain('ENABLE_ORJSON', ow.enableOrjson));
  if (ow.enableCompressionMiddleware !== undefined)
    env.push(plain('ENABLE_COMPRESSION_MIDDLEWARE', ow.enableCompressionMiddleware));
  if (ow.logFormat !== undefined) env.push(plain('LOG_FORMAT', ow.logFormat));
  env.push(plain('ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS', ow.enablePipInstallFrontmatterRequirements));

  // URLs users reach.
  const origins = publicOrigins(v);
  const webuiUrl = ow.webuiUrl ?? origins.find((o) => o !== '*');
  if (webuiUrl) env.push(plain('WEBUI_URL', webuiUrl));
  if (origins.length > 0) env.push(plain('CORS_ALLOW_ORIGIN', origins.join(';')));

  // RAG: extraction, embeddings, vector database.
  if (ow.contentExtraction.engine !== 'default') {
    env.push(plain('CONTENT_EXTRACTION_ENGINE', ow.contentExtraction.engine));
    if (ow.contentExtraction.tikaServerUrl) env.push(plain('TIKA_SERVER_URL', ow.contentExtraction.tikaServerUrl));
    if (ow.contentExtraction.doclingServerUrl)
      env.push(plain('DOCLING_SERVER_URL', ow.contentExtraction.doclingServerUrl));
  }
  if (ow.embeddings.engine !== 'local') env.push(plain('RAG_EMBEDDING_ENGINE', ow.embeddings.engine));
  if (ow.embeddings.model) env.push(plain('RAG_EMBEDDING_MODEL', ow.embeddings.model));
  env.push(...embeddingsApiEnv(v));
  env.push(...vectorDbEnv(release));

  // File storage.
  env.push(...storageEnv(release));

  // Passthrough last, so it can refer to everything above with $(NAME).
  env.push(
    ...v.extraEnv.map((e) => ({
      name: e.name,
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.valueFrom ? { valueFrom: e.valueFrom as k8s.EnvVarSource } : {}),
    })),
  );
  return env;
}

/** Base URL and API key of an external embeddings engine (RAG_OPENAI_* or RAG_OLLAMA_*). */
function embeddingsApiEnv(v: Values): k8s.EnvVar[] {
  const e = v.openwebui.embeddings;
  if (e.engine === 'local') return [];
  const [urlEnv, keyEnv] =
    e.engine === 'openai'
      ? ['RAG_OPENAI_API_BASE_URL', 'RAG_OPENAI_API_KEY']
      : ['RAG_OLLAMA_BASE_URL', 'RAG_OLLAMA_API_KEY'];
  return [
    ...(e.baseUrl ? [plain(urlEnv, e.baseUrl)] : []),
    ...(e.apiKeySecretRef
      ? [{ name: keyEnv, valueFrom: { secretKeyRef: { name: e.apiKeySecretRef.name, key: e.apiKeySecretRef.key } } }]
      : []),
  ];
}

function vectorDbEnv(release: Release): k8s.EnvVar[] {
  const vdb = release.values.vectorDb;
  const env: k8s.EnvVar[] = [plain('VECTOR_DB', vdb.type)];
  switch (vdb.type) {
    case 'pgvector':
      if (vdb.pgvector.separateUrl) env.push(fromAppSecret(release, 'pgvectorDbUrl'));
      // Open WebUI opens a second SQLAlchemy pool for pgvector in every process: bound it explicitly.
      env.push(
        plain('PGVECTOR_POOL_SIZE', vdb.pgvector.pool.size),
        plain('PGVECTOR_POOL_MAX_OVERFLOW', vdb.pgvector.pool.maxOverflow),
      );
      break;
    case 'qdrant':
      if (vdb.qdrant.uri) env.push(plain('QDRANT_URI', vdb.qdrant.uri));
      if (vdb.qdrant.apiKeyFromSecret) env.push(fromAppSecret(release, 'qdrantApiKey'));
      break;
    case 'milvus':
      if (vdb.milvus.uri) env.push(plain('MILVUS_URI', vdb.milvus.uri));
      break;
    case 'chroma':
      if (vdb.chroma.httpHost)
        env.push(plain('CHROMA_HTTP_HOST', vdb.chroma.httpHost), plain('CHROMA_HTTP_PORT', vdb.chroma.httpPort));
      break;
  }
  return env;
}

function storageEnv(release: Release): k8s.EnvVar[] {
  const s = release.values.storage;
  if (s.provider === 'local') return [];
  const env: k8s.EnvVar[] = [plain('STORAGE_PROVIDER', s.provider)];
  const opt = (name: string, value: string | undefined) => {
    if (value !== undefined) env.push(plain(name, value));
  };
  if (s.provider === 's3') {
    opt('S3_BUCKET_NAME', s.s3.bucketName);
    opt('S3_REGION_NAME', s.s3.regionName);
    opt('S3_ENDPOINT_URL', s.s3.endpointUrl);
    opt('S3_KEY_PREFIX', s.s3.keyPrefix);
    if (s.s3.credentialsFromSecret)
      env.push(fromAppSecret(release, 's3AccessKeyId'), fromAppSecret(release, 's3SecretAccessKey'));
  } else if (s.provider === 'gcs') {
    opt('GCS_BUCKET_NAME', s.gcs.bucketName);
    if (s.gcs.credentialsFromSecret) env.push(fromAppSecret(release, 'gcsCredentialsJson'));
  } else {
    opt('AZURE_STORAGE_ENDPOINT', s.azure.endpoint);
    opt('AZURE_STORAGE_CONTAINER_NAME', s.azure.containerName);
    if (s.azure.credentialsFromSecret) env.push(fromAppSecret(release, 'azureStorageKey'));
  }
  return env;
}
