/**
 * `route.*` through the real values pipeline (values file -> schema -> model -> rules -> chart):
 * one rendering per Gateway API implementation passes `check` with no finding and carries the
 * fields that matter; the route's host names feed WEBUI_URL, CORS_ALLOW_ORIGIN and plan; the
 * NetworkPolicy admits the implementation's data plane; GKE Ingress renders its BackendConfig.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkObjects } from '../../src/check';
import { resolveEnvironment } from '../../src/pipeline';
import { renderObjects } from '../../src/synth/render';
import { GATEWAY_IMPLEMENTATIONS, GatewayImplementation } from '../../src/model';
import { planEnvironment } from '../../src/plan/plan';
import {
  Any,
  containers,
  envMap,
  errorsOf,
  find,
  ids,
  ofKind,
  one,
  render,
  renderEnv,
  REPO,
  resolve,
  runCli,
} from '../support';

/** Requests and limits, which the security policy of `check` requires of every container. */
const SIZED = 'resources:\n  requests: {cpu: 500m, memory: 1Gi}\n  limits: {memory: 2Gi}\n';

const ROUTE = `
route:
  enabled: true
  parentRefs: [{name: public, namespace: gateways, sectionName: https}]
  hostnames: [chat.example.com]
`;

/** What each implementation needs besides the route to be accepted (NetworkPolicy peers, affinity). */
const EXTRA: Record<GatewayImplementation, string> = {
  'envoy-gateway': '',
  cilium:
    'networkPolicy:\n  ingress:\n    gateway:\n      enabled: false\nacknowledgeWarnings: [network-policy-ingress-none]\n',
  kgateway: '',
  istio: '',
  'aws-load-balancer-controller':
    'networkPolicy:\n  ingress:\n    gateway:\n      cidrs: [10.0.0.0/16]\nroute:\n  aws:\n    loadBalancerConfiguration: true\n',
  gke: '',
  'nginx-gateway-fabric': 'acknowledgeWarnings: [gateway-affinity-nginx-plus-only]\n',
  traefik: 'route:\n  sessionAffinity:\n    enabled: false\nacknowledgeWarnings: [recommended-session-affinity]\n',
  none: 'networkPolicy:\n  ingress:\n    gateway:\n      namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: gw}}\nacknowledgeWarnings: [recommended-session-affinity]\n',
};

const renderImpl = (impl: GatewayImplementation, more = '') =>
  render(SIZED, ROUTE, `route:\n  implementation: ${impl}\n`, EXTRA[impl], more);
const appRoute = (objs: Any[]): Any => objs.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'open-webui');
const appPolicy = (objs: Any[]): Any => find(objs, 'NetworkPolicy', 'open-webui');
const from = (objs: Any[]) => appPolicy(objs).spec.ingress[0].from;
/** Warnings other than BASE's recommended settings at scale (session affinity stays: it is about the way in). */
const wayInWarnings = (ws: { id: string }[]) =>
  ws.map((w) => w.id).filter((id) => !id.startsWith('recommended-') || id === 'recommended-session-affinity');
const everyFinding = (objs: Any[]) =>
  checkObjects(objs.map((obj) => ({ file: 'test', obj }))).map(
    (f) => `${f.severity} ${f.object} ${f.path}: ${f.message}`,
  );

