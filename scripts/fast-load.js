// @ts-check
/**
 * Loads the fast build (scripts/fast-build.js) through V8's code cache: `vm.Script` with
 * `cachedData`, kept next to each file as `<file>.cache`, so a run neither parses nor compiles what
 * an earlier run did. Used by scripts/run.js (the command line) and bench/ (phase timings).
 */
'use strict';
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');
const { ROOT, OUT } = require('./fast-build');

/** Commands whose lazily compiled functions are already in the code cache. */
const WARM = path.join(OUT, 'cache-warm.json');

/**
 * Compiles `file` as a CommonJS module wrapper with its code cache. The cache is named after the
 * file's inode and mtime: V8 checks only the source's length before it uses a cache, so a cache
 * must never outlive the exact file it was made from (every build renames a new file into place).
 * @param {string} file
 */
function compile(file) {
  const st = fs.statSync(file);
  const cacheFile = `${file}.${st.ino}-${Math.round(st.mtimeMs)}.cache`;
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  return { fn: script.runInThisContext(), script, cacheFile, stale: !cachedData || script.cachedDataRejected === true };
}

/**
 * Loads the linked modules of build/fast/app.js, npm packages from build/fast/vendor.js.
 * @param {string} appFile @param {string} vendorFile
 */
function loader(appFile, vendorFile) {
  const vendorCode = compile(vendorFile);
  const vendorModule = { exports: {} };
  vendorCode.fn.call(
    vendorModule.exports,
    vendorModule.exports,
    Module.createRequire(vendorFile),
    vendorModule,
    vendorFile,
    path.dirname(vendorFile),
  );
  const vendor = /** @type {Record<string, unknown>} */ (vendorModule.exports);
  const appCode = compile(appFile);
  const appModule = { exports: {} };
  appCode.fn.call(appModule.exports, appModule.exports, require, appModule, appFile, path.dirname(appFile));
  const table = /** @type {Record<string, Function>} */ (appModule.exports);
  const nodeRequire = Module.createRequire(path.join(ROOT, 'package.json'));
  /** @type {Map<string, { exports: unknown }>} */
  const cache = new Map();

  /** @param {string} id @returns {unknown} */
  function load(id) {
    const hit = cache.get(id);
    if (hit) return hit.exports;
    const mod = { exports: {}, id };
    cache.set(id, mod); // before it runs: a cycle sees the exports filled so far, as with require
    const filename = path.join(ROOT, `${id}.ts`);
    table[id].call(mod.exports, mod.exports, requireFrom(id), mod, filename, path.dirname(filename));
    return mod.exports;
  }

  /** @param {string} from */
  function requireFrom(from) {
    /** @param {string} spec */
    return (spec) => {
      if (spec.startsWith('./') || spec.startsWith('../')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
        const id = target in table ? target : `${target}/index` in table ? `${target}/index` : undefined;
        // Not a TypeScript module (a .json or .js file next to the sources): Node loads it from there.
        if (id === undefined) return nodeRequire(path.join(ROOT, target));
        return load(id);
      }
      if (Object.prototype.hasOwnProperty.call(vendor, spec)) return vendor[spec];
      return nodeRequire(spec); // Node's own modules
    };
  }
  return { load, compiled: [vendorCode, appCode] };
}

/** Writes the code caches when this command's functions are not in them yet (once per command per build). */
function rememberCompiled(/** @type {{ script: vm.Script, cacheFile: string, stale: boolean }[]} */ compiled, command) {
  /** @type {string[]} */
  let warm;
  try {
    warm = JSON.parse(fs.readFileSync(WARM, 'utf8'));
  } catch {
    warm = [];
  }
  if (!compiled.some((c) => c.stale) && warm.includes(command)) return;
  try {
    for (const c of compiled) {
      const tmp = `${c.cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, c.script.createCachedData());
      fs.renameSync(tmp, c.cacheFile);
    }
    const tmp = `${WARM}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify([...new Set([...warm, command])].sort()));
    fs.renameSync(tmp, WARM);
  } catch {
    // A read-only checkout still runs, only without the cache.
  }
}

module.exports = { loader, rememberCompiled };
