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

/**
 * The test files for the rule file `ruleFile` rendered from `t`: promtool evaluates every rule at
 * each `evaluation_interval` of a file, so day-long scenarios get their own file evaluated on their
 * coarser grid (rules.ts DAY_STEP; one file at 1 minute would take 30 times as long).
 */
export function promtoolTests(t: SloTarget, ruleFile: string): PromtoolTestFile[] {
  const tests = alertDefinitions(t).flatMap((a) => alertTests(t, a));
  const files: PromtoolTestFile[] = [];
  for (const step of [...new Set(tests.map((x) => x.interval))].sort()) {
    files.push({
      rule_files: [ruleFile],
      evaluation_interval: step,
      group_eval_order: ruleGroups(t).map((g) => g.name),
      tests: tests.filter((x) => x.interval === step),
    });
  }
  return files;
}
