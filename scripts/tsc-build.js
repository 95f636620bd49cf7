// @ts-check
/**
 * `npm run build` (and the first step of `npm test` and `npm run bench`): the type-checked build.
 *
 * `tsc -b` compiles src/, charts/, test/ and bench/ into build/ incrementally (build/tsconfig.tsbuildinfo):
 * with nothing changed it only compares timestamps; after an edit it type-checks what the edit can
 * affect and re-emits the files that changed. A type error fails the build (and so `npm test`).
 * Then every output whose TypeScript source is gone is deleted, so a removed or renamed test never
 * runs from a stale .js file.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(ROOT, 'build');
/** Compiled trees (tsconfig.json `include`); build/fast/ belongs to scripts/fast-build.js. */
const TREES = ['src', 'charts', 'test', 'bench'];

function tsc() {
  const bin = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const r = spawnSync(process.execPath, [bin, '-b', path.join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
  return r.status ?? 1;
}

/** Deletes build/<tree>/**.js (and .js.map, .d.ts) without a matching <tree>/**.ts; returns the files deleted. */
function prune() {
  /** @type {string[]} */
  const removed = [];
  /** @param {string} rel */
  const walk = (rel) => {
    const dir = path.join(BUILD, rel);
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) {
        walk(r);
        if (fs.readdirSync(path.join(BUILD, r)).length === 0) fs.rmdirSync(path.join(BUILD, r));
        continue;
      }
      const m = /^(.*)(?:\.js(?:\.map)?|\.d\.ts)$/.exec(r);
      if (m && !fs.existsSync(path.join(ROOT, `${m[1]}.ts`))) {
        fs.rmSync(path.join(BUILD, r));
        removed.push(r);
      }
    }
  };
  for (const t of TREES) if (fs.existsSync(path.join(BUILD, t))) walk(t);
  return removed;
}

const status = tsc();
if (status === 0) prune();
process.exitCode = status;
