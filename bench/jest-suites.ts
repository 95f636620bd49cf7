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
 *
 * With the CPU record of the same run (`OWK_JEST_CPU=build/jest-cpu.jsonl npx jest --json ...`, written
 * by scripts/jest-environment.js: each file's user and system CPU seconds, its subprocesses included)
 * as a second argument, it also prints the CPU sums and the files that took the most CPU:
 *
 *   node build/bench/jest-suites.js build/jest.json build/jest-cpu.jsonl
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

/** One line of the CPU record: a test file's user and system CPU seconds, subprocesses included. */
interface CpuLine {
  file: string;
  user: number;
  sys: number;
}

/** The lines printed for a CPU record (JSON lines; `root` is cut from the file names; `most` files listed). */
export function cpuSummary(jsonLines: string, root: string, most = 10): string[] {
  const files = jsonLines
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CpuLine)
    .map((f) => ({ ...f, name: f.file.startsWith(root) ? f.file.slice(root.length) : f.file }));
  const sum = (k: 'user' | 'sys') => files.reduce((a, f) => a + f[k], 0);
  const s = (x: number) => x.toFixed(1).padStart(5);
  return [
    `CPU of ${files.length} files: ${(sum('user') + sum('sys')).toFixed(1)} s (${sum('user').toFixed(1)} user, ${sum('sys').toFixed(1)} sys)`,
    `most CPU, ${Math.min(most, files.length)} files (user + sys, subprocesses included):`,
    ...[...files]
      .sort((a, b) => b.user + b.sys - (a.user + a.sys))
      .slice(0, most)
      .map((f) => `  ${s(f.user + f.sys)} s = ${s(f.user)} + ${s(f.sys)}  ${f.name}`),
  ];
}

if (require.main === module) {
  const [file, cpuFile] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node build/bench/jest-suites.js <jest --json output file> [<OWK_JEST_CPU file>]');
    process.exit(2);
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  console.log(summary(report, `${process.cwd()}/`).join('\n'));
  if (cpuFile) console.log(cpuSummary(fs.readFileSync(cpuFile, 'utf8'), `${process.cwd()}/`, 15).join('\n'));
}
