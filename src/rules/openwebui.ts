/**
 * Rules on Open WebUI's own settings (`openwebui.*`, `vectorDb.*`): the multi-replica
 * requirements they carry, completeness, and the settings recommended at scale (warnings).
 */
import { ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { vectorDbSchema } from '../values/schema/openwebui';
import { CHECKLIST, finding, findingIf, Finding, RECOMMENDED, Rule, UPSTREAM_ENV, rule, findings } from './rule';

const UPSTREAM_LOGGING = 'https://docs.openwebui.com/getting-started/advanced-topics/logging/';
const PGVECTOR_DOCS = `${UPSTREAM_ENV}#pgvector (and https://github.com/pgvector/pgvector#indexing)`;

/** The start of a multi-replica requirement's message. */
export const requirement = (n: number, m: { processes: { reason: string } }) =>
  `More than one Open WebUI process runs (${m.processes.reason}): requirement ${n} of the multi-replica checklist`;
export const atScale = (reason: string) => `Recommended when more than one process runs (${reason})`;

/** Compares dotted versions numerically; non-numeric parts count as 0. */
export function versionAtLeast(tag: string, min: string): boolean {
  const parse = (s: string) =>
    s
      .replace(/^v/, '')
      .split(/[-+]/)[0]
      .split('.')
      .map((n) => Number(n) || 0);
  const a = parse(tag);
  const b = parse(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

export function multiReplicaVectorDb(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.vectorDb.type === 'chroma' && !v.vectorDb.chroma.httpHost,
    ['vectorDb', 'type'],
    `${requirement(5, m)} needs an external vector database; the embedded ChromaDB is SQLite-backed and workers die during document uploads.`,
    'Use vectorDb.type: pgvector (in the app database), qdrant or milvus, or run Chroma as a server and set vectorDb.chroma.httpHost.',
    'chroma (embedded)',
  );
}

/**
 * Open WebUI refuses a dimension above 2000 without halfvec at import (`config.py:643-653 @ f9590b8`:
 * "exceeds the 2000 dimension limit of the 'vector' type"), so the migration Job would fail.
 */
export function pgvectorDimensions(_v: Values, m: ReleaseModel): Finding[] {
  const t = m.pgvector;
  return findingIf(
    !!t && t.type === 'vector' && t.dimensions > 2000,
    ['vectorDb', 'pgvector', 'dimensions'],
    `vectorDb.pgvector.dimensions is ${t?.dimensions}, above the 2000 dimensions pgvector's \`vector\` type can index: Open WebUI refuses to start (and the migration Job fails) unless PGVECTOR_USE_HALFVEC is on.`,
    'Set vectorDb.pgvector.halfvec: true (half-precision, up to 4000 dimensions; pgvector 0.7.0 or later on the server), or use an embedding model of at most 2000 dimensions.',
    t?.dimensions,
  );
}

/** Index options pgvector refuses, or that the index method in effect never reads. */
export function pgvectorIndexOptions(v: Values, m: ReleaseModel): Finding[] {
  const t = m.pgvector;
  if (!t) return [];
  const p = v.vectorDb.pgvector;
  const [out, add] = findings();
  const defaults = vectorDbSchema.parse(undefined, { jitless: true }).pgvector;
  if (t.indexMethod === 'hnsw' && p.hnsw.efConstruction < 2 * p.hnsw.m)
    add(
      ['vectorDb', 'pgvector', 'hnsw', 'efConstruction'],
      `hnsw.efConstruction ${p.hnsw.efConstruction} is below twice hnsw.m (${p.hnsw.m}): pgvector refuses to build the index ("ef_construction must be greater than or equal to 2 * m"), so the migration Job fails.`,
      `Raise vectorDb.pgvector.hnsw.efConstruction to at least ${2 * p.hnsw.m}, or lower hnsw.m.`,
      p.hnsw.efConstruction,
    );
  const unused = t.indexMethod === 'hnsw' ? 'ivfflat' : 'hnsw';
  if (JSON.stringify(p[unused]) !== JSON.stringify(defaults[unused]))
    add(
      ['vectorDb', 'pgvector', unused],
      `vectorDb.pgvector.${unused} is set, but the index method in effect is ${t.indexMethod}${t.indexMethodSet ? '' : ` (Open WebUI's default${p.halfvec ? ' with halfvec' : ''})`}: the options would be ignored.`,
      `Set vectorDb.pgvector.indexMethod: ${unused} (only on a new database: the method is fixed once the index exists), or remove vectorDb.pgvector.${unused}.`,
    );
  return out;
}

/** Settings of a vector database other than `vectorDb.type` are never rendered. */
export function vectorDbModeKeys(v: Values): Finding[] {
  const defaults = vectorDbSchema.parse(undefined, { jitless: true }) as unknown as Record<string, unknown>;
  const sections = ['pgvector', 'qdrant', 'milvus', 'chroma'] as const;
  return sections
    .filter((s) => s !== v.vectorDb.type)
    .flatMap((s) => {
      const actual = v.vectorDb[s] as unknown as Record<string, unknown>;
      const def = defaults[s] as Record<string, unknown>;
      return Object.keys(actual)
        .filter((k) => JSON.stringify(actual[k]) !== JSON.stringify(def[k]))
        .map((k) =>
          finding(
            ['vectorDb', s, k],
            `vectorDb.${s}.${k} is set but vectorDb.type is ${v.vectorDb.type}: it would be ignored.`,
            `Set vectorDb.type: ${s}, or remove vectorDb.${s}.${k}.`,
          ),
        );
    });
}

export function multiReplicaPipInstall(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.openwebui.enablePipInstallFrontmatterRequirements,
    ['openwebui', 'enablePipInstallFrontmatterRequirements'],
    `${requirement(9, m)} needs runtime pip installs off; concurrent installs race on pip's lock and crash workers.`,
    'Set openwebui.enablePipInstallFrontmatterRequirements: false and bake the packages into the image.',
    true,
  );
}

export function configIncomplete(v: Values): Finding[] {
  const [out, add] = findings();
  const need = (cond: boolean, path: (string | number)[], msg: string, hint: string) => {
    if (cond) add(path, msg, hint);
  };
  need(
    v.vectorDb.type === 'qdrant' && !v.vectorDb.qdrant.uri,
    ['vectorDb', 'qdrant', 'uri'],
    'vectorDb.type is qdrant but vectorDb.qdrant.uri is not set.',
    'Set vectorDb.qdrant.uri, e.g. "http://qdrant.qdrant.svc:6333".',
  );
  need(
    v.vectorDb.type === 'milvus' && !v.vectorDb.milvus.uri,
    ['vectorDb', 'milvus', 'uri'],
    'vectorDb.type is milvus but vectorDb.milvus.uri is not set.',
    'Set vectorDb.milvus.uri, e.g. "http://milvus.milvus.svc:19530".',
  );
  need(
    v.vectorDb.type === 'pgvector' && v.database.type !== 'postgresql' && !v.vectorDb.pgvector.separateUrl,
    ['vectorDb', 'pgvector', 'separateUrl'],
    'vectorDb.type is pgvector in the app database, but the app database is not PostgreSQL.',
    'Use database.type: postgresql, or set vectorDb.pgvector.separateUrl: true and give PGVECTOR_DB_URL in the Secret.',
  );
  need(
    v.openwebui.contentExtraction.engine === 'tika' && !v.openwebui.contentExtraction.tikaServerUrl,
    ['openwebui', 'contentExtraction', 'tikaServerUrl'],
    'Content extraction engine is tika but no Tika server URL is set.',
    'Set openwebui.contentExtraction.tikaServerUrl, e.g. "http://tika.tika.svc:9998".',
  );
  need(
    v.openwebui.contentExtraction.engine === 'docling' && !v.openwebui.contentExtraction.doclingServerUrl,
    ['openwebui', 'contentExtraction', 'doclingServerUrl'],
    'Content extraction engine is docling but no Docling server URL is set.',
    'Set openwebui.contentExtraction.doclingServerUrl.',
  );
  // Without RAG_OLLAMA_BASE_URL Open WebUI falls back to OLLAMA_BASE_URL (not OLLAMA_BASE_URLS, so
  // not the Ollama connections), whose default is localhost inside the pod: nothing answers there.
  need(
    v.openwebui.embeddings.engine === 'ollama' && !v.openwebui.embeddings.baseUrl,
    ['openwebui', 'embeddings', 'baseUrl'],
    'Embedding engine is ollama but no Ollama URL is set (Open WebUI would call localhost:11434 inside the pod).',
    'Set openwebui.embeddings.baseUrl, e.g. "http://ollama.ollama.svc.cluster.local:11434".',
  );
  need(
    v.storage.provider === 's3' && !v.storage.s3.bucketName,
    ['storage', 's3', 'bucketName'],
    'storage.provider is s3 but storage.s3.bucketName is not set.',
    'Set storage.s3.bucketName (and regionName).',
  );
  need(
    v.storage.provider === 'gcs' && !v.storage.gcs.bucketName,
    ['storage', 'gcs', 'bucketName'],
    'storage.provider is gcs but storage.gcs.bucketName is not set.',
    'Set storage.gcs.bucketName.',
  );
  need(
    v.storage.provider === 'azure' && (!v.storage.azure.endpoint || !v.storage.azure.containerName),
    ['storage', 'azure'],
    'storage.provider is azure but storage.azure.endpoint and containerName are not both set.',
    'Set storage.azure.endpoint and storage.azure.containerName.',
  );
  need(
    v.persistence.enabled && !!v.persistence.existingClaim && Object.keys(v.persistence.annotations).length > 0,
    ['persistence', 'annotations'],
    'persistence.annotations apply to a rendered claim, but persistence.existingClaim is set.',
    'Annotate the existing claim directly, or remove persistence.annotations.',
  );
  return out;
}

const OPENAI_API = 'https://api.openai.com/v1';

/** A warning, not an error: an OpenAI-compatible server in the cluster (vLLM, TEI, a gateway) may need no key, and Open WebUI also takes the key from its admin settings (stored in the database), which values cannot see. api.openai.com always needs one. */
export function embeddingsApiKey(v: Values, m: ReleaseModel): Finding[] {
  const e = v.openwebui.embeddings;
  if (e.engine !== 'openai' || e.apiKeySecretRef) return [];
  const target = e.baseUrl ?? OPENAI_API;
  // Unset, RAG_OPENAI_API_KEY defaults to the key Open WebUI pairs with api.openai.com among the OpenAI connections.
  if (!e.baseUrl && m.connections.openai.some((c) => c.baseUrl.replace(/\/+$/, '') === OPENAI_API && c.apiKey))
    return [];
  return [
    finding(
      ['openwebui', 'embeddings', 'apiKeySecretRef'],
      `Embedding engine is openai but no API key is wired (RAG_OPENAI_API_KEY): embedding calls to ${target} would be unauthenticated.`,
      'Set openwebui.embeddings.apiKeySecretRef: {name: <secret>, key: <key>}, or acknowledge this warning when the endpoint needs no key.',
    ),
  ];
}

/** A warning, as for embeddings: a server in the cluster may need no key; api.openai.com always does. */
export function modelConnectionApiKey(_v: Values, m: ReleaseModel): Finding[] {
  return m.connections.openai.flatMap((c, i) =>
    !c.apiKey && new URL(c.baseUrl).hostname === 'api.openai.com'
      ? [
          finding(
            ['openwebui', 'connections', 'openai', i, 'apiKeySecretRef'],
            `OpenAI connection ${i + 1} (${c.baseUrl}) has no API key: every request to it would be refused.`,
            `Set openwebui.connections.openai[${i}].apiKeySecretRef: {name: <secret>, key: <key>}.`,
          ),
        ]
      : [],
  );
}

export function recommendedContentExtraction(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.openwebui.contentExtraction.engine === 'default',
    ['openwebui', 'contentExtraction', 'engine'],
    `${atScale(m.processes.reason)}: extract document text with an external engine (Tika) so uploads do not load the app pods.`,
    'Set openwebui.contentExtraction.engine: tika and tikaServerUrl.',
    'default',
  );
}

export function recommendedExternalEmbeddings(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.openwebui.embeddings.engine === 'local',
    ['openwebui', 'embeddings', 'engine'],
    `${atScale(m.processes.reason)}: use external embeddings; the local engine loads a model into every pod.`,
    'Set openwebui.embeddings.engine: openai or ollama.',
    'local',
  );
}

