/** The Redis part of the chart: in-cluster objects (mode internal) and the app wiring in both modes. */
import { createHash } from 'crypto';
import { managedEnv } from '../../src/model';
import { K8sObject } from '../../src/manifests';
import { REDIS_READINESS_COMMAND } from '../../charts/redis';
import { Any, containers, envList, find, renderEnv, schemaProblems } from '../support';

const redisObjects = (objs: K8sObject[]) =>
  objs.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'redis');
const appContainer = (objs: K8sObject[]) => containers(find(objs, 'Deployment', 'open-webui'))[0];
const envMap = (c: Any) => Object.fromEntries(envList(c).map((e) => [e.name, e]));
const conf = (objs: K8sObject[]) =>
  (find(objs, 'ConfigMap', 'open-webui-redis-config') as Any).data['redis.conf'] as string;
const sts = (objs: K8sObject[]) => find(objs, 'StatefulSet', 'open-webui-redis') as Any;

describe('in-cluster Redis (local)', () => {
  const objs = renderEnv('local');

  test('renders a ConfigMap, a headless and a client Service and a StatefulSet, valid against the Kubernetes schema', () => {
    expect(
      redisObjects(objs)
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort(),
    ).toEqual([
      'ConfigMap/open-webui-redis-config',
      'NetworkPolicy/open-webui-redis',
      'Service/open-webui-redis',
      'Service/open-webui-redis-headless',
      'StatefulSet/open-webui-redis',
    ]);
    expect((find(objs, 'Service', 'open-webui-redis-headless') as Any).spec.clusterIP).toBe('None');
    expect((find(objs, 'Service', 'open-webui-redis') as Any).spec.clusterIP).toBeUndefined();
    expect(sts(objs).spec.serviceName).toBe('open-webui-redis-headless');
    for (const o of redisObjects(objs)) expect(schemaProblems(o)).toEqual([]);
  });

  test('the StatefulSet keeps its data: a volumeClaimTemplate and a Retain/Retain retention policy', () => {
    const s = sts(objs);
    expect(s.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(s.spec.volumeClaimTemplates).toHaveLength(1);
    expect(s.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    const custom = sts(
      renderEnv('local', { redis: { internal: { persistence: { size: '3Gi', storageClass: 'fast' } } } }),
    );
    expect(custom.spec.volumeClaimTemplates[0].spec).toMatchObject({
      storageClassName: 'fast',
      resources: { requests: { storage: '3Gi' } },
    });
  });

  test('persistence can be turned off: an emptyDir instead of a claim', () => {
    const s = sts(renderEnv('local', { redis: { internal: { persistence: { enabled: false } } } }));
    expect(s.spec.volumeClaimTemplates).toBeUndefined();
    expect(s.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
  });

  test('non-root, read-only root filesystem, all capabilities dropped, writable /data and /tmp only', () => {
    const c = containers(sts(objs))[0];
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.volumeMounts).toEqual([
      { name: 'config', mountPath: '/etc/redis', readOnly: true },
      { name: 'data', mountPath: '/data' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(c.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } });
  });

  test('probes run redis-cli ping authenticated through REDISCLI_AUTH from the Secret', () => {
    const c = containers(sts(objs))[0];
    expect(c.readinessProbe.exec.command).toEqual(REDIS_READINESS_COMMAND);
    expect(c.livenessProbe.exec.command.join(' ')).toContain('redis-cli -h 127.0.0.1 -p 6379 ping');
    expect(envList(c)).toEqual([
      { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'open-webui-secrets', key: 'REDIS_PASSWORD' } } },
      { name: 'REDISCLI_AUTH', value: '$(REDIS_PASSWORD)' },
    ]);
    expect(c.args).toEqual(['--requirepass', '$(REDIS_PASSWORD)']);
  });

  test('redis.conf carries the Open WebUI settings from values and no password', () => {
    const text = conf(objs);
    expect(text).toMatch(/^timeout 1800$/m);
    expect(text).toMatch(/^maxclients 10000$/m);
    expect(text).toMatch(/^client-output-buffer-limit pubsub 67108864 33554432 60$/m);
    expect(text).toMatch(/^appendonly yes$/m);
    expect(text).toMatch(/^maxmemory 384mb$/m);
    expect(text).toMatch(/^maxmemory-policy noeviction$/m);
    expect(text).not.toMatch(/^\s*(requirepass|masterauth)\b/m);
    const changed = conf(
      renderEnv('local', {
        redis: {
          internal: {
            config: {
              timeout: 900,
              maxclients: 20000,
              appendonly: false,
              pubsubBufferLimit: { hardBytes: 100663296 },
            },
          },
        },
      }),
    );
    expect(changed).toMatch(/^timeout 900$/m);
    expect(changed).toMatch(/^maxclients 20000$/m);
    expect(changed).toMatch(/^appendonly no$/m);
    expect(changed).toMatch(/^client-output-buffer-limit pubsub 100663296 33554432 60$/m);
  });

  test('a config change rolls the pod: checksum/config is the sha256 of redis.conf', () => {
    const a = sts(objs).spec.template.metadata.annotations['checksum/config'];
    expect(a).toBe(createHash('sha256').update(conf(objs)).digest('hex'));
    const b = sts(renderEnv('local', { redis: { internal: { config: { timeout: 1801 } } } })).spec.template.metadata
      .annotations['checksum/config'];
    expect(b).not.toBe(a);
  });

  test('the image is the pinned tag from values', () => {
    expect(containers(sts(objs))[0].image).toBe('docker.io/library/redis:7.2.7-alpine');
    expect(
      containers(
        sts(
          renderEnv('local', {
            redis: { internal: { image: { repository: 'docker.io/valkey/valkey', tag: '8.0.2-alpine' } } },
          }),
        ),
      )[0].image,
    ).toBe('docker.io/valkey/valkey:8.0.2-alpine');
  });

  test('the app composes REDIS_URL in-cluster: password from the Secret first, then the URL, then WEBSOCKET_REDIS_URL', () => {
    const env = envList(appContainer(objs));
    const names = env.map((e) => e.name);
    expect(names.indexOf('REDIS_PASSWORD')).toBeLessThan(names.indexOf('REDIS_URL'));
    expect(names.indexOf('REDIS_URL')).toBeLessThan(names.indexOf('WEBSOCKET_REDIS_URL'));
    const m = envMap(appContainer(objs));
    expect(m.REDIS_PASSWORD.valueFrom).toEqual({ secretKeyRef: { name: 'open-webui-secrets', key: 'REDIS_PASSWORD' } });
    expect(m.REDIS_URL.value).toBe('redis://default:$(REDIS_PASSWORD)@open-webui-redis.open-webui.svc:6379/0');
    expect(m.WEBSOCKET_REDIS_URL.value).toBe('$(REDIS_URL)');
  });

  test('auth can be turned off (development): no password anywhere, protected-mode off so the app can connect', () => {
    const o = renderEnv('local', {
      redis: { internal: { auth: { enabled: false } } },
      secrets: { inline: { redisPassword: null } },
    });
    const c = containers(sts(o))[0];
    expect(c.args).toBeUndefined();
    expect(c.env).toBeUndefined();
    expect(conf(o)).toMatch(/^protected-mode no$/m);
    expect(envMap(appContainer(o)).REDIS_URL.value).toBe('redis://open-webui-redis.open-webui.svc:6379/0');
  });

  test('an existing Secret can hold the Redis password', () => {
    const o = renderEnv('local', {
      redis: { internal: { auth: { existingSecret: 'my-redis' } } },
      secrets: { inline: { redisPassword: null } },
    });
    expect(envMap(containers(sts(o))[0]).REDIS_PASSWORD.valueFrom.secretKeyRef.name).toBe('my-redis');
    expect(envMap(appContainer(o)).REDIS_PASSWORD.valueFrom.secretKeyRef.name).toBe('my-redis');
  });
});

describe('external Redis', () => {
  test.each(['aws', 'production'])('%s renders no Redis object at all and reads REDIS_URL from the Secret', (env) => {
    const objs = renderEnv(env);
    expect(redisObjects(objs)).toEqual([]);
    // No Redis StatefulSet or config (the only ConfigMap is the monitoring dashboard's).
    const monitoring = (o: (typeof objs)[number]) =>
      o.metadata.labels?.['app.kubernetes.io/component'] === 'monitoring';
    expect(objs.filter((o) => (o.kind === 'StatefulSet' || o.kind === 'ConfigMap') && !monitoring(o))).toEqual([]);
    const m = envMap(appContainer(objs));
    expect(m.REDIS_URL.valueFrom).toEqual({ secretKeyRef: { name: 'open-webui-secrets', key: 'REDIS_URL' } });
    expect(m.WEBSOCKET_REDIS_URL.value).toBe('$(REDIS_URL)');
    expect(m.REDIS_PASSWORD).toBeUndefined();
  });

  test('TLS files: the Secret URL becomes REDIS_SERVER_URL and REDIS_URL appends redis-py ssl options; the files are mounted', () => {
    const objs = renderEnv('aws', {
      redis: {
        external: {
          existingSecret: 'elasticache',
          tls: { existingSecret: 'redis-ca', caKey: 'ca.pem', certKey: 'client.crt', keyKey: 'client.key' },
        },
      },
    });
    const c = appContainer(objs);
    const env = envList(c);
    const names = env.map((e) => e.name);
    expect(names.indexOf('REDIS_SERVER_URL')).toBeLessThan(names.indexOf('REDIS_URL'));
    const m = envMap(c);
    expect(m.REDIS_SERVER_URL.valueFrom).toEqual({ secretKeyRef: { name: 'elasticache', key: 'REDIS_URL' } });
    expect(m.REDIS_URL.value).toBe(
      '$(REDIS_SERVER_URL)?ssl_cert_reqs=required&ssl_ca_certs=/etc/open-webui/redis-tls/ca.crt&ssl_certfile=/etc/open-webui/redis-tls/tls.crt&ssl_keyfile=/etc/open-webui/redis-tls/tls.key',
    );
    expect(c.volumeMounts).toContainEqual({
      name: 'redis-tls',
      mountPath: '/etc/open-webui/redis-tls',
      readOnly: true,
    });
    const vols = (find(objs, 'Deployment', 'open-webui') as Any).spec.template.spec.volumes;
    expect(vols).toContainEqual({
      name: 'redis-tls',
      secret: {
        secretName: 'redis-ca',
        defaultMode: 0o440,
        items: [
          { key: 'ca.pem', path: 'ca.crt' },
          { key: 'client.crt', path: 'tls.crt' },
          { key: 'client.key', path: 'tls.key' },
        ],
      },
    });
  });

  test('Sentinel: app and websocket Sentinel hosts and port, and a connect timeout', () => {
    const m = envMap(
      appContainer(
        renderEnv('production', { redis: { external: { sentinel: { hosts: ['s1.redis', 's2.redis', 's3.redis'] } } } }),
      ),
    );
    expect(m.REDIS_SENTINEL_HOSTS.value).toBe('s1.redis,s2.redis,s3.redis');
    expect(m.REDIS_SENTINEL_PORT.value).toBe('26379');
    expect(m.WEBSOCKET_SENTINEL_HOSTS.value).toBe('s1.redis,s2.redis,s3.redis');
    expect(m.WEBSOCKET_SENTINEL_PORT.value).toBe('26379');
    expect(m.REDIS_SOCKET_CONNECT_TIMEOUT.value).toBe('5');
    expect(m.REDIS_CLUSTER).toBeUndefined();
  });

  test('Cluster: REDIS_CLUSTER and WEBSOCKET_REDIS_CLUSTER', () => {
    const m = envMap(
      appContainer(renderEnv('aws', { redis: { external: { cluster: true, socketConnectTimeoutSeconds: 3 } } })),
    );
    expect(m.REDIS_CLUSTER.value).toBe('True');
    expect(m.WEBSOCKET_REDIS_CLUSTER.value).toBe('True');
    expect(m.REDIS_SOCKET_CONNECT_TIMEOUT.value).toBe('3');
    expect(m.REDIS_SENTINEL_HOSTS).toBeUndefined();
  });
});

describe('env wiring in every environment', () => {
  test.each(['local', 'aws', 'production'])(
    '%s: every $(VAR) refers to a variable defined earlier in the same container; every Open WebUI env name (app and migrator) is managed',
    (env) => {
      for (const o of renderEnv(env)) {
        const spec = (o as Any).spec?.template?.spec;
        if (!spec) continue;
        for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
          const seen = new Set<string>();
          for (const e of envList(c)) {
            for (const ref of (e.value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g))
              expect({ env: e.name, ref: ref[1], defined: seen.has(ref[1]) }).toEqual({
                env: e.name,
                ref: ref[1],
                defined: true,
              });
            seen.add(e.name);
            if (c.name === 'open-webui')
              expect({ name: e.name, managed: managedEnv(e.name) !== undefined }).toEqual({
                name: e.name,
                managed: true,
              });
          }
          for (const a of [...(c.args ?? []), ...(c.command ?? [])])
            for (const ref of String(a).matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g))
              expect(seen.has(ref[1])).toBe(true);
        }
      }
    },
  );
});
