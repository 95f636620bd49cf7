/**
 * `npm run diff` end to end: a fresh synth of crafted values against a baseline dist, with
 * asserted lines for a replicas change, an image bump, a secret source change and an immutable
 * change; exit statuses; the compared directory is never written; `--ref` reads values from git.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { DIFF_EXIT, diffTrees, renderDiff, valuesAtRef } from '../../src/commands/diff';
import { synth } from '../../src/commands/synth';
import { discoverEnvironments } from '../../src/environments';

const ROOT = path.resolve(__dirname, '../../..');
const VALUES = path.join(ROOT, 'values');
let tmp: string;
let baseline: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-test-'));
  baseline = path.join(tmp, 'dist');
  synth({ envs: discoverEnvironments(VALUES), layout: { kind: 'root', dir: baseline } });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['diff', '--values-dir', VALUES, '--dist', baseline, ...args], {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const lines = (s: string) => s.split('\n');
// production signs in with OIDC, which is refused over an http public URL (sso-https): an Ingress
// that takes over or joins the route serves chat.example.com with TLS, as a real switch would.
const INGRESS_TLS = [
  '--set',
  'ingress.tls[0].secretName=chat-tls',
  '--set',
  'ingress.tls[0].hosts[0]=chat.example.com',
];
const tree = (dir: string): Record<string, string> =>
  Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .sort()
      .map((f) => [f, fs.statSync(path.join(dir, f)).isFile() ? fs.readFileSync(path.join(dir, f), 'utf8') : '']),
  );

describe('diff', () => {
  it('exits 0 with "no changes" when the values synthesize to the compared dist', () => {
    const r = run();
    expect(r.code).toBe(DIFF_EXIT.same);
    expect(lines(r.out)).toEqual(
      expect.arrayContaining(['aws: no changes', 'local: no changes', 'production: no changes', 'No changes.']),
    );
  });

  it('the committed dist/ is what the committed values synthesize to', () => {
    const r = main(['diff', '--values-dir', VALUES, '--dist', path.join(ROOT, 'dist')], {
      out: () => undefined,
      err: () => undefined,
    });
    expect(r).toBe(DIFF_EXIT.same);
  });

  it('a replicas change: one field of one object, exit 1, no restart warning', () => {
    const r = run('--env', 'local', '--set', 'replicaCount=3');
    expect(r.code).toBe(DIFF_EXIT.changed);
    expect(lines(r.out)).toEqual([
      `open-webui-k8s diff: ${baseline}/ -> ${VALUES}/`,
      '',
      'local: 0 added, 1 changed, 0 removed',
      '  ~ Deployment open-webui/open-webui',
      '      ~ spec.replicas: 2 -> 3',
      '',
      '1 of 1 environment(s) change.',
    ]);
  });

  it('an image bump: the container image and version labels change, and pods restart', () => {
    const r = run('--env', 'aws', '--set', 'image.tag=0.12.0');
    expect(r.code).toBe(DIFF_EXIT.changed);
    expect(lines(r.out)).toContain(
      '      ~ spec.template.spec.containers[open-webui].image: "ghcr.io/open-webui/open-webui:0.11.0" -> "ghcr.io/open-webui/open-webui:0.12.0"',
    );
    expect(lines(r.out)).toContain('      ~ metadata.labels["app.kubernetes.io/version"]: "0.11.0" -> "0.12.0"');
    expect(r.out).toMatch(
      /^ {2}WARNING restarts pods: Deployment open-webui rolls out a new pod template \(.*spec\.containers\[open-webui\]\.image/m,
    );
    expect(r.out).not.toContain('WARNING recreates');
  });

  it('a secret source change: the inline Secret goes, env vars point at the new Secret, pods restart', () => {
    const r = run(
      '--env',
      'local',
      '--set',
      'secrets.source=existingSecret',
      '--set',
      'secrets.existingSecret=chat-secrets',
      '--set',
      'secrets.inline=null',
    );
    expect(r.code).toBe(DIFF_EXIT.changed);
    const out = lines(r.out);
    // (with a per-configuration migration Job, that Job is replaced too: counts are not fixed here)
    expect(out).toContainEqual(expect.stringMatching(/^local: \d+ added, \d+ changed, [1-9]\d* removed$/));
    expect(out).toContain('  - Secret open-webui/open-webui-secrets');
    expect(out).toContain(
      '      ~ spec.template.spec.containers[open-webui].env[WEBUI_SECRET_KEY].valueFrom.secretKeyRef.name: "open-webui-secrets" -> "chat-secrets"',
    );
    // every secret reference moves to the new Secret, none stays behind
    const refs = out.filter((l) => l.includes('.valueFrom.secretKeyRef.name: '));
    expect(refs.length).toBeGreaterThan(0);
    for (const l of refs) expect(l).toMatch(/: "open-webui-secrets" -> "chat-secrets"$/);
    expect(out.some((l) => l.startsWith('      - spec.template.metadata.annotations: {"checksum/secret":'))).toBe(true);
    expect(out.filter((l) => l.startsWith('  WARNING restarts pods: Deployment open-webui'))).toHaveLength(1);
  });

  it('a secret source change on an existing Secret: every env var from it follows, pods restart', () => {
    const r = run('--env', 'production', '--set', 'secrets.existingSecret=chat-secrets');
    expect(r.code).toBe(DIFF_EXIT.changed);
    for (const name of ['WEBUI_SECRET_KEY', 'DATABASE_URL', 'REDIS_URL']) {
      expect(lines(r.out)).toContain(
        `      ~ spec.template.spec.containers[open-webui].env[${name}].valueFrom.secretKeyRef.name: "open-webui-secrets" -> "chat-secrets"`,
      );
    }
    expect(r.out).toMatch(/^ {2}WARNING restarts pods: Deployment open-webui /m);
  });

  it('an ExternalSecret change warns that running pods keep the old values until restarted', () => {
    const r = run('--env', 'aws', '--set', 'secrets.externalSecret.remoteKey=open-webui/aws-v2');
    expect(r.code).toBe(DIFF_EXIT.changed);
    expect(r.out).toMatch(
      /^ {2}WARNING needs a restart: ExternalSecret open-webui-secrets changes where the app Secret's values come from/m,
    );
  });

  it('a first-boot seed change and a pgvector dimension change: a WARNING line each, with what to do (test/diff/settings.test.ts)', () => {
    const r = run(
      '--env',
      'production',
      '--set',
      'publicUrl=https://chat2.example.com',
      '--set',
      'vectorDb.pgvector.dimensions=768',
    );
    expect(r.code).toBe(DIFF_EXIT.changed);
    const warnings = lines(r.out).filter((l) => l.startsWith('  WARNING '));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^ {2}WARNING has no effect on an installation that has started once: WEBUI_URL \(publicUrl\) .* Change it in the Admin UI instead/,
        ),
        expect.stringMatching(
          /^ {2}WARNING stops the rollout: the pgvector column changes from vector\(1536\) to vector\(768\)/,
        ),
      ]),
    );
  });

  it('an immutable change (PVC storage class) warns that the claim is recreated, empty', () => {
    const r = run('--env', 'aws', '--set', 'persistence.storageClass=efs-sc-2');
    expect(lines(r.out)).toContain('      ~ spec.storageClassName: "efs-sc" -> "efs-sc-2"');
    expect(lines(r.out)).toContain(
      '  WARNING recreates PersistentVolumeClaim open-webui-data: spec.storageClassName is immutable, so the object must be deleted and created again (a new, empty volume)',
    );
  });

  it('switching the way in from the route to an Ingress warns that users reach another address', () => {
    const r = run(
      '--env',
      'production',
      '--set',
      'route.enabled=false',
      '--set',
      'ingress.enabled=true',
      '--set',
      'ingress.hosts[0].host=chat.example.com',
      ...INGRESS_TLS,
      // the request metrics follow the way in (envoy-gateway needs the HTTPRoute)
      '--set',
      'slo.requestMetrics.source=ingress-nginx',
    );
    expect(r.code).toBe(DIFF_EXIT.changed);
    expect(lines(r.out)).toContain('  - HTTPRoute open-webui/open-webui');
    expect(lines(r.out)).toContain('  + Ingress open-webui/open-webui');
    expect(lines(r.out)).toContain(
      "  WARNING changes the address users reach: HTTPRoute open-webui (chat.example.com through Gateway gateways/public:https) is replaced by Ingress open-webui (chat.example.com through the nginx ingress controller's load balancer); the host names then resolve to another load balancer. Point DNS at the new one before the old object goes, or keep both for a while (route.alongsideIngress)",
    );
    // The redirect-only route carries no address of its own.
    expect(r.out).not.toMatch(/WARNING .*open-webui-https-redirect/);
  });

  it('a way in added alongside, and a host name change, are warned too', () => {
    const both = run(
      '--env',
      'production',
      '--set',
      'route.alongsideIngress=true',
      '--set',
      'ingress.enabled=true',
      '--set',
      'ingress.hosts[0].host=chat.example.com',
      ...INGRESS_TLS,
    );
    expect(lines(both.out)).toContain(
      "  WARNING adds a way in: Ingress open-webui (chat.example.com through the nginx ingress controller's load balancer); users reach it once DNS for those host names points at that load balancer",
    );
    const renamed = run('--env', 'production', '--set', 'route.hostnames={ai.example.com}');
    expect(lines(renamed.out)).toContain(
      '  WARNING changes the address users reach: HTTPRoute open-webui served chat.example.com through Gateway gateways/public:https, now ai.example.com through Gateway gateways/public:https',
    );
    expect(run('--env', 'production', '--set', 'replicaCount=4').out).not.toContain('changes the address');
  });

  it('an environment that disappears: every object removed, with a data-loss warning', () => {
    const withExtra = path.join(tmp, 'dist-extra');
    fs.cpSync(baseline, withExtra, { recursive: true });
    fs.cpSync(path.join(baseline, 'aws'), path.join(withExtra, 'staging'), { recursive: true });
    const out: string[] = [];
    main(['diff', '--values-dir', VALUES, '--dist', withExtra], { out: (s) => out.push(s), err: () => undefined });
    const objects = fs.readdirSync(path.join(baseline, 'aws')).filter((f) => f.endsWith('.yaml')).length;
    expect(out.join('\n')).toContain(`staging: 0 added, 0 changed, ${objects} removed`);
    expect(out.join('\n')).toContain(
      "  WARNING deletes PersistentVolumeClaim open-webui-data: its data is lost unless the volume's reclaim policy is Retain",
    );
  });

  it('never writes to the compared directory', () => {
    const before = tree(baseline);
    run('--set', 'replicaCount=5');
    expect(tree(baseline)).toEqual(before);
  });

  it('exits 4 on invalid values (1 means "changes" for diff), 2 on usage errors', () => {
    const bad = run('--set', 'replicaCount=many');
    expect(bad.code).toBe(DIFF_EXIT.invalidValues);
    expect(bad.err).toContain('replicaCount');
    expect(bad.out).toBe('');
    expect(run('--bogus').code).toBe(2);
    expect(run('--ref', 'no-such-ref-xyz').code).toBe(2);
    expect(run('--ref', 'no-such-ref-xyz').err).toContain('Cannot read');
  });

  describe('--ref', () => {
    let repo: string;
    const git = (...a: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a], { cwd: repo, stdio: 'pipe' });
    beforeAll(() => {
      repo = path.join(tmp, 'repo');
      fs.mkdirSync(repo);
      git('init', '-q');
      fs.cpSync(VALUES, path.join(repo, 'values'), { recursive: true });
      git('add', '-A');
      git('commit', '-qm', 'base');
      const local = path.join(repo, 'values/local.yaml');
      fs.writeFileSync(local, fs.readFileSync(local, 'utf8').replace('replicaCount: 2', 'replicaCount: 4'));
      git('commit', '-qam', 'scale');
      fs.writeFileSync(local, 'this: is not committed\n'); // the working tree must not matter
    });

    it('reads values/ at the ref with git, not from the working tree', () => {
      const at = valuesAtRef('HEAD', 'values', path.join(tmp, 'at-head'), repo);
      expect(fs.readFileSync(path.join(at, 'local.yaml'), 'utf8')).toContain('replicaCount: 4');
      const before = valuesAtRef('HEAD~1', 'values', path.join(tmp, 'at-base'), repo);
      expect(fs.readFileSync(path.join(before, 'local.yaml'), 'utf8')).toContain('replicaCount: 2');
    });

    it('diffs a ref against dist/ from the command line', () => {
      const cwd = process.cwd();
      fs.cpSync(baseline, path.join(repo, 'dist'), { recursive: true });
      process.chdir(repo);
      try {
        const out: string[] = [];
        const code = main(['diff', '--ref', 'HEAD', '--env', 'local'], {
          out: (s) => out.push(s),
          err: (s) => out.push(s),
        });
        expect(code).toBe(DIFF_EXIT.changed);
        expect(out.join('\n')).toContain('open-webui-k8s diff: dist/ -> values/ at HEAD');
        expect(out.join('\n')).toContain('      ~ spec.replicas: 2 -> 4');
        expect(
          main(['diff', '--ref', 'HEAD~1', '--env', 'local'], { out: () => undefined, err: () => undefined }),
        ).toBe(DIFF_EXIT.same);
      } finally {
        process.chdir(cwd);
      }
      expect(diffTrees(baseline, path.join(repo, 'dist')).every((d) => d.changes.length === 0)).toBe(true);
    });
  });
});

describe('a diff pasted into a pull request never prints a credential', () => {
  test('values and keys that look like credentials are hidden, on either side', () => {
    const [oldRoot, newRoot] = ['old', 'new'].map((s) => fs.mkdtempSync(path.join(os.tmpdir(), `diff-cred-${s}-`)));
    const gh = `ghp_${'d'.repeat(36)}`;
    const gl = `glpat-${'Ab3dE'.repeat(4)}`; // only secretlint knows this shape
    const cm = (data: Record<string, string>) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\ndata:\n${Object.entries(data)
        .map(([k, v]) => `  ${k}: "${v}"`)
        .join('\n')}\n`;
    try {
      fs.mkdirSync(path.join(oldRoot, 'prod'));
      fs.mkdirSync(path.join(newRoot, 'prod'));
      fs.writeFileSync(path.join(oldRoot, 'prod', '10-configmap-c.yaml'), cm({ TOKEN: gh, plain: 'one' }));
      fs.writeFileSync(path.join(newRoot, 'prod', '10-configmap-c.yaml'), cm({ [gl]: 'x', plain: 'two' }));
      const out = renderDiff(diffTrees(oldRoot, newRoot), 'old/', 'new/');
      expect(out).not.toContain(gh);
      expect(out).not.toContain(gl);
      expect(out).toContain('(hidden: looks like a credential)');
      expect(out).toContain('~ data.plain: "one" -> "two"'); // the rest is shown as before
    } finally {
      for (const d of [oldRoot, newRoot]) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
