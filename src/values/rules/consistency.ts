/** Rules that keep the values self-consistent: autoscaling, connection budget, image pinning, secrets, env, completeness. */
import { requiredSecretEntries } from '../secret-entries';
import { MANAGED_ENV } from '../managed-env';
import { parseQuantity } from '../../k8s';
import { connectionBudget } from '../process-model';
import { CHECKLIST, finding, Finding, Rule, SCALING_FACTS, UPSTREAM_ENV } from './rule';

/** Pods a PodDisruptionBudget keeps: a number, or a percentage of the replicas rounded up (as the disruption controller does). */
export function minAvailablePods(minAvailable: number | string, pods: number): number {
  return typeof minAvailable === 'number' ? minAvailable : Math.ceil((pods * Number(minAvailable.slice(0, -1))) / 100);
}

/** Tags that move: a Deployment on one of them can run two versions against one database. */
export const FLOATING_TAGS = ['latest', 'main', 'dev', 'master', 'nightly', 'edge', 'stable', 'cuda', 'ollama', 'slim'];

export const consistencyRules: Rule[] = [
  {
    id: 'autoscaling-cpu-request',
    severity: 'error',
    docs: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#support-for-resource-metrics',
    check: (v) =>
      v.autoscaling.enabled && !(parseQuantity(v.resources.requests.cpu) ?? 0)
        ? [
            finding(
              ['resources', 'requests', 'cpu'],
              'Autoscaling on CPU utilisation needs a CPU request above zero: the HPA measures utilisation as a percentage of it and does nothing without one.',
              'Set resources.requests.cpu, e.g. "500m".',
              v.resources.requests.cpu,
            ),
          ]
        : [],
  },
  {
    id: 'autoscaling-memory-request',
    severity: 'error',
    docs: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#support-for-resource-metrics',
    check: (v) =>
      v.autoscaling.enabled &&
      v.autoscaling.targetMemoryUtilizationPercentage !== undefined &&
      v.resources.requests.memory === undefined
        ? [
            finding(
              ['resources', 'requests', 'memory'],
              'A memory utilisation target needs a memory request.',
              'Set resources.requests.memory, e.g. "1Gi", or remove autoscaling.targetMemoryUtilizationPercentage.',
            ),
          ]
        : [],
  },
  {
    id: 'autoscaling-min-max',
    severity: 'error',
    docs: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
    check: (v) =>
      v.autoscaling.enabled && v.autoscaling.minReplicas > v.autoscaling.maxReplicas
        ? [
            finding(
              ['autoscaling', 'minReplicas'],
              `autoscaling.minReplicas (${v.autoscaling.minReplicas}) is greater than autoscaling.maxReplicas (${v.autoscaling.maxReplicas}).`,
              'Make minReplicas at most maxReplicas.',
              v.autoscaling.minReplicas,
            ),
          ]
        : [],
  },
  {
    id: 'disruption-budget-blocks-drains',
    severity: 'error',
    docs: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
    check: (v, ctx) =>
      v.podDisruptionBudget.enabled &&
      minAvailablePods(v.podDisruptionBudget.minAvailable, ctx.processes.minPods) >= ctx.processes.minPods &&
      ctx.processes.minPods > 0
        ? [
            finding(
              ['podDisruptionBudget', 'minAvailable'],
              `podDisruptionBudget.minAvailable (${v.podDisruptionBudget.minAvailable}) is not below the lowest replica count (${ctx.processes.minPods}): no pod may ever be evicted, so node drains and cluster upgrades hang.`,
              `Set podDisruptionBudget.minAvailable below ${ctx.processes.minPods}, raise the replica count, or set podDisruptionBudget.enabled: false for a single replica.`,
              v.podDisruptionBudget.minAvailable,
            ),
          ]
        : [],
  },
  {
    id: 'database-connection-budget',
    severity: 'error',
    docs: `${SCALING_FACTS}#database-connection-budget`,
    check: (v) => {
      if (v.database.type !== 'postgresql') return [];
      const b = connectionBudget(v);
      if (b.worstCase <= b.maxConnections) return [];
      return [
        finding(
          ['database', 'maxConnections'],
          `Worst-case database connections ${b.worstCase} exceed max_connections ${b.maxConnections}: (pool.size ${v.database.pool.size} + pool.maxOverflow ${v.database.pool.maxOverflow}${b.vectorPool ? ` + the pgvector client's own pool ${v.vectorDb.pgvector.pool.size} + ${v.vectorDb.pgvector.pool.maxOverflow}, which every process opens on the same server` : ''}) x ${b.servingProcesses} processes${b.surgePods ? ` (${b.surgePods} rolling-update surge pod(s) included)` : ''} + ${b.migrator} for the migrator + ${b.reserved} reserved.`,
          `Lower database.pool.size/maxOverflow${b.vectorPool ? ' or vectorDb.pgvector.pool.size/maxOverflow' : ''}, lower the maximum replica count, or raise the server's max_connections and declare it in database.maxConnections (needs at least ${b.worstCase}).`,
          b.maxConnections,
        ),
      ];
    },
  },
  {
    id: 'image-pinned',
    severity: 'error',
    docs: `${SCALING_FACTS}#what-more-than-one-process-requires`,
    check: (v) => {
      const tag = v.image.tag.toLowerCase();
      const base = tag.split('-')[0];
      if (v.image.digest && !FLOATING_TAGS.includes(tag)) return [];
      if (
        !FLOATING_TAGS.includes(tag) &&
        !FLOATING_TAGS.includes(base) &&
        /^v?\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?$/.test(v.image.tag)
      )
        return [];
      return [
        finding(
          ['image', 'tag'],
          `Image tag "${v.image.tag}" is not a pinned release version; upgrades (one migration per version, never two versions against one database) are keyed on the tag.`,
          'Pin a full release version such as "0.11.0" ("0.11" moves with every patch release; variants like "0.11.0-cuda" are fine); add image.digest to pin the exact build.',
          v.image.tag,
        ),
      ];
    },
  },
  {
    id: 'secrets-inline-development-only',
    severity: 'error',
    docs: `${SCALING_FACTS}#what-more-than-one-process-requires`,
    check: (v) => {
      const out: Finding[] = [];
      if (v.secrets.source === 'inline' && !v.environment.development) {
        out.push(
          finding(
            ['secrets', 'source'],
            'Inline secrets are for development only; this environment is not marked environment.development: true, and its plaintext secrets would be committed to dist/.',
            'Create the Secret outside Git and use secrets.source: existingSecret with secrets.existingSecret: <name>.',
            'inline',
          ),
        );
      }
      if (v.secrets.source !== 'inline') {
        for (const [key, value] of Object.entries(v.secrets.inline)) {
          if (value !== undefined)
            out.push(
              finding(
                ['secrets', 'inline', key],
                `secrets.inline.${key} is set but secrets.source is "${v.secrets.source}", so it would be ignored.`,
                'Remove the inline value (put it in the Secret instead).',
                '(hidden)',
              ),
            );
        }
      }
      return out;
    },
  },
  {
    id: 'secrets-existing-name',
    severity: 'error',
    docs: CHECKLIST,
    check: (v) =>
      v.secrets.source === 'existingSecret' && !v.secrets.existingSecret
        ? [
            finding(
              ['secrets', 'existingSecret'],
              'secrets.source is existingSecret but no Secret is named.',
              'Set secrets.existingSecret to the name of a Secret in the namespace that holds WEBUI_SECRET_KEY (and DATABASE_URL, REDIS_URL as used).',
            ),
          ]
        : [],
  },
  {
    id: 'secrets-inline-missing',
    severity: 'error',
    docs: CHECKLIST,
    check: (v) => {
      if (v.secrets.source !== 'inline') return [];
      // The development Redis/PostgreSQL passwords have their own, more specific rules (rules/redis.ts).
      return requiredSecretEntries(v)
        .filter(
          ({ entry }) =>
            entry !== 'secretKey' &&
            entry !== 'redisPassword' &&
            entry !== 'postgresPassword' &&
            !v.secrets.inline[entry],
        )
        .map(({ entry: key, why }) =>
          finding(
            ['secrets', 'inline', key],
            `secrets.inline.${key} is required because ${why}.`,
            `Set secrets.inline.${key}.`,
          ),
        );
    },
  },
  {
    id: 'extra-env-managed',
    severity: 'error',
    docs: UPSTREAM_ENV,
    check: (v) =>
      v.extraEnv.flatMap((e, i) =>
        MANAGED_ENV[e.name]
          ? [
              finding(
                ['extraEnv', i, 'name'],
                `${e.name} is managed by this chart from typed, validated values; setting it in extraEnv would bypass validation.`,
                `Remove it from extraEnv and set ${MANAGED_ENV[e.name]} instead.`,
                e.name,
              ),
            ]
          : [],
      ),
  },
  {
    id: 'extra-env-shape',
    severity: 'error',
    docs: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables',
    check: (v) => {
      const out: Finding[] = [];
      const seen = new Set<string>();
      v.extraEnv.forEach((e, i) => {
        if ((e.value === undefined) === (e.valueFrom === undefined)) {
          out.push(
            finding(
              ['extraEnv', i],
              `extraEnv[${i}] (${e.name}) needs exactly one of value and valueFrom.`,
              'Give either value: "..." or valueFrom: {secretKeyRef: ...}.',
            ),
          );
        }
        if (seen.has(e.name))
          out.push(
            finding(
              ['extraEnv', i, 'name'],
              `${e.name} appears twice in extraEnv.`,
              'Keep one entry per name.',
              e.name,
            ),
          );
        seen.add(e.name);
      });
      return out;
    },
  },
  {
    id: 'config-incomplete',
    severity: 'error',
    docs: UPSTREAM_ENV,
    check: (v) => {
      const out: Finding[] = [];
      const need = (cond: boolean, path: (string | number)[], msg: string, hint: string) => {
        if (cond) out.push(finding(path, msg, hint));
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
      // Without RAG_OLLAMA_BASE_URL Open WebUI falls back to OLLAMA_BASE_URL, whose default is
      // localhost inside the pod: nothing answers there.
      need(
        v.openwebui.embeddings.engine === 'ollama' &&
          !v.openwebui.embeddings.baseUrl &&
          !v.extraEnv.some((e) => e.name === 'OLLAMA_BASE_URL'),
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
    },
  },
  {
    id: 'embeddings-api-key',
    // A warning, not an error: an OpenAI-compatible server in the cluster (vLLM, TEI, a gateway)
    // may need no key, and Open WebUI also takes the key from its admin settings (stored in the
    // database), which values cannot see. api.openai.com always needs one.
    severity: 'warning',
    docs: UPSTREAM_ENV,
    check: (v) => {
      const e = v.openwebui.embeddings;
      if (e.engine !== 'openai' || e.apiKeySecretRef || v.extraEnv.some((x) => x.name === 'OPENAI_API_KEY')) return [];
      const target =
        e.baseUrl ?? v.extraEnv.find((x) => x.name === 'OPENAI_API_BASE_URL')?.value ?? 'https://api.openai.com/v1';
      return [
        finding(
          ['openwebui', 'embeddings', 'apiKeySecretRef'],
          `Embedding engine is openai but no API key is wired (RAG_OPENAI_API_KEY, or OPENAI_API_KEY in extraEnv): embedding calls to ${target} would be unauthenticated.`,
          'Set openwebui.embeddings.apiKeySecretRef: {name: <secret>, key: <key>} (e.g. the app Secret), or acknowledge this warning when the endpoint needs no key.',
        ),
      ];
    },
  },
  {
    id: 'ingress-config',
    severity: 'error',
    docs: `${SCALING_FACTS}#load-balancer-affinity`,
    check: (v) => {
      const out: Finding[] = [];
      const ing = v.ingress;
      if (!ing.enabled) return out;
      if (ing.hosts.length === 0 && ing.controller !== 'alb') {
        out.push(
          finding(
            ['ingress', 'hosts'],
            'ingress.enabled is true but ingress.hosts is empty.',
            'Add a host: ingress.hosts: [{host: chat.example.com}].',
          ),
        );
      }
      const hosts = new Set(ing.hosts.map((h) => h.host));
      const wildcard = ing.hosts.findIndex((h) => h.host.startsWith('*.'));
      if (wildcard >= 0 && v.openwebui.corsAllowOrigin.length === 0) {
        out.push(
          finding(
            ['ingress', 'hosts', wildcard, 'host'],
            `"${ing.hosts[wildcard].host}" is a wildcard host: WEBUI_URL and CORS_ALLOW_ORIGIN cannot be derived from it ("http://*.example.com" is not an origin, so websockets would be refused).`,
            'List the origins users reach in openwebui.corsAllowOrigin and set openwebui.webuiUrl.',
            ing.hosts[wildcard].host,
          ),
        );
      }
      ing.tls.forEach((t, i) =>
        t.hosts.forEach((h, j) => {
          if (!hosts.has(h))
            out.push(
              finding(
                ['ingress', 'tls', i, 'hosts', j],
                `TLS host "${h}" is not one of ingress.hosts.`,
                'List the same host names in ingress.hosts and ingress.tls.',
                h,
              ),
            );
        }),
      );
      if (ing.controller === 'alb') {
        if (ing.alb.protocol === 'HTTPS' && !ing.alb.certificateArn)
          out.push(
            finding(
              ['ingress', 'alb', 'certificateArn'],
              'An HTTPS ALB listener needs a certificate.',
              'Set ingress.alb.certificateArn to an ACM certificate ARN.',
            ),
          );
        if (ing.tls.some((t) => t.secretName))
          out.push(
            finding(
              ['ingress', 'tls'],
              'The AWS Load Balancer Controller does not use TLS Secrets; it terminates TLS with ACM certificates.',
              'Remove secretName from ingress.tls and set ingress.alb.protocol: HTTPS with ingress.alb.certificateArn.',
            ),
          );
      }
      return out;
    },
  },
  {
    id: 'cors-covers-ingress-hosts',
    severity: 'error',
    docs: `${SCALING_FACTS}#what-more-than-one-process-requires`,
    check: (v) => {
      const origins = v.openwebui.corsAllowOrigin;
      if (!v.ingress.enabled || origins.length === 0 || origins.includes('*')) return [];
      const covered = new Set(
        origins.map(
          (o) =>
            o
              .replace(/\/+$/, '')
              .replace(/^https?:\/\//, '')
              .split(':')[0],
        ),
      );
      return v.ingress.hosts
        .filter((h) => !covered.has(h.host))
        .map((h) =>
          finding(
            ['openwebui', 'corsAllowOrigin'],
            `CORS_ALLOW_ORIGIN does not include the Ingress host "${h.host}"; websockets from it fail with "not an accepted origin" (requirement 8).`,
            `Add "https://${h.host}" to openwebui.corsAllowOrigin, or leave the list empty to derive it from ingress.hosts.`,
            origins,
          ),
        );
    },
  },
];
