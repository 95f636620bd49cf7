/** bench/jest-suites.ts reads a jest JSON report: counts, duration sum and mean, slowest files, worker lanes. */
import { summary } from '../../bench/jest-suites';

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
