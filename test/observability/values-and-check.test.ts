/**
 * The monitoring values and objects: opt-in, refused when they would be ignored or alert forever,
 * and the rendered PrometheusRule validated strictly by `check` (vendored prometheus-operator CRD
 * schema: unknown fields, `for:` durations, Go `(?i)` patterns).
 */
import { schemaFindings } from '../../src/check';
import { loadCatalog } from '../../src/check/catalog';
import { albLoadBalancerPattern, envoyGatewayClusterName } from '../../src/model';
import { errorsOf, find, ids, problemsOf, render, resolve } from '../support';

const ON = `
monitoring:
  runbookUrl: https://git.example.com/o/r/-/blob/main/docs/runbook.md
  prometheusRule: {enabled: true}
  grafanaDashboard: {enabled: true}
`;

describe('values', () => {
  test('nothing is rendered by default', () => {
    const kinds = render('').map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds.filter((k) => k.startsWith('PrometheusRule') || k.endsWith('-dashboard'))).toEqual([]);
  });

  test('enabled: a PrometheusRule and a dashboard ConfigMap with the selector labels, in the chosen namespaces', () => {
    const objects = render(
      ON,
      `
monitoring:
  prometheusRule: {namespace: monitoring, additionalLabels: {release: kps}}
  grafanaDashboard: {namespace: grafana, sidecarLabel: {key: dash, value: "yes"}}
`,
    );
    const rule = find(objects, 'PrometheusRule', 'open-webui-slo');
    expect(rule.metadata.namespace).toBe('monitoring');
    expect(rule.metadata.labels?.release).toBe('kps');
    const cm = find(objects, 'ConfigMap', 'open-webui-dashboard');
    expect(cm.metadata.namespace).toBe('grafana');
    expect(cm.metadata.labels?.dash).toBe('yes');
  });

  test('PrometheusRule without runbookUrl is refused', () => {
    expect(ids(errorsOf('monitoring: {prometheusRule: {enabled: true}}'))).toContain('monitoring-runbook-url');
  });

  test('minHealthyReplicas above the smallest fleet would alert forever', () => {
    expect(ids(errorsOf(ON, 'replicaCount: 2\nslo: {minHealthyReplicas: 3}'))).toContain('slo-min-healthy-replicas');
    expect(ids(errorsOf(ON, 'replicaCount: 3\nslo: {minHealthyReplicas: 3}'))).not.toContain(
      'slo-min-healthy-replicas',
    );
  });

  test('a request source the release does not have is refused', () => {
    expect(ids(errorsOf(ON, 'slo: {requestMetrics: {source: ingress-nginx}}'))).toContain('slo-request-source');
    expect(ids(errorsOf(ON, 'slo: {requestMetrics: {source: alb}}'))).toContain('slo-request-source');
    expect(ids(errorsOf(ON, 'slo: {requestMetrics: {source: otel}}'))).toContain('slo-request-source');
    expect(ids(errorsOf(ON, 'slo: {requestMetrics: {source: alb, alb: {loadBalancer: "app/mine/.*"}}}'))).not.toContain(
      'slo-request-source',
    );
    expect(
      ids(
        errorsOf(
          ON,
          'slo: {requestMetrics: {source: otel}}\nobservability: {otel: {enabled: true, endpoint: "http://c.monitoring.svc:4317"}}',
        ),
      ),
    ).not.toContain('slo-request-source');
    expect(
      ids(
        errorsOf(
          ON,
          'ingress: {enabled: true, hosts: [{host: a.example.com}]}\nslo: {requestMetrics: {source: ingress-nginx}}',
        ),
      ),
    ).not.toContain('slo-request-source');
  });

  test("Envoy Gateway: the route rule's cluster by default (or named outright); latency only with Open WebUI's own metrics", () => {
    const envoy = 'slo: {requestMetrics: {source: envoy-gateway}}';
    const named =
      'slo: {requestMetrics: {source: envoy-gateway, envoyGateway: {clusterName: "httproute/web/chat/rule/0"}}}';
    // No HTTPRoute of this release on Envoy Gateway: the cluster must be named.
    expect(ids(errorsOf(ON, envoy))).toContain('slo-request-source');
    expect(ids(errorsOf(ON, named))).not.toContain('slo-request-source');
    expect(envoyGatewayClusterName('open-webui', 'open-webui')).toBe('httproute/open-webui/open-webui/rule/0');
    const otel = 'observability: {otel: {enabled: true, endpoint: "http://c.monitoring.svc:4317"}}';
    expect(resolve(ON, named, otel).model.slo.requests).toEqual({
      kind: 'envoy-gateway',
      clusterName: 'httproute/web/chat/rule/0',
      latencyJob: 'open-webui',
    });
    // Without them the latency objective has no SLI: a warning, and no latency alert.
    expect(ids(problemsOf(ON, named))).toContain('slo-latency-unwatched');
    expect(ids(problemsOf(ON, named, otel))).not.toContain('slo-latency-unwatched');
    const alerts = (yaml: string[]) =>
      (
        find(render(...yaml), 'PrometheusRule') as unknown as { spec: { groups: { rules: { alert?: string }[] }[] } }
      ).spec.groups
        .flatMap((g) => g.rules)
        .map((r) => r.alert)
        .filter(Boolean);
    expect(alerts([ON, named, otel])).toContain('OpenWebUILatencyHigh');
    expect(alerts([ON, named, 'acknowledgeWarnings: [slo-latency-unwatched]'])).not.toContain('OpenWebUILatencyHigh');
  });

  test('the SLO values reach the rendered alerts', () => {
    const objects = render(
      ON,
      'replicaCount: 4\ndatabase: {maxConnections: 500}\nslo: {minHealthyReplicas: 3, alertLabels: {team: chat}}',
    );
    const rule = find(objects, 'PrometheusRule') as unknown as {
      spec: { groups: { rules: { alert?: string; expr: string; labels: Record<string, string> }[] }[] };
    };
    const alert = rule.spec.groups.flatMap((g) => g.rules).find((r) => r.alert === 'OpenWebUIInstancesBelowMinimum')!;
    expect(alert.expr).toMatch(/deployment="open-webui"\}\) < 3$/);
    expect(alert.labels).toEqual({ team: 'chat', severity: 'critical' });
  });

  test('the ALB is found by the name the AWS Load Balancer Controller gives it', () => {
    const v = (yaml: string) => resolve(yaml).values;
    expect(albLoadBalancerPattern(v('namespace: {name: open-webui}'), 'open-webui')).toBe(
      'app/k8s-openwebu-openwebu-[0-9a-f]{10}/[0-9a-f]+',
    );
    expect(albLoadBalancerPattern(v('ingress: {alb: {groupName: shared.internal}}'), 'open-webui')).toBe(
      'app/k8s-sharedinternal-[0-9a-f]{10}/[0-9a-f]+',
    );
    expect(
      albLoadBalancerPattern(v('ingress: {annotations: {alb.ingress.kubernetes.io/load-balancer-name: my.alb}}'), 'x'),
    ).toBe('app/my\\.alb/[0-9a-f]+');
  });
});

