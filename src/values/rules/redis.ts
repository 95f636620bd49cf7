/**
 * Redis (in-cluster or external) and the development-only in-cluster PostgreSQL: refuse contradictory
 * or unsafe combinations before anything is rendered.
 */
import { parseRedisConfLine, REDIS_CHART_OWNED_DIRECTIVES, REDIS_TYPED_DIRECTIVES } from '../../../charts/redis-config';
import { parseQuantity } from '../../k8s';
import { Values } from '../schema';
import { redisExternalSchema, redisInternalSchema } from '../schema/redis';
import { finding, Finding, Rule, SCALING_FACTS } from './rule';

const REDIS_DOCS = `${SCALING_FACTS}#redis-server-settings`;
const REDIS_CONF_DOCS = 'https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/';
const OPEN_WEBUI_REDIS = 'https://docs.openwebui.com/reference/env-configuration/#redis';
const K8S_EXPANSION =
  'https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/';

/** Characters that survive inside a URL's user-info without encoding (RFC 3986 unreserved). */
export const URL_SAFE_PASSWORD = /^[A-Za-z0-9._~-]+$/;

/** Bytes of a redis.conf memory size ("384mb", "1gb", "1048576"); redis treats k/m/g units as powers of 1024 when written kb/mb/gb. */
export function redisBytes(s: string): number {
  const m = /^(\d+)(kb|mb|gb)?$/i.exec(s);
  if (!m) return NaN;
  const mult = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as 'kb'] ?? 1;
  return Number(m[1]) * mult;
}

/** Top-level keys of `actual` that differ from the schema defaults (keys the user set). */
function changedKeys(actual: Record<string, unknown>, defaults: Record<string, unknown>): string[] {
  return Object.keys(actual).filter((k) => JSON.stringify(actual[k]) !== JSON.stringify(defaults[k]));
}

/** The scheme of a URL ("redis", "postgresql"), lower-cased, or undefined: never more of the URL, which may hold a password. */
export function urlScheme(url: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url.trim())?.[1].toLowerCase();
}
const schemeText = (scheme: string | undefined) =>
  scheme === undefined ? 'has no scheme://' : `starts with "${scheme}://"`;

const internal = (v: Values) => v.redis.enabled && v.redis.mode === 'internal';
const external = (v: Values) => v.redis.enabled && v.redis.mode === 'external';
const usesAppSecretInline = (v: Values, existingSecret: string | undefined) =>
  v.secrets.source === 'inline' && existingSecret === undefined;

