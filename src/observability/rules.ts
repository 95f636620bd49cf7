/**
 * The SLO alerts and their recording rules, generated from one definition each: query, `for`,
 * labels, annotations with the `runbook_url`, and the synthetic scenarios the promtool unit tests
 * replay (promtool-tests.ts) to prove each alert fires when its objective is broken and stays
 * silent while it is met.
 *
 * Burn-rate alerts follow the Google SRE workbook, "Alerting on SLOs", multiwindow multi-burn-rate
 * (table 5-8 / recommended parameters): page at 14.4x over 1h and 5m or 6x over 6h and 30m, ticket
 * at 3x over 1d and 2h or 1x over 3d and 6h (sre.google/workbook/alerting-on-slos).
 */
import { METRICS, RECORDED } from './metrics';
import { albSli, envoyGatewaySli, InputSeries, ingressNginxSli, otelSli, RequestSli, Traffic } from './sources';

/** What the SLOs are about and the targets: a narrow view of one release (built in charts/monitoring.ts). */
export interface SloTarget {
  readonly namespace: string;
  /** The release's base name: the `service` label of recorded series. */
  readonly service: string;
  readonly deployment: string;
  /** The HPA, when autoscaling is on. */
  readonly hpa?: string;
  /** Names of the migration Jobs start with this. */
  readonly migrationJobPrefix: string;
  /** The data PVC, when the release mounts one. */
  readonly dataClaim?: string;
  readonly minHealthyReplicas: number;
  readonly latencyAverageSeconds: number;
  readonly errorRatio: number;
  readonly periodDays: number;
  readonly dataVolumeFreeRatio: number;
  readonly requests: RequestSourceConfig;
  readonly alertLabels: Readonly<Record<string, string>>;
  /** URL of docs/runbook.md; each alert appends `#<anchor>`. */
  readonly runbookUrl: string;
}

export type RequestSourceConfig =
  | { readonly kind: 'none' }
  | { readonly kind: 'ingress-nginx'; readonly namespaceLabel: string; readonly ingress: string }
  | { readonly kind: 'alb'; readonly loadBalancer: string; readonly delaySeconds: number }
  | { readonly kind: 'otel'; readonly job: string }
  | { readonly kind: 'envoy-gateway'; readonly clusterName: string; readonly latencyJob?: string };

export function requestSli(t: SloTarget): RequestSli | undefined {
  const r = t.requests;
  switch (r.kind) {
    case 'none':
      return undefined;
    case 'ingress-nginx':
      return ingressNginxSli({ namespace: t.namespace, namespaceLabel: r.namespaceLabel, ingress: r.ingress });
    case 'alb':
      return albSli({ loadBalancer: r.loadBalancer, delaySeconds: r.delaySeconds });
    case 'otel':
      return otelSli({ job: r.job });
    case 'envoy-gateway':
      return envoyGatewaySli({ clusterName: r.clusterName, ...(r.latencyJob ? { latencyJob: r.latencyJob } : {}) });
  }
}

/** A state of the world for promtool: input series, and when to look. */
export interface Scenario {
  /** Why this scenario breaks or meets the objective (test name). */
  readonly description: string;
  readonly series: readonly InputSeries[];
  /** Evaluation time (PromQL duration from t=0). */
  readonly at: string;
  /** Minutes between samples and between rule evaluations (1, or DAY_STEP for day-long scenarios). */
  readonly stepMinutes?: number;
}

