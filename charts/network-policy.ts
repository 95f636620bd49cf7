/**
 * NetworkPolicies (values `networkPolicy.*`, docs/security.md):
 * - `AppNetworkPolicy` selects the Open WebUI pods (components `app` and `migration`): ingress
 *   only from the ingress controller (namespace/pod labels, switchable, or CIDRs) and, when enabled, the
 *   monitoring namespace, on the app port; egress only to DNS, the database,
 *   Redis, model APIs, the services of typed URLs (Tika, Docling, Qdrant, Milvus, Chroma) and
 *   extra rules from values, plus in-release backends (`backends`). Egress to the Kubernetes API
 *   goes in a second policy selecting the migration pods only (`migrationApiAccess`): the app pods
 *   never call the API, and a policy is per pod, so giving them the API's wide port range would
 *   also open any HTTPS address to the Open WebUI container.
 * - `BackendNetworkPolicy` selects one in-release backend (`redis`, `postgresql`): ingress only
 *   from the app and the migrator (and its own pods, for replication), on its ports.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ServiceDestination, serviceEndpoints } from '../src/values/service-urls';
import { APP_PORT } from './app-pod';
import { Release } from './release';

/** Components that run the Open WebUI image: the serving pods and the migrator. */
export const APP_COMPONENTS = ['app', 'migration'] as const;

/** An in-release backend the app talks to. */
export interface BackendPeer {
  /** Component label of the backend pods, e.g. `redis`. */
  readonly component: string;
  /** Ports the app connects to, e.g. `[6379]`. */
  readonly ports: number[];
}

type Peer = {
  enabled: boolean;
  namespaceSelector?: { matchLabels: Record<string, string> };
  podSelector?: { matchLabels: Record<string, string> };
  cidrs: string[];
  except: string[];
  ports: number[];
  protocols: ('TCP' | 'UDP')[];
};

const ports = (list: number[], protocols: string[] = ['TCP']): k8s.NetworkPolicyPort[] =>
  protocols.flatMap((protocol) => list.map((p) => ({ protocol, port: k8s.IntOrString.fromNumber(p) })));

/** One egress rule for a peer from values, or none when it has no selector and no CIDR. */
function peerEgress(peer: Peer): k8s.NetworkPolicyEgressRule[] {
  if (!peer.enabled) return [];
  const to: k8s.NetworkPolicyPeer[] = [];
  if (peer.namespaceSelector || peer.podSelector)
    to.push({
      ...(peer.namespaceSelector ? { namespaceSelector: peer.namespaceSelector } : {}),
      ...(peer.podSelector ? { podSelector: peer.podSelector } : {}),
    });
  for (const cidr of peer.cidrs) {
    const except = peer.except.filter((e) => e !== cidr);
    to.push({ ipBlock: { cidr, ...(except.length ? { except } : {}) } });
  }
  return to.length ? [{ to, ports: ports(peer.ports, peer.protocols) }] : [];
}

/** The peer a NetworkPolicy can name for a service host (src/values/service-urls.ts). */
function destinationPeer(d: ServiceDestination, host: string): k8s.NetworkPolicyPeer {
  switch (d.kind) {
    case 'namespace':
      return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': d.namespace } } };
    case 'same-namespace':
      return { podSelector: {} };
    case 'cluster':
      return { namespaceSelector: {} };
    case 'any':
      return host.startsWith('[')
        ? { ipBlock: { cidr: '::/0' } }
        : { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } };
  }
}

/**
 * Egress to the services configured through typed URLs (Tika, Docling, Qdrant, Milvus, Chroma),
 * so that setting a URL is enough for the app to reach it. One rule per distinct destination and port.
 */
export function serviceUrlEgress(values: Release['values']): k8s.NetworkPolicyEgressRule[] {
  const rules = new Map<string, k8s.NetworkPolicyEgressRule>();
  for (const e of serviceEndpoints(values)) {
    if (!e.destination || !e.port || !e.host) continue;
    const rule = { to: [destinationPeer(e.destination, e.host)], ports: ports([e.port]) };
    rules.set(JSON.stringify(rule), rule);
  }
  return [...rules.values()];
}

