/** Open WebUI application settings that this chart reasons about, and the vector database. */
import { z } from 'zod';
import { httpUrl, hostName, k8sSubdomainName, secretKeyName, intRange } from './primitives';

/**
 * Levels `GLOBAL_LOG_LEVEL` takes: Python's level names (Open WebUI upper-cases the value and
 * falls back to INFO for anything `logging.getLevelNamesMapping()` does not know;
 * backend/open_webui/env.py:104-118 @ f9590b8, facts §7.1).
 */
export const OPEN_WEBUI_LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;

/** A URL Open WebUI reads from a ";"-separated list (OPENAI_API_BASE_URLS, OLLAMA_BASE_URLS). */
const listUrl = () =>
  httpUrl().refine((u) => !u.includes(';'), {
    message: 'must not contain ";": Open WebUI splits the list of connection URLs on it',
  });

/** A key of a Secret (`secretKeyRef`): a credential from a Secret of its own. */
const secretKeyRef = (what: string) =>
  z
    .strictObject({
      name: k8sSubdomainName().meta({ description: 'Secret name (any Secret in the namespace, e.g. the app Secret).' }),
      key: secretKeyName().meta({ description: 'Key in that Secret.' }),
    })
    .optional()
    .meta({ description: `${what}, read from a Secret (\`secretKeyRef\`).` });

