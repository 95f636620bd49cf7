// @ts-check
/**
 * The test environment (jest.config.js `testEnvironment`): jest's node environment, with one realm
 * per jest worker process instead of one per test file, and the project's own modules loaded once
 * in it (scripts/jest-runtime.js asks `sharedModules` for them).
 *
 * Why: every test file used to build a new vm context and load the project afresh into it: the
 * 3.7 MB vendor bundle compiled and evaluated, the zod schemas built, ~150 modules compiled, the
 * Kubernetes catalog read, a secretlint worker thread started (and stopped again by a per-file
 * teardown). That fixed cost, 0.4-0.7 s of CPU per file, was paid ~80 times per `npm test`.
 *
 * What is shared, and why that is safe:
 * - The realm (vm context and its global object). One realm means the shared modules and the test
 *   files see the same `Object`, `Array`, `Error`, so `instanceof` and jest's equality behave as
 *   before. Each test file still starts from the same global: whatever a file (or jest, for it)
 *   adds to or changes on the global is undone when the file ends (`restoreGlobals`), and each
 *   file gets its own `process` object (its own `process.env` copy), as jest's own environment does.
 * - The modules under build/src, build/charts and build/fast (the vendor bundle of npm packages).
 *   These hold no state a test can observe: their module-level bindings are constants, lazily
 *   built read-only tables, and memos of pure functions; test/architecture/module-state.test.ts
 *   lists each mutable one with the reason it may be shared and fails when a new one appears.
 * - The test files and their helpers (build/test/**) and every other package are still loaded
 *   per file by jest, as before.
 *
 * Not shared: each test file gets its own temporary directory as `TMPDIR` (`FileTmpdir`), removed
 * with everything the file, the project's modules or a subprocess put in it when the file ends
 * (test/architecture/tmpdir.test.ts).
 */
'use strict';
const fs = require('fs');
const Module = require('module');
const os = require('os');
const path = require('path');
const vm = require('vm');
const { TestEnvironment: NodeEnvironment } = require('jest-environment-node');
const { ModuleMocker } = require('jest-mock');
const { LegacyFakeTimers, ModernFakeTimers } = require('@jest/fake-timers');

const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(ROOT, 'build');
/** Directories whose modules are loaded once per realm (compiled sources, the fast build's bundle). */
const SHARED_DIRS = ['src', 'charts', 'fast'].map((d) => path.join(BUILD, d) + path.sep);

/**
 * A CommonJS loader for the shared modules, evaluating them in the shared realm. Node's built-in
 * modules come from Node (as under jest, which hands test code Node's own core modules); npm
 * packages from the fast build's bundle (the jest.config.js `moduleNameMapper` shims).
 */
class SharedModules {
  /**
   * @param {vm.Context} context
   * @param {Record<string, string>} packages package name -> shim file (scripts/fast-build.js packageShims)
   */
  constructor(context, packages) {
    this.context = context;
    this.packages = packages;
    /** @type {Map<string, { exports: unknown }>} */
    this.cache = new Map();
    this.nodeRequire = Module.createRequire(path.join(ROOT, 'package.json'));
    /** The realm's JSON, so parsed .json modules are objects of the realm. */
    this.json = /** @type {typeof JSON} */ (vm.runInContext('JSON', context));
  }

  /** @param {string} file an absolute path */
  owns(file) {
    return SHARED_DIRS.some((d) => file.startsWith(d));
  }

