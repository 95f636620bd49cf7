/**
 * `promtool test rules` unit tests generated from the alert definitions (rules.ts): per alert, the
 * scenario that breaks its objective must fire it at the stated time with exactly its labels and
 * annotations, a look before `for:` has passed must find it pending (not firing), and every
 * healthy scenario must keep it silent.
 */
import {
  alertAnnotations,
  alertDefinitions,
  AlertDefinition,
  alertLabels,
  PromRuleGroup,
  ruleGroups,
  Scenario,
  SloTarget,
} from './rules';

export interface PromtoolTestFile {
  readonly rule_files: string[];
  readonly evaluation_interval: string;
  /** Groups in this order at each step (promtool otherwise takes them in map order, and alerts could read the previous step's recorded samples). */
  readonly group_eval_order: string[];
  readonly tests: PromtoolTest[];
}

interface PromtoolTest {
  readonly name: string;
  readonly interval: string;
  readonly input_series: { series: string; values: string }[];
  readonly alert_rule_test: {
    eval_time: string;
    alertname: string;
    exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
  }[];
}

/** Annotation text as Prometheus expands it for these labels (`{{ $labels.x }}` only). */
function expand(text: string, labels: Record<string, string>): string {
  return text.replace(/\{\{\s*\$labels\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, k: string) => labels[k] ?? '');
}

function test(
  name: string,
  s: Scenario,
  alertname: string,
  exp: PromtoolTest['alert_rule_test'][0]['exp_alerts'],
): PromtoolTest {
  return {
    name: `${alertname}: ${name}: ${s.description}`,
    interval: `${s.stepMinutes ?? 1}m`,
    input_series: s.series.map((x) => ({ series: x.series, values: x.values })),
    alert_rule_test: [{ eval_time: s.at, alertname, exp_alerts: exp }],
  };
}

export function alertTests(t: SloTarget, a: AlertDefinition): PromtoolTest[] {
  const labels = { ...a.exprLabels, ...alertLabels(t, a) };
  const annotations = Object.fromEntries(
    Object.entries(alertAnnotations(t, a)).map(([k, v]) => [k, expand(v, labels)]),
  );
  return [
    test('fires', a.firing, a.alert, [{ exp_labels: labels, exp_annotations: annotations }]),
    ...(a.pending ? [test('not before its for:', a.pending, a.alert, [])] : []),
    ...a.healthy.map((h) => test('silent', h, a.alert, [])),
  ];
}

/** The identifier-like tokens of a PromQL text: every metric name it reads, and more (conservative). */
const tokens = (expr: string): Set<string> => new Set(expr.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? []);

/**
 * Every name alert `alert`'s result can depend on: the tokens of its expression and, transitively,
 * of the recording rules whose series it reads. A superset of the metric names it selects.
 */
function readsOf(groups: PromRuleGroup[], alert: string): Set<string> {
  const rules = groups.flatMap((g) => g.rules);
  const reads = tokens(rules.find((r) => r.alert === alert)?.expr ?? '');
  const pending = [...reads];
  for (let name = pending.pop(); name !== undefined; name = pending.pop())
    for (const r of rules)
      if (r.record === name)
        for (const tk of tokens(r.expr))
          if (!reads.has(tk)) {
            reads.add(tk);
            pending.push(tk);
          }
  return reads;
}

const metricName = (series: string): string =>
  series.slice(0, series.indexOf('{') < 0 ? undefined : series.indexOf('{'));
const steps = (x: PromtoolTest): number => Math.max(...x.alert_rule_test.map((a) => parseInt(a.eval_time, 10)));

/**
 * Packs tests into fewer promtool test groups: promtool evaluates every rule at every step of a
 * group up to its last eval_time, so scenarios sharing a group share those evaluations. Two tests
 * share a group only when they are about different alerts and neither alert reads (readsOf) a metric
 * of the other's input series: each alert then sees exactly the series of its own scenario, so each
 * alert_rule_test checks what it checks alone.
 */
function pack(tests: PromtoolTest[], groups: PromRuleGroup[]): PromtoolTest[] {
  const reads = new Map<string, Set<string>>();
  const readsFor = (alert: string) => reads.get(alert) ?? reads.set(alert, readsOf(groups, alert)).get(alert)!;
  const alertOf = (x: PromtoolTest) => x.alert_rule_test[0].alertname;
  const independent = (a: PromtoolTest, b: PromtoolTest) =>
    alertOf(a) !== alertOf(b) &&
    !a.input_series.some((s) => b.input_series.some((u) => u.series === s.series)) &&
    !a.input_series.some((s) => readsFor(alertOf(b)).has(metricName(s.series))) &&
    !b.input_series.some((s) => readsFor(alertOf(a)).has(metricName(s.series)));
  const packed: PromtoolTest[][] = [];
  // Longest first, so shorter scenarios ride along with the long ones.
  for (const x of [...tests].sort((a, b) => steps(b) - steps(a))) {
    const home = packed.find((g) => g.every((y) => independent(x, y)));
    if (home) home.push(x);
    else packed.push([x]);
  }
  return packed.map((g) => ({
    name: g.map((x) => x.name).join(' | '),
    interval: g[0].interval,
    input_series: g.flatMap((x) => x.input_series),
    alert_rule_test: g.flatMap((x) => x.alert_rule_test),
  }));
}

/**
 * The test files for the rule file `ruleFile` rendered from `t`: promtool evaluates every rule at
 * each `evaluation_interval` of a file, so day-long scenarios get their own file evaluated on their
 * coarser grid (rules.ts DAY_STEP; one file at 1 minute would take 30 times as long), and the tests
 * of a file are packed into as few groups as keep each alert's series its own (pack).
 */
export function promtoolTests(t: SloTarget, ruleFile: string): PromtoolTestFile[] {
  const tests = alertDefinitions(t).flatMap((a) => alertTests(t, a));
  const groups = ruleGroups(t);
  const files: PromtoolTestFile[] = [];
  for (const step of [...new Set(tests.map((x) => x.interval))].sort()) {
    files.push({
      rule_files: [ruleFile],
      evaluation_interval: step,
      group_eval_order: groups.map((g) => g.name),
      tests: pack(
        tests.filter((x) => x.interval === step),
        groups,
      ),
    });
  }
  return files;
}
