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

interface Bridge {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

let bridge: Bridge | undefined;

/** The packages the worker loads, resolved here (where node_modules is known). */
function packagePaths(): { core: string; preset: string } {
  return {
    core: require.resolve('@secretlint/core'),
    preset: require.resolve('@secretlint/secretlint-rule-preset-recommend'),
  };
}

/** Starts the worker (idempotent). Call early: loading secretlint then overlaps other work. */
export function startSecretlint(): void {
  if (bridge) return;
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(path.join(__dirname, 'secretlint-worker.js'), {
    workerData: { port: port2, flag, ...packagePaths() },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  bridge = { worker, port: port1, flag };
}

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
  if (!msg) throw new Error('secretlint answered without a result');
  if (msg.error) throw new Error(`secretlint failed: ${msg.error}`);
  return msg.findings ?? [];
}
