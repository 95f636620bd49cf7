/**
 * Each test file's temporary files go to a directory of its own, removed when the file ends
 * (scripts/jest-environment.js `FileTmpdir`): a file that makes a temporary directory and never
 * removes it (most do, with `mkdtemp`) leaves nothing behind.
 *
 * Who reads which `TMPDIR`: the test files and the shared project modules see jest's per-file
 * `process` (the realm's global), while Node's `os.tmpdir()` and a subprocess started without an
 * `env` read the worker's real `process.env`. Both must point to the file's directory.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

const REPO = path.resolve(__dirname, '..', '..', '..');

type Env = {
  global: any;
  getVmContext(): vm.Context | null;
  teardown(): Promise<void>;
  sharedModules: { load(file: string): any };
};

type EnvironmentModule = (new (config: unknown, context: unknown) => Env) & {
  tmpBase(env?: NodeJS.ProcessEnv, mounts?: string): string;
};

/** A fresh copy of the environment module (its own shared realm), as a jest worker process loads it. */
function environmentModule(): EnvironmentModule {
  let cls: EnvironmentModule = undefined as never;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the module, not a type import
    cls = require(path.join(REPO, 'scripts', 'jest-environment.js'));
  });
  return cls;
}

const config = {
  globalConfig: {},
  projectConfig: { rootDir: REPO, testEnvironmentOptions: {}, globals: {}, fakeTimers: {} },
};

/** What a Node subprocess sees as its temporary directory. */
function childTmpdir(env?: NodeJS.ProcessEnv): string {
  const node = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("os").tmpdir())'], {
    env,
    encoding: 'utf8',
  });
  expect([node.status, node.error]).toEqual([0, undefined]);
  return node.stdout;
}

test('this file runs with its own temporary directory: for its code, the project modules and its subprocesses', () => {
  const dir = os.tmpdir();
  expect(path.basename(dir)).toMatch(/^owk-jest-/);
  // where tmpBase chose for this run (OWK_TEST_TMPDIR, the run's TMPDIR, a RAM file system, the system's)
  expect(path.dirname(dir)).toBe(process.env.OWK_TEST_TMPDIR_BASE);
  // a directory as /tmp is: PostgreSQL's server user and output-safety's uid 65534 use it too
  expect(fs.statSync(dir).mode & 0o7777).toBe(0o1777);
  expect(process.env.TMPDIR).toBe(dir);
  expect(childTmpdir()).toBe(dir); // the worker's environment, inherited
  expect(childTmpdir({ ...process.env })).toBe(dir); // this file's copy, passed on
});

test("the base: OWK_TEST_TMPDIR, else the run's own TMPDIR, else /dev/shm only where programs may run from it", () => {
  const { tmpBase } = environmentModule();
  const shm = (options: string) => `proc /proc proc rw 0 0\ntmpfs /dev/shm tmpfs ${options} 0 0\n`;
  expect(tmpBase({ OWK_TEST_TMPDIR: '/srv/t', TMPDIR: '/x' }, shm('rw'))).toBe('/srv/t');
  expect(tmpBase({ TMPDIR: '/runner/tmp/' }, shm('rw'))).toBe('/runner/tmp'); // a CI runner's choice is kept
  expect(tmpBase({ OWK_TEST_TMPDIR: 'rel/t' }, shm('rw'))).toBe(path.resolve('rel/t')); // absolute, as TMPDIR must be
  // Docker's /dev/shm: tests run programs they write (a stand-in curl), which noexec refuses.
  expect(tmpBase({}, shm('rw,nosuid,nodev,noexec,relatime'))).not.toBe('/dev/shm');
  expect(tmpBase({}, '')).not.toBe('/dev/shm'); // no mount table: not assumed
  // And where this machine's /dev/shm is a large tmpfs (the project's machine), it is used.
  // (A machine without /dev/shm, macOS, is not one: statfs throws there, and that is no failure.)
  const st = fs.existsSync('/dev/shm') ? fs.statfsSync('/dev/shm', {}) : undefined;
  if (st && st.type === 0x01021994 && st.bavail * st.bsize >= 1024 ** 3)
    expect(tmpBase({}, shm('rw,relatime'))).toBe('/dev/shm');
});

