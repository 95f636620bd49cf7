/**
 * The redis_exporter sidecar of the in-cluster Redis (redis.internal.metrics) and its PodMonitor:
 * rendered hardened and checked strictly (Kubernetes schema, vendored PodMonitor CRD, security
 * policy); the scraper admitted to the exporter port only; and, with a REAL redis-server and a
 * REAL redis_exporter (Debian's prometheus-redis-exporter), the rendered sidecar env authenticates
 * with the Redis password from the same Secret and serves every metric the dashboard reads.
 */
import { ChildProcess, spawn } from 'child_process';
import * as http from 'http';
import { checkObjects, schemaFindings } from '../../src/check';
import { K8sObject } from '../../src/manifests';
import { METRICS } from '../../src/observability/metrics';
import { buildDashboard } from '../../src/observability/dashboard';
import {
  Any,
  containers,
  envList,
  find,
  freePort,
  haveTool,
  ids,
  kubeletEnv,
  problemsOfEnv,
  renderEnv,
  schemaProblems,
  stopServer,
  waitForOutput,
} from '../support';

const METRICS_ON = { redis: { internal: { metrics: { enabled: true, podMonitor: { enabled: true } } } } };
const SCRAPER = { networkPolicy: { monitoring: { enabled: true } } };
const sts = (objs: K8sObject[]) => find(objs, 'StatefulSet', 'open-webui-redis') as Any;
const exporterOf = (objs: K8sObject[]) => containers(sts(objs)).find((c: Any) => c.name === 'redis-exporter');

