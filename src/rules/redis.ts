/** Redis (in-cluster or external): refuse contradictory or unsafe combinations before anything is rendered. */
import {
  extraConfigLines,
  parseRedisConfLine,
  REDIS_BACKDOOR_DIRECTIVES,
  REDIS_CHART_OWNED_DIRECTIVES,
  REDIS_TYPED_DIRECTIVES,
} from '../model/redis-conf';
import { parseQuantity } from '../k8s';
import { ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { redisBytes, redisExternalSchema, redisInternalSchema, redisSchema } from '../values/schema/redis';
import { CHECKLIST, finding, findingIf, Finding, Rule, SCALING_FACTS, rule, findings } from './rule';
import { requirement } from './openwebui';
import { K8S_EXPANSION, schemeText, URL_SAFE_PASSWORD, urlScheme } from './secrets';

const REDIS_DOCS = `${SCALING_FACTS}#redis-server-settings`;
const REDIS_CONF_DOCS = 'https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/';
const OPEN_WEBUI_REDIS = 'https://docs.openwebui.com/reference/env-configuration/#redis';
const OPEN_WEBUI_REDIS_GUIDE = 'https://docs.openwebui.com/tutorials/integrations/redis/';

const redisDefaults = redisSchema.parse(undefined, { jitless: true }); // jitless: see validateSchema

/** Top-level keys of `actual` that differ from the schema defaults (keys the user set). */
const inCluster = (m: ReleaseModel) => m.redis.kind === 'in-cluster';
const isExternal = (m: ReleaseModel) =>
  m.redis.kind === 'external' || m.redis.kind === 'sentinel' || m.redis.kind === 'cluster';

function changedKeys(actual: Record<string, unknown>, defaults: Record<string, unknown>): string[] {
  return Object.keys(actual).filter((k) => JSON.stringify(actual[k]) !== JSON.stringify(defaults[k]));
}

export function multiReplicaRedis(v: Values, m: ReleaseModel): Finding[] {
  if (!m.processes.multi) return [];
  const [out, add] = findings();
  if (!v.redis.enabled) {
    add(
      ['redis', 'enabled'],
      `${requirement(3, m)} needs Redis for sessions, websockets and config sync (REDIS_URL and WEBSOCKET_REDIS_URL); without it websockets fail with 403s and replicas disagree on config.`,
      'Set redis.enabled: true and give the Redis URL in the app Secret (secrets.keys.redisUrl).',
      false,
    );
  }
  if (!v.openwebui.websocket.enabled) {
    add(
      ['openwebui', 'websocket', 'enabled'],
      `${requirement(3, m)} needs ENABLE_WEBSOCKET_SUPPORT=True.`,
      'Set openwebui.websocket.enabled: true.',
      false,
    );
  }
  if (v.openwebui.websocket.manager !== 'redis') {
    add(
      ['openwebui', 'websocket', 'manager'],
      `${requirement(3, m)} needs WEBSOCKET_MANAGER=redis so every replica sees every websocket.`,
      'Set openwebui.websocket.manager: redis.',
      v.openwebui.websocket.manager,
    );
  }
  return out;
}

export function redisModeKeys(v: Values, m: ReleaseModel): Finding[] {
  if (m.redis.kind === 'none') return [];
  const [out, add] = findings();
  if (isExternal(m)) {
    const defaults = redisInternalSchema.parse(undefined, { jitless: true }) as unknown as Record<string, unknown>;
    for (const k of changedKeys(v.redis.internal as unknown as Record<string, unknown>, defaults)) {
      add(
        ['redis', 'internal', k],
        `redis.internal.${k} is set but redis.mode is "external": no in-cluster Redis is rendered, so it would be ignored.`,
        'Remove redis.internal.* from this environment, or set redis.mode: internal.',
      );
    }
  } else {
    const defaults = redisExternalSchema.parse(undefined, { jitless: true }) as unknown as Record<string, unknown>;
    for (const k of changedKeys(v.redis.external as unknown as Record<string, unknown>, defaults)) {
      add(
        ['redis', 'external', k],
        `redis.external.${k} is set but redis.mode is "internal": the app connects to the in-cluster Redis, so it would be ignored.`,
        'Set redis.mode: external to use your own Redis, or remove redis.external.*.',
      );
    }
  }
  return out;
}

export function redisSentinelAndCluster(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    isExternal(m) && v.redis.external.cluster && v.redis.external.sentinel.hosts.length > 0,
    ['redis', 'external', 'cluster'],
    'redis.external.cluster and redis.external.sentinel.hosts are both set: Redis Cluster and Sentinel are different topologies (Open WebUI would silently use Sentinel and ignore REDIS_CLUSTER).',
    'Keep one: redis.external.cluster: true for ElastiCache cluster mode / serverless, or sentinel.hosts for a Sentinel-managed primary.',
    true,
  );
}

