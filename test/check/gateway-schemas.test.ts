/**
 * Strict validation of the Gateway API and per-implementation kinds (vendored CRD schemas in
 * schemas/crds/): every kind accepts a well-formed object, refuses unknown fields at depth, wrong
 * enums and patterns; unserved versions are refused and deprecated ones warned about.
 */
import { loadCatalog } from '../../src/check/catalog';
import { schemaFindings } from '../../src/check/index';
import { Schema, SchemaValidator } from '../../src/check/schema-validator';

const meta = { name: 'open-webui', namespace: 'open-webui' };
const findings = (obj: unknown) =>
  schemaFindings('x.yaml', obj).map((f) => `${f.severity} ${f.rule} ${f.path}: ${f.message}`);
const errors = (obj: unknown) => schemaFindings('x.yaml', obj).filter((f) => f.severity === 'error');

const route = (rule: Record<string, unknown> = {}, apiVersion = 'gateway.networking.k8s.io/v1') => ({
  apiVersion,
  kind: 'HTTPRoute',
  metadata: meta,
  spec: {
    parentRefs: [{ name: 'shared', namespace: 'gateways', sectionName: 'https' }],
    hostnames: ['chat.example.com'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: 'open-webui', port: 80 }],
        timeouts: { request: '1h', backendRequest: '1h' },
        ...rule,
      },
    ],
  },
});

