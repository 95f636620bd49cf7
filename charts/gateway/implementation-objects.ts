/**
 * The objects Gateway API implementations (and GKE Ingress) read beside the route, one narrow
 * construct per kind. Each is validated strictly by `check` from the vendored upstream CRD
 * (schemas/crds/, schemas/README.md); field meanings are cited per construct.
 */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AwsLoadBalancerSpec,
  AwsTargetGroupSpec,
  GkeBackendPolicySpec,
  GkeHealthCheckSpec,
  GkeSessionAffinitySpec,
  IstioCookieAffinitySpec,
  ServiceTarget,
} from '../../src/model';

/** Name, namespace, labels and annotations of a rendered object. */
interface WithMetadata {
  readonly metadata: ApiObjectMetadata;
}

/** A construct holding one object of `kind` (construct id `Resource`) with `metadata` and `spec`. */
abstract class SpecObject extends Construct {
  readonly object: ApiObject;
  constructor(
    scope: Construct,
    id: string,
    apiVersion: string,
    kind: string,
    metadata: ApiObjectMetadata,
    spec: object,
  ) {
    super(scope, id);
    this.object = new ApiObject(this, 'Resource', { apiVersion, kind, metadata, spec });
  }
}

// ---------------------------------------------------------------------------------------------
// Istio

export interface IstioCookieAffinityProps extends IstioCookieAffinitySpec, WithMetadata {}

/**
 * An Istio DestinationRule (`networking.istio.io/v1`, Istio 1.22+) with consistent-hash cookie
 * affinity: `trafficPolicy.loadBalancer.consistentHash.httpCookie` (istio/api
 * networking/v1alpha3/destination_rule.proto). Istio's gateway (and sidecars) generate the cookie
 * when the request lacks it. Consistent hashing is soft affinity: adding or removing pods moves
 * some sessions.
 */
