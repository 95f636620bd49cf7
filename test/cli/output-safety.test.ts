/**
 * `--out` and dist/ never lose a user's files (src/synth/write.ts), proven on a real file system:
 * every target synth must not replace is refused with exit 2 and left untouched, and a synth
 * killed at each step of the output swap leaves the old tree or the new one.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO, RUN, runCli, treeDigest } from '../support';

const MARKER = '.open-webui-k8s-output';
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-out-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Entries of a directory, to prove nothing was added beside a refused target. */
const entries = (dir: string) => fs.readdirSync(dir).sort();

describe('synth refuses an output directory it must not replace (exit 2, nothing touched)', () => {
  const refused = (args: string[], message: RegExp) => {
    const r = runCli(['synth', '--env', 'aws', ...args]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: expect.stringMatching(message) });
    expect(r.stdout).not.toContain('wrote ');
    expect(r.stderr).not.toContain('internal error');
  };

  test('--out "" is a usage error', () => {
    const before = entries(REPO);
    refused(['--out', ''], /--out needs a directory/);
    refused(['--out='], /--out needs a directory/);
    expect(entries(REPO)).toEqual(before);
  });

  test('/, the working directory, a directory above it, and the project directory', () => {
    const before = entries(REPO);
    refused(['--out', '/'], /"\/" is the root of the file system/);
    refused(['--out', '.'], /"\." is the working directory/);
    refused(['--out', '..'], /"\.\." contains the working directory/);
    refused(['--out', REPO], /is the working directory/);
    expect(entries(REPO)).toEqual(before);
  });

  test("the project's own src/ and values/, whatever the working directory", () => {
    const src = treeDigest(path.join(REPO, 'src'));
    const values = treeDigest(path.join(REPO, 'values'));
    refused(['--out', 'src'], /"src" is the project's own src\//);
    refused(['--out', path.join(REPO, 'values')], /is the values directory values\//);
    const r = runCli(
      ['synth', '--env', 'aws', '--values-dir', path.join(REPO, 'values'), '--out', path.join(REPO, 'src')],
      {
        cwd: tmp,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is the project's own src\//);
    expect(treeDigest(path.join(REPO, 'src'))).toBe(src);
    expect(treeDigest(path.join(REPO, 'values'))).toBe(values);
  });

  test('an existing file', () => {
    const file = path.join(tmp, 'notes.txt');
    fs.writeFileSync(file, 'mine\n');
    refused(['--out', file], /is an existing file, not a directory/);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine\n');
  });

  test('an unrelated non-empty folder, and an output folder a user added a file to', () => {
    const mine = path.join(tmp, 'mine');
    fs.mkdirSync(path.join(mine, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(mine, 'sub', 'a.yaml'), 'a: 1\n'); // YAML, but not ours
    const before = treeDigest(mine);
    refused(['--out', mine], /holds files open-webui-k8s did not write \(first: sub\/a\.yaml\)/);
    expect(treeDigest(mine)).toBe(before);

    const out = path.join(tmp, 'out-added');
    expect(runCli(['synth', '--env', 'aws', '--out', out, '--quiet']).status).toBe(0);
    fs.writeFileSync(path.join(out, 'README.md'), 'my notes\n');
    const withNotes = treeDigest(out);
    refused(['--out', out], /first: README\.md/);
    expect(treeDigest(out)).toBe(withNotes);
  });

  test('a symbolic link', () => {
    const real = path.join(tmp, 'real');
    fs.mkdirSync(real);
    const link = path.join(tmp, 'link');
    fs.symlinkSync(real, link);
    refused(['--out', link], /is a symbolic link/);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  test('a read-only path', async () => {
    const ro = path.join(tmp, 'read-only');
    fs.mkdirSync(ro);
    fs.chmodSync(ro, 0o555);
    // root writes anywhere: run the command line (as `npm run synth` does) as an unprivileged user then.
    const asRoot = process.getuid?.() === 0;
    const child = spawn(process.execPath, [RUN, 'synth', '--env', 'aws', '--out', path.join(ro, 'dist')], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(/cannot be written \((EACCES: permission denied|EROFS)/);
    expect(status).toBe(2);
    expect(entries(ro)).toEqual([]);
  });
});

describe('previous outputs are replaced', () => {
  test('an empty directory, and an output of this tool (marked in every directory)', () => {
    const out = path.join(tmp, 'empty');
    fs.mkdirSync(out);
    expect(runCli(['synth', '--out', out, '--quiet']).status).toBe(0);
    for (const dir of ['', 'aws', 'local', 'production', 'argocd'])
      expect(fs.existsSync(path.join(out, dir, MARKER))).toBe(true);
    expect(runCli(['synth', '--out', out, '--quiet']).status).toBe(0);
    expect(runCli(['synth', '--env', 'local', '--out', path.join(out, 'local'), '--quiet']).status).toBe(0);
  });

  test('an output written before markers existed (every file generated) is recognised and gets its markers', () => {
    const out = path.join(tmp, 'legacy');
    fs.cpSync(path.join(REPO, 'dist'), out, { recursive: true });
    for (const dir of ['', 'aws', 'local', 'production', 'argocd'])
      fs.rmSync(path.join(out, dir, MARKER), { force: true });
    const r = runCli(['synth', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(out, MARKER))).toBe(true);
    expect(treeDigest(out)).toBe(treeDigest(path.join(REPO, 'dist')));
  });
});

/**
 * Runs synth as `npm run synth` does (scripts/run.js: the fast build, in a process of its own) until
 * it pauses at `step` (the test hook in src/synth/write.ts), then kills it with SIGKILL.
 */
function killAt(step: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN, ...args], {
      cwd: REPO,
      env: { ...process.env, OPEN_WEBUI_K8S_TEST_PAUSE_AT: step },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(`paused at ${step}`)) child.kill('SIGKILL');
    });
    child.on('close', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`synth did not pause at ${step}:\n${stderr}`)),
    );
  });
}

/**
 * The trees a synth of each revision writes, made once: the killed runs below start from a copy of
 * the old one and must leave it or the new one.
 */
const synthArgs = (out: string, rev: string) => ['synth', '--out', out, '--quiet', '--set', `commonLabels.rev=${rev}`];
let oldTree: string;
let newTree: string;
// At the top level: the kill cases run concurrently (each in its own directory), and jest starts
// concurrent tests once the root's beforeAll hooks have run.
beforeAll(() => {
  for (const rev of ['old', 'new']) expect(runCli(synthArgs(path.join(tmp, `ref-${rev}`), rev)).status).toBe(0);
  oldTree = treeDigest(path.join(tmp, 'ref-old'));
  newTree = treeDigest(path.join(tmp, 'ref-new'));
  expect(oldTree).not.toBe(newTree);
});

describe('a synth killed at any step of the swap leaves the old tree or the new one', () => {
  // After the second rename the new tree stands; before it, the old one.
  test.concurrent.each([
    ['staged', 'old'],
    ['target-moved', 'old'],
    ['swapped', 'new'],
    ['done', 'new'],
  ])('killed at %s: the %s tree', async (step, expected) => {
    const parent = path.join(tmp, `kill-${step}`);
    const out = path.join(parent, 'dist');
    // The old revision's output, as synth wrote it (byte for byte: its digest is checked below).
    fs.cpSync(path.join(tmp, 'ref-old'), out, { recursive: true });
    expect(treeDigest(out)).toBe(oldTree);
    await killAt(step, synthArgs(out, 'new'));
    const want = expected === 'old' ? oldTree : newTree;
    if (step === 'target-moved') {
      // Between the two renames the old tree is complete under its `owk-old` name...
      expect(fs.existsSync(out)).toBe(false);
      const old = entries(parent).find((e) => /^\.dist\.owk-old-\d+-/.test(e)) as string;
      expect(treeDigest(path.join(parent, old))).toBe(oldTree);
      // ...and the next command puts it back (check reads, synth recovers before it writes).
      expect(runCli(['check', out]).status).toBe(0);
    }
    expect(treeDigest(out)).toBe(want);
    // The next run cleans up what the killed one left and writes the new tree.
    expect(runCli(synthArgs(out, 'new')).status).toBe(0);
    expect(treeDigest(out)).toBe(newTree);
    expect(entries(parent)).toEqual(['dist']);
  });
});
