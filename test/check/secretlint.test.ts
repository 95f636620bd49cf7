/**
 * The secretlint worker thread ends when asked: a process that loads the module many times (a test
 * runner that loads modules afresh per test file) otherwise gathers one live worker per copy, and
 * jest force-exits its worker processes when their exit outlasts 500 ms. Counted in a child process,
 * by its threads (Linux /proc). Batches are answered by id, in any order they are read.
 */
import { spawnSync } from 'child_process';

const MODULE = require.resolve('../../src/check/secretlint');

/** Loads the module afresh `copies` times (as jest does per test file), lints once with each; thread counts. */
function threads(copies: number, stop: boolean): { before: number; after: number; findings: number } {
  const script = `
    const fs = require('fs');
    const count = () => Number(/^Threads:\\s+(\\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
    const load = () => { delete require.cache[${JSON.stringify(MODULE)}]; return require(${JSON.stringify(MODULE)}); };
    (async () => {
      let findings = 0;
      const once = async () => {
        const m = load();
        findings += m.secretlintFindings(['token ghp_' + 'a'.repeat(36)]).length;
        if (${stop}) await m.stopSecretlint();
      };
      await once(); // the first worker also starts the process's shared threads
      ${stop ? '' : 'await load().stopSecretlint();'}
      const before = count();
      for (let i = 0; i < ${copies}; i++) await once();
      console.log(JSON.stringify({ before, after: count(), findings }));
    })();
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { before: number; after: number; findings: number };
}

test('stopSecretlint ends the worker: fresh copies of the module leave no thread behind', () => {
  const stopped = threads(4, true);
  expect(stopped.findings).toBe(5); // each copy's worker answered
  expect(stopped.after).toBe(stopped.before);
  // The control: without stopSecretlint each copy's worker stays (what jest's workers used to gather).
  const kept = threads(4, false);
  expect(kept.after).toBeGreaterThanOrEqual(kept.before + 4);
});

test('batches posted before any answer is read each get their own findings, in whatever order they are read', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module under test, as built
  const { secretlintRequest, stopSecretlint } = require(MODULE) as typeof import('../../src/check/secretlint');
  const token = `ghp_${'b'.repeat(36)}`;
  const a = secretlintRequest(['nothing to see here', `token ${token}`]);
  const b = secretlintRequest(['plain text only, no token']);
  const c = secretlintRequest([`first ${token}`, 'plain', `third ${token}`]);
  try {
    // Read the last batch first: the answers to the earlier ones wait for their own callers.
    expect(c().map((f) => f.index)).toEqual([0, 2]);
    expect(a().map((f) => f.index)).toEqual([1]);
    expect(b()).toEqual([]);
    expect(a().map((f) => f.index)).toEqual([1]); // asked again: the same answer, no second wait
    expect(c()[0]?.ruleId).toBe('@secretlint/secretlint-rule-github');
  } finally {
    void stopSecretlint();
  }
});

/**
 * A failing worker is reported, never waited on for a minute, and replaced: one child process per
 * fault (the test hook OPEN_WEBUI_K8S_TEST_SECRETLINT_FAULT makes a batch holding "owk-test-fault" fail
 * that way), linting fault, token, fault, token.
 */
test.each([
  ['batch', 'its lint throws: that batch fails, the worker answers the next', /^secretlint failed: /],
  ['uncaught', 'an error outside any batch: answered as fatal', /^secretlint failed: test fault outside any batch$/],
  [
    'exit',
    'the thread ends: said on the way out, and a new worker starts',
    /^secretlint failed: its worker thread exited \(code 7\)$/,
  ],
])('a worker fault (%s: %s) is an error for its batch, and the next batch is answered', (fault, _what, error) => {
  const script = `
    const m = require(${JSON.stringify(MODULE)});
    const token = 'token ghp_' + 'c'.repeat(36);
    const out = [];
    for (const texts of [['owk-test-fault'], [token], ['owk-test-fault'], [token]]) {
      try {
        out.push({ findings: m.secretlintFindings(texts).map((f) => f.ruleId) });
      } catch (e) {
        out.push({ error: e.message });
      }
    }
    console.log(JSON.stringify(out));
  `;
  const r = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, OPEN_WEBUI_K8S_TEST_SECRETLINT_FAULT: fault },
    timeout: 30_000, // a hang guard: a fault nobody reports would block each lint for 60 s
  });
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { error?: string; findings?: string[] }[];
  const github = { findings: ['@secretlint/secretlint-rule-github'] };
  expect(out).toEqual([
    { error: expect.stringMatching(error) },
    github,
    { error: expect.stringMatching(error) },
    github,
  ]);
});
