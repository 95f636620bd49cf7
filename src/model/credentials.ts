/**
 * Which Secret and key holds each credential the release reads, decided once. Consumers (env
 * rows, backends, the inline Secret, the ExternalSecret, rules, plan) only read `ref`, so giving a
 * credential a Secret reference of its own is a change here and nowhere else.
 *
 * Two kinds:
 * - an entry of `SECRET_ENTRIES` (database URL, Redis URL, storage keys, OAuth client secrets, the
 *   encryption keys, ...): its key is `secrets.keys.<entry>`, in the app Secret unless its section
 *   names a Secret of its own (`database.existingSecret`, `storage.s3.existingSecret`,
 *   `sso.oidc.clientExistingSecret`, ...). Only these are rendered by `secrets.inline` and
 *   materialised by the ExternalSecret.
 * - a `secretKeyRef` given in values (`openwebui.connections.openai[].apiKeySecretRef`,
 *   `openwebui.embeddings.apiKeySecretRef`): read where it points, never managed here.
 */
import { formatPath, Path } from '../errors';
import { SecretEntry, Values } from '../values/schema';
import type { DatabaseKind, RedisKind } from './backends';
import { Names } from './names';

/** A key of a Secret, as a `secretKeyRef` names it. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

export interface Credential {
  /** The entry of `SECRET_ENTRIES`, or the dotted values key of a `secretKeyRef`. */
  readonly id: string;
  /** Its entry, for credentials that `secrets.keys` names (undefined for a `secretKeyRef` from values). */
  readonly entry?: SecretEntry;
  /** Where the value is read from. */
  readonly ref: SecretKeyRef;
  /** The values key that names the Secret (`secrets.existingSecret`, `database.existingSecret`, ...). */
  readonly secretFrom: Path;
  /** Kept in the app Secret: what `secrets.inline` renders and the ExternalSecret materialises. */
  readonly inAppSecret: boolean;
  /** Why the release needs it, for messages. */
  readonly why: string;
}

/** A credential kept in the app Secret (always an entry). */
export type AppSecretCredential = Credential & { readonly entry: SecretEntry; readonly inAppSecret: true };

export interface Credentials {
  readonly source: Values['secrets']['source'];
  /** Name of the Secret the app reads its secret values from (existing, rendered inline, or materialised). */
  readonly appSecretName: string;
  /** Every credential the release reads. */
  readonly all: readonly Credential[];
  /** The ones kept in the app Secret. */
  readonly inAppSecret: readonly AppSecretCredential[];
  /** Every Secret of its own that values name for an entry (`database.existingSecret`, ...), read or not. */
  readonly ownSecrets: readonly {
    readonly path: Path;
    readonly name: string;
    readonly entries: readonly SecretEntry[];
  }[];
  /** The credential of one entry, when the release reads it. */
  get(entry: SecretEntry): Credential | undefined;
  /** The credential of a `secretKeyRef` at a values key (dotted), when the release reads it. */
  ref(id: string): Credential | undefined;
}

/** The OAuth providers Open WebUI registers, with the entry of their client secret. */
export const OAUTH_CLIENT_SECRETS = {
  oidc: 'oidcClientSecret',
  microsoft: 'microsoftClientSecret',
  google: 'googleClientSecret',
  github: 'githubClientSecret',
} as const satisfies Record<string, SecretEntry>;
export type OAuthProviderId = keyof typeof OAUTH_CLIENT_SECRETS;
export const OAUTH_PROVIDER_IDS = Object.keys(OAUTH_CLIENT_SECRETS) as OAuthProviderId[];

/** Providers turned on (with `sso.enabled`). */
export const enabledProviders = (v: Values): OAuthProviderId[] =>
  v.sso.enabled ? OAUTH_PROVIDER_IDS.filter((p) => v.sso[p].enabled) : [];

/** Whether a provider reads a client secret (every provider does, but a PKCE-only OIDC public client). */
export const readsClientSecret = (v: Values, p: OAuthProviderId): boolean =>
  p !== 'oidc' || v.sso.oidc.clientSecretFromSecret;

