/**
 * Rules on the Gateway API way in (`route.*`): one way in unless both are asked for, a route the
 * Gateway and the implementation can serve, and session persistence the implementation honours
 * (the refusals and warnings of `sessionPersistencePlan`, src/model/gateway.ts). Docs:
 * docs/gateway-api.md.
 */
import { durationSeconds } from '../k8s';
import { ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { finding, findingIf, Finding, Rule, rule, findings } from './rule';

export const GATEWAY_DOCS = 'docs/gateway-api.md';

export function wayIn(v: Values): Finding[] {
  return findingIf(
    v.route.enabled && v.ingress.enabled && !v.route.alongsideIngress,
    ['route', 'enabled'],
    'route.enabled and ingress.enabled are both true: the app would have two ways in (an HTTPRoute on a Gateway and an Ingress), two addresses and two sets of load balancer settings to keep in sync.',
    'Turn one off (ingress.enabled: false to serve through the Gateway), or set route.alongsideIngress: true to run both on purpose while users move from one address to the other.',
    true,
  );
}

export function routeConfig(v: Values): Finding[] {
  const r = v.route;
  if (!r.enabled) return [];
  const [out, add] = findings();
  if (r.parentRefs.length === 0)
    add(
      ['route', 'parentRefs'],
      'route.enabled is true but route.parentRefs is empty: an HTTPRoute attaches to no Gateway and serves nothing.',
      'Name the Gateway (and listener) the platform runs: route.parentRefs: [{name: shared, namespace: gateways, sectionName: https}].',
    );
  const redirect = r.httpsRedirect;
  if (redirect.enabled && redirect.parentRefs.length === 0)
    add(
      ['route', 'httpsRedirect', 'parentRefs'],
      'route.httpsRedirect.enabled is true but route.httpsRedirect.parentRefs is empty: the redirect route would attach to no listener.',
      'Name the plain-HTTP listener: route.httpsRedirect.parentRefs: [{name: shared, namespace: gateways, sectionName: http}].',
    );
  if (redirect.enabled && r.origin.scheme === 'http')
    add(
      ['route', 'httpsRedirect', 'enabled'],
      'route.httpsRedirect sends every request to https, but route.origin.scheme is http: users would be redirected away from the address WEBUI_URL and CORS_ALLOW_ORIGIN name.',
      'Set route.origin.scheme: https (TLS on the Gateway listener), or turn route.httpsRedirect off.',
    );
  const wildcard = r.hostnames.findIndex((h) => h.startsWith('*.'));
  // With publicUrl or explicit origins there is nothing to derive from the wildcard: it is just a backend address.
  if (wildcard >= 0 && v.openwebui.corsAllowOrigin.length === 0 && v.publicUrl === undefined)
    add(
      ['route', 'hostnames', wildcard],
      `"${r.hostnames[wildcard]}" is a wildcard host name: WEBUI_URL and CORS_ALLOW_ORIGIN cannot be derived from it ("https://*.example.com" is not an origin, so websockets would be refused).`,
      'Set publicUrl to the URL users type (it becomes WEBUI_URL and the CORS origin), or list the origins users reach in openwebui.corsAllowOrigin.',
      r.hostnames[wildcard],
    );
  const request = durationSeconds(r.timeouts.request);
  if (request !== 0 && durationSeconds(r.timeouts.backendRequest) > request)
    add(
      ['route', 'timeouts', 'backendRequest'],
      `route.timeouts.backendRequest (${r.timeouts.backendRequest}) is longer than route.timeouts.request (${r.timeouts.request}); the HTTPRoute CRD refuses it.`,
      'Make backendRequest at most the request timeout.',
      r.timeouts.backendRequest,
    );
  const ownTimeout = { gke: 'GCPBackendPolicy timeoutSec', 'aws-load-balancer-controller': 'the ALB idle timeout' }[
    r.implementation as string
  ];
  if (ownTimeout && request === 0)
    add(
      ['route', 'timeouts', 'request'],
      `route.timeouts.request is 0s (no limit), but ${r.implementation} takes the timeout from its own object (${ownTimeout}), which needs a number of seconds.`,
      'Set route.timeouts.request to a duration such as "1h".',
      r.timeouts.request,
    );
  if (r.implementation !== 'aws-load-balancer-controller' && r.aws.loadBalancerConfiguration)
    add(
      ['route', 'aws', 'loadBalancerConfiguration'],
      `route.aws.loadBalancerConfiguration is for the AWS Load Balancer Controller; with route.implementation ${r.implementation} nothing would read it.`,
      'Set route.aws.loadBalancerConfiguration: false, or route.implementation: aws-load-balancer-controller.',
      true,
    );
  if (r.implementation === 'aws-load-balancer-controller' && !r.aws.loadBalancerConfiguration && r.aws.loadBalancerName)
    add(
      ['route', 'aws', 'loadBalancerName'],
      'route.aws.loadBalancerName names the ALB in the LoadBalancerConfiguration, but route.aws.loadBalancerConfiguration is false, so nothing would carry the name.',
      'Set route.aws.loadBalancerConfiguration: true (and reference it from the Gateway), or remove route.aws.loadBalancerName.',
      r.aws.loadBalancerName,
    );
  return out;
}

/** The refusals and warnings of the session persistence plan with id `id`, at the affinity key at fault. */
const persistenceProblems =
  (id: string) =>
  (v: Values, m: ReleaseModel): Finding[] =>
    (m.route?.persistence.problems ?? [])
      .filter((p) => p.id === id)
      .map((p) => finding(['route', 'sessionAffinity', p.field], p.message, p.hint, v.route.sessionAffinity[p.field]));

export const gatewayAffinityUnsupported = persistenceProblems('gateway-affinity-unsupported');
export const gatewayAffinityNginxPlusOnly = persistenceProblems('gateway-affinity-nginx-plus-only');

export const routeRules: readonly Rule[] = [
  rule(
    'way-in',
    'An Ingress and a route together only when route.alongsideIngress asks for both.',
    'error',
    `${GATEWAY_DOCS}#one-way-in`,
    wayIn,
  ),
  rule(
    'route-config',
    'An enabled route needs the Gateway (parentRefs) it attaches to.',
    'error',
    GATEWAY_DOCS,
    routeConfig,
  ),
  rule(
    'gateway-affinity-unsupported',
    'Session affinity the Gateway implementation cannot honour.',
    'error',
    `${GATEWAY_DOCS}#session-persistence`,
    gatewayAffinityUnsupported,
  ),
  rule(
    'gateway-affinity-nginx-plus-only',
    'Session affinity on NGINX Gateway Fabric needs NGINX Plus.',
    'warning',
    `${GATEWAY_DOCS}#session-persistence`,
    gatewayAffinityNginxPlusOnly,
  ),
];
