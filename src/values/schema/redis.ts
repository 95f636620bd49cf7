/**
 * Redis for sessions, websocket fan-out, config sync and token revocation: an in-cluster
 * StatefulSet (`mode: internal`, the default) or a Redis you run (`mode: external`).
 *
 * Why `internal` is the default: more than one replica needs Redis, and an in-cluster Redis with
 * the settings Open WebUI needs (timeout 1800, maxclients 10000, a pub/sub buffer sized to the container, auth)
 * works with nothing outside the cluster. Using a managed Redis is a deliberate choice that names
 * the Secret holding its URL, so it is the one that must be spelled out.
 */
import { z } from 'zod';
import {
  annotationMap,
  backendPersistence,
  backendResources,
  k8sLabelName,
  k8sSubdomainName,
  labelMap,
  secretKeyName,
  STANDARD_LABELS,
  intRange,
} from './primitives';

/** A Redis memory size as redis.conf accepts it: bytes, or a number with kb/mb/gb. */
export const REDIS_MEMORY = /^\d+(kb|mb|gb)?$/i;

/** Bytes of a redis.conf memory size ("384mb", "1gb", "1048576"); redis treats k/m/g units as powers of 1024 when written kb/mb/gb. */
export function redisBytes(s: string): number {
  const m = /^(\d+)(kb|mb|gb)?$/i.exec(s);
  if (!m) return NaN;
  const mult = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as 'kb'] ?? 1;
  return Number(m[1]) * mult;
}

const redisImageSchema = z
  .strictObject({
    repository: z
      .string()
      .min(1)
      .default('docker.io/library/redis')
      .meta({ description: 'Redis (or Valkey) image repository.' }),
    tag: z
      .string()
      .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, {
        message: 'must be a pinned version such as "7.2.7-alpine" (no "latest", no bare "7")',
      })
      // Only a pinned version's major is checked here (the rule above reports anything else once).
      .regex(/^(?:[78]\.|(?!\d+\.\d+\.\d+))/, {
        message:
          'must be Redis 7.x or 8.x (or Valkey 7.2/8.x): the rendered redis.conf and probes target those majors (Redis 5/6 and 9+ are not supported); pick a 7.x/8.x tag such as "7.2.7-alpine"',
      })
      .default('7.2.7-alpine')
      .meta({
        description:
          'Pinned image tag: a Redis 7.x/8.x (or Valkey 7.2/8.x) release; other majors are refused. The image must contain `redis-server`, `redis-cli` and `sh`.',
      }),
    pullPolicy: z
      .enum(['IfNotPresent', 'Always', 'Never'])
      .default('IfNotPresent')
      .meta({ description: 'Image pull policy.' }),
  })
  .prefault({})
  .meta({ description: 'In-cluster Redis image.' });

