import { RULES } from '../../src/rules';
import { errorsOf, ids, problemsOf, resolve } from '../support';

const SINGLE = 'replicaCount: 1\npodDisruptionBudget:\n  enabled: false\n';

/** Each case: values that break exactly one rule, the key path it must name, and text from its message. */
const ERROR_CASES: [string, string, string, RegExp][] = [
  [
    'multi-replica-secret-key',
    'environment:\n  development: true\nsecrets:\n  existingSecret: null\n  source: inline\n  inline:\n    databaseUrl: postgresql://u@h/db\n    redisUrl: redis://r:6379\n',
    'secrets.inline.secretKey',
    /requirement 1 .*WEBUI_SECRET_KEY/,
  ],
  [
    'multi-replica-postgresql',
    'database:\n  type: sqlite\nvectorDb:\n  type: qdrant\n  qdrant:\n    uri: http://qdrant:6333\n',
    'database.type',
    /requirement 2 .*PostgreSQL/,
  ],
  [
    'multi-replica-redis',
    'redis:\n  enabled: false\n',
    'redis.enabled',
    /requirement 3 .*REDIS_URL and WEBSOCKET_REDIS_URL/,
  ],
  [
    'multi-replica-redis',
    'openwebui:\n  websocket:\n    manager: local\n',
    'openwebui.websocket.manager',
    /WEBSOCKET_MANAGER=redis/,
  ],
  [
    'multi-replica-redis',
    'openwebui:\n  websocket:\n    enabled: false\n',
    'openwebui.websocket.enabled',
    /ENABLE_WEBSOCKET_SUPPORT=True/,
  ],
  [
    'multi-replica-shared-storage',
    'persistence:\n  accessModes: [ReadWriteOnce]\n',
    'persistence.accessModes',
    /requirement 4 .*ReadWriteMany/,
  ],
  ['multi-replica-shared-storage', 'persistence:\n  enabled: false\n', 'persistence.enabled', /requirement 4/],
  [
    'single-node-development-only',
    'environment:\n  singleNode: true\n',
    'environment.singleNode',
    /only works while every replica is on one node/,
  ],
  ['multi-replica-vector-db', 'vectorDb:\n  type: chroma\n', 'vectorDb.type', /requirement 5 .*embedded ChromaDB/],
  [
    'multi-replica-pip-install',
    'openwebui:\n  enablePipInstallFrontmatterRequirements: true\n',
    'openwebui.enablePipInstallFrontmatterRequirements',
    /requirement 9/,
  ],
  // No resources at all: one problem at resources, whose fix names every quantity a container needs.
  ['autoscaling-cpu-request', 'autoscaling:\n  enabled: true\n', 'resources', /sets no requests or limits/],
  [
    'autoscaling-cpu-request',
    'autoscaling:\n  enabled: true\nresources:\n  limits:\n    memory: 1Gi\n',
    'resources.requests.cpu',
    /CPU request/,
  ],
  [
    'autoscaling-cpu-request',
    'autoscaling:\n  enabled: true\nresources:\n  requests:\n    cpu: 0m\n',
    'resources.requests.cpu',
    /CPU request above zero/,
  ],
  [
    'autoscaling-memory-request',
    'autoscaling:\n  enabled: true\n  targetMemoryUtilizationPercentage: 80\nresources:\n  requests:\n    cpu: 500m\n',
    'resources.requests.memory',
    /memory request/,
  ],
  [
    'autoscaling-min-max',
    'autoscaling:\n  enabled: true\n  minReplicas: 5\n  maxReplicas: 3\nresources:\n  requests:\n    cpu: 500m\n',
    'autoscaling.minReplicas',
    /greater than autoscaling.maxReplicas/,
  ],
  [
    'disruption-budget-blocks-drains',
    'podDisruptionBudget:\n  minAvailable: 2\n',
    'podDisruptionBudget.minAvailable',
    /drains/,
  ],
  [
    'database-connection-budget',
    'replicaCount: 6\n',
    'database.maxConnections',
    /Worst-case database connections 217 exceed max_connections 100/,
  ],
  ['image-pinned', 'image:\n  tag: latest\n', 'image.tag', /not a pinned release version/],
  ['image-pinned', 'image:\n  tag: main\n', 'image.tag', /not a pinned/],
  ['image-pinned', 'image:\n  tag: "0.11"\n', 'image.tag', /not a pinned/],
  [
    'secrets-inline-development-only',
    'secrets:\n  existingSecret: null\n  source: inline\n  inline:\n    secretKey: k\n    databaseUrl: postgresql://u@h/db\n    redisUrl: redis://r:6379\n',
    'secrets.source',
    /development only/,
  ],
  ['secrets-existing-name', 'secrets:\n  existingSecret: null\n', 'secrets.existingSecret', /no Secret is named/],
  [
    'secrets-inline-missing',
    'environment:\n  development: true\nsecrets:\n  existingSecret: null\n  source: inline\n  inline:\n    secretKey: k\n',
    'secrets.inline.databaseUrl',
    /required because database.type is postgresql/,
  ],
  [
    'extra-env-managed',
    'extraEnv:\n  - name: ENABLE_DB_MIGRATIONS\n    value: "True"\n',
    'extraEnv.0.name',
    /ENABLE_DB_MIGRATIONS is not set through extraEnv: every Open WebUI process runs with False/,
  ],
  [
    'extra-env-managed',
    'extraEnv:\n  - name: WEBSOCKET_MANAGER\n    value: local\n',
    'extraEnv.0.name',
    /WEBSOCKET_MANAGER is managed/,
  ],
  ['extra-env-shape', 'extraEnv:\n  - name: FOO\n', 'extraEnv.0', /exactly one of value and valueFrom/],
  [
    'extra-env-deployment-id-per-pod',
    'extraEnv:\n  - name: DEPLOYMENT_ID\n    valueFrom:\n      fieldRef:\n        fieldPath: metadata.name\n',
    'extraEnv.0.valueFrom.fieldRef.fieldPath',
    /browser reloads the page whenever \/api\/version answers with another DEPLOYMENT_ID/,
  ],
  ['config-incomplete', 'vectorDb:\n  type: qdrant\n', 'vectorDb.qdrant.uri', /qdrant.uri is not set/],
  ['config-incomplete', 'storage:\n  provider: s3\n', 'storage.s3.bucketName', /bucketName is not set/],
  [
    'config-incomplete',
    'openwebui:\n  contentExtraction:\n    engine: tika\n',
    'openwebui.contentExtraction.tikaServerUrl',
    /Tika/,
  ],
  ['ingress-config', 'ingress:\n  enabled: true\n', 'ingress.hosts', /hosts is empty/],
  [
    'ingress-config',
    'ingress:\n  enabled: true\n  hosts: [{host: a.example.com}]\n  tls: [{secretName: t, hosts: [b.example.com]}]\n',
    'ingress.tls.0.hosts.0',
    /not one of ingress.hosts/,
  ],
  [
    'ingress-config',
    'ingress:\n  enabled: true\n  controller: alb\n  alb:\n    protocol: HTTPS\n',
    'ingress.alb.certificateArn',
    /certificate/,
  ],
  [
    'ingress-config',
    'ingress:\n  enabled: true\n  hosts: [{host: "*.example.com"}]\n',
    'ingress.hosts.0.host',
    /wildcard host/,
  ],
  [
    'cors-covers-origins',
    'ingress:\n  enabled: true\n  hosts: [{host: chat.example.com}]\nopenwebui:\n  corsAllowOrigin: ["https://other.example.com"]\n',
    'openwebui.corsAllowOrigin',
    /does not include http:\/\/chat\.example\.com, the ingress \(nginx\) host "chat\.example\.com"/,
  ],
];