export function redisTlsConsistency(v: Values, m: ReleaseModel): Finding[] {
  if (!isExternal(m)) return [];
  const tls = v.redis.external.tls;
  const [out, add] = findings();
  const fileKeys = (['existingSecret', 'caKey', 'certKey', 'keyKey'] as const).filter((k) => tls[k] !== undefined);
  if (!tls.enabled) {
    for (const k of fileKeys) {
      add(
        ['redis', 'external', 'tls', k],
        `redis.external.tls.${k} is set but redis.external.tls.enabled is false, which declares a plain redis:// URL: TLS options have no effect on a connection without TLS.`,
        'If the URL in the Secret is rediss://, set redis.external.tls.enabled: true; otherwise remove the TLS options.',
      );
    }
    return out;
  }
  const files = (['caKey', 'certKey', 'keyKey'] as const).filter((k) => tls[k] !== undefined);
  if (files.length && !tls.existingSecret) {
    add(
      ['redis', 'external', 'tls', 'existingSecret'],
      `redis.external.tls.${files.join('/')} name keys of a Secret, but redis.external.tls.existingSecret is not set.`,
      'Set redis.external.tls.existingSecret to the Secret holding the CA and/or client certificate.',
    );
  }
  if (tls.existingSecret && !files.length) {
    add(
      ['redis', 'external', 'tls', 'existingSecret'],
      'redis.external.tls.existingSecret is set but no key of it is used.',
      'Set redis.external.tls.caKey (e.g. "ca.crt") and/or certKey + keyKey, or remove existingSecret.',
      tls.existingSecret,
    );
  }
  if ((tls.certKey === undefined) !== (tls.keyKey === undefined)) {
    add(
      ['redis', 'external', 'tls', tls.certKey === undefined ? 'certKey' : 'keyKey'],
      'A client certificate needs both redis.external.tls.certKey and redis.external.tls.keyKey.',
      'Set both (mutual TLS) or neither.',
    );
  }
  if (v.redis.external.sentinel.hosts.length) {
    // Open WebUI's Sentinel client (utils/redis.py) builds its connections from host, port, db,
    // username and password only: no ssl arguments, and the rediss:// scheme and URL options are not read.
    add(
      ['redis', 'external', 'sentinel', 'hosts'],
      `redis.external.tls.enabled is true with Sentinel, but Open WebUI's Sentinel client passes no TLS options: it would talk to Sentinel and the primary in plain text (or fail against a TLS-only server)${files.length ? ', and the TLS certificate files would be silently ignored' : ''}.`,
      'Use Sentinel without TLS (redis.external.tls.enabled: false, on a private network), or connect to a TLS endpoint without Sentinel (remove redis.external.sentinel.hosts).',
      true,
    );
  }
  return out;
}

/** Bytes as MiB for messages ("448 MiB"). */
const mib = (bytes: number): string => `${Math.round((bytes / 1024 ** 2) * 100) / 100} MiB`;

