/**
 * Preloaded into a benchmarked process (`node --require build/bench/exit-stats.js ...`): on exit,
 * appends its own resource usage (peak RSS, CPU time) as one JSON line to $OWK_EXIT_STATS.
 */
import * as fs from 'fs';

const out = process.env.OWK_EXIT_STATS;
if (out)
  process.on('exit', (code) => {
    const u = process.resourceUsage();
    fs.appendFileSync(
      out,
      `${JSON.stringify({ code, maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })}\n`,
    );
  });
