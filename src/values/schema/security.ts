/** Pod identity (root or not) and NetworkPolicies. Documented in docs/security.md. */
import { z } from 'zod';
import { cidr, labelMap } from './primitives';

const id = () => z.number().int().min(1).max(2147483647);

export const nonRootSchema = z
  .strictObject({
    enabled: z.boolean().default(false).meta({
      description:
        'Run every Open WebUI pod as a non-root user. The stock image runs as root: turn this on only with an image built with the `UID`/`GID` build args (or one whose files are owned by `uid`). Then the namespace enforces Pod Security "restricted" instead of "baseline".',
    }),
    uid: id().default(1000).meta({ description: 'runAsUser of the app pods (the `UID` the image was built with).' }),
    gid: id().default(1000).meta({ description: 'runAsGroup of the app pods (the `GID` the image was built with).' }),
    fsGroup: id().default(1000).meta({
      description:
        'fsGroup: the group that owns mounted volumes (the data volume) so the non-root user can write them.',
    }),
  })
  .prefault({})
  .meta({ description: 'Non-root switch for images that support it (see docs/security.md).' });

export const labelSelector = () =>
  z
    .strictObject({ matchLabels: labelMap().default({}).meta({ description: 'Labels that must all match.' }) })
    .meta({ description: 'A label selector (matchLabels).' });

const port = () => z.number().int().min(1).max(65535);

/** Where traffic may go: pods selected by namespace/pod labels, and/or CIDR blocks, on ports. */
const peerRule = (
  what: string,
  ports: number[],
  protocols: ('TCP' | 'UDP')[] = ['TCP'],
  defaults: {
    namespaceSelector?: { matchLabels: Record<string, string> };
    podSelector?: { matchLabels: Record<string, string> };
    cidrs?: string[];
    except?: string[];
  } = {},
  /** Completes "IP blocks of <what>", e.g. "(for services outside the cluster, e.g. RDS)". */
  cidrsHint = '',
) =>
  z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .meta({ description: `Allow egress to ${what}.` }),
      // Default selectors are defaults of the keys themselves, so that setting another key of the
      // peer (e.g. `dns.cidrs` for NodeLocal DNSCache) keeps them; the CIDR defaults below are the
      // peer's (`prefault`): listing your own `cidrs` replaces them together with their `except`.
      namespaceSelector: (defaults.namespaceSelector
        ? labelSelector().default(defaults.namespaceSelector)
        : labelSelector().optional()
      ).meta({
        description: `Namespaces of ${what} (with podSelector: pods in those namespaces).`,
      }),
      podSelector: (defaults.podSelector
        ? labelSelector().default(defaults.podSelector)
        : labelSelector().optional()
      ).meta({ description: `Pods of ${what}.` }),
      cidrs: z
        .array(cidr())
        .default([])
        .meta({ description: `IP blocks of ${what}${cidrsHint ? ` ${cidrsHint}` : ''}.` }),
      except: z.array(cidr()).default([]).meta({ description: 'IP blocks carved out of `cidrs`.' }),
      ports: z
        .array(port())
        .min(1)
        .default(ports)
        .meta({ description: `Ports of ${what}.` }),
      protocols: z
        .array(z.enum(['TCP', 'UDP']))
        .min(1)
        .default(protocols)
        .meta({ description: 'Protocols on those ports.' }),
    })
    .prefault({
      ...(defaults.cidrs ? { cidrs: defaults.cidrs } : {}),
      ...(defaults.except ? { except: defaults.except } : {}),
    })
    .meta({ description: `Egress to ${what}. With no selector and no cidrs, nothing is allowed.` });

