/** Service and Ingress (with cookie session affinity per controller). */
import { z } from 'zod';
import { labelKeyProblem } from '../../k8s';
import {
  annotationMap,
  hostName,
  httpUrl,
  k8sSubdomainName,
  labelMap,
  RESERVED_LABEL_PREFIX,
  STANDARD_LABELS,
} from './primitives';

/** A qualified name as the API server validates `loadBalancerClass` and `appProtocol` (`[prefix/]name`). */
const qualifiedName = (example: string) =>
  z.string().superRefine((s, ctx) => {
    const problem = labelKeyProblem(s);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        input: s,
        params: { format: true },
        message: `${problem} (a qualified name such as "${example}")`,
      });
  });

export const serviceSchema = z
  .strictObject({
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).default('ClusterIP').meta({
      description:
        'Service type. `NodePort` and `LoadBalancer` expose the app beside any Ingress (warned), from addresses the app NetworkPolicy admits only when listed in `networkPolicy.ingress.cidrs`.',
    }),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(80)
      .meta({ description: 'Service port (the container always listens on 8080).' }),
    nodePort: z.number().int().min(1).max(65535).optional().meta({
      description:
        "Node port with `type: NodePort` or `LoadBalancer` (unset: Kubernetes picks one); it must lie in the cluster's service-node-port-range (default 30000-32767).",
    }),
    loadBalancerClass: qualifiedName('service.k8s.aws/nlb').optional().meta({
      description:
        'Load balancer implementation with `type: LoadBalancer`, e.g. "service.k8s.aws/nlb" (unset: the cloud provider\'s default). Immutable: changing it recreates the Service.',
    }),
    appProtocol: qualifiedName('kubernetes.io/ws').optional().meta({
      description:
        'Application protocol of the Service port, for load balancers and meshes that read it, e.g. "kubernetes.io/ws" (WebSocket over HTTP) or "http".',
    }),
    labels: labelMap({ keys: STANDARD_LABELS, prefixes: [RESERVED_LABEL_PREFIX] })
      .default({})
      .meta({ description: 'Extra Service labels (not the standard `app.kubernetes.io/*` labels the chart sets).' }),
    annotations: annotationMap().default({}).meta({ description: 'Service annotations.' }),
  })
  .prefault({})
  .meta({ description: 'Service in front of the app pods.' });

/**
 * The URL users type, which may differ in host and scheme from the Ingress/route host that is the
 * backend address (e.g. Entra App Proxy's https:// external URL in front of an internal HTTP load
 * balancer). An origin: scheme, host and optional port; Open WebUI serves from the root.
 */
export const publicUrlSchema = httpUrl()
  .refine(
    (u) => {
      try {
        const url = new URL(u);
        return !url.username && !url.password && !url.search && !url.hash && url.pathname === '/';
      } catch {
        return false;
      }
    },
    {
      message:
        'must be an origin such as "https://chat.example.com" or "http://chat.internal:8080": scheme, host and optional port, no path, query or user name (Open WebUI serves from the root)',
    },
  )
  .optional()
  .meta({
    description:
      'The URL users type in their browser: `WEBUI_URL`, the OAuth redirect URIs (`<publicUrl>/oauth/<provider>/callback`), the cookie `Secure` flags (with https) and, unless `openwebui.corsAllowOrigin` is set, `CORS_ALLOW_ORIGIN`. Set it when users reach the app through another host or scheme than the Ingress host or route host name (a TLS-terminating proxy such as Entra App Proxy in front of an internal load balancer); those then stay backend addresses. Unset: the first Ingress host (or route host name), as the load balancer serves it. Under persistent config a later change of `WEBUI_URL` needs the Admin UI.',
    examples: ['https://chat.example.com'],
  });

export const INGRESS_CONTROLLERS = ['nginx', 'alb', 'traefik', 'gce'] as const;