  /** @param {string} spec @param {string} fromDir */
  resolve(spec, fromDir) {
    if (Module.isBuiltin(spec)) return spec;
    if (!spec.startsWith('.') && !path.isAbsolute(spec)) {
      const shim = this.packages[spec];
      if (shim === undefined)
        throw new Error(
          `${spec} is not in the fast build's vendor bundle (scripts/fast-build.js bundles every package src/ and charts/ import)`,
        );
      return shim;
    }
    const base = path.resolve(fromDir, spec);
    for (const f of [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')])
      if (fs.statSync(f, { throwIfNoEntry: false })?.isFile()) return f;
    throw Object.assign(new Error(`Cannot find module '${spec}' from '${fromDir}'`), { code: 'MODULE_NOT_FOUND' });
  }

  /** @param {string} file an absolute path (or a built-in module's name) */
  load(file) {
    if (Module.isBuiltin(file)) return this.nodeRequire(file);
    const hit = this.cache.get(file);
    if (hit) return hit.exports;
    const dir = path.dirname(file);
    /** @type {NodeJS.Require} */
    const req = Object.assign((/** @type {string} */ spec) => this.load(this.resolve(spec, dir)), {
      resolve: Object.assign((/** @type {string} */ spec) => this.resolve(spec, dir), { paths: () => null }),
      cache: Object.create(null),
      extensions: Object.create(null),
      main: undefined,
    });
    const mod = { exports: {}, id: file, filename: file, loaded: false, children: [], paths: [], require: req };
    this.cache.set(file, mod); // before it runs: a cycle sees the exports filled so far, as with require
    try {
      const source = fs.readFileSync(file, 'utf8').replace(/^#!/, '//'); // a shebang, as Node drops it
      if (file.endsWith('.json')) mod.exports = this.json.parse(source);
      else {
        const fn = new vm.Script(Module.wrap(source), { filename: file }).runInContext(this.context);
        fn.call(mod.exports, mod.exports, req, mod, file, dir);
      }
    } catch (e) {
      this.cache.delete(file);
      throw e;
    }
    mod.loaded = true;
    return mod.exports;
  }
}

/** @typedef {Map<string | symbol, PropertyDescriptor>} Globals */

/** @param {object} global @returns {Globals} */
function snapshot(global) {
  return new Map(
    Reflect.ownKeys(global).map((k) => [
      k,
      /** @type {PropertyDescriptor} */ (Reflect.getOwnPropertyDescriptor(global, k)),
    ]),
  );
}

/** @param {PropertyDescriptor} a @param {PropertyDescriptor} b */
const same = (a, b) => a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable;

/**
 * Puts the global back as it was before the first test file ran: keys added since are deleted,
 * changed ones restored.
 * @param {Record<string | symbol, unknown>} global @param {Globals} base
 */
function restoreGlobals(global, base) {
  for (const k of Reflect.ownKeys(global)) {
    const was = base.get(k);
    const now = Reflect.getOwnPropertyDescriptor(global, k);
    if (was === undefined) Reflect.deleteProperty(global, k);
    else if (now && !same(was, now)) Reflect.defineProperty(global, k, was);
  }
  for (const [k, was] of base) if (!Reflect.getOwnPropertyDescriptor(global, k)) Reflect.defineProperty(global, k, was);
}

/** Linux's statfs f_type of a tmpfs (linux/magic.h TMPFS_MAGIC). */
const TMPFS_MAGIC = 0x01021994;
/** The free space /dev/shm needs to be used: the heaviest test files (PostgreSQL's data directory, the packed app) take ~200 MB. */
const RAM_TMP_MIN_FREE = 1024 ** 3;

/**
 * Where the test files' temporary directories go: `OWK_TEST_TMPDIR` when set; else the `TMPDIR` the run
 * was started with, when set (a CI runner's choice is kept); else /dev/shm when it is a RAM file system
 * (tmpfs) with 1 GiB free, writable, and not mounted `noexec` (Docker mounts it so, and tests run
 * programs they write there: test/charts/rollout.test.ts's stand-in curl); else the system's.
 *
 * Why RAM: on this project's machine (ext4) creating a file costs 0.6-0.7 ms of system CPU and on a
 * tmpfs 0.02 ms (2,000 files each, /tmp/wr2.js from the session notes), and the heavy test files create
 * thousands (PostgreSQL's initdb ~1,000 and each CREATE DATABASE ~300, npm's install of the packed app,
 * synthesized trees). Nothing a test writes there outlives its file (`FileTmpdir`).
 *
 * @param {NodeJS.ProcessEnv} env the environment the run started with (before `FileTmpdir` sets TMPDIR)
 * @param {string} mounts the text of /proc/self/mounts ('' when unreadable)
 */
function tmpBase(env = process.env, mounts = readMounts()) {
  // absolute, as TMPDIR must be: a subprocess started in another directory finds it all the same
  if (env.OWK_TEST_TMPDIR) return path.resolve(env.OWK_TEST_TMPDIR);
  if (env.TMPDIR) return path.resolve(env.TMPDIR);
  try {
    const shm = fs.statfsSync('/dev/shm');
    const options = mounts
      .split('\n')
      .map((line) => line.split(' '))
      .filter((f) => f[1] === '/dev/shm')
      .map((f) => (f[3] ?? '').split(','))
      .pop();
    if (
      shm.type === TMPFS_MAGIC &&
      shm.bavail * shm.bsize >= RAM_TMP_MIN_FREE &&
      options !== undefined &&
      !options.includes('noexec')
    ) {
      fs.accessSync('/dev/shm', fs.constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    // no /dev/shm (not Linux) or not writable: the system's temporary directory
  }
  return os.tmpdir();
}

function readMounts() {
  try {
    return fs.readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return '';
  }
}

/** How old a dead worker's directory must be before sweepDead removes it (a PID namespace of its own is not ours to judge). */
const DEAD_AFTER_MS = 10 * 60 * 1000;
/** The bases this process has swept, once each. */
const swept = new Set();

/**
 * Removes the test directories under `base` that jest workers which no longer run left behind: a run
 * stopped with Ctrl-C or a killed worker never tears its files down, and on /dev/shm that is memory
 * until the next boot. A directory's name carries the pid of the worker that made it; one whose
 * worker is alive (another run at the same time), or that changed in the last 10 minutes (a worker
 * in another PID namespace that shares the directory looks dead from here), is left alone. Once per
 * base and process.
 * @param {string} base
 */
function sweepDead(base) {
  if (swept.has(base)) return;
  swept.add(base);
  let names;
  try {
    names = fs.readdirSync(base);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const m = /^owk-jest-(\d+)-/.exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    const dir = path.join(base, name);
    try {
      if (now - fs.lstatSync(dir).mtimeMs < DEAD_AFTER_MS) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to remove: left
    }
  }
}

/** @param {number} pid */
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
  }
}

/**
 * A fresh temporary directory for one test file (under `tmpBase()`), removed with everything in it
 * when the file ends. Every test file used to leave its `mkdtemp` directories behind (17,000 in /tmp
 * after a day of runs).
 *
 * Node's `os.tmpdir()` reads `TMPDIR` from the worker's real `process.env`, not from the test file's
 * copy (jest's per-file `process`, which test files and the shared modules see as `process`); so both
 * are pointed here: the real one by the constructor, before jest copies it into the file's `process`.
 * Python (`tempfile`), Go (promtool), npm and PostgreSQL's tools read `TMPDIR` too, and subprocesses
 * inherit it from either. A worker runs one test file at a time, so changing its real environment for
 * the file is safe.
 */
class FileTmpdir {
  /** Creates the directory and makes it `TMPDIR`. */
  constructor() {
    /** `TMPDIR` before, put back by `remove`. */
    this.previous = process.env.TMPDIR;
    /** Where it is made (tmpBase), told to the file as OWK_TEST_TMPDIR_BASE. */
    this.base = tmpBase();
    sweepDead(this.base);
    // The worker's pid in the name: a killed run's directories are found by the next (sweepDead).
    this.dir = fs.mkdtempSync(path.join(this.base, `owk-jest-${process.pid}-`));
    // Open as /tmp is (not mkdtemp's 0700): tests run processes as other users (PostgreSQL's server
    // user in test/migration/postgres.ts, uid 65534 in test/cli/output-safety.test.ts) that use it too.
    fs.chmodSync(this.dir, 0o1777);
    process.env.TMPDIR = this.dir;
  }

  remove() {
    if (process.env.TMPDIR === this.dir) {
      if (this.previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = this.previous;
    }
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * The CPU time of this process and of its waited-for subprocesses, in seconds (Linux: /proc/self/stat
 * `cutime`/`cstime` count children once waited for, which Node does for every child it spawns; the
 * kernel reports them in USER_HZ = 100 ticks a second).
 */
function cpuNow() {
  const own = process.cpuUsage();
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // after "pid (comm) ", taken after the last ")": a process name may hold ") " itself
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after "pid (comm) ": state is field 3, so utime..cstime (fields 14-17) are at 11..14
  return { user: own.user / 1e6 + Number(fields[13]) / 100, sys: own.system / 1e6 + Number(fields[14]) / 100 };
}

/**
 * With `OWK_JEST_CPU=<file>` in the environment, each test file appends one JSON line to that file:
 * `{"file", "user", "sys"}`, the CPU seconds of the worker and of the subprocesses it waited for
 * between the file's environment being made and torn down (temporary directory removal included).
 * `node build/bench/jest-suites.js <jest --json report> <that file>` prints them.
 */
class CpuMeter {
  /** @param {string} file the test file @param {string} out where to append */
  constructor(file, out) {
    this.file = file;
    this.out = out;
    this.start = cpuNow();
  }

  record() {
    const end = cpuNow();
    const line = { file: this.file, user: end.user - this.start.user, sys: end.sys - this.start.sys };
    fs.appendFileSync(this.out, `${JSON.stringify(line)}\n`);
  }
}

/** @type {{ context: vm.Context, global: any, base: Globals, modules: SharedModules } | undefined} */
let realm;

class SharedRealmEnvironment extends NodeEnvironment {
  /**
   * @param {ConstructorParameters<typeof NodeEnvironment>[0]} config
   * @param {ConstructorParameters<typeof NodeEnvironment>[1]} context
   */
  constructor(config, context) {
    const cpuOut = process.env.OWK_JEST_CPU;
    const meter = cpuOut ? new CpuMeter(context.testPath, path.resolve(cpuOut)) : undefined;
    const tmpdir = new FileTmpdir(); // before super(): jest copies the real process.env into the file's `process`
    try {
      super(config, context); // a fresh realm, as jest makes one per file: kept for the first file only
      /** This test file's temporary directory (`TMPDIR`), removed in `teardown`. */
      this.tmpdir = tmpdir;
      /** `OWK_JEST_CPU`: records this file's CPU time in `teardown`. */
      this.meter = meter;
      // A measurement of this run: environments and jest runs a test file starts record nothing.
      delete this.global.process.env.OWK_JEST_CPU;
      // Where the directory was made (tmpBase's choice for this run), for the file to check.
      this.global.process.env.OWK_TEST_TMPDIR_BASE = tmpdir.base;
      const { projectConfig } = config;
      if (realm === undefined) {
        const { packageShims } = require('./fast-build');
        const ctx = /** @type {vm.Context} */ (this.context);
        realm = {
          context: ctx,
          global: this.global,
          base: snapshot(this.global),
          modules: new SharedModules(ctx, packageShims()),
        };
      } else {
        // This file's own `process` (jest's copy, with its own process.env), in the shared realm.
        realm.global.process = this.global.process;
        this.context = realm.context;
        this.global = realm.global;
        this.moduleMocker = new ModuleMocker(this.global);
        const idToRef = (/** @type {number} */ id) => ({ id, ref: () => idToRef(id), unref: () => idToRef(id) });
        this.fakeTimers = new LegacyFakeTimers({
          config: projectConfig,
          global: this.global,
          moduleMocker: this.moduleMocker,
          timerConfig: { idToRef, refToId: (/** @type {any} */ timer) => timer?.id },
        });
        this.fakeTimersModern = new ModernFakeTimers({ config: projectConfig, global: this.global });
      }
      /** The shared modules (scripts/jest-runtime.js). */
      this.sharedModules = realm.modules;
    } catch (e) {
      // jest tears down only an environment it was given: the directory goes now, and TMPDIR back for the next file
      tmpdir.remove();
      throw e;
    }
  }

  async teardown() {
    const global = this.global;
    try {
      await super.teardown();
      if (realm && global === realm.global) restoreGlobals(global, realm.base);
    } finally {
      this.tmpdir.remove();
      this.meter?.record();
    }
  }
}

module.exports = SharedRealmEnvironment;
module.exports.tmpBase = tmpBase;