export function redisServerLimits(v: Values, m: ReleaseModel): Finding[] {
  if (!inCluster(m)) return [];
  const c = v.redis.internal.config;
  const [out, add] = findings();
  // timeout, maxclients and maxmemory on their own are bounded in the schema (src/values/schema/redis.ts).
  const limit = v.redis.internal.resources.limits.memory;
  if (redisBytes(c.maxmemory) >= (parseQuantity(limit) ?? Infinity)) {
    add(
      ['redis', 'internal', 'config', 'maxmemory'],
      `maxmemory ${c.maxmemory} is not below the container memory limit ${limit}: the pod is OOM-killed before Redis ever refuses a write.`,
      'Keep maxmemory at about 75% of redis.internal.resources.limits.memory (room for buffers and the AOF rewrite fork).',
      c.maxmemory,
    );
  }
  const b = c.pubsubBufferLimit;
  const at = ['redis', 'internal', 'config', 'pubsubBufferLimit'];
  const limitBytes = parseQuantity(limit) ?? Infinity;
  const maxmemoryBytes = redisBytes(c.maxmemory);
  // Only when maxmemory itself fits (otherwise the error above already says to lower it). The
  // pub/sub output buffer is process memory on top of the dataset and PUBLISH is not refused at
  // maxmemory, so one slow subscriber at its hard limit needs maxmemory + hardBytes of the container.
  if (maxmemoryBytes < limitBytes && maxmemoryBytes + b.hardBytes > limitBytes) {
    const room = limitBytes - maxmemoryBytes;
    add(
      [...at, 'hardBytes'],
      `maxmemory ${c.maxmemory} (${mib(maxmemoryBytes)}) + pubsubBufferLimit.hardBytes ${b.hardBytes} (${mib(b.hardBytes)}) = ${mib(maxmemoryBytes + b.hardBytes)} is above the container memory limit ${limit} (${mib(limitBytes)}): one slow websocket subscriber gets Redis OOM-killed before the hard limit disconnects it.`,
      `Set redis.internal.config.pubsubBufferLimit.hardBytes to at most ${room} (${mib(room)}, e.g. 67108864 = 64 MiB), or lower maxmemory, or raise redis.internal.resources.limits.memory to at least ${mib(maxmemoryBytes + b.hardBytes)}.`,
      b.hardBytes,
    );
  }
  if (b.softBytes > b.hardBytes)
    add(
      [...at, 'softBytes'],
      'The pub/sub soft limit is above the hard limit, so it never applies.',
      'Make softBytes at most hardBytes.',
      b.softBytes,
    );
  // redis.conf: a limit of 0 is disabled, so a soft period with softBytes 0 would be silently ignored.
  if (b.softBytes === 0 && b.softSeconds > 0) {
    add(
      [...at, 'softBytes'],
      `softBytes 0 disables the pub/sub soft limit (redis.conf: "the hard or the soft limit can be disabled by setting them to zero"), so softSeconds ${b.softSeconds} is ignored.`,
      `Set softBytes to a size below hardBytes (e.g. ${Math.floor(b.hardBytes / 2)}, half of it), or set softSeconds: 0 to say there is no soft limit.`,
      b.softBytes,
    );
  }
  return out;
}

/**
 * `extraConfig` is read the way redis-server reads it (parseRedisConfLine: quotes, `\xHH` and other
 * escapes, case), so `"require\x70ass" x` or `'TIMEOUT' 0` is the directive it spells. Refused:
 * a line redis-server would not start with, the doors around the password (ACL users and files,
 * renamed commands, modules, debug and protected configs), directives the chart owns, and those
 * rendered from a typed key.
 */