describe('cross-field rules', () => {
  test.each(ERROR_CASES)('%s: %s', (id, yaml, path, message) => {
    const errors = errorsOf(yaml);
    const p = errors.find((e) => e.id === id);
    expect(p).toBeDefined();
    expect(p?.path.join('.')).toBe(path);
    expect(p?.message).toMatch(message);
    expect(p?.hint).toBeTruthy();
    expect(p?.docs).toBeTruthy();
    expect(p?.file).toBeDefined();
  });

  test('DATA_DIR cannot move the data directory off the shared volume', () => {
    expect(errorsOf('extraEnv:\n  - name: DATA_DIR\n    value: /tmp/data\n')[0]).toMatchObject({
      id: 'extra-env-managed',
      path: ['extraEnv', 0, 'name'],
    });
  });

  test('DEPLOYMENT_ID may be literal or from a Secret with replicas, and per pod with one process', () => {
    const perPod =
      'extraEnv:\n  - name: DEPLOYMENT_ID\n    valueFrom:\n      fieldRef:\n        fieldPath: metadata.uid\n';
    expect(ids(errorsOf(perPod))).toContain('extra-env-deployment-id-per-pod');
    expect(ids(errorsOf(`${SINGLE}${perPod}`))).not.toContain('extra-env-deployment-id-per-pod');
    expect(ids(errorsOf('extraEnv:\n  - name: DEPLOYMENT_ID\n    value: "2026-12-01"\n'))).not.toContain(
      'extra-env-deployment-id-per-pod',
    );
    expect(
      ids(errorsOf('extraEnv:\n  - name: DEPLOYMENT_ID\n    valueFrom:\n      secretKeyRef: {name: s, key: id}\n')),
    ).not.toContain('extra-env-deployment-id-per-pod');
  });

  test('DEPLOYMENT_ID from a field every replica shares is accepted; uvicorn workers of one pod share every field', () => {
    const from = (ref: string) => `extraEnv:\n  - name: DEPLOYMENT_ID\n    valueFrom:\n      ${ref}\n`;
    for (const shared of [
      'fieldRef: {fieldPath: "metadata.labels[\'pod-template-hash\']"}',
      'fieldRef: {fieldPath: metadata.namespace}',
      'resourceFieldRef: {containerName: open-webui, resource: limits.memory}',
    ])
      expect(ids(errorsOf(from(shared)))).not.toContain('extra-env-deployment-id-per-pod');
    const workers = `${SINGLE}openwebui:\n  uvicornWorkers: 2\n${from('fieldRef: {fieldPath: metadata.name}')}`;
    expect(ids(problemsOf(workers))).not.toContain('extra-env-deployment-id-per-pod');
    expect(ids(errorsOf(from('fieldRef: {fieldPath: status.podIP}')))).toContain('extra-env-deployment-id-per-pod');
  });

  test('an admin bootstrapped from extraEnv is a warning with replicas, nothing with one process', () => {
    const email = 'extraEnv:\n  - name: WEBUI_ADMIN_EMAIL\n    value: admin@example.com\n';
    const admin = `${email}  - name: WEBUI_ADMIN_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: admin, key: password}\n`;
    const w = problemsOf(admin).find((p) => p.id === 'extra-env-admin-bootstrap');
    expect(w).toMatchObject({ severity: 'warning', path: ['extraEnv', 1, 'name'] });
    // One of the two alone creates no admin (main.py: `if WEBUI_ADMIN_EMAIL and WEBUI_ADMIN_PASSWORD`).
    expect(ids(problemsOf(email))).not.toContain('extra-env-admin-bootstrap');
    expect(w?.message).toMatch(/race and can create it twice/);
    expect(ids(problemsOf(`${SINGLE}${admin}`))).not.toContain('extra-env-admin-bootstrap');
  });

  test('WEB_LOADER_ENGINE=playwright warns until PLAYWRIGHT_WS_URL is set', () => {
    const local = 'extraEnv:\n  - name: WEB_LOADER_ENGINE\n    value: playwright\n';
    expect(problemsOf(local).find((p) => p.id === 'extra-env-playwright-local')).toMatchObject({
      severity: 'warning',
      path: ['extraEnv', 0, 'value'],
    });
    expect(
      ids(problemsOf(`${local}  - name: PLAYWRIGHT_WS_URL\n    value: ws://browserless.web:3000\n`)),
    ).not.toContain('extra-env-playwright-local');
    expect(ids(problemsOf('extraEnv:\n  - name: WEB_LOADER_ENGINE\n    value: safe_web\n'))).not.toContain(
      'extra-env-playwright-local',
    );
    // start.sh installs when the URL is empty ([ -z "$PLAYWRIGHT_WS_URL" ]).
    expect(ids(problemsOf(`${local}  - name: PLAYWRIGHT_WS_URL\n    value: ""\n`))).toContain(
      'extra-env-playwright-local',
    );
  });

  test('a managed env var in extraEnv points at the typed key to set instead', () => {
    expect(errorsOf('extraEnv:\n  - name: WEBSOCKET_MANAGER\n    value: local\n')[0].hint).toBe(
      'Remove it from extraEnv and set openwebui.websocket.manager instead.',
    );
  });

  test('every multi-replica and consistency error rule has a case above (Redis rules: redis-rules.test.ts)', () => {
    const covered = new Set(ERROR_CASES.map((c) => c[0]));
    expect(
      RULES.filter(
        (r) =>
          /^(multi-replica|single-node)-/.test(r.id) ||
          [
            'autoscaling-cpu-request',
            'autoscaling-memory-request',
            'autoscaling-min-max',
            'disruption-budget-blocks-drains',
            'database-connection-budget',
            'image-pinned',
            'secrets-inline-development-only',
            'secrets-existing-name',
            'secrets-inline-missing',
            'extra-env-managed',
            'extra-env-shape',
            'extra-env-deployment-id-per-pod',
            'config-incomplete',
            'ingress-config',
            'cors-covers-origins',
          ].includes(r.id),
      )
        .filter((r) => r.severity === 'error')
        .map((r) => r.id)
        .filter((id) => !covered.has(id)),
    ).toEqual([]);
  });

  test('multi-replica rules name why more than one process runs', () => {
    expect(
      errorsOf('replicaCount: 3\nredis:\n  enabled: false\n').find((p) => p.id === 'multi-replica-redis')?.message,
    ).toMatch(/replicaCount is 3/);
    expect(
      errorsOf(
        'autoscaling:\n  enabled: true\n  minReplicas: 1\n  maxReplicas: 4\nresources:\n  requests:\n    cpu: 1\nreplicaCount: 1\nredis:\n  enabled: false\n',
      ).find((p) => p.id === 'multi-replica-redis')?.message,
    ).toMatch(/autoscaling.maxReplicas is 4/);
    expect(
      errorsOf(`${SINGLE}openwebui:\n  uvicornWorkers: 2\nredis:\n  enabled: false\n`).find(
        (p) => p.id === 'multi-replica-redis',
      )?.message,
    ).toMatch(/uvicornWorkers is 2/);
  });

  test('a single process may use SQLite, embedded Chroma, RWO storage and no Redis', () => {
    const single = `${SINGLE}database:\n  type: sqlite\nvectorDb:\n  type: chroma\npersistence:\n  accessModes: [ReadWriteOnce]\nredis:\n  enabled: false\nopenwebui:\n  websocket:\n    manager: local\n`;
    expect(errorsOf(single)).toEqual([]);
  });

  test('autoscaling with maxReplicas 1 is a single process', () => {
    const yaml = `${SINGLE}autoscaling:\n  enabled: true\n  minReplicas: 1\n  maxReplicas: 1\nresources:\n  requests:\n    cpu: 1\ndatabase:\n  type: sqlite\nvectorDb:\n  type: chroma\n`;
    expect(errorsOf(yaml)).toEqual([]);
  });

  test('object storage satisfies shared storage when the data directory is per pod', () => {
    expect(
      ids(errorsOf('persistence:\n  enabled: false\nstorage:\n  provider: s3\n  s3:\n    bucketName: b\n')),
    ).toEqual([]);
    expect(ids(errorsOf('storage:\n  provider: s3\n  s3:\n    bucketName: b\n'))).toEqual([]); // RWX claim by default
  });

  test('a ReadWriteOnce claim mounted by every replica is refused even with object storage (Multi-Attach)', () => {
    const p = errorsOf(
      'persistence:\n  accessModes: [ReadWriteOnce]\nstorage:\n  provider: s3\n  s3:\n    bucketName: b\n',
    ).find((e) => e.id === 'multi-replica-shared-storage');
    expect(p?.message).toMatch(/Multi-Attach/);
    expect(p?.hint).toMatch(/persistence.enabled: false/);
  });

  test('a single replica with a rolling update runs two processes during every rollout', () => {
    const yaml = `${SINGLE}database:\n  type: sqlite\nupgrade:\n  strategy: rollingUpdate\n`;
    const p = errorsOf(yaml).find((e) => e.id === 'multi-replica-postgresql');
    expect(p?.message).toMatch(/a rolling update \(upgrade.strategy: rollingUpdate\) runs a surge pod/);
    expect(ids(errorsOf(`${SINGLE}database:\n  type: sqlite\nvectorDb:\n  type: chroma\n`))).toEqual([]);
  });

  test('a single-node development cluster may share a ReadWriteOnce volume, with a warning', () => {
    const yaml =
      'environment:\n  development: true\n  singleNode: true\npersistence:\n  accessModes: [ReadWriteOnce]\n';
    expect(ids(errorsOf(yaml))).toEqual([]);
    expect(ids(problemsOf(yaml))).toContain('single-node-storage');
    expect(
      ids(errorsOf('environment:\n  development: true\npersistence:\n  accessModes: [ReadWriteOnce]\n')),
    ).toContain('multi-replica-shared-storage');
  });

  test('Chroma over HTTP is an external vector database', () => {
    expect(ids(errorsOf('vectorDb:\n  type: chroma\n  chroma:\n    httpHost: chroma.chroma.svc\n'))).toEqual([]);
  });

  test('the connection budget counts every engine of every process and the migrator', () => {
    // Every serving process opens two engines of the app pool (5 + 10 each: sync and async) AND the
    // pgvector client's own pool (5 + 0, vectorDb.type pgvector in the app database): 35 x 2 workers
    // x 3 pods + 4 migrator (held, Alembic, seeding, pgvector) + 3 reserved = 217.
    const p = errorsOf('replicaCount: 3\nopenwebui:\n  uvicornWorkers: 2\n').find(
      (e) => e.id === 'database-connection-budget',
    );
    expect(p?.message).toMatch(/217 exceed max_connections 100/);
    expect(p?.message).toContain('35 per process');
    expect(p?.message).toContain('x 2 workers x 3 pods');
    expect(p?.message).toContain("the pgvector client's own pool 5 + 0");
    expect(
      errorsOf('replicaCount: 3\nopenwebui:\n  uvicornWorkers: 2\ndatabase:\n  maxConnections: 217\n').find(
        (e) => e.id === 'database-connection-budget',
      ),
    ).toBeUndefined();
  });

  test('the connection budget uses maxReplicas when autoscaling', () => {
    const p = errorsOf('autoscaling:\n  enabled: true\n  maxReplicas: 10\nresources:\n  requests:\n    cpu: 1\n').find(
      (e) => e.id === 'database-connection-budget',
    );
    expect(p?.message).toMatch(/x 10 pods/);
    expect(p?.hint).toMatch(/needs at least 357/); // (2 x 15 app + 5 pgvector) x 10 + 4 + 3
  });

  test('a pinned version with a variant suffix, or any tag with a digest, is accepted', () => {
    expect(ids(errorsOf('image:\n  tag: 0.11.0-cuda\n'))).toEqual([]);
    expect(ids(errorsOf(`image:\n  tag: git-abc123\n  digest: sha256:${'a'.repeat(64)}\n`))).toEqual([]);
    expect(ids(errorsOf('image:\n  tag: git-abc123\n'))).toContain('image-pinned');
  });

  test('every error is reported at once', () => {
    const found = new Set(
      ids(
        errorsOf(
          'database:\n  type: sqlite\nredis:\n  enabled: false\nvectorDb:\n  type: chroma\nimage:\n  tag: latest\n',
        ),
      ),
    );
    expect([...found].sort()).toEqual([
      'image-pinned',
      'multi-replica-postgresql',
      'multi-replica-redis',
      'multi-replica-vector-db',
    ]);
  });
});

