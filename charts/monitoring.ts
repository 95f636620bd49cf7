/**
 * Monitoring objects of a release: the SLO PrometheusRule (prometheus-operator
 * `monitoring.coreos.com/v1`) and the Grafana dashboard as a ConfigMap for Grafana's dashboard
 * sidecar. What they contain is generated in src/observability/ from a narrow SloTarget; this file
 * only derives that target from the release's names and writes the objects.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { buildDashboard } from '../src/observability/dashboard';
import { RequestSourceConfig, ruleGroups, SloTarget } from '../src/observability/rules';
import { ReleaseModel } from '../src/model';
import { Values } from '../src/values/schema';

export const PROMETHEUS_OPERATOR_API = 'monitoring.coreos.com/v1';

/** Names of the release's objects the SLOs are about. */
export interface SloObjectNames {
  readonly deployment: string;
  /** The HPA, when autoscaling is on. */
  readonly hpa?: string;
  /** The data PVC, when one is mounted. */
  readonly dataClaim?: string;
  /** The Ingress, when one is rendered. */
  readonly ingress?: string;
}

/**
 * Names of the objects this release renders that the SLOs watch: the Deployment, HPA and Ingress
 * share the release's base name (charts/app-deployment.ts, autoscaler.ts, app-ingress.ts).
 */
export function sloObjectNames(m: ReleaseModel): SloObjectNames {
  const v = m.values;
  const fullname = m.names.fullname;
  return {
    deployment: fullname,
    ...(v.autoscaling.enabled ? { hpa: fullname } : {}),
    ...(m.dataClaim ? { dataClaim: m.dataClaim.name } : {}),
    ...(v.ingress.enabled ? { ingress: fullname } : {}),
  };
}

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

/** The SLO view of a release (validated values; `monitoring.runbookUrl` is required by a values rule). */
export function sloTarget(m: ReleaseModel, names: SloObjectNames): SloTarget {
  const v = m.values;
  const { fullname, namespace } = m.names;
  const s = v.slo;
  const source = s.requestMetrics;
  let requests: RequestSourceConfig;
  switch (source.source) {
    case 'none':
      requests = { kind: 'none' };
      break;
    case 'ingress-nginx':
      requests = {
        kind: 'ingress-nginx',
        namespaceLabel: source.ingressNginx.namespaceLabel,
        ingress: names.ingress ?? fullname,
      };
      break;
    case 'alb':
      requests = {
        kind: 'alb',
        loadBalancer: source.alb.loadBalancer ?? albLoadBalancerPattern(v, names.ingress ?? fullname),
        delaySeconds: source.alb.delaySeconds,
      };
      break;
    case 'otel':
      requests = { kind: 'otel', job: source.otel.job ?? v.observability.otel.serviceName };
      break;
  }
  return {
    namespace,
    service: fullname,
    deployment: names.deployment,
    ...(names.hpa ? { hpa: names.hpa } : {}),
    migrationJobPrefix: `${fullname}-migrate-`,
    ...(names.dataClaim ? { dataClaim: names.dataClaim } : {}),
    minHealthyReplicas: s.minHealthyReplicas,
    latencyAverageSeconds: s.latency.averageSeconds,
    errorRatio: s.errorRatio,
    periodDays: s.periodDays,
    dataVolumeFreeRatio: s.dataVolumeFreeRatio,
    requests,
    alertLabels: s.alertLabels,
    runbookUrl: v.monitoring.runbookUrl ?? '',
  };
}

export interface SloPrometheusRuleProps {
  /** Name, namespace (where the Prometheus operator looks for rules), labels and annotations. */
  readonly metadata: k8s.ObjectMeta & { readonly name: string; readonly namespace: string };
  /** What the alerts are about. */
  readonly target: SloTarget;
}

/** The SLO alerts and their recording rules as one PrometheusRule (a plain ApiObject: no CRD import). */
export class SloPrometheusRule extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: SloPrometheusRuleProps) {
    super(scope, id);
    this.name = props.metadata.name;
    new ApiObject(this, 'Resource', {
      apiVersion: PROMETHEUS_OPERATOR_API,
      kind: 'PrometheusRule',
      metadata: props.metadata,
      spec: { groups: ruleGroups(props.target) },
    });
  }
}

export interface SloDashboardProps {
  /** Name, namespace (where Grafana's sidecar looks), labels (the sidecar's among them) and annotations. */
  readonly metadata: k8s.ObjectMeta & { readonly name: string; readonly namespace: string };
  /** What the dashboard shows. */
  readonly target: SloTarget;
  /** UID of the Prometheus data source the panels query. */
  readonly datasourceUid: string;
  /** Name of the Open WebUI container (per-container panels). */
  readonly appContainer: string;
  /** The database's max_connections, for the connections panel. @default no such panel */
  readonly databaseMaxConnections?: number;
}

/** File name of the dashboard inside its ConfigMap. */
export const DASHBOARD_FILE = 'open-webui-slo.json';

/** The Grafana dashboard in a ConfigMap that the Grafana sidecar loads (by its label). L1: cdk8s-plus-28's ConfigMap adds `immutable: false`. */
export class SloDashboard extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: SloDashboardProps) {
    super(scope, id);
    this.name = props.metadata.name;
    const dashboard = buildDashboard({
      target: props.target,
      datasourceUid: props.datasourceUid,
      appContainer: props.appContainer,
      ...(props.databaseMaxConnections !== undefined ? { databaseMaxConnections: props.databaseMaxConnections } : {}),
    });
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: props.metadata,
      data: { [DASHBOARD_FILE]: `${JSON.stringify(dashboard, null, 2)}\n` },
    });
  }
}