export function redisExtraConfig(v: Values, m: ReleaseModel): Finding[] {
  if (!inCluster(m)) return [];
  const [out, add] = findings();
  const at = ['redis', 'internal', 'config', 'extraConfig'];
  const text = v.redis.internal.config.extraConfig;
  // redis-server reads the file as C strings: a NUL or another control character ends or splits a line unseen.
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text))
    add(
      at,
      'extraConfig holds a control character (such as NUL): redis-server reads redis.conf as C strings, so what it applies would differ from what is reviewed here.',
      'Remove the control characters; write escapes inside double quotes ("\\x41") if a value needs them.',
      false,
    );
  extraConfigLines(text).forEach((line, i) => {
    const parsed = parseRedisConfLine(line);
    const where = `line ${i + 1} of extraConfig`;
    if (parsed.kind === 'blank') return;
    if (parsed.kind === 'unbalanced') {
      add(
        at,
        `${where} has unbalanced quotes: redis-server refuses to start on it ("Unbalanced quotes in configuration line").`,
        'Close every quote; a closing quote must be followed by a blank or the end of the line.',
      );
      return;
    }
    const { directive, args } = parsed;
    const raw = line.split(/[ \t]/)[0];
    const spelled = raw === directive ? '' : ` (written ${JSON.stringify(raw)})`;
    const backdoor = REDIS_BACKDOOR_DIRECTIVES[directive];
    if (backdoor !== undefined) {
      add(
        at,
        `${where} sets "${directive}"${spelled}, which ${backdoor}: a way around the password the chart sets from a Secret.`,
        `Remove "${directive}" from extraConfig. Every client authenticates with the one password of redis.internal.auth.`,
      );
      return;
    }
    if ((REDIS_CHART_OWNED_DIRECTIVES as readonly string[]).includes(directive)) {
      const password = directive === 'requirepass' || directive === 'masterauth';
      add(
        at,
        password
          ? `${where} sets "${directive}"${spelled}: the ConfigMap would carry a password in plain text (and into dist/).`
          : `${where} sets "${directive}"${spelled}, which the chart owns (the pod's port, bind address, writable data directory, stdout logging and role as the one primary depend on it).`,
        password
          ? 'Remove it: the password comes from a Secret (redis.internal.auth, secrets.keys.redisPassword).'
          : `Remove "${directive}" from extraConfig.`,
        password ? undefined : directive,
      );
      return;
    }
    const key = REDIS_TYPED_DIRECTIVES[directive];
    if (key === undefined) return;
    if (directive === 'client-output-buffer-limit' && !args.some((a) => a.toLowerCase() === 'pubsub')) return;
    add(
      at,
      `${where} sets "${directive}"${spelled}, which is rendered from ${key}: extraConfig is appended last and redis.conf lets the last line win, so it would override the validated setting (e.g. timeout 0 or maxclients 128 make logins fail at scale).`,
      `Remove "${directive}" from extraConfig and set ${key} instead.`,
      line,
    );
  });
  return out;
}

/**
 * A pooled connection the server closed after `timeout` idle seconds fails its next command unless
 * redis-py checks it first (REDIS_HEALTH_CHECK_INTERVAL, env.py:417-423 and utils/redis.py:256-267
 * @ f9590b8); Open WebUI's Redis guide pairs a server `timeout` with a shorter interval
 * (docs/tutorials/integrations/redis.md:374-390, 758-791 @ open-webui/docs 1eea384). The in-cluster
 * Redis's timeout is known; an external one's only when declared (redis.external.serverTimeoutSeconds).
 */
export function redisHealthCheckInterval(v: Values, m: ReleaseModel): Finding[] {
  const interval = v.redis.healthCheckIntervalSeconds;
  const timeout = inCluster(m)
    ? { seconds: v.redis.internal.config.timeout, key: 'redis.internal.config.timeout' }
    : isExternal(m) && v.redis.external.serverTimeoutSeconds
      ? { seconds: v.redis.external.serverTimeoutSeconds, key: 'redis.external.serverTimeoutSeconds' }
      : undefined;
  if (!timeout || (interval > 0 && interval < timeout.seconds)) return [];
  return [
    finding(
      ['redis', 'healthCheckIntervalSeconds'],
      `${interval > 0 ? `redis.healthCheckIntervalSeconds (${interval}) is not below` : 'The Redis health check is off (redis.healthCheckIntervalSeconds: 0) while'} the ${timeout.seconds} s after which idle connections are closed (${timeout.key}): a pooled connection idle that long fails its next command (an error for that request) instead of being checked and replaced first.`,
      `Set redis.healthCheckIntervalSeconds below ${timeout.seconds} (the default 60 fits Open WebUI's Redis guide), or acknowledge this warning.`,
      interval,
    ),
  ];
}

