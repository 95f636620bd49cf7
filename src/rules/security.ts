/**
 * Security rules over values (non-root identity, NetworkPolicies): a values change that weakens
 * the hardened defaults fails here, before anything renders. Invariants of the rendered pods
 * (hardened container security context, Pod Security) are checked once, on the rendered objects
 * (src/check/), and reported at the values key that set them.
 */
import { isIPv4 } from '../k8s';
import { controllerPeer, ReleaseModel } from '../model';
import { REDIS_EXPORTER_PORT, Values } from '../values/schema';
import { Finding, finding, findingIf, Rule, rule, findings } from './rule';

export const SECURITY_DOCS = 'docs/security.md';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

/** A CIDR that spans (nearly) every address: IPv4 shorter than /8, IPv6 shorter than /16. */
export const isWideCidr = (c: string) => {
  const [addr, prefix] = c.split('/');
  return Number(prefix) < (isIPv4(addr) ? 8 : 16);
};

const peerConfigured = (p: { enabled: boolean; namespaceSelector?: unknown; podSelector?: unknown; cidrs: string[] }) =>
  p.enabled && Boolean(p.namespaceSelector || p.podSelector || p.cidrs.length);

export function securityNonRootConsistent(v: Values): Finding[] {
  if (!v.nonRoot.enabled) return [];
  const [out, add] = findings();
  const psc = v.podSecurityContext as Obj;
  const sc = v.securityContext as Obj;
  if (psc.runAsUser === 0)
    add(
      ['podSecurityContext', 'runAsUser'],
      'nonRoot.enabled is true but podSecurityContext.runAsUser is 0 (root).',
      'Remove podSecurityContext.runAsUser and set nonRoot.uid.',
      0,
    );
  if (sc.runAsUser === 0)
    add(
      ['securityContext', 'runAsUser'],
      'nonRoot.enabled is true but securityContext.runAsUser is 0 (root).',
      'Remove securityContext.runAsUser and set nonRoot.uid.',
      0,
    );
  if (psc.runAsNonRoot === false || sc.runAsNonRoot === false)
    add(
      [psc.runAsNonRoot === false ? 'podSecurityContext' : 'securityContext', 'runAsNonRoot'],
      'nonRoot.enabled is true but runAsNonRoot is false.',
      'Remove runAsNonRoot: false.',
      false,
    );
  return out;
}

/** An error: an empty namespaceSelector in a NetworkPolicy peer matches every namespace, so the policy would admit every pod of the cluster to the app port while looking restrictive. */
export function networkPolicyIngressSelector(v: Values, m: ReleaseModel): Finding[] {
  const np = v.networkPolicy;
  if (!np.enabled) return [];
  const [out, add] = findings();
  const empty = (s?: { matchLabels: Record<string, string> }) => !s || Object.keys(s.matchLabels).length === 0;
  if (controllerPeer(v) && empty(np.ingress.namespaceSelector)) {
    add(
      ['networkPolicy', 'ingress', 'namespaceSelector', 'matchLabels'],
      `networkPolicy.ingress.namespaceSelector has no labels: an empty namespace selector matches every namespace, so every pod of the cluster${empty(np.ingress.podSelector) ? '' : ' carrying the podSelector labels'} could reach the app on port 8080.`,
      'Name the ingress controller namespace (matchLabels: {kubernetes.io/metadata.name: ingress-nginx}), or set networkPolicy.ingress.controllerPods: false and list the load balancer subnets in networkPolicy.ingress.cidrs.',
      {},
    );
  }
  const gw = np.ingress.gateway;
  if (v.route.enabled && gw.enabled && gw.namespaceSelector && empty(gw.namespaceSelector))
    add(
      ['networkPolicy', 'ingress', 'gateway', 'namespaceSelector', 'matchLabels'],
      `networkPolicy.ingress.gateway.namespaceSelector has no labels: an empty namespace selector matches every namespace, so every pod of the cluster${empty(gw.podSelector) && !m.route?.dataPlane.pods.length ? '' : ' carrying the podSelector labels'} could reach the app on port 8080.`,
      "Name the namespace of the Gateway's proxies (matchLabels: {kubernetes.io/metadata.name: envoy-gateway-system}), or remove the key to take route.implementation's default.",
      {},
    );
  if (np.monitoring.enabled && empty(np.monitoring.namespaceSelector)) {
    add(
      ['networkPolicy', 'monitoring', 'namespaceSelector', 'matchLabels'],
      `networkPolicy.monitoring.namespaceSelector has no labels: an empty namespace selector matches every namespace, so every pod of the cluster could reach the metrics port ${REDIS_EXPORTER_PORT}.`,
      'Name the monitoring namespace (matchLabels: {kubernetes.io/metadata.name: monitoring}), or set networkPolicy.monitoring.enabled: false.',
      {},
    );
  }
  return out;
}

