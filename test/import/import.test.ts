/**
 * `npm run import -- --from-helm`: the official chart's own values files, a multi-replica input
 * that must synthesize and pass check, every not-mapped report line, the one-replica fallback,
 * credentials never written, and the exit codes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump, load } from 'js-yaml';
import { convertHelmValues, ImportResult } from '../../src/import/convert';
import { HELM_MAPPING } from '../../src/import/helm-mapping';
import { REPO, runCli, Any } from '../support';

const FIXTURES = path.join(REPO, 'test', 'import', 'fixtures');
const fixture = (name: string) => load(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, Any>;

// Runs happen while the describe blocks are collected: the directory exists from the start.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-import-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the import of an input (a fixture name or a values object) into a file; returns the run and the values written. */
function importRun(input: string | Record<string, unknown>, name = 'imported') {
  const from = typeof input === 'string' ? path.join(FIXTURES, input) : path.join(tmp, `${name}-input.yaml`);
  if (typeof input !== 'string') fs.writeFileSync(from, dump(input));
  const out = path.join(tmp, `${name}.yaml`);
  const r = runCli(['import', '--from-helm', from, '--out', out]);
  const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  return { ...r, text, values: (load(text) ?? {}) as Any, out };
}

const line = (r: ImportResult, from: string) => [...r.mapped, ...r.unmapped].find((l) => l.from === from);

