/**
 * Every metric name the alerts, recording rules and dashboard read, pinned with the source that
 * defines it. docs/runbook.md#metric-sources prints this table; a test checks that every query
 * refers only to names listed here or recorded by the rules.
 */

export interface PinnedMetric {
  /** The Prometheus series name as queried. */
  readonly name: string;
  /** Who exports it. */
  readonly exporter: string;
  /** Labels the queries select or group by. */
  readonly labels: readonly string[];
  /** Where the name and labels are defined (repository@commit path, or documentation page). */
  readonly reference: string;
}

const KSM = 'kube-state-metrics v2.20.0';
const KSM_REF = (file: string) =>
  `kubernetes/kube-state-metrics@4ffeda2ef866b0fef372849825a803296483b336 docs/metrics/workload/${file} (STABLE)`;
const NGINX = 'ingress-nginx controller';
const NGINX_REF =
  'kubernetes/ingress-nginx@e3b7b0ec0f0ba7f1609e9f374a6bf68ae7bd27bb (controller-v1.15.0) internal/ingress/metric/collectors/socket.go:89-98,151-250; rootfs/etc/nginx/lua/monitor.lua:40-53';
const CW = 'prometheus/cloudwatch_exporter (AWS/ApplicationELB)';
const CW_REF =
  'prometheus/cloudwatch_exporter@543a474673e013089a10cffa0bf7d28e100c67bd (v0.18.0) src/main/java/io/prometheus/cloudwatch/CloudWatchCollector.java:462-474,495-519 (name = aws_<namespace>_<snake(metric)>_<statistic>); metrics: docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html';
const REDIS_EXPORTER = 'oliver006/redis_exporter (sidecar of the in-cluster Redis, scraped by its PodMonitor)';
const REDIS_EXPORTER_REF = 'oliver006/redis_exporter@v1.88.0 exporter/exporter.go';
const ENVOY = 'Envoy Gateway proxy (Envoy /stats/prometheus, port 19001)';
const ENVOY_REF =
  'envoyproxy/gateway@39763b1c07ec30a5526fe70434a2cfe4181de642 (v1.9.0): cluster name httproute/<namespace>/<route>/rule/<index> from internal/gatewayapi/helpers.go:544-563 and api/v1alpha1/envoyproxy_metric_types.go:56-70 (clusterStatName default), as site/content/en/v1.9/tasks/traffic/retry.md:143-149 shows it; metric and label names as';
const OTEL = "Open WebUI OTLP metrics via the OpenTelemetry Collector's prometheus exporter";
const OTEL_REF =
  'open-webui/open-webui backend/open_webui/utils/telemetry/metrics.py (instruments http.server.requests unit "1", http.server.duration unit "ms"; attributes http.method, http.route, http.status_code); names: open-telemetry/opentelemetry-collector-contrib pkg/translator/prometheus/normalize_name.go (unit "ms" -> _milliseconds, monotonic sum -> _total, dots -> underscores; job = service.name)';

const pin = (name: string, exporter: string, labels: readonly string[], reference: string): PinnedMetric => ({
  name,
  exporter,
  labels,
  reference,
});
const ksm = (name: string, labels: string[], kind: string) => pin(name, KSM, labels, KSM_REF(`${kind}-metrics.md`));
const nginx = (name: string, reference = NGINX_REF) =>
  pin(name, NGINX, ['exported_namespace | namespace', 'ingress', 'status'], reference);
const alb = (name: string, what: string) => pin(name, CW, ['load_balancer'], `${CW_REF} (${what})`);
const otel = (name: string, labels: string[], reference = OTEL_REF) => pin(name, OTEL, labels, reference);
const redis = (name: string, where: string) =>
  pin(name, REDIS_EXPORTER, ['namespace', 'pod'], `${REDIS_EXPORTER_REF}:${where}`);
const KUBELET_REF = 'kubernetes.io/docs/reference/instrumentation/metrics/';

