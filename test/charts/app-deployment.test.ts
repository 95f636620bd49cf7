import { managedEnv } from '../../src/model';
import { Any, find, render } from '../support';

const deployment = (...yamls: string[]): Any => find(render(...yamls), 'Deployment');
const container = (...yamls: string[]): Any => deployment(...yamls).spec.template.spec.containers[0];
const envOf = (c: Any): Record<string, Any> => Object.fromEntries(c.env.map((e: Any) => [e.name, e]));

describe('the serving Deployment', () => {
  test('never runs migrations', () => {
    expect(envOf(container('')).ENABLE_DB_MIGRATIONS).toEqual({ name: 'ENABLE_DB_MIGRATIONS', value: 'False' });
  });

  test('has spec.replicas from replicaCount, and none when the HPA owns it', () => {
    expect(deployment('replicaCount: 3\n').spec.replicas).toBe(3);
    expect(
      deployment('autoscaling:\n  enabled: true\n  maxReplicas: 4\nresources:\n  requests:\n    cpu: 500m\n').spec,
    ).not.toHaveProperty('replicas');
  });

  test('probes /health and /health/db with a patient startup probe', () => {
    const c = container('');
    expect(c.startupProbe).toMatchObject({
      httpGet: { path: '/health', port: 'http' },
      periodSeconds: 10,
      failureThreshold: 60,
    });
    expect(c.readinessProbe.httpGet.path).toBe('/health/db');
    expect(c.livenessProbe.httpGet.path).toBe('/health');
    // a slow first boot gets ten minutes before liveness can kill it
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(600);
  });

  test('probe timings and enablement come from values', () => {
    const c = container('probes:\n  readiness:\n    periodSeconds: 5\n  liveness:\n    enabled: false\n');
    expect(c.readinessProbe.periodSeconds).toBe(5);
    expect(c).not.toHaveProperty('livenessProbe');
  });

  test('resources come from values', () => {
    expect(
      container('resources:\n  requests:\n    cpu: 250m\n    memory: 1Gi\n  limits:\n    memory: 2Gi\n').resources,
    ).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } });
  });

  test('mounts /app/backend/data from the shared claim', () => {
    const d = deployment('');
    expect(d.spec.template.spec.containers[0].volumeMounts).toContainEqual({
      name: 'data',
      mountPath: '/app/backend/data',
    });
    expect(d.spec.template.spec.volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'open-webui-data' },
    });
  });

  test('passthrough objects keep fields cdk8s spells differently (downwardAPI, volumeID)', () => {
    const spec = deployment(
      'extraVolumes:\n  - name: info\n    downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}\n' +
        '  - name: disk\n    awsElasticBlockStore: {volumeID: vol-1}\n',
    ).spec.template.spec;
    const vol = (name: string) => spec.volumes.find((x: Any) => x.name === name);
    expect(vol('info').downwardAPI.items[0].fieldRef.fieldPath).toBe('metadata.labels');
    expect(vol('disk').awsElasticBlockStore).toEqual({ volumeID: 'vol-1' });
  });

  test('spreads replicas across nodes and zones', () => {
    const spread = deployment('').spec.template.spec.topologySpreadConstraints;
    expect(spread.map((s: Any) => s.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(spread[0].labelSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'open-webui',
      'app.kubernetes.io/instance': 'open-webui',
      'app.kubernetes.io/component': 'app',
    });
    expect(deployment('topologySpread:\n  enabled: false\n').spec.template.spec).not.toHaveProperty(
      'topologySpreadConstraints',
    );
  });

  test('gives streams time to finish and load balancers time to deregister', () => {
    const d = deployment('');
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(120);
    expect(d.spec.template.spec.containers[0].lifecycle.preStop.exec.command).toEqual(['sleep', '10']);
  });

  test('reads the secret key, database URL and Redis URL from the one Secret', () => {
    const env = envOf(container(''));
    for (const name of ['WEBUI_SECRET_KEY', 'DATABASE_URL', 'REDIS_URL']) {
      expect(env[name]).toEqual({ name, valueFrom: { secretKeyRef: { name: 'open-webui-secrets', key: name } } });
    }
  });

  test('wires REDIS_URL and WEBSOCKET_REDIS_URL to the same Redis, with the websocket manager on Redis', () => {
    const c = container('');
    const names = c.env.map((e: Any) => e.name);
    const env = envOf(c);
    expect(env.WEBSOCKET_REDIS_URL.value).toBe('$(REDIS_URL)');
    // Kubernetes only expands $(VAR) for variables defined earlier in the list
    expect(names.indexOf('REDIS_URL')).toBeLessThan(names.indexOf('WEBSOCKET_REDIS_URL'));
    expect(env.WEBSOCKET_MANAGER.value).toBe('redis');
    expect(env.ENABLE_WEBSOCKET_SUPPORT.value).toBe('True');
    expect(env.REDIS_KEY_PREFIX.value).toBe('open-webui');
  });

  test('renders typed settings as Open WebUI env vars', () => {
    const env = envOf(
      container(
        'openwebui:\n  threadPoolSize: 2000\n  enableOrjson: true\n  logFormat: json\ndatabase:\n  pool:\n    size: 7\n    maxOverflow: 3\n',
      ),
    );
    expect(env.THREAD_POOL_SIZE.value).toBe('2000');
    expect(env.ENABLE_ORJSON.value).toBe('True');
    expect(env.LOG_FORMAT.value).toBe('json');
    expect(env.DATABASE_POOL_SIZE.value).toBe('7');
    expect(env.DATABASE_POOL_MAX_OVERFLOW.value).toBe('3');
    expect(env.ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS.value).toBe('False');
    expect(env.VECTOR_DB.value).toBe('pgvector');
  });

  test('derives WEBUI_URL and CORS_ALLOW_ORIGIN from the Ingress', () => {
    const env = envOf(
      container(
        'ingress:\n  enabled: true\n  hosts: [{host: chat.example.com}, {host: ai.example.com}]\n  tls: [{secretName: t, hosts: [chat.example.com]}]\n',
      ),
    );
    expect(env.WEBUI_URL.value).toBe('https://chat.example.com');
    expect(env.CORS_ALLOW_ORIGIN.value).toBe('https://chat.example.com;http://ai.example.com');
  });

  test('an ALB on a non-default port keeps the port in the origin', () => {
    const env = envOf(
      container(
        'ingress:\n  enabled: true\n  controller: alb\n  hosts: [{host: chat.internal}]\n  alb:\n    listenPort: 8080\n',
      ),
    );
    expect(env.CORS_ALLOW_ORIGIN.value).toBe('http://chat.internal:8080');
  });

  test('appends extraEnv after the managed variables', () => {
    const c = container(
      'extraEnv:\n  - name: COMFYUI_BASE_URL\n    value: http://comfyui:8188\n  - name: COMFYUI_API_KEY\n    valueFrom:\n      secretKeyRef:\n        name: comfy\n        key: key\n',
    );
    expect(c.env.slice(-2)).toEqual([
      { name: 'COMFYUI_BASE_URL', value: 'http://comfyui:8188' },
      { name: 'COMFYUI_API_KEY', valueFrom: { secretKeyRef: { name: 'comfy', key: 'key' } } },
    ]);
  });

  test('every env var it renders is either managed (and so protected from extraEnv) or from extraEnv', () => {
    const all = [
      '',
      'publicUrl: https://x.example.com\nopenwebui:\n  threadPoolSize: 1\n  userActiveStatusUpdateIntervalSeconds: 1\n  enableOrjson: true\n  enableCompressionMiddleware: false\n  logFormat: json\n  corsAllowOrigin: ["https://x.example.com"]\n  contentExtraction:\n    engine: tika\n    tikaServerUrl: http://t:9998\n  embeddings:\n    engine: openai\n    model: m\n  connections:\n    openai: [{baseUrl: "http://a:1/v1", apiKeySecretRef: {name: k, key: k}}]\n    ollama: [{baseUrl: "http://o:11434"}]\nsso:\n  enabled: true\n  enableRoleManagement: true\n  enableGroupManagement: true\n  allowedDomains: [x.example.com]\n  roleManagement: {allowedRoles: [u], adminRoles: [a]}\n  oidc: {enabled: true, clientId: c, providerUrl: "https://i/.well-known/openid-configuration", codeChallengeMethod: S256}\n  microsoft: {enabled: true, clientId: c, tenantId: t}\n  google: {enabled: true, clientId: c}\n  github: {enabled: true, clientId: c}\nstorage:\n  provider: s3\n  s3:\n    bucketName: b\n    regionName: r\n    endpointUrl: https://s3.example.com\n    keyPrefix: p\n    credentialsFromSecret: true\nvectorDb:\n  pgvector:\n    separateUrl: true\n',
      'vectorDb:\n  type: qdrant\n  qdrant:\n    uri: http://q:6333\n    apiKeyFromSecret: true\nstorage:\n  provider: gcs\n  gcs:\n    bucketName: b\n    credentialsFromSecret: true\n',
      'vectorDb:\n  type: milvus\n  milvus:\n    uri: http://m:19530\nstorage:\n  provider: azure\n  azure:\n    endpoint: https://a.blob.core.windows.net\n    containerName: c\n    credentialsFromSecret: true\n',
      'vectorDb:\n  type: chroma\n  chroma:\n    httpHost: chroma\nopenwebui:\n  contentExtraction:\n    engine: docling\n    doclingServerUrl: http://d:5001\n',
      'sso:\n  enabled: true\n  trustedHeader: {enabled: true, emailHeader: a, nameHeader: b, groupsHeader: c, roleHeader: d, proxy: {cidrs: [10.1.2.0/28]}}\nnetworkPolicy:\n  ingress:\n    controllerPods: false\n',
    ];
    for (const yaml of all) {
      for (const e of container(yaml).env) expect([e.name, managedEnv(e.name) !== undefined]).toEqual([e.name, true]);
    }
  });

  test('no secret value is ever written as plaintext env', () => {
    const env = envOf(
      container(
        'environment:\n  development: true\nsecrets:\n  existingSecret: null\n  source: inline\n  inline:\n    secretKey: s3cr3t\n    databaseUrl: postgresql://u:pw@h/db\n    redisUrl: redis://:pw@r:6379\n',
      ),
    );
    for (const name of ['WEBUI_SECRET_KEY', 'DATABASE_URL', 'REDIS_URL']) expect(env[name]).not.toHaveProperty('value');
  });

  test('the image is pinned to the tag, and to the digest when given', () => {
    expect(container('').image).toBe('ghcr.io/open-webui/open-webui:0.11.0');
    expect(container(`image:\n  digest: sha256:${'b'.repeat(64)}\n`).image).toBe(
      `ghcr.io/open-webui/open-webui:0.11.0@sha256:${'b'.repeat(64)}`,
    );
  });

  test('pod scheduling and metadata passthroughs', () => {
    const d = deployment(
      'nodeSelector:\n  pool: ai\ntolerations:\n  - key: ai\n    operator: Exists\naffinity:\n  nodeAffinity: {}\npodAnnotations:\n  a: b\npodLabels:\n  team: x\npriorityClassName: high\nimagePullSecrets: [regcred]\n',
    );
    const spec = d.spec.template.spec;
    expect(spec.nodeSelector).toEqual({ pool: 'ai' });
    expect(spec.tolerations).toEqual([{ key: 'ai', operator: 'Exists' }]);
    expect(spec.affinity).toEqual({ nodeAffinity: {} });
    expect(spec.priorityClassName).toBe('high');
    expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(d.spec.template.metadata.annotations).toEqual({ a: 'b' });
    expect(d.spec.template.metadata.labels.team).toBe('x');
    // pod labels never leak into the immutable selector
    expect(d.spec.selector.matchLabels).not.toHaveProperty('team');
  });

  test('the pod does not mount an API token or get service links', () => {
    const spec = deployment('').spec.template.spec;
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.enableServiceLinks).toBe(false);
    expect(spec.serviceAccountName).toBe('open-webui');
  });

  test('extra volumes and mounts are passed through', () => {
    const d = deployment(
      'extraVolumes:\n  - name: ca\n    configMap:\n      name: ca\nextraVolumeMounts:\n  - name: ca\n    mountPath: /etc/ssl/custom\n',
    );
    expect(d.spec.template.spec.volumes).toContainEqual({ name: 'ca', configMap: { name: 'ca' } });
    expect(d.spec.template.spec.containers[0].volumeMounts).toContainEqual({
      name: 'ca',
      mountPath: '/etc/ssl/custom',
    });
  });
});

describe('maps with hardened defaults merge like Helm values', () => {
  test('setting one securityContext field keeps the hardened defaults', () => {
    expect(container('securityContext:\n  readOnlyRootFilesystem: false\n').securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
      readOnlyRootFilesystem: false,
    });
  });
  test('one migration resource overrides only that field of the app resources', () => {
    const job: Any = find(
      render(
        'resources:\n  requests:\n    cpu: 500m\n    memory: 1Gi\n  limits:\n    memory: 4Gi\nupgrade:\n  migration:\n    resources:\n      requests:\n        memory: 2Gi\n',
      ),
      'Job',
    );
    expect(job.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '500m', memory: '2Gi' },
      limits: { memory: '4Gi' },
    });
  });
});