export const redisRules: Rule[] = [
  {
    id: 'redis-mode-keys',
    severity: 'error',
    docs: OPEN_WEBUI_REDIS,
    check: (v) => {
      if (!v.redis.enabled) return [];
      const out: Finding[] = [];
      if (v.redis.mode === 'external') {
        const defaults = redisInternalSchema.parse(undefined) as unknown as Record<string, unknown>;
        for (const k of changedKeys(v.redis.internal as unknown as Record<string, unknown>, defaults)) {
          out.push(
            finding(
              ['redis', 'internal', k],
              `redis.internal.${k} is set but redis.mode is "external": no in-cluster Redis is rendered, so it would be ignored.`,
              'Remove redis.internal.* from this environment, or set redis.mode: internal.',
            ),
          );
        }
      } else {
        const defaults = redisExternalSchema.parse(undefined) as unknown as Record<string, unknown>;
        for (const k of changedKeys(v.redis.external as unknown as Record<string, unknown>, defaults)) {
          out.push(
            finding(
              ['redis', 'external', k],
              `redis.external.${k} is set but redis.mode is "internal": the app connects to the in-cluster Redis, so it would be ignored.`,
              'Set redis.mode: external to use your own Redis, or remove redis.external.*.',
            ),
          );
        }
      }
      return out;
    },
  },
  {
    id: 'redis-sentinel-and-cluster',
    severity: 'error',
    docs: OPEN_WEBUI_REDIS,
    check: (v) =>
      external(v) && v.redis.external.cluster && v.redis.external.sentinel.hosts.length > 0
        ? [
            finding(
              ['redis', 'external', 'cluster'],
              'redis.external.cluster and redis.external.sentinel.hosts are both set: Redis Cluster and Sentinel are different topologies (Open WebUI would silently use Sentinel and ignore REDIS_CLUSTER).',
              'Keep one: redis.external.cluster: true for ElastiCache cluster mode / serverless, or sentinel.hosts for a Sentinel-managed primary.',
              true,
            ),
          ]
        : [],
  },
  {
    id: 'redis-tls-consistency',
    severity: 'error',
    docs: OPEN_WEBUI_REDIS,
    check: (v) => {
      if (!external(v)) return [];
      const tls = v.redis.external.tls;
      const out: Finding[] = [];
      const fileKeys = (['existingSecret', 'caKey', 'certKey', 'keyKey'] as const).filter((k) => tls[k] !== undefined);
      if (!tls.enabled) {
        for (const k of fileKeys) {
          out.push(
            finding(
              ['redis', 'external', 'tls', k],
              `redis.external.tls.${k} is set but redis.external.tls.enabled is false, which declares a plain redis:// URL: TLS options have no effect on a connection without TLS.`,
              'If the URL in the Secret is rediss://, set redis.external.tls.enabled: true; otherwise remove the TLS options.',
            ),
          );
        }
        return out;
      }
      const files = (['caKey', 'certKey', 'keyKey'] as const).filter((k) => tls[k] !== undefined);
      if (files.length && !tls.existingSecret) {
        out.push(
          finding(
            ['redis', 'external', 'tls', 'existingSecret'],
            `redis.external.tls.${files.join('/')} name keys of a Secret, but redis.external.tls.existingSecret is not set.`,
            'Set redis.external.tls.existingSecret to the Secret holding the CA and/or client certificate.',
          ),
        );
      }
      if (tls.existingSecret && !files.length) {
        out.push(
          finding(
            ['redis', 'external', 'tls', 'existingSecret'],
            'redis.external.tls.existingSecret is set but no key of it is used.',
            'Set redis.external.tls.caKey (e.g. "ca.crt") and/or certKey + keyKey, or remove existingSecret.',
            tls.existingSecret,
          ),
        );
      }
      if ((tls.certKey === undefined) !== (tls.keyKey === undefined)) {
        out.push(
          finding(
            ['redis', 'external', 'tls', tls.certKey === undefined ? 'certKey' : 'keyKey'],
            'A client certificate needs both redis.external.tls.certKey and redis.external.tls.keyKey.',
            'Set both (mutual TLS) or neither.',
          ),
        );
      }
      if (v.redis.external.sentinel.hosts.length) {
        // Open WebUI's Sentinel client (utils/redis.py) builds its connections from host, port, db,
        // username and password only: no ssl arguments, and the rediss:// scheme and URL options are not read.
        out.push(
          finding(
            ['redis', 'external', 'sentinel', 'hosts'],
            `redis.external.tls.enabled is true with Sentinel, but Open WebUI's Sentinel client passes no TLS options: it would talk to Sentinel and the primary in plain text (or fail against a TLS-only server)${files.length ? ', and the TLS certificate files would be silently ignored' : ''}.`,
            'Use Sentinel without TLS (redis.external.tls.enabled: false, on a private network), or connect to a TLS endpoint without Sentinel (remove redis.external.sentinel.hosts).',
            true,
          ),
        );
      }
      return out;
    },
  },
  {
    id: 'redis-server-limits',
    severity: 'error',
    docs: REDIS_DOCS,
    check: (v) => {
      if (!internal(v)) return [];
      const c = v.redis.internal.config;
      const out: Finding[] = [];
      if (c.timeout === 0) {
        out.push(
          finding(
            ['redis', 'internal', 'config', 'timeout'],
            'timeout 0 never closes idle connections: they pile up until maxclients is reached and every login fails with a 500.',
            'Set redis.internal.config.timeout: 1800.',
            0,
          ),
        );
      }
      if (c.maxclients < 10000) {
        out.push(
          finding(
            ['redis', 'internal', 'config', 'maxclients'],
            `maxclients ${c.maxclients} is below 10000: Open WebUI opens many connections per process and logins fail once the limit is reached.`,
            'Set redis.internal.config.maxclients to 10000 or more.',
            c.maxclients,
          ),
        );
      }
      const limit = v.redis.internal.resources.limits.memory;
      const max = redisBytes(c.maxmemory);
      if (max === 0) {
        out.push(
          finding(
            ['redis', 'internal', 'config', 'maxmemory'],
            'maxmemory 0 means no limit: Redis grows until the kernel OOM-kills it instead of refusing writes.',
            'Set redis.internal.config.maxmemory to about 75% of resources.limits.memory, e.g. "384mb" for 512Mi.',
            c.maxmemory,
          ),
        );
      } else if (max >= (parseQuantity(limit) ?? Infinity)) {
        out.push(
          finding(
            ['redis', 'internal', 'config', 'maxmemory'],
            `maxmemory ${c.maxmemory} is not below the container memory limit ${limit}: the pod is OOM-killed before Redis ever refuses a write.`,
            'Keep maxmemory at about 75% of redis.internal.resources.limits.memory (room for buffers and the AOF rewrite fork).',
            c.maxmemory,
          ),
        );
      }
      if (c.pubsubBufferLimit.softBytes > c.pubsubBufferLimit.hardBytes && c.pubsubBufferLimit.hardBytes > 0) {
        out.push(
          finding(
            ['redis', 'internal', 'config', 'pubsubBufferLimit', 'softBytes'],
            'The pub/sub soft limit is above the hard limit, so it never applies.',
            'Make softBytes at most hardBytes.',
            c.pubsubBufferLimit.softBytes,
          ),
        );
      }
      return out;
    },
  },
  {
    id: 'redis-extra-config',
    severity: 'error',
    docs: REDIS_CONF_DOCS,
    check: (v) => {
      if (!internal(v)) return [];
      const out: Finding[] = [];
      v.redis.internal.config.extraConfig.split(/\r?\n/).forEach((line) => {
        const parsed = parseRedisConfLine(line);
        if (!parsed) return;
        const { directive, args } = parsed;
        const at = ['redis', 'internal', 'config', 'extraConfig'];
        if ((REDIS_CHART_OWNED_DIRECTIVES as readonly string[]).includes(directive)) {
          out.push(
            finding(
              at,
              directive === 'requirepass' || directive === 'masterauth'
                ? `extraConfig sets "${directive}": the ConfigMap would carry a password in plain text (and into dist/).`
                : `extraConfig sets "${directive}", which the chart owns (the pod's port, bind address, writable data directory, stdout logging and role as the one primary depend on it).`,
              directive === 'requirepass' || directive === 'masterauth'
                ? 'Remove it: the password comes from a Secret (redis.internal.auth, secrets.keys.redisPassword).'
                : `Remove "${directive}" from extraConfig.`,
              directive,
            ),
          );
          return;
        }
        const key = REDIS_TYPED_DIRECTIVES[directive];
        if (key === undefined) return;
        if (directive === 'client-output-buffer-limit' && !args.some((a) => /^["']?pubsub["']?$/i.test(a))) return;
        out.push(
          finding(
            at,
            `extraConfig sets "${directive}", which is rendered from ${key}: extraConfig is appended last and redis.conf lets the last line win, so it would override the validated setting (e.g. timeout 0 or maxclients 128 make logins fail at scale).`,
            `Remove "${directive}" from extraConfig and set ${key} instead.`,
            line.trim(),
          ),
        );
      });
      return out;
    },
  },
  {
    id: 'redis-volatile-eviction',
    severity: 'warning',
    docs: REDIS_DOCS,
    check: (v) =>
      internal(v) && v.redis.internal.config.maxmemoryPolicy !== 'noeviction'
        ? [
            finding(
              ['redis', 'internal', 'config', 'maxmemoryPolicy'],
              `maxmemory-policy ${v.redis.internal.config.maxmemoryPolicy} evicts keys that have a TTL when Redis is full: those include sessions and token-revocation entries, so users can be logged out and revoked tokens accepted again, silently.`,
              'Keep the default noeviction (writes fail loudly when full; raise maxmemory instead), or acknowledge this warning (acknowledgeWarnings: [redis-volatile-eviction]) if Redis is a pure cache for you.',
              v.redis.internal.config.maxmemoryPolicy,
            ),
          ]
        : [],
  },
  {
    id: 'redis-auth-disabled',
    severity: 'warning',
    docs: REDIS_DOCS,
    check: (v) =>
      internal(v) && !v.redis.internal.auth.enabled && !v.environment.development
        ? [
            finding(
              ['redis', 'internal', 'auth', 'enabled'],
              'The in-cluster Redis runs without a password: any pod that can reach it can read sessions and revoke or forge state.',
              'Set redis.internal.auth.enabled: true (the default) and give the password in a Secret.',
              false,
            ),
          ]
        : [],
  },
  {
    id: 'redis-password-source',
    severity: 'error',
    docs: K8S_EXPANSION,
    check: (v) => {
      if (!internal(v) || !v.redis.internal.auth.enabled) return [];
      const pw = v.secrets.inline.redisPassword;
      if (usesAppSecretInline(v, v.redis.internal.auth.existingSecret)) {
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
    },
  },
  {
    id: 'redis-inline-password-unused',
    severity: 'error',
    docs: K8S_EXPANSION,
    check: (v) =>
      v.secrets.inline.redisPassword !== undefined && !(internal(v) && v.redis.internal.auth.enabled)
        ? [
            finding(
              ['secrets', 'inline', 'redisPassword'],
              'secrets.inline.redisPassword is set but no in-cluster Redis with auth is rendered, so it would be ignored.',
              'Remove it, or use redis.mode: internal with redis.internal.auth.enabled: true.',
              '(hidden)',
            ),
          ]
        : [],
  },
  {
    id: 'redis-inline-url-unused',
    severity: 'error',
    docs: OPEN_WEBUI_REDIS,
    check: (v) =>
      v.secrets.inline.redisUrl !== undefined && !(external(v) && !v.redis.external.existingSecret)
        ? [
            finding(
              ['secrets', 'inline', 'redisUrl'],
              `secrets.inline.redisUrl is set but ${internal(v) ? 'REDIS_URL is composed in-cluster for the internal Redis' : 'REDIS_URL is not read from the app Secret'}, so it would be ignored.`,
              'Remove secrets.inline.redisUrl.',
              '(hidden)',
            ),
          ]
        : [],
  },
  {
    id: 'secrets-inline-redis-url',
    severity: 'error',
    docs: OPEN_WEBUI_REDIS,
    check: (v) => {
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
      if (external(v) && (scheme === 'rediss') !== v.redis.external.tls.enabled) {
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
    },
  },
];

export const postgresqlRules: Rule[] = [
  {
    id: 'secrets-inline-database-url',
    severity: 'error',
    docs: 'https://docs.openwebui.com/reference/env-configuration/#database_url',
    check: (v) => {
      const url = v.secrets.inline.databaseUrl;
      if (url === undefined || v.secrets.source !== 'inline' || v.database.type !== 'postgresql') return [];
      const scheme = urlScheme(url);
      if (scheme === 'postgresql' || scheme === 'postgres') return [];
      return [
        finding(
          ['secrets', 'inline', 'databaseUrl'],
          `secrets.inline.databaseUrl ${schemeText(scheme)}, but database.type is postgresql: Open WebUI would use whatever database the URL names (e.g. a sqlite:// file per pod), bypassing every PostgreSQL check.`,
          'Write it as postgresql://user:password@host:5432/database, or set database.type to match.',
          '(hidden)',
        ),
      ];
    },
  },
  {
    id: 'postgresql-in-cluster-development-only',
    severity: 'error',
    docs: `${SCALING_FACTS}#what-more-than-one-process-requires`,
    check: (v) =>
      v.database.inCluster.enabled && !v.environment.development
        ? [
            finding(
              ['database', 'inCluster', 'enabled'],
              'The in-cluster PostgreSQL is for development only (one pod, no backups, no failover), and this environment is not marked environment.development: true.',
              'Use a managed or operator-run PostgreSQL: set database.inCluster.enabled: false and put DATABASE_URL in the app Secret.',
              true,
            ),
          ]
        : [],
  },
  {
    id: 'postgresql-in-cluster-config',
    severity: 'error',
    docs: K8S_EXPANSION,
    check: (v) => {
      const pg = v.database.inCluster;
      const out: Finding[] = [];
      if (!pg.enabled) {
        if (v.secrets.inline.postgresPassword !== undefined)
          out.push(
            finding(
              ['secrets', 'inline', 'postgresPassword'],
              'secrets.inline.postgresPassword is set but database.inCluster.enabled is false, so it would be ignored.',
              'Remove it, or enable the development PostgreSQL.',
              '(hidden)',
            ),
          );
        return out;
      }
      if (v.database.type !== 'postgresql') {
        out.push(
          finding(
            ['database', 'type'],
            'database.inCluster.enabled renders a PostgreSQL, but database.type is not postgresql, so the app would not use it.',
            'Set database.type: postgresql, or database.inCluster.enabled: false.',
            v.database.type,
          ),
        );
      }
      if (v.secrets.inline.databaseUrl !== undefined) {
        out.push(
          finding(
            ['secrets', 'inline', 'databaseUrl'],
            'secrets.inline.databaseUrl is set but DATABASE_URL is composed in-cluster for the development PostgreSQL, so it would be ignored.',
            'Remove secrets.inline.databaseUrl.',
            '(hidden)',
          ),
        );
      }
      const pw = v.secrets.inline.postgresPassword;
      if (usesAppSecretInline(v, pg.existingSecret)) {
        if (!pw)
          out.push(
            finding(
              ['secrets', 'inline', 'postgresPassword'],
              'The development PostgreSQL reads its password from the app Secret, but secrets.inline.postgresPassword is not set.',
              'Set secrets.inline.postgresPassword, or name a Secret in database.inCluster.existingSecret.',
            ),
          );
        else if (!URL_SAFE_PASSWORD.test(pw))
          out.push(
            finding(
              ['secrets', 'inline', 'postgresPassword'],
              'The PostgreSQL password is composed into DATABASE_URL without URL encoding, so it may only contain letters, digits and "-._~".',
              'Choose a password of URL-safe characters.',
              '(hidden)',
            ),
          );
      }
      return out;
    },
  },
];