describe('import of the official chart values.yaml (its defaults)', () => {
  const run = importRun('official-values.yaml', 'defaults');

  it('validates and comes out as one replica on SQLite with the chart Redis', () => {
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Valid: the result synthesizes and passes check');
    expect(run.values).toMatchObject({
      replicaCount: 1,
      podDisruptionBudget: { enabled: false },
      database: { type: 'sqlite' },
      redis: {
        mode: 'internal',
        internal: { image: { repository: 'docker.io/library/redis', tag: '7.4.2-alpine3.21' } },
      },
      vectorDb: { type: 'chroma' },
      persistence: { accessModes: ['ReadWriteOnce'], size: '2Gi' },
      secrets: { source: 'existingSecret', existingSecret: 'open-webui-secrets' },
    });
    // Pipelines first, then api.openai.com: OPENAI_API_KEYS (empty) pairs the keys, so no key.
    expect(run.values.openwebui.connections.openai).toEqual([{ baseUrl: 'https://api.openai.com/v1' }]);
  });

  it('reports the subcharts it does not install and what scaling out needs', () => {
    expect(run.stdout).toMatch(/^ {2}ollama\.enabled: This project installs no Ollama/m);
    expect(run.stdout).toMatch(/^ {2}pipelines\.enabled: This project installs no Pipelines/m);
    expect(run.stdout).toContain('the result runs ONE replica');
    for (const n of [1, 2, 4, 5]) expect(run.stdout).toMatch(new RegExp(`^ {2}${n}\\. `, 'm'));
    expect(run.stdout).not.toMatch(/^ {2}3\. /m); // the chart's own Redis meets requirement 3
    expect(run.stdout).toContain('Secrets the result reads (create them before deploying):');
    expect(run.stdout).toMatch(/open-webui-secrets: WEBUI_SECRET_KEY, REDIS_PASSWORD/);
  });

  it('writes a header saying where it came from and what is left to do', () => {
    expect(run.text).toMatch(/^# Imported by `npm run import` from .*official-values\.yaml/);
    expect(run.text).toContain('# One replica: the original values are safe for one only. To scale out:');
    expect(run.text).not.toContain('0p3n-w3bu!');
    expect(run.text).toMatch(
      /# +- The official chart keeps the data \(the SQLite database, uploads\) on a claim named/,
    );
  });
});

describe('import of the official values-minikube.yaml', () => {
  const run = importRun('official-values-minikube.yaml', 'minikube');

  it('keeps its intent: an Ingress host, a NodePort Service and its resources', () => {
    expect(run.status).toBe(0);
    expect(run.values).toMatchObject({
      ingress: { enabled: true, controller: 'nginx', hosts: [{ host: 'open-webui.minikube.local' }] },
      service: { type: 'NodePort' },
      resources: { requests: { cpu: '500m', memory: '500Mi' }, limits: { cpu: '1000m', memory: '1Gi' } },
      replicaCount: 1,
    });
    expect(run.stdout).toMatch(
      /^ {2}ollama\.resources, ollama\.service, ollama\.gpu: This project installs no Ollama/m,
    );
    // The second way in is a warning, not an error.
    expect(run.stderr).toMatch(/warning\[service-exposed-beside-ingress\]/);
  });
});

describe('import of the official values-gke-min.yaml', () => {
  const run = importRun('official-values-gke-min.yaml', 'gke-min');

  it('keeps its intent: a GKE Ingress with its static IP and certificate, a LoadBalancer Service, no Redis', () => {
    expect(run.status).toBe(0);
    expect(run.values).toMatchObject({
      ingress: {
        enabled: true,
        controller: 'gce',
        hosts: [{ host: 'chat.example.com' }],
        annotations: {
          'kubernetes.io/ingress.global-static-ip-name': 'open-webui-external-ip',
          'networking.gke.io/managed-certificates': 'mydomain-chat-cert',
        },
      },
      service: { type: 'LoadBalancer', port: 80 },
      redis: { enabled: false },
      openwebui: { websocket: { enabled: false } },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    });
    expect(run.values.ingress.className).toBeUndefined();
    // TLS at the load balancer with the managed certificate: users type https.
    expect(run.values.publicUrl).toBe('https://chat.example.com');
    expect(run.stdout).toMatch(
      /ingress\.annotations -> ingress\.annotations: Not carried: nginx\.ingress\.kubernetes\.io\/force-ssl-redirect, .* \(the gce controller ignores ingress-nginx annotations\); kubernetes\.io\/ingress\.class became ingress\.controller\./,
    );
    expect(run.stdout).toMatch(/^ {2}managedCertificate\.enabled: GKE ManagedCertificate objects are not rendered/m);
    expect(run.stdout).toMatch(/^ {2}- Review the resources: the official values set no resources\.requests\.cpu/m);
  });

  it('never writes the plaintext key from extraEnvVars; the connection reads it from the app Secret', () => {
    expect(run.text).not.toContain('0p3n-w3bu!');
    expect(run.values.extraEnv).toBeUndefined();
    expect(run.values.openwebui.connections.openai).toEqual([
      { baseUrl: 'https://api.openai.com/v1', apiKeySecretRef: { name: 'open-webui-secrets', key: 'OPENAI_API_KEY' } },
    ]);
    expect(run.stdout).toMatch(
      /Store the API key of https:\/\/api\.openai\.com\/v1 in open-webui-secrets under OPENAI_API_KEY/,
    );
  });
});

describe('import of a multi-replica input (sso, openai, redis, postgres, extraEnv, extraResources)', () => {
  const run = importRun('multi-replica.yaml', 'multi');

  it('maps every credential to its own Secret and keeps three replicas', () => {
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.status).toBe(0);
    expect(run.values).toMatchObject({
      replicaCount: 3,
      database: { type: 'postgresql', existingSecret: 'open-webui-db-app', pool: { size: 7, maxOverflow: 6 } },
      redis: { mode: 'external', external: { existingSecret: 'open-webui-redis' } },
      vectorDb: { type: 'pgvector' },
      persistence: { accessModes: ['ReadWriteMany'], storageClass: 'efs-sc', size: '20Gi' },
      storage: {
        provider: 's3',
        s3: {
          bucketName: 'open-webui-files',
          regionName: 'eu-west-1',
          credentialsFromSecret: true,
          existingSecret: 'open-webui-s3',
        },
      },
      secrets: {
        source: 'existingSecret',
        existingSecret: 'open-webui-app',
        keys: {
          secretKey: 'webui-secret-key',
          databaseUrl: 'uri',
          redisUrl: 'redis-url',
          oidcClientSecret: 'client-secret',
          s3AccessKeyId: 'access-key-id',
          s3SecretAccessKey: 'secret-access-key',
        },
      },
      sso: {
        enabled: true,
        enableSignup: true,
        mergeAccountsByEmail: true,
        enableGroupManagement: true,
        oidc: {
          enabled: true,
          clientId: 'open-webui',
          clientExistingSecret: 'open-webui-oidc',
          providerUrl: 'https://login.example.com/.well-known/openid-configuration',
          providerName: 'Company SSO',
        },
      },
      openwebui: {
        logLevel: 'INFO',
        connections: {
          ollama: [{ baseUrl: 'http://ollama.ollama.svc.cluster.local:11434' }],
          openai: [
            {
              baseUrl: 'http://litellm.ai.svc.cluster.local:4000/v1',
              apiKeySecretRef: { name: 'litellm-open-webui', key: 'api-key' },
            },
          ],
        },
      },
      ingress: {
        controller: 'nginx',
        className: 'nginx',
        tls: [{ secretName: 'chat-example-com-tls', hosts: ['chat.example.com'] }],
      },
    });
    // Managed variables became typed keys; the rest stay extra variables.
    expect(run.values.extraEnv).toEqual([
      { name: 'ENABLE_SIGNUP', value: 'False' },
      { name: 'DEFAULT_USER_ROLE', value: 'pending' },
    ]);
    expect(run.values.extraObjects).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: '{{ fullname }}-branding', namespace: '{{ namespace }}' },
        data: { banner: 'Welcome' },
      },
    ]);
    expect(run.stdout).toContain('Multi-replica requirements the original did not meet (this project provides them):');
    expect(run.stdout).toMatch(
      /open-webui-app: webui-secret-key, OAUTH_SESSION_TOKEN_ENCRYPTION_KEY, OAUTH_CLIENT_INFO_ENCRYPTION_KEY/,
    );
  });

  it('synthesizes into dist/ and passes check', () => {
    const values = path.join(tmp, 'values');
    fs.mkdirSync(values, { recursive: true });
    fs.copyFileSync(path.join(REPO, 'values', 'common.yaml'), path.join(values, 'common.yaml'));
    fs.copyFileSync(run.out, path.join(values, 'imported.yaml'));
    const dist = path.join(tmp, 'dist');
    const synth = runCli(['synth', '--values-dir', values, '--out', dist, '--quiet']);
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    const check = runCli(['check', path.join(dist, 'imported')]);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const deployment = fs.readFileSync(path.join(dist, 'imported', '24-deployment-open-webui.yaml'), 'utf8');
    expect(deployment).toContain('replicas: 3');
  });

  it('reports the keys and the variables it could not carry', () => {
    expect(run.stdout).toMatch(/^ {2}logging\.components\.rag: Open WebUI 0\.11\.0 reads no per-component log level/m);
    expect(run.stdout).toMatch(
      /^ {2}extraResources\[1\]: Holds the Helm expression \{\{ \.Values\.brandingName \}\}, which is not evaluated here/m,
    );
    expect(run.stdout).toMatch(/resources -> resources: resources\.limits\.nvidia\.com\/gpu not carried/);
    expect(run.stdout).toMatch(
      /^ {2}extraEnvVars\.DATABASE_URL -> database\.existingSecret, secrets\.keys\.databaseUrl$/m,
    );
  });
});