/** Sentinel settings without Sentinel hosts are never rendered. */
export function redisSentinelKeys(v: Values, m: ReleaseModel): Finding[] {
  if (!isExternal(m) || v.redis.external.sentinel.hosts.length) return [];
  const defaults = redisExternalSchema.parse(undefined, { jitless: true }).sentinel as unknown as Record<
    string,
    unknown
  >;
  const actual = v.redis.external.sentinel as unknown as Record<string, unknown>;
  return changedKeys(actual, defaults).map((k) =>
    finding(
      ['redis', 'external', 'sentinel', k],
      `redis.external.sentinel.${k} is set but redis.external.sentinel.hosts is empty (no Sentinel): it would be ignored.`,
      'List the Sentinel hosts in redis.external.sentinel.hosts, or remove the setting.',
    ),
  );
}

/**
 * Open WebUI's Socket.IO manager is built without a channel name (socket/main.py:74 @ f9590b8), so
 * every installation publishes on `socketio` whatever REDIS_KEY_PREFIX says, and pub/sub ignores
 * the database number (facts §5.4). A non-default prefix on an external Redis suggests a shared one.
 */
export function redisSharedSocketioChannel(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    isExternal(m) && v.redis.keyPrefix !== redisDefaults.keyPrefix,
    ['redis', 'keyPrefix'],
    `redis.keyPrefix is "${v.redis.keyPrefix}", which suggests this Redis is shared with another installation: the prefix separates Open WebUI's keys, but not its Socket.IO pub/sub channel (always "socketio", and pub/sub ignores the database number), so installations on one Redis receive each other's websocket events (broadcasts can reach the other installation's browsers).`,
    'Give each installation its own Redis (or Redis instance), or acknowledge this warning if this Redis serves this installation only.',
    v.redis.keyPrefix,
  );
}

export function redisVolatileEviction(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    inCluster(m) && v.redis.internal.config.maxmemoryPolicy !== 'noeviction',
    ['redis', 'internal', 'config', 'maxmemoryPolicy'],
    `maxmemory-policy ${v.redis.internal.config.maxmemoryPolicy} evicts keys that have a TTL when Redis is full: those include sessions and token-revocation entries, so users can be logged out and revoked tokens accepted again, silently.`,
    'Keep the default noeviction (writes fail loudly when full; raise maxmemory instead), or acknowledge this warning (acknowledgeWarnings: [redis-volatile-eviction]) if Redis is a pure cache for you.',
    v.redis.internal.config.maxmemoryPolicy,
  );
}

export function redisAuthDisabled(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    inCluster(m) && !v.redis.internal.auth.enabled && !v.environment.development,
    ['redis', 'internal', 'auth', 'enabled'],
    'The in-cluster Redis runs without a password: any pod that can reach it can read sessions and revoke or forge state.',
    'Set redis.internal.auth.enabled: true (the default) and give the password in a Secret.',
    false,
  );
}

export function redisPasswordSource(v: Values, m: ReleaseModel): Finding[] {
  if (!inCluster(m) || !v.redis.internal.auth.enabled) return [];
  const pw = v.secrets.inline.redisPassword;
  if (v.secrets.source === 'inline' && m.credentials.get('redisPassword')?.inAppSecret) {
    if (!pw)
      return [
        finding(
          ['secrets', 'inline', 'redisPassword'],
          'The in-cluster Redis requires a password and reads it from the app Secret, but secrets.inline.redisPassword is not set.',
          'Set secrets.inline.redisPassword (development only), or name a Secret in redis.internal.auth.existingSecret.',
        ),
      ];
    if (!URL_SAFE_PASSWORD.test(pw))
      return [
        finding(
          ['secrets', 'inline', 'redisPassword'],
          'The Redis password is composed into REDIS_URL (redis://default:<password>@...) without URL encoding, so it may only contain letters, digits and "-._~".',
          'Choose a password of URL-safe characters (e.g. `openssl rand -hex 24`).',
          '(hidden)',
        ),
      ];
  } else if (pw !== undefined && v.secrets.source === 'inline') {
    return [
      finding(
        ['secrets', 'inline', 'redisPassword'],
        'secrets.inline.redisPassword is set but the Redis password is read from redis.internal.auth.existingSecret, so it would be ignored.',
        'Remove secrets.inline.redisPassword.',
        '(hidden)',
      ),
    ];
  }
  return [];
}

