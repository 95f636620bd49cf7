// @ts-check
/**
 * The fast build behind `npm run synth|check|plan|diff|generate|import` (see scripts/run.js).
 *
 * Type-checking is not done here: `npm test` (scripts/tsc-build.js, `tsc -b`) and `npm run lint`
 * type-check the whole project. A command the user types only needs JavaScript, so:
 *
 * - Freshness is decided by a stamp of every runtime source (`src/**.ts`, `charts/**.ts`): size and
 *   mtime first, the content hash when those differ (a `git checkout` or a copy changes mtimes, not
 *   content). Nothing changed: nothing is built, and the check costs a few milliseconds.
 * - Only changed files are transpiled (esbuild's per-file TypeScript transform to CommonJS, the
 *   same module semantics as tsc's output; `isolatedModules` in tsconfig.json keeps every file
 *   transpilable on its own). Each file's output is kept in build/fast/modules/.
 * - The modules are linked into one file, build/fast/app.js (a table of module functions; require
 *   between them is resolved here, not on disk), so a run opens and compiles one file.
 * - The npm packages the code imports are bundled once into build/fast/vendor.js, rebuilt only when
 *   package-lock.json or the set of imported packages changes.
 *
 * Every output is written to a temporary file and renamed into place, so two commands started at
 * once (parallel tests, two terminals) never see a half-written file.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** Where the fast build lives (inside build/, which tsc also writes; tsc never touches fast/). */
const OUT = path.join(ROOT, 'build', 'fast');
/** The runtime sources: what `src/cli.ts` can reach. Tests and the bench are compiled by tsc only. */
const SOURCE_DIRS = ['src', 'charts'];
const ENTRY = 'src/cli';
/** Bump when the layout of the files written here changes. */
const FORMAT = 3;

const APP = path.join(OUT, 'app.js');
const VENDOR = path.join(OUT, 'vendor.js');
const STAMP = path.join(OUT, 'stamp.json');
/** One file per bundled package, each the package from vendor.js (jest maps the packages to them: jest.config.js). */
const PACKAGES = path.join(OUT, 'packages');
const PACKAGE_LIST = path.join(OUT, 'packages.json');
/**
 * secretlint and its recommended preset (ESM packages src/check/secretlint.ts loads in a worker
 * thread) as one CommonJS file, and the manifest naming the package entry files it was made from
 * (src/check/secretlint.ts uses the bundle only while their size and mtime still match).
 */
const SECRETLINT = path.join(OUT, 'secretlint.js');
const SECRETLINT_MANIFEST = path.join(OUT, 'secretlint.json');
const SECRETLINT_PACKAGES = { core: '@secretlint/core', preset: '@secretlint/secretlint-rule-preset-recommend' };

/** @param {string} file @param {string | Buffer} content */
function writeAtomic(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** @param {string | Buffer} s */
const sha1 = (s) => crypto.createHash('sha1').update(s).digest('hex');

/** Every `.ts` source below the source directories, as `src/a/b.ts` (POSIX separators), sorted. */
function listSources() {
  /** @type {string[]} */
  const out = [];
  /** @param {string} rel */
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(r);
    }
  };
  for (const d of SOURCE_DIRS) if (fs.existsSync(path.join(ROOT, d))) walk(d);
  return out.sort();
}

/**
 * @typedef {{ size: number, mtimeMs: number, hash: string }} SourceStamp
 * @typedef {{ format: number, node: string, esbuild: string, vendorKey: string, sources: Record<string, SourceStamp> }} Stamp
 */

