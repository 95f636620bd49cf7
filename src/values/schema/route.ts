/**
 * `route.*`: the Gateway API way in (an HTTPRoute to the app Service), beside `ingress`, with
 * session persistence by implementation. The model (src/model/gateway.ts: `routeModel`,
 * `sessionPersistencePlan`) derives what each implementation needs; the top chart renders it with
 * charts/gateway/; rules in src/rules/route.ts refuse what would not work. Docs: docs/gateway-api.md.
 */
import { z } from 'zod';
import { GATEWAY_DURATION, gatewayHostnameProblem, gatewayPathProblem } from '../../k8s';
import { annotationMap, k8sLabelName, k8sSubdomainName, intRange, sessionAffinity } from './primitives';

export const ROUTE_IMPLEMENTATIONS = [
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

/** Gateway API duration (GEP-2257), as the HTTPRoute CRD's pattern accepts. */
const gatewayDuration = () =>
  z.string().regex(GATEWAY_DURATION, {
    message: 'must be a Gateway API duration such as "1h", "90s" or "1h30m" (up to 5 digits per unit; "0s" = no limit)',
  });

const parentRef = z
  .strictObject({
    name: k8sSubdomainName().meta({ description: 'Gateway name.' }),
    namespace: k8sLabelName().optional().meta({
      description:
        'Gateway namespace (default: the release namespace). Its listener must allow routes from the release namespace (`allowedRoutes.namespaces`).',
    }),
    sectionName: k8sSubdomainName().optional().meta({
      description: 'Listener name on that Gateway, e.g. `https` (default: every listener that fits).',
    }),
  })
  .meta({ description: 'A Gateway listener the route attaches to.' });

export const routeSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .meta({ description: 'Render an HTTPRoute (Gateway API `gateway.networking.k8s.io/v1`).' }),
    implementation: z.enum(ROUTE_IMPLEMENTATIONS).default('none').meta({
      description:
        'Which Gateway API implementation runs the Gateway; decides how session affinity is rendered: `envoy-gateway`, `cilium`, `kgateway` (cookie `sessionPersistence` on the route rule; needs the Gateway API experimental-channel CRDs), `istio` (a DestinationRule with consistent-hash cookie), `aws-load-balancer-controller` (a TargetGroupConfiguration with `lb_cookie` stickiness and `/health` checks), `gke` (GCPSessionAffinityPolicy, HealthCheckPolicy, GCPBackendPolicy), `nginx-gateway-fabric` (route cookie, honoured by NGINX Plus only: a warning), `traefik` (no session persistence: affinity is refused), `none` (no affinity).',
    }),
    parentRefs: z.array(parentRef).default([]).meta({
      description:
        'Gateway listeners the route attaches to (at least one when enabled), e.g. `[{name: shared, namespace: gateways, sectionName: https}]`.',
    }),
    alongsideIngress: z.boolean().default(false).meta({
      description:
        'Serve through the route and the Ingress at the same time, on purpose (e.g. while moving users from an Ingress to a Gateway). Without it, `route.enabled` with `ingress.enabled` is refused: two ways in are two addresses to keep in sync.',
    }),
    hostnames: z
      .array(
        z.string().superRefine((h, ctx) => {
          const problem = gatewayHostnameProblem(h);
          if (problem)
            ctx.addIssue({ code: 'custom', message: `${problem}, such as "chat.example.com" or "*.example.com"` });
        }),
      )
      .default([])
      .meta({
        description:
          'Host names users reach (they feed WEBUI_URL and CORS_ALLOW_ORIGIN like Ingress hosts, with `route.origin`); empty: every host the listener accepts.',
      }),
    origin: z
      .strictObject({
        scheme: z.enum(['https', 'http']).default('https').meta({
          description:
            "Scheme users' browsers use: `https` when the Gateway's listener terminates TLS (or something in front of it does).",
        }),
        port: intRange(1, 65535).optional().meta({
          description:
            'Port users reach the host names on, when it is not the default of the scheme (443, 80), e.g. an internal ALB listener on 8080 or a `kubectl port-forward` to the Gateway on a laptop.',
        }),
      })
      .prefault({})
      .meta({
        description:
          "How users reach the route's host names (the Gateway and its listeners are not rendered here): WEBUI_URL and CORS_ALLOW_ORIGIN become `<scheme>://<hostname>[:<port>]`.",
      }),
    paths: z
      .array(
        z.strictObject({
          type: z.enum(['PathPrefix', 'Exact']).default('PathPrefix').meta({ description: 'How the path matches.' }),
          value: z
            .string()
            .superRefine((v, ctx) => {
              const problem = gatewayPathProblem(v);
              if (problem) ctx.addIssue({ code: 'custom', message: problem });
            })
            .default('/')
            .meta({ description: 'URL path routed to the app.' }),
        }),
      )
      .default([{ type: 'PathPrefix', value: '/' }])
      .meta({ description: 'Path matches routed to the app.' }),
    timeouts: z
      .strictObject({
        request: gatewayDuration().default('1h').meta({
          description:
            'Longest time for a whole request, streaming included (`rules[].timeouts.request`). One hour: streamed chat answers, model download progress and uploads with embedding outlast implementation defaults (Envoy Gateway 15 s).',
        }),
        backendRequest: gatewayDuration()
          .default('1h')
          .meta({ description: 'Longest time for one call from the gateway to a pod (at most `request`).' }),
      })
      .prefault({})
      .meta({
        description:
          'Route timeouts. GKE and the AWS Load Balancer Controller take them from their own objects instead (GCPBackendPolicy `timeoutSec`, the ALB idle timeout), rendered from `request`.',
      }),
    httpsRedirect: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .meta({ description: 'Also render a route that redirects plain HTTP to https.' }),
        parentRefs: z.array(parentRef).default([]).meta({
          description:
            'The plain-HTTP listener(s) that answer with the redirect, e.g. `[{name: shared, sectionName: http}]`.',
        }),
      })
      .prefault({})
      .meta({ description: 'HTTP -> HTTPS redirect (a second HTTPRoute, `<fullname>-https-redirect`).' }),
    sessionAffinity: sessionAffinity(
      'Affinity cookie name (the ALB and GKE name their own cookies).',
      'Lifetime of the affinity cookie (GKE: at most 86400).',
      'Cookie session affinity at the gateway, rendered the way `implementation` honours it.',
    ),
    aws: z
      .strictObject({
        apiVersion: z.enum(['gateway.k8s.aws/v1', 'gateway.k8s.aws/v1beta1']).default('gateway.k8s.aws/v1').meta({
          description:
            'API version of the controller CRDs: `v1` needs AWS Load Balancer Controller v3.5.0+; `v1beta1` (v3.0-v3.4) is deprecated.',
        }),
        loadBalancerConfiguration: z.boolean().default(false).meta({
          description:
            'Render a LoadBalancerConfiguration (scheme, idle timeout) for the Gateway to reference through `infrastructure.parametersRef`.',
        }),
        scheme: z.enum(['internal', 'internet-facing']).default('internal').meta({ description: 'ALB scheme.' }),
        loadBalancerName: z
          .string()
          .regex(/^(?!internal-)[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/, {
            message:
              'must be an ALB name: 1-32 letters, digits and hyphens, no hyphen at either end, not starting with "internal-"',
          })
          .optional()
          .meta({
            description:
              'Name of the ALB (LoadBalancerConfiguration `loadBalancerName`; default: the controller generates one). Naming it lets `slo.requestMetrics.source: alb` find its CloudWatch metrics.',
          }),
      })
      .prefault({})
      .meta({ description: 'AWS Load Balancer Controller settings (`implementation: aws-load-balancer-controller`).' }),
    annotations: annotationMap().default({}).meta({ description: 'Extra annotations on the route(s).' }),
  })
  .prefault({})
  .meta({ description: 'Gateway API HTTPRoute (the way in beside `ingress`).' });
