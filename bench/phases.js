// @ts-check
/**
 * Where the time of one `synth` of the shipped environments goes, in one fresh process that runs
 * exactly what `npm run synth` runs (the fast build through its code cache), phase by phase.
 * Prints one JSON object of milliseconds; bench/synth-bench.ts takes the median over many runs.
 *
 * usage: node bench/phases.js <out-dir>
 */
'use strict';
const { performance } = require('perf_hooks');
const started = performance.now(); // ms since the process started: Node's own start-up
const path = require('path');
const { ensureFresh, ROOT } = require('../scripts/fast-build');
const { loader } = require('../scripts/fast-load');

/** @type {Record<string, number>} */
const ms = { 'node start-up': started };
let last = performance.now();
/** @template T @param {string} phase @param {() => T} fn @returns {T} */
function time(phase, fn) {
  const r = fn();
  const now = performance.now();
  ms[phase] = (ms[phase] ?? 0) + now - last;
  last = now;
  return r;
}

const out = process.argv[2];
if (!out) throw new Error('usage: node bench/phases.js <out-dir>');
process.chdir(ROOT);
const built = time('fast build: freshness check', () => ensureFresh());
if (built.built) throw new Error(`the fast build was not current (${built.built}): run the bench again`);
const { load } = time('load app.js + vendor.js (code cache)', () => loader(built.app, built.vendor));
/** @type {any} */
const schema = time('import zod + the values schema', () => load('src/values/schema/index'));
/** @type {any} */
const render = time('import cdk8s, cdk8s-plus + charts/', () => load('src/synth/render'));
/** @type {any} */
const options = time('import the rest (rules, check, write, ...)', () => load('src/commands/values-options'));
/** @type {any} */
const guard = time('import the rest (rules, check, write, ...)', () => load('src/synth/guard'));
/** @type {any} */
const catalog = time('import the rest (rules, check, write, ...)', () => load('src/check/catalog'));
/** @type {any} */
const argocd = time('import the rest (rules, check, write, ...)', () => load('src/argocd/application'));
/** @type {any} */
const write = time('import the rest (rules, check, write, ...)', () => load('src/synth/write'));
void schema;
time('read the Kubernetes OpenAPI schema (strict check)', () => catalog.loadCatalog());
const envs = time('values: load, merge, validate, rules', () =>
  options.resolveAll(options.selectEnvironments('values', [])),
);
/** @type {{ env: any, objects: any[], files?: Map<string, string> }[]} */
const rendered = time('render: cdk8s charts to objects', () =>
  envs.map((/** @type {any} */ env) => ({ env, objects: render.renderObjects(env) })),
);
time('strict check of every rendered object', () => {
  for (const r of rendered) guard.renderedProblems(r.env, r.objects);
});
time('YAML: objects to files', () => {
  for (const r of rendered) r.files = render.renderFiles(r.env, r.objects);
});
time('write: staging directory and swap', () => {
  const tree = new Map(rendered.map((r) => [r.env.name, /** @type {Map<string, string>} */ (r.files)]));
  const files = argocd.renderArgoCdFiles(rendered);
  if (files.size) tree.set(argocd.ARGOCD_DIR, files);
  write.replaceDirectory(path.resolve(out), tree);
});
process.stdout.write(`${JSON.stringify(ms)}\n`);
