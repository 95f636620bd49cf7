/** Rules for slo.*, observability.* and monitoring.*: nothing accepted that would be ignored or alert forever. */
import { otelMetrics, ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { finding, findingIf, Finding, Rule, rule, findings } from './rule';

const RUNBOOK = 'docs/runbook.md';
const SOURCES = 'docs/runbook.md#metric-sources';

const OTEL = ['observability', 'otel'];
const OTEL_DOCS = 'docs/values.md#observabilityotel';

/**
 * An error: without an endpoint Open WebUI exports to its default, http://localhost:4317 (env.py
 * @ f9590b8), where nothing listens, so telemetry is dropped without a word. The endpoint must be
 * scheme, host and port only: gRPC uses host and port and ignores a path, and the chart appends
 * the OTLP/HTTP per-signal paths itself (src/model/env.ts, otlpUrl).
 */
export function otelEndpoint(v: Values): Finding[] {
  const o = v.observability.otel;
  if (!o.enabled) return [];
  const path = [...OTEL, 'endpoint'];
  const port = o.protocol === 'grpc' ? 4317 : 4318;
  if (!o.endpoint)
    return [
      finding(
        path,
        'observability.otel.enabled is true but no collector endpoint is set: Open WebUI would export to http://localhost:4317 inside its own pod, where nothing listens, and drop every metric, span and log.',
        `Set observability.otel.endpoint to your OpenTelemetry Collector's OTLP ${o.protocol} receiver, e.g. "http://otel-collector.monitoring.svc.cluster.local:${port}".`,
      ),
    ];
  let url: URL;
  try {
    url = new URL(o.endpoint);
  } catch {
    return [
      finding(
        path,
        `"${o.endpoint}" is not a URL.`,
        `Write it as scheme://host:port, e.g. "http://otel-collector.monitoring.svc.cluster.local:${port}".`,
        o.endpoint,
      ),
    ];
  }
  const [out, add] = findings();
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    add(
      path,
      `The endpoint "${o.endpoint}" has a path: ${o.protocol === 'grpc' ? 'the gRPC exporter uses only host and port and would ignore it' : 'the chart appends the OTLP/HTTP paths (/v1/traces, /v1/metrics, /v1/logs) itself'}.`,
      `Give scheme, host and port only, e.g. "${url.protocol}//${url.host}".`,
      o.endpoint,
    );
  if (!url.port)
    add(
      path,
      `The endpoint "${o.endpoint}" names no port: ${url.protocol === 'https:' ? '443' : '80'} would be used, where OTLP receivers do not listen (gRPC 4317, HTTP 4318).`,
      `Add the port of the collector's OTLP ${o.protocol} receiver, e.g. "${url.protocol}//${url.hostname}:${port}".`,
      o.endpoint,
    );
  return out;
}

/** A warning: ENABLE_OTEL with every signal off sets nothing up. */
export function otelNothingExported(v: Values): Finding[] {
  const o = v.observability.otel;
  return findingIf(
    o.enabled && !o.metrics && !o.traces && !o.logs,
    OTEL,
    'observability.otel.enabled is true but metrics, traces and logs are all off: Open WebUI sets up no exporter and sends nothing.',
    'Turn on observability.otel.metrics (what the SLOs can read), traces or logs, or set observability.otel.enabled: false.',
  );
}

/** An error: Open WebUI sends the basic-auth header only when both user name and password are set (setup.py, metrics.py, logs.py @ f9590b8). */
export function otelBasicAuth(v: Values): Finding[] {
  const o = v.observability.otel;
  const a = o.basicAuth;
  if (!o.enabled || (a.username === undefined) === (a.passwordSecretRef === undefined)) return [];
  const missing = a.username === undefined ? 'username' : 'passwordSecretRef';
  return [
    finding(
      [...OTEL, 'basicAuth', missing],
      `observability.otel.basicAuth sets only one of username and passwordSecretRef: Open WebUI sends the Authorization header only when both are set, so the collector would see no credentials.`,
      `Set observability.otel.basicAuth.${missing} too, or remove basicAuth.`,
    ),
  ];
}

/** A warning: credentials in plain text to the collector. */
export function otelBasicAuthPlaintext(v: Values): Finding[] {
  const o = v.observability.otel;
  return findingIf(
    o.enabled && o.basicAuth.passwordSecretRef !== undefined && !!o.endpoint?.startsWith('http://'),
    [...OTEL, 'endpoint'],
    'The collector password is sent with every export over plain text (http://): anyone on the path reads it.',
    'Use an https:// endpoint (TLS) for a collector that needs credentials, or an in-cluster collector without them.',
    o.endpoint,
  );
}

/** A warning: replicas without their own identity export identical series (see observability.otel.podIdentity). */
export function otelPodIdentity(v: Values, m: ReleaseModel): Finding[] {
  const o = v.observability.otel;
  return findingIf(
    o.enabled && o.metrics && !o.podIdentity && m.processes.multi,
    [...OTEL, 'podIdentity'],
    `${m.processes.reason}: without a per-pod service.instance.id every replica exports the same series; the collector's Prometheus exporter keeps one and overwrites it with each replica's counters in turn, so rates and the request SLIs are wrong.`,
    'Set observability.otel.podIdentity: true (or give each pod its identity in the collector, e.g. with the k8sattributes processor and service.instance.id, and acknowledge this warning).',
    false,
  );
}

export function monitoringRunbookUrl(v: Values): Finding[] {
  return findingIf(
    v.monitoring.prometheusRule.enabled && !v.monitoring.runbookUrl,
    ['monitoring', 'runbookUrl'],
    "Every alert links to its section of docs/runbook.md through runbook_url, and the chart cannot know where people read this repository's docs.",
    'Set monitoring.runbookUrl to the web address of docs/runbook.md on your Git server, e.g. "https://git.example.com/platform/open-webui-k8s/-/blob/main/docs/runbook.md".',
  );
}

export function sloMinHealthyReplicas(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    v.monitoring.prometheusRule.enabled && v.slo.minHealthyReplicas > m.processes.minPods,
    ['slo', 'minHealthyReplicas'],
    `slo.minHealthyReplicas is ${v.slo.minHealthyReplicas} but the release runs as few as ${m.processes.minPods} pod(s) (${v.autoscaling.enabled ? 'autoscaling.minReplicas' : 'replicaCount'}): OpenWebUIInstancesBelowMinimum would fire whenever it runs at that size.`,
    `Lower slo.minHealthyReplicas to at most ${m.processes.minPods}, or raise ${v.autoscaling.enabled ? 'autoscaling.minReplicas' : 'replicaCount'}.`,
    v.slo.minHealthyReplicas,
  );
}

