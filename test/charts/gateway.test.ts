/**
 * Gateway API constructs: the HTTPRoute (timeouts, redirect, matches), session persistence per
 * implementation (the fields that matter, refusals and findings) and the GKE Ingress
 * BackendConfig. Every rendering must pass `check` strictly (vendored CRD schemas, no warning).
 */
import { Chart, Testing } from 'cdk8s';
import {
  backendConfigAnnotation,
  GkeBackendConfig,
  HttpRoute,
  HttpRouteProps,
  OPEN_WEBUI_TIMEOUTS,
  SessionPersistenceObjects,
} from '../../charts/gateway';
import { durationSeconds, gatewayDuration } from '../../src/k8s';
import {
  AffinitySettings,
  GATEWAY_IMPLEMENTATIONS,
  GatewayImplementation,
  PersistenceBackend,
  sessionPersistencePlan,
} from '../../src/model';
import { schemaFindings } from '../../src/check/index';

const AFFINITY: AffinitySettings = { enabled: true, cookieName: 'open-webui-affinity', maxAgeSeconds: 86400 };
const BACKEND: PersistenceBackend = {
  name: 'open-webui',
  namespace: 'open-webui',
  labels: { 'app.kubernetes.io/name': 'open-webui' },
  serviceName: 'open-webui',
  healthCheckPath: '/health',
};
const ROUTE: HttpRouteProps = {
  metadata: { name: 'open-webui', namespace: 'open-webui' },
  parentRefs: [{ name: 'shared', namespace: 'gateways', sectionName: 'https' }],
  hostnames: ['chat.example.com'],
  serviceName: 'open-webui',
  servicePort: 80,
};

type Obj = Record<string, any>;

function synth(build: (chart: Chart) => void): Obj[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  build(chart);
  return Testing.synth(chart) as Obj[];
}

/** Renders the route and objects for one implementation, as part 2's chart will. */
function renderFor(impl: GatewayImplementation, affinity = AFFINITY, backend = BACKEND): Obj[] {
  const plan = sessionPersistencePlan(impl, affinity, backend);
  return synth((c) => {
    new HttpRoute(c, 'route', {
      ...ROUTE,
      timeouts: plan.route.timeouts ? OPEN_WEBUI_TIMEOUTS : null,
      ...(plan.route.sessionPersistence ? { sessionPersistence: plan.route.sessionPersistence } : {}),
    });
    new SessionPersistenceObjects(c, 'persistence', plan);
  });
}

const byKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);
const one = (objs: Obj[], kind: string) => {
  const found = byKind(objs, kind);
  expect(found).toHaveLength(1);
  return found[0];
};
const appRule = (objs: Obj[]) => one(objs, 'HTTPRoute').spec.rules[0];
/** Every finding of `check` (errors and warnings) for these objects. */
const checkFindings = (objs: Obj[]) =>
  objs.flatMap((o) =>
    schemaFindings('test.yaml', o).map((f) => `${o.kind}/${o.metadata.name}: ${f.path}: ${f.message}`),
  );

describe('Gateway API durations', () => {
  it.each([
    [3600, '1h'],
    [90, '1m30s'],
    [86400, '24h'],
    [604800, '168h'],
    [0, '0s'],
    [3661, '1h1m1s'],
  ])('%i s -> %s and back', (s, d) => {
    expect(gatewayDuration(s)).toBe(d);
    expect(durationSeconds(d)).toBe(s);
  });
  it('refuses what the CRD pattern refuses', () => {
    expect(() => durationSeconds('1 hour')).toThrow(/not a Gateway API duration/);
    expect(() => durationSeconds('604800s')).toThrow(/not a Gateway API duration/); // six digits
  });
});

