/**
 * `check`: strict schema validation of rendered manifests, removed APIs, CRDs and the security
 * policy. Runs over the committed dist/ (must be clean) and over a broken copy (every planted
 * problem must be reported, one line each, with file, object and path).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump, load } from 'js-yaml';
import { main } from '../../src/cli';
import { loadCatalog } from '../../src/check/catalog';
import { SchemaValidator } from '../../src/check/schema-validator';

function run(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['check', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('check over the committed dist/', () => {
  it('finds no problem in any environment, quickly', () => {
    const start = Date.now();
    const r = run(['dist']);
    const ms = Date.now() - start;
    console.log(`check dist/: ${r.out.split('\n').pop()} (wall ${ms} ms)`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok: \d+ objects in \d+ files, 0 error\(s\)/m);
    expect(ms).toBeLessThan(10000);
  });

  it('loads the vendored 1.28 spec (not ../shared) once', () => {
    const c = loadCatalog();
    expect(c.kinds.has('apps/v1/Deployment')).toBe(true);
    expect(c.kinds.has('external-secrets.io/v1/ExternalSecret')).toBe(true);
    expect(loadCatalog()).toBe(c);
    expect(fs.existsSync(path.join(__dirname, '..', '..', '..', 'schemas', 'kubernetes', 'openapi-1.28.0.json'))).toBe(true);
  });
});

describe('check over a broken copy', () => {
  let dir: string;
  let result: { code: number; out: string; err: string };
  const edit = (file: string, fn: (o: any) => void) => {
    const p = path.join(dir, file);
    const text = fs.readFileSync(p, 'utf8');
    const o = load(text);
    fn(o);
    fs.writeFileSync(p, dump(o));
  };
  const write = (file: string, obj: unknown) => fs.writeFileSync(path.join(dir, file), typeof obj === 'string' ? obj : dump(obj));

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-broken-'));
    fs.cpSync('dist/local', dir, { recursive: true });
    edit('24-deployment-open-webui.yaml', (d) => {
      d.spec.replicaz = 3; // unknown field, misspelt
      d.spec.revisionHistoryLimit = 'five'; // wrong type
      const c = d.spec.template.spec.containers[0];
      c.resources.limits.memory = '2 GB'; // not a quantity
      c.resources.requests.cpu = 1; // a number is a valid quantity
      c.ports[0].containerPortt = 1; // unknown field deep down
      c.livenessProbe.httpGet.port = 8080; // int-or-string as int
      c.securityContext.privileged = true; // policy
      c.image = 'ghcr.io/open-webui/open-webui:latest'; // policy
    });
    edit('17-service-open-webui.yaml', (s) => {
      s.spec.type = 'Balanced'; // enum
      s.spec.ports[0].targetPort = 8080; // int-or-string as int: fine
    });
    edit('04-poddisruptionbudget-open-webui.yaml', (p) => {
      p.apiVersion = 'policy/v1beta1'; // removed in 1.25
    });
    write('90-flowschema.yaml', { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'fs' }, spec: { priorityLevelConfiguration: { name: 'x' } } });
    write('91-externalsecret.yaml', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'es', namespace: 'open-webui' },
      spec: { secretStoreRef: { kind: 'VaultStore', name: 'aws' }, refreshInterval: '1h', target: { name: 'x', creationPolicy: 'Owner' }, data: [{ secretKey: 'A', remoteRef: { key: 'k', propperty: 'p' } }] },
    });
    write('92-application.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'app', namespace: 'argocd' },
      spec: { project: 'default', destination: { namespace: 'open-webui', server: 'https://kubernetes.default.svc' }, source: { repoURL: 'https://git.example.com/x.git', path: 'dist/local' }, syncPolicy: { automated: { prune: 'yes', selfHeall: true } } },
    });
    write('96-secret.yaml', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'open-webui' }, stringData: { PASSWORD: 'x' } });
    write('93-widget.yaml', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    write('94-broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
    write('95-multi.yaml', '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: 1}\n');
    result = run([dir]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const expectLine = (file: string, object: string, p: string, message: RegExp) => {
    const lines = result.err.split('\n').filter((l) => l.startsWith(`${path.join(dir, file)}: ${object}: ${p}: `));
    expect(lines.map((l) => l.slice(l.indexOf(`${object}:`)))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  };

  it('exits 1 with a summary', () => {
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^FAIL: \\d+ objects in ${fs.readdirSync(dir).length} files, \\d+ error\\(s\\)`, 'm'));
  });
  it('reports unknown fields at any depth, with a suggestion', () => {
    expectLine('24-deployment-open-webui.yaml', 'Deployment/open-webui', 'spec.replicaz', /unknown field "replicaz" \(did you mean "replicas"\?\)/);
    expectLine('24-deployment-open-webui.yaml', 'Deployment/open-webui', 'spec.template.spec.containers[0].ports[0].containerPortt', /unknown field/);
  });
  it('reports wrong types, enums and quantities', () => {
    expectLine('24-deployment-open-webui.yaml', 'Deployment/open-webui', 'spec.revisionHistoryLimit', /must be an integer, got the string "five"/);
    expectLine('24-deployment-open-webui.yaml', 'Deployment/open-webui', 'spec.template.spec.containers[0].resources.limits.memory', /must be a quantity/);
    expectLine('17-service-open-webui.yaml', 'Service/open-webui', 'spec.type', /must be one of .*"ClusterIP"/);
  });
  it('accepts int-or-string and quantities in both forms', () => {
    expect(result.err).not.toMatch(/targetPort|httpGet\.port|requests\.cpu/);
  });
  it('reports removed APIs with the replacement', () => {
    expectLine('04-poddisruptionbudget-open-webui.yaml', 'PodDisruptionBudget/open-webui', 'apiVersion', /policy\/v1beta1 PodDisruptionBudget is not served since Kubernetes 1.25: use policy\/v1/);
    expectLine('90-flowschema.yaml', 'FlowSchema/fs', 'apiVersion', /not served since Kubernetes 1.32: use flowcontrol.apiserver.k8s.io\/v1/);
  });
  it('validates custom resources against their CRD schemas', () => {
    expectLine('91-externalsecret.yaml', 'ExternalSecret/es', 'spec.secretStoreRef.kind', /must be one of "SecretStore", "ClusterSecretStore"/);
    expectLine('91-externalsecret.yaml', 'ExternalSecret/es', 'spec.data[0].remoteRef.propperty', /unknown field "propperty" \(did you mean "property"\?\)/);
    expectLine('92-application.yaml', 'Application/app', 'spec.syncPolicy.automated.prune', /must be boolean/);
    expectLine('92-application.yaml', 'Application/app', 'spec.syncPolicy.automated.selfHeall', /unknown field "selfHeall" \(did you mean "selfHeal"\?\)/);
    expect(result.err).not.toContain('spec.source.repoURL');
  });
  it('reports unknown kinds, YAML errors and problems in any document of a multi-document file', () => {
    expectLine('93-widget.yaml', 'Widget/w', 'apiVersion', /no schema for example.com\/v1 Widget/);
    expect(result.err).toContain(`${path.join(dir, '94-broken.yaml')}: -: (object): not valid YAML`);
    expectLine('95-multi.yaml', 'ConfigMap/b', 'data.k', /must be a string, got number 1/);
    expect(result.err).not.toContain('ConfigMap/a');
  });
  it('enforces the security policy on rendered pods', () => {
    expectLine('24-deployment-open-webui.yaml', 'Deployment/open-webui', 'spec.template.spec.containers[0].securityContext.privileged', /\[container-not-privileged\]/);
    expectLine('24-deployment-open-webui.yaml', 'Deployment/open-webui', 'spec.template.spec.containers[0].image', /pinned.*\[container-image-pinned\]/);
    // The namespace enforces baseline: a privileged container also violates it.
    expectLine('24-deployment-open-webui.yaml', 'Deployment/open-webui', 'spec.template.spec.containers[0].securityContext.privileged', /namespace open-webui enforces Pod Security "baseline"/);
  });
  it('refuses a plaintext Secret not labelled development-only', () => {
    expectLine('96-secret.yaml', 'Secret/leak', 'stringData', /plain text.*\[secret-no-plaintext\]/);
    expect(result.err).not.toContain('Secret/open-webui-secrets'); // the labelled dev Secret of local/
  });
  it('prints one line per problem in the form file: Kind/name: path: message', () => {
    for (const line of result.err.split('\n').slice(0, -1)) expect(line).toMatch(/^\S+: (\S+\/\S+|-): \S.*: .+/);
  });
});

describe('check over valid custom resources', () => {
  it('accepts a typical Argo CD Application, AppProject, ApplicationSet and an ExternalSecret', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-crs-'));
    const dest = { server: 'https://kubernetes.default.svc', namespace: 'open-webui' };
    const docs = [
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'open-webui', namespace: 'argocd' }, spec: { sourceRepos: ['https://git.example.com/x.git'], destinations: [dest], clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }] } },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'open-webui-production', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
        spec: { project: 'open-webui', source: { repoURL: 'https://git.example.com/x.git', targetRevision: 'main', path: 'dist/production' }, destination: dest, syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] } },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name: 'open-webui', namespace: 'argocd' },
        spec: { generators: [{ list: { elements: [{ env: 'production' }] } }], template: { metadata: { name: 'open-webui-{{env}}' }, spec: { project: 'open-webui', source: { repoURL: 'https://git.example.com/x.git', targetRevision: 'main', path: 'dist/{{env}}' }, destination: dest } } },
      },
    ];
    docs.forEach((d, i) => fs.writeFileSync(path.join(dir, `${i}.yaml`), dump(d)));
    fs.copyFileSync('dist/aws/07-externalsecret-open-webui-secrets.yaml', path.join(dir, 'es.yaml'));
    const r = run([dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok: 4 objects in 4 files/m);
  });
});

describe('SchemaValidator', () => {
  const v = new SchemaValidator(loadCatalog().definitions);
  const container = { $ref: '#/definitions/io.k8s.api.core.v1.Container' };
  it('requires required fields', () => {
    expect(v.validate({ image: 'x:1' }, container)).toEqual([{ path: 'name', message: 'is required' }]);
  });
  it('treats null as absent and checks int32 ranges', () => {
    expect(v.validate({ name: 'a', image: null }, container)).toEqual([]);
    expect(v.validate({ name: 'a', ports: [{ containerPort: 2 ** 40 }] }, container)[0].message).toMatch(/32-bit/);
  });
  it('honours x-kubernetes-preserve-unknown-fields and free-form objects', () => {
    expect(v.validate({ a: { b: 1 } }, { type: 'object', properties: { x: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true })).toEqual([]);
    expect(v.validate({ anything: [1] }, { type: 'object' })).toEqual([]);
  });
});

describe('check with nothing to check', () => {
  it('fails (exit 1) with a clear message on an empty directory, an empty file and a missing path', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'check-empty-'));
    let r = run([empty]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no manifests found in ".*check-empty-.*" \(no \.yaml, \.yml or \.json file\)/);
    expect(r.out).not.toMatch(/^ok/m);
    fs.writeFileSync(path.join(empty, 'blank.yaml'), '# nothing\n');
    r = run([empty]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no manifests found.*hold no document/);
    r = run([path.join(empty, 'does-not-exist')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no manifests found: ".*does-not-exist" does not exist/);
  });
});
