/**
 * Run after every test file (jest.config.js `setupFilesAfterEnv`). Jest loads the project's modules
 * afresh for each test file, so each file that lints strings starts its own secretlint worker
 * thread; unref'd, it does not keep the process alive, but dozens of them left in one jest worker
 * made that process's exit outlast jest's 500 ms grace ("A worker process has failed to exit
 * gracefully and has been force exited"). Stopping this file's worker here ends that.
 */
afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy this test file loaded, if any
  const { stopSecretlint } = require('../src/check/secretlint') as typeof import('../src/check/secretlint');
  await stopSecretlint();
});