describe('the catalog knows the new kinds, only in served versions', () => {
  const kinds = loadCatalog().kinds;
  it.each([
    ['gateway.networking.k8s.io', 'HTTPRoute', ['v1', 'v1beta1']],
    ['networking.istio.io', 'DestinationRule', ['v1', 'v1alpha3', 'v1beta1']],
    ['gateway.k8s.aws', 'TargetGroupConfiguration', ['v1', 'v1beta1']],
    ['gateway.k8s.aws', 'LoadBalancerConfiguration', ['v1', 'v1beta1']],
    ['networking.gke.io', 'GCPSessionAffinityPolicy', ['v1']],
    ['networking.gke.io', 'HealthCheckPolicy', ['v1']],
    ['networking.gke.io', 'GCPBackendPolicy', ['v1']],
    ['cloud.google.com', 'BackendConfig', ['v1', 'v1beta1']],
  ])('%s %s: %j', (group, kind, versions) => {
    const have = [...kinds.keys()].filter((k) => k.startsWith(`${group}/`) && k.endsWith(`/${kind}`)).sort();
    expect(have).toEqual((versions as string[]).map((v) => `${group}/${v}/${kind}`));
    for (const k of have) expect(kinds.get(k)?.source).toMatch(/^schemas\/crds\//);
  });
});

describe('HTTPRoute (Gateway API v1.6.1, experimental channel)', () => {
  it('accepts a route with timeouts and cookie session persistence', () => {
    expect(
      findings(
        route({
          sessionPersistence: { type: 'Cookie', sessionName: 'open-webui', cookieConfig: { lifetimeType: 'Session' } },
        }),
      ),
    ).toEqual([]);
  });
  it('accepts a redirect-only rule and the served v1beta1', () => {
    const redirect = {
      ...route(),
      spec: {
        parentRefs: [{ name: 'shared', sectionName: 'http' }],
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    };
    expect(findings(redirect)).toEqual([]);
    expect(findings(route({}, 'gateway.networking.k8s.io/v1beta1'))).toEqual([]);
  });
  it('refuses unknown fields at depth, with a suggestion', () => {
    expect(findings(route({ timeouts: { requst: '1h' } }))).toEqual([
      'error schema spec.rules[0].timeouts.requst: unknown field "requst" (did you mean "request"?)',
    ]);
    expect(findings(route({ sessionPersistence: { type: 'Cookie', cookieConfig: { lifetime: 'Session' } } }))).toEqual([
      'error schema spec.rules[0].sessionPersistence.cookieConfig.lifetime: unknown field "lifetime"',
    ]);
  });
  it('refuses durations that are not Gateway API durations and unknown enum values', () => {
    const e = errors(route({ timeouts: { request: '1 hour' }, sessionPersistence: { type: 'Sticky' } }));
    expect(e.map((f) => f.path).sort()).toEqual([
      'spec.rules[0].sessionPersistence.type',
      'spec.rules[0].timeouts.request',
    ]);
  });
  it('refuses v1alpha2, unserved since Gateway API v0.8.0', () => {
    expect(findings(route({}, 'gateway.networking.k8s.io/v1alpha2'))).toEqual([
      'error removed-api apiVersion: gateway.networking.k8s.io/v1alpha2 HTTPRoute is not served since Gateway API v0.8.0: use gateway.networking.k8s.io/v1',
    ]);
  });
});

describe('Istio DestinationRule (Istio 1.30.3)', () => {
  const dr = (lb: Record<string, unknown>, apiVersion = 'networking.istio.io/v1') => ({
    apiVersion,
    kind: 'DestinationRule',
    metadata: meta,
    spec: { host: 'open-webui.open-webui.svc.cluster.local', trafficPolicy: { loadBalancer: lb } },
  });
  const cookie = { consistentHash: { httpCookie: { name: 'open-webui', path: '/', ttl: '0s' } } };
  it('accepts consistent-hash cookie affinity in every served version', () => {
    for (const v of ['v1', 'v1beta1', 'v1alpha3']) expect(findings(dr(cookie, `networking.istio.io/${v}`))).toEqual([]);
  });
  it('refuses two hash keys at once (oneOf) and two algorithms at once', () => {
    expect(findings(dr({ consistentHash: { ...cookie.consistentHash, useSourceIp: true } }))).toEqual([
      'error schema spec.trafficPolicy.loadBalancer.consistentHash: may set only one of httpHeaderName, httpCookie, useSourceIp, httpQueryParameterName, got httpCookie and useSourceIp',
    ]);
    expect(findings(dr({ ...cookie, simple: 'ROUND_ROBIN' }))).toEqual([
      'error schema spec.trafficPolicy.loadBalancer: may set only one of simple, consistentHash, got simple and consistentHash',
    ]);
  });
  it('refuses unknown fields', () => {
    expect(findings(dr({ consistentHash: { httpCookie: { name: 'a', ttl: '0s', secure: true } } }))).toEqual([
      'error schema spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.secure: unknown field "secure"',
    ]);
  });
});

describe('AWS Load Balancer Controller (v3.5.0) TargetGroupConfiguration and LoadBalancerConfiguration', () => {
  const tgc = (apiVersion = 'gateway.k8s.aws/v1', extra: Record<string, unknown> = {}) => ({
    apiVersion,
    kind: 'TargetGroupConfiguration',
    metadata: meta,
    spec: {
      targetReference: { name: 'open-webui' },
      defaultConfiguration: {
        targetType: 'ip',
        healthCheckConfig: { healthCheckPath: '/health', healthCheckProtocol: 'HTTP', matcher: { httpCode: '200' } },
        targetGroupAttributes: [{ key: 'stickiness.enabled', value: 'true' }],
        ...extra,
      },
    },
  });
  it('accepts v1', () => expect(findings(tgc())).toEqual([]));
  it('warns on the deprecated v1beta1, with the CRD own deprecation warning', () => {
    expect(findings(tgc('gateway.k8s.aws/v1beta1'))).toEqual([
      'warning deprecated-api apiVersion: gateway.k8s.aws/v1beta1 TargetGroupConfiguration is deprecated; use gateway.k8s.aws/v1 instead (still served)',
    ]);
  });
  it('refuses unknown fields and enum values', () => {
    expect(findings(tgc(undefined, { targetTyp: 'ip', protocolVersion: 'HTTP3' })).sort()).toEqual([
      'error schema spec.defaultConfiguration.protocolVersion: must be one of "HTTP1", "HTTP2", "GRPC", got "HTTP3"',
      'error schema spec.defaultConfiguration.targetTyp: unknown field "targetTyp" (did you mean "targetType"?)',
    ]);
  });
  it('LoadBalancerConfiguration: scheme is an enum', () => {
    const lbc = (scheme: string) => ({
      apiVersion: 'gateway.k8s.aws/v1',
      kind: 'LoadBalancerConfiguration',
      metadata: meta,
      spec: { scheme },
    });
    expect(findings(lbc('internal'))).toEqual([]);
    expect(findings(lbc('private'))).toEqual([
      'error schema spec.scheme: must be one of "internal", "internet-facing", got "private"',
    ]);
  });
});

describe('GKE Gateway policies (networking.gke.io/v1) and GKE Ingress BackendConfig', () => {
  const target = { group: '', kind: 'Service', name: 'open-webui' };
  it('GCPSessionAffinityPolicy: stateful cookie needs its TTL', () => {
    const p = (spec: Record<string, unknown>) => ({
      apiVersion: 'networking.gke.io/v1',
      kind: 'GCPSessionAffinityPolicy',
      metadata: meta,
      spec: { targetRef: target, ...spec },
    });
    expect(findings(p({ statefulGeneratedCookie: { cookieTtlSeconds: 86400 } }))).toEqual([]);
    expect(findings(p({ statefulGeneratedCookie: {} }))).toEqual([
      'error schema spec.statefulGeneratedCookie.cookieTtlSeconds: is required',
    ]);
  });
  it('HealthCheckPolicy and GCPBackendPolicy: ranges, enums, unknown fields', () => {
    const hc = {
      apiVersion: 'networking.gke.io/v1',
      kind: 'HealthCheckPolicy',
      metadata: meta,
      spec: { targetRef: target, default: { config: { type: 'HTTP', httpHealthCheck: { requestPath: '/health' } } } },
    };
    expect(findings(hc)).toEqual([]);
    expect(
      findings({ ...hc, spec: { ...hc.spec, default: { config: { type: 'HTTP3' }, checkIntervalSec: 0 } } }).sort(),
    ).toEqual([
      'error schema spec.default.checkIntervalSec: must be >= 1, got 0',
      'error schema spec.default.config.type: must be one of "TCP", "HTTP", "HTTPS", "HTTP2", "GRPC", got "HTTP3"',
      // minProperties 2: a type and its settings
      'error schema spec.default.config: must have at least 2 field(s)',
    ]);
    const bp = (d: Record<string, unknown>) => ({
      apiVersion: 'networking.gke.io/v1',
      kind: 'GCPBackendPolicy',
      metadata: meta,
      spec: { targetRef: target, default: d },
    });
    expect(findings(bp({ timeoutSec: 3600, connectionDraining: { drainingTimeoutSec: 30 } }))).toEqual([]);
    expect(findings(bp({ timeoutSecs: 3600 }))).toEqual([
      'error schema spec.default.timeoutSecs: unknown field "timeoutSecs" (did you mean "timeoutSec"?)',
    ]);
  });
  it('BackendConfig (cloud.google.com/v1)', () => {
    const bc = (spec: Record<string, unknown>) => ({
      apiVersion: 'cloud.google.com/v1',
      kind: 'BackendConfig',
      metadata: meta,
      spec,
    });
    expect(
      findings(
        bc({
          timeoutSec: 3600,
          sessionAffinity: { affinityType: 'GENERATED_COOKIE', affinityCookieTtlSec: 86400 },
          healthCheck: { type: 'HTTP', requestPath: '/health', port: 8080 },
        }),
      ),
    ).toEqual([]);
    expect(findings(bc({ sessionAffinity: { type: 'GENERATED_COOKIE' } }))).toEqual([
      'error schema spec.sessionAffinity.type: unknown field "type"',
    ]);
  });
});

describe('SchemaValidator: oneOf, anyOf and not', () => {
  const v = new SchemaValidator();
  const atMostOne = {
    type: 'object',
    properties: { a: { type: 'string' }, b: { type: 'string' } },
    oneOf: [{ not: { anyOf: [{ required: ['a'] }, { required: ['b'] }] } }, { required: ['a'] }, { required: ['b'] }],
  } satisfies Schema;
  it('"at most one of" passes with none or one, fails with two', () => {
    expect(v.validate({}, atMostOne)).toEqual([]);
    expect(v.validate({ a: 'x' }, atMostOne)).toEqual([]);
    expect(v.validate({ a: 'x', b: 'y' }, atMostOne)).toEqual([
      { path: '', message: 'may set only one of a, b, got a and b' },
    ]);
  });
  it('anyOf needs one branch; not refuses its match; branches add no fields', () => {
    const some = {
      type: 'object',
      properties: { a: { type: 'string' } },
      anyOf: [{ required: ['a'] }],
    } satisfies Schema;
    expect(v.validate({}, some)).toEqual([{ path: '', message: 'must set at least one of a' }]);
    const never = { type: 'object', properties: { a: { type: 'string' } }, not: { required: ['a'] } } satisfies Schema;
    expect(v.validate({ a: 'x' }, never)).toEqual([{ path: '', message: 'may not set a here' }]);
    expect(v.validate({ c: 1 }, atMostOne)).toEqual([{ path: 'c', message: 'unknown field "c" (did you mean "a"?)' }]);
  });
});
