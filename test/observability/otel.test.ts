/**
 * OpenTelemetry from Open WebUI, typed and rendered: the OTEL_* variables of the serving pods, the
 * per-pod identity from the downward API (each replica its own `service.instance.id`), the egress
 * rule that admits the collector, and the refusals for settings that would export nothing.
 */
import { Any, containers, envList, errorsOf, find, ids, kubeletEnv, problemsOf, render } from '../support';
import { K8sObject } from '../../src/manifests';

const GRPC = 'http://otel-collector.monitoring.svc.cluster.local:4317';
const ON = `observability: {otel: {enabled: true, endpoint: "${GRPC}"}}`;

const appContainer = (objects: K8sObject[]) => containers(find(objects, 'Deployment'))[0];
const names = (c: Any) => envList(c).map((e) => e.name);
const otelNames = (c: Any) => names(c).filter((n) => /^(OTEL_|ENABLE_OTEL|POD_NAME)/.test(n));

describe('the OTEL_* variables', () => {
  test('off by default: no OTEL_* variable anywhere', () => {
    const objects = render('');
    for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'Job'))
      for (const c of [...containers(o), ...((o as Any).spec.template.spec.initContainers ?? [])])
        expect(otelNames(c)).toEqual([]);
  });

  test('gRPC: switches, endpoint, insecure from the http:// scheme, service name, interval and the per-pod identity from the downward API', () => {
    const c = appContainer(render(ON));
    const env = Object.fromEntries(envList(c).map((e) => [e.name, e]));
    expect(otelNames(c)).toEqual([
      'ENABLE_OTEL',
      'ENABLE_OTEL_METRICS',
      'ENABLE_OTEL_TRACES',
      'ENABLE_OTEL_LOGS',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_OTLP_SPAN_EXPORTER',
      'OTEL_EXPORTER_OTLP_INSECURE',
      'OTEL_SERVICE_NAME',
      'OTEL_METRICS_EXPORT_INTERVAL_MILLIS',
      'POD_NAME',
      'POD_NAMESPACE',
      'OTEL_RESOURCE_ATTRIBUTES',
    ]);
    expect(env.ENABLE_OTEL.value).toBe('True');
    expect(env.ENABLE_OTEL_METRICS.value).toBe('True');
    expect(env.ENABLE_OTEL_TRACES.value).toBe('False');
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT.value).toBe(GRPC);
    expect(env.OTEL_OTLP_SPAN_EXPORTER.value).toBe('grpc');
    expect(env.OTEL_EXPORTER_OTLP_INSECURE.value).toBe('True');
    expect(env.OTEL_SERVICE_NAME.value).toBe('open-webui');
    expect(env.OTEL_METRICS_EXPORT_INTERVAL_MILLIS.value).toBe('10000');
    expect(env.POD_NAME.valueFrom).toEqual({ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } });
    expect(env.POD_NAMESPACE.valueFrom).toEqual({ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } });
  });

  test('each pod gets its own service.instance.id: the kubelet expands $(POD_NAME), defined before OTEL_RESOURCE_ATTRIBUTES', () => {
    const c = appContainer(render(ON));
    const pod = (name: string) =>
      kubeletEnv(
        c,
        { 'open-webui-secrets': { WEBUI_SECRET_KEY: 's', DATABASE_URL: 'postgresql://x', REDIS_URL: 'redis://r' } },
        { 'metadata.name': name, 'metadata.namespace': 'open-webui' },
      ).OTEL_RESOURCE_ATTRIBUTES;
    expect(pod('open-webui-7d9f8c-abcde')).toBe(
      'service.instance.id=open-webui-7d9f8c-abcde,k8s.pod.name=open-webui-7d9f8c-abcde,k8s.namespace.name=open-webui',
    );
    expect(pod('open-webui-7d9f8c-fghij')).not.toBe(pod('open-webui-7d9f8c-abcde'));
  });

  test('podIdentity: false renders no identity (and warns at more than one process)', () => {
    const yaml = `observability: {otel: {enabled: true, endpoint: "${GRPC}", podIdentity: false}}`;
    expect(otelNames(appContainer(render(yaml)))).not.toContain('OTEL_RESOURCE_ATTRIBUTES');
    expect(ids(problemsOf(yaml))).toContain('otel-pod-identity');
    expect(ids(problemsOf(ON))).not.toContain('otel-pod-identity');
  });

  test('HTTP: the per-signal URLs Open WebUI hands to the OTLP/HTTP exporters verbatim, no insecure flag', () => {
    const c = appContainer(
      render(
        'observability: {otel: {enabled: true, protocol: http, logs: true, endpoint: "https://otel.example.com:4318/"}}',
      ),
    );
    const env = Object.fromEntries(envList(c).map((e) => [e.name, e.value]));
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('https://otel.example.com:4318/v1/traces');
    expect(env.OTEL_METRICS_EXPORTER_OTLP_ENDPOINT).toBe('https://otel.example.com:4318/v1/metrics');
    expect(env.OTEL_LOGS_EXPORTER_OTLP_ENDPOINT).toBe('https://otel.example.com:4318/v1/logs');
    expect(env.OTEL_OTLP_SPAN_EXPORTER).toBe('http');
    expect(env.ENABLE_OTEL_LOGS).toBe('True');
    expect(names(c)).not.toContain('OTEL_EXPORTER_OTLP_INSECURE');
  });

  test('gRPC over TLS: insecure False for an https:// endpoint', () => {
    const c = appContainer(render('observability: {otel: {enabled: true, endpoint: "https://otel.example.com:4317"}}'));
    expect(envList(c).find((e) => e.name === 'OTEL_EXPORTER_OTLP_INSECURE')?.value).toBe('False');
  });

  test('basic auth: the password only from a Secret', () => {
    const c = appContainer(
      render(
        'observability: {otel: {enabled: true, endpoint: "https://otel.example.com:4317", basicAuth: {username: webui, passwordSecretRef: {name: otel-auth, key: password}}}}',
      ),
    );
    const env = Object.fromEntries(envList(c).map((e) => [e.name, e]));
    expect(env.OTEL_BASIC_AUTH_USERNAME.value).toBe('webui');
    expect(env.OTEL_BASIC_AUTH_PASSWORD).toEqual({
      name: 'OTEL_BASIC_AUTH_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'otel-auth', key: 'password' } },
    });
    expect(ids(errorsOf('observability: {otel: {basicAuth: {password: hunter2}}}'))).toEqual(['unknown-key']);
  });

  test('the migrator and the waiter never start the app telemetry: no OTEL_* there', () => {
    const objects = render(ON);
    const job = find(objects, 'Job');
    expect(otelNames(containers(job)[0])).toEqual([]);
    const init = (find(objects, 'Deployment') as Any).spec.template.spec.initContainers[0];
    expect(otelNames(init)).toEqual([]);
  });

  test('extraEnv may not set the variables the typed keys own', () => {
    for (const name of ['ENABLE_OTEL', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_RESOURCE_ATTRIBUTES', 'POD_NAME'])
      expect(ids(errorsOf(`extraEnv: [{name: ${name}, value: "x"}]`))).toContain('extra-env-managed');
  });
});

