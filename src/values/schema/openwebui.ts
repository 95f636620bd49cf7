/** Open WebUI application settings that this chart reasons about, and the vector database. */
import { z } from 'zod';
import { httpUrl, hostName, k8sSubdomainName, secretKeyName } from './primitives';

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
    uvicornWorkers: z.number().int().min(1).max(64).default(1).meta({
      description: 'Worker processes per pod. Keep 1 and let Kubernetes scale pods.',
    }),
    threadPoolSize: z.number().int().min(1).max(100000).optional().meta({
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
    corsAllowOrigin: z
      .array(z.union([httpUrl(), z.literal('*')]))
      .default([])
      .meta({
        description:
          'Origins allowed to call the API and open websockets (`CORS_ALLOW_ORIGIN`); Open WebUI compares scheme, host and port exactly. Empty: `publicUrl` when set, otherwise every Ingress host as the load balancer serves it.',
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
            maxOverflow: z.number().int().min(0).max(1000).default(0).meta({
              description:
                "Extra connections it may open under load (default 0, Open WebUI's default for PGVECTOR_POOL_MAX_OVERFLOW). Left unset, Open WebUI would fall back to SQLAlchemy's 5 + 10; the chart always sets both.",
            }),
          })
          .prefault({})
          .meta({
            description:
              "The pgvector client's own SQLAlchemy pool. Open WebUI opens it in every serving process whenever VECTOR_DB=pgvector (PGVECTOR_DB_URL defaults to DATABASE_URL), on top of `database.pool`; with `separateUrl: false` it counts against `database.maxConnections` (validated).",
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
        httpPort: z
          .number()
          .int()
          .min(1)
          .max(65535)
          .default(8000)
          .meta({ description: 'Chroma server port (HTTP mode).' }),
      })
      .prefault({})
      .meta({ description: 'Chroma settings (with `type: chroma`).' }),
  })
  .prefault({})
  .meta({ description: 'Vector database for RAG.' });
