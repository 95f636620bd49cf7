/**
 * Service level objectives, OpenTelemetry export and the monitoring objects rendered from them
 * (PrometheusRule, Grafana dashboard ConfigMap). Everything here is opt-in; the alerts, recording
 * rules and dashboard are generated in src/observability/ from these keys.
 */
import { z } from 'zod';
import { labelKeyProblem, labelValueProblem } from '../../k8s';
import {
  httpUrl,
  k8sLabelName,
  k8sSubdomainName,
  labelMap,
  secretKeyName,
  STANDARD_LABELS,
  intRange,
} from './primitives';

/** Where the request metrics of the way in come from (metric names pinned in src/observability/metrics.ts). */
export const REQUEST_METRIC_SOURCES = ['none', 'ingress-nginx', 'alb', 'envoy-gateway', 'otel'] as const;

const reservedLabels = { keys: STANDARD_LABELS };

export const sloSchema = z
  .strictObject({
    minHealthyReplicas: intRange(1, 1000).default(2).meta({
      description:
        'Fewer available replicas of the app Deployment than this for 5 minutes fires `OpenWebUIInstancesBelowMinimum` (kube-state-metrics `kube_deployment_status_replicas_available`). The brief: at least 2 healthy instances.',
    }),
    latency: z
      .strictObject({
        averageSeconds: z.number().positive().max(300).default(2).meta({
          description:
            'Average response time over 5 minutes above this for 5 minutes fires `OpenWebUILatencyHigh`. Health probes, websocket and streaming routes are left out of the latency SLI (see docs/runbook.md#metric-sources). The brief: under 2 s.',
        }),
      })
      .prefault({})
      .meta({ description: 'Latency objective.' }),
    errorRatio: z.number().positive().max(0.5).default(0.001).meta({
      description:
        'Largest share of requests answered with a 5xx status: the error budget. Above it over 5 minutes for 5 minutes fires `OpenWebUIErrorRatioHigh`; the burn-rate alerts spend this budget over `slo.periodDays`. The brief: under 0.1 % (0.001).',
    }),
    periodDays: intRange(7, 90).default(30).meta({
      description:
        'Error budget period in days. The burn-rate factors (14.4, 6, 3, 1) are the SRE workbook values for 30 days and are kept as they are for other periods.',
    }),
    dataVolumeFreeRatio: z.number().positive().max(0.9).default(0.1).meta({
      description:
        'The data volume (persistence.*) with less than this share of its capacity free for 10 minutes fires `OpenWebUIDataVolumeFillingUp` (kubelet volume stats; elastic file systems such as EFS report a huge capacity and never fire).',
    }),
    requestMetrics: z
      .strictObject({
        source: z.enum(REQUEST_METRIC_SOURCES).default('none').meta({
          description:
            "Where request counts and latencies come from: `ingress-nginx` (the controller's own metrics), `alb` (CloudWatch `AWS/ApplicationELB` through prometheus/cloudwatch_exporter), `envoy-gateway` (the Envoy Gateway proxies' stats of the route's upstream cluster; latency from Open WebUI's OTLP metrics when `observability.otel` exports them, since Envoy times whole streamed responses), `otel` (Open WebUI's OTLP metrics through an OpenTelemetry Collector's Prometheus exporter) or `none` (no availability, latency or burn-rate alerts). Metric names per source: docs/runbook.md#metric-sources.",
        }),
        ingressNginx: z
          .strictObject({
            namespaceLabel: z
              .string()
              .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { message: 'must be a Prometheus label name such as "namespace"' })
              .default('exported_namespace')
              .meta({
                description:
                  "Label that carries the Ingress's namespace on `nginx_ingress_controller_*` series. The controller exports it as `namespace`; scraped by a ServiceMonitor without `honorLabels` it collides with the target's own `namespace` and Prometheus renames it `exported_namespace` (what ingress-nginx's own dashboard uses). Set `namespace` when your scrape honours labels.",
              }),
          })
          .prefault({})
          .meta({ description: 'ingress-nginx request metrics (with `source: ingress-nginx`).' }),
        alb: z
          .strictObject({
            loadBalancer: z
              .string()
              .min(1)
              .optional()
              .meta({
                description:
                  'Regular expression for the CloudWatch `LoadBalancer` dimension (`load_balancer` label, "app/<name>/<id>") of the ALB in front of the app. Default: the name the AWS Load Balancer Controller gives it (`alb.ingress.kubernetes.io/load-balancer-name`, or "k8s-<namespace>-<ingress>-<hash>" / "k8s-<group>-<hash>").',
                examples: ['app/k8s-openwebu-openwebu-0123456789/.*'],
              }),
            delaySeconds: intRange(0, 3600).default(600).meta({
              description:
                "How far behind the exporter's samples are (its `delay_seconds`, default 600): CloudWatch data converges late and the exporter stamps samples with CloudWatch's time, so every ALB query reads `offset` this far back and the alerts fire this much later.",
            }),
          })
          .prefault({})
          .meta({ description: 'ALB request metrics through prometheus/cloudwatch_exporter (with `source: alb`).' }),
        envoyGateway: z
          .strictObject({
            clusterName: z
              .string()
              .min(1)
              .optional()
              .meta({
                description:
                  "The `envoy_cluster_name` of the route rule's upstream cluster. Default: the name Envoy Gateway gives the first rule of this release's HTTPRoute, \"httproute/<namespace>/<fullname>/rule/0\" (its default `clusterStatName`); set it when the route is not this chart's or the EnvoyProxy sets its own `telemetry.metrics.clusterStatName`.",
                examples: ['httproute/open-webui/open-webui/rule/0'],
              }),
          })
          .prefault({})
          .meta({ description: 'Envoy Gateway request metrics (with `source: envoy-gateway`).' }),
        otel: z
          .strictObject({
            job: z.string().min(1).optional().meta({
              description:
                "The `job` label of Open WebUI's series on the collector's Prometheus exporter (the exporter sets it from the resource's `service.name`), for `source: otel` and the latency SLI of `envoy-gateway`. Default: `observability.otel.serviceName`.",
            }),
          })
          .prefault({})
          .meta({ description: "Open WebUI's OTLP metrics through a collector (with `source: otel`)." }),
      })
      .prefault({})
      .meta({ description: 'The request metrics of the way in that the availability and latency SLIs read.' }),
    alertLabels: labelMap(reservedLabels)
      .default({})
      .meta({ description: 'Extra labels on every alert, e.g. `team: platform` for Alertmanager routing.' }),
  })
  .prefault({})
  .meta({
    description:
      'Service level objectives: the targets the alerts (monitoring.prometheusRule) and the dashboard (monitoring.grafanaDashboard) are generated from. Changes nothing unless one of those is enabled.',
  });