describe('HttpRoute', () => {
  it('routes the hostnames and paths to the Service port, with Open WebUI timeouts, and passes check', () => {
    const objs = synth((c) => new HttpRoute(c, 'route', ROUTE));
    const route = one(objs, 'HTTPRoute');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'shared',
        namespace: 'gateways',
        sectionName: 'https',
      },
    ]);
    expect(route.spec.hostnames).toEqual(['chat.example.com']);
    expect(route.spec.rules).toEqual([
      {
        name: 'app',
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'open-webui', port: 80, weight: 1 }],
        timeouts: { request: '1h', backendRequest: '1h' },
      },
    ]);
    expect(checkFindings(objs)).toEqual([]);
  });

  it('adds a redirect-only route on the HTTP listener (no backendRefs: the CEL rule forbids both)', () => {
    const objs = synth(
      (c) =>
        new HttpRoute(c, 'route', {
          ...ROUTE,
          paths: [{ value: '/' }, { type: 'Exact', value: '/health' }],
          httpsRedirect: { parentRefs: [{ name: 'shared', namespace: 'gateways', sectionName: 'http' }] },
        }),
    );
    const redirect = byKind(objs, 'HTTPRoute').find((o) => o.metadata.name === 'open-webui-https-redirect');
    expect(redirect?.spec).toEqual({
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'shared',
          namespace: 'gateways',
          sectionName: 'http',
        },
      ],
      hostnames: ['chat.example.com'],
      rules: [
        {
          name: 'https-redirect',
          filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
        },
      ],
    });
    expect(appRule(objs.filter((o) => o.metadata.name === 'open-webui')).matches).toEqual([
      { path: { type: 'PathPrefix', value: '/' } },
      { path: { type: 'Exact', value: '/health' } },
    ]);
    expect(checkFindings(objs)).toEqual([]);
  });

  it('omits hostnames and timeouts when asked (implementation-owned timeouts)', () => {
    const objs = synth((c) => new HttpRoute(c, 'route', { ...ROUTE, hostnames: [], timeouts: null }));
    expect(one(objs, 'HTTPRoute').spec).not.toHaveProperty('hostnames');
    expect(appRule(objs)).not.toHaveProperty('timeouts');
  });

  it.each([
    [{ parentRefs: [] }, /parentRefs is empty/],
    [{ paths: [{ value: 'api' }] }, /path "api" is not a clean absolute path/],
    [{ paths: [{ value: '/a//b' }] }, /not a clean absolute path/],
    [{ hostnames: ['Chat.Example.com'] }, /is not a DNS host name/],
    [{ hostnames: ['10.0.0.1'] }, /no IP address/],
    [{ hostnames: ['10.0.0.1.nip'] }, null],
    [
      { timeouts: { request: '10m', backendRequest: '1h' } },
      /backendRequest \(1h\) is longer than timeouts.request \(10m\)/,
    ],
    [{ timeouts: { request: '0s', backendRequest: '1h' } }, null],
    [
      { timeouts: { request: '1 hour', backendRequest: '1h' } },
      /timeouts.request "1 hour" is not a Gateway API duration/,
    ],
    [{ httpsRedirect: { parentRefs: [] } }, /httpsRedirect.parentRefs is empty/],
  ])('props %j: %s', (extra, error) => {
    const build = () => synth((c) => new HttpRoute(c, 'route', { ...ROUTE, ...(extra as Partial<HttpRouteProps>) }));
    if (error) expect(build).toThrow(error);
    else expect(build).not.toThrow();
  });
});

