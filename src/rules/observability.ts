/** Rules for slo.*, observability.* and monitoring.*: nothing accepted that would be ignored or alert forever. */
import { ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { finding, findingIf, Finding, Rule, rule } from './rule';

const RUNBOOK = 'docs/runbook.md';
const SOURCES = 'docs/runbook.md#metric-sources';

export function otelNotRendered(v: Values): Finding[] {
  return findingIf(
    v.observability.otel.enabled,
    ['observability', 'otel', 'enabled'],
    'observability.otel is not rendered yet: the pods would get no OTEL_* variables and the NetworkPolicy would not admit the collector, so the setting would be ignored.',
    'Set observability.otel.enabled to false; until the chart renders it, pass ENABLE_OTEL, ENABLE_OTEL_METRICS, OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME through extraEnv and admit the collector with networkPolicy.egress.',
    true,
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

export function sloRequestSource(v: Values): Finding[] {
  const source = v.slo.requestMetrics.source;
  const used = v.monitoring.prometheusRule.enabled || v.monitoring.grafanaDashboard.enabled;
  const path = ['slo', 'requestMetrics', 'source'];
  const out: Finding[] = [];
  if (!used) return out;
  if (source === 'ingress-nginx' && !(v.ingress.enabled && v.ingress.controller === 'nginx'))
    out.push(
      finding(
        path,
        'The request metrics come from ingress-nginx, but this release renders no ingress-nginx Ingress: the selector would match nothing and the availability and latency alerts could never fire.',
        'Use the source of the way in that this environment has (alb for ingress.controller alb), or enable ingress with controller nginx.',
        source,
      ),
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
    out.push(
      finding(
        path,
        'The request metrics come from an ALB, but this release renders neither an ALB Ingress nor a LoadBalancerConfiguration that names the ALB, so the load balancer cannot be derived.',
        'Set route.aws.loadBalancerName (with route.aws.loadBalancerConfiguration) to name the Gateway\'s ALB, or slo.requestMetrics.alb.loadBalancer to the CloudWatch LoadBalancer dimension of the ALB in front of the app (a regular expression such as "app/my-alb/.*").',
        source,
      ),
    );
  const otelInEnv = v.extraEnv.some((e) => e.name === 'ENABLE_OTEL' && /^true$/i.test(e.value ?? ''));
  if (source === 'otel' && !v.observability.otel.enabled && !otelInEnv)
    out.push(
      finding(
        path,
        'The request metrics come from Open WebUI over OTLP, but Open WebUI does not export them here (no ENABLE_OTEL=true).',
        'Pass ENABLE_OTEL=true, ENABLE_OTEL_METRICS=true and the collector endpoint through extraEnv (observability.otel is rendered from issue 13 part 2 on), or pick another source.',
        source,
      ),
    );
  return out;
}

export const observabilityRules: readonly Rule[] = [
  rule('otel-not-rendered', 'error', 'docs/values.md#observability', otelNotRendered),
  rule('monitoring-runbook-url', 'error', RUNBOOK, monitoringRunbookUrl),
  {
    id: 'slo-min-healthy-replicas',
    severity: 'error',
    docs: `${RUNBOOK}#openwebuiinstancesbelowminimum`,
    check: sloMinHealthyReplicas,
  },
  rule('slo-request-source', 'error', SOURCES, sloRequestSource),
];