describe('one rendering per implementation, through the values pipeline', () => {
  it.each(GATEWAY_IMPLEMENTATIONS)('%s: accepted without warnings and passes check with no finding', (impl) => {
    const env = resolve(ROUTE, `route:\n  implementation: ${impl}\n`, EXTRA[impl]);
    expect(wayInWarnings(env.warnings)).toEqual([]);
    const objs = renderImpl(impl);
    expect(everyFinding(objs)).toEqual([]);
    const route = appRoute(objs);
    expect(route.spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'public',
        namespace: 'gateways',
        sectionName: 'https',
      },
    ]);
    expect(route.spec.hostnames).toEqual(['chat.example.com']);
    expect(route.spec.rules[0].backendRefs).toEqual([
      { group: '', kind: 'Service', name: 'open-webui', port: 80, weight: 1 },
    ]);
    expect(ofKind(objs, 'Ingress')).toEqual([]);
  });

  it.each(['envoy-gateway', 'cilium', 'kgateway', 'nginx-gateway-fabric'] as const)(
    '%s: cookie sessionPersistence and 1h timeouts on the route rule',
    (impl) => {
      const rule = appRoute(renderImpl(impl)).spec.rules[0];
      expect(rule.sessionPersistence).toEqual({
        type: 'Cookie',
        sessionName: 'open-webui-affinity',
        absoluteTimeout: '24h',
        cookieConfig: { lifetimeType: 'Permanent' },
      });
      expect(rule.timeouts).toEqual({ request: '1h', backendRequest: '1h' });
    },
  );

  it('istio: a DestinationRule for the Service host with the cookie; nothing on the route', () => {
    const objs = renderImpl('istio');
    expect(appRoute(objs).spec.rules[0]).not.toHaveProperty('sessionPersistence');
    expect(one(objs, 'DestinationRule').spec).toEqual({
      host: 'open-webui.open-webui.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { consistentHash: { httpCookie: { name: 'open-webui-affinity', path: '/', ttl: '86400s' } } },
      },
    });
  });

  it('aws-load-balancer-controller: TargetGroupConfiguration on the Service, LoadBalancerConfiguration with the idle timeout; no route timeouts', () => {
    const objs = renderImpl(
      'aws-load-balancer-controller',
      'route:\n  timeouts:\n    request: 2h\n    backendRequest: 1h\n  aws:\n    loadBalancerName: chat-internal\n',
    );
    const tgc = one(objs, 'TargetGroupConfiguration');
    expect(tgc.spec.targetReference).toEqual({ group: '', kind: 'Service', name: 'open-webui' });
    expect(tgc.spec.defaultConfiguration.targetType).toBe('ip');
    expect(tgc.spec.defaultConfiguration.healthCheckConfig.healthCheckPath).toBe('/health');
    expect(tgc.spec.defaultConfiguration.targetGroupAttributes).toContainEqual({
      key: 'stickiness.type',
      value: 'lb_cookie',
    });
    expect(one(objs, 'LoadBalancerConfiguration').spec).toEqual({
      loadBalancerName: 'chat-internal',
      scheme: 'internal',
      // 2h is more than the ALB allows: capped at 4000 s.
      loadBalancerAttributes: [{ key: 'idle_timeout.timeout_seconds', value: '4000' }],
    });
    expect(appRoute(objs).spec.rules[0]).not.toHaveProperty('timeouts');
  });

  it('gke: session affinity, health check and backend policies on the Service, timeout from route.timeouts.request', () => {
    const objs = renderImpl('gke', 'route:\n  timeouts:\n    request: 30m\n    backendRequest: 30m\n');
    expect(one(objs, 'GCPSessionAffinityPolicy').spec.statefulGeneratedCookie).toEqual({ cookieTtlSeconds: 86400 });
    expect(one(objs, 'HealthCheckPolicy').spec.default.config.httpHealthCheck.requestPath).toBe('/health');
    expect(one(objs, 'GCPBackendPolicy').spec.default.timeoutSec).toBe(1800);
    expect(appRoute(objs).spec.rules[0]).not.toHaveProperty('timeouts');
  });

  it('the https redirect is a second route on the plain-HTTP listener, without backends', () => {
    const objs = renderImpl(
      'envoy-gateway',
      'route:\n  httpsRedirect:\n    enabled: true\n    parentRefs: [{name: public, namespace: gateways, sectionName: http}]\n',
    );
    const redirect = find(objs, 'HTTPRoute', 'open-webui-https-redirect') as Any;
    expect(redirect.spec.rules).toEqual([
      {
        name: 'https-redirect',
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
      },
    ]);
    expect(redirect.spec.parentRefs[0].sectionName).toBe('http');
    expect(everyFinding(objs)).toEqual([]);
  });

  it('a parentRef in the release namespace is written without namespace; route annotations reach the route', () => {
    const objs = render(
      'route:\n  enabled: true\n  implementation: istio\n  parentRefs: [{name: local-gw, namespace: open-webui}]\n  annotations: {team: ai}\n',
    );
    expect(appRoute(objs).spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'local-gw' },
    ]);
    expect(appRoute(objs).metadata.annotations).toMatchObject({ team: 'ai' });
  });
});

