/** Every combination the Redis / development-PostgreSQL rules refuse, with where and why. */
import { formatPath, Problem } from '../../src/errors';
import { RULES } from '../../src/rules';
import { Overlay, problemsOfEnv, resolveEnv } from '../support';

const byId = (ps: Problem[], id: string) => ps.filter((p) => p.id === id);
const paths = (ps: Problem[]) => ps.map((p) => formatPath(p.path));
/** The problems of one rule for `env` + `extra`, asserting they are errors with a hint and a docs link. */
function errors(env: string, extra: Overlay, id: string): Problem[] {
  const ps = byId(problemsOfEnv(env, extra), id);
  for (const p of ps) {
    expect(p.severity).toBe('error');
    expect(p.hint).toBeTruthy();
    expect(p.docs).toBeTruthy();
  }
  return ps;
}

describe('the shipped environments pass', () => {
  test.each(['local', 'aws', 'production'])('%s resolves without Redis/PostgreSQL problems', (env) => {
    const r = resolveEnv(env);
    expect(r.warnings.filter((w) => w.id.startsWith('redis') || w.id.startsWith('postgresql'))).toEqual([]);
  });
  test('local is in-cluster, aws and production are external', () => {
    expect(resolveEnv('local').values.redis.mode).toBe('internal');
    expect(resolveEnv('local').values.database.inCluster.enabled).toBe(true);
    expect(resolveEnv('aws').values.redis.mode).toBe('external');
    expect(resolveEnv('aws').values.redis.external.tls.enabled).toBe(true);
    expect(resolveEnv('production').values.redis.mode).toBe('external');
  });
  test('every rule of rules/redis.ts is registered', () => {
    const ids = RULES.map((r) => r.id);
    for (const id of [
      'redis-mode-keys',
      'redis-sentinel-and-cluster',
      'redis-tls-consistency',
      'redis-server-limits',
      'redis-extra-config',
      'redis-volatile-eviction',
      'redis-auth-disabled',
      'secrets-inline-redis-url',
      'secrets-inline-database-url',
      'redis-password-source',
      'redis-inline-password-unused',
      'redis-inline-url-unused',
      'postgresql-in-cluster-development-only',
      'postgresql-in-cluster-config',
    ]) {
      expect(ids).toContain(id);
    }
  });
});

describe('mode-specific keys', () => {
  test('internal-only keys in external mode are refused', () => {
    const ps = errors(
      'aws',
      { redis: { internal: { config: { timeout: 900 }, persistence: { size: '5Gi' } } } },
      'redis-mode-keys',
    );
    expect(paths(ps).sort()).toEqual(['redis.internal.config', 'redis.internal.persistence']);
    expect(ps[0].message).toMatch(/redis\.mode is "external".*ignored/);
  });
  test('external-only keys in internal mode are refused', () => {
    const ps = errors(
      'local',
      { redis: { external: { cluster: true, sentinel: { hosts: ['s1'] } } } },
      'redis-mode-keys',
    );
    expect(paths(ps).sort()).toEqual(['redis.external.cluster', 'redis.external.sentinel']);
    expect(ps[0].message).toMatch(/redis\.mode is "internal"/);
  });
});

