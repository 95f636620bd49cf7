/** The release model: every derived fact computed once, from validated values. */
import {
  buildModel,
  ENV,
  keyOf,
  MANAGED_ENV,
  managedEnv,
  parsePath,
  ReleaseModel,
  VERIFIED_OPEN_WEBUI_VERSIONS,
} from '../../src/model';
import { mergeLayers } from '../../src/values/merge';
import { valuesSchema } from '../../src/values/schema';

/** The model of schema defaults with `overlays` merged on top (no rules run: the model must not depend on them). */
const model = (...overlays: Record<string, unknown>[]): ReleaseModel =>
  buildModel(valuesSchema.parse(mergeLayers(overlays)));
const external = { redis: { mode: 'external' } };

describe('names', () => {
  test('Helm fullname: release-chart, or the release alone when it contains the chart name', () => {
    expect(model().names.fullname).toBe('open-webui');
    expect(model({ releaseName: 'chat' }).names.fullname).toBe('chat-open-webui');
    expect(model({ releaseName: 'chat', fullnameOverride: 'x' }).names.fullname).toBe('x');
    expect(model({ releaseName: 'chat', fullnameOverride: 'x' }).names.fullnameKey).toEqual(['fullnameOverride']);
    expect(model({ releaseName: 'chat' }).names.fullnameKey).toEqual(['releaseName']);
  });
  test('labels: common labels first, selector labels never carry the version', () => {
    const n = model({ commonLabels: { team: 'a' }, image: { tag: '0.11.1' } }).names;
    expect(n.labels('app')).toMatchObject({ team: 'a', 'app.kubernetes.io/version': '0.11.1' });
    expect(Object.keys(n.selectorLabels('app'))).not.toContain('app.kubernetes.io/version');
    expect(n.metadata('redis', 'r', { version: '7.2.7' }).labels['app.kubernetes.io/version']).toBe('7.2.7');
  });
});

describe('backends as tagged variants', () => {
  test.each([
    [{}, 'in-cluster'],
    [{ redis: { enabled: false } }, 'none'],
    [external, 'external'],
    [{ redis: { mode: 'external', external: { sentinel: { hosts: ['s1'] } } } }, 'sentinel'],
    [{ redis: { mode: 'external', external: { cluster: true } } }, 'cluster'],
  ])('redis %j -> %s', (overlay, kind) => expect(model(overlay).redis.kind).toBe(kind));
  test.each([
    [{}, 'external'],
    [{ database: { type: 'sqlite' } }, 'sqlite'],
    [{ database: { inCluster: { enabled: true } } }, 'development'],
  ])('database %j -> %s', (overlay, kind) => expect(model(overlay).database.kind).toBe(kind));
  test('in-release backends are the in-cluster Redis and the development PostgreSQL, with their objects', () => {
    const m = model({ database: { inCluster: { enabled: true } } });
    expect(m.inRelease.map((b) => [b.kind, b.component, b.port, b.service, b.headless, b.host])).toEqual([
      ['in-cluster', 'redis', 6379, 'open-webui-redis', 'open-webui-redis-headless', 'open-webui-redis.open-webui.svc'],
      [
        'development',
        'postgresql',
        5432,
        'open-webui-postgresql',
        'open-webui-postgresql-headless',
        'open-webui-postgresql.open-webui.svc',
      ],
    ]);
    expect(model(external).inRelease).toEqual([]);
  });
  test('Sentinel gets a 5 s connect timeout unless one is set; TLS files only with a TLS Secret', () => {
    const s = model({ redis: { mode: 'external', external: { sentinel: { hosts: ['a', 'b'] } } } }).redis;
    expect(s.kind === 'sentinel' && [s.sentinel, s.connectTimeoutSeconds]).toEqual([
      { hosts: ['a', 'b'], port: 26379 },
      5,
    ]);
    const tls = model({
      redis: { mode: 'external', external: { tls: { enabled: true, existingSecret: 't', caKey: 'ca.pem' } } },
    }).redis;
    expect(tls.kind === 'external' && tls.tls).toEqual({
      secretName: 't',
      files: [{ key: 'ca.pem', path: 'ca.crt', option: 'ssl_ca_certs' }],
    });
  });
});