/** A key of a Secret, as a `secretKeyRef` names it. */
const secretRef = (description: string) =>
  z
    .strictObject({
      name: k8sSubdomainName().meta({ description: 'Secret name (e.g. the app Secret).' }),
      key: secretKeyName().meta({ description: 'Key in that Secret.' }),
    })
    .optional()
    .meta({ description });

export const observabilitySchema = z
  .strictObject({
    otel: z
      .strictObject({
        enabled: z.boolean().default(false).meta({
          description:
            "Export OpenTelemetry from the Open WebUI pods (`ENABLE_OTEL`). Open WebUI serves no /metrics: it pushes OTLP to a collector (`endpoint`), whose Prometheus exporter is what Prometheus scrapes. The app NetworkPolicy admits the collector from `endpoint`. Only the serving pods export (the migrator never starts the app's telemetry).",
        }),
        metrics: z.boolean().default(true).meta({
          description:
            'Export metrics (`ENABLE_OTEL_METRICS`): `http.server.requests`, `http.server.duration` (ms, per route) and user gauges; what `slo.requestMetrics.source: otel` reads, and the latency SLI of `envoy-gateway`.',
        }),
        traces: z.boolean().default(false).meta({
          description:
            'Export traces (`ENABLE_OTEL_TRACES`): FastAPI, SQLAlchemy, Redis and HTTP client spans, and system metrics.',
        }),
        logs: z.boolean().default(false).meta({ description: 'Export logs (`ENABLE_OTEL_LOGS`).' }),
        endpoint: httpUrl()
          .optional()
          .meta({
            description:
              'The collector, as scheme, host and port without a path (required when enabled; Open WebUI would otherwise send to http://localhost:4317, where nothing listens): `http://` is plain text, `https://` TLS. gRPC (port 4317): `OTEL_EXPORTER_OTLP_ENDPOINT`, which metrics and logs share. HTTP (port 4318): the chart renders the per-signal URLs Open WebUI needs (`.../v1/traces`, `OTEL_METRICS_EXPORTER_OTLP_ENDPOINT` `.../v1/metrics`, `OTEL_LOGS_EXPORTER_OTLP_ENDPOINT` `.../v1/logs`), because the OTLP/HTTP exporters use a given endpoint verbatim.',
            examples: ['http://otel-collector.monitoring.svc.cluster.local:4317'],
          }),
        protocol: z.enum(['grpc', 'http']).default('grpc').meta({
          description:
            'OTLP transport (`OTEL_OTLP_SPAN_EXPORTER`; metrics and logs follow it). With `grpc`, `OTEL_EXPORTER_OTLP_INSECURE` follows the endpoint scheme (`http://`: True), since Open WebUI passes it to the exporter, which would otherwise try TLS against a plain-text collector.',
        }),
        serviceName: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'must be a service name such as "open-webui"' })
          .default('open-webui')
          .meta({
            description:
              "Resource `service.name` (`OTEL_SERVICE_NAME`); the collector's Prometheus exporter turns it into the `job` label.",
          }),
        exportIntervalMillis: intRange(1000, 3600000).default(10000).meta({
          description:
            'How often metrics are pushed (`OTEL_METRICS_EXPORT_INTERVAL_MILLIS`). At most the interval at which Prometheus scrapes the collector, so every scrape sees fresh values.',
        }),
        podIdentity: z.boolean().default(true).meta({
          description:
            "Give each pod its own identity: `POD_NAME` and `POD_NAMESPACE` from the downward API and `OTEL_RESOURCE_ATTRIBUTES=service.instance.id=$(POD_NAME),k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE)`. The OpenTelemetry SDK reads that variable in `Resource.create`, and the collector's Prometheus exporter makes `service.instance.id` the `instance` label; without it every replica exports the same series, which the exporter keeps as one and overwrites in turn, so counters jump and rates are wrong.",
        }),
        basicAuth: z
          .strictObject({
            username: z.string().min(1).optional().meta({ description: 'User name (`OTEL_BASIC_AUTH_USERNAME`).' }),
            passwordSecretRef: secretRef(
              'The password, read from a Secret (`OTEL_BASIC_AUTH_PASSWORD` from a `secretKeyRef`; never a plain value). Open WebUI sends the header only when both are set; metrics and logs use the same credentials.',
            ),
          })
          .prefault({})
          .meta({ description: 'Basic authentication towards the collector (both or neither).' }),
      })
      .prefault({})
      .meta({ description: 'OpenTelemetry export from Open WebUI.' }),
  })
  .prefault({})
  .meta({ description: 'Telemetry Open WebUI itself exports.' });