describe('recommended settings at scale are warnings', () => {
  const warningIds = () => ids(problemsOf(''));
  test('missing recommendations are reported as warnings with their ids', () => {
    expect(warningIds()).toEqual(
      expect.arrayContaining([
        'recommended-content-extraction',
        'recommended-external-embeddings',
        'recommended-thread-pool-size',
        'recommended-user-active-status-interval',
        'recommended-orjson',
        'recommended-json-logs',
      ]),
    );
    expect(problemsOf('').every((p) => p.severity === 'warning')).toBe(true);
  });
  test('setting them silences them', () => {
    const yaml =
      'openwebui:\n  threadPoolSize: 2000\n  userActiveStatusUpdateIntervalSeconds: 300\n  enableOrjson: true\n  logFormat: json\n  logLevel: INFO\n  contentExtraction:\n    engine: tika\n    tikaServerUrl: http://tika:9998\n  embeddings:\n    engine: openai\n    apiKeySecretRef: {name: llm-keys, key: embeddings}\n';
    expect(problemsOf(yaml)).toEqual([]);
  });
  test('ENABLE_ORJSON is only recommended from 0.11.0', () => {
    expect(ids(problemsOf('image:\n  tag: 0.10.2\n'))).not.toContain('recommended-orjson');
  });
  test('persistent config off with more than one process: Admin-UI changes would stay in one pod', () => {
    const p = problemsOf('openwebui:\n  persistentConfig: false\n').find(
      (x) => x.id === 'persistent-config-off-multi-process',
    );
    expect(p).toMatchObject({ severity: 'warning', path: ['openwebui', 'persistentConfig'] });
    expect(p?.message).toContain('stays in the memory of the one process that served the request');
    expect(ids(problemsOf(`${SINGLE}openwebui:\n  persistentConfig: false\n`))).not.toContain(
      'persistent-config-off-multi-process',
    );
    expect(ids(problemsOf(''))).not.toContain('persistent-config-off-multi-process');
  });
  test('a single process gets no scale recommendations', () => {
    expect(problemsOf(`${SINGLE}`)).toEqual([]);
  });
  test('more than one worker per pod is discouraged', () => {
    expect(ids(problemsOf('openwebui:\n  uvicornWorkers: 2\ndatabase:\n  maxConnections: 500\n'))).toContain(
      'recommended-single-worker',
    );
  });
  test('warnings never block synthesis', () => {
    expect(() => resolve('')).not.toThrow();
  });
});
