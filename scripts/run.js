#!/usr/bin/env node
// @ts-check
/**
 * The command line as `npm run synth|check|plan|diff|generate|import` (and `npx cdk8s synth`) runs it:
 * `node scripts/run.js <command> [options]`.
 *
 * 1. Makes the fast build current (scripts/fast-build.js): nothing changed, nothing is built; an
 *    edited file is the only one transpiled again.
 * 2. Loads the two files of that build through V8's code cache (scripts/fast-load.js), so a run
 *    neither parses nor compiles what an earlier run did.
 * 3. Runs `main` of src/cli.ts in this process.
 *
 * Paths: under `npm run`, npm starts scripts in the package root and passes where the user stood as
 * INIT_CWD; the command runs there, so `--values-dir`, `-f`, `--out`, `--dist` and the defaults
 * (`values/`, `dist/`) are relative to where the user stands, as with any command line tool.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { ensureFresh, ROOT } = require('./fast-build');
const { loader, rememberCompiled } = require('./fast-load');

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
  // The code cache is written once per command per build, with the functions this run compiled: a run
  // that stopped early (a usage error, --help, an error) compiled little of its command, and a cache
  // made from it would stay that thin until the next build (every later `synth` ~0.15 s of CPU slower).
  // Completed: exit 0, or 1 from `check` (problems found) and `diff` (something changed); elsewhere 1 is
  // invalid values, 2 a usage error, 3 a bug (src/cli.ts, their --help).
  process.once('exit', (code) => {
    const completed = code === 0 || (code === 1 && (command === 'check' || command === 'diff'));
    if (completed && !argv.includes('--help') && !argv.includes('-h')) rememberCompiled(compiled, command);
  });
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
