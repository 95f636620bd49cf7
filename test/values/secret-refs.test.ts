/**
 * Every credential from its own Secret: a per-section Secret name (`database.existingSecret`,
 * `storage.s3.existingSecret`, `sso.<provider>.clientExistingSecret`, ...) with the key from
 * `secrets.keys`, decided once in the model (src/model/credentials.ts). The app Secret (inline or
 * materialised by the ExternalSecret) holds only what is not elsewhere; inline Secrets keep their
 * checksum restart.
 */
import { Any, envMap, errorsOf, find, ofKind, render, renderEnv } from '../support';

/** One rendered object, untyped. */
const obj = (objs: Any[], kind: string, name?: string): Any => find(objs, kind, name);

const container = (objs: Any[]) => obj(objs, 'Deployment', 'open-webui').spec.template.spec.containers[0];
const ref = (objs: Any[], name: string) => envMap(container(objs))[name]?.valueFrom?.secretKeyRef;
const errors = (...yamls: string[]) => errorsOf(...yamls).map((e) => `${e.id} ${e.path.join('.')}`);
const CNPG = 'database:\n  existingSecret: chat-pg-app\nsecrets:\n  keys:\n    databaseUrl: uri\n';

describe('a Secret per credential', () => {
  test("CloudNativePG's <cluster>-app Secret with key uri for DATABASE_URL", () => {
    expect(ref(render(CNPG), 'DATABASE_URL')).toEqual({ name: 'chat-pg-app', key: 'uri' });
  });
  test.each([
    [
      'S3',
      'storage:\n  provider: s3\n  s3:\n    bucketName: b\n    credentialsFromSecret: true\n    existingSecret: s3-creds\n',
      ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'],
      's3-creds',
    ],
    [
      'GCS',
      'storage:\n  provider: gcs\n  gcs:\n    bucketName: b\n    credentialsFromSecret: true\n    existingSecret: gcs-sa\n',
      ['GOOGLE_APPLICATION_CREDENTIALS_JSON'],
      'gcs-sa',
    ],
    [
      'Azure',
      'storage:\n  provider: azure\n  azure:\n    endpoint: https://a.blob.core.windows.net\n    containerName: c\n    credentialsFromSecret: true\n    existingSecret: azure-key\n',
      ['AZURE_STORAGE_KEY'],
      'azure-key',
    ],
    [
      'pgvector',
      'vectorDb:\n  pgvector:\n    separateUrl: true\n    existingSecret: vectors-app\n',
      ['PGVECTOR_DB_URL'],
      'vectors-app',
    ],
    [
      'Qdrant',
      'vectorDb:\n  type: qdrant\n  qdrant:\n    uri: http://qdrant.qdrant.svc:6333\n    apiKeyFromSecret: true\n    existingSecret: qdrant-key\n',
      ['QDRANT_API_KEY'],
      'qdrant-key',
    ],
    ['Redis', 'redis:\n  external:\n    existingSecret: redis-url\n', ['REDIS_URL'], 'redis-url'],
  ])('%s', (_what, yaml, vars, secret) => {
    const objs = render(yaml);
    for (const v of vars) expect([v, ref(objs, v)?.name]).toEqual([v, secret]);
  });
  test('the ExternalSecret materialises only what is not in a Secret of its own', () => {
    const es = (extra: string) =>
      ofKind(
        render(
          'secrets:\n  existingSecret: null\n  source: externalSecret\n  externalSecret:\n    storeRef: {name: store}\n    remoteKey: app\n',
          extra,
        ),
        'ExternalSecret',
      )[0] as Any;
    expect(es('{}\n').spec.data.map((d: Any) => d.secretKey)).toEqual([
      'WEBUI_SECRET_KEY',
      'DATABASE_URL',
      'REDIS_URL',
    ]);
    expect(es('database:\n  existingSecret: chat-pg-app\n').spec.data.map((d: Any) => d.secretKey)).toEqual([
      'WEBUI_SECRET_KEY',
      'REDIS_URL',
    ]);
  });
  test('inline development Secret: holds only app-Secret entries, and an inline change restarts the pods', () => {
    const dev = (extra: string) =>
      render(
        'environment:\n  development: true\nsecrets:\n  existingSecret: null\n  source: inline\n  inline:\n    secretKey: k\n    redisUrl: redis://r:6379\n',
        'ingress:\n  enabled: true\n  hosts: [{host: chat.localhost}]\n',
        'sso:\n  enabled: true\n  github:\n    enabled: true\n    clientId: id\n',
        extra,
      );
    const withClient = (secret: string) =>
      dev(
        `database:\n  existingSecret: pg-app\nsecrets:\n  inline:\n    githubClientSecret: ${secret}\n    oauthSessionTokenEncryptionKey: a\n    oauthClientInfoEncryptionKey: b\n`,
      );
    const objs = withClient('one');
    const secret = ofKind(objs, 'Secret')[0] as Any;
    expect(Object.keys(secret.stringData).sort()).toEqual([
      'GITHUB_CLIENT_SECRET',
      'OAUTH_CLIENT_INFO_ENCRYPTION_KEY',
      'OAUTH_SESSION_TOKEN_ENCRYPTION_KEY',
      'REDIS_URL',
      'WEBUI_SECRET_KEY',
    ]);
    expect(ref(objs, 'DATABASE_URL')).toEqual({ name: 'pg-app', key: 'DATABASE_URL' });
    const checksum = (o: Any[]) =>
      obj(o, 'Deployment', 'open-webui').spec.template.metadata.annotations['checksum/secret'];
    expect(checksum(withClient('two'))).not.toBe(checksum(objs));
  });
  test("the shipped production environment reads the gateway key from the gateway team's Secret", () => {
    const objs = renderEnv('production');
    expect(ref(objs, 'RAG_OPENAI_API_KEY')).toEqual({ name: 'litellm-open-webui', key: 'api-key' });
    expect(ref(objs, 'OPEN_WEBUI_K8S_OPENAI_KEY_1')).toEqual({ name: 'litellm-open-webui', key: 'api-key' });
  });
});

