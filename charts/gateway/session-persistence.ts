/**
 * Session persistence, per Gateway API implementation, in ONE place: `sessionPersistencePlan`
 * maps an implementation and the affinity settings to what to render (a field on the route rule
 * and/or objects the implementation reads) and to what cannot be done (refusals and findings).
 * Gateway API is moving session persistence from the route rule to a new experimental Backend
 * resource (GEP-4894; kubernetes-sigs/gateway-api#4258, PR #4488): when implementations follow,
 * only this function changes.
 *
 * Facts: /work/shared/reference/open-webui-0.11-facts.md section 10.2 (who honours what) and 10.3
 * (AWS Load Balancer Controller); the CRDs in schemas/crds/.
 */
import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { gatewayDuration } from './duration';
import { HttpRouteSessionPersistence } from './http-route';
import {
  AwsGatewayApiVersion,
  AwsLoadBalancerConfiguration,
  AwsLoadBalancerProps,
  AwsTargetGroupConfiguration,
  AwsTargetGroupProps,
  GkeBackendPolicy,
  GkeBackendPolicyProps,
  GkeHealthCheckPolicy,
  GkeHealthCheckProps,
  GkeSessionAffinityPolicy,
  GkeSessionAffinityProps,
  IstioCookieAffinity,
  IstioCookieAffinityProps,
} from './implementation-objects';

export const GATEWAY_IMPLEMENTATIONS = [
  'envoy-gateway',
  'cilium',
  'kgateway',
  'istio',
  'aws-load-balancer-controller',
  'gke',
  'nginx-gateway-fabric',
  'traefik',
  'none',
] as const;
export type GatewayImplementation = (typeof GATEWAY_IMPLEMENTATIONS)[number];

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

/** An object the implementation reads beside the route, as the props of its construct. */
export type PlannedObject =
  | { readonly kind: 'DestinationRule'; readonly props: IstioCookieAffinityProps }
  | { readonly kind: 'TargetGroupConfiguration'; readonly props: AwsTargetGroupProps }
  | { readonly kind: 'LoadBalancerConfiguration'; readonly props: AwsLoadBalancerProps }
  | { readonly kind: 'GCPSessionAffinityPolicy'; readonly props: GkeSessionAffinityProps }
  | { readonly kind: 'HealthCheckPolicy'; readonly props: GkeHealthCheckProps }
  | { readonly kind: 'GCPBackendPolicy'; readonly props: GkeBackendPolicyProps };

export interface PlanProblem {
  readonly severity: 'error' | 'warning';
  /** Stable id (values rule id in part 2 / `acknowledgeWarnings`). */
  readonly id: string;
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
  const metadata = (suffix?: string): ApiObjectMetadata => ({
    name: suffix ? `${backend.name}-${suffix}` : backend.name,
    namespace: backend.namespace,
    ...(backend.labels ? { labels: backend.labels } : {}),
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
        requires: ['Istio 1.22+ (networking.istio.io/v1)'],
        problems: [],
      };
    case 'aws-load-balancer-controller': {
      const api = backend.awsApiVersion ?? 'gateway.k8s.aws/v1';
      if (on && affinity.maxAgeSeconds > 604800)
        return refusal(
          'gateway-affinity-unsupported',
          `ALB lb_cookie stickiness lasts at most 604800 seconds (7 days); ${affinity.maxAgeSeconds} was asked for.`,
          'Lower the affinity cookie lifetime to 604800 seconds or less.',
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
          `GKE's stateful cookie (GSSA) lasts at most 86400 seconds (24 hours); ${affinity.maxAgeSeconds} was asked for.`,
          'Lower the affinity cookie lifetime to 86400 seconds or less.',
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
            message:
              'NGINX Gateway Fabric honours HTTPRoute session persistence with NGINX Plus only; open-source NGINX ignores it and spreads requests over the pods.',
            hint: 'Run NGINX Gateway Fabric with NGINX Plus, or turn affinity off (Open WebUI works without it when Redis is shared; websockets reconnect more often), or acknowledge this warning.',
          },
        ],
      };
    case 'traefik':
      if (!on) return none('off');
      return refusal(
        'gateway-affinity-unsupported',
        "Traefik's Gateway API provider has no session persistence (traefik/traefik#11243): the route would spread each user's requests over the pods.",
        'Turn affinity off for the route, or serve Open WebUI through a Traefik Ingress (ingress.controller: traefik) or an IngressRoute, whose Service sticky cookie (traefik.ingress.kubernetes.io/service.sticky.cookie) Traefik honours.',
      );
    case 'none':
      // No affinity at the gateway; the values' recommended-session-affinity warning says why it matters.
      return none('none (no implementation chosen)');
  }

  function refusal(id: string, message: string, hint: string): SessionPersistencePlan {
    return {
      implementation,
      route: { timeouts: true },
      objects: [],
      affinity: 'refused',
      requires: [],
      problems: [{ severity: 'error', id, message, hint }],
    };
  }
}

/** Renders a plan's objects (never the route: the route construct takes `plan.route`). */
export class SessionPersistenceObjects extends Construct {
  constructor(scope: Construct, id: string, plan: SessionPersistencePlan) {
    super(scope, id);
    const errors = plan.problems.filter((p) => p.severity === 'error');
    if (errors.length) throw new Error(errors.map((e) => `${e.message} ${e.hint}`).join(' '));
    for (const o of plan.objects) {
      switch (o.kind) {
        case 'DestinationRule':
          new IstioCookieAffinity(this, o.kind, o.props);
          break;
        case 'TargetGroupConfiguration':
          new AwsTargetGroupConfiguration(this, o.kind, o.props);
          break;
        case 'LoadBalancerConfiguration':
          new AwsLoadBalancerConfiguration(this, o.kind, o.props);
          break;
        case 'GCPSessionAffinityPolicy':
          new GkeSessionAffinityPolicy(this, o.kind, o.props);
          break;
        case 'HealthCheckPolicy':
          new GkeHealthCheckPolicy(this, o.kind, o.props);
          break;
        case 'GCPBackendPolicy':
          new GkeBackendPolicy(this, o.kind, o.props);
          break;
      }
    }
  }
}