const objectNamespace = () =>
  k8sLabelName().optional().meta({ description: 'Namespace of the object (default: the release namespace).' });

export const monitoringSchema = z
  .strictObject({
    runbookUrl: httpUrl()
      .optional()
      .meta({
        description:
          "Where people read this repository's docs/runbook.md (e.g. its page on your Git server); every alert's `runbook_url` is this plus `#<alert name in lower case>`. Required with `prometheusRule.enabled`.",
        examples: ['https://git.example.com/platform/open-webui-k8s/-/blob/main/docs/runbook.md'],
      }),
    prometheusRule: z
      .strictObject({
        enabled: z.boolean().default(false).meta({
          description:
            'Render a PrometheusRule (prometheus-operator `monitoring.coreos.com/v1`) with the SLO alerts and their recording rules.',
        }),
        namespace: objectNamespace(),
        additionalLabels: labelMap(reservedLabels).default({}).meta({
          description:
            "Labels the Prometheus `ruleSelector` matches, e.g. `release: kube-prometheus-stack` for kube-prometheus-stack's default selector.",
        }),
      })
      .prefault({})
      .meta({ description: 'PrometheusRule with the SLO alerts.' }),
    grafanaDashboard: z
      .strictObject({
        enabled: z.boolean().default(false).meta({
          description:
            "Render the Grafana dashboard as a ConfigMap that Grafana's dashboard sidecar (k8s-sidecar) loads.",
        }),
        namespace: objectNamespace(),
        sidecarLabel: z
          .strictObject({
            key: z
              .string()
              .refine((k) => !labelKeyProblem(k), {
                message: 'must be a Kubernetes label key such as "grafana_dashboard"',
              })
              .default('grafana_dashboard')
              .meta({
                description: "The label the sidecar watches (Grafana chart's `sidecar.dashboards.label`).",
              }),
            value: z
              .string()
              .refine((v) => !labelValueProblem(v), { message: 'must be a Kubernetes label value such as "1"' })
              .default('1')
              .meta({
                description: "Its value (Grafana chart's `sidecar.dashboards.labelValue`; empty matches any).",
              }),
          })
          .prefault({})
          .meta({ description: 'Label that makes the sidecar load the ConfigMap.' }),
        additionalLabels: labelMap(reservedLabels).default({}).meta({ description: 'More labels on the ConfigMap.' }),
        datasourceUid: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be a Grafana data source uid such as "prometheus"' })
          .default('prometheus')
          .meta({
            description:
              "Uid of the Prometheus data source the panels query (kube-prometheus-stack's default is `prometheus`).",
          }),
      })
      .prefault({})
      .meta({ description: 'Grafana dashboard as code.' }),
  })
  .prefault({})
  .meta({ description: 'Monitoring objects for a prometheus-operator / Grafana stack (all opt-in).' });

/** The top-level sections of this file, spread into the values schema (src/values/schema/index.ts). */
export const observabilitySections = {
  slo: sloSchema,
  observability: observabilitySchema,
  monitoring: monitoringSchema,
};