test('the environment gives each file a fresh directory (here under OWK_TEST_TMPDIR) and removes it with all it holds; TMPDIR is put back', async () => {
  // Loaded inside this test file, the environment module's `process` is this file's copy (jest hands
  // a module its sandbox's `process`), so Node's os.tmpdir() does not follow it here: the run below
  // proves the real worker's side.
  const outer = process.env.TMPDIR as string;
  const before = fs.readdirSync(outer);
  const Env = environmentModule();
  const seen: string[] = [];
  process.env.OWK_TEST_TMPDIR = outer; // where the environment makes them (else a RAM file system)
  for (const file of ['a.test.js', 'b.test.js']) {
    const env = new Env(config, { testPath: file }); // the first makes the realm, the second shares it
    const dir = process.env.TMPDIR as string;
    seen.push(dir);
    expect(path.dirname(dir)).toBe(outer);
    expect(path.basename(dir)).toMatch(/^owk-jest-/);
    // the file's own process.env: what its code and the shared modules read as `process.env`
    expect(vm.runInContext('process.env.TMPDIR', env.getVmContext() as vm.Context)).toBe(dir);
    expect(env.global.process.env.TMPDIR).toBe(dir);

    // what test files leave: mkdtemp directories never removed, one of them read-only, one by a subprocess
    const made = fs.mkdtempSync(path.join(dir, 'leak-'));
    fs.mkdirSync(path.join(made, 'deep', 'er'), { recursive: true });
    fs.writeFileSync(path.join(made, 'deep', 'er', 'f'), 'x');
    fs.chmodSync(path.join(made, 'deep'), 0o555);
    const byChild = spawnSync(
      process.execPath,
      ['-e', 'const fs = require("fs"); process.stdout.write(fs.mkdtempSync(process.env.TMPDIR + "/child-"))'],
      { env: env.global.process.env, encoding: 'utf8' },
    ).stdout;
    expect(path.dirname(byChild)).toBe(dir);

    await env.teardown();
    expect(fs.existsSync(dir)).toBe(false);
    expect(process.env.TMPDIR).toBe(outer);
  }
  // An environment that fails while being made is never torn down by jest: it cleans up itself.
  expect(() => new Env({ globalConfig: {} }, { testPath: 'c.test.js' })).toThrow(TypeError);
  expect(process.env.TMPDIR).toBe(outer);
  delete process.env.OWK_TEST_TMPDIR;
  expect(new Set(seen).size).toBe(2);
  expect(fs.readdirSync(outer)).toEqual(before);
});

test("a killed run's directories are removed by the next run: a dead worker's, once 10 minutes old", async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
  // a pid that has exited (its process was waited for)
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout;
  const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
  const make = (name: string, age?: Date) => {
    const dir = path.join(base, name);
    fs.mkdirSync(path.join(dir, 'left', 'behind'), { recursive: true });
    if (age) fs.utimesSync(dir, age, age);
  };
  make(`owk-jest-${dead}-killed`, hourAgo); // removed
  make(`owk-jest-${dead}-recent`); // kept: changed in the last 10 minutes
  make(`owk-jest-${process.pid}-running`, hourAgo); // kept: its worker runs
  make('owk-jest-AbC123', hourAgo); // kept: no pid in the name
  make('someone-else', hourAgo);
  process.env.OWK_TEST_TMPDIR = base;
  try {
    const env = new (environmentModule())(config, { testPath: 'd.test.js' });
    await env.teardown();
  } finally {
    delete process.env.OWK_TEST_TMPDIR;
  }
  expect(fs.readdirSync(base).sort()).toEqual(
    [`owk-jest-${dead}-recent`, `owk-jest-${process.pid}-running`, 'owk-jest-AbC123', 'someone-else'].sort(),
  );
});

/** A test file for the run below: it checks its TMPDIR as every view sees it, then leaves temporary directories behind. */
const LEAKING_FILE = `
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
test('leaves temporary directories behind', () => {
  const dir = os.tmpdir();
  expect(path.basename(dir)).toMatch(/^owk-jest-/);
  expect(path.dirname(dir)).toBe(process.env.EXPECTED_TMP_BASE);
  expect(globalThis.process.env.TMPDIR).toBe(dir);
  fs.mkdirSync(path.join(fs.mkdtempSync(path.join(dir, 'leak-')), 'sub'));
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("fs").mkdtempSync(require("os").tmpdir() + "/child-"))'], { encoding: 'utf8' });
  expect(path.dirname(child.stdout)).toBe(dir);
  const python = spawnSync('python3', ['-c', 'import sys, tempfile; sys.stdout.write(tempfile.mkdtemp())'], { encoding: 'utf8' });
  expect(path.dirname(python.stdout)).toBe(dir);
  expect(fs.readdirSync(dir)).toHaveLength(3);
});
`;

/** The environment without a chosen base (OWK_TEST_TMPDIR) or what this run's environment told this file. */
function withoutOwnTmpdir(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { OWK_TEST_TMPDIR: _chosen, OWK_TEST_TMPDIR_BASE: _told, ...rest } = env;
  return rest;
}

test('a jest run of test files that leave temporary directories behind leaves nothing in TMPDIR', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'run-'));
  const tmp = path.join(work, 'tmp');
  fs.mkdirSync(tmp);
  fs.mkdirSync(path.join(work, 'tests'));
  // two files: the first makes the worker's realm, the second shares it
  for (const name of ['first', 'second']) fs.writeFileSync(path.join(work, 'tests', `${name}.test.js`), LEAKING_FILE);
  const jestConfig = {
    rootDir: work,
    roots: ['<rootDir>/tests'],
    testEnvironment: path.join(REPO, 'scripts', 'jest-environment.js'),
    runtime: path.join(REPO, 'scripts', 'jest-runtime.js'),
    transform: {},
    cacheDirectory: path.join(work, 'cache'), // jest's own cache, outside the TMPDIR watched here
  };
  const run = spawnSync(
    process.execPath,
    [path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', JSON.stringify(jestConfig), '-i', '--ci'],
    // Only TMPDIR, as a CI runner sets it: each file's directory is made in it, the second file's too (one
    // worker, -i: the first file's teardown put the worker's TMPDIR back), and nothing goes to /dev/shm.
    { cwd: work, env: { ...withoutOwnTmpdir(process.env), TMPDIR: tmp, EXPECTED_TMP_BASE: tmp }, encoding: 'utf8' },
  );
  expect(run.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
  expect(run.status).toBe(0);
  expect(fs.readdirSync(tmp)).toEqual([]);
});