/**
 * An error: `networkPolicy.monitoring` admits the scraper to the metrics ports of this release, and
 * Open WebUI has none (it pushes OTLP; facts section 9: no /metrics endpoint). Without the
 * redis_exporter sidecar the setting admits nothing, so a values file that meant "scrape the app"
 * would be silently ignored.
 */
export function networkPolicyMonitoringTarget(v: Values, m: ReleaseModel): Finding[] {
  const np = v.networkPolicy;
  if (!np.enabled || !np.monitoring.enabled || m.metricsPorts.length) return [];
  return [
    finding(
      ['networkPolicy', 'monitoring', 'enabled'],
      'networkPolicy.monitoring admits a scraper to the metrics ports of this release, but nothing here serves metrics: Open WebUI has no metrics port (it pushes OTLP to a collector), and the redis_exporter sidecar is off. The setting would admit nothing.',
      m.redis.kind === 'in-cluster'
        ? 'For Open WebUI metrics set observability.otel.* (your collector is scraped, not the app); for Redis metrics set redis.internal.metrics.enabled: true; otherwise remove networkPolicy.monitoring.'
        : 'For Open WebUI metrics set observability.otel.* (your collector is scraped, not the app), and remove networkPolicy.monitoring (Redis runs outside this release: scrape it where it runs).',
      true,
    ),
  ];
}

/** A warning: nothing is weakened, but the Service would answer no one. */
export function networkPolicyIngressNone(v: Values, m: ReleaseModel): Finding[] {
  const np = v.networkPolicy;
  if (!np.enabled || m.ingressPeers.length > 0) return [];
  // A Gateway whose data plane has no default peer is reported by network-policy-gateway-peer.
  if (m.route && np.ingress.gateway.enabled) return [];
  return [
    finding(
      ['networkPolicy', 'ingress'],
      `${[
        ...(v.networkPolicy.ingress.controllerPods ? [] : ['networkPolicy.ingress.controllerPods is false']),
        ...(v.route.enabled ? ['networkPolicy.ingress.gateway.enabled is false'] : []),
        'networkPolicy.ingress.cidrs is empty',
      ].join(', ')}: the app NetworkPolicy admits no traffic at all, so no load balancer can reach the app.`,
      'List the load balancer subnets in networkPolicy.ingress.cidrs, or admit the ingress controller (networkPolicy.ingress.controllerPods) or the Gateway (networkPolicy.ingress.gateway.enabled). If another policy admits the traffic (e.g. a CiliumNetworkPolicy), acknowledge this warning.',
    ),
  ];
}

/**
 * An error: the route is the way in, but nothing tells the NetworkPolicy where the Gateway's
 * data plane connects from, so the app would be unreachable through it.
 */
export function networkPolicyGatewayPeer(v: Values, m: ReleaseModel): Finding[] {
  const np = v.networkPolicy;
  if (!np.enabled || !m.route || !np.ingress.gateway.enabled || m.route.peers.length > 0) return [];
  if (np.ingress.cidrs.length > 0 || np.ingress.loadBalancerSubnets.length > 0) return []; // the load balancer's ranges are admitted for every way in
  const hint = {
    'aws-load-balancer-controller':
      'The ALB reaches the pods from the VPC subnets (IP targets): list them in networkPolicy.ingress.gateway.cidrs, e.g. [10.0.0.0/16].',
    cilium:
      "Admit Cilium's reserved ingress identity with a CiliumNetworkPolicy (ingress fromEntities: [ingress] to the app pods on port 8080) and set networkPolicy.ingress.gateway.enabled: false, or set networkPolicy.enabled: false and use Cilium policies throughout (docs/gateway-api.md#networkpolicy).",
    none: "Set route.implementation to the Gateway's implementation, or name its proxies in networkPolicy.ingress.gateway.namespaceSelector and podSelector (or cidrs).",
  }[m.route.implementation as string];
  return [
    finding(
      ['networkPolicy', 'ingress', 'gateway'],
      `The app NetworkPolicy would not admit the Gateway's data plane: for route.implementation ${m.route.implementation} it is ${m.route.dataPlane.where}, and no selector or CIDR names it, so requests through the route would time out.`,
      hint ??
        'Name the proxies in networkPolicy.ingress.gateway.namespaceSelector and podSelector, or their ranges in cidrs.',
    ),
  ];
}

