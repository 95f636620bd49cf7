/**
 * The values rules of the ways in: one way in unless asked for, a route the Gateway can serve,
 * session persistence the implementation honours (refusals and warnings from
 * sessionPersistencePlan, at the key to change), ingress-nginx retired, and NetworkPolicy peers
 * for the Gateway's data plane. Each refusal is asserted with its message.
 */
import { Problem } from '../../src/errors';
import { checkObjects } from '../../src/check';
import { errorsOf, problemsOf, render } from '../support';

const ROUTE =
  'route:\n  enabled: true\n  implementation: envoy-gateway\n  parentRefs: [{name: public, namespace: gateways}]\n  hostnames: [chat.example.com]\n';
const INGRESS = 'ingress:\n  enabled: true\n  hosts: [{host: chat.example.com}]\n';

const at = (ps: Problem[], id: string) =>
  ps.filter((p) => p.id === id).map((p) => ({ path: p.path.join('.'), message: p.message, hint: p.hint }));
const idsOf = (ps: Problem[]) => ps.map((p) => p.id);

describe('way-in: an Ingress and a route only when asked for', () => {
  it('refuses both, naming the switch that allows it', () => {
    expect(at(errorsOf(ROUTE, INGRESS), 'way-in')).toEqual([
      {
        path: 'route.enabled',
        message:
          'route.enabled and ingress.enabled are both true: the app would have two ways in (an HTTPRoute on a Gateway and an Ingress), two addresses and two sets of load balancer settings to keep in sync.',
        hint: 'Turn one off (ingress.enabled: false to serve through the Gateway), or set route.alongsideIngress: true to run both on purpose while users move from one address to the other.',
      },
    ]);
  });
  it('accepts both with route.alongsideIngress, and either alone', () => {
    expect(idsOf(errorsOf(ROUTE, INGRESS, 'route:\n  alongsideIngress: true\n'))).toEqual([]);
    expect(idsOf(errorsOf(ROUTE))).toEqual([]);
    expect(idsOf(errorsOf(INGRESS))).toEqual([]);
  });
});

describe('route-config', () => {
  it.each([
    [
      'no Gateway',
      'route:\n  parentRefs: []\n',
      'route.parentRefs',
      /route.parentRefs is empty: an HTTPRoute attaches to no Gateway and serves nothing/,
    ],
    [
      'a redirect with no listener',
      'route:\n  httpsRedirect: {enabled: true}\n',
      'route.httpsRedirect.parentRefs',
      /the redirect route would attach to no listener/,
    ],
    [
      'a redirect to https while users reach http',
      'route:\n  origin: {scheme: http}\n  httpsRedirect: {enabled: true, parentRefs: [{name: public, sectionName: http}]}\n',
      'route.httpsRedirect.enabled',
      /redirected away from the address WEBUI_URL and CORS_ALLOW_ORIGIN name/,
    ],
    [
      'a backend timeout longer than the request timeout',
      'route:\n  timeouts: {request: 10m, backendRequest: 1h}\n',
      'route.timeouts.backendRequest',
      /route.timeouts.backendRequest \(1h\) is longer than route.timeouts.request \(10m\); the HTTPRoute CRD refuses it/,
    ],
    [
      'no timeout where the implementation needs a number (GKE)',
      'route:\n  implementation: gke\n  timeouts: {request: 0s, backendRequest: 1h}\n',
      'route.timeouts.request',
      /gke takes the timeout from its own object \(GCPBackendPolicy timeoutSec\), which needs a number of seconds/,
    ],
    [
      'AWS settings nothing reads',
      'route:\n  implementation: istio\n  aws: {loadBalancerConfiguration: true}\n',
      'route.aws.loadBalancerConfiguration',
      /with route.implementation istio nothing would read it/,
    ],
    [
      'an ALB name without the object that carries it',
      'route:\n  implementation: aws-load-balancer-controller\n  aws: {loadBalancerName: chat}\nnetworkPolicy:\n  ingress:\n    cidrs: [10.0.0.0/16]\n',
      'route.aws.loadBalancerName',
      /route.aws.loadBalancerConfiguration is false, so nothing would carry the name/,
    ],
  ])('refuses %s', (_what, values, path, message) => {
    const found = at(errorsOf(ROUTE, values), 'route-config');
    expect(found).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
  });

  it('accepts "0s" (no limit) where the route carries the timeout', () => {
    expect(idsOf(errorsOf(ROUTE, 'route:\n  timeouts: {request: 0s, backendRequest: 1h}\n'))).toEqual([]);
  });
});