export function sloRequestSource(v: Values, m: ReleaseModel): Finding[] {
  const source = v.slo.requestMetrics.source;
  const used = v.monitoring.prometheusRule.enabled || v.monitoring.grafanaDashboard.enabled;
  const path = ['slo', 'requestMetrics', 'source'];
  const [out, add] = findings();
  if (!used) return out;
  if (source === 'ingress-nginx' && !(v.ingress.enabled && v.ingress.controller === 'nginx'))
    add(
      path,
      'The request metrics come from ingress-nginx, but this release renders no ingress-nginx Ingress: the selector would match nothing and the availability and latency alerts could never fire.',
      'Use the source of the way in that this environment has (alb for ingress.controller alb), or enable ingress with controller nginx.',
      source,
    );
  const r = v.route;
  const namedRouteAlb =
    r.enabled &&
    r.implementation === 'aws-load-balancer-controller' &&
    r.aws.loadBalancerConfiguration &&
    r.aws.loadBalancerName !== undefined;
  if (
    source === 'alb' &&
    !(v.ingress.enabled && v.ingress.controller === 'alb') &&
    !namedRouteAlb &&
    v.slo.requestMetrics.alb.loadBalancer === undefined
  )
    add(
      path,
      'The request metrics come from an ALB, but this release renders neither an ALB Ingress nor a LoadBalancerConfiguration that names the ALB, so the load balancer cannot be derived.',
      'Set route.aws.loadBalancerName (with route.aws.loadBalancerConfiguration) to name the Gateway\'s ALB, or slo.requestMetrics.alb.loadBalancer to the CloudWatch LoadBalancer dimension of the ALB in front of the app (a regular expression such as "app/my-alb/.*").',
      source,
    );
  // The release's own HTTPRoute on Envoy Gateway, or a cluster named outright.
  if (
    source === 'envoy-gateway' &&
    m.route?.implementation !== 'envoy-gateway' &&
    v.slo.requestMetrics.envoyGateway.clusterName === undefined
  )
    add(
      path,
      'The request metrics come from Envoy Gateway, but this release renders no HTTPRoute for Envoy Gateway, so the upstream cluster the queries select cannot be derived and they would match nothing.',
      'Render the route (route.enabled: true, route.implementation: envoy-gateway), or set slo.requestMetrics.envoyGateway.clusterName to the envoy_cluster_name of the route rule in front of the app (e.g. "httproute/<namespace>/<route>/rule/0"), or pick the source of the way in this environment has.',
      source,
    );
  const otel = v.observability.otel;
  if (source === 'otel' && !(otel.enabled && otel.metrics))
    add(
      path,
      'The request metrics come from Open WebUI over OTLP, but Open WebUI does not export metrics here (observability.otel.enabled and .metrics are not both on).',
      'Set observability.otel.enabled: true with metrics: true and the collector endpoint, or pick another source.',
      source,
    );
  return out;
}