const redisConfigSchema = z
  .strictObject({
    timeout: z
      .number()
      .int()
      .min(1, {
        message:
          'timeout 0 never closes idle connections: they pile up until maxclients is reached and every login fails with a 500; use 1800',
      })
      .max(86400)
      .default(1800)
      .meta({
        description:
          "Seconds before an idle client connection is closed (`timeout`). At least 1: 0 (Redis's default) lets dead connections pile up until logins fail.",
      }),
    maxclients: z
      .number()
      .int()
      .min(10000, {
        message: 'Open WebUI opens many connections per process and logins fail once the limit is reached',
      })
      .max(1000000)
      .default(10000)
      .meta({
        description:
          'Maximum simultaneous client connections (`maxclients`). At least 10000: Open WebUI opens many connections per process.',
      }),
    // redis.conf: "Both the hard or the soft limit can be disabled by setting them to zero"
    // (redis/redis redis.conf, `client-output-buffer-limit`; Debian's /etc/redis/redis.conf:2044).
    // The buffer is memory of the Redis process on top of the dataset (PUBLISH is not refused at
    // maxmemory), so maxmemory + hardBytes must fit the container (rule redis-server-limits).
    pubsubBufferLimit: z
      .strictObject({
        hardBytes: z
          .number()
          .int()
          .min(1, {
            message:
              'hardBytes 0 disables the hard limit (redis.conf: "the hard or the soft limit can be disabled by setting them to zero"): one slow websocket subscriber\'s buffer then grows until the kernel OOM-kills Redis; use 67108864 (64 MiB), with maxmemory + hardBytes within redis.internal.resources.limits.memory',
          })
          .default(67108864)
          .meta({
            description:
              'Hard limit in bytes: a pub/sub client (each Open WebUI process holds one Socket.IO subscriber) whose output buffer exceeds this is disconnected at once, and reconnects. At least 1 (0 disables it), and `maxmemory` + `hardBytes` must fit `resources.limits.memory` (validated): the buffer is memory of the Redis process on top of the dataset.',
          }),
        softBytes: z.number().int().min(0).default(33554432).meta({
          description:
            'Soft limit in bytes: a client over this for `softSeconds` is disconnected. At most `hardBytes`; 0 disables the soft limit and is accepted only with `softSeconds: 0` (validated).',
        }),
        softSeconds: z
          .number()
          .int()
          .min(0)
          .default(60)
          .meta({ description: 'Seconds a client may stay over the soft limit.' }),
      })
      .prefault({})
      .meta({
        description:
          "`client-output-buffer-limit pubsub <hardBytes> <softBytes> <softSeconds>`: 64 MiB / 32 MiB / 60 s by default, twice Redis's 32mb/8mb/60 for bursts of websocket streaming, and sized so `maxmemory` (384mb) + `hardBytes` stays below the 512Mi container limit (validated).",
      }),
    appendonly: z.boolean().default(true).meta({
      description:
        '`appendonly`: write every change to the append-only file (sessions survive a restart). Turn off for a pure cache.',
    }),
    maxmemory: z
      .string()
      .regex(REDIS_MEMORY, { message: 'must be a redis.conf memory size such as "384mb", "1gb" or a number of bytes' })
      .refine((s) => redisBytes(s) !== 0, {
        message:
          'must not be 0: maxmemory 0 means no limit, so Redis grows until the kernel OOM-kills it instead of refusing writes; use about 75% of resources.limits.memory, e.g. "384mb" for 512Mi',
        params: { format: true },
      })
      .default('384mb')
      .meta({
        description:
          '`maxmemory`: keep it below the container memory limit (validated) so Redis refuses writes instead of being OOM-killed.',
      }),
    maxmemoryPolicy: z.enum(['noeviction', 'volatile-ttl', 'volatile-lru', 'volatile-lfu']).default('noeviction').meta({
      description:
        '`maxmemory-policy`. `noeviction` (default): when full, writes fail loudly and nothing is dropped. `allkeys-*` policies are not offered: they silently evict sessions, config and token-revocation entries, which logs users out or revives revoked tokens. `volatile-*` only evict keys with a TTL (sessions and revocation entries have one): validation warns until `acknowledgeWarnings: [redis-volatile-eviction]`.',
    }),
    extraConfig: z.string().default('').meta({
      description:
        'Extra redis.conf lines appended verbatim (e.g. `hz 20`), read the way redis-server reads them (quotes, `\\xHH` escapes, case). May not set a directive that has a typed key here (`timeout`, `maxclients`, `client-output-buffer-limit pubsub`, `maxmemory`, `maxmemory-policy`, `appendonly`, `save`, `protected-mode`: set the key instead), one the chart owns (`requirepass`, `masterauth`, `dir`, `port`, `bind`, `include`, `logfile`, `appendfsync`, `daemonize`, `replicaof`, ...), nor one that opens a way around the password (`user`, `aclfile`, `rename-command`, `loadmodule`, `enable-debug-command`, `enable-module-command`, `enable-protected-configs`) (validated, docs/redis.md).',
    }),
  })
  .prefault({})
  .meta({ description: 'redis.conf, rendered into a ConfigMap (never containing the password).' });

/** Port of the redis_exporter sidecar (its default `web.listen-address` :9121). */
export const REDIS_EXPORTER_PORT = 9121;