export interface AlertDefinition {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly severity: 'critical' | 'warning';
  readonly summary: string;
  readonly description: string;
  /** Labels the expression itself yields (checked by the unit tests). */
  readonly exprLabels: Readonly<Record<string, string>>;
  /** The objective broken: the alert must be firing at `at`. */
  readonly firing: Scenario;
  /** Optional: same breakage, looked at before `for` has passed; the alert must not fire yet. */
  readonly pending?: Scenario;
  /** The objective met: nothing fires at `at`. */
  readonly healthy: readonly Scenario[];
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Burn-rate windows (long, short) and factors, SRE workbook. */
export const BURN_RATES = {
  page: [
    { long: '1h', short: '5m', factor: 14.4 },
    { long: '6h', short: '30m', factor: 6 },
  ],
  ticket: [
    { long: '1d', short: '2h', factor: 3 },
    { long: '3d', short: '6h', factor: 1 },
  ],
} as const;
export const ERROR_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** Anchor of an alert's section in docs/runbook.md (GitHub/GitLab heading anchors: lower case). */
export const runbookAnchor = (alert: string) => alert.toLowerCase();

const q = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;

/** Series of the recorded SLIs of this release. */
function recordedLabels(t: SloTarget): Record<string, string> {
  return { namespace: t.namespace, service: t.service };
}

export function recordingRules(t: SloTarget): RecordingRule[] {
  const sli = requestSli(t);
  if (!sli) return [];
  const labels = recordedLabels(t);
  return [
    ...ERROR_WINDOWS.map((w) => ({ record: RECORDED.errorRatio(w), expr: sli.errorRatio(w), labels })),
    ...(sli.latencyAverageSeconds
      ? [{ record: RECORDED.latencyAverage, expr: sli.latencyAverageSeconds('5m'), labels }]
      : []),
    { record: RECORDED.requestRate, expr: sli.requestRate('5m'), labels },
  ];
}

/**
 * Minutes between samples and rule evaluations of the day-long (ticket burn-rate) scenarios: promtool
 * evaluates every rule at every step, so the step sets their cost. The windows they test (2h, 6h,
 * 1d, 3d) still hold 4 or more samples at 30 minutes.
 */
const DAY_STEP = 30;

/** `1.44%` style text for ratios. */
const percent = (r: number) => `${Number((r * 100).toPrecision(3))}%`;
const minutes = (n: number) => `${n}m`;
/** Minutes the source lags (ALB: CloudWatch delay), rounded up. */
const lag = (sli: RequestSli | undefined) => Math.ceil((sli?.delaySeconds ?? 0) / 60);

export function alertDefinitions(t: SloTarget): AlertDefinition[] {
  const ns = t.namespace;
  const out: AlertDefinition[] = [];
  const where = `${ns}/${t.deployment}`;

  // Healthy instances (kube-state-metrics), the brief's "at least 2 healthy instances".
  const ksm = (deployment: string, v: string, minutesLong: number): InputSeries => ({
    series: `${METRICS.deploymentAvailable.name}{namespace="${ns}",deployment="${deployment}",job="kube-state-metrics"}`,
    values: `${v}x${minutesLong}`,
  });
  const n = t.minHealthyReplicas;
  out.push({
    alert: 'OpenWebUIInstancesBelowMinimum',
    expr: `max by (namespace, deployment) (${METRICS.deploymentAvailable.name}{namespace="${ns}",deployment="${t.deployment}"}) < ${n}`,
    for: '5m',
    severity: 'critical',
    summary: `Fewer than ${n} Open WebUI instances are available`,
    description: `Deployment ${where} has had fewer than ${n} available (ready) replicas for 5 minutes: users lose sessions and there is no headroom for another failure.`,
    exprLabels: { namespace: ns, deployment: t.deployment },
    firing: {
      description: `${n - 1} available replica(s) for 5 minutes`,
      series: [ksm(t.deployment, String(n - 1), 15)],
      at: '5m',
    },
    pending: {
      description: `${n - 1} available replica(s) for 4 minutes`,
      series: [ksm(t.deployment, String(n - 1), 15)],
      at: '4m',
    },
    healthy: [
      { description: `${n} available replicas`, series: [ksm(t.deployment, String(n), 15)], at: '10m' },
      {
        description: 'a 3-minute dip (e.g. a recreate upgrade) does not page',
        series: [{ ...ksm(t.deployment, '0', 3), values: `0x3 ${n}x12` }],
        at: '10m',
      },
    ],
  });

  if (t.hpa) {
    const hpa = (name: string, v: number) => ({
      series: `${name}{namespace="${ns}",horizontalpodautoscaler="${t.hpa}",job="kube-state-metrics"}`,
      values: `${v}x40`,
    });
    out.push({
      alert: 'OpenWebUIAutoscalerAtMaximum',
      expr: `max by (namespace, horizontalpodautoscaler) (${METRICS.hpaCurrent.name}{namespace="${ns}",horizontalpodautoscaler="${t.hpa}"}) >= max by (namespace, horizontalpodautoscaler) (${METRICS.hpaMax.name}{namespace="${ns}",horizontalpodautoscaler="${t.hpa}"})`,
      for: '15m',
      severity: 'warning',
      summary: 'The Open WebUI autoscaler has been at its maximum for 15 minutes',
      description: `HorizontalPodAutoscaler ${ns}/${t.hpa} runs at maxReplicas: it cannot add capacity. Raise autoscaling.maxReplicas (within the database connection budget) or find what uses the CPU.`,
      exprLabels: { namespace: ns, horizontalpodautoscaler: t.hpa },
      firing: {
        description: 'current replicas = max for 15 minutes',
        series: [hpa(METRICS.hpaCurrent.name, 10), hpa(METRICS.hpaMax.name, 10)],
        at: '15m',
      },
      pending: {
        description: 'current replicas = max for 14 minutes',
        series: [hpa(METRICS.hpaCurrent.name, 10), hpa(METRICS.hpaMax.name, 10)],
        at: '14m',
      },
      healthy: [
        {
          description: 'current replicas below max',
          series: [hpa(METRICS.hpaCurrent.name, 6), hpa(METRICS.hpaMax.name, 10)],
          at: '30m',
        },
      ],
    });
  }

  const job = `${t.migrationJobPrefix}0-11-0-0a1b2c3d`;
  const jobSeries = (condition: string, v: number, name = job) => ({
    series: `${METRICS.jobFailed.name}{namespace="${ns}",job_name="${name}",condition="${condition}",job="kube-state-metrics"}`,
    values: `${v}x10`,
  });
  out.push({
    alert: 'OpenWebUIMigrationJobFailed',
    expr: `max by (namespace, job_name) (${METRICS.jobFailed.name}{namespace="${ns}",job_name=~${JSON.stringify(`${escapeRegex(t.migrationJobPrefix)}.*`)},condition="true"}) == 1`,
    for: '1m',
    severity: 'critical',
    summary: 'An Open WebUI database migration Job failed',
    description: `Migration Job {{ $labels.job_name }} in ${ns} failed: pods of its version wait for it and never start serving (with upgrade.strategy recreate no pod serves).`,
    exprLabels: { namespace: ns, job_name: job },
    firing: {
      description: 'the migration Job has condition Failed',
      series: [jobSeries('true', 1), jobSeries('false', 0)],
      at: '2m',
    },
    healthy: [
      { description: 'the migration Job succeeded', series: [jobSeries('true', 0), jobSeries('false', 1)], at: '5m' },
      {
        description: "another Job's failure is not ours",
        series: [jobSeries('true', 1, 'some-other-job-1'), jobSeries('true', 0)],
        at: '5m',
      },
    ],
  });

  if (t.dataClaim) {
    const vol = (name: string, v: number) => ({
      series: `${name}{namespace="${ns}",persistentvolumeclaim="${t.dataClaim}",job="kubelet"}`,
      values: `${v}x30`,
    });
    const cap = 100 * 2 ** 30;
    const freeBelow = Math.floor(cap * t.dataVolumeFreeRatio * 0.5);
    out.push({
      alert: 'OpenWebUIDataVolumeFillingUp',
      expr: `max by (namespace, persistentvolumeclaim) (${METRICS.volumeAvailable.name}{namespace="${ns}",persistentvolumeclaim="${t.dataClaim}"} / ${METRICS.volumeCapacity.name}{namespace="${ns}",persistentvolumeclaim="${t.dataClaim}"}) < ${t.dataVolumeFreeRatio}`,
      for: '10m',
      severity: 'warning',
      summary: `The Open WebUI data volume has less than ${percent(t.dataVolumeFreeRatio)} free`,
      description: `PersistentVolumeClaim ${ns}/${t.dataClaim} (uploads, caches) has less than ${percent(t.dataVolumeFreeRatio)} of its capacity free: uploads start failing when it is full.`,
      exprLabels: { namespace: ns, persistentvolumeclaim: t.dataClaim },
      firing: {
        description: `${percent(t.dataVolumeFreeRatio / 2)} free for 10 minutes`,
        series: [vol(METRICS.volumeAvailable.name, freeBelow), vol(METRICS.volumeCapacity.name, cap)],
        at: '10m',
      },
      healthy: [
        {
          description: '50% free',
          series: [vol(METRICS.volumeAvailable.name, cap / 2), vol(METRICS.volumeCapacity.name, cap)],
          at: '20m',
        },
      ],
    });
  }

  const sli = requestSli(t);
  if (sli) out.push(...requestAlerts(t, sli));
  return out;
}

function requestAlerts(t: SloTarget, sli: RequestSli): AlertDefinition[] {
  const labels = recordedLabels(t);
  const rec = (name: string) => `${name}${q(labels)}`;
  const E = t.errorRatio;
  const L = t.latencyAverageSeconds;
  const d = lag(sli);
  const at = (m: number) => minutes(m + d);
  // The test scenarios' series are built when read (promtool-tests.ts), not for each rendered PrometheusRule: getters.
  const traffic = (errorShare: number, latency: number, mins: number, stepMinutes = 1): InputSeries[] =>
    sli.testSeries({
      okPerMinute: 10000 * (1 - errorShare),
      errorsPerMinute: 10000 * errorShare,
      latencySeconds: latency,
      minutes: mins,
      stepMinutes,
    } satisfies Traffic);
  /** A day-long scenario: samples and evaluations every DAY_STEP minutes, looked at on that grid. */
  const daily = Math.ceil((1445 + d) / DAY_STEP) * DAY_STEP;
  const fine = L / 4;
  const out: AlertDefinition[] = [];
  const where = `${t.namespace}/${t.service}`;

  out.push({
    alert: 'OpenWebUIErrorRatioHigh',
    expr: `${rec(RECORDED.errorRatio('5m'))} > ${E}`,
    for: '5m',
    severity: 'critical',
    summary: `More than ${percent(E)} of Open WebUI requests fail`,
    description: `Over the last 5 minutes more than ${percent(E)} of the requests to ${where} were answered with a 5xx status (${sli.kind} metrics), for 5 minutes.`,
    exprLabels: labels,
    firing: {
      description: `${percent(E * 5)} errors`,
      get series() {
        return traffic(E * 5, fine, 60);
      },
      at: at(15),
    },
    healthy: [
      {
        description: `${percent(E / 2)} errors`,
        get series() {
          return traffic(E / 2, fine, 60);
        },
        at: at(30),
      },
    ],
  });
  if (sli.latencyAverageSeconds)
    out.push({
      alert: 'OpenWebUILatencyHigh',
      expr: `${rec(RECORDED.latencyAverage)} > ${L}`,
      for: '5m',
      severity: 'warning',
      summary: `Open WebUI answers slower than ${L} s on average`,
      description: `The average response time of ${where} over 5 minutes has been above ${L} s for 5 minutes (${sli.latencyNote}).`,
      exprLabels: labels,
      firing: {
        description: `${L * 2} s on average`,
        get series() {
          return traffic(0, L * 2, 60);
        },
        at: at(15),
      },
      healthy: [
        {
          description: `${fine} s on average, with websockets and streams that take minutes`,
          get series() {
            return traffic(0, fine, 60);
          },
          at: at(30),
        },
      ],
    });

  const burn = (windows: readonly { long: string; short: string; factor: number }[]) =>
    windows
      .map(
        (w) =>
          `(${rec(RECORDED.errorRatio(w.long))} > ${w.factor} * ${E} and ${rec(RECORDED.errorRatio(w.short))} > ${w.factor} * ${E})`,
      )
      .join(' or ');
  out.push({
    alert: 'OpenWebUIErrorBudgetBurnFast',
    expr: burn(BURN_RATES.page),
    severity: 'critical',
    summary: `Open WebUI burns its ${t.periodDays}-day error budget fast`,
    description: `Requests to ${where} fail at 14.4 times the budgeted ${percent(E)} over 1 hour (and 5 minutes), or 6 times over 6 hours (and 30 minutes): at this pace the ${t.periodDays}-day budget is gone in about 2 (or 5) days.`,
    exprLabels: labels,
    firing: {
      description: `${percent(E * 20)} errors for an hour`,
      get series() {
        return traffic(E * 20, fine, 90);
      },
      at: at(60),
    },
    healthy: [
      {
        description: `${percent(E * 5)} errors (a slow burn, not a page)`,
        get series() {
          return traffic(E * 5, fine, 90);
        },
        at: at(80),
      },
    ],
  });
  out.push({
    alert: 'OpenWebUIErrorBudgetBurnSlow',
    expr: burn(BURN_RATES.ticket),
    severity: 'warning',
    summary: `Open WebUI spends its ${t.periodDays}-day error budget too fast`,
    description: `Requests to ${where} fail at 3 times the budgeted ${percent(E)} over 1 day (and 2 hours), or above it over 3 days (and 6 hours).`,
    exprLabels: labels,
    firing: {
      description: `${percent(E * 5)} errors for a day`,
      get series() {
        return traffic(E * 5, fine, daily + DAY_STEP, DAY_STEP);
      },
      at: minutes(daily),
      stepMinutes: DAY_STEP,
    },
    healthy: [
      {
        description: `${percent(E / 2)} errors for a day`,
        get series() {
          return traffic(E / 2, fine, daily + DAY_STEP, DAY_STEP);
        },
        at: minutes(daily),
        stepMinutes: DAY_STEP,
      },
    ],
  });

  if (sli.presence && sli.presenceLabels) {
    out.push({
      alert: 'OpenWebUIRequestMetricsMissing',
      expr: `absent(${sli.presence})`,
      for: '15m',
      severity: 'warning',
      summary: 'No request metrics for Open WebUI: its availability and latency alerts are blind',
      description: `No series match ${sli.presence}: the ${sli.kind} metrics are not scraped, or the selector (slo.requestMetrics.*) does not match them, so the error and latency alerts cannot fire.`,
      exprLabels: sli.presenceLabels,
      firing: {
        description: 'no request series at all',
        series: [{ series: 'up{job="kube-state-metrics"}', values: '1x30' }],
        at: '15m',
      },
      healthy: [
        {
          description: 'request series present',
          get series() {
            return traffic(0, fine, 30);
          },
          at: '20m',
        },
      ],
    });
  }
  return out;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One rule of a Prometheus rule group, as prometheus-operator and promtool read it. */
export interface PromRule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface PromRuleGroup {
  readonly name: string;
  readonly rules: PromRule[];
}

/** The labels every alert of this definition carries. */
export function alertLabels(t: SloTarget, a: AlertDefinition): Record<string, string> {
  return { ...t.alertLabels, severity: a.severity };
}

export function alertAnnotations(t: SloTarget, a: AlertDefinition): Record<string, string> {
  return { summary: a.summary, description: a.description, runbook_url: `${t.runbookUrl}#${runbookAnchor(a.alert)}` };
}

/** The rule groups of a release: recording rules first (alerts read them), then alerts. */
export function ruleGroups(t: SloTarget): PromRuleGroup[] {
  const groups: PromRuleGroup[] = [];
  const recording = recordingRules(t);
  if (recording.length)
    groups.push({
      name: `${t.service}.slo.recording`,
      rules: recording.map((r) => ({ record: r.record, expr: r.expr, labels: { ...r.labels } })),
    });
  groups.push({
    name: `${t.service}.slo.alerts`,
    rules: alertDefinitions(t).map((a) => ({
      alert: a.alert,
      expr: a.expr,
      ...(a.for ? { for: a.for } : {}),
      labels: alertLabels(t, a),
      annotations: alertAnnotations(t, a),
    })),
  });
  return groups;
}
