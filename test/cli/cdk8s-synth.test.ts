import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree, REPO, treeDigest } from '../support';

/**
 * `npx cdk8s synth` in a scratch copy of the project (cdk8s.yaml's app builds and writes dist/ in its
 * working directory). The copy has no build/: the first run proves the fast build from a fresh
 * clone; the second run reuses that build (only hashes the sources), as a user's second command does.
 */
describe('npx cdk8s synth', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-cdk8s-'));
    for (const f of [
      'cdk8s.yaml',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'scripts',
      'src',
      'charts',
      'values',
      'schemas',
      'dist',
    ])
      // dist/'s dot-entries are other test files' in-flight scratch directories (synth's safe swap)
      fs.cpSync(path.join(REPO, f), path.join(work, f), {
        recursive: true,
        filter: (src) => !path.basename(src).startsWith('.owk') && !/^\.[a-z]+\.owk-/.test(path.basename(src)),
      });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const cdk8s = () =>
    spawnSync(
      process.execPath,
      [path.join(REPO, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade'],
      { cwd: work, encoding: 'utf8', timeout: 120_000 },
    );

  test('builds from a fresh checkout and produces the same dist/ as npm run synth', () => {
    fs.rmSync(path.join(work, 'dist'), { recursive: true, force: true });
    const r = cdk8s();
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(work, 'build', 'fast', 'app.js'))).toBe(true);
    expect(readTree(path.join(work, 'dist'))).toEqual(readTree(path.join(REPO, 'dist')));
  }, 120_000);

  test('a failing run leaves dist/ as it was (cdk8s-cli only clears its scratch directory)', () => {
    const before = treeDigest(path.join(work, 'dist'));
    fs.appendFileSync(path.join(work, 'values', 'aws.yaml'), '\nimage:\n  tag: latest\n');
    const r = cdk8s();
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/image-pinned/);
    expect(treeDigest(path.join(work, 'dist'))).toBe(before);
  }, 120_000);
});
