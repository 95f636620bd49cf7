/**
 * The backends of a release as tagged variants, decided once: which Redis and which database the
 * app talks to, whether this release renders it, and where its credentials come from.
 * Everything else (env rows, NetworkPolicies, constructs, rules, plan) switches on `kind`.
 */
import { REDIS_EXPORTER_PORT, Values } from '../values/schema';
import { Credential, Credentials } from './credentials';
import { COMPONENT, Names } from './names';

export const REDIS_PORT = 6379;
export const POSTGRESQL_PORT = 5432;

export type RedisKind = RedisBackend['kind'];
export type DatabaseKind = DatabaseBackend['kind'];

/** Objects of a backend this release renders (a one-replica StatefulSet behind two Services). */
export interface InReleaseObjects {
  /** `app.kubernetes.io/component` of its objects. */
  readonly component: string;
  readonly port: number;
  /** Client Service (also the StatefulSet's name). */
  readonly service: string;
  /** Headless Service that gives the pod its stable name. */
  readonly headless: string;
  /** In-cluster host name the app connects to. */
  readonly host: string;
}

/** A TLS file of an external Redis, mounted in the app pods and named in the URL's query. */
export interface RedisTlsFile {
  /** Key in the TLS Secret. */
  readonly key: string;
  /** File name under the mount directory. */
  readonly path: string;
  /** redis-py URL option that points at it. */
  readonly option: string;
}

export type RedisBackend =
  | { readonly kind: 'none' }
  /** The in-cluster Redis StatefulSet (`redis.mode: internal`). */
  | ({
      readonly kind: 'in-cluster';
      readonly configMap: string;
      /** The password (`--requirepass`), when auth is on. */
      readonly password?: Credential;
      /** The redis_exporter sidecar (`redis.internal.metrics`): the port it serves metrics on. */
      readonly exporter?: { readonly port: number };
    } & InReleaseObjects)
  /** A Redis the user runs: one URL (`external`), a Sentinel-managed primary, or a Redis Cluster. */
  | {
      readonly kind: 'external' | 'sentinel' | 'cluster';
      readonly url: Credential;
      /** CA/client certificate files mounted from `tls.secretName` (TLS with files only). */
      readonly tls?: { readonly secretName: string; readonly files: readonly RedisTlsFile[] };
      /** Sentinel hosts and port (kind `sentinel`). */
      readonly sentinel?: { readonly hosts: readonly string[]; readonly port: number };
      readonly connectTimeoutSeconds?: number;
    };

export type DatabaseBackend =
  | { readonly kind: 'sqlite' }
  /** The development-only in-cluster PostgreSQL (`database.inCluster.enabled`). */
  | ({
      readonly kind: 'development';
      readonly password: Credential;
      readonly username: string;
      readonly database: string;
    } & InReleaseObjects)
  /** A PostgreSQL the user runs; DATABASE_URL from the app Secret. */
  | { readonly kind: 'external'; readonly url: Credential };

/** The one place that decides which Redis the release uses. */
export function redisKindOf(v: Values): RedisKind {
  const r = v.redis;
  if (!r.enabled) return 'none';
  if (r.mode === 'internal') return 'in-cluster';
  if (r.external.sentinel.hosts.length) return 'sentinel';
  return r.external.cluster ? 'cluster' : 'external';
}

/** The one place that decides which database the release uses. */
export function databaseKindOf(v: Values): DatabaseKind {
  if (v.database.type !== 'postgresql') return 'sqlite';
  return v.database.inCluster.enabled ? 'development' : 'external';
}

const TLS_FILES = [
  ['caKey', 'ca.crt', 'ssl_ca_certs'],
  ['certKey', 'tls.crt', 'ssl_certfile'],
  ['keyKey', 'tls.key', 'ssl_keyfile'],
] as const;

const inRelease = (names: Names, component: string, port: number): InReleaseObjects => ({
  component,
  port,
  service: names.objectName(component),
  headless: names.objectName(`${component}-headless`),
  host: names.serviceHost(component),
});

export function redisBackend(v: Values, names: Names, kind: RedisKind, creds: Credentials): RedisBackend {
  if (kind === 'none') return { kind };
  if (kind === 'in-cluster')
    return {
      kind,
      ...inRelease(names, COMPONENT.redis, REDIS_PORT),
      configMap: names.objectName('redis-config'),
      password: creds.get('redisPassword'),
      ...(v.redis.internal.metrics.enabled ? { exporter: { port: REDIS_EXPORTER_PORT } } : {}),
    };
  const ext = v.redis.external;
  const files = TLS_FILES.filter(([k]) => ext.tls[k] !== undefined).map(([k, path, option]) => ({
    key: ext.tls[k] as string,
    path,
    option,
  }));
  const sentinel = kind === 'sentinel' ? { hosts: ext.sentinel.hosts, port: ext.sentinel.port } : undefined;
  return {
    kind,
    url: creds.get('redisUrl') as Credential,
    ...(ext.tls.enabled && ext.tls.existingSecret && files.length
      ? { tls: { secretName: ext.tls.existingSecret, files } }
      : {}),
    ...(sentinel ? { sentinel } : {}),
    connectTimeoutSeconds: ext.socketConnectTimeoutSeconds ?? (sentinel ? 5 : undefined),
  };
}

export function databaseBackend(v: Values, names: Names, kind: DatabaseKind, creds: Credentials): DatabaseBackend {
  if (kind === 'sqlite') return { kind };
  if (kind === 'external') return { kind, url: creds.get('databaseUrl') as Credential };
  const pg = v.database.inCluster;
  return {
    kind,
    ...inRelease(names, COMPONENT.postgresql, POSTGRESQL_PORT),
    password: creds.get('postgresPassword') as Credential,
    username: pg.username,
    database: pg.database,
  };
}