/** A warning: ALB (IP targets) and GKE Ingress reach the pods from outside the cluster, so only CIDRs can admit them. */
export function networkPolicyIngressOutside(v: Values, m: ReleaseModel): Finding[] {
  const np = v.networkPolicy;
  const ing = v.ingress;
  if (
    !np.enabled ||
    !ing.enabled ||
    (ing.controller !== 'alb' && ing.controller !== 'gce') ||
    np.ingress.cidrs.length ||
    np.ingress.loadBalancerSubnets.length
  )
    return [];
  // With trusted-header sign-in the authenticating proxy is the only peer (rule sso-trusted-header).
  if (m.signIn.trustedHeader) return [];
  const ranges =
    ing.controller === 'alb'
      ? 'the VPC subnets of the ALB'
      : `Google's load balancer ranges 35.191.0.0/16 and 130.211.0.0/22${ing.gce.internal ? " and the region's proxy-only subnet" : ''}`;
  return [
    finding(
      ['networkPolicy', 'ingress', 'cidrs'],
      `ingress.controller ${ing.controller}: the load balancer connects to the pods from outside the cluster, not from a pod, and networkPolicy.ingress.cidrs is empty, so the app NetworkPolicy would refuse it.`,
      `List ${ranges} in networkPolicy.ingress.cidrs (and set networkPolicy.ingress.controllerPods: false: no controller pod is involved).`,
    ),
  ];
}

/**
 * An ALB in IP-target mode is not a pod: the policy admits it by address. Admitted by `cidrs`
 * (a VPC-wide block, typically), every pod with an address there reaches the app port around the
 * ALB: with the AWS VPC CNI pods have VPC addresses.
 */
export function networkPolicyIngressBypass(v: Values): Finding[] {
  const np = v.networkPolicy;
  return findingIf(
    np.enabled && v.ingress.enabled && v.ingress.controller === 'alb' && np.ingress.cidrs.length > 0,
    ['networkPolicy', 'ingress', 'cidrs'],
    `networkPolicy.ingress.cidrs admits anything in ${np.ingress.cidrs.join(', ')} to the app port; with the AWS VPC CNI pods get addresses from the VPC, so a pod there can reach Open WebUI around the ALB (its authentication, WAF and access logs).`,
    "List only the ALB's subnets in networkPolicy.ingress.loadBalancerSubnets (subnets no node uses) and remove cidrs.",
    np.ingress.cidrs,
  );
}

/** A warning: a missing peer breaks the app at run time but weakens nothing. */
export function networkPolicyEgress(v: Values, m: ReleaseModel): Finding[] {
  if (!v.networkPolicy.enabled) return [];
  const [out, add] = findings();
  const e = v.networkPolicy.egress;
  // The release's own PostgreSQL/Redis are wired automatically (charts/open-webui-chart.ts).
  if (m.database.kind === 'external' && !peerConfigured(e.database)) {
    add(
      ['networkPolicy', 'egress', 'database'],
      'NetworkPolicies are on but the app may not reach PostgreSQL: networkPolicy.egress.database names no pods and no CIDR.',
      'Set networkPolicy.egress.database.cidrs (e.g. your RDS subnets) or namespaceSelector/podSelector of the database pods, or networkPolicy.enabled: false.',
    );
  }
  if (m.redis.kind !== 'none' && m.redis.kind !== 'in-cluster' && !peerConfigured(e.redis)) {
    add(
      ['networkPolicy', 'egress', 'redis'],
      'NetworkPolicies are on but the app may not reach Redis: networkPolicy.egress.redis names no pods and no CIDR.',
      'Set networkPolicy.egress.redis.cidrs (e.g. your ElastiCache subnets) or namespaceSelector/podSelector of the Redis pods, or networkPolicy.enabled: false.',
    );
  }
  return out;
}

/** A warning: the app would not reach the service at run time, but nothing is weakened. */
export function networkPolicyServiceUrl(v: Values, m: ReleaseModel): Finding[] {
  if (!v.networkPolicy.enabled) return [];
  return m.endpoints
    .filter((e) => e.problem)
    .map((e) =>
      finding(
        e.path,
        `NetworkPolicies are on but no egress rule can be derived from ${e.path.join('.')} (${e.problem}), so the app may not reach this service.`,
        `Write the URL as scheme://host[:port] (e.g. "http://tika.tika.svc.cluster.local:9998"), or allow the traffic with networkPolicy.egress.extra, or set networkPolicy.enabled: false.`,
        e.url,
      ),
    );
}

/**
 * A warning: Microsoft, Google and GitHub sign-in call public HTTPS endpoints from the pods (token,
 * metadata, user info), which the `modelApis` egress peer admits (public addresses on 443). Without
 * it the login button is there but every sign-in fails at the token exchange.
 */