export function recommendedThreadPoolSize(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.openwebui.threadPoolSize === undefined,
    ['openwebui', 'threadPoolSize'],
    `${atScale(m.processes.reason)}: THREAD_POOL_SIZE is unset, so each process is capped at 40 concurrent blocking calls.`,
    'Set openwebui.threadPoolSize: 2000.',
  );
}

export function recommendedUserActiveStatusInterval(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.openwebui.userActiveStatusUpdateIntervalSeconds === undefined,
    ['openwebui', 'userActiveStatusUpdateIntervalSeconds'],
    `${atScale(m.processes.reason)}: every request writes the user's "last active" time to the database.`,
    'Set openwebui.userActiveStatusUpdateIntervalSeconds: 300.',
  );
}

export function recommendedOrjson(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.openwebui.enableOrjson === undefined && versionAtLeast(v.image.tag, '0.11.0'),
    ['openwebui', 'enableOrjson'],
    `${atScale(m.processes.reason)}: ENABLE_ORJSON (0.11.0+) serialises responses faster.`,
    'Set openwebui.enableOrjson: true.',
  );
}

export function recommendedSingleWorker(v: Values): Finding[] {
  return findingIf(
    v.openwebui.uvicornWorkers > 1,
    ['openwebui', 'uvicornWorkers'],
    `openwebui.uvicornWorkers is ${v.openwebui.uvicornWorkers}; one worker per pod lets Kubernetes scale, balance and restart processes one by one.`,
    'Set openwebui.uvicornWorkers: 1 and raise the replica count instead.',
    v.openwebui.uvicornWorkers,
  );
}