export const openwebuiSchema = z
  .strictObject({
    uvicornWorkers: intRange(1, 64).default(1).meta({
      description: 'Worker processes per pod. Keep 1 and let Kubernetes scale pods.',
    }),
    threadPoolSize: intRange(1, 100000).optional().meta({
      description: 'Thread pool size of each process (Open WebUI default ceiling is 40; 2000 recommended at scale).',
    }),
    userActiveStatusUpdateIntervalSeconds: z.number().int().min(0).optional().meta({
      description: 'Throttles "last active" writes to the database (300 recommended at scale).',
    }),
    enableOrjson: z.boolean().optional().meta({ description: 'Faster JSON responses (Open WebUI 0.11.0+).' }),
    enableCompressionMiddleware: z.boolean().optional().meta({
      description: 'Set false when the load balancer compresses responses.',
    }),
    logFormat: z.enum(['text', 'json']).optional().meta({
      description:
        "Log format (`LOG_FORMAT`); `json` for log pipelines. Open WebUI installs its JSON handler only when `logLevel` is set too: without `GLOBAL_LOG_LEVEL`, every line before the app's logger starts (all of the migrator's) stays plain text.",
    }),
    logLevel: z.enum(OPEN_WEBUI_LOG_LEVELS).optional().meta({
      description:
        'Log level of every Open WebUI logger (`GLOBAL_LOG_LEVEL`; unset: `INFO`, but no early JSON logs, see `logFormat`). Open WebUI 0.11.0 reads no per-component level (`AUDIO_LOG_LEVEL`, `RAG_LOG_LEVEL`, ... are ignored, and refused in `extraEnv`): this one level is the only switch. `DEBUG` logs whole chat requests: set it back when done.',
    }),
    persistentConfig: z.boolean().default(true).meta({
      description:
        "`ENABLE_PERSISTENT_CONFIG` (Open WebUI's default: true). On: the settings marked *first-boot seed* are stored in the database's `config` table on the first start (the migration Job seeds them) and the database wins from then on: changing such a key later re-renders and restarts the pods but Open WebUI keeps the stored value (`npm run diff` warns); change them in the Admin UI, which stores them for every replica. Off: the environment wins on every start, but an Admin-UI change lands only in the memory of the one process that served it (other replicas never see it, a restart loses it; warned with more than one process), and turning it back on brings back the values stored in the database.",
    }),
    corsAllowOrigin: z
      .array(z.union([httpUrl(), z.literal('*')]))
      .default([])
      .meta({
        description:
          'Origins allowed to call the API and open websockets (`CORS_ALLOW_ORIGIN`); Open WebUI compares scheme, host and port exactly. Empty: `publicUrl` when set, otherwise every backend address (Ingress hosts, `route.hostnames`) as the load balancer serves it.',
      }),
    enablePipInstallFrontmatterRequirements: z.boolean().default(false).meta({
      description: 'Runtime pip installs for tools/functions. Must stay off with more than one process.',
    }),
    websocket: z
      .strictObject({
        enabled: z.boolean().default(true).meta({ description: 'Websocket support.' }),
        manager: z
          .enum(['redis', 'local'])
          .default('redis')
          .meta({ description: 'Websocket manager; `redis` for more than one process.' }),
      })
      .prefault({})
      .meta({ description: 'Websockets.' }),
    contentExtraction: z
      .strictObject({
        engine: z.enum(['default', 'tika', 'docling']).default('default').meta({
          description: 'Document text extraction; an external engine keeps heavy parsing out of the app pods.',
        }),
        tikaServerUrl: httpUrl().optional().meta({ description: 'Tika server URL.' }),
        doclingServerUrl: httpUrl().optional().meta({ description: 'Docling server URL.' }),
      })
      .prefault({})
      .meta({ description: 'Content extraction.' }),
    embeddings: z
      .strictObject({
        engine: z.enum(['local', 'openai', 'ollama']).default('local').meta({
          description: 'Embedding engine; `local` runs a model inside every app pod.',
        }),
        model: z.string().optional().meta({ description: 'Embedding model name.' }),
        baseUrl: httpUrl()
          .optional()
          .meta({
            description:
              'Base URL of the embeddings API: `RAG_OPENAI_API_BASE_URL` with engine `openai` (e.g. "https://api.openai.com/v1" or an in-cluster OpenAI-compatible server; unset: OPENAI_API_BASE_URL, i.e. api.openai.com), `RAG_OLLAMA_BASE_URL` with `ollama` (required). Also allowed by the app NetworkPolicy egress.',
            examples: ['http://ollama.ollama.svc.cluster.local:11434'],
          }),
        apiKeySecretRef: secretKeyRef(
          'API key of the embeddings API: `RAG_OPENAI_API_KEY` with engine `openai` (unset: the key Open WebUI pairs with https://api.openai.com/v1 among the OpenAI connections), `RAG_OLLAMA_API_KEY` with `ollama`',
        ),
      })
      .prefault({})
      .meta({ description: 'RAG embeddings.' }),
    connections: z
      .strictObject({
        openai: z
          .array(
            z.strictObject({
              baseUrl: listUrl().meta({
                description:
                  'Base URL of an OpenAI-compatible API, e.g. "https://api.openai.com/v1" or "http://litellm.ai.svc.cluster.local:4000/v1". Also allowed by the app NetworkPolicy egress.',
              }),
              apiKeySecretRef: secretKeyRef('API key of this connection'),
            }),
          )
          .default([])
          .meta({
            description:
              'OpenAI-compatible connections, in order (`OPENAI_API_BASE_URLS`, with `OPENAI_API_KEYS` paired by position; `ENABLE_OPENAI_API` is on exactly when the list is not empty). Each key comes from its Secret through its own variable, composed in-cluster as `$(OPEN_WEBUI_K8S_OPENAI_KEY_<n>)`: no key is written to dist/. Under persistent config a later change, a key rotation included, needs the Admin UI.',
          }),
        ollama: z
          .array(
            z.strictObject({
              baseUrl: listUrl().meta({
                description:
                  'Ollama URL, e.g. "http://ollama.ollama.svc.cluster.local:11434". Also allowed by the app NetworkPolicy egress.',
              }),
            }),
          )
          .default([])
          .meta({
            description:
              'Ollama servers, in order (`OLLAMA_BASE_URLS`; `ENABLE_OLLAMA_API` is on exactly when the list is not empty, so no pod probes a default Ollama address that is not there).',
          }),
      })
      .prefault({})
      .meta({ description: 'Model connections the app offers in chat.' }),
  })
  .prefault({})
  .meta({ description: 'Open WebUI settings the chart validates and renders as environment variables.' });