describe('refusals', () => {
  test('a Secret named for a credential the release does not read', () => {
    expect(errors('storage:\n  s3:\n    existingSecret: s3-creds\n')).toEqual([
      'secret-ref-unused storage.s3.existingSecret',
    ]);
    expect(errors('sso:\n  oidc:\n    clientExistingSecret: kc\n')).toEqual([
      'secret-ref-unused sso.oidc.clientExistingSecret',
    ]);
    expect(
      errorsOf('database:\n  type: sqlite\n  existingSecret: pg\nreplicaCount: 1\n').find(
        (e) => e.id === 'secret-ref-unused',
      )?.message,
    ).toMatch(/names a Secret for secrets\.keys\.databaseUrl, but this release does not read it/);
  });
  test('an inline value for a credential read elsewhere, or not at all', () => {
    const dev =
      'environment:\n  development: true\nsecrets:\n  existingSecret: null\n  source: inline\n  inline:\n    secretKey: k\n    redisUrl: redis://r:6379\n';
    expect(
      errors(dev, 'secrets:\n  inline:\n    databaseUrl: postgresql://x\ndatabase:\n  existingSecret: pg\n'),
    ).toEqual(['secrets-inline-unused secrets.inline.databaseUrl']);
    expect(errors(dev, 'secrets:\n  inline:\n    databaseUrl: postgresql://x\n    s3AccessKeyId: AK\n')).toEqual([
      'secrets-inline-unused secrets.inline.s3AccessKeyId',
    ]);
  });
  test('a secretKeyRef into the rendered app Secret for a key it does not hold', () => {
    const dev =
      'environment:\n  development: true\nsecrets:\n  existingSecret: null\n  source: inline\n  inline:\n    secretKey: k\n    databaseUrl: postgresql://x\n    redisUrl: redis://r:6379\n';
    const p = errorsOf(
      dev,
      'openwebui:\n  connections:\n    openai:\n      - baseUrl: http://vllm.ai.svc:8000/v1\n        apiKeySecretRef: {name: open-webui-secrets, key: VLLM_KEY}\n',
    ).find((e) => e.id === 'secret-ref-app-secret');
    expect(p?.path).toEqual(['openwebui', 'connections', 'openai', 0, 'apiKeySecretRef']);
    expect(p?.message).toMatch(/holds only its managed entries \(WEBUI_SECRET_KEY, DATABASE_URL, REDIS_URL\)/);
  });
});
