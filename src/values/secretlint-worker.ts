/**
 * Worker side of secretlint.ts: loads secretlint and its recommended preset (ESM) once, then lints
 * each batch of strings as one document and maps every finding back to the string it is in.
 */
import { pathToFileURL } from 'url';
import { MessagePort, workerData } from 'worker_threads';

interface Data {
  readonly port: MessagePort;
  readonly flag: Int32Array;
  readonly core: string;
  readonly preset: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
// A real dynamic import (tsc would turn `import()` into `require()`, which cannot load ESM on every Node 20).
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<any>;

const { port, flag, core, preset } = workerData as Data;
const SEPARATOR = '\n\n';

const linter = Promise.all([importEsm(pathToFileURL(core).href), importEsm(pathToFileURL(preset).href)]).then(
  ([c, p]) => ({ lintSource: c.lintSource as (o: any) => Promise<any>, preset: p.creator ?? p.default?.creator }),
);

async function lint(texts: string[]): Promise<{ index: number; ruleId: string; messageId: string }[]> {
  const { lintSource, preset: rule } = await linter;
  const starts: number[] = [];
  let offset = 0;
  for (const t of texts) {
    starts.push(offset);
    offset += t.length + SEPARATOR.length;
  }
  const result = await lintSource({
    source: { content: texts.join(SEPARATOR), filePath: '/values.txt', ext: '.txt', contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule }] }, maskSecrets: true },
  });
  return (result.messages as any[]).map((m) => {
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

port.on('message', (msg: { texts: string[] }) => {
  lint(msg.texts)
    .then((findings) => port.postMessage({ findings }))
    .catch((e: unknown) => port.postMessage({ error: (e as Error).message }))
    .finally(() => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
});
