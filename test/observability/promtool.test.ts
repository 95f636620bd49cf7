/**
 * Proof with the real tool: `promtool check rules` accepts every rendered PrometheusRule's groups,
 * and `promtool test rules` runs the unit tests generated from the same alert definitions (each
 * alert fires on series that break its objective, at the stated time, with its labels and
 * annotations; stays pending before its `for:`; stays silent on healthy series). Run for every
 * request-metric source and for the shipped environments' rendered rules.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { promtoolTests } from '../../src/observability/promtool-tests';
import { alertDefinitions, PromRuleGroup, ruleGroups, SloTarget } from '../../src/observability/rules';
import { shipped, SHIPPED, SOURCES, target } from './helpers';
import { haveTool } from '../support';

// On a developer machine a missing promtool skips the proofs with a warning; with CI set (.ci/run
// installs Debian's prometheus) a missing promtool fails the run.
const havePromtool = haveTool('promtool', 'prometheus');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-promtool-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * Writes the groups and their generated test files; returns the promtool results, one per test
 * file. All test files go to one `promtool test rules` run, which reports each file in a section of
 * its own ("Unit Testing:  <file>" then SUCCESS or FAILED).
 */
function prove(name: string, groups: PromRuleGroup[], t: SloTarget) {
  const rules = `${name}.rules.yaml`;
  fs.writeFileSync(path.join(dir, rules), dump({ groups }, { lineWidth: -1 }));
  const check = promtool('check', 'rules', rules);
  const files = promtoolTests(t, rules).map((file, i) => {
    const f = `${name}.test-${i}.yaml`;
    fs.writeFileSync(path.join(dir, f), dump(file, { lineWidth: -1 }));
    return f;
  });
  const run = promtool('test', 'rules', ...files);
  const sections = new Map(
    run.output
      .split(/^Unit Testing:\s+/m)
      .slice(1)
      .map((section) => [section.slice(0, section.indexOf('\n')).trim(), section] as const),
  );
  const tests = files.map((f) => {
    const output = sections.get(f) ?? run.output;
    // A file's own verdict; the run's exit code when promtool did not report the file at all.
    const status = sections.has(f) ? (/^\s+SUCCESS\s*$/m.test(output) ? 0 : 1) : (run.status ?? 1) || 1;
    return { status, output };
  });
  return { check, tests };
}

(havePromtool ? describe : describe.skip)('promtool', () => {
  describe.each(Object.keys(SOURCES))('request metrics from %s', (source) => {
    const t = target(SOURCES[source]);
    const { check, tests } = prove(source, ruleGroups(t), t);

    test('promtool check rules accepts the groups', () => {
      expect(check.output).toContain('SUCCESS');
      expect(check.status).toBe(0);
    });

    test('promtool test rules: every alert fires on broken series and stays silent on healthy ones', () => {
      for (const r of tests)
        expect({ status: r.status, output: r.output }).toEqual({
          status: 0,
          output: expect.stringContaining('SUCCESS'),
        });
    });
  });

  describe.each(SHIPPED)('dist/%s', (name) => {
    const env = shipped(name);
    const rule = env.objects.find((o) => o.kind === 'PrometheusRule') as
      { spec: { groups: PromRuleGroup[] } } | undefined;

    test('has a PrometheusRule exactly when monitoring.prometheusRule is enabled', () => {
      expect(rule !== undefined).toBe(name !== 'local');
    });

    if (!rule) return;
    const { check, tests } = prove(`dist-${name}`, rule.spec.groups, env.target);

    test('promtool check rules accepts the rendered groups', () => {
      expect(check.output).toContain('SUCCESS');
      expect(check.status).toBe(0);
    });

    test('promtool test rules passes on the rendered groups', () => {
      for (const r of tests)
        expect({ status: r.status, output: r.output }).toEqual({
          status: 0,
          output: expect.stringContaining('SUCCESS'),
        });
    });
  });

  test('a broken rule fails the generated tests (the proof can fail)', () => {
    const t = target(SOURCES['ingress-nginx']);
    // Latency without the websocket exclusion: long-lived upgrades count and the healthy case fires.
    const groups = ruleGroups(t).map((g) => ({
      ...g,
      rules: g.rules.map((r) => ({ ...r, expr: r.expr.replaceAll(',status!="101"', '') })),
    }));
    const { check, tests } = prove('broken', groups, t);
    expect(check.status).toBe(0);
    const failed = tests
      .filter((r) => r.status !== 0)
      .map((r) => r.output)
      .join('\n');
    expect(failed).toContain('OpenWebUILatencyHigh: silent');
  });

  test('every alert has a firing and a healthy scenario', () => {
    for (const source of Object.keys(SOURCES))
      for (const a of alertDefinitions(target(SOURCES[source]))) {
        expect(a.firing.series.length).toBeGreaterThan(0);
        expect(a.healthy.length).toBeGreaterThan(0);
      }
  });
});
