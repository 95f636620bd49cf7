/**
 * Tests are compiled by `tsc -b` with the rest of the project (one type-checked, incremental build:
 * scripts/tsc-build.js), then run as JavaScript on both cores of the machine.
 *
 * The npm packages the sources import (zod, cdk8s, cdk8s-plus-28, js-yaml, the Grafana SDK, ...)
 * load from the fast build's bundle (scripts/fast-build.js, made current here: a stat per source when
 * nothing changed), the code `npm run synth` runs: each test file then loads one file per package
 * instead of resolving and compiling hundreds (the Grafana SDK alone is 218 modules). The packed
 * library's own install is proven from node_modules (test/library/pack.test.ts).
 *
 * Those packages and the project's own modules (build/src, build/charts) are loaded once per jest
 * worker process, not once per test file, in one realm shared by its test files
 * (scripts/jest-environment.js, scripts/jest-runtime.js; test/architecture/ proves it safe).
 */
const { ensureFresh, packageShims } = require('./scripts/fast-build');

ensureFresh();
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

module.exports = {
  // One realm per jest worker process, the project's modules loaded once in it (not once per test
  // file): scripts/jest-environment.js says what is shared and why that is safe.
  testEnvironment: '<rootDir>/scripts/jest-environment.js',
  runtime: '<rootDir>/scripts/jest-runtime.js',
  roots: ['<rootDir>/build/test'],
  testMatch: ['**/*.test.js'],
  // Plain JavaScript from tsc: nothing for babel-jest to do.
  transform: {},
  moduleNameMapper: Object.fromEntries(
    Object.entries(packageShims()).map(([name, file]) => [`^${escapeRegExp(name)}$`, file]),
  ),
  // Jest's default on 2 cores is one worker; the suites are independent (temp directories, free ports).
  maxWorkers: 2,
  testTimeout: 60000,
  verbose: false,
};
