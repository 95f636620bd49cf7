/**
 * The Service: type, nodePort, loadBalancerClass, appProtocol, labels and annotations rendered as
 * the API server takes them; what it refuses is refused at the values key; exposing the app beside
 * the Ingress, past the NetworkPolicy or without session affinity is warned.
 */
import { impactsOf } from '../../src/diff/impact';
import { diffObjects, ObjectChange } from '../../src/diff/semantic';
import { Any, errorsOf, find, problemsOf, render, renderEnv, schemaProblems } from '../support';

const service = (yaml = '') => find(render(yaml), 'Service', 'open-webui') as Any;
const at = (yaml: string, id: string) =>
  problemsOf(yaml)
    .filter((p) => p.id === id)
    .map((p) => `${p.severity} ${p.path.join('.')}`);

describe('rendered Service', () => {
  it('is a ClusterIP Service on the app port by default, with nothing else', () => {
    const s = service();
    expect(s.spec.type).toBe('ClusterIP');
    expect(s.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(s.spec.loadBalancerClass).toBeUndefined();
  });

  it('carries type, nodePort, loadBalancerClass, appProtocol, labels and annotations', () => {
    const s = service(
      'service:\n  type: LoadBalancer\n  port: 8080\n  nodePort: 31080\n  loadBalancerClass: service.k8s.aws/nlb\n  appProtocol: kubernetes.io/ws\n  labels: {team: chat}\n  annotations: {service.beta.kubernetes.io/aws-load-balancer-scheme: internal}\n',
    );
    expect(s.spec.type).toBe('LoadBalancer');
    expect(s.spec.loadBalancerClass).toBe('service.k8s.aws/nlb');
    expect(s.spec.ports).toEqual([
      {
        name: 'http',
        port: 8080,
        targetPort: 'http',
        protocol: 'TCP',
        nodePort: 31080,
        appProtocol: 'kubernetes.io/ws',
      },
    ]);
    expect(s.metadata.labels).toMatchObject({ team: 'chat', 'app.kubernetes.io/component': 'app' });
    expect(s.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
    expect(schemaProblems(s)).toEqual([]);
  });

  it('keeps its selector whatever labels it carries', () => {
    expect(service('service:\n  labels: {team: chat}\n').spec.selector).toEqual(service().spec.selector);
  });
});

describe('refusals, at the values key', () => {
  it('a nodePort on a ClusterIP Service, a loadBalancerClass on a non-LoadBalancer Service', () => {
    expect(at('service:\n  nodePort: 31080\n', 'service-config')).toEqual(['error service.nodePort']);
    expect(at('service:\n  type: NodePort\n  loadBalancerClass: example.com/lb\n', 'service-config')).toEqual([
      'error service.loadBalancerClass',
    ]);
    expect(at('service:\n  type: NodePort\n  nodePort: 31080\n', 'service-config')).toEqual([]);
  });

  it('ports out of range, names that are not qualified names, reserved labels', () => {
    const keys = (y: string) => errorsOf(y).map((p) => p.path.join('.'));
    expect(keys('service:\n  type: NodePort\n  nodePort: 70000\n')).toEqual(['service.nodePort']);
    expect(keys('service:\n  appProtocol: "web socket"\n')).toEqual(['service.appProtocol']);
    expect(keys('service:\n  type: LoadBalancer\n  loadBalancerClass: "-bad/x"\n')).toEqual([
      'service.loadBalancerClass',
    ]);
    expect(keys('service:\n  labels: {app.kubernetes.io/name: x}\n')).toEqual([
      'service.labels.app.kubernetes.io/name',
    ]);
    expect(keys('service:\n  type: ExternalName\n')).toEqual(['service.type']);
  });

  it('warns on a node port outside the default range', () => {
    expect(at('service:\n  type: NodePort\n  nodePort: 8080\n', 'service-node-port-range')).toEqual([
      'warning service.nodePort',
    ]);
    expect(at('service:\n  type: NodePort\n  nodePort: 30080\n', 'service-node-port-range')).toEqual([]);
  });
});

describe('exposure warnings', () => {
  it('a NodePort or LoadBalancer Service beside the Ingress', () => {
    const ingress = 'ingress:\n  enabled: true\n  hosts: [{host: chat.example.com}]\n';
    expect(at(`${ingress}service:\n  type: NodePort\n`, 'service-exposed-beside-ingress')).toEqual([
      'warning service.type',
    ]);
    expect(at(ingress, 'service-exposed-beside-ingress')).toEqual([]);
  });

  it('past a NetworkPolicy that admits no address the traffic comes from', () => {
    const [w] = problemsOf('service:\n  type: LoadBalancer\n').filter(
      (p) => p.id === 'service-exposure-network-policy',
    );
    expect(w).toMatchObject({ severity: 'warning', path: ['service', 'type'] });
    expect(w.hint).toContain('networkPolicy.ingress.cidrs');
    expect(
      at(
        'service:\n  type: LoadBalancer\nnetworkPolicy:\n  ingress:\n    cidrs: [10.0.0.0/16]\n',
        'service-exposure-network-policy',
      ),
    ).toEqual([]);
    expect(
      at('service:\n  type: LoadBalancer\nnetworkPolicy:\n  enabled: false\n', 'service-exposure-network-policy'),
    ).toEqual([]);
  });

  it('without session affinity when several replicas are reached through the Service alone', () => {
    expect(at('service:\n  type: LoadBalancer\n', 'recommended-session-affinity')).toEqual(['warning service.type']);
    expect(
      at(
        'replicaCount: 1\npodDisruptionBudget: {enabled: false}\nservice:\n  type: LoadBalancer\n',
        'recommended-session-affinity',
      ),
    ).toEqual([]);
  });
});

describe('diff', () => {
  it('reports a changed loadBalancerClass as a recreated Service', () => {
    const [old, next] = ['a.example/lb', 'b.example/lb'].map((c) =>
      renderEnv('production', `service:\n  type: LoadBalancer\n  loadBalancerClass: ${c}\n`),
    );
    const change = diffObjects(old, next).find((c) => c.kind === 'Service');
    expect(change?.fields.map((f) => f.path)).toEqual(['spec.loadBalancerClass']);
    expect(impactsOf(change as ObjectChange).map((i) => i.kind)).toEqual(['recreates-object']);
  });
});
