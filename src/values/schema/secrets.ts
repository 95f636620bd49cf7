/** Where the app's secret values come from: one Secret shared by every replica. */
import { z } from 'zod';
import { k8sSubdomainName, secretKeyName } from './primitives';

/** Every secret value the chart can wire, with the Secret key it is read from by default. */
export const SECRET_ENTRIES = {
  secretKey: {
    key: 'WEBUI_SECRET_KEY',
    doc: 'JWT/session signing key, identical on every replica.',
  },
  databaseUrl: {
    key: 'DATABASE_URL',
    doc: 'PostgreSQL URL (`postgresql://user:pass@host:5432/db`, special characters URL-encoded).',
  },
  redisUrl: { key: 'REDIS_URL', doc: 'Redis URL (`redis://` or `rediss://`).' },
  oauthSessionTokenEncryptionKey: {
    key: 'OAUTH_SESSION_TOKEN_ENCRYPTION_KEY',
    doc: 'Encrypts the OAuth tokens Open WebUI stores (when an OAuth provider is on): one key shared by every replica, so each decrypts what another wrote.',
  },
  oauthClientInfoEncryptionKey: {
    key: 'OAUTH_CLIENT_INFO_ENCRYPTION_KEY',
    doc: 'Encrypts the OAuth client information Open WebUI stores (when an OAuth provider is on): one key shared by every replica.',
  },
  oidcClientSecret: { key: 'OAUTH_CLIENT_SECRET', doc: 'Client secret of the generic OIDC provider (`sso.oidc`).' },
  microsoftClientSecret: {
    key: 'MICROSOFT_CLIENT_SECRET',
    doc: 'Client secret of the Microsoft Entra ID app registration (`sso.microsoft`).',
  },
  googleClientSecret: { key: 'GOOGLE_CLIENT_SECRET', doc: 'Client secret of the Google OAuth client (`sso.google`).' },
  githubClientSecret: { key: 'GITHUB_CLIENT_SECRET', doc: 'Client secret of the GitHub OAuth app (`sso.github`).' },
  pgvectorDbUrl: {
    key: 'PGVECTOR_DB_URL',
    doc: 'pgvector URL when it is not the app database.',
  },
  qdrantApiKey: { key: 'QDRANT_API_KEY', doc: 'Qdrant API key.' },
  s3AccessKeyId: { key: 'S3_ACCESS_KEY_ID', doc: 'S3 access key id.' },
  s3SecretAccessKey: { key: 'S3_SECRET_ACCESS_KEY', doc: 'S3 secret access key.' },
  gcsCredentialsJson: {
    key: 'GOOGLE_APPLICATION_CREDENTIALS_JSON',
    doc: 'GCS service account JSON.',
  },
  azureStorageKey: { key: 'AZURE_STORAGE_KEY', doc: 'Azure storage account key.' },
  redisPassword: {
    key: 'REDIS_PASSWORD',
    doc: 'Password of the in-cluster Redis (URL-safe: letters, digits, "-._~").',
  },
  postgresPassword: {
    key: 'POSTGRES_PASSWORD',
    doc: 'Password of the development in-cluster PostgreSQL (URL-safe: letters, digits, "-._~"). The image applies it when it initialises an empty data volume; to change it on a kept volume, also run ALTER USER.',
  },
} as const;
export type SecretEntry = keyof typeof SECRET_ENTRIES;
const ENTRY_NAMES = Object.keys(SECRET_ENTRIES) as SecretEntry[];

const keysShape = Object.fromEntries(
  ENTRY_NAMES.map((e) => [
    e,
    secretKeyName()
      .default(SECRET_ENTRIES[e].key)
      .meta({ description: `Secret key for: ${SECRET_ENTRIES[e].doc}` }),
  ]),
) as { [K in SecretEntry]: z.ZodDefault<ReturnType<typeof secretKeyName>> };

const inlineShape = Object.fromEntries(
  ENTRY_NAMES.map((e) => [
    e,
    z
      .string()
      .min(1)
      .optional()
      .meta({ description: `Development only. ${SECRET_ENTRIES[e].doc}` }),
  ]),
) as { [K in SecretEntry]: z.ZodOptional<z.ZodString> };

export const secretsSchema = z
  .strictObject({
    source: z.enum(['existingSecret', 'externalSecret', 'inline']).default('existingSecret').meta({
      description:
        '`existingSecret`: a Secret you create (or a secrets operator creates) in the namespace; `externalSecret`: an External Secrets Operator `ExternalSecret` (external-secrets.io/v1) rendered here materialises the Secret from a SecretStore/ClusterSecretStore; `inline`: values below rendered into a development-only Secret.',
    }),
    existingSecret: k8sSubdomainName()
      .optional()
      .meta({ description: 'Name of the existing Secret (with `source: existingSecret`).' }),
    externalSecret: z
      .strictObject({
        storeRef: z
          .strictObject({
            kind: z
              .enum(['ClusterSecretStore', 'SecretStore'])
              .default('ClusterSecretStore')
              .meta({ description: 'Kind of the store.' }),
            name: k8sSubdomainName().optional().meta({
              description: 'Name of the SecretStore / ClusterSecretStore (e.g. one backed by AWS Secrets Manager).',
            }),
          })
          .prefault({})
          .meta({ description: 'The store the operator reads from.' }),
        remoteKey: z.string().min(1).optional().meta({
          description:
            'Key of the remote secret holding every value as a JSON property (AWS Secrets Manager: the secret name, e.g. "prod/open-webui").',
        }),
        refreshInterval: z
          .string()
          .regex(/^(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/, {
            message: 'must be a Go duration such as "1h", "15m" or "0" (fetch once)',
          })
          .default('1h')
          .meta({ description: 'How often the operator re-reads the store.' }),
        properties: z
          .strictObject(
            Object.fromEntries(
              ENTRY_NAMES.map((e) => [
                e,
                z
                  .strictObject({
                    remoteKey: z
                      .string()
                      .min(1)
                      .optional()
                      .meta({ description: 'Remote secret for this value (default: externalSecret.remoteKey).' }),
                    property: z
                      .string()
                      .min(1)
                      .optional()
                      .meta({ description: `Property inside it (default: the Secret key, ${SECRET_ENTRIES[e].key}).` }),
                  })
                  .optional()
                  .meta({ description: `Where ${SECRET_ENTRIES[e].key} comes from.` }),
              ]),
            ) as {
              [K in SecretEntry]: z.ZodOptional<
                z.ZodObject<
                  { remoteKey: z.ZodOptional<z.ZodString>; property: z.ZodOptional<z.ZodString> },
                  z.core.$strict
                >
              >;
            },
          )
          .prefault({})
          .meta({ description: 'Per-value overrides of the remote key and property.' }),
      })
      .prefault({})
      .meta({ description: 'With `source: externalSecret`: the ExternalSecret that materialises the app Secret.' }),
    keys: z.strictObject(keysShape).prefault({}).meta({ description: 'Key names inside the Secret, per value.' }),
    inline: z.strictObject(inlineShape).prefault({}).meta({
      description: 'Development only (`environment.development: true`): plaintext values rendered into a Secret.',
    }),
  })
  .prefault({})
  .meta({ description: 'Secret values of the app (one Secret shared by every replica and the migrator).' });
