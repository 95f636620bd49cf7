/**
 * `npm run bench`: the median wall time of each command as users run it (a fresh process each run,
 * `node scripts/run.js <command>`, what `npm run <command>` starts), each with its ratio to
 * `node -e 0` measured in the same run and interleaved with it, so a busy shared machine still gives
 * comparable figures; beside it the median CPU time of the same runs (user + system of every thread
 * and subprocess, Linux /proc), which moves far less with the load. Then where the time of one synth
 * goes, phase by phase (bench/phases.js).
 *
 * Targets (issue 15): synth of the shipped environments at most 3.0x `node -e 0` (what `helm template`
 * takes once per environment); check, plan and diff at most 3.5x; `npm run synth` with nothing
 * changed under 1 s; 100 environments at a marginal cost under 10 ms per environment.
 *
 * Environment: BENCH_RUNS (default 11) runs of each; BENCH_ENVS (default 100) generated environments;
 * BENCH_WARMUP=0 skips the warm-up runs (the bench's own test).
 * Figures are printed, never asserted (timing tests flake): test/bench/synth-bench.test.ts checks
 * only that this runs and prints every row.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump, load } from 'js-yaml';

const REPO = path.resolve(__dirname, '..', '..');
const RUN = path.join(REPO, 'scripts', 'run.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const ENVS = Number(process.env.BENCH_ENVS ?? 100);
/** The smaller generated set the marginal cost is measured against. */
const FEW = Math.max(1, Math.round(ENVS / 10));

/** `helm template` of the official chart once per environment, as issue 15 recorded it (helm is not on the npm registry). */
const HELM_RECORDED = { ms: 151, ratio: 3.0 };

interface Workload {
  readonly what: string;
  readonly argv: string[];
  /** Exit codes that count as success (diff exits 1 when there are changes). @default [0] */
  readonly ok?: number[];
  /** Target as a ratio to `node -e 0`, or in milliseconds. */
  readonly target?: { ratio: number } | { ms: number };
  readonly times: number[];
  /** CPU time (user + system, all threads and subprocesses) of each run, in ms; empty where unknown. */
  cpu?: number[];
}

/**
 * CPU time of the subprocesses this process has waited for, in ms: Linux /proc/self/stat `cutime` +
 * `cstime` (in USER_HZ, 100 a second, so 10 ms steps). Undefined elsewhere.
 */
function childrenCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // after "pid (comm) ", taken after the last ")": a process name may hold ") " itself
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10; // fields 16 and 17 of proc(5), after "pid (comm) "
  } catch {
    return undefined;
  }
}

