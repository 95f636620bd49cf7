/**
 * The command line end to end, in real processes, as `npm run <command>` runs it
 * (`node scripts/run.js <command>`: the fast build, then the CLI): one run per command and exit
 * code. Every other CLI test runs `main` in-process (test/support.ts runCli), which proves the same
 * messages without a process start each.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliResult, readTree, REPO, RUN, treeDigest } from '../support';

/**
 * The cases run concurrently (test.concurrent): each has its own scratch directory and its own
 * processes, and none writes where another reads (the repository's dist/, values/ and docs/ are only
 * read). A process's exit code and output are what they would be alone.
 */
const scratch: string[] = [];
/** A new scratch directory, removed after the suite. */
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-e2e-'));
  scratch.push(d);
  return d;
}
afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

/** `command args` in a process of its own; resolves with its exit code, stdout and stderr. */
function processRun(command: string, args: string[], cwd: string) {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The command line as `npm run` runs it (scripts/run.js), in a process of its own. */
const runCliProcess = (args: string[]) => processRun(process.execPath, [RUN, ...args], REPO);

describe('each command in its own process, with its exit codes', () => {
  test.concurrent('synth: exit 0, the committed dist/ byte for byte, nothing on stderr', async () => {
    const tmp = tempDir();
    const r = await runCliProcess(['synth', '--out', path.join(tmp, 'dist'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readTree(path.join(tmp, 'dist'))).toEqual(readTree(path.join(REPO, 'dist')));
  });

  test.concurrent('synth: invalid values exit 1, located, nothing written', async () => {
    const tmp = tempDir();
    const extra = path.join(tmp, 'extra.yaml');
    fs.writeFileSync(extra, 'autoscaling:\n  maxReplica: 20\n');
    const r = await runCliProcess(['synth', '--env', 'production', '-f', extra, '--out', path.join(tmp, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error[unknown-key] ${extra}:2:3  autoscaling.maxReplica`);
    expect(r.stderr).toMatch(/Nothing was written/);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  test.concurrent('a usage error exits 2', async () => {
    const r = await runCliProcess(['synth', '--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: Unknown option "--bogus"/);
  });

  test.concurrent('check: exit 0 on dist/', async () => {
    const r = await runCliProcess(['check', 'dist', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test.concurrent('plan: exit 0, a Markdown report of every environment', async () => {
    const r = await runCliProcess(['plan']);
    expect(r.status).toBe(0);
    for (const env of ['local', 'aws', 'production']) expect(r.stdout).toContain(env);
  });

  test.concurrent('diff: exit 0 without changes, 1 with changes, 4 for invalid values', async () => {
    const same = await runCliProcess(['diff']);
    expect(same.stdout).toMatch(/No changes\./);
    expect(same.status).toBe(0);
    const changed = await runCliProcess(['diff', '--env', 'aws', '--set', 'podAnnotations.team=ai']);
    expect(changed.stdout).toMatch(/team: .*ai|\+ .*team/);
    expect(changed.status).toBe(1);
    const invalid = await runCliProcess(['diff', '--env', 'aws', '--set', 'replicaCount=-1']);
    expect(invalid.status).toBe(4);
  });

  test.concurrent(
    'import: exit 0 and a values file for the official chart values; 1 for an unreadable input',
    async () => {
      const tmp = tempDir();
      const out = path.join(tmp, 'imported.yaml');
      const r = await runCliProcess([
        'import',
        '--from-helm',
        'test/import/fixtures/official-values-minikube.yaml',
        '--out',
        out,
      ]);
      expect(r.stderr).not.toMatch(/^error/m);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Valid: the result synthesizes and passes check');
      expect(fs.readFileSync(out, 'utf8')).toMatch(/^# Imported by `npm run import` from /);
      expect((await runCliProcess(['import', '--from-helm', path.join(tmp, 'missing.yaml')])).status).toBe(1);
    },
  );

  test.concurrent('generate: exit 0, the committed values.schema.json, docs/values.md and docs/import.md', async () => {
    const tmp = tempDir();
    const r = await runCliProcess(['generate', '--root', tmp, '--quiet']);
    expect(r.status).toBe(0);
    for (const f of ['values/values.schema.json', 'docs/values.md', 'docs/import.md'])
      expect(fs.readFileSync(path.join(tmp, f), 'utf8')).toBe(fs.readFileSync(path.join(REPO, f), 'utf8'));
  });
});

describe('from another directory (a platform repository that keeps its own values)', () => {
  /** `npm run --prefix <this repo> synth -- ...` typed in `cwd`, as a user does it. */
  const npmRun = (cwd: string, args: string[]) =>
    processRun('npm', ['run', '--silent', '--prefix', REPO, ...args], cwd);

  function platformRepo(): string {
    const platform = path.join(tempDir(), 'platform');
    fs.mkdirSync(path.join(platform, 'values'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'values', 'common.yaml'), path.join(platform, 'values', 'common.yaml'));
    fs.copyFileSync(path.join(REPO, 'values', 'production.yaml'), path.join(platform, 'values', 'staging.yaml'));
    return platform;
  }

  test.concurrent('values/, dist/ and every path in output are relative to where the user stands', async () => {
    const platform = platformRepo();
    const distBefore = treeDigest(path.join(REPO, 'dist'));
    const r = await npmRun(platform, ['synth']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('wrote dist/');
    const files = fs.readdirSync(path.join(platform, 'dist', 'staging')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(5);
    expect(fs.readFileSync(path.join(platform, 'dist', 'staging', files[0]), 'utf8')).toMatch(
      /^# Generated by open-webui-k8s from values\/common\.yaml \+ values\/staging\.yaml\./,
    );
    expect(treeDigest(path.join(REPO, 'dist'))).toBe(distBefore); // the tool's own dist/ is not touched
  });

  test.concurrent(
    '--values-dir, -f and --out relative to the working directory; errors name the file as the user sees it',
    async () => {
      const platform = platformRepo();
      const teams = path.join(platform, 'teams');
      fs.mkdirSync(teams);
      fs.renameSync(path.join(platform, 'values'), path.join(teams, 'values'));
      fs.writeFileSync(path.join(teams, 'bigger.yaml'), 'autoscaling:\n  maxReplicas: 6\n');
      const ok = await npmRun(teams, ['synth', '--', '--values-dir', 'values', '-f', 'bigger.yaml', '--out', 'out']);
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(
        fs.readFileSync(path.join(teams, 'out', 'staging', '25-horizontalpodautoscaler-open-webui.yaml'), 'utf8'),
      ).toMatch(
        /^# Generated by open-webui-k8s from values\/common\.yaml \+ values\/staging\.yaml \+ bigger\.yaml\.[\s\S]*maxReplicas: 6/,
      );
      fs.writeFileSync(path.join(teams, 'bigger.yaml'), 'autoscaling:\n  maxReplica: 6\n');
      const bad = await npmRun(teams, ['synth', '--', '--values-dir', 'values', '-f', 'bigger.yaml', '--out', 'out']);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('error[unknown-key] bigger.yaml:2:3  autoscaling.maxReplica');
    },
  );
});