describe('egress to the collector', () => {
  const egress = (yaml: string) => (find(render(yaml), 'NetworkPolicy', 'open-webui') as Any).spec.egress as Any[];

  test('an in-cluster collector: its namespace, on the OTLP port', () => {
    expect(egress(ON)).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 4317 }],
    });
    expect(JSON.stringify(egress(''))).not.toContain('4317');
  });

  test('a collector outside the cluster: any address but link-local, on its port', () => {
    expect(
      egress('observability: {otel: {enabled: true, protocol: http, endpoint: "https://otel.example.com:4318"}}'),
    ).toContainEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 4318 }],
    });
  });
});

describe('refused: settings that would export nothing', () => {
  test('no endpoint: Open WebUI would send to localhost:4317 in its own pod', () => {
    const [p] = errorsOf('observability: {otel: {enabled: true}}');
    expect(p.id).toBe('otel-endpoint');
    expect(p.path).toEqual(['observability', 'otel', 'endpoint']);
    expect(p.message).toContain('localhost:4317');
  });

  test('a path or no port', () => {
    expect(
      ids(errorsOf('observability: {otel: {enabled: true, endpoint: "http://c.monitoring.svc:4317/v1/traces"}}')),
    ).toEqual(['otel-endpoint']);
    expect(ids(errorsOf('observability: {otel: {enabled: true, endpoint: "http://c.monitoring.svc"}}'))).toEqual([
      'otel-endpoint',
    ]);
    expect(
      errorsOf('observability: {otel: {enabled: true, protocol: http, endpoint: "http://c.monitoring.svc"}}')[0].hint,
    ).toContain(':4318');
  });

  test('basic auth with one half only', () => {
    expect(
      ids(errorsOf(`observability: {otel: {enabled: true, endpoint: "${GRPC}", basicAuth: {username: u}}}`)),
    ).toEqual(['otel-basic-auth']);
  });

  test('warnings: every signal off; credentials over plain text', () => {
    expect(ids(problemsOf(`observability: {otel: {enabled: true, endpoint: "${GRPC}", metrics: false}}`))).toContain(
      'otel-nothing-exported',
    );
    expect(
      ids(
        problemsOf(
          `observability: {otel: {enabled: true, endpoint: "${GRPC}", basicAuth: {username: u, passwordSecretRef: {name: s, key: k}}}}`,
        ),
      ),
    ).toContain('otel-basic-auth-plaintext');
  });

  test('the otel request source needs metrics exported', () => {
    const slo = `
monitoring: {runbookUrl: "https://git.example.com/r/-/blob/main/docs/runbook.md", prometheusRule: {enabled: true}}
slo: {requestMetrics: {source: otel}}
`;
    expect(ids(errorsOf(slo))).toContain('slo-request-source');
    expect(ids(errorsOf(slo, `observability: {otel: {enabled: true, endpoint: "${GRPC}", metrics: false}}`))).toContain(
      'slo-request-source',
    );
    expect(ids(errorsOf(slo, ON))).not.toContain('slo-request-source');
  });
});