describe('external Redis', () => {
  test('Sentinel and Cluster together are refused', () => {
    const ps = errors(
      'aws',
      { redis: { external: { cluster: true, sentinel: { hosts: ['s1', 's2'] } } } },
      'redis-sentinel-and-cluster',
    );
    expect(ps).toHaveLength(1);
    expect(ps[0].message).toMatch(/Cluster and Sentinel/);
  });
  test('TLS options with a redis:// scheme (tls.enabled false) are refused, key by key', () => {
    const ps = errors(
      'production',
      { redis: { external: { tls: { existingSecret: 'redis-ca', caKey: 'ca.crt' } } } },
      'redis-tls-consistency',
    );
    expect(paths(ps).sort()).toEqual(['redis.external.tls.caKey', 'redis.external.tls.existingSecret']);
    expect(ps[0].message).toMatch(/redis:\/\//);
  });
  test('TLS file keys without the Secret, a Secret without keys, half a client certificate', () => {
    expect(
      paths(errors('aws', { redis: { external: { tls: { caKey: 'ca.crt' } } } }, 'redis-tls-consistency')),
    ).toEqual(['redis.external.tls.existingSecret']);
    expect(
      paths(errors('aws', { redis: { external: { tls: { existingSecret: 'redis-ca' } } } }, 'redis-tls-consistency')),
    ).toEqual(['redis.external.tls.existingSecret']);
    expect(
      paths(
        errors(
          'aws',
          { redis: { external: { tls: { existingSecret: 'c', certKey: 'tls.crt' } } } },
          'redis-tls-consistency',
        ),
      ),
    ).toEqual(['redis.external.tls.keyKey']);
  });
  test("TLS files with Sentinel are refused (Open WebUI's Sentinel client ignores URL options)", () => {
    const ps = errors(
      'aws',
      { redis: { external: { sentinel: { hosts: ['s1'] }, tls: { existingSecret: 'c', caKey: 'ca.crt' } } } },
      'redis-tls-consistency',
    );
    expect(paths(ps)).toEqual(['redis.external.sentinel.hosts']);
    expect(ps[0].message).toMatch(/certificate files would be silently ignored/);
  });
  test("TLS with Sentinel is refused even without files (Open WebUI's Sentinel client passes no ssl options: TLS would be dropped silently)", () => {
    const ps = errors('aws', { redis: { external: { sentinel: { hosts: ['s1'] } } } }, 'redis-tls-consistency'); // aws: tls.enabled true, no files
    expect(paths(ps)).toEqual(['redis.external.sentinel.hosts']);
    expect(ps[0].message).toMatch(/tls\.enabled is true with Sentinel.*passes no TLS options/);
    expect(
      errors('production', { redis: { external: { sentinel: { hosts: ['s1'] } } } }, 'redis-tls-consistency'),
    ).toEqual([]); // plain Sentinel is fine
  });
  test('an inline Redis URL outside development is refused', () => {
    const ps = problemsOfEnv('production', {
      secrets: {
        source: 'inline',
        existingSecret: null,
        inline: { secretKey: 'k', databaseUrl: 'postgresql://x', redisUrl: 'redis://r:6379/0' },
      },
    });
    expect(byId(ps, 'secrets-inline-development-only').map((p) => formatPath(p.path))).toContain('secrets.source');
  });
  test('an inline Redis URL in internal mode would be ignored: refused', () => {
    expect(
      paths(errors('local', { secrets: { inline: { redisUrl: 'redis://other:6379/0' } } }, 'redis-inline-url-unused')),
    ).toEqual(['secrets.inline.redisUrl']);
  });
  test('an inline Redis password without an in-cluster Redis would be ignored: refused', () => {
    const ps = errors(
      'local',
      { redis: { mode: 'external' }, secrets: { inline: { redisUrl: 'redis://r:6379/0' } } },
      'redis-inline-password-unused',
    );
    expect(paths(ps)).toEqual(['secrets.inline.redisPassword']);
  });
});

describe('in-cluster Redis server settings', () => {
  test('timeout 0 is refused', () => {
    expect(
      errors('local', { redis: { internal: { config: { timeout: 0 } } } }, 'out-of-range')[0].message, // the schema refuses it
    ).toMatch(/timeout 0/);
  });
  test('maxclients below 10000 is refused', () => {
    expect(paths(errors('local', { redis: { internal: { config: { maxclients: 5000 } } } }, 'out-of-range'))).toEqual([
      'redis.internal.config.maxclients',
    ]);
  });
  test('maxmemory 0 or at/above the memory limit is refused', () => {
    expect(
      errors('local', { redis: { internal: { config: { maxmemory: '0' } } } }, 'invalid-format')[0].message,
    ).toMatch(/OOM/);
    expect(
      errors('local', { redis: { internal: { config: { maxmemory: '512mb' } } } }, 'redis-server-limits')[0].message,
    ).toMatch(/not below the container memory limit 512Mi/);
    expect(
      errors(
        'local',
        { redis: { internal: { config: { maxmemory: '1gb' }, resources: { limits: { memory: '2Gi' } } } } },
        'redis-server-limits',
      ),
    ).toEqual([]);
  });
  test('a pub/sub soft limit above the hard limit is refused', () => {
    expect(
      paths(
        errors(
          'local',
          { redis: { internal: { config: { pubsubBufferLimit: { hardBytes: 1000, softBytes: 2000 } } } } },
          'redis-server-limits',
        ),
      ),
    ).toEqual(['redis.internal.config.pubsubBufferLimit.softBytes']);
  });
  test('the pub/sub hard limit must fit the container next to maxmemory; the error says the numbers', () => {
    // The old default: 384mb + 1 GiB on a 512Mi container.
    const found = errors(
      'local',
      { redis: { internal: { config: { pubsubBufferLimit: { hardBytes: 1073741824, softBytes: 268435456 } } } } },
      'redis-server-limits',
    );
    expect(paths(found)).toEqual(['redis.internal.config.pubsubBufferLimit.hardBytes']);
    expect(found[0].message).toMatch(
      /384mb \(384 MiB\) \+ .*1073741824 \(1024 MiB\) = 1408 MiB is above the container memory limit 512Mi/,
    );
    expect(found[0].hint).toMatch(/hardBytes to at most 134217728 \(128 MiB/);
    // Exactly filling the container is allowed; one byte more is not.
    const at = (hardBytes: number) =>
      errors('local', { redis: { internal: { config: { pubsubBufferLimit: { hardBytes } } } } }, 'redis-server-limits');
    expect(at(134217728)).toEqual([]);
    expect(paths(at(134217729))).toEqual(['redis.internal.config.pubsubBufferLimit.hardBytes']);
    // A larger container makes room for it.
    expect(
      errors(
        'local',
        {
          redis: {
            internal: {
              config: { pubsubBufferLimit: { hardBytes: 1073741824, softBytes: 268435456 } },
              resources: { limits: { memory: '2Gi' } },
            },
          },
        },
        'redis-server-limits',
      ),
    ).toEqual([]);
    // maxmemory above the limit is one error at maxmemory, not a second one at hardBytes.
    expect(
      paths(errors('local', { redis: { internal: { config: { maxmemory: '1gb' } } } }, 'redis-server-limits')),
    ).toEqual(['redis.internal.config.maxmemory']);
  });
  test('a pub/sub hard limit of 0 (unlimited in redis.conf) is refused', () => {
    const found = errors(
      'local',
      { redis: { internal: { config: { pubsubBufferLimit: { hardBytes: 0 } } } } },
      'out-of-range',
    );
    expect(paths(found)).toEqual(['redis.internal.config.pubsubBufferLimit.hardBytes']);
    expect(found[0].message).toMatch(/disables the hard limit/);
  });
  test('a soft period with softBytes 0 (soft limit disabled) is refused; softBytes 0 with softSeconds 0 is not', () => {
    const soft = (softBytes: number, softSeconds: number) =>
      errors(
        'local',
        { redis: { internal: { config: { pubsubBufferLimit: { softBytes, softSeconds } } } } },
        'redis-server-limits',
      );
    expect(paths(soft(0, 60))).toEqual(['redis.internal.config.pubsubBufferLimit.softBytes']);
    expect(soft(0, 60)[0].message).toMatch(/softSeconds 60 is ignored/);
    expect(soft(0, 0)).toEqual([]);
    expect(soft(1024, 0)).toEqual([]);
  });
  test('the defaults fit the default container: 384mb + 64 MiB within 512Mi', () => {
    expect(errors('local', {}, 'redis-server-limits')).toEqual([]);
  });
  test('extraConfig may not carry a password or override chart-owned directives', () => {
    expect(
      errors(
        'local',
        { redis: { internal: { config: { extraConfig: 'hz 20\nrequirepass hunter2' } } } },
        'redis-extra-config',
      )[0].message,
    ).toMatch(/password in plain text/);
    expect(
      errors('local', { redis: { internal: { config: { extraConfig: 'port 7000' } } } }, 'redis-extra-config')[0]
        .message,
    ).toMatch(/"port"/);
    expect(
      errors(
        'local',
        { redis: { internal: { config: { extraConfig: 'hz 20\nlatency-monitor-threshold 100' } } } },
        'redis-extra-config',
      ),
    ).toEqual([]);
  });
  test('extraConfig may not set a directive that has a typed key: refused, pointing to the key', () => {
    const cases: [string, string][] = [
      ['timeout 0', 'redis.internal.config.timeout'],
      ['maxclients 128', 'redis.internal.config.maxclients'],
      ['client-output-buffer-limit pubsub 0 0 0', 'redis.internal.config.pubsubBufferLimit'],
      ['client-output-buffer-limit normal 0 0 0 pubsub 1mb 1mb 1', 'redis.internal.config.pubsubBufferLimit'],
      ['maxmemory-policy allkeys-lru', 'redis.internal.config.maxmemoryPolicy'],
      ['maxmemory 0', 'redis.internal.config.maxmemory'],
      ['appendonly no', 'redis.internal.config.appendonly'],
      ['save 60 1', 'redis.internal.config.appendonly'],
      ['protected-mode no', 'redis.internal.auth.enabled'],
      ['TIMEOUT 0', 'redis.internal.config.timeout'], // directive names are case-insensitive in redis.conf
      ['"timeout" 0', 'redis.internal.config.timeout'], // and may be quoted
    ];
    for (const [line, key] of cases) {
      const ps = errors(
        'local',
        { redis: { internal: { config: { extraConfig: `hz 20\n${line}` } } } },
        'redis-extra-config',
      );
      expect(ps).toHaveLength(1);
      expect(paths(ps)).toEqual(['redis.internal.config.extraConfig']);
      expect(ps[0].message).toContain('the last line win');
      expect(ps[0].hint).toContain(`set ${key}`);
    }
    for (const line of [
      'logfile /tmp/redis.log',
      'appendfsync always',
      'daemonize yes',
      'replicaof 10.0.0.1 6379',
      'include /etc/other.conf',
    ]) {
      const ps = errors('local', { redis: { internal: { config: { extraConfig: line } } } }, 'redis-extra-config');
      expect(ps).toHaveLength(1);
      expect(ps[0].message).toMatch(/which the chart owns/);
    }
    // Only the pubsub class is typed; other buffer classes and comments stay allowed.
    expect(
      errors(
        'local',
        {
          redis: {
            internal: { config: { extraConfig: 'client-output-buffer-limit normal 0 0 0\n# timeout 0\nhz 20' } },
          },
        },
        'redis-extra-config',
      ),
    ).toEqual([]);
  });
  test('eviction policies that drop sessions (allkeys-*) and floating image tags are refused by the schema', () => {
    const ps = problemsOfEnv('local', {
      redis: { internal: { config: { maxmemoryPolicy: 'allkeys-lru' }, image: { tag: 'latest' } } },
    });
    expect(
      ps
        .filter((p) => p.severity === 'error')
        .map((p) => formatPath(p.path))
        .sort(),
    ).toEqual(['redis.internal.config.maxmemoryPolicy', 'redis.internal.image.tag']);
  });
  test('only Redis 7.x/8.x (Valkey 7.2/8.x) image tags are accepted; 5.x/6.x are refused saying which majors', () => {
    const tagErrors = (tag: string) =>
      problemsOfEnv('local', { redis: { internal: { image: { tag } } } }).filter(
        (p) => p.severity === 'error' && formatPath(p.path) === 'redis.internal.image.tag',
      );
    for (const tag of ['5.0.14', '6.2.16-alpine', '6.0.20', '9.0.0', '10.1.0']) {
      const ps = tagErrors(tag);
      expect(ps).toHaveLength(1);
      expect(ps[0].message).toMatch(/Redis 7\.x or 8\.x \(or Valkey 7\.2\/8\.x\)/);
    }
    for (const tag of ['7.2.7-alpine', '7.4.2', '8.0.2-alpine', '8.1.0']) expect(tagErrors(tag)).toEqual([]);
    expect(tagErrors('latest')).toHaveLength(1); // reported once, as not pinned
    expect(tagErrors('latest')[0].message).toMatch(/pinned version/);
  });
  test('a volatile-* eviction policy is warned about until acknowledged (it can evict sessions and revocation entries)', () => {
    for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-ttl']) {
      const w = byId(
        problemsOfEnv('local', { redis: { internal: { config: { maxmemoryPolicy: policy } } } }),
        'redis-volatile-eviction',
      );
      expect(w).toHaveLength(1);
      expect(w[0].severity).toBe('warning');
      expect(formatPath(w[0].path)).toBe('redis.internal.config.maxmemoryPolicy');
      expect(w[0].message).toMatch(/sessions and token-revocation entries/);
      expect(w[0].hint).toContain('acknowledgeWarnings: [redis-volatile-eviction]');
    }
    expect(
      byId(
        problemsOfEnv('local', {
          redis: { internal: { config: { maxmemoryPolicy: 'volatile-lru' } } },
          acknowledgeWarnings: ['redis-volatile-eviction'],
        }),
        'redis-volatile-eviction',
      ),
    ).toEqual([]);
    expect(byId(problemsOfEnv('local'), 'redis-volatile-eviction')).toEqual([]); // noeviction, the default
  });
  test('auth off outside development is warned about', () => {
    const ps = problemsOfEnv('production', { redis: { mode: 'internal', internal: { auth: { enabled: false } } } });
    const w = byId(ps, 'redis-auth-disabled');
    expect(w).toHaveLength(1);
    expect(w[0].severity).toBe('warning');
  });
});

describe('the Redis password', () => {
  test('missing from the inline app Secret: refused', () => {
    expect(paths(errors('local', { secrets: { inline: { redisPassword: null } } }, 'redis-password-source'))).toEqual([
      'secrets.inline.redisPassword',
    ]);
  });
  test('not URL-safe (it is composed into REDIS_URL): refused, value hidden', () => {
    const ps = errors('local', { secrets: { inline: { redisPassword: 'p@ss/word' } } }, 'redis-password-source');
    expect(ps[0].message).toMatch(/URL/);
    expect(ps[0].received).toBe('(hidden)');
  });
  test('inline while an existing Secret holds it: refused', () => {
    expect(
      paths(
        errors('local', { redis: { internal: { auth: { existingSecret: 'my-redis' } } } }, 'redis-password-source'),
      ),
    ).toEqual(['secrets.inline.redisPassword']);
  });
});

describe('development PostgreSQL', () => {
  test.each(['aws', 'production'])('refused in %s (not a development environment)', (env) => {
    const ps = errors(env, { database: { inCluster: { enabled: true } } }, 'postgresql-in-cluster-development-only');
    expect(paths(ps)).toEqual(['database.inCluster.enabled']);
    expect(ps[0].message).toMatch(/development only/);
  });
  test('with database.type sqlite: refused', () => {
    expect(paths(errors('local', { database: { type: 'sqlite' } }, 'postgresql-in-cluster-config'))).toContain(
      'database.type',
    );
  });
  test('an inline DATABASE_URL would be ignored: refused', () => {
    expect(
      paths(
        errors(
          'local',
          { secrets: { inline: { databaseUrl: 'postgresql://a:b@c/d' } } },
          'postgresql-in-cluster-config',
        ),
      ),
    ).toEqual(['secrets.inline.databaseUrl']);
  });
  test('missing or non-URL-safe password: refused', () => {
    expect(
      paths(errors('local', { secrets: { inline: { postgresPassword: null } } }, 'postgresql-in-cluster-config')),
    ).toEqual(['secrets.inline.postgresPassword']);
    expect(
      errors('local', { secrets: { inline: { postgresPassword: 'a b' } } }, 'postgresql-in-cluster-config')[0].message,
    ).toMatch(/URL/);
  });
  test('an inline password with the development PostgreSQL off: refused', () => {
    expect(
      paths(
        errors(
          'local',
          { database: { inCluster: { enabled: false } }, secrets: { inline: { databaseUrl: 'postgresql://a:b@c/d' } } },
          'postgresql-in-cluster-config',
        ),
      ),
    ).toEqual(['secrets.inline.postgresPassword']);
  });
  test('a floating pgvector tag is refused by the schema', () => {
    const ps = problemsOfEnv('local', { database: { inCluster: { image: { tag: 'pg16' } } } });
    expect(ps.filter((p) => p.severity === 'error').map((p) => formatPath(p.path))).toEqual([
      'database.inCluster.image.tag',
    ]);
  });
});

describe('inline development URLs are format-checked (the password is never printed)', () => {
  const noPg = { database: { inCluster: { enabled: false } }, secrets: { inline: { postgresPassword: null } } };
  test('a DATABASE_URL that is not postgresql:// or postgres:// with database.type postgresql is refused', () => {
    for (const url of ['sqlite:///app/backend/data/webui.db', 'mysql://u:s3cret-pw@db/x', 'db.example.com:5432/x']) {
      const all = problemsOfEnv('local', {
        ...noPg,
        secrets: { inline: { postgresPassword: null, databaseUrl: url } },
      });
      const ps = errors(
        'local',
        { ...noPg, secrets: { inline: { postgresPassword: null, databaseUrl: url } } },
        'secrets-inline-database-url',
      );
      expect(paths(ps)).toEqual(['secrets.inline.databaseUrl']);
      expect(ps[0].message).toMatch(
        url.includes('://') ? /starts with "(sqlite|mysql):\/\/".*database\.type is postgresql/ : /has no scheme/,
      );
      expect(ps[0].received).toBe('(hidden)');
      expect(JSON.stringify(all)).not.toContain('s3cret-pw');
    }
    for (const url of ['postgresql://u:p@db:5432/x', 'postgres://u:p@db/x']) {
      expect(
        errors(
          'local',
          { ...noPg, secrets: { inline: { postgresPassword: null, databaseUrl: url } } },
          'secrets-inline-database-url',
        ),
      ).toEqual([]);
    }
  });
  const ext = (url: string, tls: boolean) => ({
    redis: { mode: 'external', internal: null, external: { tls: { enabled: tls } } },
    secrets: { inline: { redisPassword: null, redisUrl: url } },
  });
  test('a REDIS_URL that is not redis:// or rediss:// is refused', () => {
    const ps = errors('local', ext('http://:s3cret-pw@redis:6379', false), 'secrets-inline-redis-url');
    expect(paths(ps)).toEqual(['secrets.inline.redisUrl']);
    expect(ps[0].message).toMatch(/starts with "http:\/\/".*redis:\/\/ \(plain\) or rediss:\/\/ \(TLS\)/);
    expect(JSON.stringify(problemsOfEnv('local', ext('http://:s3cret-pw@redis:6379', false)))).not.toContain(
      's3cret-pw',
    );
  });
  test('the scheme must match redis.external.tls.enabled', () => {
    expect(errors('local', ext('rediss://:pw@redis:6379/0', false), 'secrets-inline-redis-url')[0].message).toMatch(
      /"rediss:\/\/" \(TLS\) but redis\.external\.tls\.enabled is false/,
    );
    expect(errors('local', ext('redis://:pw@redis:6379/0', true), 'secrets-inline-redis-url')[0].message).toMatch(
      /"redis:\/\/" \(no TLS\) but redis\.external\.tls\.enabled is true/,
    );
    expect(errors('local', ext('redis://:pw@redis:6379/0', false), 'secrets-inline-redis-url')).toEqual([]);
    expect(errors('local', ext('rediss://:pw@redis:6379/0', true), 'secrets-inline-redis-url')).toEqual([]);
  });
});
