/**
 * A DEVELOPMENT-ONLY PostgreSQL with pgvector (`database.inCluster.enabled`), so `kubectl apply -f dist/local/`
 * runs with nothing outside the cluster and `VECTOR_DB=pgvector` works. One replica, no backups, no
 * failover: validation refuses it unless `environment.development: true`, and every object carries the
 * development-only label and a warning annotation. The password comes from a Secret (POSTGRES_PASSWORD).
 */
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { resourceRequirements } from './app-pod';
import { DEVELOPMENT_ONLY_LABEL } from './app-secret';
import { backendStatefulSetSpec, nonRootContainerSecurityContext } from './pod-storage';
import { Release } from './release';

export const POSTGRESQL_COMPONENT = 'postgresql';
export const POSTGRESQL_PORT = 5432;
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

export const postgresqlNames = (release: Release) => ({
  service: release.objectName('postgresql'),
  headless: release.objectName('postgresql-headless'),
  statefulSet: release.objectName('postgresql'),
  initConfigMap: release.objectName('postgresql-init'),
  passwordSecret: release.values.database.inCluster.existingSecret ?? release.appSecretName,
  passwordKey: release.values.secrets.keys.postgresPassword,
  host: `${release.objectName('postgresql')}.${release.namespace}.svc`,
});

export interface DevPostgresqlProps {
  /** The release. Reads `database.inCluster.*`, `database.maxConnections` and `secrets.keys.postgresPassword`. */
  readonly release: Release;
  /**
   * Checksum of the password when it comes from the inline app Secret (`AppSecret.checksumOf`):
   * the pod annotation `checksum/password`, so a changed `secrets.inline.postgresPassword` restarts
   * PostgreSQL together with the app. Note the image applies POSTGRES_PASSWORD only when it
   * initialises an empty data directory: with a kept volume, change the password with ALTER USER too.
   * @default none (the password lives in a Secret outside dist/)
   */
  readonly passwordChecksum?: string;
}

export class DevPostgresql extends Construct {
  constructor(scope: Construct, id: string, props: DevPostgresqlProps) {
    super(scope, id);
    const { release } = props;
    const v = release.values;
    const pg = v.database.inCluster;
    const names = postgresqlNames(release);
    const version = pg.image.tag;
    const marks = DEVELOPMENT_MARKS;
    const meta = (name: string) => {
      const m = release.metadata(POSTGRESQL_COMPONENT, name, marks);
      return { ...m, labels: { ...m.labels, 'app.kubernetes.io/version': version } };
    };
    const selector = release.selectorLabels(POSTGRESQL_COMPONENT);

    new k8s.KubeConfigMap(this, 'Init', {
      metadata: meta(names.initConfigMap),
      data: { '01-pgvector.sql': POSTGRESQL_INIT_SQL },
    });
    const port: k8s.ServicePort = {
      name: 'postgresql',
      port: POSTGRESQL_PORT,
      targetPort: k8s.IntOrString.fromString('postgresql'),
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

    const ready = ['sh', '-c', `pg_isready -h 127.0.0.1 -p ${POSTGRESQL_PORT} -U "$POSTGRES_USER" -d "$POSTGRES_DB"`];
    const container: k8s.Container = {
      name: 'postgresql',
      image: `${pg.image.repository}:${pg.image.tag}`,
      imagePullPolicy: pg.image.pullPolicy,
      // max_connections is the value the connection-budget rule checks against: one source of truth.
      args: ['-c', `max_connections=${v.database.maxConnections}`],
      env: [
        {
          name: 'POSTGRES_PASSWORD',
          valueFrom: { secretKeyRef: { name: names.passwordSecret, key: names.passwordKey } },
        },
        { name: 'POSTGRES_USER', value: pg.username },
        { name: 'POSTGRES_DB', value: pg.database },
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
      resources: resourceRequirements(pg.resources as Parameters<typeof resourceRequirements>[0]),
      securityContext: nonRootContainerSecurityContext(POSTGRESQL_UID),
      volumeMounts: [
        { name: 'data', mountPath: DATA_MOUNT },
        { name: 'init', mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
        { name: 'run', mountPath: '/var/run/postgresql' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    };
    new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: meta(names.statefulSet),
      spec: backendStatefulSetSpec({
        serviceName: names.headless,
        selector,
        podMetadata: {
          labels: { ...release.labels(POSTGRESQL_COMPONENT, version), [DEVELOPMENT_ONLY_LABEL]: 'true' },
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
          { name: 'init', configMap: { name: names.initConfigMap } },
          { name: 'run', emptyDir: {} },
          { name: 'tmp', emptyDir: {} },
        ],
        persistence: pg.persistence,
      }),
    });
  }
}