/** A Prometheus duration as the PodMonitor CRD accepts it (e.g. "30s", "1m"). */
const promDuration = () =>
  z.string().regex(/^(?!$)(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/, {
    message: 'must be a Prometheus duration such as "30s", "1m" or "1m30s"',
  });

const redisMetricsSchema = z
  .strictObject({
    enabled: z.boolean().default(false).meta({
      description:
        "Run oliver006/redis_exporter as a sidecar of the Redis pod: it reads the password from the same Secret, talks to Redis on localhost and serves Prometheus metrics on port 9121 (container port `metrics`). What Prometheus can scrape in this release: Open WebUI itself serves no metrics (observability.otel). The dashboard's Redis panels read it.",
    }),
    image: z
      .strictObject({
        repository: z
          .string()
          .min(1)
          .default('docker.io/oliver006/redis_exporter')
          .meta({ description: 'redis_exporter image repository (also published on ghcr.io and quay.io).' }),
        tag: z
          .string()
          .regex(/^v\d+\.\d+\.\d+$/, { message: 'must be a pinned release such as "v1.88.0" (no "latest")' })
          .default('v1.88.0')
          .meta({
            description:
              'Pinned release tag: the scratch image, which runs as the non-root user 59000 (oliver006/redis_exporter Dockerfile).',
          }),
        pullPolicy: z
          .enum(['IfNotPresent', 'Always', 'Never'])
          .default('IfNotPresent')
          .meta({ description: 'Image pull policy.' }),
      })
      .prefault({})
      .meta({ description: 'redis_exporter image.' }),
    resources: backendResources(
      { cpu: '10m', memory: '32Mi', memoryLimit: '128Mi' },
      "Memory limit. Generous on purpose: the sidecar shares the pod's readiness, so an exporter killed for memory takes Redis out of its Service until it restarts.",
      'Resources of the exporter container.',
    ),
    podMonitor: z
      .strictObject({
        enabled: z.boolean().default(false).meta({
          description:
            'Render a PodMonitor (prometheus-operator `monitoring.coreos.com/v1`) that scrapes the exporter. Needs `metrics.enabled`.',
        }),
        namespace: k8sLabelName().optional().meta({
          description:
            'Namespace of the PodMonitor (default: the release namespace; elsewhere it selects the release namespace through `namespaceSelector`).',
        }),
        additionalLabels: labelMap({ keys: STANDARD_LABELS }).default({}).meta({
          description:
            "Labels the Prometheus `podMonitorSelector` matches, e.g. `release: kube-prometheus-stack` for kube-prometheus-stack's default selector.",
        }),
        interval: promDuration().default('30s').meta({ description: 'Scrape interval.' }),
        scrapeTimeout: promDuration().default('10s').meta({ description: 'Scrape timeout (at most the interval).' }),
      })
      .prefault({})
      .meta({ description: 'PodMonitor for the exporter.' }),
  })
  .prefault({})
  .meta({
    description:
      'Prometheus metrics of the in-cluster Redis through a redis_exporter sidecar. The scraper reaches it only on the exporter port (networkPolicy.monitoring).',
  });

export const redisInternalSchema = z
  .strictObject({
    image: redisImageSchema,
    auth: z
      .strictObject({
        enabled: z.boolean().default(true).meta({
          description:
            'Require a password (`requirepass`). On by default; turning it off outside development is warned about.',
        }),
        existingSecret: k8sSubdomainName().optional().meta({
          description:
            'Secret holding the password under `secrets.keys.redisPassword` (default: the app Secret, where `secrets.inline.redisPassword` goes in development).',
        }),
      })
      .prefault({})
      .meta({
        description:
          'Authentication. The password reaches Redis as `--requirepass $(REDIS_PASSWORD)` from a secretKeyRef and the app as `redis://default:$(REDIS_PASSWORD)@...` (Kubernetes expansion), so it is never written to dist/. It must be URL-safe (letters, digits, "-._~").',
      }),
    config: redisConfigSchema,
    persistence: backendPersistence('1Gi', {
      enabled:
        'Keep /data on a PersistentVolumeClaim (volumeClaimTemplate); off: an emptyDir (a cache that loses sessions on restart).',
      size: 'Size of the Redis data volume.',
      storageClass: 'Storage class of the data volume; unset uses the cluster default; "-" means no class.',
      description: 'Redis data volume. Claims are retained when the StatefulSet is deleted or scaled down.',
    }),
    resources: backendResources(
      { cpu: '50m', memory: '128Mi', memoryLimit: '512Mi' },
      'Memory limit; `config.maxmemory` must stay below it.',
      'Resources of the Redis container.',
    ),
    podAnnotations: annotationMap().default({}).meta({ description: 'Extra annotations on the Redis pod.' }),
    metrics: redisMetricsSchema,
  })
  .prefault({})
  .meta({
    description: 'In-cluster Redis (`mode: internal`): a one-replica StatefulSet with a headless and a client Service.',
  });

export const redisExternalSchema = z
  .strictObject({
    existingSecret: k8sSubdomainName().optional().meta({
      description:
        'Secret holding the Redis URL under `secrets.keys.redisUrl` (default: the app Secret; inline only in development).',
    }),
    tls: z
      .strictObject({
        enabled: z.boolean().default(false).meta({
          description:
            'Declares that the URL in the Secret is `rediss://` (TLS). The chart cannot read the Secret, so this is how validation knows the scheme: TLS options below require it.',
        }),
        existingSecret: k8sSubdomainName().optional().meta({
          description: 'Secret with the CA and/or client certificate, mounted read-only at /etc/open-webui/redis-tls.',
        }),
        caKey: secretKeyName().optional().meta({
          description: 'Key of the CA bundle in `tls.existingSecret` (e.g. "ca.crt"); unset: the system trust store.',
        }),
        certKey: secretKeyName()
          .optional()
          .meta({ description: 'Key of the client certificate (mutual TLS), together with `keyKey`.' }),
        keyKey: secretKeyName()
          .optional()
          .meta({ description: 'Key of the client private key (mutual TLS), together with `certKey`.' }),
      })
      .prefault({})
      .meta({
        description:
          'TLS. With files set, REDIS_URL is composed as `$(REDIS_SERVER_URL)?ssl_cert_reqs=required&ssl_ca_certs=...` (redis-py URL options), so the URL in the Secret must then carry no query string.',
      }),
    sentinel: z
      .strictObject({
        hosts: z
          .array(
            z.string().regex(/^[A-Za-z0-9.-]+$/, {
              message: 'must be a host name or IP, without port (the port is sentinel.port)',
            }),
          )
          .default([])
          .meta({
            description:
              "Sentinel hosts (REDIS_SENTINEL_HOSTS and WEBSOCKET_SENTINEL_HOSTS). The URL's host is then the Sentinel service (master) name.",
          }),
        port: intRange(1, 65535).default(26379).meta({ description: 'Sentinel port.' }),
        maxRetryCount: intRange(1, 100).default(5).meta({
          description:
            "`REDIS_SENTINEL_MAX_RETRY_COUNT`: how often Open WebUI retries a Redis command that fails during a fail-over (a connection error, or a write to the demoted primary), asking the Sentinels for the new primary each time. Open WebUI's own default is 2; 5 is the value of its Redis guide's Sentinel example. Only with `hosts` (validated).",
        }),
      })
      .prefault({})
      .meta({ description: 'Redis Sentinel (high availability): on when `hosts` is not empty.' }),
    cluster: z.boolean().default(false).meta({
      description:
        'Redis Cluster (ElastiCache cluster mode or serverless): REDIS_CLUSTER=True and WEBSOCKET_REDIS_CLUSTER=True.',
    }),
    socketConnectTimeoutSeconds: z.number().positive().max(300).optional().meta({
      description: 'Seconds to wait for a Redis connection (default 5 with Sentinel, unset otherwise).',
    }),
    serverTimeoutSeconds: intRange(0, 86400).optional().meta({
      description:
        "Your Redis server's `timeout` (seconds an idle client connection may stay open), or a shorter idle timeout of a load balancer, proxy or NAT on the way, when known: validation warns unless `redis.healthCheckIntervalSeconds` is below it. 0: nothing closes idle connections (ElastiCache's and Memorystore's default `timeout`). Unset: not known (no warning).",
    }),
  })
  .prefault({})
  .meta({ description: 'External Redis (`mode: external`): its URL comes from a Secret.' });

export const redisSchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: 'Use Redis. Required for more than one process.' }),
    mode: z.enum(['internal', 'external']).default('internal').meta({
      description:
        '`internal` (default): an in-cluster Redis StatefulSet rendered by this chart. `external`: a Redis you run (ElastiCache, Memorystore, an operator); its URL comes from a Secret and no Redis object is rendered.',
    }),
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_:.-]+$/, { message: 'must be letters, digits and "_:.-"' })
      .default('open-webui')
      .meta({
        description:
          "`REDIS_KEY_PREFIX`: prefix of Open WebUI's Redis keys and of its tasks channel. It does not separate installations that share one Redis: Open WebUI's Socket.IO manager publishes on the fixed channel `socketio` (pub/sub ignores the database number too), so two installations on one Redis receive each other's websocket events; give each installation its own Redis (validated as a warning with an external Redis and a non-default prefix).",
      }),
    healthCheckIntervalSeconds: intRange(0, 86400).default(60).meta({
      description:
        "`REDIS_HEALTH_CHECK_INTERVAL`: redis-py sends a PING on a pooled connection that has been idle this long before reusing it, so a connection the server closed (its `timeout`) or a load balancer dropped is replaced instead of failing the next command. Keep it below the server's `timeout` and any idle timeout on the way (Open WebUI's Redis guide pairs a server timeout with 60; validated against `redis.internal.config.timeout`, and `redis.external.serverTimeoutSeconds` when declared). 0: off (Open WebUI's default: no check).",
    }),
    internal: redisInternalSchema,
    external: redisExternalSchema,
  })
  .prefault({})
  .meta({ description: 'Redis.' });
