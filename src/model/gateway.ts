/**
 * The Gateway API way in (`route.*`) as facts: which ways in the release has, the session
 * persistence each implementation honours (`sessionPersistencePlan`, the ONE place that maps an
 * implementation and the affinity settings to what is rendered and to what cannot be done), the
 * origins the route's host names give users, and the NetworkPolicy peers of the chosen Gateway's
 * data plane. Rules (src/rules/route.ts), the top chart, `plan` and `diff` read these.
 *
 * Gateway API is moving session persistence from the route rule to a new experimental Backend
 * resource (GEP-4894; kubernetes-sigs/gateway-api#4258, PR #4488): when implementations follow,
 * only `sessionPersistencePlan` changes.
 *
 * Facts: /work/shared/reference/open-webui-0.11-facts.md section 10.2 (who honours what) and 10.3
 * (AWS Load Balancer Controller); the CRDs in schemas/crds/; data-plane labels per implementation
 * are cited at `dataPlaneDefaults`.
 */
import { durationSeconds, gatewayDuration } from '../k8s';
import { ROUTE_IMPLEMENTATIONS, Values } from '../values/schema';
import { COMPONENT, Names, ObjectMeta } from './names';

export const GATEWAY_IMPLEMENTATIONS = ROUTE_IMPLEMENTATIONS;
export type GatewayImplementation = (typeof ROUTE_IMPLEMENTATIONS)[number];

// ---------------------------------------------------------------------------------------------
// What the implementations read beside the route (rendered by charts/gateway/implementation-objects.ts)

/** The app Service a policy applies to. */
export interface ServiceTarget {
  /** Service name (same namespace as the policy). */
  readonly name: string;
}

/** An Istio DestinationRule with consistent-hash cookie affinity. */
export interface IstioCookieAffinitySpec {
  /** Fully qualified Service host, e.g. `open-webui.open-webui.svc.cluster.local`. */
  readonly host: string;
  /** Affinity cookie name. */
  readonly cookieName: string;
  /** Cookie lifetime in seconds (Istio `httpCookie.ttl`). */
  readonly ttlSeconds: number;
}

/** `gateway.k8s.aws/v1` needs the controller's v3.5.0+ CRDs; v3.0-v3.4 serve only `v1beta1` (deprecated in v3.5.0). */
export type AwsGatewayApiVersion = 'gateway.k8s.aws/v1' | 'gateway.k8s.aws/v1beta1';

/** An AWS Load Balancer Controller TargetGroupConfiguration for the app Service. */
export interface AwsTargetGroupSpec {
  /** The app Service the target group serves. */
  readonly service: ServiceTarget;
  /** Health check path on the pods. */
  readonly healthCheckPath: string;
  /**
   * ALB `lb_cookie` stickiness lifetime in seconds (1 to 604800); `undefined` for no stickiness.
   * @default no stickiness
   */
  readonly stickinessSeconds?: number;
  /**
   * Seconds the ALB keeps draining a deregistered pod.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * API version of the controller's CRDs.
   * @default 'gateway.k8s.aws/v1'
   */
  readonly apiVersion?: AwsGatewayApiVersion;
}

/** An AWS Load Balancer Controller LoadBalancerConfiguration (scheme, idle timeout). */
export interface AwsLoadBalancerSpec {
  /**
   * ALB scheme.
   * @default 'internal'
   */
  readonly scheme?: 'internal' | 'internet-facing';
  /**
   * ALB idle timeout in seconds (1 to 4000): websockets and streamed responses that are quiet
   * longer than this are cut.
   * @default 3600
   */
  readonly idleTimeoutSeconds?: number;
  /** @default 'gateway.k8s.aws/v1' */
  readonly apiVersion?: AwsGatewayApiVersion;
}

/** A GKE GCPSessionAffinityPolicy (stateful generated cookie). */
export interface GkeSessionAffinitySpec {
  readonly service: ServiceTarget;
  /** Lifetime of the `GSSA` cookie in seconds, 1 to 86400 (the CRD's documented range). */
  readonly cookieTtlSeconds: number;
}

/** A GKE HealthCheckPolicy. */
export interface GkeHealthCheckSpec {
  readonly service: ServiceTarget;
  /** Path the load balancer checks. */
  readonly requestPath: string;
}

