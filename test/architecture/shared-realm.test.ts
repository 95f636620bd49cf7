/**
 * The test environment shares one realm and the project's modules between the test files of a jest
 * worker process (scripts/jest-environment.js, scripts/jest-runtime.js). What makes that safe is
 * checked here on fresh copies of the environment: each test file still starts from the same global
 * and gets its own process.env, and the shared modules live in that one realm.
 */
import * as path from 'path';
import * as vm from 'vm';

const REPO = path.resolve(__dirname, '..', '..', '..');
const BUILD = path.join(REPO, 'build');

type Env = {
  global: any;
  getVmContext(): vm.Context | null;
  teardown(): Promise<void>;
  sharedModules: { owns(file: string): boolean; load(file: string): any };
};

/** A fresh copy of the environment module (its own shared realm), as a jest worker process loads it. */
function environmentClass(): new (config: unknown, context: unknown) => Env {
  let cls: new (config: unknown, context: unknown) => Env = undefined as never;
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
const newEnv = (Cls: ReturnType<typeof environmentClass>, file: string): Env => new Cls(config, { testPath: file });

test('the test files of one process share one realm; whatever a file adds to or changes on the global is gone for the next', async () => {
  const Env = environmentClass();
  const first = newEnv(Env, 'a.test.js');
  const realm = first.getVmContext() as vm.Context;
  const setTimeoutBefore = first.global.setTimeout;
  const mark = Symbol('left by a test file');
  vm.runInContext('globalThis.leftBehind = 1; globalThis.setTimeout = () => 0;', realm);
  first.global[mark] = true;
  await first.teardown();

  const second = newEnv(Env, 'b.test.js');
  expect(second.getVmContext()).toBe(realm);
  expect(vm.runInContext('typeof leftBehind', realm)).toBe('undefined');
  expect(second.global.setTimeout).toBe(setTimeoutBefore);
  expect(Object.getOwnPropertySymbols(second.global)).not.toContain(mark);
  await second.teardown();
});

test("each test file gets its own process.env copy, as with jest's own environment", async () => {
  const Env = environmentClass();
  const first = newEnv(Env, 'a.test.js');
  first.global.process.env.OWUI_SHARED_REALM_PROBE = 'set by the first file';
  await first.teardown();
  const second = newEnv(Env, 'b.test.js');
  expect(second.global.process.env.OWUI_SHARED_REALM_PROBE).toBeUndefined();
  expect(process.env.OWUI_SHARED_REALM_PROBE).toBeUndefined();
  await second.teardown();
});

test('the project modules are loaded once per realm, into that realm; test files and other packages are not shared', async () => {
  const Env = environmentClass();
  const first = newEnv(Env, 'a.test.js');
  const errorsFile = path.join(BUILD, 'src', 'errors.js');
  const errors = first.sharedModules.load(errorsFile);
  await first.teardown();
  const second = newEnv(Env, 'b.test.js');
  expect(second.sharedModules.load(errorsFile)).toBe(errors);
  // Built in the shared realm: instanceof against the realm's own Error holds, against another realm's not.
  const realmError = vm.runInContext('Error', second.getVmContext() as vm.Context);
  const e = new errors.ValuesError([]);
  expect(e instanceof realmError).toBe(true);
  expect(e instanceof Error).toBe(false);
  // A JSON module parses into the realm too.
  const pkg = second.sharedModules.load(path.join(REPO, 'build', 'fast', 'packages.json'));
  expect(Object.getPrototypeOf(pkg)).toBe(vm.runInContext('Object.prototype', second.getVmContext() as vm.Context));
  expect(second.sharedModules.owns(path.join(BUILD, 'charts', 'open-webui-chart.js'))).toBe(true);
  expect(second.sharedModules.owns(path.join(BUILD, 'fast', 'vendor.js'))).toBe(true);
  expect(second.sharedModules.owns(path.join(BUILD, 'test', 'support.js'))).toBe(false);
  expect(second.sharedModules.owns(path.join(REPO, 'node_modules', 'ajv', 'dist', 'ajv.js'))).toBe(false);
  await second.teardown();
});

test('in this run, a project module comes from the shared modules: a fresh jest module registry returns the same instance', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the instance this file's runtime hands out
  const shared = require('../../src/errors');
  let isolated: unknown;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- what a fresh registry hands out
    isolated = require('../../src/errors');
  });
  expect(isolated).toBe(shared);
  // while a test helper is still loaded per registry, as jest does
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the helper this file's registry holds
  const helper = require('../support');
  let isolatedHelper: unknown;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh registry's copy
    isolatedHelper = require('../support');
  });
  expect(isolatedHelper).not.toBe(helper);
});
