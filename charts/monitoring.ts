/**
 * Monitoring objects of a release: the SLO PrometheusRule (prometheus-operator
 * `monitoring.coreos.com/v1`) and the Grafana dashboard as a ConfigMap for Grafana's dashboard
 * sidecar. What they contain is generated in src/observability/ from a narrow SloTarget (built by
 * the model, src/model/slo.ts); this file only writes the objects.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { buildDashboard } from '../src/observability/dashboard';
import { ruleGroups, SloTarget } from '../src/observability/rules';

export const PROMETHEUS_OPERATOR_API = 'monitoring.coreos.com/v1';

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
  /** Pod names of the in-cluster Redis (regular expression) when its exporter sidecar runs. @default no Redis panels */
  readonly redisPods?: string;
}

/** File name of the dashboard inside its ConfigMap. */
export const DASHBOARD_FILE = 'open-webui-slo.json';

/** The Grafana dashboard in a ConfigMap that the Grafana sidecar loads (by its label). L1: cdk8s-plus-28's ConfigMap adds `immutable: false`. */
export class SloDashboard extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: SloDashboardProps) {
    super(scope, id);
    const { metadata, ...input } = props;
    this.name = metadata.name;
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata,
      data: { [DASHBOARD_FILE]: `${JSON.stringify(buildDashboard(input), null, 2)}\n` },
    });
  }
}

export interface PodMonitorProps {
  /** Name, namespace (where the Prometheus operator looks for PodMonitors), labels (its selector's among them) and annotations. */
  readonly metadata: k8s.ObjectMeta & { readonly name: string; readonly namespace: string };
  /** Labels of the pods to scrape. */
  readonly selector: Record<string, string>;
  /** Namespace of those pods (rendered as `namespaceSelector` when the PodMonitor lives elsewhere). */
  readonly podNamespace: string;
  /** Name of the container port serving `/metrics`. */
  readonly port: string;
  /** Scrape interval, e.g. "30s". */
  readonly interval: string;
  /** Scrape timeout, at most the interval. */
  readonly scrapeTimeout: string;
}

/**
 * A prometheus-operator PodMonitor (`monitoring.coreos.com/v1`) for one metrics port: a plain
 * ApiObject, validated by `check` against the vendored CRD schema
 * (schemas/crds/monitoring.coreos.com_podmonitor.json).
 */
export class PodMonitor extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: PodMonitorProps) {
    super(scope, id);
    this.name = props.metadata.name;
    new ApiObject(this, 'Resource', {
      apiVersion: PROMETHEUS_OPERATOR_API,
      kind: 'PodMonitor',
      metadata: props.metadata,
      spec: {
        selector: { matchLabels: props.selector },
        ...(props.metadata.namespace !== props.podNamespace
          ? { namespaceSelector: { matchNames: [props.podNamespace] } }
          : {}),
        podMetricsEndpoints: [
          { port: props.port, path: '/metrics', interval: props.interval, scrapeTimeout: props.scrapeTimeout },
        ],
      },
    });
  }
}
