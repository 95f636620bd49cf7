/** Which secret values the app needs for the given values: one list for inline, ExternalSecret and docs. */
import { SecretEntry, Values } from './schema';

export function requiredSecretEntries(v: Values): { entry: SecretEntry; why: string }[] {
  const need: [SecretEntry, boolean, string][] = [
    ['secretKey', true, 'every replica must sign sessions with the same key'],
    [
      'databaseUrl',
      v.database.type === 'postgresql' && !v.database.inCluster.enabled,
      'database.type is postgresql (and the in-cluster development PostgreSQL is off)',
    ],
    [
      'redisUrl',
      v.redis.enabled && v.redis.mode === 'external' && !v.redis.external.existingSecret,
      'Redis is external and read from the app Secret',
    ],
    [
      'redisPassword',
      v.redis.enabled &&
        v.redis.mode === 'internal' &&
        v.redis.internal.auth.enabled &&
        !v.redis.internal.auth.existingSecret,
      'the in-cluster Redis reads its password from the app Secret',
    ],
    [
      'postgresPassword',
      v.database.type === 'postgresql' && v.database.inCluster.enabled && !v.database.inCluster.existingSecret,
      'the development PostgreSQL reads its password from the app Secret',
    ],
    ['oauthSessionTokenEncryptionKey', v.openwebui.oauth.enabled, 'openwebui.oauth.enabled is true'],
    [
      'pgvectorDbUrl',
      v.vectorDb.type === 'pgvector' && v.vectorDb.pgvector.separateUrl,
      'vectorDb.pgvector.separateUrl is true',
    ],
    [
      'qdrantApiKey',
      v.vectorDb.type === 'qdrant' && v.vectorDb.qdrant.apiKeyFromSecret,
      'vectorDb.qdrant.apiKeyFromSecret is true',
    ],
    [
      's3AccessKeyId',
      v.storage.provider === 's3' && v.storage.s3.credentialsFromSecret,
      'storage.s3.credentialsFromSecret is true',
    ],
    [
      's3SecretAccessKey',
      v.storage.provider === 's3' && v.storage.s3.credentialsFromSecret,
      'storage.s3.credentialsFromSecret is true',
    ],
    [
      'gcsCredentialsJson',
      v.storage.provider === 'gcs' && v.storage.gcs.credentialsFromSecret,
      'storage.gcs.credentialsFromSecret is true',
    ],
    [
      'azureStorageKey',
      v.storage.provider === 'azure' && v.storage.azure.credentialsFromSecret,
      'storage.azure.credentialsFromSecret is true',
    ],
  ];
  return need.filter(([, needed]) => needed).map(([entry, , why]) => ({ entry, why }));
}