describe('route host names feed WEBUI_URL, CORS_ALLOW_ORIGIN and plan', () => {
  const env = (objs: Any[]) => envMap(containers(find(objs, 'Deployment'))[0]);

  it('https by default: the origins are https://<hostname>, the first is WEBUI_URL', () => {
    const e = env(render(ROUTE, 'route:\n  hostnames: [chat.example.com, ai.example.com]\n  implementation: istio\n'));
    expect(e.WEBUI_URL.value).toBe('https://chat.example.com');
    expect(e.CORS_ALLOW_ORIGIN.value).toBe('https://chat.example.com;https://ai.example.com');
  });

  it('route.origin gives the scheme and a non-default port users reach', () => {
    const e = env(render(ROUTE, 'route:\n  implementation: istio\n  origin: {scheme: http, port: 8080}\n'));
    expect(e.WEBUI_URL.value).toBe('http://chat.example.com:8080');
    expect(e.CORS_ALLOW_ORIGIN.value).toBe('http://chat.example.com:8080');
    const defaultPort = env(render(ROUTE, 'route:\n  implementation: istio\n  origin: {scheme: https, port: 443}\n'));
    expect(defaultPort.WEBUI_URL.value).toBe('https://chat.example.com');
  });

  it('with the Ingress alongside, both sources feed the origins (Ingress first), each once', () => {
    const e = env(
      render(
        ROUTE,
        'route:\n  implementation: istio\n  alongsideIngress: true\n  hostnames: [new.example.com, chat.example.com]\ningress:\n  enabled: true\n  hosts: [{host: chat.example.com}]\n  tls: [{secretName: t, hosts: [chat.example.com]}]\nacknowledgeWarnings: [ingress-nginx-retired]\n',
      ),
    );
    expect(e.CORS_ALLOW_ORIGIN.value).toBe('https://chat.example.com;https://new.example.com');
    expect(e.WEBUI_URL.value).toBe('https://chat.example.com');
  });

  it('explicit openwebui.corsAllowOrigin wins, and must cover every route host name', () => {
    const e = env(
      render(ROUTE, 'route:\n  implementation: istio\nopenwebui:\n  corsAllowOrigin: [https://chat.example.com]\n'),
    );
    expect(e.CORS_ALLOW_ORIGIN.value).toBe('https://chat.example.com');
    const missing = errorsOf(
      ROUTE,
      'route:\n  implementation: istio\n  hostnames: [chat.example.com, ai.example.com]\nopenwebui:\n  corsAllowOrigin: [https://chat.example.com]\n',
    );
    expect(missing.map((p) => [p.id, p.message])).toEqual([
      [
        'cors-covers-origins',
        'CORS_ALLOW_ORIGIN does not include https://ai.example.com, the route (istio) host "ai.example.com": browsers there would be refused, websockets with "not an accepted origin" (requirement 8).',
      ],
    ]);
  });

  it('a wildcard host name gives no origin and is refused without explicit origins', () => {
    const errors = errorsOf(ROUTE, 'route:\n  implementation: istio\n  hostnames: ["*.example.com"]\n');
    expect(errors.map((p) => [p.id, p.path.join('.')])).toEqual([['route-config', 'route.hostnames.0']]);
    expect(errors[0].message).toMatch(/wildcard host name: WEBUI_URL and CORS_ALLOW_ORIGIN cannot be derived/);
  });

  it('plan shows the URL, the HTTPRoute and Gateway, the implementation, affinity, timeouts and what the cluster needs', () => {
    const md = planEnvironment(resolve(ROUTE, 'route:\n  implementation: envoy-gateway\n'));
    const line = (start: string) => md.split('\n').find((l) => l.startsWith(start));
    expect(line('- **Route:**')).toBe(
      '- **Route:** https://chat.example.com via HTTPRoute `open-webui` on Gateway `gateways/public` (listener `https`); implementation `envoy-gateway`',
    );
    expect(line('- **Route session affinity:**')).toBe(
      '- **Route session affinity:** cookie "open-webui-affinity" (24h) by HTTPRoute rules[].sessionPersistence',
    );
    expect(line('- **Route timeouts:**')).toBe(
      '- **Route timeouts:** request 1h, backend request 1h (HTTPRoute rules[].timeouts)',
    );
    expect(line('- **The cluster needs:**')).toMatch(
      /^- \*\*The cluster needs:\*\* Gateway API experimental-channel CRDs/,
    );
    expect(line('- **Gateway data plane admitted by the NetworkPolicy:**')).toContain(
      '"gateway.envoyproxy.io/owning-gateway-name":"public"',
    );
    const gke = planEnvironment(resolve(ROUTE, 'route:\n  implementation: gke\n'));
    expect(gke).toContain(
      '- **Route timeouts:** 3600s backend service timeout (GCPBackendPolicy `open-webui`; also the longest a websocket stays open)',
    );
    expect(gke).toContain('- **Gateway data plane admitted by the NetworkPolicy:** `35.191.0.0/16`; `130.211.0.0/22`');
    expect(planEnvironment(resolve(''))).toContain('- **Route:** none');
  });
});

