/**
 * Recommended Redis and probe settings from Open WebUI's source and docs (issue 9, item 6):
 * REDIS_HEALTH_CHECK_INTERVAL below the server's idle `timeout`, REDIS_SENTINEL_MAX_RETRY_COUNT with
 * Sentinel, the shared Socket.IO channel `redis.keyPrefix` cannot separate, and the probe endpoints
 * (`/ready` for readiness as an option; never a dependency check for liveness).
 */
import { Any, envMap, errorsOf, find, ids, problemsOf, render } from '../support';

const appEnv = (yaml = ''): Record<string, Any> =>
  envMap((find(render(yaml), 'Deployment') as Any).spec.template.spec.containers[0]);
const warning = (yaml: string, id: string) => problemsOf(yaml).find((p) => p.id === id);
const INTERNAL = 'redis:\n  mode: internal\n  internal:\n    auth:\n      existingSecret: redis-auth\n';

describe('REDIS_HEALTH_CHECK_INTERVAL (redis.healthCheckIntervalSeconds)', () => {
  test('rendered as 60 by default (any Redis), not when 0 (off, as Open WebUI reads <= 0) or without Redis', () => {
    expect(appEnv().REDIS_HEALTH_CHECK_INTERVAL).toEqual({ name: 'REDIS_HEALTH_CHECK_INTERVAL', value: '60' });
    expect(appEnv(INTERNAL).REDIS_HEALTH_CHECK_INTERVAL?.value).toBe('60');
    expect(appEnv('redis:\n  healthCheckIntervalSeconds: 0\n').REDIS_HEALTH_CHECK_INTERVAL).toBeUndefined();
    expect(
      appEnv('replicaCount: 1\npodDisruptionBudget:\n  enabled: false\nredis:\n  enabled: false\n')
        .REDIS_HEALTH_CHECK_INTERVAL,
    ).toBeUndefined();
  });

  test('in-cluster Redis: warned unless below its timeout (1800 by default)', () => {
    expect(ids(problemsOf(INTERNAL))).not.toContain('redis-health-check-interval');
    const at = warning(`${INTERNAL}  healthCheckIntervalSeconds: 1800\n`, 'redis-health-check-interval');
    expect(at).toMatchObject({ severity: 'warning', path: ['redis', 'healthCheckIntervalSeconds'] });
    expect(at?.message).toContain(
      '(1800) is not below the 1800 s after which idle connections are closed (redis.internal.config.timeout)',
    );
    expect(warning(`${INTERNAL}  healthCheckIntervalSeconds: 0\n`, 'redis-health-check-interval')?.message).toMatch(
      /^The Redis health check is off/,
    );
    expect(
      ids(
        problemsOf(
          `${INTERNAL}  healthCheckIntervalSeconds: 200\n  internal:\n    auth:\n      existingSecret: redis-auth\n    config:\n      timeout: 300\n`,
        ),
      ),
    ).not.toContain('redis-health-check-interval');
  });

  test('external Redis: warned only against a declared server timeout (0: nothing closes idle connections)', () => {
    expect(ids(problemsOf('redis:\n  healthCheckIntervalSeconds: 0\n'))).not.toContain('redis-health-check-interval');
    const declared = (t: number, i = 60) =>
      warning(
        `redis:\n  healthCheckIntervalSeconds: ${i}\n  external:\n    serverTimeoutSeconds: ${t}\n`,
        'redis-health-check-interval',
      );
    expect(declared(30)?.message).toContain('redis.external.serverTimeoutSeconds');
    expect(declared(300)).toBeUndefined();
    expect(declared(0)).toBeUndefined();
    expect(declared(300, 0)).toBeDefined();
    // the key belongs to external mode
    expect(ids(problemsOf(`${INTERNAL}  external:\n    serverTimeoutSeconds: 300\n`))).toContain('redis-mode-keys');
  });
});

describe('REDIS_SENTINEL_MAX_RETRY_COUNT (redis.external.sentinel.maxRetryCount)', () => {
  const SENTINEL = 'redis:\n  external:\n    sentinel:\n      hosts: [s0.redis, s1.redis]\n';
  test("rendered with Sentinel (default 5, the value of Open WebUI's Redis guide; its own default is 2), not without", () => {
    expect(appEnv(SENTINEL).REDIS_SENTINEL_MAX_RETRY_COUNT?.value).toBe('5');
    expect(appEnv(`${SENTINEL}      maxRetryCount: 8\n`).REDIS_SENTINEL_MAX_RETRY_COUNT?.value).toBe('8');
    expect(appEnv().REDIS_SENTINEL_MAX_RETRY_COUNT).toBeUndefined();
  });
  test('without Sentinel hosts it would be ignored: refused; below 1 refused by the schema', () => {
    const p = problemsOf('redis:\n  external:\n    sentinel:\n      maxRetryCount: 8\n').find(
      (x) => x.id === 'redis-sentinel-keys',
    );
    expect(p).toMatchObject({ severity: 'error', path: ['redis', 'external', 'sentinel', 'maxRetryCount'] });
    expect(errorsOf(`${SENTINEL}      maxRetryCount: 0\n`).map((e) => e.path.join('.'))).toEqual([
      'redis.external.sentinel.maxRetryCount',
    ]);
  });
});

describe('redis.keyPrefix does not separate installations on one Redis', () => {
  test('an external Redis with a non-default prefix is warned about the shared socketio channel', () => {
    const p = warning('redis:\n  keyPrefix: team-a\n', 'redis-shared-socketio-channel');
    expect(p?.message).toContain('not its Socket.IO pub/sub channel (always "socketio"');
    expect(ids(problemsOf(''))).not.toContain('redis-shared-socketio-channel');
    expect(ids(problemsOf(`${INTERNAL}  keyPrefix: team-a\n`))).not.toContain('redis-shared-socketio-channel');
  });
});

describe('probes', () => {
  const readiness = (yaml: string) =>
    (find(render(yaml), 'Deployment') as Any).spec.template.spec.containers[0].readinessProbe;
  test('readiness on /ready is an option (Redis down then takes every pod out: documented); /health/db is the default', () => {
    expect(readiness('').httpGet.path).toBe('/health/db');
    expect(readiness('probes:\n  readiness:\n    path: /ready\n').httpGet.path).toBe('/ready');
    expect(ids(problemsOf('probes:\n  readiness:\n    path: /ready\n'))).not.toContain('liveness-probe-dependency');
  });
  test('only Open WebUI endpoints are accepted', () => {
    const e = errorsOf('probes:\n  startup:\n    path: /metrics\n');
    expect(e.map((x) => [x.id, x.path.join('.')])).toEqual([['invalid-option', 'probes.startup.path']]);
  });
  test('liveness on a dependency check is warned: an outage would restart every pod', () => {
    for (const path of ['/health/db', '/ready'])
      expect(warning(`probes:\n  liveness:\n    path: ${path}\n`, 'liveness-probe-dependency')?.path).toEqual([
        'probes',
        'liveness',
        'path',
      ]);
    expect(ids(problemsOf('probes:\n  liveness:\n    path: /ready\n    enabled: false\n'))).not.toContain(
      'liveness-probe-dependency',
    );
  });
});
