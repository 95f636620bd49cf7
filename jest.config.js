/** Tests are compiled by `tsc` with the rest of the project (one type-checked build), then run as JavaScript. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/build/test'],
  testMatch: ['**/*.test.js'],
  testTimeout: 60000,
  verbose: false,
};