export class IstioCookieAffinity extends SpecObject {
  constructor(scope: Construct, id: string, props: IstioCookieAffinityProps) {
    if (!Number.isInteger(props.ttlSeconds) || props.ttlSeconds < 1)
      throw new Error(`DestinationRule ${props.metadata.name}: ttlSeconds must be a whole number of seconds >= 1.`);
    super(scope, id, 'networking.istio.io/v1', 'DestinationRule', props.metadata, {
      host: props.host,
      trafficPolicy: {
        loadBalancer: {
          consistentHash: { httpCookie: { name: props.cookieName, path: '/', ttl: `${props.ttlSeconds}s` } },
        },
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// AWS Load Balancer Controller (Gateway API, v3.x)

export interface AwsTargetGroupProps extends AwsTargetGroupSpec, WithMetadata {}

/**
 * A TargetGroupConfiguration for the app Service: `targetType: ip` (pods registered directly),
 * HTTP health checks on `/health` expecting 200, `lb_cookie` stickiness, a short deregistration
 * delay (kubernetes-sigs/aws-load-balancer-controller docs/guide/gateway/targetgroupconfig.md;
 * target group attribute names as in the ALB Ingress annotations this chart already renders).
 */
export class AwsTargetGroupConfiguration extends SpecObject {
  constructor(scope: Construct, id: string, props: AwsTargetGroupProps) {
    const s = props.stickinessSeconds;
    if (s !== undefined && (!Number.isInteger(s) || s < 1 || s > 604800))
      throw new Error(
        `TargetGroupConfiguration ${props.metadata.name}: ALB lb_cookie stickiness lasts 1 to 604800 seconds (7 days), got ${s}.`,
      );
    const attributes: Record<string, string> = {
      ...(s !== undefined
        ? {
            'stickiness.enabled': 'true',
            'stickiness.type': 'lb_cookie',
            'stickiness.lb_cookie.duration_seconds': String(s),
          }
        : {}),
      'deregistration_delay.timeout_seconds': String(props.deregistrationDelaySeconds ?? 30),
    };
    super(scope, id, props.apiVersion ?? 'gateway.k8s.aws/v1', 'TargetGroupConfiguration', props.metadata, {
      targetReference: { group: '', kind: 'Service', name: props.service.name },
      defaultConfiguration: {
        targetType: 'ip',
        protocol: 'HTTP',
        protocolVersion: 'HTTP1',
        healthCheckConfig: {
          healthCheckPath: props.healthCheckPath,
          healthCheckProtocol: 'HTTP',
          healthCheckInterval: 15,
          healthCheckTimeout: 5,
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 2,
          matcher: { httpCode: '200' },
        },
        targetGroupAttributes: Object.entries(attributes).map(([key, value]) => ({ key, value })),
      },
    });
  }
}

export interface AwsLoadBalancerProps extends AwsLoadBalancerSpec, WithMetadata {}

/**
 * A LoadBalancerConfiguration: the ALB's scheme and idle timeout. A Gateway (or its GatewayClass)
 * uses it through `spec.infrastructure.parametersRef` (group `gateway.k8s.aws`, kind
 * `LoadBalancerConfiguration`); aws-load-balancer-controller docs/guide/gateway/gateway.md.
 */
export class AwsLoadBalancerConfiguration extends SpecObject {
  constructor(scope: Construct, id: string, props: AwsLoadBalancerProps) {
    const idle = props.idleTimeoutSeconds ?? 3600;
    if (!Number.isInteger(idle) || idle < 1 || idle > 4000)
      throw new Error(
        `LoadBalancerConfiguration ${props.metadata.name}: the ALB idle timeout is 1 to 4000 seconds, got ${idle}.`,
      );
    super(scope, id, props.apiVersion ?? 'gateway.k8s.aws/v1', 'LoadBalancerConfiguration', props.metadata, {
      ...(props.loadBalancerName ? { loadBalancerName: props.loadBalancerName } : {}),
      scheme: props.scheme ?? 'internal',
      loadBalancerAttributes: [{ key: 'idle_timeout.timeout_seconds', value: String(idle) }],
    });
  }
}

// ---------------------------------------------------------------------------------------------
// GKE Gateway (networking.gke.io/v1 policies, GoogleCloudPlatform/gke-gateway-api apis/networking/v1)

const serviceRef = (s: ServiceTarget) => ({ group: '', kind: 'Service', name: s.name });

export interface GkeSessionAffinityProps extends GkeSessionAffinitySpec, WithMetadata {}

/**
 * A GCPSessionAffinityPolicy: stateful cookie-based affinity. The load balancer sets a `GSSA`
 * cookie naming the pod and keeps sending that client there while the pod is healthy
 * (gcpsessionaffinitypolicy_types.go, `statefulGeneratedCookie`).
 */
export class GkeSessionAffinityPolicy extends SpecObject {
  constructor(scope: Construct, id: string, props: GkeSessionAffinityProps) {
    const t = props.cookieTtlSeconds;
    if (!Number.isInteger(t) || t < 1 || t > 86400)
      throw new Error(
        `GCPSessionAffinityPolicy ${props.metadata.name}: the GSSA cookie lasts 1 to 86400 seconds, got ${t}.`,
      );
    super(scope, id, 'networking.gke.io/v1', 'GCPSessionAffinityPolicy', props.metadata, {
      statefulGeneratedCookie: { cookieTtlSeconds: t },
      targetRef: serviceRef(props.service),
    });
  }
}

export interface GkeHealthCheckProps extends GkeHealthCheckSpec, WithMetadata {}

/**
 * A HealthCheckPolicy: HTTP checks of the serving port on `requestPath` every 15 s (GKE's default
 * checks `/`, which Open WebUI answers with the whole SPA; healthcheck_types.go).
 */
export class GkeHealthCheckPolicy extends SpecObject {
  constructor(scope: Construct, id: string, props: GkeHealthCheckProps) {
    super(scope, id, 'networking.gke.io/v1', 'HealthCheckPolicy', props.metadata, {
      default: {
        checkIntervalSec: 15,
        timeoutSec: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
        config: {
          type: 'HTTP',
          httpHealthCheck: { portSpecification: 'USE_SERVING_PORT', requestPath: props.requestPath },
        },
      },
      targetRef: serviceRef(props.service),
    });
  }
}

export interface GkeBackendPolicyProps extends GkeBackendPolicySpec, WithMetadata {}

/** A GCPBackendPolicy: backend timeout and connection draining for the app Service. */
export class GkeBackendPolicy extends SpecObject {
  constructor(scope: Construct, id: string, props: GkeBackendPolicyProps) {
    const t = props.timeoutSeconds;
    if (!Number.isInteger(t) || t < 1)
      throw new Error(`GCPBackendPolicy ${props.metadata.name}: timeoutSeconds must be a whole number >= 1, got ${t}.`);
    super(scope, id, 'networking.gke.io/v1', 'GCPBackendPolicy', props.metadata, {
      default: { timeoutSec: t, connectionDraining: { drainingTimeoutSec: props.drainingTimeoutSeconds ?? 30 } },
      targetRef: serviceRef(props.service),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// GKE Ingress (ingress.controller: gce)

export interface GkeBackendConfigProps {
  readonly metadata: ApiObjectMetadata;
  /** Path the load balancer checks. */
  readonly healthCheckPath: string;
  /** Container port the health check probes (with container-native load balancing, the pod port). */
  readonly healthCheckPort: number;
  /** Backend service timeout in seconds (GKE's default 30 s cuts streamed answers). */
  readonly timeoutSeconds: number;
  /**
   * Generated-cookie affinity lifetime in seconds (0 = browser session); `undefined` for none.
   * @default no affinity
   */
  readonly affinityCookieTtlSeconds?: number;
  /**
   * Connection draining when a pod leaves, in seconds.
   * @default 30
   */
  readonly drainingTimeoutSeconds?: number;
}

/**
 * Container-native load balancing for GKE Ingress: the load balancer sends traffic to the pod IPs
 * (network endpoint groups), so the Service can stay ClusterIP and the BackendConfig's health
 * check probes the pod port (cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing).
 * VPC-native clusters from GKE 1.17.6 set it by default; written out so it does not depend on that.
 */
export const GKE_NEG_ANNOTATION: Readonly<Record<string, string>> = {
  'cloud.google.com/neg': JSON.stringify({ ingress: true }),
};

/** The Service annotation that attaches a BackendConfig to every port of the Service. */
export function backendConfigAnnotation(backendConfigName: string): Record<string, string> {
  return { 'cloud.google.com/backend-config': JSON.stringify({ default: backendConfigName }) };
}

/**
 * A BackendConfig (`cloud.google.com/v1`) for GKE Ingress: `GENERATED_COOKIE` affinity, an HTTP
 * health check on `/health`, a long backend timeout and connection draining
 * (kubernetes/ingress-gce pkg/apis/backendconfig/v1/types.go). The Service must carry
 * `backendConfigAnnotation(name)`.
 */
export class GkeBackendConfig extends SpecObject {
  constructor(scope: Construct, id: string, props: GkeBackendConfigProps) {
    const ttl = props.affinityCookieTtlSeconds;
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > 1209600))
      throw new Error(`BackendConfig ${props.metadata.name}: affinityCookieTtlSeconds is 0 to 1209600, got ${ttl}.`);
    super(scope, id, 'cloud.google.com/v1', 'BackendConfig', props.metadata, {
      timeoutSec: props.timeoutSeconds,
      connectionDraining: { drainingTimeoutSec: props.drainingTimeoutSeconds ?? 30 },
      healthCheck: {
        type: 'HTTP',
        requestPath: props.healthCheckPath,
        port: props.healthCheckPort,
        checkIntervalSec: 15,
        timeoutSec: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
      },
      ...(ttl !== undefined
        ? { sessionAffinity: { affinityType: 'GENERATED_COOKIE', affinityCookieTtlSec: ttl } }
        : {}),
    });
  }
}
