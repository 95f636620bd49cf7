import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree, REPO, runCli, treeDigest } from '../support';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-cli-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the shipped values directory that a test may break. */
function valuesCopy(): string {
  const dir = path.join(tmp, 'values');
  fs.cpSync(path.join(REPO, 'values'), dir, { recursive: true });
  return dir;
}

describe('npm run synth', () => {
  test('the committed dist/ is what the shipped values synthesize to (stale output is a bug)', () => {
    const out = path.join(tmp, 'dist');
    const r = runCli(['synth', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readTree(out)).toEqual(readTree(path.join(REPO, 'dist')));
  });

  test('synthesizes every environment into its own directory', () => {
    const out = path.join(tmp, 'dist');
    const r = runCli(['synth', '--out', out]);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(expect.arrayContaining(['aws', 'local', 'production']));
    expect(r.stdout).toMatch(/wrote .*aws\//);
  });

  test("the output directory is an ordinary 0755 directory, not mkdtemp's 0700", () => {
    const out = path.join(tmp, 'dist');
    expect(runCli(['synth', '--out', out, '--quiet']).status).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o755);
    expect(runCli(['synth', '--env', 'aws', '--out', path.join(out, 'aws'), '--quiet']).status).toBe(0);
    expect(fs.statSync(path.join(out, 'aws')).mode & 0o777).toBe(0o755);
  });

  test('output does not depend on how the values directory was named (absolute or relative)', () => {
    runCli(['synth', '--out', path.join(tmp, 'rel'), '--quiet', '--values-dir', 'values']);
    runCli(['synth', '--out', path.join(tmp, 'abs'), '--quiet', '--values-dir', path.join(REPO, 'values')]);
    expect(treeDigest(path.join(tmp, 'abs'))).toBe(treeDigest(path.join(tmp, 'rel')));
  });

  test('output is byte-identical on every run', () => {
    runCli(['synth', '--out', path.join(tmp, 'a'), '--quiet']);
    runCli(['synth', '--out', path.join(tmp, 'b'), '--quiet']);
    expect(treeDigest(path.join(tmp, 'a'))).toBe(treeDigest(path.join(tmp, 'b')));
  });

  test('a failing run leaves the output byte-identical, names file, line and key, and prints no stack trace', () => {
    const out = path.join(tmp, 'dist');
    expect(runCli(['synth', '--out', out, '--quiet']).status).toBe(0);
    const before = treeDigest(out);
    const values = valuesCopy();
    fs.appendFileSync(path.join(values, 'production.yaml'), '\nprobes:\n  readyness:\n    periodSeconds: 5\n');
    const r = runCli(['synth', '--values-dir', values, '--out', out]);
    expect(r.status).toBe(1);
    const line = fs.readFileSync(path.join(values, 'production.yaml'), 'utf8').split('\n').indexOf('  readyness:') + 1;
    expect(r.stderr).toContain(`production.yaml:${line}:3  probes.readyness`);
    expect(r.stderr).toMatch(/error\[unknown-key\]/);
    expect(r.stderr).toMatch(/Did you mean "readiness"\?/);
    expect(r.stderr).toMatch(/Nothing was written/);
    expect(r.stderr).toMatch(/cross-field checks .* run once these are fixed/);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(treeDigest(out)).toBe(before);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('.dist'))).toEqual([]);
  });

  test('one invalid environment stops every environment from being written', () => {
    const out = path.join(tmp, 'dist');
    const values = valuesCopy();
    fs.appendFileSync(
      path.join(values, 'local.yaml'),
      '\nreplicaCount: "2"\n'.replace('replicaCount', 'terminationGracePeriodSeconds'),
    );
    const r = runCli(['synth', '--values-dir', values, '--out', out]);
    expect(r.status).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('every error is printed at once, across environments', () => {
    const values = valuesCopy();
    fs.appendFileSync(path.join(values, 'aws.yaml'), '\nimage:\n  tag: latest\n');
    // production.yaml has a vectorDb section: replace it (a second one would be a duplicate key)
    const prod = path.join(values, 'production.yaml');
    fs.writeFileSync(
      prod,
      fs.readFileSync(prod, 'utf8').replace(/^vectorDb:\n(?: {2}.*\n)*/m, 'vectorDb:\n  type: chroma\n'),
    );
    const r = runCli(['synth', '--values-dir', values, '--out', path.join(tmp, 'dist')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error\[image-pinned\] .*aws\.yaml/);
    expect(r.stderr).toMatch(/error\[multi-replica-vector-db\] .*production\.yaml/);
    expect(r.stderr).toMatch(/2 errors/);
    expect(r.stderr).not.toMatch(/run once these are fixed/); // rule errors: every check has run
  });

  test('a problem in what every environment reads (common.yaml, --set) is printed once, naming the environments', () => {
    const values = valuesCopy();
    fs.appendFileSync(path.join(values, 'common.yaml'), '\nreplicaCont: 2\n');
    const r = runCli(['plan', '--values-dir', values]);
    expect(r.status).toBe(1);
    expect(r.stderr.match(/^error\[unknown-key\] .*common\.yaml:\d+:1 {2}replicaCont$/gm)).toHaveLength(1);
    expect(r.stderr).toContain(
      'Unknown key "replicaCont" in the top level. Found in every environment (aws, local, production).',
    );
    expect(r.stderr).toMatch(/^1 error$/m);
    // Found in some environments only (local runs one replica): each names its environment.
    const some = runCli(['plan', '--set', 'persistence.accessModes[0]=ReadWriteOnce']);
    expect(some.stderr.match(/Found in the environments? [a-z, ]+\./g)).toEqual([
      'Found in the environment aws.',
      'Found in the environment production.',
    ]);
    // A problem in an environment's own file is named by its file: not marked.
    fs.appendFileSync(path.join(values, 'aws.yaml'), '\nreplicaCont: 3\n');
    const own = runCli(['plan', '--values-dir', values]);
    expect(own.stderr.match(/^error\[unknown-key\]/gm)).toHaveLength(2);
    expect(own.stderr.match(/Found in/g)).toHaveLength(1);
    // One environment: nothing to tell apart.
    expect(runCli(['plan', '--values-dir', values, '--env', 'local']).stderr).not.toContain('Found in');
    // Warnings too; and what the rendered objects' checks find: an unpinned waiter image set once for all
    // renders into each environment's own Job (its name differs), so each says which environment it is.
    const out = path.join(tmp, 'dist');
    const warned = runCli(['synth', '--out', out, '--set', 'probes.liveness.path=/health/db']);
    expect(warned.status).toBe(0);
    expect(warned.stderr.match(/^warning\[liveness-probe-dependency\]/gm)).toHaveLength(1);
    expect(warned.stderr).toMatch(/Found in every environment \(aws, local, production\)\.\n/);
    expect(warned.stderr).toMatch(/^1 warning$/m);
    const rendered = runCli(['synth', '--out', out, '--set', 'upgrade.waiter.image.tag=latest']);
    expect(rendered.status).toBe(1);
    expect(rendered.stderr.match(/Job\/open-webui-migrate-.*Found in the environment [a-z]+\./g)).toHaveLength(3);
    expect(rendered.stderr.match(/Found in the environment ([a-z]+)\./g)).toEqual([
      'Found in the environment aws.',
      'Found in the environment local.',
      'Found in the environment production.',
    ]);
  });

  test('--env synthesizes one environment and leaves the others alone', () => {
    const out = path.join(tmp, 'dist');
    expect(runCli(['synth', '--out', out, '--quiet']).status).toBe(0);
    const awsBefore = treeDigest(path.join(out, 'aws'));
    // A generated file of an object that no longer renders: removed by the next run.
    fs.writeFileSync(
      path.join(out, 'local', '99-configmap-stale.yaml'),
      '# Generated by open-webui-k8s from values/local.yaml.\nx: 1\n',
    );
    const r = runCli(['synth', '--env', 'local', '--out', path.join(out, 'local')]);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(out, 'local', '99-configmap-stale.yaml'))).toBe(false);
    expect(treeDigest(path.join(out, 'aws'))).toBe(awsBefore);
  });

  test('-f layers a file on top and --set overrides one key', () => {
    const extra = path.join(tmp, 'bigger.yaml');
    fs.writeFileSync(extra, 'autoscaling:\n  maxReplicas: 6\n');
    const out = path.join(tmp, 'prod');
    const r = runCli([
      'synth',
      '--env',
      'production',
      '-f',
      extra,
      '--set',
      'autoscaling.minReplicas=4,podAnnotations.team=ai',
      '--out',
      out,
    ]);
    expect(r.status).toBe(0);
    const hpa = fs.readFileSync(path.join(out, '25-horizontalpodautoscaler-open-webui.yaml'), 'utf8');
    expect(hpa).toMatch(/maxReplicas: 6/);
    expect(hpa).toMatch(/minReplicas: 4/);
    expect(fs.readFileSync(path.join(out, '24-deployment-open-webui.yaml'), 'utf8')).toMatch(/team: ai/);
  });

  test('errors from --set name the flag', () => {
    const r = runCli(['synth', '--env', 'production', '--set', 'replicaCount=many', '--out', path.join(tmp, 'x')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error\[invalid-type\] --set replicaCount=many {2}replicaCount/);
  });

  test('--set null removes a key so the default applies', () => {
    const out = path.join(tmp, 'prod');
    expect(
      runCli(['synth', '--env', 'production', '--set', 'podDisruptionBudget.minAvailable=null', '--out', out]).status,
    ).toBe(0);
    expect(fs.readFileSync(path.join(out, '04-poddisruptionbudget-open-webui.yaml'), 'utf8')).toMatch(
      /minAvailable: 1/,
    );
  });

  test('warnings are printed but do not fail the run', () => {
    const r = runCli([
      'synth',
      '--env',
      'production',
      '--set',
      'openwebui.logFormat=text',
      '--out',
      path.join(tmp, 'p'),
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning\[recommended-json-logs\]/);
  });

  test.each([
    [['synth', '--env', 'nope', '--values-dir', path.join(REPO, 'values')], /No environment "nope"/],
    [
      ['synth'],
      /Values directory "values" does not exist \(in .*\)\. Run from the directory that holds values\/, or pass --values-dir/,
    ],
    [['synth', '--values-dir', path.join(REPO, 'README.md')], /Values directory ".*README\.md" is not a directory/],
    [['synth', '--bogus'], /Unknown option "--bogus"/],
    [['synth', '-f', '/does/not/exist.yaml'], /does not exist/],
    [['frobnicate'], /Unknown command "frobnicate"/],
  ])('usage errors exit 2: %j', (args, message) => {
    const r = runCli(args as string[], { cwd: tmp });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });
});

describe('--set across flags (Helm semantics)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-set-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  test('--set a[0].name=X --set a[0].value=Y builds one list item', () => {
    const r = runCli([
      'synth',
      '--env',
      'production',
      '--set',
      'extraEnv[0].name=COMFYUI_BASE_URL',
      '--set',
      'extraEnv[0].value=http://comfyui:8188',
      '--out',
      dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, '24-deployment-open-webui.yaml'), 'utf8')).toContain(
      'value: http://comfyui:8188',
    );
  });
  test('a malformed --set is a usage error (exit 2), reported once', () => {
    const r = runCli(['synth', '--set', 'noequals', '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr.match(/Cannot parse --set "noequals"/g)).toHaveLength(1);
  });
});
