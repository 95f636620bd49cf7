/**
 * NetworkPolicies (values `networkPolicy.*`, docs/security.md):
 * - `AppNetworkPolicy` selects the Open WebUI pods (components `app` and `migration`): ingress
 *   only from the ingress controller (namespace/pod labels, switchable, or CIDRs), on the app port
 *   (Open WebUI serves no metrics port, so no scraper is admitted); egress only to DNS, the database,
 *   Redis, model APIs, the services of typed URLs (Tika, Docling, Qdrant, Milvus, Chroma, the
 *   OpenTelemetry collector) and
 *   extra rules from values, plus in-release backends (`backends`). Egress to the Kubernetes API
 *   goes in a second policy selecting the migration pods only (`migrationApi`): the app pods
 *   never call the API, and a policy is per pod, so giving them the API's wide port range would
 *   also open any HTTPS address to the Open WebUI container.
 * - `BackendNetworkPolicy` selects one in-release backend (`redis`, `postgresql`): ingress only
 *   from the app and the migrator (and its own pods, for replication), on its ports, and from the
 *   scraper (`networkPolicy.monitoring`) on its metrics exporter's port only; egress only to DNS and
 *   its own pods on its ports (replication peers), so a compromised backend (e.g. a `replicaof` or a
 *   module that calls out) reaches nothing else.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { APP_COMPONENTS, ServiceDestination, ServiceEndpoint } from '../src/model';
import { Values } from '../src/values/schema';

type Peer = Values['networkPolicy']['egress']['dns'];

const ports = (list: number[], protocols: string[] = ['TCP']): k8s.NetworkPolicyPort[] =>
  protocols.flatMap((protocol) => list.map((p) => ({ protocol, port: k8s.IntOrString.fromNumber(p) })));

/** One egress rule for a peer from values, or none when it has no selector and no CIDR. */
export function peerEgress(peer: Peer): k8s.NetworkPolicyEgressRule[] {
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

/** The peer a NetworkPolicy can name for a service host (src/model/endpoints.ts). */
function destinationPeer(d: ServiceDestination, host: string): k8s.NetworkPolicyPeer {
  switch (d.kind) {
    case 'namespace':
      return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': d.namespace } } };
    case 'same-namespace':
      return { podSelector: {} };
    case 'cluster':
      return { namespaceSelector: {} };
    case 'address':
      return { ipBlock: { cidr: d.cidr } };
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
export function serviceUrlEgress(endpoints: readonly ServiceEndpoint[]): k8s.NetworkPolicyEgressRule[] {
  const rules = new Map<string, k8s.NetworkPolicyEgressRule>();
  for (const e of endpoints) {
    if (!e.destination || !e.port || !e.host) continue;
    const rule = { to: [destinationPeer(e.destination, e.host)], ports: ports([e.port]) };
    rules.set(JSON.stringify(rule), rule);
  }
  return [...rules.values()];
}

/** Egress to the pods of in-release backends (Redis, PostgreSQL), on their ports. */
export function backendEgress(
  backends: readonly { readonly selector: Record<string, string>; readonly ports: number[] }[],
): k8s.NetworkPolicyEgressRule[] {
  return backends.map((b) => ({ to: [{ podSelector: { matchLabels: b.selector } }], ports: ports(b.ports) }));
}

/** Pods of the release (name and instance labels) whose component is one of `components`. */
const componentsOf = (selector: Record<string, string>, components: readonly string[]): k8s.LabelSelector => ({
  matchLabels: {
    'app.kubernetes.io/name': selector['app.kubernetes.io/name'],
    'app.kubernetes.io/instance': selector['app.kubernetes.io/instance'],
  },
  matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [...new Set(components)] }],
});

export interface AppNetworkPolicyProps {
  /** Name, namespace, labels and annotations. */
  readonly metadata: k8s.ObjectMeta;
  /** Selector labels of the app pods; the policy selects the app and the migrator (their name and instance). */
  readonly appSelector: Record<string, string>;
  /** Who may connect to the app port; none: nobody. */
  readonly from: k8s.NetworkPolicyPeer[];
  /** The app's container port. */
  readonly port: number;
  /** Every egress rule, in order. */
  readonly egress: k8s.NetworkPolicyEgressRule[];
  /**
   * A second policy letting the migration pods (only them) reach the Kubernetes API (the Job's
   * old-pods waiter with `upgrade.strategy: recreate`). @default none
   */
  readonly migrationApi?: {
    readonly metadata: k8s.ObjectMeta;
    readonly selector: Record<string, string>;
    readonly egress: k8s.NetworkPolicyEgressRule[];
  };
}

/** L1 object: cdk8s-plus-28's NetworkPolicy builds peers from its own pod and namespace constructs and adds default rules. */
export class AppNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: AppNetworkPolicyProps) {
    super(scope, id);
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        podSelector: componentsOf(props.appSelector, APP_COMPONENTS),
        policyTypes: ['Ingress', 'Egress'],
        // A rule with an empty `from` would admit every source: with no peer, admit nothing.
        ingress: props.from.length ? [{ from: props.from, ports: ports([props.port]) }] : [],
        egress: props.egress,
      },
    });
    const api = props.migrationApi;
    if (api?.egress.length)
      new k8s.KubeNetworkPolicy(this, 'MigrationApi', {
        metadata: api.metadata,
        spec: { podSelector: { matchLabels: api.selector }, policyTypes: ['Egress'], egress: api.egress },
      });
  }
}

export interface BackendNetworkPolicyProps {
  /** Name, namespace, labels and annotations (e.g. the development-only marks). */
  readonly metadata: k8s.ObjectMeta;
  /** Selector labels of the backend's pods (its component among them). */
  readonly selector: Record<string, string>;
  /** Ports the app connects to, e.g. `[6379]`. */
  readonly ports: number[];
  /** Components allowed to connect. @default ['app', 'migration'] */
  readonly from?: readonly string[];
  /** Let the backend's own pods reach each other (replication, Sentinel), in and out. @default true */
  readonly allowSelf?: boolean;
  /**
   * A scraper admitted to metrics ports of the backend's pods (a metrics exporter sidecar), and to
   * nothing else. @default none
   */
  readonly scrapers?: { readonly from: k8s.NetworkPolicyPeer[]; readonly ports: number[] };
  /** Egress besides its own pods: DNS (the backends need nothing else). @default none */
  readonly egress?: k8s.NetworkPolicyEgressRule[];
}

/** Selects one in-release backend: ingress only from the app and the migrator (and itself), egress only to `egress` and itself. L1, as above. */
export class BackendNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: BackendNetworkPolicyProps) {
    super(scope, id);
    const component = props.selector['app.kubernetes.io/component'];
    if (props.ports.length === 0) throw new Error(`BackendNetworkPolicy for ${component}: give at least one port`);
    const self = props.allowSelf ?? true;
    const from = [...(props.from ?? APP_COMPONENTS), ...(self ? [component] : [])];
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        podSelector: { matchLabels: props.selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ podSelector: componentsOf(props.selector, from) }], ports: ports(props.ports) },
          // A rule with an empty `from` would admit every source: only with a peer.
          ...(props.scrapers?.from.length && props.scrapers.ports.length
            ? [{ from: props.scrapers.from, ports: ports(props.scrapers.ports) }]
            : []),
        ],
        egress: [
          ...(props.egress ?? []),
          ...(self ? [{ to: [{ podSelector: { matchLabels: props.selector } }], ports: ports(props.ports) }] : []),
        ],
      },
    });
  }
}
