/**
 * secretlint (https://github.com/secretlint/secretlint) with its recommended rule preset
 * (`@secretlint/secretlint-rule-preset-recommend`: AWS, GCP, GitHub, GitLab, Slack, OpenAI,
 * Anthropic, Hugging Face, private keys, basic-auth URLs, database connection strings, npm,
 * SendGrid, Shopify, Grafana, Vault, ... maintained upstream), run on many strings at once.
 *
 * secretlint is ESM-only and asynchronous; the values pipeline is synchronous. It runs in a worker
 * thread, started as early as possible (startSecretlint) so its ~90 ms of start-up overlaps the
 * module loading on the main thread. `secretlintRequest` posts a batch and returns at once; the
 * worker lints it on the other core while the main thread goes on (validating, rendering), and the
 * returned function blocks on an Atomics.wait only if the answer is not there yet when it is needed.
 * One worker per process, unref'd so it never keeps the process alive; `stopSecretlint` ends it
 * where the process outlives its use (a test runner).
 * Secrets never leave this module: findings carry the rule, not the text.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';

export interface SecretlintFinding {
  /** Index of the string (in the list passed in) the finding is in. */
  readonly index: number;
  /** e.g. `@secretlint/secretlint-rule-github`. */
  readonly ruleId: string;
  /** e.g. `GITHUB_TOKEN`. */
  readonly messageId: string;
}

interface Answer {
  readonly id: number;
  readonly findings?: SecretlintFinding[];
  readonly error?: string;
}

interface Bridge {
  readonly worker: Worker;
  readonly port: MessagePort;
  /** How many batches the worker has answered (it posts the answer, then counts it and notifies). */
  readonly flag: Int32Array;
  /** Batches posted so far: the id of the last one. */
  sent: number;
  /** Answers read from the port but not yet asked for, by batch id. */
  readonly answers: Map<number, Answer>;
  /** Why this worker can answer no more (it died, or failed outside any batch). */
  failure?: string;
}

let bridge: Bridge | undefined;

/**
 * The packages the worker loads, resolved from this file (up to the project's node_modules), whatever
 * build runs it; and `bundle`, the same two packages as one CommonJS file that the project's fast
 * build (scripts/fast-build.js, build/fast/secretlint.js) made from exactly these entry files (same
 * size and mtime), when there is one: the worker then compiles one file through a code cache instead
 * of importing 29 ES modules.
 */
function packagePaths(): { core: string; preset: string; bundle?: string } {
  const req = createRequire(__filename);
  const core = req.resolve('@secretlint/core');
  const preset = req.resolve('@secretlint/secretlint-rule-preset-recommend');
  return { core, preset, bundle: fastBuildBundle({ core, preset }) };
}