/** A GKE GCPBackendPolicy (backend timeout, connection draining). */
export interface GkeBackendPolicySpec {
  readonly service: ServiceTarget;
  /**
   * Backend service timeout in seconds. GKE's default is 30 s (gcpbackendpolicy_types.go
   * `TimeoutSec`); for websockets Google's load balancers treat it as the longest a connection
   * may stay open.
   */
  readonly timeoutSeconds: number;
  /**
   * Connection draining when a pod leaves, in seconds (0 to 3600).
   * @default 30
   */
  readonly drainingTimeoutSeconds?: number;
}

/** `HTTPRouteRule.sessionPersistence` (experimental channel), cookie form. */
export interface HttpRouteSessionPersistence {
  readonly type: 'Cookie';
  /** Cookie name. */
  readonly sessionName: string;
  /** Cookie lifetime (Gateway API duration); required for `Permanent`. */
  readonly absoluteTimeout: string;
  readonly cookieConfig: { readonly lifetimeType: 'Permanent' | 'Session' };
}

// ---------------------------------------------------------------------------------------------
// Session persistence per implementation

/** Cookie affinity as the values describe it (the same settings as the Ingress's). */
export interface AffinitySettings {
  /** Sticky sessions wanted. */
  readonly enabled: boolean;
  /** Cookie name, where the implementation lets us name it. */
  readonly cookieName: string;
  /** Cookie lifetime in seconds. */
  readonly maxAgeSeconds: number;
}

/** The app Service and what the load balancer should know about the pods. */
export interface PersistenceBackend {
  /** Name shared by the objects rendered here (the release fullname). */
  readonly name: string;
  readonly namespace: string;
  /** Labels and annotations for the objects. */
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** The app Service. */
  readonly serviceName: string;
  /** Health check path (Open WebUI: `/health`). */
  readonly healthCheckPath: string;
  /**
   * Longest request, in seconds, where the implementation takes it from its own object instead
   * of the route's timeouts (GKE's GCPBackendPolicy, the ALB idle timeout).
   * @default 3600
   */
  readonly requestTimeoutSeconds?: number;
  /**
   * AWS Load Balancer Controller only: also render a LoadBalancerConfiguration with this scheme
   * for the Gateway to reference.
   * @default no LoadBalancerConfiguration
   */
  readonly awsScheme?: 'internal' | 'internet-facing';
  /** @default 'gateway.k8s.aws/v1' (controller v3.5.0+) */
  readonly awsApiVersion?: AwsGatewayApiVersion;
}

type Planned<K extends string, S> = { readonly kind: K; readonly props: S & { readonly metadata: ObjectMeta } };

/** An object the implementation reads beside the route, as the props of its construct. */
export type PlannedObject =
  | Planned<'DestinationRule', IstioCookieAffinitySpec>
  | Planned<'TargetGroupConfiguration', AwsTargetGroupSpec>
  | Planned<'LoadBalancerConfiguration', AwsLoadBalancerSpec>
  | Planned<'GCPSessionAffinityPolicy', GkeSessionAffinitySpec>
  | Planned<'HealthCheckPolicy', GkeHealthCheckSpec>
  | Planned<'GCPBackendPolicy', GkeBackendPolicySpec>;

export interface PlanProblem {
  readonly severity: 'error' | 'warning';
  /** Stable id: the values rule that reports it (and `acknowledgeWarnings` for warnings). */
  readonly id: string;
  /** The affinity setting at fault: `route.sessionAffinity.<field>`. */
  readonly field: keyof AffinitySettings;
  readonly message: string;
  readonly hint: string;
}

export interface SessionPersistencePlan {
  readonly implementation: GatewayImplementation;
  /** What to set on the app route rule. */
  readonly route: {
    /** `rules[].sessionPersistence` (Gateway API experimental channel), when the implementation reads it. */
    readonly sessionPersistence?: HttpRouteSessionPersistence;
    /**
     * Whether the route carries `rules[].timeouts`; false where the implementation takes the
     * timeout from its own object (rendered here) instead.
     */
    readonly timeouts: boolean;
  };
  /** Objects to render beside the route. */
  readonly objects: readonly PlannedObject[];
  /** How affinity is achieved, in one line (for `plan`). */
  readonly affinity: string;
  /** What the cluster needs installed for this to work. */
  readonly requires: readonly string[];
  readonly problems: readonly PlanProblem[];
}