export function recommendedJsonLogs(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.openwebui.logFormat !== 'json',
    ['openwebui', 'logFormat'],
    `${atScale(m.processes.reason)}: JSON logs let a log pipeline tell replicas and requests apart.`,
    'Set openwebui.logFormat: json (with openwebui.logLevel, e.g. INFO).',
    v.openwebui.logFormat,
  );
}

/**
 * A warning: `LOG_FORMAT=json` installs Open WebUI's JSON handler only when `GLOBAL_LOG_LEVEL` is
 * set too; otherwise every line before the app's logger starts is plain text, and so is every line
 * of a migration-only process, which never starts it (facts §7.1: backend/open_webui/env.py:104-118,
 * backend/open_webui/utils/logger.py:177-206 @ f9590b8). A log pipeline then sees mixed formats.
 */
export function recommendedJsonLogsLevel(v: Values): Finding[] {
  return findingIf(
    v.openwebui.logFormat === 'json' && v.openwebui.logLevel === undefined,
    ['openwebui', 'logLevel'],
    'openwebui.logFormat is json but openwebui.logLevel (GLOBAL_LOG_LEVEL) is unset: Open WebUI then writes its startup lines, and the migration Job all of its lines, as plain text, so a log pipeline sees two formats.',
    'Set openwebui.logLevel: INFO (the level Open WebUI uses when it is unset).',
  );
}