export const ingressSchema = z
  .strictObject({
    enabled: z.boolean().default(false).meta({ description: 'Render an Ingress.' }),
    controller: z.enum(INGRESS_CONTROLLERS).default('nginx').meta({
      description:
        'Which controller serves the Ingress; picks the annotations for cookie affinity, timeouts and health checks: `nginx` (ingress-nginx, retired: warning `ingress-nginx-retired`), `alb` (AWS Load Balancer Controller), `traefik`, or `gce` (GKE Ingress: a BackendConfig referenced from the Service).',
    }),
    className: z.string().optional().meta({
      description:
        'IngressClass name (default: "nginx", "alb" or "traefik" by controller). Not with `gce`: GKE Ingress ignores an Ingress that sets ingressClassName; its class is the `kubernetes.io/ingress.class` annotation the chart writes (`ingress.gce.internal`).',
    }),
    hosts: z
      .array(
        z.strictObject({
          host: hostName().meta({ description: 'Host name users reach, e.g. "chat.example.com".' }),
          paths: z
            .array(
              z.strictObject({
                path: z
                  .string()
                  .startsWith('/', { message: 'must start with "/"' })
                  .default('/')
                  .meta({ description: 'URL path routed to the app.' }),
                pathType: z
                  .enum(['Prefix', 'Exact', 'ImplementationSpecific'])
                  .default('Prefix')
                  .meta({ description: 'How the path matches (Kubernetes Ingress pathType).' }),
              }),
            )
            .default([{ path: '/', pathType: 'Prefix' }])
            .meta({ description: 'Paths of this host routed to the app.' }),
        }),
      )
      .default([])
      .meta({ description: 'Ingress rules, as in Helm charts: `[{host, paths: [{path, pathType}]}]`.' }),
    tls: z
      .array(
        z.strictObject({
          secretName: k8sSubdomainName().optional().meta({
            description: 'TLS Secret (omit for controllers that terminate TLS elsewhere, e.g. ALB with ACM).',
          }),
          hosts: z
            .array(hostName())
            .min(1)
            .meta({ description: 'Host names the certificate covers (each one of ingress.hosts).' }),
        }),
      )
      .default([])
      .meta({ description: 'TLS entries, as in Helm charts: `[{secretName, hosts}]`.' }),
    annotations: annotationMap()
      .default({})
      .meta({ description: 'Extra Ingress annotations; they win over generated ones.' }),
    sessionAffinity: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .meta({ description: 'Sticky sessions by cookie (fewer websocket reconnects).' }),
        cookieName: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/, { message: 'must be a cookie name: letters, digits, "_" and "-"' })
          .default('open-webui-affinity')
          .meta({ description: 'Affinity cookie name (nginx, Traefik; ALB names its own cookie).' }),
        maxAgeSeconds: z
          .number()
          .int()
          .min(1)
          .max(604800)
          .default(86400)
          .meta({ description: 'Lifetime of the affinity cookie.' }),
      })
      .prefault({})
      .meta({ description: 'Cookie session affinity at the load balancer.' }),
    nginx: z
      .strictObject({
        proxyBodySize: z
          .string()
          .regex(/^\d+[kmg]?$/, { message: 'must be an nginx size such as "100m"' })
          .default('100m')
          .meta({ description: 'Largest upload (nginx `proxy-body-size`).' }),
        proxyTimeoutSeconds: z
          .number()
          .int()
          .min(1)
          .max(86400)
          .default(3600)
          .meta({ description: 'Read/send timeout for long websocket and streaming connections.' }),
      })
      .prefault({})
      .meta({ description: 'ingress-nginx settings.' }),
    alb: z
      .strictObject({
        scheme: z
          .enum(['internal', 'internet-facing'])
          .default('internal')
          .meta({ description: 'Load balancer scheme.' }),
        listenPort: z
          .number()
          .int()
          .min(1)
          .max(65535)
          .default(80)
          .meta({ description: 'Port the load balancer listens on.' }),
        protocol: z.enum(['HTTP', 'HTTPS']).default('HTTP').meta({ description: 'Listener protocol.' }),
        certificateArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:acm:/, { message: 'must be an ACM certificate ARN' })
          .optional()
          .meta({ description: 'ACM certificate for an HTTPS listener.' }),
        groupName: z.string().optional().meta({ description: 'IngressGroup to share one ALB between Ingresses.' }),
        idleTimeoutSeconds: z
          .number()
          .int()
          .min(1)
          .max(4000)
          .default(3600)
          .meta({ description: 'ALB idle timeout for websocket and streaming connections.' }),
      })
      .prefault({})
      .meta({ description: 'AWS Load Balancer Controller settings.' }),
    gce: z
      .strictObject({
        internal: z.boolean().default(false).meta({
          description:
            'An internal Application Load Balancer (class annotation `gce-internal`; needs a proxy-only subnet) instead of the external one (`gce`).',
        }),
        timeoutSeconds: z.number().int().min(1).max(86400).default(3600).meta({
          description:
            "Backend service timeout (BackendConfig `timeoutSec`): GKE's default of 30 s cuts streamed answers, and Google's load balancers end websockets after it.",
        }),
      })
      .prefault({})
      .meta({
        description:
          'GKE Ingress settings (`controller: gce`): the chart renders a BackendConfig (cookie affinity, `/health` check, timeout) and references it, with container-native load balancing, from the Service.',
      }),
  })
  .prefault({})
  .meta({ description: 'Ingress.' });