describe('credentials: which Secret and key holds each one, decided once', () => {
  test('the existing app Secret by default, under secrets.keys', () => {
    const c = model({ secrets: { existingSecret: 'app', keys: { secretKey: 'K' } } }).credentials;
    expect(c.appSecretName).toBe('app');
    expect(c.all.map((x) => [x.entry, x.ref.name, x.ref.key, x.inAppSecret])).toEqual([
      ['secretKey', 'app', 'K', true],
      ['databaseUrl', 'app', 'DATABASE_URL', true],
      ['redisPassword', 'app', 'REDIS_PASSWORD', true],
    ]);
  });
  test('a backend with its own existingSecret reads its password there, outside the app Secret', () => {
    const c = model({
      secrets: { existingSecret: 'app' },
      redis: { internal: { auth: { existingSecret: 'redis-pw' } } },
    }).credentials;
    expect(c.get('redisPassword')).toMatchObject({
      ref: { name: 'redis-pw', key: 'REDIS_PASSWORD' },
      inAppSecret: false,
      secretFrom: ['redis', 'internal', 'auth', 'existingSecret'],
    });
    expect(c.inAppSecret.map((x) => x.entry)).toEqual(['secretKey', 'databaseUrl']);
    const ext = model(external, { redis: { external: { existingSecret: 'r' } } }).credentials.get('redisUrl');
    expect(ext?.ref.name).toBe('r');
  });
  test('inline and ExternalSecret sources name the rendered Secret; no auth, no password', () => {
    expect(model({ secrets: { source: 'inline' } }).credentials.appSecretName).toBe('open-webui-secrets');
    expect(
      model({ redis: { internal: { auth: { enabled: false } } } }).credentials.get('redisPassword'),
    ).toBeUndefined();
  });
  test('backends read their credential from the same decision', () => {
    const m = model({
      secrets: { existingSecret: 'app' },
      database: { inCluster: { enabled: true, existingSecret: 'pg' } },
    });
    expect(m.database.kind === 'development' && m.database.password.ref).toEqual({
      name: 'pg',
      key: 'POSTGRES_PASSWORD',
    });
    expect(m.redis.kind === 'in-cluster' && m.redis.password?.ref).toEqual({ name: 'app', key: 'REDIS_PASSWORD' });
  });
});

describe('the env table', () => {
  const variants = [
    {},
    external,
    { redis: { mode: 'external', external: { tls: { enabled: true, existingSecret: 't', caKey: 'ca' } } } },
    { redis: { mode: 'external', external: { sentinel: { hosts: ['a'] } } } },
    {
      database: { inCluster: { enabled: true } },
      sso: {
        enabled: true,
        oidc: { enabled: true, clientId: 'c', providerUrl: 'https://id.example.com/.well-known/openid-configuration' },
      },
      openwebui: {
        connections: {
          openai: [
            { baseUrl: 'http://a/v1', apiKeySecretRef: { name: 'k', key: 'a' } },
            { baseUrl: 'http://b/v1' },
            { baseUrl: 'http://c/v1', apiKeySecretRef: { name: 'k', key: 'c' } },
          ],
        },
      },
    },
    {
      database: { type: 'sqlite' },
      redis: { enabled: false },
      vectorDb: { type: 'chroma', chroma: { httpHost: 'c' } },
    },
    { extraEnv: [{ name: 'X_URL', value: 'http://$(REDIS_URL)' }] },
  ];
  test.each(variants.map((v) => [JSON.stringify(v), v]))(
    'every $(NAME) refers to a variable defined earlier (%s)',
    (_, overlay) => {
      for (const rows of Object.values(model(overlay).env)) {
        const seen = new Set<string>();
        for (const r of rows) {
          for (const [, ref] of (r.value ?? '').matchAll(/\$\(([A-Z_]+)\)/g))
            expect([r.name, seen.has(ref)]).toEqual([r.name, true]);
          seen.add(r.name);
        }
      }
    },
  );
  test('the app, the migrator and the waiter share the app rows; the program settings come last, per process', () => {
    const { serve, migrate, wait } = model({ extraEnv: [{ name: 'FOO', value: 'x' }] }).env;
    expect(migrate.slice(0, serve.length)).toEqual(serve);
    expect(wait.slice(0, serve.length)).toEqual(serve);
    expect(serve.map((r) => r.name)).not.toContain('OWK_POLL_SECONDS');
    expect(migrate.slice(serve.length).map((r) => r.name)).toEqual([
      'OWK_MIGRATION_ID',
      'OWK_POLL_SECONDS',
      'OWK_DATABASE_WAIT_SECONDS',
    ]);
    expect(wait.slice(serve.length).map((r) => r.name)).toEqual([
      'OWK_MIGRATION_ID',
      'OWK_POLL_SECONDS',
      'OWK_WAIT_TIMEOUT_SECONDS',
    ]);
    expect(wait[serve.length].valueFrom).toEqual({
      fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['open-webui-k8s/migration-job']" },
    });
    // every Open WebUI process runs with ENABLE_DB_MIGRATIONS=False: the migrator runs Alembic itself
    for (const rows of [serve, migrate, wait])
      expect(rows.find((r) => r.name === 'ENABLE_DB_MIGRATIONS')?.value).toBe('False');
  });
  test('first-boot seeds are exactly the persistent-config variables (facts §3, DEFAULT_CONFIG) the chart renders', () => {
    expect(ENV.filter((e) => e.seed).map((e) => e.name)).toEqual([
      'WEBUI_URL',
      'ENABLE_LOGIN_FORM',
      'ENABLE_OPENAI_API',
      'OPENAI_API_BASE_URLS',
      'OPENAI_API_KEYS',
      'ENABLE_OLLAMA_API',
      'OLLAMA_BASE_URLS',
      'CONTENT_EXTRACTION_ENGINE',
      'TIKA_SERVER_URL',
      'DOCLING_SERVER_URL',
      'RAG_EMBEDDING_ENGINE',
      'RAG_EMBEDDING_MODEL',
      'RAG_OPENAI_API_BASE_URL',
      'RAG_OPENAI_API_KEY',
      'RAG_OLLAMA_BASE_URL',
      'RAG_OLLAMA_API_KEY',
    ]);
    const rows = model({
      ingress: { enabled: true, hosts: [{ host: 'chat.example.com' }] },
      openwebui: { embeddings: { engine: 'openai', baseUrl: 'http://e:1' } },
    }).env.serve;
    expect(rows.filter((r) => r.seed).map((r) => r.name)).toEqual([
      'WEBUI_URL',
      'ENABLE_OPENAI_API',
      'ENABLE_OLLAMA_API',
      'RAG_EMBEDDING_ENGINE',
      'RAG_OPENAI_API_BASE_URL',
    ]);
  });
  test('rows carry their values key and the verified versions; extraEnv rows are not verified', () => {
    const rows = model({ extraEnv: [{ name: 'FOO', value: 'bar' }] }).env.serve;
    const by = (n: string) => rows.find((r) => r.name === n);
    expect(by('UVICORN_WORKERS')).toMatchObject({ key: ['openwebui', 'uvicornWorkers'], value: '1', seed: false });
    expect(by('UVICORN_WORKERS')?.verified).toBe(VERIFIED_OPEN_WEBUI_VERSIONS);
    expect(VERIFIED_OPEN_WEBUI_VERSIONS).toEqual(['0.11.0']);
    expect(by('WEBUI_SECRET_KEY')).toMatchObject({ secret: { name: 'open-webui-secrets', key: 'WEBUI_SECRET_KEY' } });
    expect(by('FOO')).toMatchObject({ key: ['extraEnv', 0], verified: [] });
    expect(rows[rows.length - 1].name).toBe('FOO'); // passthrough last
  });
  test('the managed names (refused in extraEnv) are the names of the table, each with what to set instead', () => {
    expect([...MANAGED_ENV.keys()]).toEqual(ENV.filter((e) => !e.pattern).map((e) => e.name));
    expect(MANAGED_ENV.get('DATABASE_POOL_SIZE')).toBe('database.pool.size');
    expect(MANAGED_ENV.get('PORT')).toMatch(/^nothing: /);
    // a family of names: every member is managed, others of a similar shape are not
    expect(managedEnv('OPEN_WEBUI_K8S_OPENAI_KEY_7')).toBe('openwebui.connections.openai[].apiKeySecretRef');
    expect(managedEnv('OPEN_WEBUI_K8S_OPENAI_KEY_X')).toBeUndefined();
    expect(managedEnv('OPENAI_API_KEY')).toMatch(/^openwebui\.connections\.openai/);
  });
});

