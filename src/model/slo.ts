/**
 * The SLO view of a release (src/observability/rules.ts `SloTarget`): what the alerts, the
 * recording rules, the dashboard and `plan` are about, derived once from the values and the names
 * of the objects this release renders.
 */
import { RequestSourceConfig, SloTarget } from '../observability/rules';
import { Values } from '../values/schema';
import { Names, SloObjectNames } from './names';

/**
 * The ALB name the AWS Load Balancer Controller gives an Ingress when none is set, as a regular
 * expression for the CloudWatch `LoadBalancer` dimension ("app/<name>/<id>"):
 * `k8s-<namespace[:8]>-<ingress[:8]>-<hash[:10]>`, or `k8s-<group[:17]>-<hash[:10]>` in an
 * IngressGroup, non-alphanumerics removed; `alb.ingress.kubernetes.io/load-balancer-name` wins
 * (kubernetes-sigs/aws-load-balancer-controller@225f44568848eb25f13e304a5f1cc68c0cd9415d
 * pkg/ingress/model_build_load_balancer.go:95-136).
 */
export function albLoadBalancerPattern(v: Values, ingressName: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
  // Through the Gateway API, the LoadBalancerConfiguration the chart renders names the ALB.
  const routeAlb = routeAlbName(v);
  if (routeAlb) return `app/${routeAlb}/[0-9a-f]+`;
  const explicit = v.ingress.annotations['alb.ingress.kubernetes.io/load-balancer-name'];
  const name = explicit
    ? explicit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    : v.ingress.alb.groupName
      ? `k8s-${clean(v.ingress.alb.groupName).slice(0, 17)}-[0-9a-f]{10}`
      : `k8s-${clean(v.namespace.name).slice(0, 8)}-${clean(ingressName).slice(0, 8)}-[0-9a-f]{10}`;
  return `app/${name}/[0-9a-f]+`;
}

/** The ALB name `route.aws.loadBalancerName` gives the Gateway's load balancer, when the route renders it. */
export function routeAlbName(v: Values): string | undefined {
  const r = v.route;
  return r.enabled && r.implementation === 'aws-load-balancer-controller' && r.aws.loadBalancerConfiguration
    ? r.aws.loadBalancerName
    : undefined;
}

/** The `job` of Open WebUI's OTLP series behind the collector's Prometheus exporter. */
const otelJob = (v: Values) => v.slo.requestMetrics.otel.job ?? v.observability.otel.serviceName;
/** Open WebUI exports its OTLP metrics. */
export const otelMetrics = (v: Values) => v.observability.otel.enabled && v.observability.otel.metrics;

/**
 * The `envoy_cluster_name` of the first rule (`app`, charts/gateway/http-route.ts) of an HTTPRoute: Envoy Gateway's default cluster stat name
 * `%ROUTE_KIND%/%ROUTE_NAMESPACE%/%ROUTE_NAME%/rule/%ROUTE_RULE_NUMBER%`
 * (envoyproxy/gateway@39763b1c07ec30a5526fe70434a2cfe4181de642 (v1.9.0) api/v1alpha1/envoyproxy_metric_types.go:56-70,
 * internal/gatewayapi/helpers.go:544-563).
 */
export const envoyGatewayClusterName = (namespace: string, route: string) => `httproute/${namespace}/${route}/rule/0`;

/** Where the request metrics come from, with every name the queries select resolved. */
export function requestSourceOf(v: Values, names: Names, objects: SloObjectNames): RequestSourceConfig {
  const source = v.slo.requestMetrics;
  switch (source.source) {
    case 'none':
      return { kind: 'none' };
    case 'ingress-nginx':
      return {
        kind: 'ingress-nginx',
        namespaceLabel: source.ingressNginx.namespaceLabel,
        ingress: objects.ingress ?? names.fullname,
      };
    case 'alb':
      return {
        kind: 'alb',
        loadBalancer: source.alb.loadBalancer ?? albLoadBalancerPattern(v, objects.ingress ?? names.fullname),
        delaySeconds: source.alb.delaySeconds,
      };
    case 'otel':
      return { kind: 'otel', job: otelJob(v) };
    case 'envoy-gateway':
      return {
        kind: 'envoy-gateway',
        clusterName:
          source.envoyGateway.clusterName ??
          envoyGatewayClusterName(names.namespace, objects.httpRoute ?? names.fullname),
        ...(otelMetrics(v) ? { latencyJob: otelJob(v) } : {}),
      };
  }
}

/** The SLO view of a release (validated values; `monitoring.runbookUrl` is required by a values rule when alerts are rendered). */
export function sloTargetOf(v: Values, names: Names, objects: SloObjectNames): SloTarget {
  const s = v.slo;
  return {
    namespace: names.namespace,
    service: names.fullname,
    deployment: objects.deployment,
    ...(objects.hpa ? { hpa: objects.hpa } : {}),
    migrationJobPrefix: `${names.fullname}-migrate-`,
    ...(objects.dataClaim ? { dataClaim: objects.dataClaim } : {}),
    minHealthyReplicas: s.minHealthyReplicas,
    latencyAverageSeconds: s.latency.averageSeconds,
    errorRatio: s.errorRatio,
    periodDays: s.periodDays,
    dataVolumeFreeRatio: s.dataVolumeFreeRatio,
    requests: requestSourceOf(v, names, objects),
    alertLabels: s.alertLabels,
    runbookUrl: v.monitoring.runbookUrl ?? '',
  };
}