function fastBuildBundle(entries: Record<'core' | 'preset', string>): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'build', 'fast', 'secretlint.json');
    if (fs.existsSync(manifest)) {
      try {
        const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
          bundle: string;
          packages: Record<string, { file: string; size: number; mtimeMs: number }>;
        };
        const same = (['core', 'preset'] as const).every((k) => {
          const p = m.packages[k];
          const st = p?.file === entries[k] ? fs.statSync(p.file) : undefined;
          return st !== undefined && st.size === p.size && st.mtimeMs === p.mtimeMs;
        });
        return same ? path.join(path.dirname(manifest), m.bundle) : undefined;
      } catch {
        return undefined;
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The worker's code, run with `eval` so no separate file has to sit beside a build (tsc's build/,
 * the fast build's one linked file): it loads secretlint and the preset (ESM, by absolute URL)
 * once, then lints each batch of strings as one document (strings separated by a blank line) and
 * maps every finding back to the string it is in. Messages are masked; only rule ids go back.
 */
const WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = require('worker_threads');
const { pathToFileURL } = require('url');
const { port, flag, core, preset, bundle } = workerData;
// secretlint's profiler (@secretlint/profiler 12.0.0, module/node.js:8-11 and module/index.js:12-31)
// observes its own performance marks, keeps every entry and searches them all on each new mark: its
// cost grows with the square of the strings linted in this thread's life (a quarter of its CPU at 100
// environments). Nothing reads those timings; without a PerformanceObserver it uses its own null
// observer. This thread uses perf_hooks for nothing else, and its marks are cleared after each batch.
const perfHooks = require('perf_hooks');
perfHooks.PerformanceObserver = undefined;
const SEPARATOR = String.fromCharCode(10, 10); // a blank line between strings
const answered = () => {
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
};
// The fast build's bundle, compiled through a V8 code cache named after the bundle's inode and mtime
// (as scripts/fast-load.js does), written once the first batch has compiled what linting needs.
let remember = () => undefined;
function loadBundle(file) {
  const fs = require('fs');
  const vm = require('vm');
  const Module = require('module');
  const st = fs.statSync(file);
  const cacheFile = file + '.' + st.ino + '-' + Math.round(st.mtimeMs) + '.cache';
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {}
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected)
    remember = () => {
      try {
        const tmp = cacheFile + '.' + process.pid + '.tmp';
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {} // a read-only checkout runs without the cache
      remember = () => undefined;
    };
  const m = { exports: {} };
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, require('path').dirname(file));
  return m.exports;
}
const linter = (
  bundle
    ? Promise.resolve().then(() => loadBundle(bundle))
    : Promise.all([import(pathToFileURL(core).href), import(pathToFileURL(preset).href)]).then(([c, p]) => ({
        lintSource: c.lintSource,
        creator: p.creator || (p.default && p.default.creator),
      }))
).then((m) => ({ lintSource: m.lintSource, rule: withoutComments(m.creator) }));
// The preset registers its filter-comments rule, which would let a value holding 'secretlint-disable'
// silence every string after it in the batch (and, through credentials.ts' memo, the same strings in
// later environments). Values are data, not annotated source: that one rule is left out. (@secretlint/core
// 12 ignores 'disabled' on a preset's own rules, RunningEvents.js registerRule; so the preset is wrapped.)
const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';
function withoutComments(preset) {
  return {
    meta: preset.meta,
    create(context, options) {
      const registerRule = (rule, defaults) => {
        if (rule.meta.id !== FILTER_COMMENTS) context.registerRule(rule, defaults);
      };
      return preset.create({ ...context, registerRule }, options);
    },
  };
}
linter.catch(() => undefined); // a failed import is reported with the first batch, not a crash
async function lint(texts) {
  const { lintSource, rule } = await linter;
  const starts = [];
  let offset = 0;
  for (const t of texts) {
    starts.push(offset);
    offset += t.length + SEPARATOR.length;
  }
  const result = await lintSource({
    source: { content: texts.join(SEPARATOR), filePath: '/values.txt', ext: '.txt', contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule }] }, maskSecrets: true },
  });
  return result.messages.map((m) => {
    const at = Array.isArray(m.range) ? m.range[0] : 0;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { index: lo, ruleId: String(m.ruleId), messageId: String(m.messageId) };
  });
}
// An error nothing else catches would end this thread without an answer, and the main thread, blocked
// in Atomics.wait, cannot see the worker's 'error' event: answer it as fatal (id 0) instead.
const fatal = (e) => {
  try {
    port.postMessage({ id: 0, error: String((e && e.message) || e) });
  } finally {
    answered();
  }
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
// A thread that ends (process.exit in a rule) answers nothing either: say so on the way out.
process.on('exit', (code) => fatal(new Error('its worker thread exited (code ' + code + ')')));
// Test hook (OPEN_WEBUI_K8S_TEST_SECRETLINT_FAULT, read when the worker starts): a batch holding the
// string 'owk-test-fault' fails in the way named: 'batch' (its lint throws), 'uncaught' (an error
// outside any batch), 'exit' (the thread ends). test/check/secretlint.test.ts proves each is reported.
const FAULT = workerData.fault;
// One batch at a time, in the order posted; each answer carries its batch's id.
let queue = Promise.resolve();
port.on('message', (msg) => {
  if (FAULT && msg.texts.includes('owk-test-fault')) {
    if (FAULT === 'uncaught') return setImmediate(() => { throw new Error('test fault outside any batch'); });
    if (FAULT === 'exit') return process.exit(7);
    if (FAULT === 'batch') msg = { id: msg.id, texts: null };
  }
  queue = queue
    .then(() => lint(msg.texts))
    .then((findings) => port.postMessage({ id: msg.id, findings }))
    .catch((e) => port.postMessage({ id: msg.id, error: String((e && e.message) || e) }))
    .finally(() => {
      perfHooks.performance.clearMarks();
      answered();
      remember();
    });
});
`;

/** Starts the worker (idempotent; a failed one is replaced). Call early: loading secretlint then overlaps other work. */
export function startSecretlint(): void {
  if (bridge && !bridge.failure) return;
  if (bridge) void bridge.worker.terminate(); // its waiting callers are told why it failed
  bridge = undefined;
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { port: port2, flag, fault: process.env.OPEN_WEBUI_K8S_TEST_SECRETLINT_FAULT, ...packagePaths() },
    transferList: [port2],
  });
  // A worker that dies answers nothing: record why and wake a waiting thread.
  const b: Bridge = { worker, port: port1, flag, sent: 0, answers: new Map() };
  const failed = (why: string) => {
    b.failure ??= why;
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  worker.on('error', (e) => failed(e.message));
  worker.unref();
  port1.unref();
  bridge = b;
}

/**
 * Stops the worker (idempotent; the next lint starts a new one). A CLI need not call it (the worker is
 * unref'd), but a host that loads this module many times in one process must: each copy's worker
 * (secretlint loaded, ~0.7 s of CPU, tens of MB) would otherwise live until the process exits, which
 * then takes longer than jest's 500 ms grace for its workers ("A worker process has failed to exit
 * gracefully"). The project's tests load this module once per jest worker process
 * (scripts/jest-environment.js), so they share one worker and need not call it.
 */
export async function stopSecretlint(): Promise<void> {
  const b = bridge;
  if (!b) return;
  bridge = undefined;
  b.port.close();
  await b.worker.terminate();
}

/** Every secretlint finding in `texts` (blocking). Each string is linted on its own line block. */
export function secretlintFindings(texts: readonly string[]): SecretlintFinding[] {
  return secretlintRequest(texts)();
}

/**
 * Posts `texts` to the worker and returns at once; the returned function gives the findings,
 * waiting for the worker only if it has not answered yet (call it as late as the findings allow,
 * so the linting runs on the other core meanwhile). Each string is linted on its own line block.
 */
export function secretlintRequest(texts: readonly string[]): () => SecretlintFinding[] {
  if (texts.length === 0) return () => [];
  startSecretlint();
  const b = bridge as Bridge;
  const id = ++b.sent;
  b.port.postMessage({ id, texts });
  let findings: SecretlintFinding[] | undefined;
  return () => (findings ??= awaitAnswer(b, id));
}

function awaitAnswer(b: Bridge, id: number): SecretlintFinding[] {
  // The worker answers within milliseconds; a minute means it is broken, not slow.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const counted = Atomics.load(b.flag, 0);
    for (let m = receiveMessageOnPort(b.port); m; m = receiveMessageOnPort(b.port)) {
      const answer = m.message as Answer;
      if (answer.id === 0)
        b.failure = answer.error; // the worker failed outside any batch
      else b.answers.set(answer.id, answer);
    }
    const msg = b.answers.get(id);
    if (msg) {
      b.answers.delete(id);
      if (msg.error) throw new Error(`secretlint failed: ${msg.error}`);
      return msg.findings ?? [];
    }
    if (b !== bridge) throw new Error('secretlint was stopped before it answered');
    if (b.failure) throw new Error(`secretlint failed: ${b.failure}`);
    const left = deadline - Date.now();
    if (left <= 0 || Atomics.wait(b.flag, 0, counted, left) === 'timed-out')
      throw new Error('secretlint did not answer within 60 s (its worker thread may have run out of memory)');
  }
}