describe('rendered-field sources', () => {
  const sources = [
    { path: parsePath('metadata.labels["app.kubernetes.io/version"]'), key: ['image', 'tag'] },
    { path: parsePath('metadata.labels["app.kubernetes.io/version"]'), key: ['redis', 'tag'], component: 'redis' },
    { path: parsePath('pod.containers[c].securityContext'), key: ['securityContext'], carry: true },
    { path: parsePath('pod.containers[*].image'), key: ['image'] },
    { path: [], key: ['redis'], component: 'redis' },
  ];
  const key = (component: string, path: string) => keyOf(sources, { kind: 'X', component }, parsePath(path));
  test('the most specific entry wins; at equal length the one for the component', () => {
    expect(key('app', 'metadata.labels["app.kubernetes.io/version"]')).toEqual(['image', 'tag']);
    expect(key('redis', 'metadata.labels["app.kubernetes.io/version"]')).toEqual(['redis', 'tag']);
    expect(key('redis', 'spec.replicas')).toEqual(['redis']);
    expect(key('app', 'spec.replicas')).toBeUndefined();
  });
  test('carry appends the rest of the path; [*] matches any item', () => {
    expect(key('app', 'pod.containers[c].securityContext.capabilities.add[1]')).toEqual([
      'securityContext',
      'capabilities',
      'add',
      1,
    ]);
    expect(key('app', 'pod.containers[other].image')).toEqual(['image']);
  });
  test('the model maps extra volumes and env rows by position and name', () => {
    const m = model({ extraVolumes: [{ name: 'a', emptyDir: {} }], extraEnv: [{ name: 'FOO', value: 'x' }] });
    const of = (path: string) => keyOf(m.sources, { kind: 'Deployment', component: 'app' }, parsePath(path));
    expect(of('pod.volumes[1].name')).toEqual(['extraVolumes', 0, 'name']);
    expect(of('pod.containers[open-webui].env[FOO].value')).toEqual(['extraEnv', 0, 'value']);
    expect(of('pod.containers[open-webui].env[UVICORN_WORKERS].value')).toEqual(['openwebui', 'uvicornWorkers']);
  });
});
