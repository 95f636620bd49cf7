/** Rules on how users reach the app: the Ingress (and, for origins and affinity, the route), its origins and session affinity. */
import { originOf, ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { findingIf, Finding, Rule, SCALING_FACTS, rule, CHECKLIST, K8S_DOCS, findings } from './rule';
import { atScale } from './openwebui';

export function ingressConfig(v: Values): Finding[] {
  const [out, add] = findings();
  const ing = v.ingress;
  if (!ing.enabled) return out;
  if (ing.hosts.length === 0 && ing.controller !== 'alb') {
    add(
      ['ingress', 'hosts'],
      'ingress.enabled is true but ingress.hosts is empty.',
      'Add a host: ingress.hosts: [{host: chat.example.com}].',
    );
  }
  // Kubernetes ValidateIngressCreate (pkg/apis/networking/validation/validation.go): the legacy class
  // annotation must match spec.ingressClassName when both are set. Without ingress.className the
  // chart writes the controller's default class, and `check` (api-ingress) compares that one.
  const classAnnotation = ing.annotations['kubernetes.io/ingress.class'];
  if (ing.className !== undefined && classAnnotation !== undefined && classAnnotation !== ing.className)
    add(
      ['ingress', 'annotations', 'kubernetes.io/ingress.class'],
      `kubernetes.io/ingress.class "${classAnnotation}" contradicts ingress.className "${ing.className}": the API server refuses an Ingress whose class annotation does not match spec.ingressClassName.`,
      'Remove the annotation; ingress.className selects the controller.',
      classAnnotation,
    );
  const hosts = new Set(ing.hosts.map((h) => h.host));
  const wildcard = ing.hosts.findIndex((h) => h.host.startsWith('*.'));
  // With publicUrl or explicit origins there is nothing to derive from the wildcard: it is just a backend address.
  if (wildcard >= 0 && v.openwebui.corsAllowOrigin.length === 0 && v.publicUrl === undefined) {
    add(
      ['ingress', 'hosts', wildcard, 'host'],
      `"${ing.hosts[wildcard].host}" is a wildcard host: WEBUI_URL and CORS_ALLOW_ORIGIN cannot be derived from it ("http://*.example.com" is not an origin, so websockets would be refused).`,
      'Set publicUrl to the URL users type (it becomes WEBUI_URL and the CORS origin), or list the origins users reach in openwebui.corsAllowOrigin.',
      ing.hosts[wildcard].host,
    );
  }
  ing.tls.forEach((t, i) =>
    t.hosts.forEach((h, j) => {
      if (!hosts.has(h))
        add(
          ['ingress', 'tls', i, 'hosts', j],
          `TLS host "${h}" is not one of ingress.hosts.`,
          'List the same host names in ingress.hosts and ingress.tls.',
          h,
        );
    }),
  );
  if (ing.controller === 'gce') {
    if (ing.className !== undefined)
      add(
        ['ingress', 'className'],
        `GKE Ingress ignores an Ingress that sets spec.ingressClassName (kubernetes/ingress-gce IsGCEIngress): with ingress.className "${ing.className}" no load balancer would be created.`,
        'Remove ingress.className; the chart selects GKE Ingress with the kubernetes.io/ingress.class annotation (gce, or gce-internal with ingress.gce.internal: true).',
        ing.className,
      );
    const cls = ing.annotations['kubernetes.io/ingress.class'];
    const want = ing.gce.internal ? 'gce-internal' : 'gce';
    if (cls !== undefined && cls !== want)
      add(
        ['ingress', 'annotations', 'kubernetes.io/ingress.class'],
        `kubernetes.io/ingress.class "${cls}" contradicts ingress.controller gce${ing.gce.internal ? ' with ingress.gce.internal' : ''}, whose class is "${want}"${cls === 'gce' || cls === 'gce-internal' ? '' : ': GKE Ingress would ignore the Ingress'}.`,
        `Remove the annotation (the chart writes "${want}"); choose the internal load balancer with ingress.gce.internal.`,
        cls,
      );
  }
  if (ing.controller === 'alb') {
    if (ing.alb.protocol === 'HTTPS' && !ing.alb.certificateArn)
      add(
        ['ingress', 'alb', 'certificateArn'],
        'An HTTPS ALB listener needs a certificate.',
        'Set ingress.alb.certificateArn to an ACM certificate ARN.',
      );
    if (ing.tls.some((t) => t.secretName))
      add(
        ['ingress', 'tls'],
        'The AWS Load Balancer Controller does not use TLS Secrets; it terminates TLS with ACM certificates.',
        'Remove secretName from ingress.tls and set ingress.alb.protocol: HTTPS with ingress.alb.certificateArn.',
      );
  }
  return out;
}

/**
 * CORS_ALLOW_ORIGIN, when listed explicitly, must hold exact origins and cover where browsers come
 * from: the public URL when one is set, else every backend address. Open WebUI compares scheme,
 * host and port exactly (facts §7.2), so the hint names the origin exactly as the tool derives it
 * (an ALB HTTP listener on 8080 is "http://host:8080"). A wildcard host cannot be listed and
 * needs not be: an explicit list is how it is served.
 */
export function corsCoversOrigins(v: Values, m: ReleaseModel): Finding[] {
  const origins = v.openwebui.corsAllowOrigin;
  if (origins.length === 0) return [];
  const [out, add] = findings();
  origins.forEach((o, i) => {
    if (o === '*') return;
    const exact = originOf(o);
    if (exact !== o)
      add(
        ['openwebui', 'corsAllowOrigin', i],
        `"${o}" is not an origin as a browser sends it: Open WebUI compares origins exactly, so it would never match.`,
        exact
          ? `Write "${exact}" (scheme, host and port only; no path or trailing slash).`
          : 'Write scheme://host[:port].',
        o,
      );
  });
  if (origins.includes('*')) return out;
  const listed = new Set(origins.map((o) => originOf(o)));
  const needed: { origin: string; what: string }[] =
    m.publicUrl && !m.publicUrl.derived
      ? [{ origin: m.publicUrl.url, what: 'the public URL (publicUrl)' }]
      : m.addresses.flatMap((a) => (a.origin ? [{ origin: a.origin, what: `the ${a.via} host "${a.host}"` }] : []));
  for (const n of needed)
    if (!listed.has(n.origin))
      add(
        ['openwebui', 'corsAllowOrigin'],
        `CORS_ALLOW_ORIGIN does not include ${n.origin}, ${n.what}: browsers there would be refused, websockets with "not an accepted origin" (requirement 8).`,
        `Add "${n.origin}" to openwebui.corsAllowOrigin, or leave the list empty to derive it.`,
        origins,
      );
  return out;
}

export function recommendedSessionAffinity(v: Values, m: ReleaseModel): Finding[] {
  if (!m.processes.multi) return [];
  const [out, add] = findings();
  const why = `${atScale(m.processes.reason)}: sticky sessions reduce websocket reconnects and jitter.`;
  if (v.ingress.enabled && !v.ingress.sessionAffinity.enabled)
    add(['ingress', 'sessionAffinity', 'enabled'], why, 'Set ingress.sessionAffinity.enabled: true.', false);
  if (v.route.enabled && !v.route.sessionAffinity.enabled)
    add(['route', 'sessionAffinity', 'enabled'], why, 'Set route.sessionAffinity.enabled: true.', false);
  else if (v.route.enabled && v.route.implementation === 'none')
    add(
      ['route', 'implementation'],
      `${why} route.implementation is none, so no session affinity is rendered for the route.`,
      "Set route.implementation to the Gateway's implementation (envoy-gateway, istio, gke, aws-load-balancer-controller, ...): the chart renders the affinity it honours.",
      'none',
    );
  // Users reaching the Service itself (no Ingress, no route): a node port or a cloud load balancer spreads connections without cookies.
  if (!v.ingress.enabled && !v.route.enabled && v.service.type !== 'ClusterIP')
    add(
      ['service', 'type'],
      `${atScale(m.processes.reason)}: users reach the app through a ${v.service.type} Service with no Ingress or route, so nothing keeps a browser on one replica (sticky sessions reduce websocket reconnects and jitter).`,
      'Put an Ingress or a route with cookie affinity in front, or use a load balancer that sticks sessions on its own and acknowledge this warning.',
      v.service.type,
    );
  return out;
}

/** ingress-nginx is retired (facts section 10.1): still served, but no fixes any more. */
export function ingressNginxRetired(v: Values): Finding[] {
  return findingIf(
    v.ingress.enabled && v.ingress.controller === 'nginx',
    ['ingress', 'controller'],
    'ingress-nginx is retired: Kubernetes SIG Network ended its maintenance in March 2026 (announced 2025-11-11) and archived the repository on 2026-03-24, so it gets no releases and no security fixes. Existing clusters keep working.',
    'Move to Gateway API: set route.enabled: true with route.implementation (e.g. envoy-gateway) and route.parentRefs, run both for a while with route.alongsideIngress: true, then set ingress.enabled: false (docs/gateway-api.md#moving-off-ingress-nginx). Or serve the Ingress with Traefik, which reads ingress-nginx annotations (ingress.controller: traefik). Acknowledge with acknowledgeWarnings: [ingress-nginx-retired] to keep it for now.',
    'nginx',
  );
}

/** Service settings the API server refuses (ValidateService, k8s.io/kubernetes pkg/apis/core/validation). */
export function serviceConfig(v: Values): Finding[] {
  const s = v.service;
  return [
    ...findingIf(
      s.nodePort !== undefined && s.type === 'ClusterIP',
      ['service', 'nodePort'],
      'service.nodePort is set but service.type is ClusterIP: the API server refuses a node port on a ClusterIP Service.',
      'Set service.type: NodePort (or LoadBalancer), or remove service.nodePort.',
      s.nodePort,
    ),
    ...findingIf(
      s.loadBalancerClass !== undefined && s.type !== 'LoadBalancer',
      ['service', 'loadBalancerClass'],
      `service.loadBalancerClass is set but service.type is ${s.type}: the API server accepts a load balancer class only on a LoadBalancer Service.`,
      'Set service.type: LoadBalancer, or remove service.loadBalancerClass.',
      s.loadBalancerClass,
    ),
  ];
}

/** A warning: the API server refuses a node port outside its --service-node-port-range, 30000-32767 unless the cluster changed it. */
export function serviceNodePortRange(v: Values): Finding[] {
  const p = v.service.nodePort;
  return findingIf(
    p !== undefined && v.service.type !== 'ClusterIP' && (p < 30000 || p > 32767),
    ['service', 'nodePort'],
    `service.nodePort ${p} is outside 30000-32767, the default service-node-port-range: the API server refuses it unless the cluster was started with a range that holds it.`,
    'Pick a port in 30000-32767, or acknowledge this warning when your cluster allows it.',
    p,
  );
}

/**
 * A warning: a NodePort or LoadBalancer Service answers on every node (or at a cloud load balancer)
 * beside the Ingress, without its TLS, cookie affinity, timeouts and body-size limit.
 */
export function serviceExposedBesideIngress(v: Values): Finding[] {
  return findingIf(
    (v.ingress.enabled || v.route.enabled) && v.service.type !== 'ClusterIP',
    ['service', 'type'],
    `service.type is ${v.service.type} while ${v.ingress.enabled ? 'an Ingress' : 'a Gateway API route'} serves the app: the app is also reachable ${v.service.type === 'NodePort' ? "on every node's port" : 'at a cloud load balancer'}, bypassing its TLS, cookie affinity and timeouts.`,
    'Keep service.type: ClusterIP behind an Ingress or a route, or acknowledge this warning when the second way in is intended.',
    v.service.type,
  );
}

/**
 * A warning: the app NetworkPolicy admits the ingress controller pods and `networkPolicy.ingress.cidrs`
 * only. Traffic through a node port or a cloud load balancer arrives from node or client addresses
 * (from a node's address after SNAT with externalTrafficPolicy: Cluster), so none of it gets in.
 */
export function serviceExposureNetworkPolicy(v: Values): Finding[] {
  return findingIf(
    v.networkPolicy.enabled && v.service.type !== 'ClusterIP' && v.networkPolicy.ingress.cidrs.length === 0,
    ['service', 'type'],
    `service.type is ${v.service.type}, but the app NetworkPolicy admits only the pods of the way in (ingress controller, Gateway data plane) and networkPolicy.ingress.cidrs: connections through the ${v.service.type === 'NodePort' ? 'node port' : 'load balancer'} come from node or client addresses and are dropped.`,
    'List the addresses they come from in networkPolicy.ingress.cidrs (the node CIDRs, the load balancer subnets or client ranges), or keep service.type: ClusterIP.',
    v.service.type,
  );
}

const SERVICE_DOCS = `${K8S_DOCS}/concepts/services-networking/service/`;

export const networkRules: readonly Rule[] = [
  rule(
    'ingress-config',
    'An enabled Ingress needs at least one host.',
    'error',
    `${SCALING_FACTS}#load-balancer-affinity`,
    ingressConfig,
  ),
  rule(
    'cors-covers-origins',
    'CORS_ALLOW_ORIGIN must include every origin users reach (scheme, host and port).',
    'error',
    CHECKLIST,
    corsCoversOrigins,
  ),
  rule(
    'recommended-session-affinity',
    'At scale, sticky sessions reduce websocket reconnects.',
    'warning',
    `${SCALING_FACTS}#load-balancer-affinity`,
    recommendedSessionAffinity,
  ),
  rule(
    'ingress-nginx-retired',
    'ingress-nginx is retired: move to the Gateway API (route.*).',
    'warning',
    'docs/gateway-api.md#moving-off-ingress-nginx',
    ingressNginxRetired,
  ),
  rule(
    'service-config',
    'service.nodePort needs service.type NodePort or LoadBalancer.',
    'error',
    SERVICE_DOCS,
    serviceConfig,
  ),
  rule(
    'service-node-port-range',
    'service.nodePort lies outside the default node-port range 30000-32767.',
    'warning',
    `${SERVICE_DOCS}#type-nodeport`,
    serviceNodePortRange,
  ),
  rule(
    'service-exposed-beside-ingress',
    'A NodePort or LoadBalancer Service opens a second way in beside the Ingress or route.',
    'warning',
    `${SERVICE_DOCS}#publishing-services-service-types`,
    serviceExposedBesideIngress,
  ),
  rule(
    'service-exposure-network-policy',
    'A NodePort or LoadBalancer Service with NetworkPolicies on admits no client addresses.',
    'warning',
    'docs/security.md#who-may-reach-the-app',
    serviceExposureNetworkPolicy,
  ),
];
