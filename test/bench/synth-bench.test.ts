/** The benchmark script keeps working (its figures are read by people, never asserted: timing tests flake). */
import { spawnSync } from 'child_process';
import * as path from 'path';

test('npm run bench runs and prints medians and ratios for both workloads', () => {
  const r = spawnSync(process.execPath, [path.resolve(__dirname, '..', '..', 'bench', 'synth-bench.js')], {
    env: { ...process.env, BENCH_RUNS: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^\| synth shipped environments \(3\) \| \d+ \| [\d.]+ \| 500 \| (yes|NO) \|$/m);
  expect(r.stdout).toMatch(/^\| synth 100 generated environments \| \d+ \| [\d.]+ \| 2000 \| (yes|NO) \|$/m);
}, 120_000);