export const networkPolicySchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({
      description:
        'Render NetworkPolicies: the app (and Redis, PostgreSQL when rendered) accept only the traffic listed here.',
    }),
    ingress: z
      .strictObject({
        controllerPods: z.boolean().default(true).meta({
          description:
            'Admit the ingress controller pods chosen by `namespaceSelector` (and `podSelector`): with `ingress.enabled`, or when neither an Ingress nor a route is rendered (an Ingress managed elsewhere); not when `route` is the only way in. Turn off when the load balancer is not a pod, e.g. an AWS ALB in IP target mode or GKE Ingress: it reaches the pods from outside the cluster (list its ranges in `cidrs`).',
        }),
        namespaceSelector: labelSelector()
          .default({ matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } })
          .meta({
            description:
              'Namespace of the ingress controller pods that may reach the app (with `controllerPods`). Must name labels: an empty selector matches every namespace (refused).',
          }),
        podSelector: labelSelector().optional().meta({
          description: 'Ingress controller pods inside that namespace (default: every pod of the namespace).',
        }),
        cidrs: z.array(cidr()).default([]).meta({
          description:
            'IP blocks that may reach the app directly, e.g. the VPC subnets of an AWS ALB in IP target mode (it is not a pod).',
        }),
        gateway: z
          .strictObject({
            enabled: z.boolean().default(true).meta({
              description:
                "Admit the data plane of the Gateways in `route.parentRefs` (with `route.enabled`). Turn off only when something else admits it, e.g. a CiliumNetworkPolicy for Cilium's reserved `ingress` identity.",
            }),
            namespaceSelector: labelSelector().optional().meta({
              description:
                "Namespace of the Gateway's proxy pods. Default per `route.implementation`: `envoy-gateway` envoy-gateway-system; `istio`, `kgateway`, `nginx-gateway-fabric` the Gateway's namespace; `traefik` traefik; none for `gke`, `aws-load-balancer-controller`, `cilium`, `none` (their proxies are not pods a NetworkPolicy can name). Must name labels: an empty selector matches every namespace (refused).",
            }),
            podSelector: labelSelector().optional().meta({
              description:
                "The Gateway's proxy pods. Default per `route.implementation`: `envoy-gateway` the proxies of each Gateway (`app.kubernetes.io/name: envoy`, `gateway.envoyproxy.io/owning-gateway-name`/`-namespace`); `istio`, `kgateway`, `nginx-gateway-fabric` `gateway.networking.k8s.io/gateway-name: <Gateway>`; `traefik` `app.kubernetes.io/name: traefik`.",
            }),
            cidrs: z.array(cidr()).optional().meta({
              description:
                "IP blocks the data plane connects from, when it is outside the cluster. Default per `route.implementation`: `gke` Google's load balancer ranges 35.191.0.0/16 and 130.211.0.0/22 (add the proxy-only subnet for regional and internal GatewayClasses); `aws-load-balancer-controller` none: list the ALB's VPC subnets; others none.",
            }),
          })
          .prefault({})
          .meta({
            description:
              'The Gateway API data plane that may reach the app (with `route.enabled`): typed defaults per `route.implementation`, docs/gateway-api.md#networkpolicy.',
          }),
      })
      .prefault({})
      .meta({ description: 'Who may open connections to the app port.' }),
    monitoring: z
      .strictObject({
        enabled: z.boolean().default(false).meta({ description: 'Let a monitoring namespace scrape the app port.' }),
        namespaceSelector: labelSelector()
          .default({ matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } })
          .meta({
            description: 'Monitoring namespace. Must name labels: an empty selector matches every namespace (refused).',
          }),
      })
      .prefault({})
      .meta({ description: 'Metrics scraping.' }),
    egress: z
      .strictObject({
        dns: peerRule(
          'cluster DNS',
          [53],
          ['UDP', 'TCP'],
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
          '(e.g. NodeLocal DNSCache: 169.254.20.10/32 plus the node CIDRs, see docs/security.md)',
        ),
        kubernetesApi: peerRule(
          "the Kubernetes API server, from the migration pods only and only with `upgrade.strategy: recreate`: the Job waits there until the previous version's pods are gone; app pods never reach the API (narrow `cidrs` to the addresses of `kubectl get endpoints kubernetes`)",
          [443, 6443],
          ['TCP'],
          {
            // The API server is reached at its endpoint address (after the Service's DNAT), which is
            // cluster-specific; the default allows its ports anywhere but the cloud metadata range.
            cidrs: ['0.0.0.0/0'],
            except: ['169.254.0.0/16'],
          },
          '(its endpoint addresses; default: any address but 169.254.0.0/16)',
        ),
        database: peerRule(
          'the PostgreSQL database',
          [5432],
          ['TCP'],
          {},
          '(for a database outside the cluster, e.g. the RDS subnets)',
        ),
        redis: peerRule('Redis', [6379], ['TCP'], {}, '(for Redis outside the cluster, e.g. the ElastiCache subnets)'),
        modelApis: peerRule(
          'model APIs (OpenAI-compatible endpoints, Ollama) and other HTTPS services',
          [443],
          ['TCP'],
          {
            // The internet, but not private ranges nor link-local (the cloud metadata endpoint 169.254.169.254).
            cidrs: ['0.0.0.0/0'],
            except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'],
          },
          '(default: any public address)',
        ),
        extra: z.array(z.record(z.string(), z.unknown())).default([]).meta({
          description:
            'Extra egress rules, as Kubernetes NetworkPolicyEgressRule objects (validated by `npm run check`).',
        }),
      })
      .prefault({})
      .meta({ description: 'Where app pods may open connections. Each peer is off until it has a selector or CIDR.' }),
  })
  .prefault({})
  .meta({ description: 'NetworkPolicies (default on).' });
