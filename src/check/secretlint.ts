/**
 * secretlint (https://github.com/secretlint/secretlint) with its recommended rule preset
 * (`@secretlint/secretlint-rule-preset-recommend`: AWS, GCP, GitHub, GitLab, Slack, OpenAI,
 * Anthropic, Hugging Face, private keys, basic-auth URLs, database connection strings, npm,
 * SendGrid, Shopify, Grafana, Vault, ... maintained upstream), run on many strings at once.
 *
 * secretlint is ESM-only and asynchronous; the values pipeline is synchronous. It runs in a worker
 * thread, started as early as possible (startSecretlint) so its ~60 ms of module loading overlaps
 * the validation and rendering on the main thread, and `secretlintFindings` blocks on an
 * Atomics.wait until the worker answers. One worker per process, unref'd so it never keeps the
 * process alive. Secrets never leave this module: findings carry the rule, not the text.
 */
import { createRequire } from 'module';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';

export interface SecretlintFinding {
  /** Index of the string (in the list passed in) the finding is in. */
  readonly index: number;
  /** e.g. `@secretlint/secretlint-rule-github`. */
  readonly ruleId: string;
  /** e.g. `GITHUB_TOKEN`. */
  readonly messageId: string;
}

interface Bridge {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

let bridge: Bridge | undefined;

/** The packages the worker loads, resolved from this file (up to the project's node_modules), whatever build runs it. */
function packagePaths(): { core: string; preset: string } {
  const req = createRequire(__filename);
  return {
    core: req.resolve('@secretlint/core'),
    preset: req.resolve('@secretlint/secretlint-rule-preset-recommend'),
  };
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
const { port, flag, core, preset } = workerData;
const SEPARATOR = String.fromCharCode(10, 10); // a blank line between strings
const done = () => {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
const linter = Promise.all([import(pathToFileURL(core).href), import(pathToFileURL(preset).href)]).then(([c, p]) => ({
  lintSource: c.lintSource,
  rule: p.creator || (p.default && p.default.creator),
}));
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
port.on('message', (msg) => {
  lint(msg.texts)
    .then((findings) => port.postMessage({ findings }))
    .catch((e) => port.postMessage({ error: String((e && e.message) || e) }))
    .finally(done);
});
`;

/** Starts the worker (idempotent). Call early: loading secretlint then overlaps other work. */
export function startSecretlint(): void {
  if (bridge) return;
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { port: port2, flag, ...packagePaths() },
    transferList: [port2],
  });
  // A worker that dies answers nothing: record why and wake the waiting thread.
  worker.on('error', (e) => {
    failure = e.message;
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  worker.unref();
  port1.unref();
  bridge = { worker, port: port1, flag };
}

let failure: string | undefined;

/** Every secretlint finding in `texts` (blocking). Each string is linted on its own line block. */
export function secretlintFindings(texts: readonly string[]): SecretlintFinding[] {
  if (texts.length === 0) return [];
  startSecretlint();
  const b = bridge as Bridge;
  Atomics.store(b.flag, 0, 0);
  b.port.postMessage({ texts });
  // The worker answers within milliseconds; a minute means it is broken, not slow.
  if (Atomics.wait(b.flag, 0, 0, 60_000) === 'timed-out') throw new Error('secretlint did not answer within 60 s');
  const msg = receiveMessageOnPort(b.port)?.message as { findings?: SecretlintFinding[]; error?: string } | undefined;
  if (!msg) throw new Error(`secretlint answered without a result${failure ? `: ${failure}` : ''}`);
  if (msg.error) throw new Error(`secretlint failed: ${msg.error}`);
  return msg.findings ?? [];
}