export function networkPolicySignInEgress(v: Values, m: ReleaseModel): Finding[] {
  const p = v.networkPolicy.egress.modelApis;
  const hosts = m.signIn.oauth.flatMap((o) => o.publicHosts.map((h) => [o.id, h] as const));
  if (!v.networkPolicy.enabled || hosts.length === 0) return [];
  if (p.enabled && p.ports.includes(443) && p.cidrs.length > 0) return [];
  return [
    finding(
      ['networkPolicy', 'egress', 'modelApis'],
      `NetworkPolicies are on but networkPolicy.egress.modelApis does not admit HTTPS to public addresses, which sign-in with ${[...new Set(hosts.map(([id]) => `sso.${id}`))].join(', ')} needs (${[...new Set(hosts.map(([, h]) => h))].join(', ')}): the login would fail at the token exchange.`,
      'Keep networkPolicy.egress.modelApis on with port 443 and its default cidrs (public addresses), or allow these hosts with networkPolicy.egress.extra.',
    ),
  ];
}

/**
 * A warning: the default keeps the Job's old-pods waiter working on every cluster; narrowing it
 * needs the cluster's own API server addresses. Only the migration pods get the rule, and only
 * with `recreate` (charts/network-policy.ts); the app pods never reach the API.
 */
export function networkPolicyKubernetesApiWide(v: Values): Finding[] {
  const k = v.networkPolicy.egress.kubernetesApi;
  if (!v.networkPolicy.enabled || v.environment.development || !k.enabled) return [];
  if (v.upgrade.strategy !== 'recreate') return [];
  const wide = k.cidrs.filter(isWideCidr);
  if (!wide.length) return [];
  return [
    finding(
      ['networkPolicy', 'egress', 'kubernetesApi', 'cidrs'],
      `The migration Job's pods may open connections on ports ${k.ports.join('/')} to ${wide.join(', ')} (nearly any address): its old-pods waiter only needs the Kubernetes API server.`,
      'Set networkPolicy.egress.kubernetesApi.cidrs to the API server addresses (`kubectl get endpoints kubernetes -o wide`, e.g. the VPC CIDR on EKS), or acknowledge this warning (acknowledgeWarnings: [network-policy-kubernetes-api-wide]) with a comment saying why.',
      wide,
    ),
  ];
}

export const securityRules: readonly Rule[] = [
  rule(
    'security-non-root-consistent',
    'podSecurityContext.runAsUser must agree with nonRoot.uid.',
    'error',
    `${SECURITY_DOCS}#running-as-non-root`,
    securityNonRootConsistent,
  ),
  rule(
    'network-policy-ingress-selector',
    'The ingress-controller peer of the NetworkPolicy must select its namespace or pods.',
    'error',
    `${SECURITY_DOCS}#networkpolicies`,
    networkPolicyIngressSelector,
  ),
  rule(
    'network-policy-ingress-none',
    'NetworkPolicies admit no client to the app port.',
    'warning',
    `${SECURITY_DOCS}#networkpolicies`,
    networkPolicyIngressNone,
  ),
  rule(
    'network-policy-gateway-peer',
    "The Gateway's data plane must be admitted by the NetworkPolicy (pods or CIDRs).",
    'error',
    'docs/gateway-api.md#networkpolicy',
    networkPolicyGatewayPeer,
  ),
  rule(
    'network-policy-ingress-outside',
    'Clients from outside the cluster need their address ranges in networkPolicy.ingress.cidrs.',
    'warning',
    `${SECURITY_DOCS}#networkpolicies`,
    networkPolicyIngressOutside,
  ),
  rule(
    'network-policy-monitoring-target',
    'A monitoring peer in the NetworkPolicy has nothing to scrape.',
    'error',
    `${SECURITY_DOCS}#networkpolicies`,
    networkPolicyMonitoringTarget,
  ),
  rule(
    'network-policy-ingress-bypass',
    'Pods with addresses in the admitted CIDRs reach the app port around the load balancer.',
    'warning',
    `${SECURITY_DOCS}#who-may-reach-the-app`,
    networkPolicyIngressBypass,
  ),
  rule(
    'network-policy-egress',
    'An egress peer the app needs (database, Redis, APIs) names no pods and no CIDR.',
    'warning',
    `${SECURITY_DOCS}#networkpolicies`,
    networkPolicyEgress,
  ),
  rule(
    'network-policy-service-url',
    'No egress rule can be derived from a service URL.',
    'warning',
    `${SECURITY_DOCS}#egress-to-configured-services`,
    networkPolicyServiceUrl,
  ),
  rule(
    'network-policy-sign-in-egress',
    'Sign-in providers need HTTPS egress to public addresses.',
    'warning',
    `${SECURITY_DOCS}#sign-in`,
    networkPolicySignInEgress,
  ),
  rule(
    'network-policy-kubernetes-api-wide',
    'Egress to the Kubernetes API is admitted to any address.',
    'warning',
    `${SECURITY_DOCS}#egress-to-the-kubernetes-api`,
    networkPolicyKubernetesApiWide,
  ),
];
