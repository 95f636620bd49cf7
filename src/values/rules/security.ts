/**
 * Security rules over values: a values change that weakens the hardened defaults fails here,
 * before anything renders (the `check` command enforces the same on rendered objects).
 */
import { requiredSecretEntries } from '../secret-entries';
import { serviceEndpoints } from '../service-urls';
import { isIPv4 } from '../../k8s';
import { Finding, finding, Rule } from './rule';

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

export const securityRules: Rule[] = [
  {
    id: 'secrets-external-secret',
    severity: 'error',
    docs: `${SECURITY_DOCS}#secrets`,
    check: (v) => {
      const es = v.secrets.externalSecret;
      if (v.secrets.source !== 'externalSecret') {
        const set =
          es.storeRef.name !== undefined ||
          es.remoteKey !== undefined ||
          Object.values(es.properties).some((p) => p !== undefined);
        return set
          ? [
              finding(
                ['secrets', 'externalSecret'],
                `secrets.externalSecret is set but secrets.source is "${v.secrets.source}", so it would be ignored.`,
                'Set secrets.source: externalSecret, or remove secrets.externalSecret.',
              ),
            ]
          : [];
      }
      const out: Finding[] = [];
      if (!es.storeRef.name)
        out.push(
          finding(
            ['secrets', 'externalSecret', 'storeRef', 'name'],
            'secrets.source is externalSecret but no SecretStore is named.',
            'Set secrets.externalSecret.storeRef.name (and kind: ClusterSecretStore or SecretStore).',
          ),
        );
      if (v.secrets.existingSecret)
        out.push(
          finding(
            ['secrets', 'existingSecret'],
            'secrets.existingSecret is set but secrets.source is externalSecret: the ExternalSecret creates the Secret itself.',
            'Remove secrets.existingSecret.',
          ),
        );
      const missing = requiredSecretEntries(v).filter(({ entry }) => !es.remoteKey && !es.properties[entry]?.remoteKey);
      for (const { entry, why } of missing) {
        out.push(
          finding(
            ['secrets', 'externalSecret', 'remoteKey'],
            `No remote key for ${entry}, which is required because ${why}.`,
            `Set secrets.externalSecret.remoteKey (one remote secret with every value as a JSON property) or secrets.externalSecret.properties.${entry}.remoteKey.`,
          ),
        );
      }
      return out;
    },
  },
  {
    id: 'security-context-hardened',
    severity: 'error',
    docs: `${SECURITY_DOCS}#secure-defaults`,
    check: (v) => {
      const out: Finding[] = [];
      const sc = v.securityContext as Obj;
      const path = (...p: string[]) => ['securityContext', ...p];
      if (sc.privileged === true)
        out.push(
          finding(
            path('privileged'),
            'Privileged containers are never allowed.',
            'Remove securityContext.privileged.',
            true,
          ),
        );
      if (sc.allowPrivilegeEscalation !== false)
        out.push(
          finding(
            path('allowPrivilegeEscalation'),
            'securityContext.allowPrivilegeEscalation must be false.',
            'Set securityContext.allowPrivilegeEscalation: false.',
            sc.allowPrivilegeEscalation,
          ),
        );
      const drop: unknown = sc.capabilities?.drop;
      if (!Array.isArray(drop) || !drop.includes('ALL'))
        out.push(
          finding(
            path('capabilities', 'drop'),
            'Every capability must be dropped.',
            'Set securityContext.capabilities.drop: [ALL].',
            drop,
          ),
        );
      const add: unknown = sc.capabilities?.add;
      if (Array.isArray(add) && add.length)
        out.push(
          finding(
            path('capabilities', 'add'),
            `No capability may be added (got ${add.join(', ')}); Open WebUI listens on 8080 and needs none.`,
            'Remove securityContext.capabilities.add.',
            add,
          ),
        );
      const seccomp = sc.seccompProfile?.type;
      if (seccomp !== undefined && seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
        out.push(
          finding(
            path('seccompProfile', 'type'),
            `seccomp profile ${seccomp} is not allowed.`,
            'Use seccompProfile.type: RuntimeDefault (or Localhost with a profile).',
            seccomp,
          ),
        );
      const psc = v.podSecurityContext as Obj;
      const pseccomp = psc.seccompProfile?.type;
      if (pseccomp !== undefined && pseccomp !== 'RuntimeDefault' && pseccomp !== 'Localhost')
        out.push(
          finding(
            ['podSecurityContext', 'seccompProfile', 'type'],
            `seccomp profile ${pseccomp} is not allowed.`,
            'Remove it: pods get RuntimeDefault.',
            pseccomp,
          ),
        );
      return out;
    },
  },
  {
    id: 'security-non-root-consistent',
    severity: 'error',
    docs: `${SECURITY_DOCS}#running-as-non-root`,
    check: (v) => {
      if (!v.nonRoot.enabled) return [];
      const out: Finding[] = [];
      const psc = v.podSecurityContext as Obj;
      const sc = v.securityContext as Obj;
      if (psc.runAsUser === 0)
        out.push(
          finding(
            ['podSecurityContext', 'runAsUser'],
            'nonRoot.enabled is true but podSecurityContext.runAsUser is 0 (root).',
            'Remove podSecurityContext.runAsUser and set nonRoot.uid.',
            0,
          ),
        );
      if (sc.runAsUser === 0)
        out.push(
          finding(
            ['securityContext', 'runAsUser'],
            'nonRoot.enabled is true but securityContext.runAsUser is 0 (root).',
            'Remove securityContext.runAsUser and set nonRoot.uid.',
            0,
          ),
        );
      if (psc.runAsNonRoot === false || sc.runAsNonRoot === false)
        out.push(
          finding(
            [psc.runAsNonRoot === false ? 'podSecurityContext' : 'securityContext', 'runAsNonRoot'],
            'nonRoot.enabled is true but runAsNonRoot is false.',
            'Remove runAsNonRoot: false.',
            false,
          ),
        );
      return out;
    },
  },
  {
    id: 'network-policy-ingress-selector',
    // An error: an empty namespaceSelector in a NetworkPolicy peer matches every namespace, so the
    // policy would admit every pod of the cluster to the app port while looking restrictive.
    severity: 'error',
    docs: `${SECURITY_DOCS}#networkpolicies`,
    check: (v) => {
      const np = v.networkPolicy;
      if (!np.enabled) return [];
      const out: Finding[] = [];
      const empty = (s?: { matchLabels: Record<string, string> }) => !s || Object.keys(s.matchLabels).length === 0;
      if (np.ingress.controllerPods && empty(np.ingress.namespaceSelector)) {
        out.push(
          finding(
            ['networkPolicy', 'ingress', 'namespaceSelector', 'matchLabels'],
            `networkPolicy.ingress.namespaceSelector has no labels: an empty namespace selector matches every namespace, so every pod of the cluster${empty(np.ingress.podSelector) ? '' : ' carrying the podSelector labels'} could reach the app on port 8080.`,
            'Name the ingress controller namespace (matchLabels: {kubernetes.io/metadata.name: ingress-nginx}), or set networkPolicy.ingress.controllerPods: false and list the load balancer subnets in networkPolicy.ingress.cidrs.',
            {},
          ),
        );
      }
      if (np.monitoring.enabled && empty(np.monitoring.namespaceSelector)) {
        out.push(
          finding(
            ['networkPolicy', 'monitoring', 'namespaceSelector', 'matchLabels'],
            'networkPolicy.monitoring.namespaceSelector has no labels: an empty namespace selector matches every namespace, so every pod of the cluster could reach the app on port 8080.',
            'Name the monitoring namespace (matchLabels: {kubernetes.io/metadata.name: monitoring}), or set networkPolicy.monitoring.enabled: false.',
            {},
          ),
        );
      }
      return out;
    },
  },
  {
    id: 'network-policy-ingress-none',
    // A warning: nothing is weakened, but the Service would answer no one.
    severity: 'warning',
    docs: `${SECURITY_DOCS}#networkpolicies`,
    check: (v) => {
      const np = v.networkPolicy;
      if (!np.enabled || np.ingress.controllerPods || np.ingress.cidrs.length || np.monitoring.enabled) return [];
      return [
        finding(
          ['networkPolicy', 'ingress'],
          'networkPolicy.ingress.controllerPods is false and networkPolicy.ingress.cidrs is empty: the app NetworkPolicy admits no traffic at all, so no load balancer can reach the app.',
          'List the load balancer subnets in networkPolicy.ingress.cidrs, or set networkPolicy.ingress.controllerPods: true.',
        ),
      ];
    },
  },
  {
    id: 'network-policy-egress',
    // A warning: a missing peer breaks the app at run time but weakens nothing.
    severity: 'warning',
    docs: `${SECURITY_DOCS}#networkpolicies`,
    check: (v) => {
      if (!v.networkPolicy.enabled) return [];
      const out: Finding[] = [];
      const e = v.networkPolicy.egress;
      // The release's own PostgreSQL/Redis are wired automatically (charts/open-webui-chart.ts).
      if (v.database.type === 'postgresql' && !v.database.inCluster.enabled && !peerConfigured(e.database)) {
        out.push(
          finding(
            ['networkPolicy', 'egress', 'database'],
            'NetworkPolicies are on but the app may not reach PostgreSQL: networkPolicy.egress.database names no pods and no CIDR.',
            'Set networkPolicy.egress.database.cidrs (e.g. your RDS subnets) or namespaceSelector/podSelector of the database pods, or networkPolicy.enabled: false.',
          ),
        );
      }
      if (v.redis.enabled && v.redis.mode !== 'internal' && !peerConfigured(e.redis)) {
        out.push(
          finding(
            ['networkPolicy', 'egress', 'redis'],
            'NetworkPolicies are on but the app may not reach Redis: networkPolicy.egress.redis names no pods and no CIDR.',
            'Set networkPolicy.egress.redis.cidrs (e.g. your ElastiCache subnets) or namespaceSelector/podSelector of the Redis pods, or networkPolicy.enabled: false.',
          ),
        );
      }
      return out;
    },
  },
  {
    id: 'network-policy-service-url',
    // A warning: the app would not reach the service at run time, but nothing is weakened.
    severity: 'warning',
    docs: `${SECURITY_DOCS}#egress-to-configured-services`,
    check: (v) => {
      if (!v.networkPolicy.enabled) return [];
      return serviceEndpoints(v)
        .filter((e) => e.problem)
        .map((e) =>
          finding(
            e.path,
            `NetworkPolicies are on but no egress rule can be derived from ${e.path.join('.')} (${e.problem}), so the app may not reach this service.`,
            `Write the URL as scheme://host[:port] (e.g. "http://tika.tika.svc.cluster.local:9998"), or allow the traffic with networkPolicy.egress.extra, or set networkPolicy.enabled: false.`,
            e.url,
          ),
        );
    },
  },
  {
    id: 'network-policy-kubernetes-api-wide',
    // A warning: the default keeps the Job's old-pods waiter working on every cluster; narrowing it
    // needs the cluster's own API server addresses. Only the migration pods get the rule, and only
    // with `recreate` (charts/network-policy.ts); the app pods never reach the API.
    severity: 'warning',
    docs: `${SECURITY_DOCS}#egress-to-the-kubernetes-api`,
    check: (v) => {
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
    },
  },
];
