/**
 * The SLO definitions: one definition per alert gives its query, labels, `for:` and runbook link;
 * every query reads only pinned or recorded metrics; the latency SLI leaves probes, websockets and
 * streams out; burn rates follow the SRE workbook; the runbook has a section per alert; the
 * dashboard is the library's output and every panel queries known metrics.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Dashboard, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dataquery } from '@grafana/grafana-foundation-sdk/prometheus';
import { DASHBOARD_FILE } from '../../charts/monitoring';
import { buildDashboard } from '../../src/observability/dashboard';
import { METRICS, RECORDED } from '../../src/observability/metrics';
import {
  alertDefinitions,
  BURN_RATES,
  ERROR_WINDOWS,
  recordingRules,
  ruleGroups,
  runbookAnchor,
} from '../../src/observability/rules';
import { metricNames, shipped, SOURCES, target } from './helpers';

const RUNBOOK = fs.readFileSync(path.resolve(__dirname, '../../../docs/runbook.md'), 'utf8');
const KNOWN = new Set<string>([
  ...Object.values(METRICS).map((m) => m.name),
  ...ERROR_WINDOWS.map((w) => RECORDED.errorRatio(w)),
  RECORDED.latencyAverage,
  RECORDED.requestRate,
]);
const ALL_ALERTS = [
  'OpenWebUIInstancesBelowMinimum',
  'OpenWebUIAutoscalerAtMaximum',
  'OpenWebUIMigrationJobFailed',
  'OpenWebUIDataVolumeFillingUp',
  'OpenWebUIErrorRatioHigh',
  'OpenWebUILatencyHigh',
  'OpenWebUIErrorBudgetBurnFast',
  'OpenWebUIErrorBudgetBurnSlow',
  'OpenWebUIRequestMetricsMissing',
];

describe('alert definitions', () => {
  test.each(Object.keys(SOURCES))('%s: every rule reads only pinned or recorded metrics', (source) => {
    for (const g of ruleGroups(target(SOURCES[source])))
      for (const r of g.rules) {
        const names = metricNames(r.expr);
        expect(names.length).toBeGreaterThan(0);
        for (const n of names)
          expect({ rule: r.alert ?? r.record, metric: n, known: KNOWN.has(n) }).toMatchObject({ known: true });
      }
  });

  test('the alerts per source: request alerts only with a source, no blind-spot alert for the ALB (no traffic, no data)', () => {
    const names = (s: string) => alertDefinitions(target(SOURCES[s])).map((a) => a.alert);
    expect(names('ingress-nginx')).toEqual(ALL_ALERTS);
    expect(names('otel')).toEqual(ALL_ALERTS);
    expect(names('envoy-gateway')).toEqual(ALL_ALERTS);
    // Envoy's cluster stats cannot leave streams out of latency: no latency alert without Open WebUI's own metrics.
    expect(names('envoy-gateway-without-otel')).toEqual(ALL_ALERTS.filter((a) => a !== 'OpenWebUILatencyHigh'));
    expect(names('alb')).toEqual(ALL_ALERTS.filter((a) => a !== 'OpenWebUIRequestMetricsMissing'));
    expect(names('none')).toEqual(ALL_ALERTS.slice(0, 4));
    const bare = target(SOURCES.none, { hpa: undefined, dataClaim: undefined });
    expect(alertDefinitions(bare).map((a) => a.alert)).toEqual([
      'OpenWebUIInstancesBelowMinimum',
      'OpenWebUIMigrationJobFailed',
    ]);
  });

  test('labels, for: and runbook_url come from the definition and the values', () => {
    const t = target(SOURCES['ingress-nginx'], {
      alertLabels: { team: 'chat' },
      minHealthyReplicas: 3,
      errorRatio: 0.002,
    });
    const alerts = ruleGroups(t).find((g) => g.name.endsWith('alerts'))!.rules;
    for (const r of alerts) {
      expect(r.labels).toEqual({ team: 'chat', severity: expect.stringMatching(/^(critical|warning)$/) });
      expect(r.annotations!.runbook_url).toBe(`${t.runbookUrl}#${runbookAnchor(r.alert!)}`);
    }
    const byName = Object.fromEntries(alerts.map((r) => [r.alert, r]));
    expect(byName.OpenWebUIInstancesBelowMinimum.expr).toMatch(/< 3$/);
    expect(byName.OpenWebUIInstancesBelowMinimum.for).toBe('5m');
    expect(byName.OpenWebUIErrorRatioHigh.expr).toBe(
      'openwebui:sli_error:ratio_rate5m{namespace="open-webui",service="open-webui"} > 0.002',
    );
    expect(byName.OpenWebUIErrorBudgetBurnFast.labels!.severity).toBe('critical');
    expect(byName.OpenWebUIErrorBudgetBurnSlow.labels!.severity).toBe('warning');
  });

  test('burn rates: SRE workbook windows and factors, page and ticket', () => {
    expect(BURN_RATES).toEqual({
      page: [
        { long: '1h', short: '5m', factor: 14.4 },
        { long: '6h', short: '30m', factor: 6 },
      ],
      ticket: [
        { long: '1d', short: '2h', factor: 3 },
        { long: '3d', short: '6h', factor: 1 },
      ],
    });
    const fast = alertDefinitions(target(SOURCES.otel)).find((a) => a.alert === 'OpenWebUIErrorBudgetBurnFast')!;
    expect(fast.expr).toContain('ratio_rate1h{namespace="open-webui",service="open-webui"} > 14.4 * 0.001 and');
    expect(fast.expr).toContain('ratio_rate30m{namespace="open-webui",service="open-webui"} > 6 * 0.001)');
    expect(recordingRules(target(SOURCES.otel)).map((r) => r.record)).toEqual([
      ...ERROR_WINDOWS.map((w) => `openwebui:sli_error:ratio_rate${w}`),
      'openwebui:sli_latency:avg_seconds_rate5m',
      'openwebui:sli_requests:rate5m',
    ]);
  });

  test('the latency SLI leaves probes, websockets and streamed completions out', () => {
    const latency = (s: string) =>
      recordingRules(target(SOURCES[s])).find((r) => r.record === RECORDED.latencyAverage)!.expr;
    expect(latency('ingress-nginx')).toContain(
      'nginx_ingress_controller_header_duration_seconds_sum{exported_namespace="open-webui",ingress="open-webui",status!="101"}',
    );
    for (const route of ['/health', '/ready', '/ws.*', '/api/chat/completions'])
      expect(latency('otel')).toContain(route);
    expect(latency('otel')).toContain('http_route!~');
    expect(latency('alb')).toContain('aws_applicationelb_target_response_time_sum');
    expect(latency('alb')).toContain('offset 600s');
    // Envoy Gateway: latency from Open WebUI's per-route duration, errors and rate from the route's cluster.
    expect(latency('envoy-gateway')).toBe(latency('otel'));
    expect(recordingRules(target(SOURCES['envoy-gateway-without-otel'])).map((r) => r.record)).not.toContain(
      RECORDED.latencyAverage,
    );
  });

  test("Envoy Gateway: errors are 5xx responses of the route rule's cluster over all its responses; presence from its request counter", () => {
    const t = target(SOURCES['envoy-gateway']);
    const error = recordingRules(t).find((r) => r.record === RECORDED.errorRatio('5m'))!.expr;
    expect(error).toBe(
      'sum(rate(envoy_cluster_upstream_rq_xx{envoy_cluster_name="httproute/open-webui/open-webui/rule/0",envoy_response_code_class="5"}[5m])) / sum(rate(envoy_cluster_upstream_rq_xx{envoy_cluster_name="httproute/open-webui/open-webui/rule/0"}[5m]))',
    );
    const missing = alertDefinitions(t).find((a) => a.alert === 'OpenWebUIRequestMetricsMissing')!;
    expect(missing.expr).toBe(
      'absent(envoy_cluster_upstream_rq_total{envoy_cluster_name="httproute/open-webui/open-webui/rule/0"})',
    );
  });

  test('docs/runbook.md has a section for every alert, and the metric-sources section', () => {
    const anchors = new Set(
      [...RUNBOOK.matchAll(/^#+ (.+)$/gm)].map((m) =>
        m[1]
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const a of ALL_ALERTS)
      expect({ alert: a, documented: anchors.has(runbookAnchor(a)) }).toEqual({ alert: a, documented: true });
    expect(anchors.has('metric-sources')).toBe(true);
    for (const m of Object.values(METRICS)) expect(RUNBOOK).toContain(m.name);
  });
});

describe('dashboard', () => {
  const isPanel = (p: unknown): p is Panel => (p as Panel).type !== 'row';
  const queries = (d: Dashboard) =>
    (d.panels ?? []).filter(isPanel).flatMap((p) => (p.targets ?? []).map((q) => q as Dataquery));

  test.each(['aws', 'production'])(
    'dist/%s: the ConfigMap holds the library-built dashboard, loaded by the sidecar label',
    (name) => {
      const env = shipped(name);
      const cm = env.objects.find(
        (o) => o.kind === 'ConfigMap' && o.metadata.name === 'open-webui-dashboard',
      ) as unknown as {
        metadata: { labels: Record<string, string> };
        data: Record<string, string>;
      };
      expect(cm.metadata.labels.grafana_dashboard).toBe('1');
      // Loaded through the library's types: the stored JSON is exactly what its builders produce.
      const stored = JSON.parse(cm.data[DASHBOARD_FILE]) as Dashboard;
      const built = buildDashboard({
        target: env.target,
        datasourceUid: 'prometheus',
        appContainer: 'open-webui',
        databaseMaxConnections: name === 'aws' ? 1000 : 600,
      });
      expect(stored).toEqual(JSON.parse(JSON.stringify(built)));
      expect(stored.uid).toBe('owk-open-webui-open-webui');
      expect(stored.title).toBe('Open WebUI open-webui/open-webui');
    },
  );

  test.each(Object.keys(SOURCES))(
    '%s: every panel query reads a metric the alerts or the documented sources provide',
    (source) => {
      const d = buildDashboard({
        target: target(SOURCES[source]),
        datasourceUid: 'prometheus',
        appContainer: 'open-webui',
      });
      const qs = queries(d);
      expect(qs.length).toBeGreaterThan(5);
      for (const q of qs) {
        const names = metricNames(q.expr);
        expect(names.length).toBeGreaterThan(0);
        for (const n of names) expect({ expr: q.expr, metric: n, known: KNOWN.has(n) }).toMatchObject({ known: true });
        expect((q as { refId?: string }).refId).toMatch(/^[A-Z]$/);
      }
    },
  );

  test("the SLO targets are the panels' threshold lines", () => {
    const t = target(SOURCES['ingress-nginx'], {
      minHealthyReplicas: 3,
      errorRatio: 0.002,
      latencyAverageSeconds: 1.5,
    });
    const d = buildDashboard({ target: t, datasourceUid: 'prom', appContainer: 'open-webui' });
    const steps = (title: string) =>
      (d.panels ?? [])
        .filter(isPanel)
        .find((p) => p.title === title)!
        .fieldConfig?.defaults.thresholds!.steps.map((s) => s.value);
    expect(steps('Available instances')).toEqual([null, 3]);
    expect(steps('Error ratio')).toEqual([null, 0.002]);
    expect(steps('Average response time')).toEqual([null, 1.5]);
    expect(queries(d).every((q) => (q.datasource as { uid: string }).uid === 'prom')).toBe(true);
  });
});
