/**
 * Issue 10 item 6: NetworkPolicies that mean what they say. The in-cluster Redis and the
 * development PostgreSQL may open connections to DNS and their own pods (replication peers)
 * only; the aws app policy admits the ALB's subnets, not the whole VPC, and plan says so.
 */
import { Any, problemsOfEnv, renderEnv } from '../support';
import { planEnvironment } from '../../src/plan/plan';
import { resolveEnv } from '../support';

const policy = (env: string, name: string): Any =>
  renderEnv(env).find((o) => o.kind === 'NetworkPolicy' && o.metadata?.name === name) as Any;

describe('in-release backends have egress policies', () => {
  test.each([
    ['open-webui-redis', 'redis', 6379],
    ['open-webui-postgresql', 'postgresql', 5432],
  ])('%s: egress only to DNS and its own pods on its port', (name, component, port) => {
    const p = policy('local', name);
    expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(p.spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
      {
        to: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'open-webui',
                'app.kubernetes.io/instance': 'open-webui',
                'app.kubernetes.io/component': component,
              },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port }],
      },
    ]);
  });
  test('NodeLocal DNSCache addresses in the dns peer reach the backends too', () => {
    const p = renderEnv('local', { networkPolicy: { egress: { dns: { cidrs: ['169.254.20.10/32'] } } } }).find(
      (o) => o.kind === 'NetworkPolicy' && o.metadata?.name === 'open-webui-redis',
    ) as Any;
    expect(JSON.stringify(p.spec.egress[0])).toContain('169.254.20.10/32');
  });
});

describe('aws: the app port admits the load balancer subnets, not the VPC', () => {
  test('the rendered ingress rule names exactly the ALB subnets', () => {
    const p = policy('aws', 'open-webui');
    expect(p.spec.ingress).toEqual([
      {
        from: [{ ipBlock: { cidr: '10.0.0.0/24' } }, { ipBlock: { cidr: '10.0.1.0/24' } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
  });
  test('plan says who may connect to port 8080', () => {
    const md = planEnvironment(resolveEnv('aws'));
    expect(md).toContain(
      "- **Who may connect to port 8080:** the load balancer's subnets `10.0.0.0/24`, `10.0.1.0/24` only (pods elsewhere in the VPC are not admitted)",
    );
    // production serves through Envoy Gateway: its data-plane pods, read from the model's peers
    expect(planEnvironment(resolveEnv('production'))).toMatch(
      /Who may connect to port 8080:\*\* pods `app\.kubernetes\.io\/name=envoy`.* in namespaces `kubernetes\.io\/metadata\.name=envoy-gateway-system`$/m,
    );
  });
  test('a VPC-wide cidrs block with an ALB is warned about (pods bypass the ALB)', () => {
    const warnings = problemsOfEnv('aws', {
      networkPolicy: { ingress: { loadBalancerSubnets: [], cidrs: ['10.0.0.0/16'] } },
    });
    const w = warnings.find((p) => p.id === 'network-policy-ingress-bypass');
    expect(w?.severity).toBe('warning');
    expect(w?.path).toEqual(['networkPolicy', 'ingress', 'cidrs']);
    expect(problemsOfEnv('aws').map((p) => p.id)).not.toContain('network-policy-ingress-bypass');
  });
});