export const METRICS = {
  // Kubernetes objects (kube-state-metrics).
  deploymentAvailable: ksm('kube_deployment_status_replicas_available', ['namespace', 'deployment'], 'deployment'),
  deploymentSpecReplicas: ksm('kube_deployment_spec_replicas', ['namespace', 'deployment'], 'deployment'),
  hpaMax: ksm(
    'kube_horizontalpodautoscaler_spec_max_replicas',
    ['namespace', 'horizontalpodautoscaler'],
    'horizontalpodautoscaler',
  ),
  hpaCurrent: ksm(
    'kube_horizontalpodautoscaler_status_current_replicas',
    ['namespace', 'horizontalpodautoscaler'],
    'horizontalpodautoscaler',
  ),
  hpaDesired: ksm(
    'kube_horizontalpodautoscaler_status_desired_replicas',
    ['namespace', 'horizontalpodautoscaler'],
    'horizontalpodautoscaler',
  ),
  jobFailed: ksm('kube_job_failed', ['namespace', 'job_name', 'condition'], 'job'),
  // Kubelet and cAdvisor (scraped from every node by kube-prometheus-stack).
  volumeAvailable: pin(
    'kubelet_volume_stats_available_bytes',
    'kubelet',
    ['namespace', 'persistentvolumeclaim'],
    `${KUBELET_REF} (kubelet_volume_stats_*, ALPHA, stable name since 1.8)`,
  ),
  volumeCapacity: pin(
    'kubelet_volume_stats_capacity_bytes',
    'kubelet',
    ['namespace', 'persistentvolumeclaim'],
    KUBELET_REF,
  ),
  containerCpu: pin(
    'container_cpu_usage_seconds_total',
    'kubelet (cAdvisor)',
    ['namespace', 'pod', 'container'],
    'kubernetes.io/docs/reference/instrumentation/cri-pod-container-metrics/ (cAdvisor endpoint /metrics/cadvisor)',
  ),
  // ingress-nginx.
  nginxRequests: nginx('nginx_ingress_controller_requests'),
  nginxHeaderSum: nginx(
    'nginx_ingress_controller_header_duration_seconds_sum',
    `${NGINX_REF} (header_duration_seconds = $upstream_header_time: time to the first response header)`,
  ),
  nginxHeaderCount: nginx('nginx_ingress_controller_header_duration_seconds_count'),
  // ALB through cloudwatch_exporter.
  albRequests: alb('aws_applicationelb_request_count_sum', 'RequestCount, Sum'),
  albTarget5xx: alb(
    'aws_applicationelb_httpcode_target_5_xx_count_sum',
    'HTTPCode_Target_5XX_Count, Sum; reported only when non-zero',
  ),
  albElb5xx: alb(
    'aws_applicationelb_httpcode_elb_5_xx_count_sum',
    'HTTPCode_ELB_5XX_Count, Sum: 502/503/504 from the ALB itself, e.g. no healthy target',
  ),
  albResponseTimeSum: alb(
    'aws_applicationelb_target_response_time_sum',
    'TargetResponseTime, Sum: seconds until the target starts sending response headers',
  ),
  albResponseTimeCount: alb('aws_applicationelb_target_response_time_sample_count', 'TargetResponseTime, SampleCount'),
  // Envoy Gateway's proxies (the route rule's upstream cluster).
  envoyRequestsByClass: pin(
    'envoy_cluster_upstream_rq_xx',
    ENVOY,
    ['envoy_cluster_name', 'envoy_response_code_class'],
    `${ENVOY_REF} charts/gateway-addons-helm/dashboards/envoy-clusters.json:1283,1599 (responses by class, gateway-generated 503/504 included)`,
  ),
  envoyRequestsTotal: pin(
    'envoy_cluster_upstream_rq_total',
    ENVOY,
    ['envoy_cluster_name'],
    `${ENVOY_REF} charts/gateway-addons-helm/dashboards/envoy-clusters.json:813 (a cluster counter, exported from the cluster's creation on, at 0 without traffic)`,
  ),
  // Open WebUI through an OpenTelemetry Collector.
  otelRequests: otel('http_server_requests_total', ['job', 'http_status_code', 'http_route']),
  otelDurationSum: otel(
    'http_server_duration_milliseconds_sum',
    ['job', 'http_route'],
    `${OTEL_REF}; measured until the response object is returned, so a streamed response counts its time to start`,
  ),
  otelDurationCount: otel('http_server_duration_milliseconds_count', ['job', 'http_route']),
  // The in-cluster Redis, through the redis_exporter sidecar (redis.internal.metrics) and its PodMonitor.
  redisUp: redis('redis_up', '634,711 (1 when the last scrape reached Redis)'),
  redisClients: redis('redis_connected_clients', '171 (INFO clients: connected_clients)'),
  redisMaxClients: redis('redis_config_maxclients', '745-753 (CONFIG GET maxclients)'),
  redisMemoryUsed: redis('redis_memory_used_bytes', '200 (INFO memory: used_memory)'),
  redisMemoryMax: redis('redis_memory_max_bytes', '216 (INFO memory: maxmemory)'),
  // Backends run elsewhere (exporters run by whoever runs the backend).
  postgresBackends: pin(
    'pg_stat_database_numbackends',
    'prometheus-community/postgres_exporter',
    ['datname'],
    'prometheus-community/postgres_exporter collector/pg_stat_database.go (pg_stat_database.numbackends)',
  ),
} satisfies Record<string, PinnedMetric>;

/** Names recorded by the generated recording rules (src/observability/rules.ts). */
export const RECORDED = {
  errorRatio: (window: string) => `openwebui:sli_error:ratio_rate${window}`,
  latencyAverage: 'openwebui:sli_latency:avg_seconds_rate5m',
  requestRate: 'openwebui:sli_requests:rate5m',
} as const;