/**
 * With ENABLE_PERSISTENT_CONFIG=False an Admin-UI write updates only the in-memory defaults of the
 * process that served it (backend/open_webui/models/config.py:196-204 @ f9590b8, facts §3; `upsert`
 * writes `Config.DEFAULTS` when persistence is off): replicas diverge and a restart loses it.
 */
export function persistentConfigOffMultiProcess(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && !v.openwebui.persistentConfig,
    ['openwebui', 'persistentConfig'],
    `openwebui.persistentConfig is false while more than one Open WebUI process runs (${m.processes.reason}): the environment wins on every start, but a setting changed in the Admin UI then stays in the memory of the one process that served the request; the other replicas keep the old value and a restart loses it.`,
    'Keep openwebui.persistentConfig: true (the default) and change first-boot settings in the Admin UI, or acknowledge this warning if administrators never change settings in the UI (acknowledgeWarnings: [persistent-config-off-multi-process]).',
    false,
  );
}

export function recommendedCorsExplicit(v: Values): Finding[] {
  return findingIf(
    v.openwebui.corsAllowOrigin.includes('*'),
    ['openwebui', 'corsAllowOrigin'],
    'CORS_ALLOW_ORIGIN is "*": any site can call the API with a user\'s browser.',
    'List the origins users reach, or leave the list empty to derive it from ingress.hosts.',
    '*',
  );
}

