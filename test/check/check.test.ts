/**
 * `check`: strict schema validation of rendered manifests, removed APIs, CRDs and the security
 * policy. Runs over the committed dist/ (must be clean) and over a broken copy (every planted
 * problem must be reported, one line each, with file, object and path).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump, load, parseEvents } from 'js-yaml';
import { main } from '../../src/cli';
import { checkObjects, Finding, oneFindingPerField } from '../../src/check';
import { loadCatalog } from '../../src/check/catalog';
import { locateFindings } from '../../src/check/check-dir';
import { SchemaValidator } from '../../src/check/schema-validator';

function run(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['check', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('check over the committed dist/', () => {
  it('finds no problem in any environment (its speed: npm run bench)', () => {
    const r = run(['dist']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok: \d+ objects in \d+ files, 0 error\(s\)/m);
  });

  it('loads the vendored 1.28 spec (not ../shared) once', () => {
    const c = loadCatalog();
    expect(c.kinds.has('apps/v1/Deployment')).toBe(true);
    expect(c.kinds.has('external-secrets.io/v1/ExternalSecret')).toBe(true);
    // Argo CD Application and AppProject come from the vendored upstream CRDs, not the packaged validators.
    for (const kind of ['Application', 'AppProject']) {
      const e = c.kinds.get(`argoproj.io/v1alpha1/${kind}`);
      expect(e?.source).toBe(`schemas/crds/argoproj.io_${kind.toLowerCase()}.json`);
      expect(e?.external).toBeUndefined();
    }
    expect(c.kinds.get('argoproj.io/v1alpha1/ApplicationSet')?.external).toBeDefined();
    expect(loadCatalog()).toBe(c);
    expect(fs.existsSync(path.join(__dirname, '..', '..', '..', 'schemas', 'kubernetes', 'openapi-1.28.0.json'))).toBe(
      true,
    );
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
  const write = (file: string, obj: unknown) =>
    fs.writeFileSync(path.join(dir, file), typeof obj === 'string' ? obj : dump(obj));

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
    write('90-flowschema.yaml', {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
      kind: 'FlowSchema',
      metadata: { name: 'fs' },
      spec: { priorityLevelConfiguration: { name: 'x' } },
    });
    write('91-externalsecret.yaml', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'es', namespace: 'open-webui' },
      spec: {
        secretStoreRef: { kind: 'VaultStore', name: 'aws' },
        refreshInterval: '1h',
        target: { name: 'x', creationPolicy: 'Owner' },
        data: [{ secretKey: 'A', remoteRef: { key: 'k', propperty: 'p' } }],
      },
    });
    write('92-application.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'app', namespace: 'argocd' },
      spec: {
        project: 'default',
        destination: { namespace: 'open-webui', server: 'https://kubernetes.default.svc' },
        source: { repoURL: 'https://git.example.com/x.git', path: 'dist/local' },
        syncPolicy: { automated: { prune: 'yes', selfHeall: true } },
      },
    });
    // Argo CD: the vendored upstream CRD schemas are strict at any depth.
    fs.copyFileSync('dist/argocd/29-application-open-webui-aws.yaml', path.join(dir, '97-application-aws.yaml'));
    edit('97-application-aws.yaml', (a) => {
      a.spec.source.directory.recurce = true; // unknown field deep down
      a.spec.ignoreDifferences[0].jsonPointer = ['/spec/replicas']; // jsonPointers
      a.spec.syncPolicy.retry = { limit: 3, backoff: { duration: '5s', factor: 'two' } }; // wrong type deep down
      a.spec.sources = [
        { path: 'x', kustomize: { replicas: [{ name: 'open-webui', count: true }], commonLabels: { team: 1 } } },
      ]; // required, int-or-string, map values
      a.spec.sourceHydrator = {
        drySource: { repoURL: 'https://git.example.com/x.git', targetRevision: 'main', path: '.' },
        syncSource: { targetBranch: 'env/aws', path: '.' },
      }; // pattern
    });
    fs.copyFileSync('dist/argocd/28-appproject-open-webui.yaml', path.join(dir, '98-appproject.yaml'));
    edit('98-appproject.yaml', (p) => {
      p.spec.syncWindows = [{ kind: 'allow', schedul: '10 1 * * *', duration: '1h', applications: ['*'] }]; // unknown field
      p.spec.roles = [{ name: 'ci', jwtTokens: [{ iat: 'yesterday' }] }]; // wrong type deep down
      p.spec.destinations[0].namespce = 'x';
    });
    write('99-applicationset.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'set', namespace: 'argocd' },
      spec: {
        generators: [{ list: { elements: [{ env: 'aws' }] } }],
        template: {
          metadata: { name: '{{env}}' },
          spec: {
            project: 'p',
            destination: { server: 'https://kubernetes.default.svc' },
            source: {
              repoURL: 'https://git.example.com/x.git',
              directory: { recurce: true },
              kustomize: { commonLabels: { 'app.kubernetes.io/part-of': 1 } },
            },
          },
        },
      },
    });
    write('96-secret.yaml', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'leak', namespace: 'open-webui' },
      stringData: { PASSWORD: 'x' },
    });
    // A token only secretlint's provider rules know (GitLab), and one our own patterns catch (a URL password).
    write('89-configmap-credentials.yaml', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'creds', namespace: 'open-webui' },
      data: { GITLAB: `glpat-${'Ab3dE'.repeat(4)}`, URL: 'postgresql://app:s3cr3t-pass@db:5432/app' },
    });
    write('93-widget.yaml', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    write('94-broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
    write(
      '95-multi.yaml',
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: 1}\n',
    );
    write(
      '91-quoted.json',
      '{"apiVersion": "v1", "kind": "ConfigMap",\n "metadata": {"name": "q", "labels": {\'x\': 2}},\n "data": {"a.b/c": 1}}\n',
    );
    // One kind and name twice in one file (the second object's problems are its own, at its own lines),
    // and an object whose name the credential scan hides.
    write(
      '92-twice.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice}\ndata: {k: 1}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice}\ndata: {j: "", k: 2}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: "postgresql://app:s3cr3t-pass@db:5432/app"}\ndata: {k: 3}\n',
    );
    result = run([dir]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A finding line's `file:line:column: Kind/name: path: ` prefix: undefined if it is not that finding's, else its line and column. */
  const lineOf = (l: string, file: string, object: string, p: string) => {
    const prefix = path.join(dir, file);
    const tail = `: ${object}: ${p}: `;
    if (!l.startsWith(prefix) || !l.includes(tail)) return undefined;
    const m = /^(?::(\d+):(\d+))?$/.exec(l.slice(prefix.length, l.indexOf(tail)));
    return m ? { line: Number(m[1] ?? 0), column: Number(m[2] ?? 0) } : undefined;
  };
  const expectLine = (file: string, object: string, p: string, message: RegExp) => {
    const lines = result.err.split('\n').filter((l) => lineOf(l, file, object, p) !== undefined);
    expect(lines.map((l) => l.slice(l.indexOf(`${object}:`)))).toEqual(
      expect.arrayContaining([expect.stringMatching(message)]),
    );
  };

  it('exits 1 with a summary', () => {
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      new RegExp(
        `^FAIL: \\d+ objects in ${fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).length} files, \\d+ error\\(s\\)`,
        'm',
      ),
    );
  });
  it('reports unknown fields at any depth, with a suggestion', () => {
    expectLine(
      '24-deployment-open-webui.yaml',
      'Deployment/open-webui',
      'spec.replicaz',
      /unknown field "replicaz" \(did you mean "replicas"\?\)/,
    );
    expectLine(
      '24-deployment-open-webui.yaml',
      'Deployment/open-webui',
      'spec.template.spec.containers[0].ports[0].containerPortt',
      /unknown field/,
    );
  });
  it('reports wrong types, enums and quantities', () => {
    expectLine(
      '24-deployment-open-webui.yaml',
      'Deployment/open-webui',
      'spec.revisionHistoryLimit',
      /must be an integer, got the string "five"/,
    );
    expectLine(
      '24-deployment-open-webui.yaml',
      'Deployment/open-webui',
      'spec.template.spec.containers[0].resources.limits.memory',
      /must be a quantity/,
    );
    expectLine('17-service-open-webui.yaml', 'Service/open-webui', 'spec.type', /must be one of .*"ClusterIP"/);
  });
  it('reports plaintext credentials, by secretlint and by our own patterns, without printing them', () => {
    expectLine(
      '89-configmap-credentials.yaml',
      'ConfigMap/creds',
      'data.GITLAB',
      /looks like a credential \(.*GitLab/i,
    );
    expectLine('89-configmap-credentials.yaml', 'ConfigMap/creds', 'data.URL', /looks like a credential/);
    expect(result.err).not.toMatch(/glpat-|s3cr3t-pass/);
  });
  it('accepts int-or-string and quantities in both forms', () => {
    expect(result.err).not.toMatch(/targetPort|httpGet\.port|requests\.cpu/);
  });
  it('reports removed APIs with the replacement', () => {
    expectLine(
      '04-poddisruptionbudget-open-webui.yaml',
      'PodDisruptionBudget/open-webui',
      'apiVersion',
      /policy\/v1beta1 PodDisruptionBudget is not served since Kubernetes 1.25: use policy\/v1/,
    );
    expectLine(
      '90-flowschema.yaml',
      'FlowSchema/fs',
      'apiVersion',
      /not served since Kubernetes 1.32: use flowcontrol.apiserver.k8s.io\/v1/,
    );
  });
  it('validates custom resources against their CRD schemas', () => {
    expectLine(
      '91-externalsecret.yaml',
      'ExternalSecret/es',
      'spec.secretStoreRef.kind',
      /must be one of "SecretStore", "ClusterSecretStore"/,
    );
    expectLine(
      '91-externalsecret.yaml',
      'ExternalSecret/es',
      'spec.data[0].remoteRef.propperty',
      /unknown field "propperty" \(did you mean "property"\?\)/,
    );
    expectLine(
      '92-application.yaml',
      'Application/app',
      'spec.syncPolicy.automated.prune',
      /must be a boolean \(true or false\), got the string "yes"/,
    );
    expectLine(
      '92-application.yaml',
      'Application/app',
      'spec.syncPolicy.automated.selfHeall',
      /unknown field "selfHeall" \(did you mean "selfHeal"\?\)/,
    );
    expect(result.err).not.toContain('spec.source.repoURL');
  });
  it('validates Argo CD Application and AppProject strictly at any depth (vendored upstream CRD schemas)', () => {
    const app = 'Application/open-webui-aws';
    expectLine(
      '97-application-aws.yaml',
      app,
      'spec.source.directory.recurce',
      /unknown field "recurce" \(did you mean "recurse"\?\)/,
    );
    expectLine(
      '97-application-aws.yaml',
      app,
      'spec.ignoreDifferences[0].jsonPointer',
      /unknown field "jsonPointer" \(did you mean "jsonPointers"\?\)/,
    );
    expectLine(
      '97-application-aws.yaml',
      app,
      'spec.syncPolicy.retry.backoff.factor',
      /must be an integer, got the string "two"/,
    );
    expectLine('97-application-aws.yaml', app, 'spec.sources[0].repoURL', /is required/);
    expectLine(
      '97-application-aws.yaml',
      app,
      'spec.sources[0].kustomize.replicas[0].count',
      /must be an integer or a string, got boolean true/,
    );
    expectLine(
      '97-application-aws.yaml',
      app,
      'spec.sources[0].kustomize.commonLabels.team',
      /must be a string, got number 1/,
    );
    expectLine('97-application-aws.yaml', app, 'spec.sourceHydrator.syncSource.path', /must match/);
    expect(result.err).not.toContain('sourceHydrator.drySource.path'); // no pattern there
    const project = 'AppProject/open-webui';
    expectLine(
      '98-appproject.yaml',
      project,
      'spec.syncWindows[0].schedul',
      /unknown field "schedul" \(did you mean "schedule"\?\)/,
    );
    expectLine(
      '98-appproject.yaml',
      project,
      'spec.roles[0].jwtTokens[0].iat',
      /must be an integer, got the string "yesterday"/,
    );
    expectLine(
      '98-appproject.yaml',
      project,
      'spec.destinations[0].namespce',
      /unknown field "namespce" \(did you mean "namespace"\?\)/,
    );
    // An ApplicationSet's template.spec is checked against the vendored Application spec.
    expectLine(
      '99-applicationset.yaml',
      'ApplicationSet/set',
      'spec.template.spec.source.directory.recurce',
      /unknown field "recurce"/,
    );
    // A key with a dot and a slash (a JSON pointer's "~1"): one key in brackets, with its line.
    expectLine(
      '99-applicationset.yaml',
      'ApplicationSet/set',
      'spec.template.spec.source.kustomize.commonLabels["app.kubernetes.io/part-of"]',
      /must be string/,
    );
  });
  it('reports unknown kinds, YAML errors and problems in any document of a multi-document file', () => {
    expectLine('93-widget.yaml', 'Widget/w', 'apiVersion', /no schema for example.com\/v1 Widget/);
    expect(result.err).toContain(`${path.join(dir, '94-broken.yaml')}: -: (object): not valid YAML`);
    expectLine('95-multi.yaml', 'ConfigMap/b', 'data.k', /must be a string, got number 1/);
    expect(result.err).not.toContain('ConfigMap/a');
  });
  it('enforces the security policy on rendered pods', () => {
    expectLine(
      '24-deployment-open-webui.yaml',
      'Deployment/open-webui',
      'spec.template.spec.containers[0].securityContext.privileged',
      /container-not-privileged\]/,
    );
    expectLine(
      '24-deployment-open-webui.yaml',
      'Deployment/open-webui',
      'spec.template.spec.containers[0].image',
      /pinned.*\[container-image-pinned\]/,
    );
    // The namespace enforces baseline: a privileged container also violates it.
    expectLine(
      '24-deployment-open-webui.yaml',
      'Deployment/open-webui',
      'spec.template.spec.containers[0].securityContext.privileged',
      /namespace open-webui enforces Pod Security "baseline"/,
    );
    // One problem, one line: the policy, Pod Security "baseline" and the namespace's level all
    // refuse the privileged container; the line names every rule and shows each message once.
    const privileged = result.err
      .split('\n')
      .filter((l) =>
        l.includes('Deployment/open-webui: spec.template.spec.containers[0].securityContext.privileged: '),
      );
    expect(privileged).toEqual([
      expect.stringMatching(
        /: privileged containers are not allowed \(namespace open-webui enforces Pod Security "baseline"\); must not be true \[pod-security-baseline, container-not-privileged\]$/,
      ),
    ]);
  });
  it('gives each finding the line and column of its field in the file, in any document', () => {
    const at = (file: string, object: string, p: string) =>
      result.err
        .split('\n')
        .map((l) => lineOf(l, file, object, p))
        .find((x) => x !== undefined);
    const textAt = (file: string, where: { line: number; column: number } | undefined) => {
      const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
      return where && lines[where.line - 1].slice(where.column - 1);
    };
    // A quoted key (as in a JSON file) at its opening quote.
    expect(textAt('91-quoted.json', at('91-quoted.json', 'ConfigMap/q', 'data["a.b/c"]'))).toBe('"a.b/c": 1}}');
    expect(textAt('91-quoted.json', at('91-quoted.json', 'ConfigMap/q', 'metadata.labels.x'))).toBe("'x': 2}},");
    // The second document of a multi-document file: `data: {k: 1}` on line 10, the key at column 8.
    expect(at('95-multi.yaml', 'ConfigMap/b', 'data.k')).toEqual({ line: 10, column: 8 });
    // A field deep in a pod template: the key itself.
    const privileged = 'spec.template.spec.containers[0].securityContext.privileged';
    expect(
      textAt('24-deployment-open-webui.yaml', at('24-deployment-open-webui.yaml', 'Deployment/open-webui', privileged)),
    ).toBe('privileged: true');
    // A field that is not written (apiVersion's kind has no schema: the finding is at apiVersion).
    expect(textAt('93-widget.yaml', at('93-widget.yaml', 'Widget/w', 'apiVersion'))).toBe('apiVersion: example.com/v1');
    // The same kind and name twice in one file: two objects, two problems, each at its own document's line.
    const twice = result.err.split('\n').filter((l) => lineOf(l, '92-twice.yaml', 'ConfigMap/twice', 'data.k'));
    expect(twice.map((l) => lineOf(l, '92-twice.yaml', 'ConfigMap/twice', 'data.k'))).toEqual([
      { line: 4, column: 8 },
      { line: 9, column: 15 },
    ]);
    expect(twice.map((l) => l.slice(l.lastIndexOf(': ') + 2))).toEqual([
      'must be a string, got number 1 [schema]',
      'must be a string, got number 2 [schema]',
    ]);
    // The same object twice in one directory: kubectl apply would keep only the last.
    expectLine(
      '92-twice.yaml',
      'ConfigMap/twice',
      'metadata.name',
      /^ConfigMap\/twice: metadata\.name: the same object is already earlier in this file \(document 1\): `kubectl apply` applies both in turn and only the last one stays\. Keep one \[duplicate-object\]$/,
    );
    expect(at('92-twice.yaml', 'ConfigMap/twice', 'metadata.name')).toEqual({ line: 8, column: 12 }); // metadata: {name: twice}
    // An object whose name is hidden (a credential) is found by its document all the same.
    expect(at('92-twice.yaml', 'ConfigMap/(hidden)', 'data.k')).toEqual({ line: 14, column: 8 });
    // Every finding of an object read from a file has a position; a file that is not YAML keeps its message's own.
    const findings = result.err.split('\n').filter((l) => l.startsWith(dir));
    expect(findings.filter((l) => !/^[^:]+:\d+:\d+: /.test(l))).toEqual([
      expect.stringContaining(`${path.join(dir, '94-broken.yaml')}: -: (object): not valid YAML`),
    ]);
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
  it('accepts typical and full-featured Argo CD Applications and AppProjects, an ApplicationSet and an ExternalSecret', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-crs-'));
    const dest = { server: 'https://kubernetes.default.svc', namespace: 'open-webui' };
    const docs: object[] = [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'open-webui', namespace: 'argocd' },
        spec: {
          sourceRepos: ['https://git.example.com/x.git'],
          destinations: [dest],
          clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: 'open-webui-production',
          namespace: 'argocd',
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: 'open-webui',
          source: { repoURL: 'https://git.example.com/x.git', targetRevision: 'main', path: 'dist/production' },
          destination: dest,
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
        },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name: 'open-webui', namespace: 'argocd' },
        spec: {
          generators: [{ list: { elements: [{ env: 'production' }] } }],
          template: {
            metadata: { name: 'open-webui-{{env}}' },
            spec: {
              project: 'open-webui',
              source: { repoURL: 'https://git.example.com/x.git', targetRevision: 'main', path: 'dist/{{env}}' },
              destination: dest,
            },
          },
        },
      },
    ];
    // Free-form and typed maps, int-or-string in both forms, multiple sources, hydrator, operation/status as is.
    docs.push({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'full', namespace: 'argocd' },
      spec: {
        project: 'open-webui',
        destination: { name: 'in-cluster', namespace: 'open-webui' },
        info: [{ name: 'docs', value: 'https://example.com' }],
        sources: [
          {
            repoURL: 'https://charts.example.com',
            chart: 'x',
            targetRevision: '1.2.3',
            helm: {
              releaseName: 'x',
              valuesObject: { any: { nested: [1, { deep: true }] } },
              parameters: [{ name: 'a', value: 'b', forceString: true }],
            },
          },
          {
            repoURL: 'https://git.example.com/x.git',
            path: 'k',
            kustomize: {
              commonLabels: { team: 'ai' },
              replicas: [
                { name: 'a', count: 2 },
                { name: 'b', count: '3' },
              ],
              patches: [{ target: { kind: 'Deployment' }, patch: '[]' }],
            },
          },
          { repoURL: 'https://git.example.com/x.git', ref: 'values' },
        ],
        sourceHydrator: {
          drySource: { repoURL: 'https://git.example.com/x.git', targetRevision: 'main', path: 'dry' },
          syncSource: { targetBranch: 'env/prod', path: 'prod' },
          hydrateTo: { targetBranch: 'env/prod-next' },
        },
        syncPolicy: {
          automated: { enabled: true, prune: true, allowEmpty: false },
          retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
          managedNamespaceMetadata: { labels: { a: 'b' } },
        },
        ignoreDifferences: [
          {
            group: 'apps',
            kind: 'Deployment',
            jqPathExpressions: ['.spec.replicas'],
            managedFieldsManagers: ['kube-controller-manager'],
          },
        ],
      },
      operation: { sync: { revision: 'abc' }, anything: 1 },
      status: { sync: { status: 'Synced' }, whatever: [1] },
    });
    docs.push({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'full', namespace: 'argocd' },
      spec: {
        sourceRepos: ['*'],
        sourceNamespaces: ['argocd-apps'],
        destinations: [{ name: 'in-cluster', namespace: '*' }],
        destinationServiceAccounts: [
          { server: 'https://kubernetes.default.svc', namespace: 'open-webui', defaultServiceAccount: 'deployer' },
        ],
        roles: [
          {
            name: 'ci',
            description: 'CI',
            policies: ['p, proj:full:ci, applications, sync, full/*, allow'],
            groups: ['ci'],
            jwtTokens: [{ iat: 1700000000, id: 'x' }],
          },
        ],
        syncWindows: [
          {
            kind: 'deny',
            schedule: '0 22 * * *',
            duration: '8h',
            timeZone: 'UTC',
            manualSync: true,
            namespaces: ['*'],
          },
        ],
        orphanedResources: { warn: true, ignore: [{ kind: 'ConfigMap', name: 'x' }] },
        signatureKeys: [{ keyID: 'ABCDEF' }],
        permitOnlyProjectScopedClusters: false,
      },
    });
    docs.forEach((d, i) => fs.writeFileSync(path.join(dir, `${i}.yaml`), dump(d)));
    fs.copyFileSync('dist/aws/07-externalsecret-open-webui-secrets.yaml', path.join(dir, 'es.yaml'));
    const r = run([dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok: 6 objects in 6 files/m);
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
  it('treats CRD openAPIV3Schema markers like the API server', () => {
    const crd = {
      type: 'object',
      properties: {
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        map: { type: 'object', additionalProperties: { type: 'string' } },
        count: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
        typed: { type: 'object', properties: { a: { type: 'string' } } },
      },
    } as const;
    expect(v.validate({ free: { x: [1, { y: null }] }, map: { k: 'v' }, count: 1, typed: { a: 'b' } }, crd)).toEqual(
      [],
    );
    expect(v.validate({ count: '50%' }, crd)).toEqual([]);
    expect(v.validate({ map: { k: 1 }, count: 1.5, typed: { b: 'x' }, extra: 1 }, crd).map((p) => p.path)).toEqual([
      'map.k',
      'count',
      'typed.b',
      'extra',
    ]);
  });
  it('honours x-kubernetes-preserve-unknown-fields and free-form objects', () => {
    expect(
      v.validate(
        { a: { b: 1 } },
        { type: 'object', properties: { x: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true },
      ),
    ).toEqual([]);
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

describe('oneFindingPerField', () => {
  const finding = (rule: string, message: string, doc?: number): Finding => ({
    severity: 'error',
    rule,
    file: 'f.yaml',
    object: 'ConfigMap/x',
    path: 'spec.n',
    message,
    ...(doc === undefined ? {} : { doc }),
  });
  it('shows a message once in its longer form only where the longer one adds words to it', () => {
    expect(
      oneFindingPerField([finding('a', 'is not allowed'), finding('b', 'is not allowed (namespace x enforces it)')]),
    ).toEqual([{ ...finding('a', 'is not allowed (namespace x enforces it)'), rule: 'a, b' }]);
    // Two limits are two problems, though one message starts with the other.
    expect(
      oneFindingPerField([finding('a', 'must be at most 10'), finding('b', 'must be at most 100')]).map(
        (f) => f.message,
      ),
    ).toEqual(['must be at most 10; must be at most 100']);
  });
  it('keeps the findings of two documents of one file apart, though their objects have one kind and name', () => {
    expect(oneFindingPerField([finding('a', 'is wrong', 0), finding('a', 'is wrong', 1)])).toHaveLength(2);
  });
});

describe('locateFindings', () => {
  it('parses each file with findings once, however many findings it has', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locate-'));
    try {
      const a = path.join(dir, 'a.yaml');
      const b = path.join(dir, 'b.yaml');
      fs.writeFileSync(a, 'data:\n  x: 1\n  y: 2\n---\ndata:\n  z: 3\n');
      fs.writeFileSync(b, 'data:\n  w: 4\n');
      const at = (file: string, doc: number, p: string): Finding => ({
        severity: 'error',
        rule: 'schema',
        file,
        object: 'ConfigMap/x',
        path: p,
        message: 'is wrong',
        doc,
      });
      const texts: string[] = [];
      const located = locateFindings(
        [at(a, 0, 'data.x'), at(b, 0, 'data.w'), at(a, 0, 'data.y'), at(a, 1, 'data.z'), at(a, 1, 'data.gone')],
        (text) => (texts.push(text), parseEvents(text, {})),
      );
      expect(located.map((f) => [f.line, f.column])).toEqual([
        [2, 3],
        [2, 3],
        [3, 3],
        [6, 3],
        [5, 1],
      ]);
      expect(texts).toEqual([fs.readFileSync(a, 'utf8'), fs.readFileSync(b, 'utf8')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('duplicate-object', () => {
  const cm = (name: string, namespace?: string, apiVersion = 'v1') => ({
    apiVersion,
    kind: 'ConfigMap',
    metadata: { name, ...(namespace ? { namespace } : {}) },
  });
  const dup = (objects: { file: string; obj: Record<string, unknown> }[]) =>
    checkObjects(objects)
      .filter((f) => f.rule === 'duplicate-object')
      .map((f) => `${f.file} ${f.object}: ${f.message.split(':')[0]}`);
  it('is the same group, kind, namespace and name in one directory, in any files', () => {
    expect(
      dup([
        { file: 'a/1.yaml', obj: cm('x', 'n') },
        { file: 'a/2.yaml', obj: cm('x', 'n') },
        { file: 'a/3.yaml', obj: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } } },
        { file: 'a/4.yaml', obj: { apiVersion: 'apps/v1beta2', kind: 'Deployment', metadata: { name: 'd' } } },
      ]),
    ).toEqual([
      'a/2.yaml ConfigMap/x: the same object (namespace n) is already in a/1.yaml',
      'a/4.yaml Deployment/d: the same object is already in a/3.yaml', // another version of one API group
    ]);
  });
  it("ignores a cluster-scoped kind's namespace, as the API server clears it", () => {
    const role = (namespace?: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'r', ...(namespace ? { namespace } : {}) },
    });
    expect(
      dup([
        { file: 'a/1.yaml', obj: role('n') },
        { file: 'a/2.yaml', obj: role() },
      ]),
    ).toEqual(['a/2.yaml ClusterRole/r: the same object is already in a/1.yaml']);
  });
  it('names no document for objects not read from a file (synth checks one environment as a whole)', () => {
    const found = checkObjects([
      { file: 'dist/local', obj: cm('x', 'n') },
      { file: 'dist/local', obj: cm('x', 'n') },
    ]).filter((f) => f.rule === 'duplicate-object');
    expect(found.map((f) => f.message.split(':')[0])).toEqual([
      'the same object (namespace n) is already in dist/local',
    ]);
  });
  it('is not another namespace, another directory (environment), another kind or another group', () => {
    expect(
      dup([
        { file: 'a/1.yaml', obj: cm('x', 'n') },
        { file: 'a/2.yaml', obj: cm('x', 'm') },
        { file: 'b/1.yaml', obj: cm('x', 'n') },
        { file: 'a/3.yaml', obj: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'n' } } },
        {
          file: 'a/4.yaml',
          obj: { apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } },
        },
      ]),
    ).toEqual([]);
  });
});