function timeRun(w: Workload, cwd = REPO): void {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync(w.argv[0], w.argv.slice(1), { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuAfter = childrenCpuMs();
  if (r.status === null || !(w.ok ?? [0]).includes(r.status))
    throw new Error(`${w.argv.join(' ')} failed (${r.status}):\n${r.stderr}`);
  w.times.push(ms);
  if (cpuBefore !== undefined && cpuAfter !== undefined) (w.cpu ??= []).push(cpuAfter - cpuBefore);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** `count` environments: the shipped ones with other release names, namespaces and labels. */
function generateEnvironments(dir: string, count: number): void {
  fs.cpSync(path.join(REPO, 'values'), dir, { recursive: true });
  const shipped = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'common.yaml');
  for (const f of shipped) fs.rmSync(path.join(dir, f));
  for (let i = 0; i < count; i++) {
    // A values document is free-form YAML.
    const values = load(fs.readFileSync(path.join(REPO, 'values', shipped[i % shipped.length]), 'utf8')) as Record<
      string,
      any // eslint-disable-line @typescript-eslint/no-explicit-any
    >;
    // Each team its own release and namespace (two environments may not deploy to one namespace).
    values.releaseName = `team-${i}`;
    values.namespace = { ...(values.namespace ?? {}), name: `team-${i}` };
    values.commonLabels = { ...(values.commonLabels ?? {}), 'cost-center': `cc-${i % 7}` };
    fs.writeFileSync(path.join(dir, `env-${String(i).padStart(3, '0')}.yaml`), dump(values));
  }
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

function main(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-bench-'));
  try {
    const many = path.join(tmp, `values-${ENVS}`);
    const few = path.join(tmp, `values-${FEW}`);
    generateEnvironments(many, ENVS);
    generateEnvironments(few, FEW);
    const node = process.execPath;
    const out = (name: string) => path.join(tmp, name);
    // Make the fast build current and its code cache warm for every command before timing.
    if (process.env.BENCH_WARMUP !== '0')
      for (const args of [['synth', '--quiet', '--out', out('warm')], ['check', 'dist', '--quiet'], ['plan'], ['diff']])
        spawnSync(node, [RUN, ...args], { cwd: REPO, stdio: 'ignore' });
    const baseline: Workload = { what: '`node -e 0` (baseline)', argv: [node, '-e', '0'], times: [] };
    const workloads: Workload[] = [
      baseline,
      {
        what: 'synth, shipped environments',
        argv: [node, RUN, 'synth', '--quiet', '--out', out('shipped')],
        target: { ratio: 3.0 },
        times: [],
      },
      { what: '`check dist`', argv: [node, RUN, 'check', 'dist', '--quiet'], target: { ratio: 3.5 }, times: [] },
      { what: '`plan`', argv: [node, RUN, 'plan'], target: { ratio: 3.5 }, times: [] },
      { what: '`diff`', argv: [node, RUN, 'diff'], ok: [0, 1], target: { ratio: 3.5 }, times: [] },
      {
        what: '`npm run synth` as typed, nothing changed',
        argv: ['npm', 'run', '--silent', 'synth', '--', '--quiet', '--out', out('npm')],
        target: { ms: 1000 },
        times: [],
      },
      {
        what: `synth, ${ENVS} generated environments`,
        argv: [node, RUN, 'synth', '--quiet', '--values-dir', many, '--out', out('many')],
        times: [],
      },
      {
        what: `synth, ${FEW} generated environments`,
        argv: [node, RUN, 'synth', '--quiet', '--values-dir', few, '--out', out('few')],
        times: [],
      },
      {
        what: 'anchor: a minimal cdk8s-plus app (one Deployment and Service)',
        argv: [node, path.join(REPO, 'build', 'bench', 'minimal-cdk8s-app.js'), out('minimal')],
        times: [],
      },
    ];
    const phases: Record<string, number>[] = [];
    // Interleaved, so machine noise hits every workload alike.
    for (let i = 0; i < RUNS; i++) {
      for (const w of workloads) timeRun(w);
      const r = spawnSync(node, [path.join(REPO, 'bench', 'phases.js'), out('phases')], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`bench/phases.js failed:\n${r.stderr}`);
      phases.push(JSON.parse(r.stdout) as Record<string, number>);
    }
    const b = median(baseline.times);
    const lines = [
      `open-webui-k8s benchmark: ${RUNS} run(s) of each, interleaved; medians; ${os.cpus().length} cores, node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      '',
      row(['what', 'median ms', 'x `node -e 0`', 'target', 'met', 'median CPU ms', 'CPU x `node -e 0`']),
      row(['---', '---:', '---:', '---', '---', '---:', '---:']),
    ];
    // CPU time (user + system of every thread and subprocess) moves far less with the machine's load
    // than wall time: a second view of the same runs, not the targets' measure.
    const cpuOf = (w: Workload) => (w.cpu?.length ? median(w.cpu) : undefined);
    const baseCpu = cpuOf(baseline);
    for (const w of workloads) {
      const m = median(w.times);
      const t = w.target;
      const target = !t ? '-' : 'ratio' in t ? `<= ${t.ratio.toFixed(1)}x` : `< ${t.ms} ms`;
      const met = !t ? '-' : ('ratio' in t ? m / b <= t.ratio : m < t.ms) ? 'yes' : 'NO';
      const c = cpuOf(w);
      lines.push(
        row([
          w.what,
          m.toFixed(0),
          (m / b).toFixed(2),
          target,
          met,
          c === undefined ? '-' : c.toFixed(0),
          c === undefined || !baseCpu ? '-' : (c / baseCpu).toFixed(2),
        ]),
      );
    }
    const manyMs = median(workloads.find((w) => w.what.startsWith(`synth, ${ENVS} `))!.times);
    const fewMs = median(workloads.find((w) => w.what.startsWith(`synth, ${FEW} `))!.times);
    const marginal = (manyMs - fewMs) / (ENVS - FEW || 1);
    const manyCpu = cpuOf(workloads.find((w) => w.what.startsWith(`synth, ${ENVS} `))!);
    const fewCpu = cpuOf(workloads.find((w) => w.what.startsWith(`synth, ${FEW} `))!);
    const marginalCpu =
      manyCpu === undefined || fewCpu === undefined ? '-' : ((manyCpu - fewCpu) / (ENVS - FEW || 1)).toFixed(1);
    lines.push(
      row([
        `marginal cost per environment ((${ENVS} - ${FEW}) generated)`,
        marginal.toFixed(1),
        '-',
        '< 10 ms',
        marginal < 10 ? 'yes' : 'NO',
        marginalCpu,
        '-',
      ]),
      row([
        'anchor: `helm template` of the official chart once per environment (recorded in issue 15; helm is not on the npm registry)',
        `${HELM_RECORDED.ms} (recorded)`,
        `${HELM_RECORDED.ratio.toFixed(2)} (recorded)`,
        '-',
        '-',
        '-',
        '-',
      ]),
      '',
      'Where the time of one synth of the shipped environments goes (bench/phases.js, one fresh process per run, medians):',
      '',
      row(['phase', 'median ms', 'share']),
      row(['---', '---:', '---:']),
    );
    const names = Object.keys(phases[0]);
    const medians = names.map((n) => [n, median(phases.map((p) => p[n] ?? 0))] as const);
    const total = medians.reduce((s, [, m]) => s + m, 0);
    for (const [n, m] of medians) lines.push(row([n, m.toFixed(1), `${((100 * m) / total).toFixed(0)} %`]));
    lines.push(row(['total', total.toFixed(1), '100 %']));
    console.log(lines.join('\n'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
