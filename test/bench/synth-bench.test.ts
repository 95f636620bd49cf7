/** `npm run bench` keeps working and prints every figure (read by people, never asserted: timing tests flake). */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO } from '../support';

test('npm run bench prints each figure with its ratio to node -e 0, the anchors and the phases', () => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'build', 'bench', 'synth-bench.js')], {
    env: { ...process.env, BENCH_RUNS: '1', BENCH_ENVS: '2', BENCH_WARMUP: '0' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const figure = (what: string, target: string) =>
    new RegExp(
      `^\\| ${what} \\| \\d+ \\| \\d+\\.\\d\\d \\| ${target} \\| (yes|NO|-) \\| \\d+ \\| \\d+\\.\\d\\d \\|$`,
      'm',
    );
  expect(r.stdout).toMatch(figure('`node -e 0` \\(baseline\\)', '-'));
  expect(r.stdout).toMatch(figure('synth, shipped environments', '<= 3\\.0x'));
  for (const c of ['check dist', 'plan', 'diff']) expect(r.stdout).toMatch(figure(`\`${c}\``, '<= 3\\.5x'));
  expect(r.stdout).toMatch(figure('`npm run synth` as typed, nothing changed', '< 1000 ms'));
  expect(r.stdout).toMatch(figure('synth, 2 generated environments', '-'));
  expect(r.stdout).toMatch(figure('anchor: a minimal cdk8s-plus app \\(one Deployment and Service\\)', '-'));
  expect(r.stdout).toMatch(
    /^\| marginal cost per environment \(\(2 - 1\) generated\) \| -?\d+\.\d \| - \| < 10 ms \| (yes|NO) \| -?\d+\.\d \| - \|$/m,
  );
  expect(r.stdout).toMatch(
    /^\| anchor: `helm template` .* \| 151 \(recorded\) \| 3\.00 \(recorded\) \| - \| - \| - \| - \|$/m,
  );
  for (const phase of [
    'node start-up',
    'values: load, merge, validate, rules',
    'render: cdk8s charts to objects',
    'YAML: objects to files',
  ])
    expect(r.stdout).toMatch(
      new RegExp(`^\\| ${phase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\| \\d+\\.\\d \\| \\d+ % \\|$`, 'm'),
    );
}, 120_000);
