/** Rules on where the app's secret values come from (`secrets.*`). */
import { ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { CHECKLIST, finding, findingIf, Finding, Rule, rule, findings } from './rule';
import { requirement } from './openwebui';
import { SECURITY_DOCS } from './security';

export const K8S_EXPANSION =
  'https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/';

/** Characters that survive inside a URL's user-info without encoding (RFC 3986 unreserved). */
export const URL_SAFE_PASSWORD = /^[A-Za-z0-9._~-]+$/;

/** The scheme of a URL ("redis", "postgresql"), lower-cased, or undefined: never more of the URL, which may hold a password. */
export function urlScheme(url: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url.trim())?.[1].toLowerCase();
}
export const schemeText = (scheme: string | undefined) =>
  scheme === undefined ? 'has no scheme://' : `starts with "${scheme}://"`;

export function multiReplicaSecretKey(v: Values, m: ReleaseModel): Finding[] {
  if (!m.processes.multi) return [];
  if (v.secrets.source === 'inline' && !v.secrets.inline.secretKey) {
    return [
      finding(
        ['secrets', 'inline', 'secretKey'],
        `${requirement(1, m)} needs one shared WEBUI_SECRET_KEY; without it every replica generates its own and users see login loops and 401s.`,
        'Set secrets.inline.secretKey (development only), or switch to secrets.source: existingSecret with a Secret that holds WEBUI_SECRET_KEY.',
      ),
    ];
  }
  return [];
}

export function secretsInlineDevelopmentOnly(v: Values): Finding[] {
  const [out, add] = findings();
  if (v.secrets.source === 'inline' && !v.environment.development) {
    add(
      ['secrets', 'source'],
      'Inline secrets are for development only; this environment is not marked environment.development: true, and its plaintext secrets would be committed to dist/.',
      'Create the Secret outside Git and use secrets.source: existingSecret with secrets.existingSecret: <name>.',
      'inline',
    );
  }
  if (v.secrets.source !== 'inline') {
    for (const [key, value] of Object.entries(v.secrets.inline)) {
      if (value !== undefined)
        add(
          ['secrets', 'inline', key],
          `secrets.inline.${key} is set but secrets.source is "${v.secrets.source}", so it would be ignored.`,
          'Remove the inline value (put it in the Secret instead).',
          '(hidden)',
        );
    }
  }
  return out;
}

export function secretsExistingName(v: Values): Finding[] {
  return findingIf(
    v.secrets.source === 'existingSecret' && !v.secrets.existingSecret,
    ['secrets', 'existingSecret'],
    'secrets.source is existingSecret but no Secret is named.',
    'Set secrets.existingSecret to the name of a Secret in the namespace that holds WEBUI_SECRET_KEY (and DATABASE_URL, REDIS_URL as used).',
  );
}

export function secretsInlineMissing(v: Values, m: ReleaseModel): Finding[] {
  if (v.secrets.source !== 'inline') return [];
  // The development Redis/PostgreSQL passwords have their own, more specific rules (rules/redis.ts).
  return m.credentials.inAppSecret
    .filter(
      ({ entry }) =>
        entry !== 'secretKey' && entry !== 'redisPassword' && entry !== 'postgresPassword' && !v.secrets.inline[entry],
    )
    .map(({ entry: key, why }) =>
      finding(
        ['secrets', 'inline', key],
        `secrets.inline.${key} is required because ${why}.`,
        `Set secrets.inline.${key}.`,
      ),
    );
}

export function secretsExternalSecret(v: Values, m: ReleaseModel): Finding[] {
  const es = v.secrets.externalSecret;
  if (v.secrets.source !== 'externalSecret') {
    const set =
      es.storeRef.name !== undefined ||
      es.remoteKey !== undefined ||
      Object.values(es.properties).some((p) => p !== undefined);
    return findingIf(
      set,
      ['secrets', 'externalSecret'],
      `secrets.externalSecret is set but secrets.source is "${v.secrets.source}", so it would be ignored.`,
      'Set secrets.source: externalSecret, or remove secrets.externalSecret.',
    );
  }
  const [out, add] = findings();
  if (!es.storeRef.name)
    add(
      ['secrets', 'externalSecret', 'storeRef', 'name'],
      'secrets.source is externalSecret but no SecretStore is named.',
      'Set secrets.externalSecret.storeRef.name (and kind: ClusterSecretStore or SecretStore).',
    );
  if (v.secrets.existingSecret)
    add(
      ['secrets', 'existingSecret'],
      'secrets.existingSecret is set but secrets.source is externalSecret: the ExternalSecret creates the Secret itself.',
      'Remove secrets.existingSecret.',
    );
  const missing = m.credentials.inAppSecret.filter(({ entry }) => !es.remoteKey && !es.properties[entry]?.remoteKey);
  for (const { entry, why } of missing) {
    add(
      ['secrets', 'externalSecret', 'remoteKey'],
      `No remote key for ${entry}, which is required because ${why}.`,
      `Set secrets.externalSecret.remoteKey (one remote secret with every value as a JSON property) or secrets.externalSecret.properties.${entry}.remoteKey.`,
    );
  }
  return out;
}

