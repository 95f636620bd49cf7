/**
 * A DEVELOPMENT-ONLY PostgreSQL with pgvector (`database.inCluster.enabled`), so `kubectl apply -f dist/local/`
 * runs with nothing outside the cluster and `VECTOR_DB=pgvector` works. One replica, no backups, no
 * failover: validation refuses it unless `environment.development: true`, and every object carries the
 * development-only label and a warning annotation. The password comes from a Secret (POSTGRES_PASSWORD).
 */
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { POSTGRESQL_PORT } from '../src/model';
import { DEVELOPMENT_ONLY_LABEL } from './app-secret';
import { backendServices, BackendProps, backendStatefulSetSpec, nonRootContainerSecurityContext } from './pod-storage';

/** UID/GID of the `postgres` user in the official (and pgvector) Debian images. */
export const POSTGRESQL_UID = 999;
const DATA_MOUNT = '/var/lib/postgresql/data';
/** A subdirectory, because a fresh volume's root may hold lost+found and initdb wants an empty directory. */
export const PGDATA = `${DATA_MOUNT}/pgdata`;
export const NOT_FOR_PRODUCTION =
  'Development only: a single PostgreSQL pod without backups or failover. Never use in production.';
/** Labels and annotations that mark every object of the development PostgreSQL. */
export const DEVELOPMENT_MARKS = {
  labels: { [DEVELOPMENT_ONLY_LABEL]: 'true' },
  annotations: { 'open-webui-k8s/warning': NOT_FOR_PRODUCTION },
};

/** Runs once, on an empty data directory: Open WebUI's pgvector client needs the extension. */
export const POSTGRESQL_INIT_SQL = 'CREATE EXTENSION IF NOT EXISTS vector;\n';

/**
 * The development PostgreSQL (an image with pgvector, e.g. `docker.io/pgvector/pgvector:0.8.0-pg16`);
 * its objects get the development-only marks.
 */
export interface DevPostgresqlProps extends BackendProps {
  /** Name of the ConfigMap with the init SQL. */
  readonly initConfigMapName: string;
  /** Owner of the database (POSTGRES_USER). */
  readonly username: string;
  /** Database created on first start (POSTGRES_DB). */
  readonly database: string;
  /** The Secret key holding the password (POSTGRES_PASSWORD). */
  readonly password: { readonly name: string; readonly key: string };
  /** The server's max_connections: the value the connection budget is checked against. */
  readonly maxConnections: number;
  /**
   * Checksum of the password when it comes from the inline app Secret (`AppSecret.checksumOf`):
   * the pod annotation `checksum/password`, so a changed `secrets.inline.postgresPassword` restarts
   * PostgreSQL together with the app. Note the image applies POSTGRES_PASSWORD only when it
   * initialises an empty data directory: with a kept volume, change the password with ALTER USER too.
   * @default none (the password lives in a Secret outside dist/)
   */
  readonly passwordChecksum?: string;
}

/** L1 objects, for the reasons given on InternalRedis (charts/redis.ts). */
export class DevPostgresql extends Construct {
  constructor(scope: Construct, id: string, props: DevPostgresqlProps) {
    super(scope, id);
    const m = props.metadata;
    const metadata = {
      ...m,
      labels: { ...m.labels, ...DEVELOPMENT_MARKS.labels },
      annotations: { ...m.annotations, ...DEVELOPMENT_MARKS.annotations },
    };
    new k8s.KubeConfigMap(this, 'Init', {
      metadata: { ...metadata, name: props.initConfigMapName },
      data: { '01-pgvector.sql': POSTGRESQL_INIT_SQL },
    });
    backendServices(this, { ...props, metadata, port: POSTGRESQL_PORT, portName: 'postgresql' });

    const ready = ['sh', '-c', `pg_isready -h 127.0.0.1 -p ${POSTGRESQL_PORT} -U "$POSTGRES_USER" -d "$POSTGRES_DB"`];
    const container: k8s.Container = {
      name: 'postgresql',
      image: props.image,
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      // max_connections is the value the connection-budget rule checks against: one source of truth.
      args: ['-c', `max_connections=${props.maxConnections}`],
      env: [
        {
          name: 'POSTGRES_PASSWORD',
          valueFrom: { secretKeyRef: { name: props.password.name, key: props.password.key } },
        },
        { name: 'POSTGRES_USER', value: props.username },
        { name: 'POSTGRES_DB', value: props.database },
        { name: 'PGDATA', value: PGDATA },
      ],
      ports: [{ name: 'postgresql', containerPort: POSTGRESQL_PORT, protocol: 'TCP' }],
      readinessProbe: {
        exec: { command: ready },
        initialDelaySeconds: 5,
        periodSeconds: 5,
        timeoutSeconds: 3,
        failureThreshold: 6,
      },
      livenessProbe: {
        exec: { command: ready },
        initialDelaySeconds: 30,
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 6,
      },
      resources: props.resources,
      securityContext: nonRootContainerSecurityContext(POSTGRESQL_UID),
      volumeMounts: [
        { name: 'data', mountPath: DATA_MOUNT },
        { name: 'init', mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
        { name: 'run', mountPath: '/var/run/postgresql' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    };
    new k8s.KubeStatefulSet(this, 'Resource', {
      metadata,
      spec: backendStatefulSetSpec({
        serviceName: props.headlessName,
        selector: props.selector,
        podMetadata: {
          labels: { ...m.labels, [DEVELOPMENT_ONLY_LABEL]: 'true' },
          annotations: {
            'open-webui-k8s/warning': NOT_FOR_PRODUCTION,
            'checksum/init': createHash('sha256').update(POSTGRESQL_INIT_SQL).digest('hex'),
            ...(props.passwordChecksum ? { 'checksum/password': props.passwordChecksum } : {}),
          },
        },
        uid: POSTGRESQL_UID,
        terminationGracePeriodSeconds: 60,
        container,
        volumes: [
          { name: 'init', configMap: { name: props.initConfigMapName } },
          { name: 'run', emptyDir: {} },
          { name: 'tmp', emptyDir: {} },
        ],
        persistence: props.persistence,
      }),
    });
  }
}