export function credentialsOf(v: Values, names: Names, redis: RedisKind, database: DatabaseKind): Credentials {
  const s = v.secrets;
  const appSecretName =
    s.source === 'existingSecret' && s.existingSecret ? s.existingSecret : names.objectName('secrets');
  const vdb = v.vectorDb;
  const st = v.storage;
  const externalRedis = redis === 'external' || redis === 'sentinel' || redis === 'cluster';
  const inClusterRedisAuth = redis === 'in-cluster' && v.redis.internal.auth.enabled;
  const providers = enabledProviders(v);
  const oauth = providers.length > 0;
  const oauthWhy = `an OAuth provider is on (sso.${providers[0] ?? 'oidc'})`;
  const encryption: [Path, string | undefined] = [
    ['sso', 'encryptionKeys', 'existingSecret'],
    v.sso.encryptionKeys.existingSecret,
  ];
  const client = (p: OAuthProviderId): [boolean, string, [Path, string | undefined]] => [
    providers.includes(p) && readsClientSecret(v, p),
    `sso.${p}.enabled is true`,
    [['sso', p, 'clientExistingSecret'], v.sso[p].clientExistingSecret],
  ];
  // entry -> [needed, why, its own Secret (values key, name) when its section names one]; in the order the ExternalSecret lists them
  const needs: Record<SecretEntry, [boolean, string, [Path, string | undefined]?]> = {
    secretKey: [true, 'every replica must sign sessions with the same key'],
    databaseUrl: [
      database === 'external',
      'database.type is postgresql (and the in-cluster development PostgreSQL is off)',
      [['database', 'existingSecret'], v.database.existingSecret],
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
    oauthSessionTokenEncryptionKey: [oauth, oauthWhy, encryption],
    oauthClientInfoEncryptionKey: [oauth, oauthWhy, encryption],
    oidcClientSecret: client('oidc'),
    microsoftClientSecret: client('microsoft'),
    googleClientSecret: client('google'),
    githubClientSecret: client('github'),
    pgvectorDbUrl: [
      vdb.type === 'pgvector' && vdb.pgvector.separateUrl,
      'vectorDb.pgvector.separateUrl is true',
      [['vectorDb', 'pgvector', 'existingSecret'], vdb.pgvector.existingSecret],
    ],
    qdrantApiKey: [
      vdb.type === 'qdrant' && vdb.qdrant.apiKeyFromSecret,
      'vectorDb.qdrant.apiKeyFromSecret is true',
      [['vectorDb', 'qdrant', 'existingSecret'], vdb.qdrant.existingSecret],
    ],
    s3AccessKeyId: [
      st.provider === 's3' && st.s3.credentialsFromSecret,
      'storage.s3.credentialsFromSecret is true',
      [['storage', 's3', 'existingSecret'], st.s3.existingSecret],
    ],
    s3SecretAccessKey: [
      st.provider === 's3' && st.s3.credentialsFromSecret,
      'storage.s3.credentialsFromSecret is true',
      [['storage', 's3', 'existingSecret'], st.s3.existingSecret],
    ],
    gcsCredentialsJson: [
      st.provider === 'gcs' && st.gcs.credentialsFromSecret,
      'storage.gcs.credentialsFromSecret is true',
      [['storage', 'gcs', 'existingSecret'], st.gcs.existingSecret],
    ],
    azureStorageKey: [
      st.provider === 'azure' && st.azure.credentialsFromSecret,
      'storage.azure.credentialsFromSecret is true',
      [['storage', 'azure', 'existingSecret'], st.azure.existingSecret],
    ],
  };
  const appSecretFrom: Path = s.source === 'existingSecret' ? ['secrets', 'existingSecret'] : ['secrets', 'source'];
  const all: Credential[] = [];
  const ownSecrets = new Map<string, { path: Path; name: string; entries: SecretEntry[] }>();
  for (const entry of Object.keys(needs) as SecretEntry[]) {
    const [needed, why, own] = needs[entry];
    if (own?.[1] !== undefined) {
      const o = ownSecrets.get(own[0].join('.')) ?? { path: own[0], name: own[1], entries: [] };
      o.entries.push(entry);
      ownSecrets.set(own[0].join('.'), o);
    }
    if (!needed) continue;
    const ownName = own?.[1];
    all.push({
      id: entry,
      entry,
      ref: { name: ownName ?? appSecretName, key: s.keys[entry] },
      secretFrom: ownName !== undefined && own ? own[0] : appSecretFrom,
      inAppSecret: ownName === undefined,
      why,
    });
  }
  // Secret references given in values, in values order.
  const refs: [Path, SecretKeyRef | undefined, string][] = [
    ...v.openwebui.connections.openai.map((c, i): [Path, SecretKeyRef | undefined, string] => [
      ['openwebui', 'connections', 'openai', i, 'apiKeySecretRef'],
      c.apiKeySecretRef,
      `OpenAI-compatible connection ${i + 1} (${c.baseUrl}) is configured with a key`,
    ]),
    [
      ['openwebui', 'embeddings', 'apiKeySecretRef'],
      v.openwebui.embeddings.engine !== 'local' ? v.openwebui.embeddings.apiKeySecretRef : undefined,
      `the ${v.openwebui.embeddings.engine} embeddings API is configured with a key`,
    ],
  ];
  for (const [path, ref, why] of refs)
    if (ref) all.push({ id: formatPath(path), ref: { ...ref }, secretFrom: path, inAppSecret: false, why });
  const inAppSecret = all.filter((c): c is AppSecretCredential => c.inAppSecret && c.entry !== undefined);
  return {
    source: s.source,
    appSecretName,
    all,
    inAppSecret,
    ownSecrets: [...ownSecrets.values()],
    get: (entry) => all.find((c) => c.entry === entry),
    ref: (id) => all.find((c) => c.entry === undefined && c.id === id),
  };
}