describe('session persistence the implementation honours', () => {
  it('traefik: affinity refused at route.sessionAffinity.enabled, pointing at the Ingress path', () => {
    const found = at(errorsOf(ROUTE, 'route:\n  implementation: traefik\n'), 'gateway-affinity-unsupported');
    expect(found).toEqual([
      {
        path: 'route.sessionAffinity.enabled',
        message:
          "Traefik's Gateway API provider has no session persistence (traefik/traefik#11243): the route would spread each user's requests over the pods, and route.sessionAffinity would be ignored.",
        hint: 'Set route.sessionAffinity.enabled: false, or serve Open WebUI through a Traefik Ingress (ingress.controller: traefik) or an IngressRoute, whose Service sticky cookie (traefik.ingress.kubernetes.io/service.sticky.cookie) Traefik honours.',
      },
    ]);
  });

  it('gke: a cookie longer than the GSSA cookie can last is refused at route.sessionAffinity.maxAgeSeconds', () => {
    const found = at(
      errorsOf(ROUTE, 'route:\n  implementation: gke\n  sessionAffinity: {maxAgeSeconds: 86401}\n'),
      'gateway-affinity-unsupported',
    );
    expect(found).toEqual([
      expect.objectContaining({
        path: 'route.sessionAffinity.maxAgeSeconds',
        message:
          "GKE's stateful cookie (GSSA) lasts at most 86400 seconds (24 hours); route.sessionAffinity.maxAgeSeconds asks for 86401.",
      }),
    ]);
    expect(
      idsOf(errorsOf(ROUTE, 'route:\n  implementation: gke\n  sessionAffinity: {maxAgeSeconds: 86400}\n')),
    ).toEqual([]);
  });

  it('nginx-gateway-fabric: a warning that only NGINX Plus honours the cookie, acknowledgeable', () => {
    const ngf = 'route:\n  implementation: nginx-gateway-fabric\n';
    expect(at(problemsOf(ROUTE, ngf), 'gateway-affinity-nginx-plus-only')).toEqual([
      expect.objectContaining({
        path: 'route.sessionAffinity.enabled',
        message: expect.stringMatching(/NGINX Plus only/),
      }),
    ]);
    expect(problemsOf(ROUTE, ngf).find((p) => p.id === 'gateway-affinity-nginx-plus-only')?.severity).toBe('warning');
    expect(idsOf(problemsOf(ROUTE, ngf, 'acknowledgeWarnings: [gateway-affinity-nginx-plus-only]\n'))).not.toContain(
      'gateway-affinity-nginx-plus-only',
    );
  });

  it('none keeps the recommended-session-affinity warning, as does affinity switched off', () => {
    expect(
      at(
        problemsOf(ROUTE, 'route:\n  implementation: none\nnetworkPolicy: {enabled: false}\n'),
        'recommended-session-affinity',
      ),
    ).toEqual([
      expect.objectContaining({
        path: 'route.implementation',
        message: expect.stringMatching(
          /route.implementation is none, so no session affinity is rendered for the route/,
        ),
      }),
    ]);
    expect(
      at(problemsOf(ROUTE, 'route:\n  sessionAffinity: {enabled: false}\n'), 'recommended-session-affinity'),
    ).toEqual([
      expect.objectContaining({
        path: 'route.sessionAffinity.enabled',
        hint: 'Set route.sessionAffinity.enabled: true.',
      }),
    ]);
    expect(idsOf(problemsOf(ROUTE))).not.toContain('recommended-session-affinity');
  });
});

describe('ingress-nginx-retired', () => {
  it('warns on an ingress-nginx Ingress with the migration path, and is acknowledgeable', () => {
    const found = at(problemsOf(INGRESS), 'ingress-nginx-retired');
    expect(found).toEqual([
      expect.objectContaining({
        path: 'ingress.controller',
        message: expect.stringMatching(/^ingress-nginx is retired: .* archived the repository on 2026-03-24/),
        hint: expect.stringMatching(
          /route.enabled: true.*route.alongsideIngress: true.*Traefik, which reads ingress-nginx annotations/,
        ),
      }),
    ]);
    expect(idsOf(problemsOf(INGRESS, 'acknowledgeWarnings: [ingress-nginx-retired]\n'))).not.toContain(
      'ingress-nginx-retired',
    );
    expect(idsOf(problemsOf(INGRESS, 'ingress:\n  controller: traefik\n'))).not.toContain('ingress-nginx-retired');
    expect(idsOf(problemsOf(''))).not.toContain('ingress-nginx-retired');
  });
});