/** Entries whose own-Secret and unused-inline cases have rules of their own (rules/redis.ts, rules/database.ts). */
const BACKEND_PASSWORDS = new Set(['redisUrl', 'redisPassword', 'postgresPassword']);

/** A Secret named for a credential the release does not read would be silently ignored. */
export function secretRefUnused(_v: Values, m: ReleaseModel): Finding[] {
  return m.credentials.ownSecrets
    .filter((o) => !o.entries.some((e) => BACKEND_PASSWORDS.has(e)))
    .filter((o) => !m.credentials.all.some((c) => c.secretFrom.join('.') === o.path.join('.')))
    .map((o) =>
      finding(
        o.path,
        `${o.path.join('.')} names a Secret for ${o.entries.map((e) => `secrets.keys.${e}`).join(' and ')}, but this release does not read it (its setting is off), so it would be ignored.`,
        `Turn on the setting that reads it, or remove ${o.path.join('.')}.`,
        o.name,
      ),
    );
}

/** An inline value the release does not read from the rendered Secret would be silently ignored. */
export function secretsInlineUnused(v: Values, m: ReleaseModel): Finding[] {
  if (v.secrets.source !== 'inline') return [];
  return (Object.entries(v.secrets.inline) as [keyof typeof v.secrets.inline, string | undefined][])
    .filter(([entry, value]) => value !== undefined && !BACKEND_PASSWORDS.has(entry))
    .filter(([entry]) => !m.credentials.inAppSecret.some((c) => c.entry === entry))
    .map(([entry]) => {
      const c = m.credentials.get(entry);
      return finding(
        ['secrets', 'inline', entry],
        c
          ? `secrets.inline.${entry} is set but ${entry} is read from the Secret named in ${c.secretFrom.join('.')}, so the inline value would be ignored.`
          : `secrets.inline.${entry} is set but this release does not read ${entry} (its setting is off), so it would be ignored.`,
        c ? `Remove secrets.inline.${entry}, or remove ${c.secretFrom.join('.')}.` : `Remove secrets.inline.${entry}.`,
        '(hidden)',
      );
    });
}

/**
 * A `secretKeyRef` into the app Secret while this release renders that Secret (inline) or has it
 * materialised (ExternalSecret): the rendered Secret holds only the managed entries, so a key
 * that is not one of them would leave the pods in CreateContainerConfigError.
 */
export function secretRefAppSecret(v: Values, m: ReleaseModel): Finding[] {
  if (v.secrets.source === 'existingSecret') return [];
  const held = new Set(m.credentials.inAppSecret.map((c) => c.ref.key));
  return m.credentials.all
    .filter((c) => c.entry === undefined && c.ref.name === m.credentials.appSecretName && !held.has(c.ref.key))
    .map((c) =>
      finding(
        c.secretFrom,
        `${c.id} reads key "${c.ref.key}" of ${c.ref.name}, the Secret this release ${v.secrets.source === 'inline' ? 'renders from secrets.inline' : 'has the ExternalSecret materialise'}, which holds only its managed entries (${[...held].join(', ') || 'none'}).`,
        `Point it at a Secret of its own (name: <secret>, key: <key>), or at one of the keys the app Secret holds.`,
        c.ref,
      ),
    );
}

export const secretsRules: readonly Rule[] = [
  rule(
    'multi-replica-secret-key',
    'More than one process needs one shared WEBUI_SECRET_KEY from one Secret.',
    'error',
    CHECKLIST,
    multiReplicaSecretKey,
  ),
  rule(
    'secrets-inline-development-only',
    'Inline secrets are for development environments only.',
    'error',
    CHECKLIST,
    secretsInlineDevelopmentOnly,
  ),
  rule(
    'secrets-existing-name',
    'secrets.source existingSecret needs secrets.existingSecret.',
    'error',
    CHECKLIST,
    secretsExistingName,
  ),
  rule(
    'secrets-inline-missing',
    'A credential the release uses is missing from secrets.inline.',
    'error',
    CHECKLIST,
    secretsInlineMissing,
  ),
  rule(
    'secrets-external-secret',
    'secrets.externalSecret is set while secrets.source is not externalSecret.',
    'error',
    `${SECURITY_DOCS}#secrets`,
    secretsExternalSecret,
  ),
  rule(
    'secret-ref-unused',
    'A secret reference is set that no enabled setting reads.',
    'error',
    `${SECURITY_DOCS}#a-secret-per-credential`,
    secretRefUnused,
  ),
  rule(
    'secrets-inline-unused',
    'An inline secret is set that nothing reads.',
    'error',
    `${SECURITY_DOCS}#a-secret-per-credential`,
    secretsInlineUnused,
  ),
  rule(
    'secret-ref-app-secret',
    'A secret reference points at the app Secret under a key it does not hold.',
    'error',
    `${SECURITY_DOCS}#a-secret-per-credential`,
    secretRefAppSecret,
  ),
];
