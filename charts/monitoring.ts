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
import { Values } from '../src/values/schema';
import { APP_CONTAINER } from './app-pod';
import { DataVolume } from './data-volume';
import { Release } from './release';

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
export function sloObjectNames(release: Release): SloObjectNames {
  const v = release.values;
  return {
    deployment: release.fullname,
    ...(v.autoscaling.enabled ? { hpa: release.fullname } : {}),
    ...(v.persistence.enabled ? { dataClaim: DataVolume.claimName(release) } : {}),
    ...(v.ingress.enabled ? { ingress: release.fullname } : {}),
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
  const explicit = v.ingress.annotations['alb.ingress.kubernetes.io/load-balancer-name'];
  const name = explicit
    ? explicit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    : v.ingress.alb.groupName
      ? `k8s-${clean(v.ingress.alb.groupName).slice(0, 17)}-[0-9a-f]{10}`
      : `k8s-${clean(v.namespace.name).slice(0, 8)}-${clean(ingressName).slice(0, 8)}-[0-9a-f]{10}`;
  return `app/${name}/[0-9a-f]+`;
}

/** The SLO view of a release (validated values; `monitoring.runbookUrl` is required by a values rule). */
export function sloTarget(release: Release, names: SloObjectNames): SloTarget {
  const v = release.values;
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
        ingress: names.ingress ?? release.fullname,
      };
      break;
    case 'alb':
      requests = {
        kind: 'alb',
        loadBalancer: source.alb.loadBalancer ?? albLoadBalancerPattern(v, names.ingress ?? release.fullname),
        delaySeconds: source.alb.delaySeconds,
      };
      break;
    case 'otel':
      requests = { kind: 'otel', job: source.otel.job ?? v.observability.otel.serviceName };
      break;
  }
  return {
    namespace: release.namespace,
    service: release.fullname,
    deployment: names.deployment,
    ...(names.hpa ? { hpa: names.hpa } : {}),
    migrationJobPrefix: `${release.fullname}-migrate-`,
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
  /** The release. Reads `monitoring.prometheusRule.*`. */
  readonly release: Release;
  /** What the alerts are about. */
  readonly target: SloTarget;
}

/** The SLO alerts and their recording rules as one PrometheusRule. */
export class SloPrometheusRule extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: SloPrometheusRuleProps) {
    super(scope, id);
    const { release } = props;
    const p = release.values.monitoring.prometheusRule;
    this.name = release.objectName('slo');
    const metadata = release.metadata('monitoring', this.name, { labels: p.additionalLabels });
    new ApiObject(this, 'Resource', {
      apiVersion: PROMETHEUS_OPERATOR_API,
      kind: 'PrometheusRule',
      metadata: { ...metadata, namespace: p.namespace ?? release.namespace },
      spec: { groups: ruleGroups(props.target) },
    });
  }
}

export interface SloDashboardProps {
  /** The release. Reads `monitoring.grafanaDashboard.*` and `database.maxConnections`. */
  readonly release: Release;
  /** What the dashboard shows. */
  readonly target: SloTarget;
}

/** File name of the dashboard inside its ConfigMap. */
export const DASHBOARD_FILE = 'open-webui-slo.json';

/** The Grafana dashboard in a ConfigMap that the Grafana sidecar loads (by its label). */
export class SloDashboard extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: SloDashboardProps) {
    super(scope, id);
    const { release } = props;
    const v = release.values;
    const g = v.monitoring.grafanaDashboard;
    this.name = release.objectName('dashboard');
    const dashboard = buildDashboard({
      target: props.target,
      datasourceUid: g.datasourceUid,
      appContainer: APP_CONTAINER,
      ...(v.database.type === 'postgresql' ? { databaseMaxConnections: v.database.maxConnections } : {}),
    });
    const metadata = release.metadata('monitoring', this.name, {
      labels: { ...g.additionalLabels, [g.sidecarLabel.key]: g.sidecarLabel.value },
    });
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { ...metadata, namespace: g.namespace ?? release.namespace },
      data: { [DASHBOARD_FILE]: `${JSON.stringify(dashboard, null, 2)}\n` },
    });
  }
}
