/**
 * `npm run bench`: median wall time of the synth CLI (a fresh Node process each run, as users
 * run it) for the shipped environments and for 100 generated ones, each also as a ratio to
 * `node -e 0` measured in the same run, so a noisy shared machine still gives comparable figures.
 * Targets (issue #2): shipped environments < 0.5 s; 100 environments < 2 s.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump, load } from 'js-yaml';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'build', 'src', 'cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);

function timeRun(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** 100 environments: the shipped ones with other release names, namespaces and sizes. */
function generateEnvironments(dir: string): void {
  fs.cpSync(path.join(REPO, 'values'), dir, { recursive: true });
  const shipped = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'common.yaml');
  for (const f of shipped) fs.rmSync(path.join(dir, f));
  for (let i = 0; i < 100; i++) {
    // A values document: free-form YAML.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const values = load(fs.readFileSync(path.join(REPO, 'values', shipped[i % shipped.length]), 'utf8')) as any;
    // Each team its own release and namespace (two environments may not deploy to one namespace).
    values.releaseName = `team-${i}`;
    values.namespace = { ...(values.namespace ?? {}), name: `team-${i}` };
    values.commonLabels = { ...(values.commonLabels ?? {}), 'cost-center': `cc-${i % 7}` };
    fs.writeFileSync(path.join(dir, `env-${String(i).padStart(3, '0')}.yaml`), dump(values));
  }
}

function main(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-bench-'));
  try {
    const generated = path.join(tmp, 'values-100');
    generateEnvironments(generated);
    const baseline: number[] = [];
    const shipped: number[] = [];
    const hundred: number[] = [];
    // Interleave the three so machine noise hits them alike.
    for (let i = 0; i < RUNS; i++) {
      baseline.push(timeRun(['-e', '0']));
      shipped.push(timeRun([CLI, 'synth', '--quiet', '--out', path.join(tmp, `out-${i}`)]));
      hundred.push(
        timeRun([CLI, 'synth', '--quiet', '--values-dir', generated, '--out', path.join(tmp, `out100-${i}`)]),
      );
    }
    const envCount = fs.readdirSync(path.join(tmp, 'out-0')).filter((d) => d !== 'argocd').length;
    const b = median(baseline);
    const rows: [string, number, number][] = [
      ['node -e 0 (baseline)', b, 0.5],
      [`synth shipped environments (${envCount})`, median(shipped), 500],
      ['synth 100 generated environments', median(hundred), 2000],
    ];
    console.log(
      `open-webui-k8s synth benchmark: ${RUNS} runs each, interleaved; medians; ${os.cpus().length} cores, node ${process.version}`,
    );
    console.log('');
    console.log('| what | median ms | x node -e 0 | target ms | within target |');
    console.log('|---|---:|---:|---:|---|');
    for (const [what, ms, target] of rows) {
      const isBaseline = what.startsWith('node');
      console.log(
        `| ${what} | ${ms.toFixed(0)} | ${(ms / b).toFixed(1)} | ${isBaseline ? '-' : target} | ${isBaseline ? '-' : ms < target ? 'yes' : 'NO'} |`,
      );
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