const EXPERIMENTAL_CRDS =
  'Gateway API experimental-channel CRDs (HTTPRoute rules[].sessionPersistence is not in the standard channel)';

/** The one mapping from implementation + affinity to what is rendered. */
export function sessionPersistencePlan(
  implementation: GatewayImplementation,
  affinity: AffinitySettings,
  backend: PersistenceBackend,
): SessionPersistencePlan {
  const metadata = (suffix?: string): ObjectMeta => ({
    name: suffix ? `${backend.name}-${suffix}` : backend.name,
    namespace: backend.namespace,
    labels: backend.labels ?? {},
    ...(backend.annotations && Object.keys(backend.annotations).length ? { annotations: backend.annotations } : {}),
  });
  const timeoutSeconds = backend.requestTimeoutSeconds ?? 3600;
  const service = { name: backend.serviceName };
  const on = affinity.enabled;
  const routeCookie: HttpRouteSessionPersistence = {
    type: 'Cookie',
    sessionName: affinity.cookieName,
    // A permanent cookie with Max-Age: Envoy Gateway's "strong session affinity"
    // (envoyproxy/gateway site/content/en/latest/concepts/sessions.md); required absoluteTimeout.
    absoluteTimeout: gatewayDuration(affinity.maxAgeSeconds),
    cookieConfig: { lifetimeType: 'Permanent' },
  };
  const none = (why: string): SessionPersistencePlan => ({
    implementation,
    route: { timeouts: true },
    objects: [],
    affinity: why,
    requires: [],
    problems: [],
  });

  switch (implementation) {
    case 'envoy-gateway':
    case 'cilium':
    case 'kgateway': {
      if (!on) return none('off');
      const since = {
        'envoy-gateway': 'Envoy Gateway (cookie session persistence on HTTPRoute: envoyproxy/gateway#3315)',
        cilium:
          'Cilium with cookie session persistence on HTTPRoute (cilium/cilium PR #48029, merged 2026-08-17; earlier releases: source-IP affinity only)',
        kgateway: 'kgateway (sessionPersistence on the route rule: kgateway#11162)',
      }[implementation];
      return {
        implementation,
        route: { sessionPersistence: routeCookie, timeouts: true },
        objects: [],
        affinity: `cookie "${affinity.cookieName}" (${routeCookie.absoluteTimeout}) by HTTPRoute rules[].sessionPersistence`,
        requires: [EXPERIMENTAL_CRDS, since],
        problems: [],
      };
    }
    case 'istio':
      if (!on) return none('off');
      return {
        implementation,
        route: { timeouts: true },
        objects: [
          {
            kind: 'DestinationRule',
            props: {
              metadata: metadata(),
              host: `${backend.serviceName}.${backend.namespace}.svc.cluster.local`,
              cookieName: affinity.cookieName,
              ttlSeconds: affinity.maxAgeSeconds,
            },
          },
        ],
        affinity: `cookie "${affinity.cookieName}" by an Istio DestinationRule (consistent hash: soft, some sessions move when pods come and go)`,
        requires: ['Istio 1.22+ (networking.istio.io/v1)', 'Gateway API standard-channel CRDs'],
        problems: [],
      };
    case 'aws-load-balancer-controller': {
      const api = backend.awsApiVersion ?? 'gateway.k8s.aws/v1';
      if (on && affinity.maxAgeSeconds > 604800)
        return refusal(
          'gateway-affinity-unsupported',
          'maxAgeSeconds',
          `ALB lb_cookie stickiness lasts at most 604800 seconds (7 days); route.sessionAffinity.maxAgeSeconds asks for ${affinity.maxAgeSeconds}.`,
          'Lower route.sessionAffinity.maxAgeSeconds to 604800 or less.',
        );
      const objects: PlannedObject[] = [
        {
          kind: 'TargetGroupConfiguration',
          props: {
            metadata: metadata(),
            service,
            healthCheckPath: backend.healthCheckPath,
            ...(on ? { stickinessSeconds: affinity.maxAgeSeconds } : {}),
            apiVersion: api,
          },
        },
      ];
      if (backend.awsScheme)
        objects.push({
          kind: 'LoadBalancerConfiguration',
          props: {
            metadata: metadata(),
            scheme: backend.awsScheme,
            idleTimeoutSeconds: Math.min(timeoutSeconds, 4000),
            apiVersion: api,
          },
        });
      return {
        implementation,
        // The ALB has no per-route request timeout; its idle timeout (LoadBalancerConfiguration) governs streams.
        route: { timeouts: false },
        objects,
        affinity: on ? `ALB lb_cookie stickiness (${affinity.maxAgeSeconds} s) by a TargetGroupConfiguration` : 'off',
        requires: [
          api === 'gateway.k8s.aws/v1'
            ? 'AWS Load Balancer Controller v3.5.0+ with its gateway.k8s.aws CRDs (v1)'
            : 'AWS Load Balancer Controller v3.0.0+ with its gateway.k8s.aws CRDs (v1beta1, deprecated since v3.5.0)',
          'Gateway API standard-channel CRDs',
        ],
        problems: [],
      };
    }
    case 'gke': {
      if (on && affinity.maxAgeSeconds > 86400)
        return refusal(
          'gateway-affinity-unsupported',
          'maxAgeSeconds',
          `GKE's stateful cookie (GSSA) lasts at most 86400 seconds (24 hours); route.sessionAffinity.maxAgeSeconds asks for ${affinity.maxAgeSeconds}.`,
          'Lower route.sessionAffinity.maxAgeSeconds to 86400 or less.',
        );
      const objects: PlannedObject[] = [
        { kind: 'HealthCheckPolicy', props: { metadata: metadata(), service, requestPath: backend.healthCheckPath } },
        { kind: 'GCPBackendPolicy', props: { metadata: metadata(), service, timeoutSeconds } },
      ];
      if (on)
        objects.unshift({
          kind: 'GCPSessionAffinityPolicy',
          props: { metadata: metadata(), service, cookieTtlSeconds: affinity.maxAgeSeconds },
        });
      return {
        implementation,
        // The backend service timeout (GCPBackendPolicy.timeoutSec, default 30 s) is what cuts streams on GKE.
        route: { timeouts: false },
        objects,
        affinity: on
          ? `GKE stateful cookie "GSSA" (${affinity.maxAgeSeconds} s; the name is GKE's) by a GCPSessionAffinityPolicy`
          : 'off',
        requires: ['GKE Gateway controller (networking.gke.io/v1 policies)'],
        problems: [],
      };
    }
    case 'nginx-gateway-fabric':
      if (!on) return none('off');
      return {
        implementation,
        route: { sessionPersistence: routeCookie, timeouts: true },
        objects: [],
        affinity: `cookie "${affinity.cookieName}" by HTTPRoute rules[].sessionPersistence, honoured by NGINX Plus only`,
        requires: [EXPERIMENTAL_CRDS, 'NGINX Gateway Fabric with NGINX Plus'],
        problems: [
          {
            severity: 'warning',
            id: 'gateway-affinity-nginx-plus-only',
            field: 'enabled',
            message:
              'NGINX Gateway Fabric honours HTTPRoute session persistence with NGINX Plus only (docs.nginx.com/nginx-gateway-fabric/traffic-management/session-persistence); open-source NGINX ignores it and spreads requests over the pods.',
            hint: 'Run NGINX Gateway Fabric with NGINX Plus, or set route.sessionAffinity.enabled: false (Open WebUI works without affinity when Redis is shared; websockets reconnect more often), or acknowledge this warning.',
          },
        ],
      };
    case 'traefik':
      if (!on) return none('off');
      return refusal(
        'gateway-affinity-unsupported',
        'enabled',
        "Traefik's Gateway API provider has no session persistence (traefik/traefik#11243): the route would spread each user's requests over the pods, and route.sessionAffinity would be ignored.",
        'Set route.sessionAffinity.enabled: false, or serve Open WebUI through a Traefik Ingress (ingress.controller: traefik) or an IngressRoute, whose Service sticky cookie (traefik.ingress.kubernetes.io/service.sticky.cookie) Traefik honours.',
      );
    case 'none':
      // No affinity at the gateway; the values' recommended-session-affinity warning says why it matters.
      return none('none (no implementation chosen)');
  }

  function refusal(id: string, field: keyof AffinitySettings, message: string, hint: string): SessionPersistencePlan {
    return {
      implementation,
      route: { timeouts: true },
      objects: [],
      affinity: 'refused',
      requires: [],
      problems: [{ severity: 'error', id, field, message, hint }],
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The data plane a NetworkPolicy must admit

export interface LabelSelector {
  readonly matchLabels: Record<string, string>;
}

/** A NetworkPolicy ingress peer: pods (by namespace and/or pod labels) or an IP block. */
export type IngressPeer =
  | { readonly namespaceSelector?: LabelSelector; readonly podSelector?: LabelSelector }
  | { readonly ipBlock: { readonly cidr: string } };

/** A Gateway the route attaches to, its namespace resolved. */
export interface GatewayRef {
  readonly name: string;
  readonly namespace: string;
  readonly sectionName?: string;
}

/** Where an implementation's proxies run, as NetworkPolicy peers for the Gateways the route attaches to. */
export interface DataPlaneDefaults {
  /** Pod peers, one per Gateway where the proxies carry the Gateway's name. */
  readonly pods: readonly { readonly namespaceSelector: LabelSelector; readonly podSelector: LabelSelector }[];
  /** IP blocks the proxies (or the load balancer outside the cluster) connect from. */
  readonly cidrs: readonly string[];
  /** Where the proxies run, in one sentence (docs, plan, messages). */
  readonly where: string;
}

const ns = (name: string): LabelSelector => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

/**
 * Google's load balancer proxies and health checks for the global external Application Load
 * Balancer (GKE's gke-l7-global-external-managed and gke-l7-gxlb classes) connect from these
 * ranges (docs.cloud.google.com/load-balancing/docs/firewall-rules: "Health check ranges ...
 * GFE proxies use the same source IP ranges"). Regional and internal classes (gke-l7-rilb,
 * gke-l7-regional-external-managed) connect from the region's proxy-only subnet instead, which
 * the chart cannot know: add it to `networkPolicy.ingress.gateway.cidrs`.
 */
export const GOOGLE_LB_RANGES = ['35.191.0.0/16', '130.211.0.0/22'] as const;

/**
 * Per implementation, the pods (or address ranges) that open connections to the app pods:
 * - Envoy Gateway: the proxies run in the controller's namespace (`envoy-gateway-system`, the
 *   default "controller namespace" deployment mode; gateway.envoyproxy.io/latest/tasks/operations/gateway-namespace-mode)
 *   labelled `app.kubernetes.io/{name: envoy, component: proxy, managed-by: envoy-gateway}`
 *   (envoyproxy/gateway internal/infrastructure/kubernetes/proxy/resource.go `EnvoyAppLabel`) and
 *   `gateway.envoyproxy.io/owning-gateway-{name,namespace}` (api/v1alpha1 `OwningGatewayNameLabel`).
 * - Istio, kgateway, NGINX Gateway Fabric: the proxies run in the Gateway's namespace, labelled
 *   `gateway.networking.k8s.io/gateway-name: <Gateway>` (istio/istio
 *   manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml; kgateway-dev/kgateway
 *   internal/kgateway/helm/kgateway/templates/_helpers.tpl `kgateway.gateway.selectorLabels`;
 *   nginx/nginx-gateway-fabric internal/framework/controller/labels.go).
 * - Traefik: its own pods, where its Helm chart installs them (namespace `traefik`,
 *   `app.kubernetes.io/name: traefik` by default).
 * - GKE: Google's proxies outside the cluster (GOOGLE_LB_RANGES).
 * - AWS Load Balancer Controller: the ALB in IP target mode, from the VPC subnets (cluster-specific).
 * - Cilium: Envoy inside the Cilium agent; traffic reaches the pods with the reserved `ingress`
 *   identity (cilium/cilium commit 04f19e9 "Add Cilium Endpoint representing Ingress"), which a
 *   Kubernetes NetworkPolicy cannot name.
 */
export function dataPlaneDefaults(impl: GatewayImplementation, gateways: readonly GatewayRef[]): DataPlaneDefaults {
  const byGateway = (namespace: (g: GatewayRef) => string, labels: (g: GatewayRef) => Record<string, string>) => {
    const seen = new Map<string, DataPlaneDefaults['pods'][number]>();
    for (const g of gateways)
      seen.set(`${g.namespace}/${g.name}`, {
        namespaceSelector: ns(namespace(g)),
        podSelector: { matchLabels: labels(g) },
      });
    return [...seen.values()];
  };
  switch (impl) {
    case 'envoy-gateway':
      return {
        pods: byGateway(
          () => 'envoy-gateway-system',
          (g) => ({
            'app.kubernetes.io/name': 'envoy',
            'app.kubernetes.io/component': 'proxy',
            'app.kubernetes.io/managed-by': 'envoy-gateway',
            'gateway.envoyproxy.io/owning-gateway-name': g.name,
            'gateway.envoyproxy.io/owning-gateway-namespace': g.namespace,
          }),
        ),
        cidrs: [],
        where:
          "Envoy Gateway's proxies of each Gateway, in envoy-gateway-system (the default controller-namespace mode; in gateway-namespace mode set networkPolicy.ingress.gateway.namespaceSelector to the Gateway's namespace)",
      };
    case 'istio':
    case 'kgateway':
    case 'nginx-gateway-fabric':
      return {
        pods: byGateway(
          (g) => g.namespace,
          (g) => ({ 'gateway.networking.k8s.io/gateway-name': g.name }),
        ),
        cidrs: [],
        where: "the Gateway's proxy pods, in the Gateway's namespace (label gateway.networking.k8s.io/gateway-name)",
      };
    case 'traefik':
      return {
        pods: [
          { namespaceSelector: ns('traefik'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } } },
        ],
        cidrs: [],
        where: "Traefik's pods in namespace traefik (its Helm chart's default; set the selectors if yours differ)",
      };
    case 'gke':
      return {
        pods: [],
        cidrs: [...GOOGLE_LB_RANGES],
        where:
          "Google's load balancer proxies and health checks (35.191.0.0/16, 130.211.0.0/22; regional and internal GatewayClasses also need the region's proxy-only subnet)",
      };
    case 'aws-load-balancer-controller':
      return {
        pods: [],
        cidrs: [],
        where: 'the ALB, from the VPC subnets (IP targets): list them in networkPolicy.ingress.gateway.cidrs',
      };
    case 'cilium':
      return {
        pods: [],
        cidrs: [],
        where:
          "Cilium's Envoy, with the reserved ingress identity, which a Kubernetes NetworkPolicy cannot name (admit it with a CiliumNetworkPolicy: fromEntities [ingress])",
      };
    case 'none':
      return { pods: [], cidrs: [], where: 'unknown (route.implementation is none)' };
  }
}

// ---------------------------------------------------------------------------------------------
// The release's route

export interface RouteTimeouts {
  readonly request: string;
  readonly backendRequest: string;
}

export interface RouteModel {
  /** The app route's name (the redirect route is `<name>-https-redirect`). */
  readonly name: string;
  readonly implementation: GatewayImplementation;
  /** The Gateways (listeners) the app route attaches to, namespaces resolved. */
  readonly gateways: readonly GatewayRef[];
  /** The plain-HTTP listeners of the redirect route, when `route.httpsRedirect.enabled`. */
  readonly redirectGateways?: readonly GatewayRef[];
  readonly persistence: SessionPersistencePlan;
  /** Timeouts on the route rule; undefined where the implementation takes them from its own object. */
  readonly timeouts?: RouteTimeouts;
  /** Origins users reach through the route (`route.origin` + each non-wildcard host name). */
  readonly origins: readonly string[];
  /** NetworkPolicy peers of the data plane (`networkPolicy.ingress.gateway`, defaults per implementation). */
  readonly peers: readonly IngressPeer[];
  readonly dataPlane: DataPlaneDefaults;
}

/** The origin of one host name reached with `route.origin` (default port of the scheme left out). */
export function routeOrigin(v: Values, host: string): string {
  const { scheme, port } = v.route.origin;
  const defaultPort = scheme === 'https' ? 443 : 80;
  return `${scheme}://${host}${port === undefined || port === defaultPort ? '' : `:${port}`}`;
}

/** Origins users reach through the route (wildcard host names give none). */
export function routeOrigins(v: Values): string[] {
  if (!v.route.enabled) return [];
  return v.route.hostnames.filter((h) => !h.startsWith('*.')).map((h) => routeOrigin(v, h));
}

const gatewayRef =
  (namespace: string) =>
  (p: { name: string; namespace?: string; sectionName?: string }): GatewayRef => ({
    name: p.name,
    namespace: p.namespace ?? namespace,
    ...(p.sectionName ? { sectionName: p.sectionName } : {}),
  });

/** The data-plane peers: the values' selectors and CIDRs where set, the implementation's defaults otherwise. */
export function gatewayPeers(v: Values, dp: DataPlaneDefaults): IngressPeer[] {
  const g = v.networkPolicy.ingress.gateway;
  if (!g.enabled) return [];
  const out: IngressPeer[] = [];
  const pods: { namespaceSelector?: LabelSelector; podSelector?: LabelSelector }[] = dp.pods.length
    ? dp.pods.map((p) => ({
        namespaceSelector: g.namespaceSelector ?? p.namespaceSelector,
        podSelector: g.podSelector ?? p.podSelector,
      }))
    : g.namespaceSelector || g.podSelector
      ? [
          {
            ...(g.namespaceSelector ? { namespaceSelector: g.namespaceSelector } : {}),
            ...(g.podSelector ? { podSelector: g.podSelector } : {}),
          },
        ]
      : [];
  const seen = new Set<string>();
  for (const p of pods) {
    const key = JSON.stringify(p);
    if (!seen.has(key)) out.push(p);
    seen.add(key);
  }
  for (const cidr of g.cidrs ?? dp.cidrs) out.push({ ipBlock: { cidr } });
  return out;
}

/**
 * Who may open connections to the app port (the app NetworkPolicy's ingress peers), in order: the
 * ingress controller's pods (with `ingress.enabled`, or when no way in is rendered here, for an
 * Ingress managed elsewhere; not when the route is the only way in), the Gateway's data plane
 * (with `route.enabled`), `networkPolicy.ingress.cidrs`, the monitoring namespace. Duplicates once.
 */
/** Whether the ingress controller's pods are admitted (see appIngressPeers). */
export const controllerPeer = (v: Values): boolean =>
  v.networkPolicy.ingress.controllerPods && (v.ingress.enabled || !v.route.enabled);

export function appIngressPeers(v: Values, route: RouteModel | undefined): IngressPeer[] {
  const np = v.networkPolicy;
  if (!np.enabled) return [];
  const ing = np.ingress;
  const all: IngressPeer[] = [
    ...(controllerPeer(v)
      ? [{ namespaceSelector: ing.namespaceSelector, ...(ing.podSelector ? { podSelector: ing.podSelector } : {}) }]
      : []),
    ...(route?.peers ?? []),
    ...ing.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
    ...(np.monitoring.enabled ? [{ namespaceSelector: np.monitoring.namespaceSelector }] : []),
  ];
  const seen = new Set<string>();
  return all.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The route of a release, or undefined when `route.enabled` is false. */
export function routeModel(v: Values, names: Names): RouteModel | undefined {
  const r = v.route;
  if (!r.enabled) return undefined;
  const gateways = r.parentRefs.map(gatewayRef(names.namespace));
  const meta = names.metadata(COMPONENT.app, names.fullname);
  const persistence = sessionPersistencePlan(r.implementation, r.sessionAffinity, {
    name: names.fullname,
    namespace: names.namespace,
    labels: meta.labels,
    serviceName: names.fullname,
    healthCheckPath: v.probes.liveness.path,
    requestTimeoutSeconds: routeRequestSeconds(r.timeouts.request),
    ...(r.aws.loadBalancerConfiguration ? { awsScheme: r.aws.scheme } : {}),
    awsApiVersion: r.aws.apiVersion,
  });
  const dataPlane = dataPlaneDefaults(r.implementation, gateways);
  return {
    name: names.fullname,
    implementation: r.implementation,
    gateways,
    ...(r.httpsRedirect.enabled
      ? { redirectGateways: r.httpsRedirect.parentRefs.map(gatewayRef(names.namespace)) }
      : {}),
    persistence,
    ...(persistence.route.timeouts ? { timeouts: { ...r.timeouts } } : {}),
    origins: routeOrigins(v),
    peers: gatewayPeers(v, dataPlane),
    dataPlane,
  };
}

/**
 * The request timeout in whole seconds for implementations that take it from their own object
 * (GKE's GCPBackendPolicy, the ALB idle timeout, at most 4000 s there); rule `route-config`
 * refuses `0s` (no limit) for them.
 */
function routeRequestSeconds(d: string): number {
  return Math.max(1, durationSeconds(d));
}
