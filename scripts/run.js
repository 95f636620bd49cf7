#!/usr/bin/env node
// @ts-check
/**
 * The command line as `npm run synth|check|plan|diff|generate` (and `npx cdk8s synth`) runs it:
 * `node scripts/run.js <command> [options]`.
 *
 * 1. Makes the fast build current (scripts/fast-build.js): nothing changed, nothing is built; an
 *    edited file is the only one transpiled again.
 * 2. Loads the two files of that build through V8's code cache (`vm.Script` `cachedData`, kept next
 *    to each file as `<file>.cache`), so a run neither parses nor compiles what an earlier run did.
 * 3. Runs `main` of src/cli.ts in this process.
 *
 * Paths: under `npm run`, npm starts scripts in the package root and passes where the user stood as
 * INIT_CWD; the command runs there, so `--values-dir`, `-f`, `--out`, `--dist` and the defaults
 * (`values/`, `dist/`) are relative to where the user stands, as with any command line tool.
 */
'use strict';
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');
const { ensureFresh, ROOT, OUT } = require('./fast-build');

/** Commands whose lazily compiled functions are already in the code cache. */
const WARM = path.join(OUT, 'cache-warm.json');

/**
 * Compiles `file` as a CommonJS module wrapper with its code cache.
 * @param {string} file
 */
function compile(file) {
  const cacheFile = `${file}.cache`;
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
  const vendor = /** @type {Record<string, unknown>} */ (
    /** @type {any} */ (vendorModule.exports).default ?? vendorModule.exports
  );
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
        if (id === undefined) throw new Error(`Cannot find module '${spec}' from ${from}.ts`);
        return load(id);
      }
      if (Object.prototype.hasOwnProperty.call(vendor, spec)) return vendor[spec];
      return nodeRequire(spec); // Node's own modules
    };
  }
  return { load, compiled: [vendorCode, appCode] };
}

/**
 * Where the user stands: npm runs package scripts in the package root and records the directory it
 * was started from in INIT_CWD. Honoured only when npm started this very script.
 */
function userDirectory() {
  const initCwd = process.env.INIT_CWD;
  const fromNpm =
    process.env.npm_package_json === path.join(ROOT, 'package.json') &&
    (process.env.npm_lifecycle_script ?? '').startsWith('node scripts/run.js') &&
    path.resolve(process.cwd()) === ROOT;
  return fromNpm && initCwd && fs.existsSync(initCwd) ? initCwd : process.cwd();
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

function run() {
  let built;
  try {
    built = ensureFresh();
  } catch (e) {
    process.stderr.write(`internal error: the fast build failed: ${/** @type {Error} */ (e).message}\n`);
    return 3;
  }
  if (built.built && process.env.OWK_VERBOSE_BUILD) process.stderr.write(`${built.built}\n`);
  const { load, compiled } = loader(built.app, built.vendor);
  const cli = /** @type {{ main: (argv: string[]) => number }} */ (load(built.entry));
  const argv = process.argv.slice(2);
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'synth';
  process.once('exit', () => rememberCompiled(compiled, command));
  process.chdir(userDirectory());
  return cli.main(argv);
}

try {
  process.exitCode = run();
} catch (e) {
  const err = /** @type {Error} */ (e);
  process.stderr.write(
    `internal error: ${err.message}\nThis is a bug in open-webui-k8s; please report it.${process.env.DEBUG ? `\n${err.stack}` : ''}\n`,
  );
  process.exitCode = 3;
}