describe('one-replica fallback', () => {
  const run = importRun('single-replica.yaml', 'single');

  it('writes a valid one-replica setup and says what scaling out needs', () => {
    expect(run.status).toBe(0);
    expect(run.values).toMatchObject({
      replicaCount: 1,
      podDisruptionBudget: { enabled: false },
      database: { type: 'sqlite' },
      redis: { enabled: false },
      openwebui: { websocket: { enabled: false }, connections: { openai: [] } },
      persistence: { accessModes: ['ReadWriteOnce'], size: '10Gi' },
      vectorDb: { type: 'chroma' },
    });
    expect(run.stdout).toMatch(
      /^ {2}replicaCount -> replicaCount: 3 replicas in the official values, which are safe for one only \(see the multi-replica requirements\): written as 1\.$/m,
    );
    expect(run.stdout).toContain('the result runs ONE replica (the original asked for 3). To scale out:');
    for (const [n, text] of [
      [2, 'PostgreSQL: the official values use SQLite'],
      [3, 'Redis for websockets and app state: off in the official values'],
      [4, 'shared file storage: the official values keep uploads on a ReadWriteOnce volume'],
      [5, 'an external vector database'],
    ] as const)
      expect(run.stdout).toContain(`  ${n}. ${text}`);
  });

  it('keeps the requested replicas once the requirements are met', () => {
    const input = fixture('single-replica.yaml');
    const met = convertHelmValues({
      ...input,
      websocket: { enabled: true },
      persistence: { accessModes: ['ReadWriteMany'] },
      databaseUrl: 'postgresql://openwebui:pw@db:5432/openwebui',
    });
    expect(met.oneReplica).toBe(false);
    expect(met.values.replicaCount).toBe(3);
    expect(met.scaling.filter((s) => !s.met).map((s) => s.requirement)).toEqual([1, 5, 6, 7, 9]);
  });
});