describe('NetworkPolicy peers of the Gateway data plane', () => {
  it.each([
    ['cilium', /Admit Cilium's reserved ingress identity with a CiliumNetworkPolicy/],
    ['aws-load-balancer-controller', /list them in networkPolicy.ingress.gateway.cidrs/],
    ['none', /name its proxies in networkPolicy.ingress.gateway.namespaceSelector/],
  ])('%s: refused when nothing admits the data plane, saying what to set', (impl, hint) => {
    const found = at(errorsOf(ROUTE, `route:\n  implementation: ${impl}\n`), 'network-policy-gateway-peer');
    expect(found).toEqual([
      expect.objectContaining({
        path: 'networkPolicy.ingress.gateway',
        message: expect.stringMatching(
          new RegExp(
            `^The app NetworkPolicy would not admit the Gateway's data plane: for route.implementation ${impl} it is`,
          ),
        ),
        hint: expect.stringMatching(hint),
      }),
    ]);
  });

  it('accepted with CIDRs, explicit selectors, the NetworkPolicy off, or the peer turned off on purpose', () => {
    const aws = 'route:\n  implementation: aws-load-balancer-controller\n';
    expect(
      idsOf(errorsOf(ROUTE, aws, 'networkPolicy:\n  ingress:\n    gateway:\n      cidrs: [10.0.0.0/16]\n')),
    ).toEqual([]);
    expect(idsOf(errorsOf(ROUTE, aws, 'networkPolicy:\n  ingress:\n    cidrs: [10.0.0.0/16]\n'))).toEqual([]);
    expect(idsOf(errorsOf(ROUTE, aws, 'networkPolicy:\n  enabled: false\n'))).toEqual([]);
    expect(
      idsOf(
        errorsOf(
          ROUTE,
          'route:\n  implementation: none\nnetworkPolicy:\n  ingress:\n    gateway:\n      podSelector: {matchLabels: {app: proxy}}\n',
        ),
      ),
    ).toEqual([]);
    const off = problemsOf(
      ROUTE,
      'route:\n  implementation: cilium\nnetworkPolicy:\n  ingress:\n    gateway:\n      enabled: false\n',
    );
    expect(idsOf(off.filter((p) => p.severity === 'error'))).toEqual([]);
    expect(at(off, 'network-policy-ingress-none')).toEqual([
      expect.objectContaining({
        message:
          'networkPolicy.ingress.gateway.enabled is false, networkPolicy.ingress.cidrs is empty: the app NetworkPolicy admits no traffic at all, so no load balancer can reach the app.',
      }),
    ]);
  });

  it('refuses an empty namespace selector for the Gateway peer (it matches every namespace)', () => {
    const found = at(
      errorsOf(ROUTE, 'networkPolicy:\n  ingress:\n    gateway:\n      namespaceSelector: {matchLabels: {}}\n'),
      'network-policy-ingress-selector',
    );
    expect(found).toEqual([
      expect.objectContaining({
        path: 'networkPolicy.ingress.gateway.namespaceSelector.matchLabels',
        message: expect.stringMatching(
          /an empty namespace selector matches every namespace, so every pod of the cluster carrying the podSelector labels could reach the app/,
        ),
      }),
    ]);
  });

  it('the ingress controller peer is neither rendered nor checked when the route is the only way in', () => {
    expect(idsOf(errorsOf(ROUTE, 'networkPolicy:\n  ingress:\n    namespaceSelector: {matchLabels: {}}\n'))).toEqual(
      [],
    );
  });
});

describe('kubernetes.io/ingress.class next to ingress.className (the API server: must match when both are set)', () => {
  /** check's api-ingress findings on the rendered Ingress (without ingress.className the chart writes the default class, nginx). */
  const checked = (annotation: string) =>
    checkObjects(
      render(INGRESS, `ingress:\n  annotations: {kubernetes.io/ingress.class: ${annotation}}\n`).map((obj) => ({
        file: 'test',
        obj,
      })),
    ).filter((f) => f.rule === 'api-ingress');

  it('accepts the same class in both', () => {
    expect(
      idsOf(errorsOf(INGRESS, 'ingress:\n  className: nginx\n  annotations: {kubernetes.io/ingress.class: nginx}\n')),
    ).toEqual([]);
    expect(checked('nginx')).toEqual([]);
  });
  it('refuses a contradicting class in values and in check', () => {
    expect(
      at(
        errorsOf(INGRESS, 'ingress:\n  className: nginx\n  annotations: {kubernetes.io/ingress.class: traefik}\n'),
        'ingress-config',
      ),
    ).toEqual([
      expect.objectContaining({
        path: 'ingress.annotations.kubernetes.io/ingress.class',
        message:
          'kubernetes.io/ingress.class "traefik" contradicts ingress.className "nginx": the API server refuses an Ingress whose class annotation does not match spec.ingressClassName.',
      }),
    ]);
    expect(checked('traefik').map((f) => f.message)).toEqual([
      expect.stringMatching(/^"traefik" must match `ingressClassName` when both are specified/),
    ]);
  });
});