/** @returns {Stamp | undefined} */
function readStamp() {
  try {
    const s = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    return s.format === FORMAT && s.node === process.version ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Is the fast build current? Stats every source (no reads unless size or mtime moved).
 * @returns {{ fresh: boolean, stamp: Stamp | undefined, changed: string[], current: Record<string, SourceStamp> }}
 */
function freshness() {
  const stamp = readStamp();
  const sources = listSources();
  /** @type {Record<string, SourceStamp>} */
  const current = {};
  /** @type {string[]} */
  const changed = [];
  for (const rel of sources) {
    const st = fs.statSync(path.join(ROOT, rel));
    const old = stamp?.sources[rel];
    if (old && old.size === st.size && old.mtimeMs === st.mtimeMs) {
      current[rel] = old;
      continue;
    }
    const hash = sha1(fs.readFileSync(path.join(ROOT, rel)));
    current[rel] = { size: st.size, mtimeMs: st.mtimeMs, hash };
    if (!old || old.hash !== hash) changed.push(rel);
  }
  const removed = stamp ? Object.keys(stamp.sources).filter((rel) => !(rel in current)) : [];
  const touched = stamp !== undefined && Object.keys(current).some((rel) => current[rel] !== stamp.sources[rel]);
  const outputs = fs.existsSync(APP) && fs.existsSync(VENDOR);
  const fresh = stamp !== undefined && outputs && changed.length === 0 && removed.length === 0;
  // Only mtimes moved (a checkout, a copy): remember the new ones so the next run is a pure stat again.
  if (fresh && touched) writeAtomic(STAMP, JSON.stringify({ ...stamp, sources: current }));
  return { fresh, stamp, changed: stamp && outputs ? changed : Object.keys(current), current };
}

/** Module id of a source: `src/values/merge` for `src/values/merge.ts`. */
const idOf = (/** @type {string} */ rel) => rel.slice(0, -'.ts'.length);
const modulePath = (/** @type {string} */ rel) => path.join(OUT, 'modules', `${idOf(rel)}.js`);

/** The bare module names a transpiled file requires (`zod`, `cdk8s-plus-28`, `fs`, ...). */
function bareRequires(/** @type {string} */ code) {
  const out = new Set();
  for (const m of code.matchAll(/\brequire\("([^"./][^"]*)"\)/g)) out.add(m[1]);
  return out;
}

/**
 * Links transpiled modules into one file: `module.exports = { "<id>": function (exports, require,
 * module, __filename, __dirname) { ... } }`. `__filename`/`__dirname` are the TypeScript source's,
 * so code that finds files next to itself (src/check/catalog.ts looks for schemas/) behaves as
 * under tsc's output.
 * @param {string[]} sources
 */
function link(sources) {
  const parts = [
    '"use strict";',
    '// Generated by scripts/fast-build.js from src/ and charts/: one function per module. Do not edit.',
    'module.exports = {',
  ];
  for (const rel of sources) {
    const code = fs.readFileSync(modulePath(rel), 'utf8').replace(/^#!.*/, ''); // a shebang only counts on line 1 of a file
    parts.push(`${JSON.stringify(idOf(rel))}: function (exports, require, module, __filename, __dirname) {`);
    parts.push(code, '},');
  }
  parts.push('};', '');
  return parts.join('\n');
}

/**
 * The vendor bundle: every npm package the modules require, behind a lazy getter (a package is
 * evaluated on first use only, as with require: `check` never evaluates cdk8s).
 * @param {string[]} packages
 */
function vendorEntry(packages) {
  const getters = packages.map((p) => `  get ${JSON.stringify(p)}() { return require(${JSON.stringify(p)}); },`);
  return ['module.exports = {', ...getters, '};', ''].join('\n');
}

const SPEC = path.join(ROOT, 'schemas', 'kubernetes', 'openapi-1.28.0.json');
const SPEC_COPY = path.join(OUT, 'openapi-1.28.0.definitions.json');

/**
 * A schema without its `description` texts (keywords only: a field named "description" under
 * `properties` stays). src/check/catalog.ts reads no description.
 * @param {any} schema @returns {any}
 */
function withoutDescriptions(schema) {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  /** @type {Record<string, any>} */
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description') continue;
    if (k === 'properties' && v && typeof v === 'object')
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, withoutDescriptions(s)]));
    else if (k === 'items' || k === 'additionalProperties' || k === 'not') out[k] = withoutDescriptions(v);
    else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) out[k] = v.map(withoutDescriptions);
    else out[k] = v;
  }
  return out;
}

/**
 * Only the kind each path serves, as src/check/catalog.ts `pathKinds` computes it from the vendored
 * file (it reads which kinds are namespaced from the paths; a test keeps the two equal).
 */
