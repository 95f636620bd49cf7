/**
 * `npm run bench:hostile`: every hostile input of issue 10 (and its neighbours) through the CLI as
 * `npm run synth` runs it (scripts/run.js: the fast build through its code cache), one fresh process per run, printing wall time, CPU time and peak memory (RSS) per case and
 * the slowest and largest. Targets: every input answered (refused or accepted) in under 2 s,
 * under 300 MB. Printed, never asserted: the tests assert outcomes (test/bad-values.test.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'scripts', 'run.js');
const HOOK = path.join(REPO, 'build', 'bench', 'exit-stats.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MIB = 1024 * 1024;

interface Input {
  readonly name: string;
  readonly content: () => string | Buffer;
}

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

const INPUTS: Input[] = [
  {
    name: '1 MiB values file, one invalid UTF-8 byte at its end',
    content: () => {
      const body = Buffer.from(`podAnnotations:\n${lines(100_000, (i) => `  k${i}: v`)}\n`).subarray(0, MIB - 8);
      return Buffer.concat([body, Buffer.from([0xff, 0x0a])]);
    },
  },
  {
    name: '40,000 podAnnotations (over 256 KiB)',
    content: () => `podAnnotations:\n${lines(40_000, (i) => `  a${i}: v${i}`)}\n`,
  },
  {
    name: '20,000 podAnnotations (under 256 KiB)',
    content: () => `podAnnotations:\n${lines(20_000, (i) => `  a${i}: v`)}\n`,
  },
  {
    name: '4,000 commonAnnotations',
    content: () => `commonAnnotations:\n${lines(4_000, (i) => `  example.com/a${i}: value-${i}`)}\n`,
  },
  {
    name: '45,000 commonLabels (every object)',
    content: () => `commonLabels:\n${lines(45_000, (i) => `  l${i}: v`)}\n`,
  },
  {
    name: '45,000 extraEnv entries',
    content: () => `extraEnv:\n${lines(22_000, (i) => `  - {name: E${i}, value: v}`)}\n`,
  },
  { name: '10 MB values file', content: () => `a: "${'x'.repeat(10 * MIB)}"\n` },
  { name: 'flow nesting 5,000 deep', content: () => `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n` },
  {
    name: 'alias bomb',
    content: () =>
      [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        ...Array.from(
          { length: 8 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
              .fill(`*${String.fromCharCode(97 + i)}`)
              .join(',')}]`,
        ),
      ].join('\n') + '\n',
  },
  {
    name: 'one 1 MiB line of 60,000 flow labels',
    content: () =>
      `commonLabels: {${lines(60_000, (i) => `k${i}: v`)
        .split('\n')
        .join(', ')}}\n`,
  },
];

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  code: number | null;
}

function run(args: string[], stats: string): Sample {
  fs.writeFileSync(stats, '');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', HOOK, ...args], {
    cwd: REPO,
    env: { ...process.env, OWK_EXIT_STATS: stats },
    encoding: 'utf8',
    maxBuffer: 256 * MIB,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const last = fs.readFileSync(stats, 'utf8').trim().split('\n').pop() ?? '{}';
  const s = JSON.parse(last) as { maxRssKb?: number; cpuMs?: number };
  return { wallMs, cpuMs: s.cpuMs ?? NaN, rssMb: (s.maxRssKb ?? NaN) / 1024, code: r.status };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-hostile-'));
  try {
    const stats = path.join(tmp, 'stats.jsonl');
    const rows: { name: string; bytes: number; code: number | null; wall: number; cpu: number; rss: number }[] = [];
    const baseline = median(Array.from({ length: RUNS }, () => run(['-e', '0'], stats).wallMs));
    // Make the fast build current and its code cache warm before timing.
    run([CLI, 'synth', '--quiet', '--env', 'production', '--out', path.join(tmp, 'out')], stats);
    for (const input of INPUTS) {
      const file = path.join(tmp, 'hostile.yaml');
      fs.writeFileSync(file, input.content());
      const samples = Array.from({ length: RUNS }, () =>
        run([CLI, 'synth', '--quiet', '--env', 'production', '-f', file, '--out', path.join(tmp, 'out')], stats),
      );
      fs.rmSync(path.join(tmp, 'out'), { recursive: true, force: true });
      rows.push({
        name: input.name,
        bytes: fs.statSync(file).size,
        code: samples[0].code,
        wall: median(samples.map((s) => s.wallMs)),
        cpu: median(samples.map((s) => s.cpuMs)),
        rss: Math.max(...samples.map((s) => s.rssMb)),
      });
    }
    console.log(
      `open-webui-k8s hostile inputs: synth --env production -f <input>, ${RUNS} runs each (median time, max RSS); ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
    );
    console.log(`node -e 0 in this run: ${baseline.toFixed(0)} ms\n`);
    console.log('| input | bytes | exit | wall ms | cpu ms | x node -e 0 | peak RSS MB |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(
        `| ${r.name} | ${r.bytes} | ${r.code} | ${r.wall.toFixed(0)} | ${r.cpu.toFixed(0)} | ${(r.wall / baseline).toFixed(1)} | ${r.rss.toFixed(0)} |`,
      );
    const slowest = rows.reduce((a, b) => (b.wall > a.wall ? b : a));
    const largest = rows.reduce((a, b) => (b.rss > a.rss ? b : a));
    console.log('');
    console.log(
      `slowest: ${slowest.name}: ${slowest.wall.toFixed(0)} ms wall, ${slowest.cpu.toFixed(0)} ms CPU (target < 2000 ms): ${slowest.wall < 2000 ? 'within' : 'OVER'}`,
    );
    console.log(
      `peak memory: ${largest.name}: ${largest.rss.toFixed(0)} MB (target < 300 MB): ${largest.rss < 300 ? 'within' : 'OVER'}`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