/**
 * A warning: with Envoy Gateway as the source and no OTLP metrics, the latency objective has no SLI
 * (Envoy's cluster stats time whole streamed responses; src/observability/sources.ts envoyGatewaySli),
 * so OpenWebUILatencyHigh is not rendered.
 */
export function sloLatencyUnwatched(v: Values): Finding[] {
  const used = v.monitoring.prometheusRule.enabled || v.monitoring.grafanaDashboard.enabled;
  return findingIf(
    used && v.slo.requestMetrics.source === 'envoy-gateway' && !otelMetrics(v),
    ['slo', 'latency', 'averageSeconds'],
    `The latency objective (${v.slo.latency.averageSeconds} s average) is not watched: Envoy's cluster stats time each response to its end, so a streamed chat answer counts its full length and websockets their lifetime, and they cannot leave those paths out. No OpenWebUILatencyHigh alert and no latency panel are rendered.`,
    "Export Open WebUI's own metrics (observability.otel.enabled: true with metrics and a collector endpoint): their per-route duration gives the latency SLI. Or acknowledge this warning.",
    v.slo.latency.averageSeconds,
  );
}

export const observabilityRules: readonly Rule[] = [
  rule('otel-endpoint', 'OpenTelemetry export needs observability.otel.endpoint.', 'error', OTEL_DOCS, otelEndpoint),
  rule(
    'otel-nothing-exported',
    'OpenTelemetry is on but exports no metrics, traces or logs.',
    'warning',
    OTEL_DOCS,
    otelNothingExported,
  ),
  rule(
    'otel-basic-auth',
    'OpenTelemetry basic auth needs both its user and its password.',
    'error',
    OTEL_DOCS,
    otelBasicAuth,
  ),
  rule(
    'otel-basic-auth-plaintext',
    'The collector password would be sent over plain http://.',
    'warning',
    OTEL_DOCS,
    otelBasicAuthPlaintext,
  ),
  rule(
    'otel-pod-identity',
    'Without a per-pod service.instance.id every replica exports the same series.',
    'warning',
    `${SOURCES}`,
    otelPodIdentity,
  ),
  rule(
    'monitoring-runbook-url',
    'Alerts need the URL where people read docs/runbook.md.',
    'error',
    RUNBOOK,
    monitoringRunbookUrl,
  ),
  rule(
    'slo-min-healthy-replicas',
    'slo.minHealthyReplicas must be at most the fewest pods the release runs.',
    'error',
    `${RUNBOOK}#openwebuiinstancesbelowminimum`,
    sloMinHealthyReplicas,
  ),
  rule(
    'slo-request-source',
    "The SLO's request-metric source must match what this release renders.",
    'error',
    SOURCES,
    sloRequestSource,
  ),
  rule(
    'slo-latency-unwatched',
    'The latency objective is not watched by any alert with this request source.',
    'warning',
    SOURCES,
    sloLatencyUnwatched,
  ),
];