describe('session persistence per implementation (one rendering each passes check strictly)', () => {
  it.each(GATEWAY_IMPLEMENTATIONS.filter((i) => i !== 'traefik'))('%s: passes check with no finding', (impl) => {
    expect(checkFindings(renderFor(impl))).toEqual([]);
  });

  it.each(['envoy-gateway', 'cilium', 'kgateway'] as const)(
    '%s: cookie sessionPersistence on the route rule, nothing else',
    (impl) => {
      const objs = renderFor(impl);
      expect(objs.map((o) => o.kind)).toEqual(['HTTPRoute']);
      expect(appRule(objs).sessionPersistence).toEqual({
        type: 'Cookie',
        sessionName: 'open-webui-affinity',
        absoluteTimeout: '24h',
        cookieConfig: { lifetimeType: 'Permanent' },
      });
      expect(appRule(objs).timeouts).toEqual({ request: '1h', backendRequest: '1h' });
      expect(sessionPersistencePlan(impl, AFFINITY, BACKEND).requires[0]).toMatch(/experimental-channel CRDs/);
    },
  );

  it('istio: a DestinationRule with consistent-hash httpCookie for the Service host; no route field', () => {
    const objs = renderFor('istio');
    expect(appRule(objs)).not.toHaveProperty('sessionPersistence');
    const dr = one(objs, 'DestinationRule');
    expect(dr.apiVersion).toBe('networking.istio.io/v1');
    expect(dr.metadata).toMatchObject({ name: 'open-webui', namespace: 'open-webui' });
    expect(dr.spec).toEqual({
      host: 'open-webui.open-webui.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { consistentHash: { httpCookie: { name: 'open-webui-affinity', path: '/', ttl: '86400s' } } },
      },
    });
  });

  it('aws-load-balancer-controller: TargetGroupConfiguration (ip targets, /health, lb_cookie) and an internal LoadBalancerConfiguration', () => {
    const objs = renderFor('aws-load-balancer-controller', AFFINITY, { ...BACKEND, awsScheme: 'internal' });
    expect(checkFindings(objs)).toEqual([]);
    const tgc = one(objs, 'TargetGroupConfiguration');
    expect(tgc.apiVersion).toBe('gateway.k8s.aws/v1');
    expect(tgc.spec.targetReference).toEqual({ group: '', kind: 'Service', name: 'open-webui' });
    const d = tgc.spec.defaultConfiguration;
    expect(d.targetType).toBe('ip');
    expect(d.healthCheckConfig).toMatchObject({
      healthCheckPath: '/health',
      healthCheckProtocol: 'HTTP',
      matcher: { httpCode: '200' },
    });
    expect(Object.fromEntries(d.targetGroupAttributes.map((a: Obj) => [a.key, a.value]))).toEqual({
      'stickiness.enabled': 'true',
      'stickiness.type': 'lb_cookie',
      'stickiness.lb_cookie.duration_seconds': '86400',
      'deregistration_delay.timeout_seconds': '30',
    });
    const lbc = one(objs, 'LoadBalancerConfiguration');
    expect(lbc.spec).toEqual({
      scheme: 'internal',
      loadBalancerAttributes: [{ key: 'idle_timeout.timeout_seconds', value: '3600' }],
    });
    // The ALB has no per-route timeout: the idle timeout governs streams, so the route carries none.
    expect(appRule(objs)).not.toHaveProperty('timeouts');
    expect(appRule(objs)).not.toHaveProperty('sessionPersistence');
  });

  it('aws-load-balancer-controller: v1beta1 (controller v3.0-v3.4) renders, and check warns it is deprecated', () => {
    const objs = renderFor('aws-load-balancer-controller', AFFINITY, {
      ...BACKEND,
      awsApiVersion: 'gateway.k8s.aws/v1beta1',
    });
    expect(one(objs, 'TargetGroupConfiguration').apiVersion).toBe('gateway.k8s.aws/v1beta1');
    expect(checkFindings(objs)).toEqual([
      'TargetGroupConfiguration/open-webui: apiVersion: gateway.k8s.aws/v1beta1 TargetGroupConfiguration is deprecated; use gateway.k8s.aws/v1 instead (still served)',
    ]);
  });

  it('gke: GCPSessionAffinityPolicy (stateful cookie), HealthCheckPolicy on /health, GCPBackendPolicy with the long timeout', () => {
    const objs = renderFor('gke');
    const target = { group: '', kind: 'Service', name: 'open-webui' };
    expect(one(objs, 'GCPSessionAffinityPolicy').spec).toEqual({
      statefulGeneratedCookie: { cookieTtlSeconds: 86400 },
      targetRef: target,
    });
    const hc = one(objs, 'HealthCheckPolicy').spec;
    expect(hc.targetRef).toEqual(target);
    expect(hc.default.config).toEqual({
      type: 'HTTP',
      httpHealthCheck: { portSpecification: 'USE_SERVING_PORT', requestPath: '/health' },
    });
    expect(one(objs, 'GCPBackendPolicy').spec).toEqual({
      default: { timeoutSec: 3600, connectionDraining: { drainingTimeoutSec: 30 } },
      targetRef: target,
    });
    expect(appRule(objs)).not.toHaveProperty('timeouts');
  });

  it('nginx-gateway-fabric: renders the route cookie with a finding that only NGINX Plus honours it', () => {
    const plan = sessionPersistencePlan('nginx-gateway-fabric', AFFINITY, BACKEND);
    expect(plan.route.sessionPersistence?.sessionName).toBe('open-webui-affinity');
    expect(plan.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        id: 'gateway-affinity-nginx-plus-only',
        message: expect.stringMatching(/NGINX Plus only/),
      }),
    ]);
  });

  it("traefik: refuses affinity, pointing at Traefik's Ingress / IngressRoute sticky cookie", () => {
    const plan = sessionPersistencePlan('traefik', AFFINITY, BACKEND);
    expect(plan.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        id: 'gateway-affinity-unsupported',
        message: expect.stringMatching(/no session persistence/),
      }),
    ]);
    expect(plan.problems[0].hint).toMatch(/ingress\.controller: traefik.*service\.sticky\.cookie/);
    expect(() => renderFor('traefik')).toThrow(/no session persistence/);
    // Without affinity Traefik is fine.
    expect(checkFindings(renderFor('traefik', { ...AFFINITY, enabled: false }))).toEqual([]);
  });

  it('none: the route alone, no affinity', () => {
    const objs = renderFor('none');
    expect(objs.map((o) => o.kind)).toEqual(['HTTPRoute']);
    expect(appRule(objs)).not.toHaveProperty('sessionPersistence');
  });

  it.each(GATEWAY_IMPLEMENTATIONS)('%s with affinity off: no cookie anywhere', (impl) => {
    const objs = renderFor(impl, { ...AFFINITY, enabled: false });
    expect(JSON.stringify(objs)).not.toMatch(
      /sessionPersistence|httpCookie|stickiness\.enabled|GSSA|statefulGeneratedCookie/,
    );
    expect(checkFindings(objs)).toEqual([]);
  });

  it('refuses lifetimes the load balancer cannot keep', () => {
    expect(sessionPersistencePlan('gke', { ...AFFINITY, maxAgeSeconds: 86401 }, BACKEND).problems[0].message).toMatch(
      /at most 86400 seconds/,
    );
    expect(
      sessionPersistencePlan('aws-load-balancer-controller', { ...AFFINITY, maxAgeSeconds: 604801 }, BACKEND)
        .problems[0].message,
    ).toMatch(/at most 604800 seconds/);
    // A week is a valid route cookie: 168h (six-digit seconds would break the duration pattern).
    expect(
      sessionPersistencePlan('envoy-gateway', { ...AFFINITY, maxAgeSeconds: 604800 }, BACKEND).route.sessionPersistence
        ?.absoluteTimeout,
    ).toBe('168h');
  });
});

describe('GKE Ingress BackendConfig', () => {
  it('cookie affinity, /health check on the pod port, long timeout; passes check', () => {
    const objs = synth(
      (c) =>
        new GkeBackendConfig(c, 'bc', {
          metadata: { name: 'open-webui', namespace: 'open-webui' },
          healthCheckPath: '/health',
          healthCheckPort: 8080,
          timeoutSeconds: 3600,
          affinityCookieTtlSeconds: 86400,
        }),
    );
    const bc = one(objs, 'BackendConfig');
    expect(bc.apiVersion).toBe('cloud.google.com/v1');
    expect(bc.spec).toEqual({
      timeoutSec: 3600,
      connectionDraining: { drainingTimeoutSec: 30 },
      healthCheck: {
        type: 'HTTP',
        requestPath: '/health',
        port: 8080,
        checkIntervalSec: 15,
        timeoutSec: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
      },
      sessionAffinity: { affinityType: 'GENERATED_COOKIE', affinityCookieTtlSec: 86400 },
    });
    expect(checkFindings(objs)).toEqual([]);
    expect(backendConfigAnnotation('open-webui')).toEqual({
      'cloud.google.com/backend-config': '{"default":"open-webui"}',
    });
  });
});