describe('check validates PrometheusRule strictly', () => {
  const rule = () => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'r', namespace: 'n' },
    spec: {
      groups: [{ name: 'g', partial_response_strategy: 'WARN', rules: [{ alert: 'A', expr: 'up == 0', for: '5m' }] }],
    },
  });

  test('from the vendored prometheus-operator CRD', () => {
    expect(loadCatalog().kinds.get('monitoring.coreos.com/v1/PrometheusRule')?.source).toBe(
      'schemas/crds/monitoring.coreos.com_prometheusrule.json',
    );
    expect(schemaFindings('f.yaml', rule())).toEqual([]);
  });

  test('unknown fields, bad durations and Go case-insensitive patterns', () => {
    const r = rule();
    (r.spec.groups[0].rules[0] as Record<string, unknown>).annotation = { summary: 'x' };
    r.spec.groups[0].rules[0].for = '5 minutes';
    r.spec.groups[0].partial_response_strategy = 'maybe';
    const found = schemaFindings('f.yaml', r).map((f) => `${f.path}: ${f.message}`);
    expect(found).toEqual([
      expect.stringMatching(/^spec\.groups\[0\]\.partial_response_strategy: must match/),
      expect.stringMatching(/^spec\.groups\[0\]\.rules\[0\]\.for: must match/),
      expect.stringMatching(
        /^spec\.groups\[0\]\.rules\[0\]\.annotation: unknown field "annotation" \(did you mean "annotations"\?\)/,
      ),
    ]);
  });
});