export const openwebuiRules: readonly Rule[] = [
  rule(
    'multi-replica-vector-db',
    'More than one process needs an external vector database (pgvector, qdrant, milvus, Chroma over HTTP).',
    'error',
    CHECKLIST,
    multiReplicaVectorDb,
  ),
  rule(
    'multi-replica-pip-install',
    'More than one process needs runtime pip installs off (concurrent installs race).',
    'error',
    CHECKLIST,
    multiReplicaPipInstall,
  ),
  rule(
    'pgvector-dimensions',
    'pgvector over 2000 dimensions needs vectorDb.pgvector.halfvec.',
    'error',
    PGVECTOR_DOCS,
    pgvectorDimensions,
  ),
  rule(
    'pgvector-index-options',
    'pgvector HNSW efConstruction must be at least twice m.',
    'error',
    PGVECTOR_DOCS,
    pgvectorIndexOptions,
  ),
  rule(
    'vector-db-mode-keys',
    'Settings of a vector database other than vectorDb.type are set.',
    'error',
    UPSTREAM_ENV,
    vectorDbModeKeys,
  ),
  rule(
    'config-incomplete',
    'pgvector needs PostgreSQL as the database, or a separate PGVECTOR_DB_URL.',
    'error',
    UPSTREAM_ENV,
    configIncomplete,
  ),
  rule(
    'embeddings-api-key',
    'An openai embeddings engine has no API key wired (RAG_OPENAI_API_KEY).',
    'warning',
    UPSTREAM_ENV,
    embeddingsApiKey,
  ),
  rule(
    'model-connection-api-key',
    'An api.openai.com connection has no API key wired.',
    'warning',
    UPSTREAM_ENV,
    modelConnectionApiKey,
  ),
  rule(
    'recommended-content-extraction',
    'At scale, extract document text with an external engine (Tika or Docling).',
    'warning',
    RECOMMENDED,
    recommendedContentExtraction,
  ),
  rule(
    'recommended-external-embeddings',
    'At scale, use external embeddings: the local engine loads a model into every pod.',
    'warning',
    RECOMMENDED,
    recommendedExternalEmbeddings,
  ),
  rule(
    'recommended-thread-pool-size',
    'At scale, set THREAD_POOL_SIZE (unset caps each process at 40 blocking calls).',
    'warning',
    RECOMMENDED,
    recommendedThreadPoolSize,
  ),
  rule(
    'recommended-user-active-status-interval',
    'At scale, set DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL so not every request writes the user.',
    'warning',
    RECOMMENDED,
    recommendedUserActiveStatusInterval,
  ),
  rule('recommended-orjson', 'At scale, turn on ENABLE_ORJSON.', 'warning', RECOMMENDED, recommendedOrjson),
  rule(
    'recommended-single-worker',
    'Prefer one uvicorn worker per pod and more replicas.',
    'warning',
    RECOMMENDED,
    recommendedSingleWorker,
  ),
  rule('recommended-json-logs', 'At scale, write JSON logs.', 'warning', RECOMMENDED, recommendedJsonLogs),
  rule(
    'recommended-json-logs-level',
    'JSON logs need a log level (openwebui.logLevel).',
    'warning',
    UPSTREAM_LOGGING,
    recommendedJsonLogsLevel,
  ),
  rule(
    'recommended-cors-explicit',
    'CORS allows any origin: list the origins users reach.',
    'warning',
    RECOMMENDED,
    recommendedCorsExplicit,
  ),
  rule(
    'persistent-config-off-multi-process',
    'With persistentConfig off, Admin-UI changes stay in one pod.',
    'warning',
    `${UPSTREAM_ENV}#enable_persistent_config`,
    persistentConfigOffMultiProcess,
  ),
];
