/**
 * The in-cluster Redis (`redis.mode: internal`): a ConfigMap with redis.conf, a headless Service for
 * the StatefulSet, a client Service for the app, and a one-replica StatefulSet whose volume claim is
 * kept when the StatefulSet is deleted or scaled down. The password comes from a Secret and never
 * appears in a rendered object: `--requirepass $(REDIS_PASSWORD)` is expanded by the kubelet.
 *
 * L1 objects: cdk8s-plus-28's StatefulSet adds its own selector label and container defaults,
 * and its ConfigMap and Service add `immutable: false` and `externalIPs: []`.
 */
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CONTAINER } from '../src/model/names';
import { REDIS_CONFIG_DIR, REDIS_CONFIG_FILE, REDIS_DATA_DIR, REDIS_PORT } from '../src/model/redis-conf';
import { backendServices, backendStatefulSetSpec, BackendProps, nonRootContainerSecurityContext } from './pod-storage';

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

/** The in-cluster Redis (image e.g. `docker.io/library/redis:7.2.7-alpine`). */
export interface InternalRedisProps extends BackendProps {
  /** Name of the ConfigMap holding redis.conf. */
  readonly configMapName: string;
  /** The redis.conf text (src/model/redis-conf.ts). */
  readonly config: string;
  /** The Secret key holding the password (`requirepass`). @default no password */
  readonly password?: { readonly name: string; readonly key: string };
  /** Extra pod annotations. @default {} */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Checksum of the password when it comes from the inline app Secret (`AppSecret.checksumOf`):
   * the pod annotation `checksum/password`, so a changed `secrets.inline.redisPassword` restarts
   * Redis with it, together with the app (otherwise the app gets WRONGPASS).
   * @default none (the password lives in a Secret outside dist/, whose changes the chart cannot see)
   */
  readonly passwordChecksum?: string;
  /**
   * A redis_exporter sidecar (oliver006/redis_exporter) serving Prometheus metrics of this Redis on
   * `port` (container port `metrics`), authenticated with the same password.
   * @default no exporter
   */
  readonly exporter?: RedisExporterProps;
}

export interface RedisExporterProps {
  /** Image reference, e.g. `docker.io/oliver006/redis_exporter:v1.88.0`. */
  readonly image: string;
  /** Image pull policy. @default 'IfNotPresent' */
  readonly imagePullPolicy?: string;
  /** Container resources. */
  readonly resources: k8s.ResourceRequirements;
  /** Port of the metrics endpoint (`/metrics`). */
  readonly port: number;
}

/** UID/GID the redis_exporter scratch image runs as (`USER 59000:59000`, oliver006/redis_exporter@v1.88.0 Dockerfile). */
export const REDIS_EXPORTER_UID = 59000;
/** Name of its container port, which the PodMonitor scrapes. */
export const METRICS_PORT_NAME = 'metrics';

/**
 * The redis_exporter sidecar. Settings are its environment variables (oliver006/redis_exporter@v1.88.0
 * main.go:158-216): Redis on the pod's loopback, the password from the same Secret key Redis reads,
 * and no `/scrape?target=` endpoint, so whoever reaches the port cannot make the exporter connect to
 * another address. No probes: a sidecar's readiness is the pod's, so a failing exporter probe would
 * take Redis out of its Service; the exporter answers /metrics with `redis_up 0` when Redis is down.
 */
export function redisExporterContainer(
  props: RedisExporterProps,
  password?: { readonly name: string; readonly key: string },
): k8s.Container {
  return {
    name: CONTAINER.redisExporter,
    image: props.image,
    imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
    env: [
      ...(password
        ? [{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: password.name, key: password.key } } }]
        : []),
      { name: 'REDIS_ADDR', value: `redis://127.0.0.1:${REDIS_PORT}` },
      { name: 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS', value: `:${props.port}` },
      { name: 'REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT', value: 'true' },
    ],
    ports: [{ name: METRICS_PORT_NAME, containerPort: props.port, protocol: 'TCP' }],
    resources: props.resources,
    securityContext: nonRootContainerSecurityContext(REDIS_EXPORTER_UID),
  };
}

export class InternalRedis extends Construct {
  /** sha256 of redis.conf: a pod annotation, so a config change rolls the pod. */
  readonly configChecksum: string;
  readonly configMap: k8s.KubeConfigMap;
  readonly statefulSet: k8s.KubeStatefulSet;
  constructor(scope: Construct, id: string, props: InternalRedisProps) {
    super(scope, id);
    const meta = (name: string) => ({ ...props.metadata, name });
    this.configChecksum = createHash('sha256').update(props.config).digest('hex');
    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(props.configMapName),
      data: { [REDIS_CONFIG_FILE]: props.config },
    });
    backendServices(this, { ...props, port: REDIS_PORT, portName: 'redis' });

    const pw = props.password;
    const env: k8s.EnvVar[] = pw
      ? [
          { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: pw.name, key: pw.key } } },
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
      image: props.image,
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      command: ['redis-server', `${REDIS_CONFIG_DIR}/${REDIS_CONFIG_FILE}`],
      ...(pw ? { args: ['--requirepass', '$(REDIS_PASSWORD)'] } : {}),
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
      resources: props.resources,
      securityContext: nonRootContainerSecurityContext(REDIS_UID),
      volumeMounts: [
        { name: 'config', mountPath: REDIS_CONFIG_DIR, readOnly: true },
        { name: 'data', mountPath: REDIS_DATA_DIR },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    };

    // Keep the data when the StatefulSet is deleted or scaled down: sessions are not a cache.
    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: props.metadata,
      spec: backendStatefulSetSpec({
        serviceName: props.headlessName,
        selector: props.selector,
        podMetadata: {
          labels: { ...props.metadata.labels },
          annotations: {
            ...(props.podAnnotations ?? {}),
            'checksum/config': this.configChecksum,
            ...(props.passwordChecksum ? { 'checksum/password': props.passwordChecksum } : {}),
          },
        },
        uid: REDIS_UID,
        terminationGracePeriodSeconds: 30,
        container,
        ...(props.exporter ? { sidecars: [redisExporterContainer(props.exporter, pw)] } : {}),
        volumes: [
          { name: 'config', configMap: { name: props.configMapName } },
          { name: 'tmp', emptyDir: {} },
        ],
        persistence: props.persistence,
      }),
    });
  }
}
