/**
 * Where the time of a jest run goes, from its JSON report:
 *
 *   npx jest --json --outputFile=build/jest.json; node build/bench/jest-suites.js build/jest.json
 *
 * Prints the suite and test counts, the sum and mean of the suite durations (jest's per-file
 * startTime..endTime: the test file's own loading and tests, without jest's environment setup),
 * the slowest files, and the two worker lanes as reconstructed from the start and end times (each
 * file goes to the lane that came free first), so an unbalanced run shows as one lane ending late
 * (jest.config.js runs two workers; a run with `-i` has one lane, and its lane lines mean nothing).
 * Figures are printed, never asserted; measure CPU next to it (`/usr/bin/time`), and say what the
 * machine's load was.
 */
import * as fs from 'fs';

interface Report {
  startTime: number;
  numTotalTestSuites: number;
  numTotalTests: number;
  numPassedTests: number;
  numPendingTests: number;
  numFailedTests: number;
  testResults: { name: string; startTime: number; endTime: number }[];
}

/** The lines printed for `report` (`root` is cut from the file names; `slowest` files listed). */
export function summary(report: Report, root: string, slowest = 10): string[] {
  const files = report.testResults
    .map((t) => ({
      name: t.name.startsWith(root) ? t.name.slice(root.length) : t.name,
      start: t.startTime,
      end: t.endTime,
    }))
    .map((f) => ({ ...f, ms: f.end - f.start }));
  const sum = files.reduce((a, f) => a + f.ms, 0);
  const out = [
    `suites ${report.numTotalTestSuites}, tests ${report.numTotalTests} (${report.numPassedTests} passed, ${report.numPendingTests} pending, ${report.numFailedTests} failed)`,
    `suite durations: sum ${(sum / 1000).toFixed(1)} s, mean ${files.length ? Math.round(sum / files.length) : 0} ms`,
    `slowest ${Math.min(slowest, files.length)}:`,
    ...[...files]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, slowest)
      .map((f) => `  ${String(f.ms).padStart(7)} ms  ${f.name}`),
  ];
  const lanes = [
    { free: report.startTime, files: 0, busy: 0 },
    { free: report.startTime, files: 0, busy: 0 },
  ];
  for (const f of [...files].sort((a, b) => a.start - b.start)) {
    const lane = lanes[0].free <= lanes[1].free ? lanes[0] : lanes[1];
    lane.free = Math.max(lane.free, f.end);
    lane.files++;
    lane.busy += f.ms;
  }
  lanes.forEach((l, i) =>
    out.push(
      `lane ${i + 1}: ${l.files} files, busy ${(l.busy / 1000).toFixed(1)} s, ends at ${((l.free - report.startTime) / 1000).toFixed(1)} s`,
    ),
  );
  return out;
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node build/bench/jest-suites.js <jest --json output file>');
    process.exit(2);
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  console.log(summary(report, `${process.cwd()}/`).join('\n'));
}