export interface AppNetworkPolicyProps {
  /** The release. Reads `networkPolicy.*`. */
  readonly release: Release;
  /** In-release backends (Redis, PostgreSQL) the app and migrator may reach. @default [] */
  readonly backends?: BackendPeer[];
  /**
   * Let the migration pods (only them) reach the Kubernetes API, `networkPolicy.egress.kubernetesApi`
   * (the Job's old-pods waiter with `upgrade.strategy: recreate`). @default false
   */
  readonly migrationApiAccess?: boolean;
}

export class AppNetworkPolicy extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: AppNetworkPolicyProps) {
    super(scope, id);
    const { release } = props;
    const np = release.values.networkPolicy;
    this.name = release.fullname;
    const from: k8s.NetworkPolicyPeer[] = [
      ...(np.ingress.controllerPods
        ? [
            {
              namespaceSelector: np.ingress.namespaceSelector,
              ...(np.ingress.podSelector ? { podSelector: np.ingress.podSelector } : {}),
            },
          ]
        : []),
      ...np.ingress.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
      ...(np.monitoring.enabled ? [{ namespaceSelector: np.monitoring.namespaceSelector }] : []),
    ];
    const sel = release.selectorLabels('app');
    const egress: k8s.NetworkPolicyEgressRule[] = [
      ...peerEgress(np.egress.dns),
      ...(props.backends ?? []).map((b) => ({
        to: [{ podSelector: { matchLabels: release.selectorLabels(b.component) } }],
        ports: ports(b.ports),
      })),
      ...peerEgress(np.egress.database),
      ...peerEgress(np.egress.redis),
      ...peerEgress(np.egress.modelApis),
      ...serviceUrlEgress(release.values),
      ...(np.egress.extra as k8s.NetworkPolicyEgressRule[]),
    ];
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: release.metadata('app', this.name),
      spec: {
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/name': sel['app.kubernetes.io/name'],
            'app.kubernetes.io/instance': sel['app.kubernetes.io/instance'],
          },
          matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [...APP_COMPONENTS] }],
        },
        policyTypes: ['Ingress', 'Egress'],
        // A rule with an empty `from` would admit every source: with no peer, admit nothing.
        ingress: from.length ? [{ from, ports: ports([APP_PORT]) }] : [],
        egress,
      },
    });
    const api = props.migrationApiAccess ? peerEgress(np.egress.kubernetesApi) : [];
    if (api.length)
      new k8s.KubeNetworkPolicy(this, 'MigrationApi', {
        metadata: release.metadata('migration', release.objectName('migration-api')),
        spec: {
          podSelector: { matchLabels: release.selectorLabels('migration') },
          policyTypes: ['Egress'],
          egress: api,
        },
      });
  }
}

export interface BackendNetworkPolicyProps {
  /** The release. */
  readonly release: Release;
  /** The backend's component, e.g. `redis` or `postgresql`. */
  readonly backend: BackendPeer;
  /** Components allowed to connect. @default ['app', 'migration'] */
  readonly from?: readonly string[];
  /** Let the backend's own pods reach each other (replication, Sentinel). @default true */
  readonly allowSelf?: boolean;
  /** Extra labels and annotations on the policy (e.g. the development-only marks). @default none */
  readonly marks?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

export class BackendNetworkPolicy extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: BackendNetworkPolicyProps) {
    super(scope, id);
    const { release, backend } = props;
    if (backend.ports.length === 0)
      throw new Error(`BackendNetworkPolicy for ${backend.component}: give at least one port`);
    const sel = release.selectorLabels(backend.component);
    const from = [...(props.from ?? APP_COMPONENTS), ...((props.allowSelf ?? true) ? [backend.component] : [])];
    this.name = release.objectName(backend.component);
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: release.metadata(backend.component, this.name, props.marks ?? {}),
      spec: {
        podSelector: { matchLabels: sel },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                podSelector: {
                  matchLabels: {
                    'app.kubernetes.io/name': sel['app.kubernetes.io/name'],
                    'app.kubernetes.io/instance': sel['app.kubernetes.io/instance'],
                  },
                  matchExpressions: [
                    { key: 'app.kubernetes.io/component', operator: 'In', values: [...new Set(from)] },
                  ],
                },
              },
            ],
            ports: ports(backend.ports),
          },
        ],
      },
    });
  }
}