export function redisInlinePasswordUnused(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    v.secrets.inline.redisPassword !== undefined && m.credentials.get('redisPassword') === undefined,
    ['secrets', 'inline', 'redisPassword'],
    'secrets.inline.redisPassword is set but no in-cluster Redis with auth is rendered, so it would be ignored.',
    'Remove it, or use redis.mode: internal with redis.internal.auth.enabled: true.',
    '(hidden)',
  );
}

export function redisInlineUrlUnused(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    v.secrets.inline.redisUrl !== undefined && !m.credentials.get('redisUrl')?.inAppSecret,
    ['secrets', 'inline', 'redisUrl'],
    `secrets.inline.redisUrl is set but ${inCluster(m) ? 'REDIS_URL is composed in-cluster for the internal Redis' : 'REDIS_URL is not read from the app Secret'}, so it would be ignored.`,
    'Remove secrets.inline.redisUrl.',
    '(hidden)',
  );
}

export function secretsInlineRedisUrl(v: Values, m: ReleaseModel): Finding[] {
  const url = v.secrets.inline.redisUrl;
  if (url === undefined || v.secrets.source !== 'inline') return [];
  const at = ['secrets', 'inline', 'redisUrl'];
  const scheme = urlScheme(url);
  if (scheme !== 'redis' && scheme !== 'rediss') {
    return [
      finding(
        at,
        `secrets.inline.redisUrl ${schemeText(scheme)}: REDIS_URL must be a redis:// (plain) or rediss:// (TLS) URL.`,
        'Write it as redis://[user:password@]host:6379/0, or rediss://... for TLS.',
        '(hidden)',
      ),
    ];
  }
  if (isExternal(m) && (scheme === 'rediss') !== v.redis.external.tls.enabled) {
    return [
      finding(
        at,
        v.redis.external.tls.enabled
          ? 'secrets.inline.redisUrl starts with "redis://" (no TLS) but redis.external.tls.enabled is true: the TLS settings would be applied to a plain connection, or the server refuses it.'
          : 'secrets.inline.redisUrl starts with "rediss://" (TLS) but redis.external.tls.enabled is false: validation and the rendered TLS options assume a plain connection.',
        v.redis.external.tls.enabled
          ? 'Use a rediss:// URL, or set redis.external.tls.enabled: false.'
          : 'Set redis.external.tls.enabled: true, or use a redis:// URL.',
        '(hidden)',
      ),
    ];
  }
  return [];
}

/** Seconds of a Prometheus duration such as "30s", "1m30s". */
const promSeconds = (d: string) =>
  [...d.matchAll(/(\d+)(ms|s|m|h)/g)].reduce(
    (sum, [, n, u]) => sum + Number(n) * { ms: 0.001, s: 1, m: 60, h: 3600 }[u as 'ms' | 's' | 'm' | 'h'],
    0,
  );

/** Errors: a PodMonitor with nothing to scrape, or one Prometheus would refuse. */
export function redisPodMonitor(v: Values, m: ReleaseModel): Finding[] {
  const metrics = v.redis.internal.metrics;
  const pm = metrics.podMonitor;
  if (!inCluster(m) || !pm.enabled) return [];
  const [out, add] = findings();
  if (!metrics.enabled)
    add(
      ['redis', 'internal', 'metrics', 'podMonitor', 'enabled'],
      'redis.internal.metrics.podMonitor.enabled is true but the redis_exporter sidecar is off: the PodMonitor would select a pod with no metrics port, and Prometheus would scrape nothing.',
      'Set redis.internal.metrics.enabled: true, or remove the podMonitor.',
      true,
    );
  if (promSeconds(pm.scrapeTimeout) > promSeconds(pm.interval))
    add(
      ['redis', 'internal', 'metrics', 'podMonitor', 'scrapeTimeout'],
      `scrapeTimeout ${pm.scrapeTimeout} is longer than the scrape interval ${pm.interval}: Prometheus refuses a scrape configuration whose timeout exceeds its interval.`,
      `Set redis.internal.metrics.podMonitor.scrapeTimeout to at most ${pm.interval}.`,
      pm.scrapeTimeout,
    );
  return out;
}

