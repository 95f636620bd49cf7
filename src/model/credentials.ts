/**
 * Which Secret and key holds each credential the release reads, decided once. Consumers (env
 * rows, backends, the inline Secret, the ExternalSecret, rules, plan) only read `ref`, so giving a
 * credential a Secret reference of its own is a change here and nowhere else.
 */
import { Path } from '../errors';
import { SecretEntry, Values } from '../values/schema';
import type { DatabaseKind, RedisKind } from './backends';
import { Names } from './names';

/** A key of a Secret, as a `secretKeyRef` names it. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

export interface Credential {
  readonly entry: SecretEntry;
  /** Where the value is read from. */
  readonly ref: SecretKeyRef;
  /** The values key that names the Secret (`secrets.existingSecret`, `redis.internal.auth.existingSecret`, ...). */
  readonly secretFrom: Path;
  /** Kept in the app Secret: what `secrets.inline` renders and the ExternalSecret materialises. */
  readonly inAppSecret: boolean;
  /** Why the release needs it, for messages. */
  readonly why: string;
}

export interface Credentials {
  readonly source: Values['secrets']['source'];
  /** Name of the Secret the app reads its secret values from (existing, rendered inline, or materialised). */
  readonly appSecretName: string;
  /** Every credential the release reads. */
  readonly all: readonly Credential[];
  /** The ones kept in the app Secret. */
  readonly inAppSecret: readonly Credential[];
  /** The credential of one entry, when the release reads it. */
  get(entry: SecretEntry): Credential | undefined;
}

export function credentialsOf(v: Values, names: Names, redis: RedisKind, database: DatabaseKind): Credentials {
  const s = v.secrets;
  const appSecretName =
    s.source === 'existingSecret' && s.existingSecret ? s.existingSecret : names.objectName('secrets');
  const vdb = v.vectorDb;
  const st = v.storage;
  const externalRedis = redis === 'external' || redis === 'sentinel' || redis === 'cluster';
  const inClusterRedisAuth = redis === 'in-cluster' && v.redis.internal.auth.enabled;
  // entry -> [needed, why, its own Secret (values key, name) when set]; in the order the ExternalSecret lists them
  const needs: Record<SecretEntry, [boolean, string, [Path, string | undefined]?]> = {
    secretKey: [true, 'every replica must sign sessions with the same key'],
    databaseUrl: [
      database === 'external',
      'database.type is postgresql (and the in-cluster development PostgreSQL is off)',
    ],
    redisUrl: [
      externalRedis,
      'Redis is external and read from the app Secret',
      [['redis', 'external', 'existingSecret'], v.redis.external.existingSecret],
    ],
    redisPassword: [
      inClusterRedisAuth,
      'the in-cluster Redis reads its password from the app Secret',
      [['redis', 'internal', 'auth', 'existingSecret'], v.redis.internal.auth.existingSecret],
    ],
    postgresPassword: [
      database === 'development',
      'the development PostgreSQL reads its password from the app Secret',
      [['database', 'inCluster', 'existingSecret'], v.database.inCluster.existingSecret],
    ],
    oauthSessionTokenEncryptionKey: [v.openwebui.oauth.enabled, 'openwebui.oauth.enabled is true'],
    pgvectorDbUrl: [vdb.type === 'pgvector' && vdb.pgvector.separateUrl, 'vectorDb.pgvector.separateUrl is true'],
    qdrantApiKey: [vdb.type === 'qdrant' && vdb.qdrant.apiKeyFromSecret, 'vectorDb.qdrant.apiKeyFromSecret is true'],
    s3AccessKeyId: [st.provider === 's3' && st.s3.credentialsFromSecret, 'storage.s3.credentialsFromSecret is true'],
    s3SecretAccessKey: [
      st.provider === 's3' && st.s3.credentialsFromSecret,
      'storage.s3.credentialsFromSecret is true',
    ],
    gcsCredentialsJson: [
      st.provider === 'gcs' && st.gcs.credentialsFromSecret,
      'storage.gcs.credentialsFromSecret is true',
    ],
    azureStorageKey: [
      st.provider === 'azure' && st.azure.credentialsFromSecret,
      'storage.azure.credentialsFromSecret is true',
    ],
  };
  const appSecretFrom: Path = s.source === 'existingSecret' ? ['secrets', 'existingSecret'] : ['secrets', 'source'];
  const all: Credential[] = [];
  for (const entry of Object.keys(needs) as SecretEntry[]) {
    const [needed, why, own] = needs[entry];
    if (!needed) continue;
    const ownName = own?.[1];
    all.push({
      entry,
      ref: { name: ownName ?? appSecretName, key: s.keys[entry] },
      secretFrom: ownName !== undefined && own ? own[0] : appSecretFrom,
      inAppSecret: ownName === undefined,
      why,
    });
  }
  return {
    source: s.source,
    appSecretName,
    all,
    inAppSecret: all.filter((c) => c.inAppSecret),
    get: (entry) => all.find((c) => c.entry === entry),
  };
}
