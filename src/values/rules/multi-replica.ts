/**
 * The multi-replica checklist (docs/open-webui-scaling.md): each requirement is an error
 * when more than one Open WebUI process can run.
 */
import { CHECKLIST, finding, Rule } from './rule';

const requirement = (n: number, ctx: { processes: { reason: string } }) =>
  `More than one Open WebUI process runs (${ctx.processes.reason}): requirement ${n} of the multi-replica checklist`;

export const multiReplicaRules: Rule[] = [
  {
    id: 'multi-replica-secret-key',
    severity: 'error',
    docs: CHECKLIST,
    check: (v, ctx) => {
      if (!ctx.processes.multi) return [];
      if (v.secrets.source === 'inline' && !v.secrets.inline.secretKey) {
        return [
          finding(
            ['secrets', 'inline', 'secretKey'],
            `${requirement(1, ctx)} needs one shared WEBUI_SECRET_KEY; without it every replica generates its own and users see login loops and 401s.`,
            'Set secrets.inline.secretKey (development only), or switch to secrets.source: existingSecret with a Secret that holds WEBUI_SECRET_KEY.',
          ),
        ];
      }
      return [];
    },
  },
  {
    id: 'multi-replica-postgresql',
    severity: 'error',
    docs: CHECKLIST,
    check: (v, ctx) =>
      ctx.processes.multi && v.database.type !== 'postgresql'
        ? [
            finding(
              ['database', 'type'],
              `${requirement(2, ctx)} needs PostgreSQL; SQLite on a shared volume gives "database is locked" errors and corruption.`,
              'Set database.type: postgresql and put DATABASE_URL in the app Secret, or run one replica (replicaCount: 1, autoscaling off, openwebui.uvicornWorkers: 1).',
              v.database.type,
            ),
          ]
        : [],
  },
  {
    id: 'multi-replica-redis',
    severity: 'error',
    docs: CHECKLIST,
    check: (v, ctx) => {
      if (!ctx.processes.multi) return [];
      const out = [];
      if (!v.redis.enabled) {
        out.push(
          finding(
            ['redis', 'enabled'],
            `${requirement(3, ctx)} needs Redis for sessions, websockets and config sync (REDIS_URL and WEBSOCKET_REDIS_URL); without it websockets fail with 403s and replicas disagree on config.`,
            'Set redis.enabled: true and give the Redis URL in the app Secret (secrets.keys.redisUrl).',
            false,
          ),
        );
      }
      if (!v.openwebui.websocket.enabled) {
        out.push(
          finding(
            ['openwebui', 'websocket', 'enabled'],
            `${requirement(3, ctx)} needs ENABLE_WEBSOCKET_SUPPORT=True.`,
            'Set openwebui.websocket.enabled: true.',
            false,
          ),
        );
      }
      if (v.openwebui.websocket.manager !== 'redis') {
        out.push(
          finding(
            ['openwebui', 'websocket', 'manager'],
            `${requirement(3, ctx)} needs WEBSOCKET_MANAGER=redis so every replica sees every websocket.`,
            'Set openwebui.websocket.manager: redis.',
            v.openwebui.websocket.manager,
          ),
        );
      }
      return out;
    },
  },
  {
    id: 'multi-replica-shared-storage',
    severity: 'error',
    docs: CHECKLIST,
    check: (v, ctx) => {
      if (!ctx.processes.multi) return [];
      const objectStorage = v.storage.provider !== 'local';
      if (!v.persistence.enabled) {
        if (objectStorage) return []; // files in object storage; /app/backend/data is a per-pod emptyDir
        return [
          finding(
            ['persistence', 'enabled'],
            `${requirement(4, ctx)} needs shared file storage; with persistence off every replica keeps uploads in its own emptyDir and RAG files go missing.`,
            'Turn persistence on with accessModes: [ReadWriteMany], or send files to object storage (storage.provider: s3, gcs or azure).',
            false,
          ),
        ];
      }
      if (v.persistence.accessModes.includes('ReadWriteMany')) return [];
      if (v.environment.development && v.environment.singleNode && v.persistence.accessModes.includes('ReadWriteOnce'))
        return [];
      // The claim is mounted by every replica (and the migrator), whatever holds the uploads.
      return [
        finding(
          ['persistence', 'accessModes'],
          objectStorage
            ? `${requirement(4, ctx)}: every replica mounts the data claim on /app/backend/data even with storage.provider ${v.storage.provider}; ${v.persistence.accessModes.join(', ')} cannot be attached on several nodes, so pods on a second node fail with a Multi-Attach error.`
            : `${requirement(4, ctx)} needs /app/backend/data on a ReadWriteMany volume; ${v.persistence.accessModes.join(', ')} cannot be mounted by replicas on several nodes and uploads go missing.`,
          objectStorage
            ? 'Use accessModes: [ReadWriteMany], or persistence.enabled: false (a per-pod emptyDir; uploads live in object storage).'
            : 'Use accessModes: [ReadWriteMany] with an RWX storage class (EFS, NFS, CephFS, Azure Files), or storage.provider: s3, gcs or azure.',
          v.persistence.accessModes,
        ),
      ];
    },
  },
  {
    id: 'single-node-development-only',
    severity: 'error',
    docs: CHECKLIST,
    check: (v) =>
      v.environment.singleNode && !v.environment.development
        ? [
            finding(
              ['environment', 'singleNode'],
              'environment.singleNode shares a ReadWriteOnce volume between replicas, which only works while every replica is on one node: a development cluster, never a shared or production one.',
              'Remove environment.singleNode and use a ReadWriteMany storage class or object storage.',
              true,
            ),
          ]
        : [],
  },
  {
    id: 'single-node-storage',
    severity: 'warning',
    docs: CHECKLIST,
    check: (v, ctx) =>
      ctx.processes.multi &&
      v.environment.development &&
      v.environment.singleNode &&
      !v.persistence.accessModes.includes('ReadWriteMany') &&
      v.persistence.enabled
        ? [
            finding(
              ['persistence', 'accessModes'],
              `All Open WebUI processes (${ctx.processes.reason}) share one ReadWriteOnce volume because environment.singleNode is set; this breaks as soon as a replica lands on a second node.`,
              'Fine for kind or minikube; use ReadWriteMany anywhere else.',
              v.persistence.accessModes,
            ),
          ]
        : [],
  },
  {
    id: 'multi-replica-vector-db',
    severity: 'error',
    docs: CHECKLIST,
    check: (v, ctx) =>
      ctx.processes.multi && v.vectorDb.type === 'chroma' && !v.vectorDb.chroma.httpHost
        ? [
            finding(
              ['vectorDb', 'type'],
              `${requirement(5, ctx)} needs an external vector database; the embedded ChromaDB is SQLite-backed and workers die during document uploads.`,
              'Use vectorDb.type: pgvector (in the app database), qdrant or milvus, or run Chroma as a server and set vectorDb.chroma.httpHost.',
              'chroma (embedded)',
            ),
          ]
        : [],
  },
  {
    id: 'multi-replica-pip-install',
    severity: 'error',
    docs: CHECKLIST,
    check: (v, ctx) =>
      ctx.processes.multi && v.openwebui.enablePipInstallFrontmatterRequirements
        ? [
            finding(
              ['openwebui', 'enablePipInstallFrontmatterRequirements'],
              `${requirement(9, ctx)} needs runtime pip installs off; concurrent installs race on pip's lock and crash workers.`,
              'Set openwebui.enablePipInstallFrontmatterRequirements: false and bake the packages into the image.',
              true,
            ),
          ]
        : [],
  },
];