describe('report lines for keys that cannot be mapped', () => {
  /** A value of the default's type that is not empty or off (numbers keep the default, which is not). */
  const sample = (def: unknown): unknown =>
    typeof def === 'boolean'
      ? true
      : typeof def === 'number'
        ? def || 1
        : Array.isArray(def)
          ? [{ name: 'x' }]
          : typeof def === 'object' && def !== null
            ? { 'example.com/x': 'y' }
            : `${String(def ?? '')}x`;
  const setKey = (key: string, value: unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    let node = out;
    const parts = key.split('.');
    parts.slice(0, -1).forEach((p) => (node = (node[p] = {}) as Record<string, unknown>));
    node[parts[parts.length - 1]] = value;
    return out;
  };

  for (const row of HELM_MAPPING.filter((r) => r.to.length === 0)) {
    const key = row.from.endsWith('.*') ? `${row.from.slice(0, -2)}.someSetting` : row.from;
    it(`${key}: ${row.why}`, () => {
      const r = convertHelmValues(setKey(key, sample(row.default)));
      const l = line(r, key);
      expect(l).toEqual({ from: key, to: [], why: row.why });
    });
  }

  it('reports conditions the table cannot know, each with its reason', () => {
    const r = convertHelmValues({
      livenessProbe: { exec: { command: ['true'] } },
      service: { containerPort: 3000 },
      persistence: {
        provider: 's3',
        s3: { accessKeyExistingSecret: 'a', secretKeyExistingSecret: 'b', bucket: 'files' },
      },
      sso: { enabled: false, google: { enabled: true, clientId: 'x' } },
      logging: { level: 'verbose' },
      databaseUrl: 'mysql://u@h/db',
      notAKey: true,
      websocket: { enabled: false, url: 'redis://redis:6379/0' },
    });
    expect(line(r, 'livenessProbe')?.why).toMatch(/^Only HTTP probes are typed here .* this one is exec/);
    expect(line(r, 'service.containerPort')?.why).toMatch(
      /^Open WebUI listens on 8080 here; the official values made it listen on 3000/,
    );
    expect(line(r, 'persistence.s3.accessKeyExistingSecret')).toMatchObject({
      to: [],
      why: expect.stringMatching(/are in two Secrets/),
    });
    expect(line(r, 'sso.google.enabled')).toMatchObject({
      to: [],
      why: expect.stringMatching(/^sso\.enabled is false/),
    });
    expect(line(r, 'logging.level')?.why).toBe(
      '"VERBOSE" is not a Python level name (DEBUG, INFO, WARNING, ERROR, CRITICAL).',
    );
    expect(line(r, 'databaseUrl')?.why).toMatch(/^Only PostgreSQL and SQLite are supported here; mysql is not/);
    expect(line(r, 'notAKey')?.why).toMatch(/^Not a key of the official chart 16\.x values\.yaml/);
    expect(line(r, 'websocket.url')?.why).toMatch(/^Websockets over Redis are off/);
    expect(r.values).not.toHaveProperty('sso');
    // Trusted headers alone: nothing to sign in with is carried, so sso.enabled is not either.
    const th = convertHelmValues({
      sso: { enabled: true, enableSignup: true, trustedHeader: { enabled: true, emailHeader: 'X-Email' } },
    });
    expect(th.values).not.toHaveProperty('sso');
    expect(line(th, 'sso.enabled')?.why).toMatch(/^No OAuth provider is on in the official values/);
    expect(line(th, 'sso.enableSignup')?.to).toEqual([]);
    expect(th.todo.join('\n')).toMatch(
      /Trusted-header sign-in \(sso\.trustedHeader, email header X-Email\) is not carried/,
    );
    expect(r.values).not.toHaveProperty('storage.s3.existingSecret');
  });
});

