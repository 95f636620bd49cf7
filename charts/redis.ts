/**
 * The in-cluster Redis (`redis.mode: internal`): a ConfigMap with redis.conf, a headless Service for
 * the StatefulSet, a client Service for the app, and a one-replica StatefulSet whose volume claim is
 * kept when the StatefulSet is deleted or scaled down. The password comes from a Secret and never
 * appears in a rendered object: `--requirepass $(REDIS_PASSWORD)` is expanded by the kubelet.
 */
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { resourceRequirements } from './app-pod';
import { REDIS_CONFIG_DIR, REDIS_CONFIG_FILE, REDIS_DATA_DIR, REDIS_PORT, renderRedisConf } from './redis-config';
import { backendStatefulSetSpec, nonRootContainerSecurityContext } from './pod-storage';
import { Release } from './release';

export const REDIS_COMPONENT = 'redis';
/** UID/GID of the `redis` user in the official images. */
export const REDIS_UID = 999;

/** The exec command of the readiness probe: `redis-cli ping` authenticated through REDISCLI_AUTH (never on the command line). */
export const REDIS_READINESS_COMMAND = ['sh', '-c', `redis-cli -h 127.0.0.1 -p ${REDIS_PORT} ping | grep -q '^PONG$'`];
/** Liveness also accepts LOADING, so a large append-only file being replayed does not get the pod killed. */
export const REDIS_LIVENESS_COMMAND = [
  'sh',
  '-c',
  `redis-cli -h 127.0.0.1 -p ${REDIS_PORT} ping | grep -qE '^(PONG|LOADING)'`,
];

export interface InternalRedisProps {
  /** The release. Reads `redis.internal.*` and `secrets.keys.redisPassword`. */
  readonly release: Release;
  /**
   * Checksum of the password when it comes from the inline app Secret (`AppSecret.checksumOf`):
   * the pod annotation `checksum/password`, so a changed `secrets.inline.redisPassword` restarts
   * Redis with it, together with the app (otherwise the app gets WRONGPASS).
   * @default none (the password lives in a Secret outside dist/, whose changes the chart cannot see)
   */
  readonly passwordChecksum?: string;
}

/** Names of the in-cluster Redis objects, shared with the app side (redis-env.ts). */
export const redisNames = (release: Release) => ({
  service: release.objectName('redis'),
  headless: release.objectName('redis-headless'),
  statefulSet: release.objectName('redis'),
  configMap: release.objectName('redis-config'),
  /** The Secret holding the password, and its key. */
  passwordSecret: release.values.redis.internal.auth.existingSecret ?? release.appSecretName,
  passwordKey: release.values.secrets.keys.redisPassword,
  /** Host name the app connects to. */
  host: `${release.objectName('redis')}.${release.namespace}.svc`,
});

export class InternalRedis extends Construct {
  /** sha256 of redis.conf: a pod annotation, so a config change rolls the pod. */
  readonly configChecksum: string;
  readonly configMap: k8s.KubeConfigMap;
  readonly statefulSet: k8s.KubeStatefulSet;
  constructor(scope: Construct, id: string, props: InternalRedisProps) {
    super(scope, id);
    const { release } = props;
    const r = release.values.redis.internal;
    const names = redisNames(release);
    const version = r.image.tag;
    const meta = (name: string, extra: Parameters<Release['metadata']>[2] = {}) => {
      const m = release.metadata(REDIS_COMPONENT, name, extra);
      return { ...m, labels: { ...m.labels, 'app.kubernetes.io/version': version } };
    };
    const selector = release.selectorLabels(REDIS_COMPONENT);

    const conf = renderRedisConf(release.values);
    this.configChecksum = createHash('sha256').update(conf).digest('hex');
    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(names.configMap),
      data: { [REDIS_CONFIG_FILE]: conf },
    });

    const port: k8s.ServicePort = {
      name: 'redis',
      port: REDIS_PORT,
      targetPort: k8s.IntOrString.fromString('redis'),
      protocol: 'TCP',
    };
    new k8s.KubeService(this, 'Headless', {
      metadata: meta(names.headless),
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports: [port] },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: meta(names.service),
      spec: { type: 'ClusterIP', selector, ports: [port] },
    });

    const auth = r.auth.enabled;
    const env: k8s.EnvVar[] = auth
      ? [
          {
            name: 'REDIS_PASSWORD',
            valueFrom: { secretKeyRef: { name: names.passwordSecret, key: names.passwordKey } },
          },
          // redis-cli reads its password from REDISCLI_AUTH: the probes never put it on a command line.
          { name: 'REDISCLI_AUTH', value: '$(REDIS_PASSWORD)' },
        ]
      : [];
    const probe = (
      command: string[],
      p: { initialDelaySeconds: number; periodSeconds: number; timeoutSeconds: number; failureThreshold: number },
    ): k8s.Probe => ({ exec: { command }, ...p });
    const container: k8s.Container = {
      name: 'redis',
      image: `${r.image.repository}:${r.image.tag}`,
      imagePullPolicy: r.image.pullPolicy,
      command: ['redis-server', `${REDIS_CONFIG_DIR}/${REDIS_CONFIG_FILE}`],
      ...(auth ? { args: ['--requirepass', '$(REDIS_PASSWORD)'] } : {}),
      ...(env.length ? { env } : {}),
      ports: [{ name: 'redis', containerPort: REDIS_PORT, protocol: 'TCP' }],
      readinessProbe: probe(REDIS_READINESS_COMMAND, {
        initialDelaySeconds: 5,
        periodSeconds: 5,
        timeoutSeconds: 3,
        failureThreshold: 3,
      }),
      livenessProbe: probe(REDIS_LIVENESS_COMMAND, {
        initialDelaySeconds: 15,
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 6,
      }),
      resources: resourceRequirements(r.resources as Parameters<typeof resourceRequirements>[0]),
      securityContext: nonRootContainerSecurityContext(REDIS_UID),
      volumeMounts: [
        { name: 'config', mountPath: REDIS_CONFIG_DIR, readOnly: true },
        { name: 'data', mountPath: REDIS_DATA_DIR },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    };

    // Keep the data when the StatefulSet is deleted or scaled down: sessions are not a cache.
    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: meta(names.statefulSet),
      spec: backendStatefulSetSpec({
        serviceName: names.headless,
        selector,
        podMetadata: {
          labels: { ...release.labels(REDIS_COMPONENT, version) },
          annotations: {
            ...r.podAnnotations,
            'checksum/config': this.configChecksum,
            ...(props.passwordChecksum ? { 'checksum/password': props.passwordChecksum } : {}),
          },
        },
        uid: REDIS_UID,
        terminationGracePeriodSeconds: 30,
        container,
        volumes: [
          { name: 'config', configMap: { name: names.configMap } },
          { name: 'tmp', emptyDir: {} },
        ],
        persistence: r.persistence,
      }),
    });
  }
}