describe('rendered', () => {
  const objs = renderEnv('local', METRICS_ON, SCRAPER);
  const exporter = exporterOf(objs);

  test('off by default: one container, no PodMonitor', () => {
    const plain = renderEnv('local');
    expect(containers(sts(plain)).map((c: Any) => c.name)).toEqual(['redis']);
    expect(plain.filter((o) => o.kind === 'PodMonitor')).toEqual([]);
  });

  test('a pinned, non-root, read-only, capability-free sidecar with requests and limits and a named metrics port', () => {
    expect(containers(sts(objs)).map((c: Any) => c.name)).toEqual(['redis', 'redis-exporter']);
    expect(exporter.image).toBe('docker.io/oliver006/redis_exporter:v1.88.0');
    expect(exporter.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 59000,
      runAsGroup: 59000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(exporter.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } });
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9121, protocol: 'TCP' }]);
    // No probe of its own: a sidecar's readiness is the pod's, and a failing probe would take Redis out of its Service.
    expect(exporter.readinessProbe ?? exporter.livenessProbe ?? exporter.startupProbe).toBeUndefined();
  });

  test('the password from the same Secret key as Redis; Redis on the loopback; no /scrape endpoint', () => {
    const redisPw = envList(containers(sts(objs))[0]).find((e) => e.name === 'REDIS_PASSWORD');
    const env = Object.fromEntries(envList(exporter).map((e) => [e.name, e]));
    expect(env.REDIS_PASSWORD.valueFrom).toEqual(redisPw?.valueFrom);
    expect(env.REDIS_ADDR.value).toBe('redis://127.0.0.1:6379');
    expect(env.REDIS_EXPORTER_WEB_LISTEN_ADDRESS.value).toBe(':9121');
    expect(env.REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT.value).toBe('true');
  });

  test('the PodMonitor scrapes the metrics port of the Redis pods; every Redis object passes check strictly', () => {
    const pm = find(objs, 'PodMonitor', 'open-webui-redis') as Any;
    expect(pm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(pm.metadata.namespace).toBe('open-webui');
    expect(pm.spec).toEqual({
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'open-webui',
          'app.kubernetes.io/instance': 'open-webui',
          'app.kubernetes.io/component': 'redis',
        },
      },
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }],
    });
    expect(sts(objs).spec.template.metadata.labels).toMatchObject(pm.spec.selector.matchLabels);
    const redis = objs.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'redis');
    for (const o of redis) expect(schemaProblems(o)).toEqual([]);
    expect(checkObjects(objs.map((obj) => ({ file: 'dist/local/x.yaml', obj })))).toEqual([]);
  });

  test('a PodMonitor in the monitoring namespace selects the release namespace; its labels for the Prometheus selector', () => {
    const pm = find(
      renderEnv('local', {
        redis: {
          internal: {
            metrics: {
              enabled: true,
              podMonitor: { enabled: true, namespace: 'monitoring', additionalLabels: { release: 'kps' } },
            },
          },
        },
      }),
      'PodMonitor',
    ) as Any;
    expect(pm.metadata.namespace).toBe('monitoring');
    expect(pm.metadata.labels.release).toBe('kps');
    expect(pm.spec.namespaceSelector).toEqual({ matchNames: ['open-webui'] });
  });

  test('check refuses unknown PodMonitor fields and bad durations (vendored prometheus-operator v0.93.0 CRD)', () => {
    const pm = JSON.parse(JSON.stringify(find(objs, 'PodMonitor'))) as Any;
    pm.spec.podMetricsEndpoints[0].intervall = '30s';
    pm.spec.podMetricsEndpoints[0].scrapeTimeout = '10 seconds';
    expect(schemaFindings('f.yaml', pm).map((f) => `${f.path}: ${f.message}`)).toEqual([
      expect.stringMatching(/^spec\.podMetricsEndpoints\[0\]\.scrapeTimeout: must match/),
      expect.stringMatching(/^spec\.podMetricsEndpoints\[0\]\.intervall: unknown field "intervall"/),
    ]);
  });

  test('the scraper reaches the exporter port only: not Redis, not the app', () => {
    const redisNp = find(objs, 'NetworkPolicy', 'open-webui-redis') as Any;
    expect(redisNp.spec.ingress).toEqual([
      expect.objectContaining({ ports: [{ protocol: 'TCP', port: 6379 }] }),
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ protocol: 'TCP', port: 9121 }],
      },
    ]);
    expect(JSON.stringify(redisNp.spec.ingress[0])).not.toContain('monitoring');
    const appNp = find(objs, 'NetworkPolicy', 'open-webui') as Any;
    expect(JSON.stringify(appNp.spec.ingress)).not.toContain('monitoring');
    // Without networkPolicy.monitoring, nobody else reaches the exporter.
    expect(
      (find(renderEnv('local', METRICS_ON), 'NetworkPolicy', 'open-webui-redis') as Any).spec.ingress,
    ).toHaveLength(1);
  });

  test('the dashboard reads the exporter: Redis panels only when the sidecar runs, on the StatefulSet pods', () => {
    const dash = JSON.parse(
      (
        find(
          renderEnv('local', METRICS_ON, {
            monitoring: { grafanaDashboard: { enabled: true } },
          }),
          'ConfigMap',
          'open-webui-dashboard',
        ) as Any
      ).data['open-webui-slo.json'],
    );
    const exprs = (dash.panels as Any[]).flatMap((p) => (p.targets ?? []).map((t: Any) => t.expr as string));
    for (const m of [
      METRICS.redisClients,
      METRICS.redisMaxClients,
      METRICS.redisUp,
      METRICS.redisMemoryUsed,
      METRICS.redisMemoryMax,
    ])
      expect(exprs).toContain(
        `${m === METRICS.redisUp ? 'min' : 'max'}(${m.name}{namespace="open-webui",pod=~"open-webui-redis-[0-9]+"})`,
      );
    const without = buildDashboard({ target: renderTarget(), datasourceUid: 'prometheus', appContainer: 'open-webui' });
    expect(JSON.stringify(without)).not.toContain('redis_');
  });
});

/** A minimal SLO target for the dashboard without Redis panels. */
function renderTarget() {
  return {
    namespace: 'open-webui',
    service: 'open-webui',
    deployment: 'open-webui',
    migrationJobPrefix: 'open-webui-migrate-',
    minHealthyReplicas: 2,
    latencyAverageSeconds: 2,
    errorRatio: 0.001,
    periodDays: 30,
    dataVolumeFreeRatio: 0.1,
    requests: { kind: 'none' as const },
    alertLabels: {},
    runbookUrl: 'https://example.com/runbook.md',
  };
}

describe('refused: scraping what nothing serves', () => {
  test('networkPolicy.monitoring without the exporter: Open WebUI has no metrics port', () => {
    const [p] = problemsOfEnv('local', SCRAPER).filter((x) => x.id === 'network-policy-monitoring-target');
    expect(p.severity).toBe('error');
    expect(p.path).toEqual(['networkPolicy', 'monitoring', 'enabled']);
    expect(p.hint).toContain('redis.internal.metrics.enabled');
    expect(ids(problemsOfEnv('local', SCRAPER, METRICS_ON))).not.toContain('network-policy-monitoring-target');
    // External Redis: nothing of this release serves metrics at all.
    const prod = problemsOfEnv('production', SCRAPER).find((x) => x.id === 'network-policy-monitoring-target');
    expect(prod?.hint).toContain('remove networkPolicy.monitoring');
  });

  test('a PodMonitor without the exporter; a timeout longer than the interval', () => {
    expect(
      ids(problemsOfEnv('local', { redis: { internal: { metrics: { podMonitor: { enabled: true } } } } })),
    ).toContain('redis-pod-monitor');
    expect(
      ids(
        problemsOfEnv('local', {
          redis: {
            internal: {
              metrics: { enabled: true, podMonitor: { enabled: true, interval: '15s', scrapeTimeout: '20s' } },
            },
          },
        }),
      ),
    ).toContain('redis-pod-monitor');
    expect(ids(problemsOfEnv('local', METRICS_ON))).not.toContain('redis-pod-monitor');
  });

  test('the exporter on an external Redis would be ignored', () => {
    expect(ids(problemsOfEnv('production', { redis: { internal: { metrics: { enabled: true } } } }))).toContain(
      'redis-mode-keys',
    );
  });
});