describe('NetworkPolicy peers per implementation', () => {
  it('envoy-gateway: the proxies of each Gateway, in envoy-gateway-system; no ingress-nginx peer', () => {
    expect(from(renderImpl('envoy-gateway'))).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'envoy',
            'app.kubernetes.io/component': 'proxy',
            'app.kubernetes.io/managed-by': 'envoy-gateway',
            'gateway.envoyproxy.io/owning-gateway-name': 'public',
            'gateway.envoyproxy.io/owning-gateway-namespace': 'gateways',
          },
        },
      },
    ]);
  });

  it.each(['istio', 'kgateway', 'nginx-gateway-fabric'] as const)(
    "%s: the Gateway's pods in the Gateway's namespace, one peer per Gateway",
    (impl) => {
      const objs = renderImpl(
        impl,
        'route:\n  parentRefs: [{name: public, namespace: gateways}, {name: public, namespace: gateways, sectionName: https}, {name: internal}]\n',
      );
      expect(from(objs)).toEqual([
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateways' } },
          podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } },
        },
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'open-webui' } },
          podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'internal' } },
        },
      ]);
    },
  );

  it("traefik: Traefik's pods; gke: Google's load balancer ranges; aws: the VPC CIDRs given", () => {
    expect(from(renderImpl('traefik'))).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
      },
    ]);
    expect(from(renderImpl('gke'))).toEqual([
      { ipBlock: { cidr: '35.191.0.0/16' } },
      { ipBlock: { cidr: '130.211.0.0/22' } },
    ]);
    expect(from(renderImpl('aws-load-balancer-controller'))).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }]);
  });

  it('values override the default per part: a namespace for Envoy Gateway in gateway-namespace mode keeps the pod labels', () => {
    const peers = from(
      renderImpl(
        'envoy-gateway',
        'networkPolicy:\n  ingress:\n    gateway:\n      namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: gateways}}\n',
      ),
    );
    expect(peers[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'gateways' } });
    expect(peers[0].podSelector.matchLabels['gateway.envoyproxy.io/owning-gateway-name']).toBe('public');
  });

  it('cilium with the peer off admits nothing itself (a CiliumNetworkPolicy does): no ingress rule', () => {
    expect(appPolicy(renderImpl('cilium')).spec.ingress).toEqual([]);
  });
});

