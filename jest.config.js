/**
 * Tests are compiled by `tsc -b` with the rest of the project (one type-checked, incremental build:
 * scripts/tsc-build.js), then run as JavaScript on both cores of the machine.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/build/test'],
  testMatch: ['**/*.test.js'],
  // Jest's default on 2 cores is one worker; the suites are independent (temp directories, free ports).
  maxWorkers: 2,
  testTimeout: 60000,
  verbose: false,
};