// Missing on a developer machine: skipped with a warning. With CI set: the run fails (.ci/run installs them).
const haveServers =
  haveTool('redis-server', 'redis-server redis-tools') &&
  haveTool('prometheus-redis-exporter', 'prometheus-redis-exporter');

/** GET a URL on the loopback; retried at once while the server is between its "listening" log line and listen(). */
function get(port: number, path: string, tries = 10000): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = http.get({ host: '127.0.0.1', port, path }, (r) => {
      let body = '';
      r.on('data', (d) => (body += d));
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNREFUSED' || tries === 0) return rej(e);
      setImmediate(() => {
        get(port, path, tries - 1).then(res, rej);
      });
    });
  });
}

/** The value of an unlabelled sample `name` in Prometheus text format. */
const sample = (text: string, name: string) => {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
};

(haveServers ? describe : describe.skip)('against a real redis-server and redis_exporter', () => {
  const objs = renderEnv('local', METRICS_ON);
  const secret = find(objs, 'Secret', 'open-webui-secrets') as Any;
  const secrets = { 'open-webui-secrets': secret.stringData as Record<string, string> };
  const exporter = exporterOf(objs);
  const rendered = kubeletEnv(exporter, secrets);
  const servers: ChildProcess[] = [];
  let redisPort: number;

  /** Starts Debian's redis_exporter with the rendered env; only Redis's port and the listen address are moved to free loopback ports. */
  async function startExporter(env: Record<string, string>): Promise<number> {
    const port = await freePort();
    const p = spawn('prometheus-redis-exporter', [], {
      env: {
        PATH: process.env.PATH ?? '',
        ...env,
        REDIS_ADDR: env.REDIS_ADDR.replace(':6379', `:${redisPort}`),
        REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    servers.push(p);
    await waitForOutput(p, /Providing metrics at/);
    return port;
  }

  beforeAll(async () => {
    redisPort = await freePort();
    const redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--requirepass', rendered.REDIS_PASSWORD],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    servers.push(redis);
    await waitForOutput(redis, /Ready to accept connections/);
  }, 20000);

  afterAll(async () => {
    for (const s of servers) await stopServer(s);
  });

  test('the rendered env: only REDIS_ADDR (port) and the listen address differ here', () => {
    expect(Object.keys(rendered).sort()).toEqual([
      'REDIS_ADDR',
      'REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT',
      'REDIS_EXPORTER_WEB_LISTEN_ADDRESS',
      'REDIS_PASSWORD',
    ]);
    expect(rendered.REDIS_PASSWORD).toBe(kubeletEnv(containers(sts(objs))[0], secrets).REDIS_PASSWORD);
  });

  test('it authenticates with the password from the Secret and serves every Redis metric the dashboard reads', async () => {
    const port = await startExporter(rendered);
    const { status, body } = await get(port, '/metrics');
    expect(status).toBe(200);
    expect(sample(body, METRICS.redisUp.name)).toBe(1);
    expect(sample(body, METRICS.redisClients.name)).toBeGreaterThanOrEqual(1);
    expect(sample(body, METRICS.redisMaxClients.name)).toBeGreaterThan(0);
    expect(sample(body, METRICS.redisMemoryUsed.name)).toBeGreaterThan(0);
    expect(sample(body, METRICS.redisMemoryMax.name)).toBeDefined();
    expect(body).not.toContain(rendered.REDIS_PASSWORD);
  });

  test('without the password it cannot read Redis (redis_up 0): the Secret wiring is what makes it work', async () => {
    const { REDIS_PASSWORD: _, ...noPassword } = rendered;
    const port = await startExporter(noPassword);
    expect(sample((await get(port, '/metrics')).body, METRICS.redisUp.name)).toBe(0);
  });
});
