/**
 * Proof with the real tool: `promtool check rules` accepts every rendered PrometheusRule's groups,
 * and `promtool test rules` runs the unit tests generated from the same alert definitions (each
 * alert fires on series that break its objective, at the stated time, with its labels and
 * annotations; stays pending before its `for:`; stays silent on healthy series). Run for every
 * request-metric source and for the shipped environments' rendered rules.
 *
 * promtool's cost is the rule evaluation (every rule at every step of every test), not its start
 * (about 50 ms): each generated test file gets a promtool process of its own, so its verdict is its
 * own exit code and output, and the processes of the whole suite run two at a time, started while
 * the tests are collected.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { alertTests, PromtoolTestFile, promtoolTests } from '../../src/observability/promtool-tests';
import { alertDefinitions, PromRuleGroup, ruleGroups, SloTarget } from '../../src/observability/rules';
import { shipped, SHIPPED, SOURCES, target } from './helpers';
import { haveTool } from '../support';

// On a developer machine a missing promtool skips the proofs with a warning; with CI set (.ci/run
// installs Debian's prometheus) a missing promtool fails the run.
const havePromtool = haveTool('promtool', 'prometheus');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-promtool-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly status: number | null;
  readonly output: string;
}

/** promtool processes at once: one per core. */
const PARALLEL = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
let running = 0;
const queue: (() => void)[] = [];
/**
 * GOGC=400: the Go collector runs a quarter as often (promtool's heap stays near 140 MB); its
 * rule evaluation then takes about a sixth less CPU time. Only the collector's pacing changes.
 * GOMAXPROCS=1: one thread runs Go code (and the collector's work) per process; the processes run one
 * per core already, and Go's threads no longer spin waiting for work on the other core's: about 12 %
 * less CPU time (user and system) for the suite's 17 test files run one after another, 3 rounds each.
 */
const PROMTOOL_ENV = { ...process.env, GOGC: '400', GOMAXPROCS: '1' };

/** Runs promtool in `dir` when a slot is free; resolves with its exit code and its output (stdout, then stderr). */
function promtool(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const start = () => {
      running++;
      const child = spawn('promtool', args, { cwd: dir, env: PROMTOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const done = (status: number | null, extra = '') => {
        running--;
        queue.shift()?.();
        resolve({ status, output: `${stdout}${stderr}${extra}` });
      };
      child.once('error', (e) => done(null, `\n${e.message}`));
      child.once('close', (code) => done(code));
    };
    if (running < PARALLEL) start();
    else queue.push(start);
  });
}

interface Proof {
  readonly check: Run;
  /** One `promtool test rules` run per generated test file. */
  readonly tests: Run[];
}

/**
 * Writes the groups and their generated test files (those `onlyFiles` keeps, all by default) and
 * starts promtool on them: `check rules` on the groups, `test rules` on each test file.
 */
function prove(
  name: string,
  groups: PromRuleGroup[],
  t: SloTarget,
  onlyFiles: (file: PromtoolTestFile) => boolean = () => true,
): Promise<Proof> {
  const rules = `${name}.rules.yaml`;
  fs.writeFileSync(path.join(dir, rules), dump({ groups }, { lineWidth: -1 }));
  const files = promtoolTests(t, rules)
    .filter(onlyFiles)
    .map((file, i) => {
      const f = `${name}.test-${i}.yaml`;
      fs.writeFileSync(path.join(dir, f), dump(file, { lineWidth: -1 }));
      return f;
    });
  const check = promtool('check', 'rules', rules);
  const tests = Promise.all(files.map((f) => promtool('test', 'rules', f)));
  return Promise.all([check, tests]).then(([c, ts]) => ({ check: c, tests: ts }));
}

/** Every run of a proof succeeded: promtool's own verdict (exit 0) and its SUCCESS line. */
function expectAllPass(runs: Run[]): void {
  for (const r of runs)
    expect({ status: r.status, output: r.output }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
}

(havePromtool ? describe : describe.skip)('promtool', () => {
  describe.each(Object.keys(SOURCES))('request metrics from %s', (source) => {
    const t = target(SOURCES[source]);
    const proof = havePromtool ? prove(source, ruleGroups(t), t) : undefined;

    test('promtool check rules accepts the groups', async () => {
      const { check } = (await proof)!;
      expect(check.output).toContain('SUCCESS');
      expect(check.status).toBe(0);
    });

    test('promtool test rules: every alert fires on broken series and stays silent on healthy ones', async () => {
      const { tests } = (await proof)!;
      expect(tests.length).toBeGreaterThan(0);
      expectAllPass(tests);
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
    const proof = havePromtool ? prove(`dist-${name}`, rule.spec.groups, env.target) : undefined;

    test('promtool check rules accepts the rendered groups', async () => {
      const { check } = (await proof)!;
      expect(check.output).toContain('SUCCESS');
      expect(check.status).toBe(0);
    });

    test('promtool test rules passes on the rendered groups', async () => {
      const { tests } = (await proof)!;
      expect(tests.length).toBeGreaterThan(0);
      expectAllPass(tests);
    });
  });

  // Latency without the websocket exclusion: long-lived upgrades count and the healthy case fires.
  // Only the test files with OpenWebUILatencyHigh's tests are run (the day-long file has none).
  const brokenTarget = target(SOURCES['ingress-nginx']);
  const broken = havePromtool
    ? prove(
        'broken',
        ruleGroups(brokenTarget).map((g) => ({
          ...g,
          rules: g.rules.map((r) => ({ ...r, expr: r.expr.replaceAll(',status!="101"', '') })),
        })),
        brokenTarget,
        (file) => file.tests.some((x) => x.alert_rule_test.some((a) => a.alertname === 'OpenWebUILatencyHigh')),
      )
    : undefined;

  test('a broken rule fails the generated tests (the proof can fail)', async () => {
    const { check, tests } = (await broken)!;
    expect(check.status).toBe(0);
    const failed = tests
      .filter((r) => r.status !== 0)
      .map((r) => r.output)
      .join('\n');
    expect(failed).toContain('OpenWebUILatencyHigh: silent');
  });

  test('packing the scenarios into shared groups keeps every alert test, each alert at most once per group', () => {
    for (const source of Object.keys(SOURCES)) {
      const t = target(SOURCES[source]);
      const key = (x: { alertname: string; eval_time: string; exp_alerts: unknown[] }) => JSON.stringify(x);
      const alone = alertDefinitions(t)
        .flatMap((a) => alertTests(t, a))
        .flatMap((x) => x.alert_rule_test.map(key))
        .sort();
      const groups = promtoolTests(t, 'rules.yaml').flatMap((f) => f.tests);
      expect(groups.flatMap((g) => g.alert_rule_test.map(key)).sort()).toEqual(alone);
      expect(groups.length).toBeLessThan(alone.length); // scenarios do share groups
      for (const g of groups) {
        const alerts = g.alert_rule_test.map((a) => a.alertname);
        expect(new Set(alerts).size).toBe(alerts.length);
      }
    }
  });

  test('every alert has a firing and a healthy scenario', () => {
    for (const source of Object.keys(SOURCES))
      for (const a of alertDefinitions(target(SOURCES[source]))) {
        expect(a.firing.series.length).toBeGreaterThan(0);
        expect(a.healthy.length).toBeGreaterThan(0);
      }
  });
});