export const vectorDbSchema = z
  .strictObject({
    type: z.enum(['pgvector', 'qdrant', 'milvus', 'chroma']).default('pgvector').meta({
      description: 'Vector database. `chroma` without `chroma.httpHost` is the embedded store: one process only.',
    }),
    pgvector: z
      .strictObject({
        separateUrl: z.boolean().default(false).meta({
          description:
            'Read `PGVECTOR_DB_URL` from a Secret (the app Secret, or `existingSecret`); off: pgvector lives in the app database (`DATABASE_URL`).',
        }),
        existingSecret: k8sSubdomainName().optional().meta({
          description:
            'Secret holding `PGVECTOR_DB_URL` under `secrets.keys.pgvectorDbUrl` (with `separateUrl`; default: the app Secret).',
        }),
        pool: z
          .strictObject({
            size: z
              .number()
              .int()
              .min(1, {
                message:
                  'must be at least 1: PGVECTOR_POOL_SIZE 0 (or less) makes Open WebUI use a NullPool, which opens a new connection per query with no limit, so no connection budget holds',
              })
              .max(1000)
              .default(5)
              .meta({
                description:
                  "Connections the pgvector client of each serving process keeps open (default 5, SQLAlchemy's pool size). At least 1: 0 means an unlimited NullPool.",
              }),
            maxOverflow: intRange(0, 1000).default(0).meta({
              description:
                "Extra connections it may open under load (default 0, Open WebUI's default for PGVECTOR_POOL_MAX_OVERFLOW). Left unset, Open WebUI would fall back to SQLAlchemy's 5 + 10; the chart always sets both.",
            }),
          })
          .prefault({})
          .meta({
            description:
              "The pgvector client's own SQLAlchemy pool. Open WebUI opens it in every serving process whenever VECTOR_DB=pgvector (PGVECTOR_DB_URL defaults to DATABASE_URL), on top of `database.pool`; with `separateUrl: false` it counts against `database.maxConnections` (validated).",
          }),
        // Open WebUI 0.11.0 reads these in backend/open_webui/config.py:638-732 @ f9590b8 (facts §4.4);
        // defaults and parse rules as in the stored revision 00b1c6b of config.py (PGVECTOR_* block):
        // `int(...)` for the dimension, `.lower() == 'true'` for the booleans, the index method
        // lower-cased and reset to '' (automatic) unless ivfflat or hnsw, the tuning values int()
        // with 16 / 64 / 100 as fallbacks.
        createExtension: z.boolean().default(true).meta({
          description:
            "`PGVECTOR_CREATE_EXTENSION`: the migration Job runs `CREATE EXTENSION IF NOT EXISTS vector` when the extension is missing. On a managed PostgreSQL where the app's role may not create extensions (no superuser; e.g. RDS/Aurora without `rds_superuser`), create it once as a privileged user in the app database (`CREATE EXTENSION vector;`) and set this to false; otherwise the migration Job fails at the vector initialisation (exit 6) and the rollout stops.",
        }),
        dimensions: z
          .number()
          .int()
          .min(1)
          .max(4000, {
            message:
              'must be at most 4000: Open WebUI always builds a vector index on document_chunk, and pgvector indexes at most 2000 dimensions of `vector` and 4000 of `halfvec`',
          })
          .default(1536)
          .meta({
            description:
              "`PGVECTOR_INITIALIZE_MAX_VECTOR_LENGTH`: the dimension of the `document_chunk.vector` column, which must match the embedding model's output (1536 for OpenAI text-embedding-3-small). Above 2000 it needs `halfvec: true` (validated: Open WebUI refuses to start otherwise). Fixed when the first migration creates the table: changing it later stops the migration (`npm run diff` warns).",
          }),
        halfvec: z.boolean().default(false).meta({
          description:
            '`PGVECTOR_USE_HALFVEC`: store embeddings as half-precision `halfvec` (pgvector 0.7.0 or later on the server): half the space, and the only way to index more than 2000 dimensions. Fixed with the table like `dimensions`.',
        }),
        indexMethod: z.enum(['ivfflat', 'hnsw']).optional().meta({
          description:
            "`PGVECTOR_INDEX_METHOD` of the vector index (default: Open WebUI's own choice, `hnsw` with `halfvec`, else `ivfflat`; the chart renders the method in effect). `hnsw` recalls better and can be built on an empty table; an `ivfflat` index built on the empty table of a fresh install clusters poorly until it is rebuilt. Fixed when the first migration builds the index: Open WebUI refuses to start when it differs from the existing index (`npm run diff` warns; drop the index first to switch).",
        }),
        hnsw: z
          .strictObject({
            m: z
              .number()
              .int()
              .min(2, { message: 'must be 2 to 100 (pgvector refuses other values of m)' })
              .max(100, { message: 'must be 2 to 100 (pgvector refuses other values of m)' })
              .default(16)
              .meta({ description: '`PGVECTOR_HNSW_M`: connections per layer (pgvector default 16).' }),
            efConstruction: z
              .number()
              .int()
              .min(4, { message: 'must be 4 to 1000 (pgvector refuses other values of ef_construction)' })
              .max(1000, { message: 'must be 4 to 1000 (pgvector refuses other values of ef_construction)' })
              .default(64)
              .meta({
                description:
                  '`PGVECTOR_HNSW_EF_CONSTRUCTION`: candidate list size while building (pgvector default 64); at least twice `m` (validated).',
              }),
          })
          .prefault({})
          .meta({
            description:
              'HNSW index options (with `indexMethod: hnsw`), used only when the index is created: changing them later has no effect until the index is dropped and rebuilt.',
          }),
        ivfflat: z
          .strictObject({
            lists: z
              .number()
              .int()
              .min(1)
              .max(32768, { message: 'must be at most 32768 (pgvector IVFFLAT_MAX_LISTS)' })
              .default(100)
              .meta({
                description:
                  '`PGVECTOR_IVFFLAT_LISTS`: inverted lists (pgvector suggests rows / 1000 up to a million rows).',
              }),
          })
          .prefault({})
          .meta({
            description:
              'IVFFlat index options (with the `ivfflat` method), used only when the index is created: changing them later has no effect until the index is dropped and rebuilt.',
          }),
      })
      .prefault({})
      .meta({ description: 'pgvector settings (with `type: pgvector`).' }),
    qdrant: z
      .strictObject({
        uri: httpUrl().optional().meta({ description: 'Qdrant URL, e.g. "http://qdrant.qdrant.svc:6333".' }),
        apiKeyFromSecret: z
          .boolean()
          .default(false)
          .meta({ description: 'Read `QDRANT_API_KEY` from a Secret (the app Secret, or `existingSecret`).' }),
        existingSecret: k8sSubdomainName().optional().meta({
          description:
            'Secret holding `QDRANT_API_KEY` under `secrets.keys.qdrantApiKey` (with `apiKeyFromSecret`; default: the app Secret).',
        }),
      })
      .prefault({})
      .meta({ description: 'Qdrant settings (with `type: qdrant`).' }),
    milvus: z
      .strictObject({
        uri: httpUrl().optional().meta({ description: 'Milvus URL, e.g. "http://milvus.milvus.svc:19530".' }),
      })
      .prefault({})
      .meta({ description: 'Milvus settings (with `type: milvus`).' }),
    chroma: z
      .strictObject({
        httpHost: hostName().optional().meta({ description: 'Chroma server host (HTTP mode).' }),
        httpPort: intRange(1, 65535).default(8000).meta({ description: 'Chroma server port (HTTP mode).' }),
      })
      .prefault({})
      .meta({ description: 'Chroma settings (with `type: chroma`).' }),
  })
  .prefault({})
  .meta({ description: 'Vector database for RAG.' });
