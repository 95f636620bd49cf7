/**
 * The monitoring part of `plan`: what the release exports and what may be scraped, and the SLOs
 * with every alert, read from the same definitions the PrometheusRule is generated from
 * (src/observability/rules.ts, on the model's SLO target), so the plan cannot list an alert the
 * rule does not have.
 */
import { ReleaseModel } from '../model';
import { alertDefinitions, recordingRules, requestSli } from '../observability/rules';

const code = (s: string | number) => `\`${s}\``;
const percent = (r: number) => `${Number((r * 100).toPrecision(3))} %`;

/** Markdown lines of the monitoring section of one environment. */
export function monitoringSection(m: ReleaseModel): string[] {
  const v = m.values;
  const n = m.names;
  const out: string[] = ['### Monitoring and SLOs', ''];

  // What leaves the pods, and what may be scraped.
  const o = v.observability.otel;
  const signals = [o.metrics && 'metrics', o.traces && 'traces', o.logs && 'logs'].filter(Boolean).join(', ');
  out.push(
    `- **OpenTelemetry:** ${o.enabled ? `${signals || 'nothing'} over OTLP/${o.protocol} to ${code(o.endpoint ?? '?')} as ${code(o.serviceName)}${o.podIdentity ? ', each pod its own `service.instance.id`' : ''}` : 'off'} (Open WebUI serves no metrics port)`,
  );
  const exporter = m.redis.kind === 'in-cluster' ? m.redis.exporter : undefined;
  const pm = v.redis.internal.metrics.podMonitor;
  out.push(
    `- **Scraped here:** ${exporter ? `redis_exporter sidecar on port ${exporter.port}${pm.enabled ? `, PodMonitor ${code(`${pm.namespace ?? n.namespace}/${n.objectName('redis')}`)}` : ' (no PodMonitor)'}${v.networkPolicy.enabled ? (v.networkPolicy.monitoring.enabled ? '; the scraper is admitted to that port only' : '; no scraper admitted by NetworkPolicy') : ''}` : 'nothing'}`,
  );

  const { prometheusRule: rule, grafanaDashboard: dash } = v.monitoring;
  if (!rule.enabled && !dash.enabled) {
    out.push(
      '- **SLO alerts and dashboard:** none (`monitoring.prometheusRule` and `monitoring.grafanaDashboard` are off)',
      '',
    );
    return out;
  }
  const t = m.slo;
  const sli = requestSli(t);
  const rendered = [
    rule.enabled &&
      `PrometheusRule ${code(`${rule.namespace ?? n.namespace}/${n.objectName('slo')}`)} (${alertDefinitions(t).length} alerts, ${recordingRules(t).length} recording rules)`,
    dash.enabled && `dashboard ConfigMap ${code(`${dash.namespace ?? n.namespace}/${n.objectName('dashboard')}`)}`,
  ].filter(Boolean);
  out.push(
    `- **Rendered:** ${rendered.join('; ')}`,
    `- **Objectives:** at least ${t.minHealthyReplicas} available instance${t.minHealthyReplicas === 1 ? '' : 's'}; ` +
      `${sli?.latencyAverageSeconds ? `average response under ${t.latencyAverageSeconds} s` : `average response under ${t.latencyAverageSeconds} s **not watched** (no latency SLI)`}; ` +
      `under ${percent(t.errorRatio)} 5xx answers over ${t.periodDays} days`,
    `- **Request metrics:** ${sli ? `${sli.kind}${sli.delaySeconds ? ` (${sli.delaySeconds} s behind)` : ''}; latency: ${sli.latencyNote}` : 'none (`slo.requestMetrics.source: none`): no availability, latency or burn-rate alerts'}`,
    '',
  );
  if (rule.enabled) {
    out.push('| Alert | Severity | For | Fires when |', '|---|---|---|---|');
    for (const a of alertDefinitions(t))
      out.push(`| ${code(a.alert)} | ${a.severity} | ${a.for ?? '—'} | ${a.summary.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  return out;
}