function pathKinds(paths) {
  const out = {};
  for (const [p, ops] of Object.entries(paths))
    for (const op of Object.values(ops)) {
      const gvk = op && op['x-kubernetes-group-version-kind'];
      if (gvk) {
        out[p] = { group: gvk.group, version: gvk.version, kind: gvk.kind };
        break;
      }
    }
  return out;
}

/**
 * The description-free copy of the vendored Kubernetes OpenAPI definitions that src/check/catalog.ts
 * prefers while the recorded size and mtime match the vendored file. Rewritten when they do not.
 */
function ensureSpecCopy() {
  if (!fs.existsSync(SPEC)) return false;
  const st = fs.statSync(SPEC);
  try {
    const head = fs.readFileSync(SPEC_COPY, 'utf8').slice(0, 200);
    const m = /^\{"source":\{"size":(\d+),"mtimeMs":([\d.e+]+),"format":2\}/.exec(head);
    if (m && Number(m[1]) === st.size && Number(m[2]) === st.mtimeMs) return false;
  } catch {
    // no copy yet
  }
  const spec = JSON.parse(fs.readFileSync(SPEC, 'utf8'));
  const definitions = Object.fromEntries(
    Object.entries(spec.definitions).map(([name, d]) => [name, withoutDescriptions(d)]),
  );
  const paths = pathKinds(spec.paths);
  writeAtomic(
    SPEC_COPY,
    JSON.stringify({ source: { size: st.size, mtimeMs: st.mtimeMs, format: 2 }, definitions, paths }),
  );
  return true;
}

/**
 * Builds what changed. Returns a one-line summary (printed by `scripts/run.js --verbose-build`).
 * @param {ReturnType<typeof freshness>} state
 */
function build(state) {
  const start = process.hrtime.bigint();
  // Loaded only when something must be built: a fresh run never pays for esbuild.
  const esbuild = require('esbuild');
  const sources = Object.keys(state.current).sort();
  for (const rel of state.changed) {
    const src = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    let out;
    try {
      out = esbuild.transformSync(src, {
        loader: 'ts',
        format: 'cjs',
        platform: 'node',
        target: `node${process.versions.node.split('.')[0]}`,
        sourcefile: rel,
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
      });
    } catch (e) {
      const err = /** @type {{ errors?: { text: string, location?: { line: number, column: number } }[] }} */ (e);
      const where = (err.errors ?? []).map((x) => `${rel}:${x.location?.line}:${x.location?.column}: ${x.text}`);
      throw new Error(`cannot compile ${rel}:\n${where.join('\n') || String(e)}`, { cause: e });
    }
    writeAtomic(modulePath(rel), out.code);
  }
  if (!sources.includes(`${ENTRY}.ts`)) throw new Error(`${ENTRY}.ts not found under ${ROOT}`);
  const builtins = new Set(require('module').builtinModules);
  const packages = new Set();
  for (const rel of sources)
    for (const name of bareRequires(fs.readFileSync(modulePath(rel), 'utf8')))
      if (!builtins.has(name) && !name.startsWith('node:')) packages.add(name);
  const sortedPackages = [...packages].sort();
  const lock = fs.existsSync(path.join(ROOT, 'package-lock.json'))
    ? fs.readFileSync(path.join(ROOT, 'package-lock.json'))
    : '';
  const vendorKey = sha1(`${sha1(lock)}\n${sortedPackages.join('\n')}\n${esbuild.version}`);
  let vendorBuilt = false;
  if (state.stamp?.vendorKey !== vendorKey || !fs.existsSync(VENDOR)) {
    const result = esbuild.buildSync(bundleOf(vendorEntry(sortedPackages), 'vendor-entry.js'));
    writeAtomic(VENDOR, result.outputFiles[0].contents);
    vendorBuilt = true;
  }
  if (vendorBuilt || !fs.existsSync(PACKAGE_LIST)) writePackageShims(sortedPackages);
  if (vendorBuilt || !fs.existsSync(SECRETLINT_MANIFEST)) bundleSecretlint(esbuild);
  for (const rel of Object.keys(state.stamp?.sources ?? {}))
    if (!(rel in state.current)) fs.rmSync(modulePath(rel), { force: true });
  writeAtomic(APP, link(sources));
  // Code caches are named after the inode and mtime of the file they were made from
  // (scripts/fast-load.js): those of replaced files are garbage now.
  const current = [APP, VENDOR].map((f) => {
    const st = fs.statSync(f);
    return `${path.basename(f)}.${st.ino}-${Math.round(st.mtimeMs)}.cache`;
  });
  for (const f of fs.readdirSync(OUT))
    if ((f.endsWith('.cache') && !current.includes(f)) || f === 'cache-warm.json')
      fs.rmSync(path.join(OUT, f), { force: true });
  /** @type {Stamp} */
  const stamp = { format: FORMAT, node: process.version, esbuild: esbuild.version, vendorKey, sources: state.current };
  writeAtomic(STAMP, JSON.stringify(stamp));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return `fast build: ${state.changed.length} of ${sources.length} module(s) transpiled${vendorBuilt ? ', vendor bundle rebuilt' : ''} in ${ms.toFixed(0)} ms`;
}

/**
 * `build/fast/packages/<n>.js` per bundled package, each `module.exports` of that package from
 * vendor.js, and `packages.json` (package name -> shim file). The tests load the npm packages
 * through these (jest.config.js `moduleNameMapper`): one file for jest to resolve and compile instead
 * of hundreds per test file, and the very code `npm run synth` runs.
 * @param {string[]} packages
 */
function writePackageShims(packages) {
  fs.rmSync(PACKAGES, { recursive: true, force: true });
  /** @type {Record<string, string>} */
  const shims = {};
  packages.forEach((name, i) => {
    const file = path.join(PACKAGES, `${i}.js`);
    writeAtomic(file, `module.exports = require('../vendor.js')[${JSON.stringify(name)}];\n`);
    shims[name] = file;
  });
  writeAtomic(PACKAGE_LIST, JSON.stringify(shims, null, 2));
}

/**
 * build/fast/secretlint.js: what the secretlint worker imports from two ESM packages (29 modules),
 * as one CommonJS file it compiles through a code cache. Skipped when the packages are not installed.
 * @param {typeof import('esbuild')} esbuild
 */
function bundleSecretlint(esbuild) {
  /** @type {Record<string, { file: string, size: number, mtimeMs: number }>} */
  const entries = {};
  try {
    for (const [key, name] of Object.entries(SECRETLINT_PACKAGES)) {
      const file = require.resolve(name, { paths: [ROOT] });
      const st = fs.statSync(file);
      entries[key] = { file, size: st.size, mtimeMs: st.mtimeMs };
    }
  } catch {
    fs.rmSync(SECRETLINT_MANIFEST, { force: true });
    return;
  }
  const result = esbuild.buildSync(
    bundleOf(
      `export { lintSource } from ${JSON.stringify(SECRETLINT_PACKAGES.core)};\nexport { creator } from ${JSON.stringify(SECRETLINT_PACKAGES.preset)};\n`,
      'secretlint-entry.js',
    ),
  );
  writeAtomic(SECRETLINT, result.outputFiles[0].contents);
  writeAtomic(SECRETLINT_MANIFEST, JSON.stringify({ bundle: 'secretlint.js', packages: entries }));
}

/** esbuild options bundling `contents` (an entry module) into one CommonJS file for this Node version, in memory. */
function bundleOf(contents, sourcefile) {
  return {
    stdin: { contents, resolveDir: ROOT, sourcefile, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  };
}

/** The bundled packages and their shim files (after `ensureFresh`). @returns {Record<string, string>} */
function packageShims() {
  return JSON.parse(fs.readFileSync(PACKAGE_LIST, 'utf8'));
}

/**
 * Makes build/fast/ current. Returns the files to load and what was done.
 * @returns {{ app: string, vendor: string, entry: string, built: string | undefined }}
 */
function ensureFresh() {
  const state = freshness();
  const built = state.fresh ? undefined : build(state);
  ensureSpecCopy();
  return { app: APP, vendor: VENDOR, entry: ENTRY, built };
}

module.exports = { ensureFresh, freshness, packageShims, withoutDescriptions, pathKinds, ROOT, OUT, SOURCE_DIRS };
