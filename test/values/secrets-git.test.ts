/**
 * Secrets fit for Git: ExternalSecret source, ${env:NAME} references (development only, unset is
 * an error), and the credential scan that refuses plaintext secrets outside development.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderObjects } from '../../src/synth/render';
import { resolveEnvironment } from '../../src/pipeline';
import { Problem, ValuesError } from '../../src/errors';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-'));
let n = 0;
function file(yaml: string): string {
  const f = path.join(tmp, `v${n++}.yaml`);
  fs.writeFileSync(f, yaml);
  return f;
}
function problems(env: string, yaml: string, vars: Record<string, string> = {}): Problem[] {
  const saved = { ...process.env };
  Object.assign(process.env, vars);
  try {
    resolveEnvironment({ name: env, files: ['values/common.yaml', `values/${env}.yaml`, file(yaml)] });
    return [];
  } catch (e) {
    if (e instanceof ValuesError) return e.problems;
    throw e;
  } finally {
    for (const k of Object.keys(vars)) if (saved[k] === undefined) delete process.env[k];
  }
}
const ids = (ps: Problem[]) => ps.filter((p) => p.severity === 'error').map((p) => `${p.id} ${p.path.join('.')}`);

describe('secrets.source: externalSecret', () => {
  it('the aws environment renders an ExternalSecret from AWS Secrets Manager and no Secret', () => {
    const objs = renderObjects(resolveEnvironment({ name: 'aws', files: ['values/common.yaml', 'values/aws.yaml'] }));
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
    const es = objs.find((o) => o.kind === 'ExternalSecret') as any;
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
    expect(es.spec.target.name).toBe('open-webui-secrets');
    expect(es.spec.data.map((d: any) => d.secretKey)).toEqual([
      'WEBUI_SECRET_KEY',
      'DATABASE_URL',
      'REDIS_URL',
      'OAUTH_SESSION_TOKEN_ENCRYPTION_KEY',
      'OAUTH_CLIENT_INFO_ENCRYPTION_KEY',
      'MICROSOFT_CLIENT_SECRET',
    ]);
    const dep = objs.find((o) => o.kind === 'Deployment') as any;
    const refs = dep.spec.template.spec.containers[0].env
      .filter((e: any) => e.valueFrom?.secretKeyRef)
      .map((e: any) => e.valueFrom.secretKeyRef.name);
    expect(new Set(refs)).toEqual(new Set(['open-webui-secrets']));
  });
  it('per-value overrides pick the remote key and property', () => {
    const env = resolveEnvironment({
      name: 'aws',
      files: [
        'values/common.yaml',
        'values/aws.yaml',
        file(
          'secrets:\n  externalSecret:\n    properties:\n      databaseUrl: {remoteKey: rds/open-webui, property: url}\n',
        ),
      ],
    });
    const es = renderObjects(env).find((o) => o.kind === 'ExternalSecret') as any;
    expect(es.spec.data[1]).toEqual({
      secretKey: 'DATABASE_URL',
      remoteRef: { key: 'rds/open-webui', property: 'url' },
    });
  });
  it('needs a store and a remote key', () => {
    expect(ids(problems('production', 'secrets:\n  source: externalSecret\n  existingSecret: null\n'))).toEqual(
      expect.arrayContaining([
        'secrets-external-secret secrets.externalSecret.storeRef.name',
        'secrets-external-secret secrets.externalSecret.remoteKey',
      ]),
    );
  });
});

describe('${env:NAME}', () => {
  it('is resolved at synth time in a development environment', () => {
    process.env.TEST_OWUI_KEY = 'from-the-environment';
    try {
      const env = resolveEnvironment({
        name: 'local',
        files: [
          'values/common.yaml',
          'values/local.yaml',
          file('secrets:\n  inline:\n    secretKey: ${env:TEST_OWUI_KEY}\n'),
        ],
      });
      expect(env.values.secrets.inline.secretKey).toBe('from-the-environment');
    } finally {
      delete process.env.TEST_OWUI_KEY;
    }
  });
  it('names the file, line and variable when it is unset', () => {
    const ps = problems('local', 'secrets:\n  inline:\n    secretKey: ${env:TEST_OWUI_UNSET}\n');
    expect(ps).toEqual([
      expect.objectContaining({ id: 'env-reference-unset', path: ['secrets', 'inline', 'secretKey'], line: 3 }),
    ]);
    expect(ps[0].message).toContain('TEST_OWUI_UNSET');
  });
  it('is refused outside development', () => {
    expect(ids(problems('production', 'extraEnv:\n  - name: FOO\n    value: ${env:HOME}\n'))).toContain(
      'env-reference-development-only extraEnv.0.value',
    );
  });
});

describe('credential scan outside development', () => {
  it.each([
    [
      'a URL with a password',
      'openwebui:\n  contentExtraction:\n    tikaServerUrl: https://admin:hunter2@tika.example.com\n',
      'openwebui.contentExtraction.tikaServerUrl',
    ],
    [
      'an AWS access key',
      'serviceAccount:\n  annotations:\n    key: AKIAIOSFODNN7EXAMPLE\n',
      'serviceAccount.annotations.key',
    ],
    ['a private key', 'commonAnnotations:\n  k: "-----BEGIN RSA PRIVATE KEY-----\\nMIIE"\n', 'commonAnnotations.k'],
    [
      'an API token',
      'extraEnv:\n  - name: SOMETHING\n    value: sk-proj-abcdefghijklmnopqrstuvwxyz123456\n',
      'extraEnv.0.value',
    ],
    [
      'a credential-named env value',
      'extraEnv:\n  - name: ANTHROPIC_API_KEY\n    value: not-a-known-format\n',
      'extraEnv.0.value',
    ],
  ])('refuses %s with file and line', (_what, yaml, at) => {
    const ps = problems('production', yaml).filter((p) => p.id === 'secrets-plaintext-credential');
    expect(ps.map((p) => p.path.join('.'))).toEqual([at]);
    expect(ps[0].file).toMatch(/v\d+\.yaml$/);
    expect(ps[0].line).toBeGreaterThan(0);
    expect(JSON.stringify(ps[0])).not.toMatch(/hunter2|AKIAIOSFODNN7EXAMPLE|abcdefghijklmnop/);
  });
  it('allows them in development and allows secretKeyRef anywhere', () => {
    expect(problems('local', 'extraEnv:\n  - name: ANTHROPIC_API_KEY\n    value: dev-key\n')).toEqual([]);
    expect(
      problems(
        'production',
        'extraEnv:\n  - name: ANTHROPIC_API_KEY\n    valueFrom: {secretKeyRef: {name: anthropic, key: key}}\n',
      ),
    ).toEqual([]);
  });
  it('keeps refusing inline secrets outside development', () => {
    expect(
      ids(
        problems(
          'production',
          'secrets:\n  source: inline\n  existingSecret: null\n  inline: {secretKey: x, databaseUrl: postgresql://u:p@h/d, redisUrl: redis://r}\n',
        ),
      ),
    ).toContain('secrets-inline-development-only secrets.source');
  });
});