describe('credentials are never written', () => {
  it('keeps plaintext secrets out of the values and names where to store them', () => {
    const run = importRun(
      {
        pipelines: { enabled: false },
        ollama: { enabled: false },
        openaiApiKey: 'sk-import-test-plaintext-0001',
        databaseUrl: 'postgresql://openwebui:import-test-password@db.example.com:5432/openwebui',
        persistence: {
          accessModes: ['ReadWriteMany'],
          provider: 's3',
          s3: { accessKey: 'AKIAIMPORTTEST0001', secretKey: 'import-test-s3-secret', bucket: 'b', region: 'eu-west-1' },
        },
        sso: {
          enabled: true,
          oidc: {
            enabled: true,
            clientId: 'c',
            clientSecret: 'import-test-oidc-secret',
            providerUrl: 'https://login.example.com/.well-known/openid-configuration',
          },
        },
        extraEnvVars: [{ name: 'SOME_API_TOKEN', value: 'import-test-token' }],
        ingress: { enabled: true, host: 'chat.example.com', tls: true },
      },
      'plaintext',
    );
    expect(run.status).toBe(0);
    for (const s of [
      'sk-import-test',
      'import-test-password',
      'AKIAIMPORTTEST',
      'import-test-s3',
      'import-test-oidc',
      'import-test-token',
    ])
      expect(run.text).not.toContain(s);
    expect(run.stdout).toMatch(/Store the PostgreSQL URL \(databaseUrl\) in open-webui-secrets under DATABASE_URL/);
    expect(run.stdout).toMatch(
      /Store the oidc client secret in open-webui-secrets under OAUTH_CLIENT_SECRET \(sso\.oidc\.clientSecret is not written\)/,
    );
    expect(run.stdout).toMatch(/extraEnvVars\.SOME_API_TOKEN: A credential as plain text is not written/);
    expect(run.stdout).toMatch(
      /open-webui-secrets: WEBUI_SECRET_KEY, DATABASE_URL, .*OAUTH_CLIENT_SECRET.*S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/,
    );
  });
});

describe('the report never prints a credential', () => {
  it('a token pasted as a key the import does not carry is named "(hidden)"', () => {
    const gl = `glpat-${'Im9pT'.repeat(4)}`; // only secretlint knows it
    const gh = `ghp_${'i'.repeat(36)}`;
    const run = importRun(
      { pipelines: { enabled: false }, ollama: { enabled: false }, [gl]: { a: 1 }, [gh]: 2 },
      'keys',
    );
    expect(run.stdout).toMatch(/^ {2}\(hidden\): Not a key of the official chart/m);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/glpat-|ghp_i/);
  });
});

describe('import command line', () => {
  it('prints the values on stdout and the report on stderr without --out', () => {
    const r = runCli(['import', '--from-helm', path.join(FIXTURES, 'official-values-minikube.yaml')]);
    expect(r.status).toBe(0);
    expect(load(r.stdout)).toMatchObject({ service: { type: 'NodePort' } });
    expect(r.stderr).toContain('Mapped (');
  });

  it('exits 2 without --from-helm and 1 for an unreadable input', () => {
    expect(runCli(['import']).status).toBe(2);
    const missing = runCli(['import', '--from-helm', path.join(tmp, 'missing.yaml')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Values file does not exist.');
  });

  it('exits 1 when the result does not validate, and still writes it to fix', () => {
    const run = importRun({ image: { tag: 'latest' } }, 'invalid');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/image\.tag/);
    expect(run.stderr).toContain('but it does not validate: fix the errors above in it.');
    expect(run.text).toContain('tag: latest');
  });

  it('refuses to overwrite its input or a values file it did not write', () => {
    const input = path.join(tmp, 'self.yaml');
    fs.writeFileSync(input, 'replicaCount: 1\n');
    expect(runCli(['import', '--from-helm', input, '--out', input]).status).toBe(2);
    const env = path.join(tmp, 'staging.yaml');
    fs.writeFileSync(env, 'replicaCount: 2\n');
    const r = runCli(['import', '--from-helm', input, '--out', env]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('exists and was not written by import');
    expect(fs.readFileSync(env, 'utf8')).toBe('replicaCount: 2\n');
    // A file import wrote is replaced (importing again after editing the official values).
    expect(runCli(['import', '--from-helm', input, '--out', path.join(tmp, 'again.yaml')]).status).toBe(0);
    expect(runCli(['import', '--from-helm', input, '--out', path.join(tmp, 'again.yaml')]).status).toBe(0);
  });
});