describe('GKE Ingress (ingress.controller: gce)', () => {
  const GCE =
    'ingress:\n  enabled: true\n  controller: gce\n  hosts: [{host: chat.example.com}]\nnetworkPolicy:\n  ingress:\n    controllerPods: false\n    cidrs: [35.191.0.0/16, 130.211.0.0/22]\n';

  it('class annotation, no ingressClassName; a BackendConfig named from the Service with NEG; passes check', () => {
    const objs = render(SIZED, GCE);
    const ing = one(objs, 'Ingress');
    expect(ing.spec).not.toHaveProperty('ingressClassName');
    expect(ing.metadata.annotations['kubernetes.io/ingress.class']).toBe('gce');
    const svc = find(objs, 'Service', 'open-webui') as Any;
    expect(svc.metadata.annotations).toMatchObject({
      'cloud.google.com/backend-config': '{"default":"open-webui"}',
      'cloud.google.com/neg': '{"ingress":true}',
    });
    expect(svc.spec.type).toBe('ClusterIP');
    const bc = one(objs, 'BackendConfig');
    expect(bc.metadata.name).toBe('open-webui');
    expect(bc.spec).toMatchObject({
      timeoutSec: 3600,
      healthCheck: { type: 'HTTP', requestPath: '/health', port: 8080 },
      sessionAffinity: { affinityType: 'GENERATED_COOKIE', affinityCookieTtlSec: 86400 },
    });
    // Named by the Service, so it is applied with the configuration (Argo CD wave -2).
    expect(bc.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
    expect(everyFinding(objs)).toEqual([]);
    expect(wayInWarnings(resolve(GCE).warnings)).toEqual([]);
  });

  it('internal: gce-internal; affinity off: no sessionAffinity; timeout from ingress.gce.timeoutSeconds', () => {
    const objs = render(
      GCE,
      'ingress:\n  gce: {internal: true, timeoutSeconds: 7200}\n  sessionAffinity: {enabled: false}\nacknowledgeWarnings: [recommended-session-affinity]\n',
    );
    expect(one(objs, 'Ingress').metadata.annotations['kubernetes.io/ingress.class']).toBe('gce-internal');
    expect(one(objs, 'BackendConfig').spec).not.toHaveProperty('sessionAffinity');
    expect(one(objs, 'BackendConfig').spec.timeoutSec).toBe(7200);
  });

  it('refuses ingress.className and a class annotation that contradicts the controller', () => {
    const cls = errorsOf(GCE, 'ingress:\n  className: gce\n');
    expect(cls.map((p) => [p.id, p.path.join('.')])).toEqual([['ingress-config', 'ingress.className']]);
    expect(cls[0].message).toMatch(/GKE Ingress ignores an Ingress that sets spec.ingressClassName/);
    const ann = errorsOf(GCE, 'ingress:\n  annotations: {kubernetes.io/ingress.class: nginx}\n');
    expect(ann.map((p) => [p.id, p.path.join('.')])).toEqual([
      ['ingress-config', 'ingress.annotations.kubernetes.io/ingress.class'],
    ]);
    expect(ann[0].message).toBe(
      'kubernetes.io/ingress.class "nginx" contradicts ingress.controller gce, whose class is "gce": GKE Ingress would ignore the Ingress.',
    );
    // The same class as the chart writes is no contradiction.
    expect(errorsOf(GCE, 'ingress:\n  annotations: {kubernetes.io/ingress.class: gce}\n')).toEqual([]);
  });

  it('warns when no CIDR admits the load balancer, which is not a pod', () => {
    const warnings = resolve(
      'ingress:\n  enabled: true\n  controller: gce\n  hosts: [{host: chat.example.com}]\n',
    ).warnings;
    expect(ids(warnings)).toContain('network-policy-ingress-outside');
  });
});

describe('shipped environments and the aws Gateway overlay', () => {
  it('production and local serve through Envoy Gateway with cookie persistence; aws stays on the ALB Ingress', () => {
    for (const env of ['production', 'local']) {
      const objs = renderEnv(env);
      expect(ofKind(objs, 'Ingress')).toEqual([]);
      expect(appRoute(objs).spec.rules[0].sessionPersistence.type).toBe('Cookie');
      expect(JSON.stringify(appPolicy(objs).spec.ingress)).not.toContain('ingress-nginx');
    }
    expect(appRoute(renderEnv('production')).spec.parentRefs[0]).toMatchObject({
      name: 'public',
      sectionName: 'https',
    });
    expect(ofKind(renderEnv('aws'), 'HTTPRoute')).toEqual([]);
    expect(one(renderEnv('aws'), 'Ingress').spec.ingressClassName).toBe('alb');
  });

  it('values/overlays/aws-gateway.yaml: synth -f passes check, and serves the aws brief through the Gateway API', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-aws-gateway-'));
    const synth = runCli(['synth', '--env', 'aws', '-f', 'values/overlays/aws-gateway.yaml', '--out', out]);
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    const check = runCli(['check', out]);
    expect(check.stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);
    expect(check.status).toBe(0);

    const overlay = path.join(REPO, 'values/overlays/aws-gateway.yaml');
    const env = resolveEnvironment({
      name: 'aws',
      files: ['values/common.yaml', 'values/aws.yaml'].map((f) => path.join(REPO, f)).concat(overlay),
    });
    const objs = renderObjects(env) as Any[];
    expect(ofKind(objs, 'Ingress')).toEqual([]);
    // Internal ALB on HTTP 8080 (the Gateway's listener), /health checks, 2/2 thresholds, stickiness.
    expect(appRoute(objs).spec.rules[0].backendRefs[0].port).toBe(8080);
    const tg = one(objs, 'TargetGroupConfiguration').spec.defaultConfiguration;
    expect(tg.healthCheckConfig).toMatchObject({
      healthCheckPath: '/health',
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 2,
    });
    expect(tg.targetGroupAttributes).toContainEqual({ key: 'stickiness.enabled', value: 'true' });
    expect(one(objs, 'LoadBalancerConfiguration').spec).toMatchObject({
      scheme: 'internal',
      loadBalancerName: 'open-webui-internal',
    });
    // WEBUI_URL is the URL users type (aws.yaml's publicUrl, Entra application proxy); the route
    // host stays the backend address the proxy forwards to.
    expect(envMap(containers(find(objs, 'Deployment'))[0]).WEBUI_URL.value).toBe(
      'https://ai-scaled-contoso.msappproxy.net',
    );
    expect(from(objs)).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }]);
    // The SLO alerts find the Gateway's ALB by the name the LoadBalancerConfiguration gives it.
    expect(JSON.stringify(one(objs, 'PrometheusRule'))).toContain('app/open-webui-internal/[0-9a-f]+');
  });
});
