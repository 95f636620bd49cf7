/** bench/jest-suites.ts reads a jest JSON report (counts, duration sum and mean, slowest files, worker lanes) and the environment's CPU record. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cpuSummary, summary } from '../../bench/jest-suites';

const REPO = path.resolve(__dirname, '..', '..', '..');

test('summarises a jest report: counts, durations, the slowest files and the two lanes', () => {
  const report = {
    startTime: 1000,
    numTotalTestSuites: 3,
    numTotalTests: 7,
    numPassedTests: 6,
    numPendingTests: 1,
    numFailedTests: 0,
    testResults: [
      { name: '/repo/build/test/a.test.js', startTime: 1000, endTime: 4000 },
      { name: '/repo/build/test/b.test.js', startTime: 1000, endTime: 2000 },
      { name: '/repo/build/test/c.test.js', startTime: 2000, endTime: 3000 },
    ],
  };
  expect(summary(report, '/repo/', 2)).toEqual([
    'suites 3, tests 7 (6 passed, 1 pending, 0 failed)',
    'suite durations: sum 5.0 s, mean 1667 ms',
    'slowest 2:',
    '     3000 ms  build/test/a.test.js',
    '     1000 ms  build/test/b.test.js',
    // a and b start together; c goes to the lane b left free at 2 s
    'lane 1: 1 files, busy 3.0 s, ends at 3.0 s',
    'lane 2: 2 files, busy 2.0 s, ends at 2.0 s',
  ]);
});

test('summarises the CPU record: sums, and the files that took the most CPU', () => {
  const record = [
    { file: '/repo/build/test/a.test.js', user: 1.25, sys: 0.5 },
    { file: '/repo/build/test/b.test.js', user: 3, sys: 2 },
    { file: '/repo/build/test/c.test.js', user: 0.5, sys: 0.25 },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n');
  expect(cpuSummary(`${record}\n`, '/repo/', 2)).toEqual([
    'CPU of 3 files: 7.5 s (4.8 user, 2.8 sys)',
    'most CPU, 2 files (user + sys, subprocesses included):',
    '    5.0 s =   3.0 +   2.0  build/test/b.test.js',
    '    1.8 s =   1.3 +   0.5  build/test/a.test.js',
  ]);
});

test("the test environment records each file's CPU time, its subprocesses included, with OWK_JEST_CPU set", async () => {
  const out = path.join(os.tmpdir(), 'cpu.jsonl');
  let Env: new (config: unknown, context: unknown) => { teardown(): Promise<void> } = undefined as never;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the module, not a type import
    Env = require(path.join(REPO, 'scripts', 'jest-environment.js'));
  });
  const config = {
    globalConfig: {},
    projectConfig: { rootDir: REPO, testEnvironmentOptions: {}, globals: {}, fakeTimers: {} },
  };
  // the environment module, loaded here, reads this file's process.env
  process.env.OWK_JEST_CPU = out;
  try {
    const env = new Env(config, { testPath: '/repo/build/test/x.test.js' });
    // a subprocess that uses at least 0.2 s of user CPU (asking for its CPU time rarely: that is a system call)
    const child = spawnSync(process.execPath, [
      '-e',
      'let x = 0; do for (let i = 0; i < 1e6; i++) x += i; while (process.cpuUsage().user < 2e5);',
    ]);
    expect(child.status).toBe(0);
    await env.teardown();
  } finally {
    delete process.env.OWK_JEST_CPU;
  }
  const lines = fs
    .readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toEqual([{ file: '/repo/build/test/x.test.js', user: expect.any(Number), sys: expect.any(Number) }]);
  expect(lines[0].user).toBeGreaterThanOrEqual(0.2);
  expect(lines[0].sys).toBeGreaterThanOrEqual(0);
});