export const redisRules: readonly Rule[] = [
  rule(
    'multi-replica-redis',
    'More than one process needs Redis, wired to REDIS_URL and WEBSOCKET_REDIS_URL with the redis websocket manager.',
    'error',
    CHECKLIST,
    multiReplicaRedis,
  ),
  rule(
    'redis-mode-keys',
    'Settings of a Redis mode other than redis.mode are set.',
    'error',
    OPEN_WEBUI_REDIS,
    redisModeKeys,
  ),
  rule(
    'redis-sentinel-and-cluster',
    'Redis Sentinel and cluster mode cannot both be set.',
    'error',
    OPEN_WEBUI_REDIS,
    redisSentinelAndCluster,
  ),
  rule(
    'redis-tls-consistency',
    'Redis TLS options must match the URL scheme (rediss://).',
    'error',
    OPEN_WEBUI_REDIS,
    redisTlsConsistency,
  ),
  rule(
    'redis-server-limits',
    'The in-cluster Redis maxmemory, plus a subscriber pub/sub output buffer at its hard limit, must fit its memory limit.',
    'error',
    REDIS_DOCS,
    redisServerLimits,
  ),
  rule(
    'redis-extra-config',
    'redis.internal.extraConfig must be lines redis-server reads.',
    'error',
    REDIS_CONF_DOCS,
    redisExtraConfig,
  ),
  rule(
    'redis-pod-monitor',
    'A Redis PodMonitor needs redis.internal.metrics.enabled.',
    'error',
    'docs/redis.md#metrics',
    redisPodMonitor,
  ),
  rule(
    'redis-volatile-eviction',
    'A volatile-* eviction policy can drop sessions and token revocations.',
    'warning',
    REDIS_DOCS,
    redisVolatileEviction,
  ),
  rule(
    'redis-health-check-interval',
    "REDIS_HEALTH_CHECK_INTERVAL is off or not below the Redis server's idle timeout.",
    'warning',
    OPEN_WEBUI_REDIS_GUIDE,
    redisHealthCheckInterval,
  ),
  rule(
    'redis-sentinel-keys',
    'Sentinel settings need redis.external.sentinel.hosts.',
    'error',
    OPEN_WEBUI_REDIS,
    redisSentinelKeys,
  ),
  rule(
    'redis-shared-socketio-channel',
    'redis.keyPrefix does not separate installations sharing one Redis.',
    'warning',
    `${SCALING_FACTS}#redis-server-settings`,
    redisSharedSocketioChannel,
  ),
  rule(
    'redis-auth-disabled',
    'The in-cluster Redis runs without a password.',
    'warning',
    REDIS_DOCS,
    redisAuthDisabled,
  ),
  rule(
    'redis-password-source',
    'The in-cluster Redis password must come from the app Secret (secrets.inline.redisPassword).',
    'error',
    K8S_EXPANSION,
    redisPasswordSource,
  ),
  rule(
    'redis-inline-password-unused',
    'An inline Redis password is set that nothing reads.',
    'error',
    K8S_EXPANSION,
    redisInlinePasswordUnused,
  ),
  rule(
    'redis-inline-url-unused',
    "An inline REDIS_URL is set while the internal Redis's URL is composed in-cluster.",
    'error',
    OPEN_WEBUI_REDIS,
    redisInlineUrlUnused,
  ),
  rule(
    'secrets-inline-redis-url',
    'An inline Redis URL must be a redis:// or rediss:// URL.',
    'error',
    OPEN_WEBUI_REDIS,
    secretsInlineRedisUrl,
  ),
];
