/**
 * Secrets fit for Git, in the values pipeline:
 * - `${env:NAME}` in any string value is replaced by the environment variable NAME at synth
 *   time (development environments only: the result lands in dist/). Unset is an error.
 * - Every values file is scanned for things that look like credentials (URLs with a password,
 *   or a credential in the query string, webhook URLs, private keys, cloud keys, API tokens,
 *   literal values of credential-named env vars and label/annotation keys); outside development they
 *   are refused with file, line and key path, because dist/ is committed.
 * Documented in docs/security.md#secrets.
 */
import { Path, Problem } from '../errors';
import { pathKey, ValuesLayer } from './source';

export const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
const SECURITY_DOCS = 'docs/security.md#secrets';

/** What looks like a credential, by content. */
export const CREDENTIAL_PATTERNS: readonly { name: string; re: RegExp }[] = [
  { name: 'a URL with a password', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i },
  {
    name: 'a URL with a credential in its query string',
    re: /[?&;](password|passwd|pwd|token|access_token|auth_token|api_?key|apikey|secret|client_secret|sig|signature|x-amz-signature|x-goog-signature)=[^&#\s]+/i,
  },
  {
    name: 'a webhook URL (the URL is the credential)',
    re: /\bhttps?:\/\/(hooks\.slack\.com\/(services|workflows|triggers)\/|(discord|discordapp)\.com\/api\/webhooks\/|[a-z0-9.-]*\.webhook\.office\.com\/)[^\s]+/i,
  },
  { name: 'a private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'an AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'an OpenAI-style API key', re: /\bsk-(proj-|ant-)?[A-Za-z0-9_-]{20,}\b/ },
  { name: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/**
 * Names (env vars, label and annotation keys) whose literal value is a credential: the word
 * anywhere in the name, so `OPENAI_API_KEYS`, `LDAP_APP_PASSWORD_`, `SMTP_PASSWORD_FILE` and
 * `my.io/password` all count.
 */
export const CREDENTIAL_NAME =
  /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEYS?|APIKEYS?|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)/i;

/**
 * Values that are never a credential whatever the name: empty, a boolean or number (switches and
 * settings such as `ENABLE_API_KEY: "true"` or a token lifetime), absolute file paths (`*_FILE`
 * names point at a mounted file; `API_KEY_ALLOWED_ENDPOINTS` lists URL paths) and OAuth
 * client-authentication method names (`OAUTH_TOKEN_ENDPOINT_AUTH_METHOD: client_secret_post`).
 */
const BENIGN_VALUE =
  /^(|true|false|yes|no|on|off|-?\d+(\.\d+)?[smhdw]?|\/[^\s,]*(\s*,\s*\/[^\s,]*)*|client_secret_(basic|post|jwt)|private_key_jwt|none)$/i;

/**
 * In label and annotation keys, "secret" usually names a Secret object (`nginx.ingress.kubernetes.io/auth-secret: basic-auth`,
 * `.../auth-tls-secret: ns/name`): a lower-case Kubernetes name or path is taken as such a reference.
 */
const SECRET_REFERENCE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$/;
const ONLY_SECRET_WORD = (key: string) =>
  !/(PASSWORD|PASSWD|TOKEN|API_?KEYS?|APIKEYS?|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)/i.test(key);

/**
 * Names that end in a word saying what the value is, and it is not the credential itself:
 * `PASSWORD_VALIDATION_REGEX_PATTERN`, `API_KEY_HEADER`, `OAUTH_TOKEN_ENDPOINT_AUTH_METHOD`,
 * `..._SECRET_NAME` (a Secret object's name). URLs under such names are still scanned by content.
 */
const NON_SECRET_SUFFIX =
  /_(PATTERN|REGEX|URL|URI|ENDPOINTS?|METHOD|EXPIRY|EXPIRES_IN|EXPIRATION|TTL|LENGTH|HEADER|NAME|TYPE|MODE|ALGORITHM)$/i;

/** Whether a literal value under this env var name would put a credential into dist/. */
export function credentialByName(name: string, value: string): boolean {
  return CREDENTIAL_NAME.test(name) && !NON_SECRET_SUFFIX.test(name) && !BENIGN_VALUE.test(value.trim());
}

/** Whether a label/annotation entry (key: value) would put a credential into dist/. */
export function credentialByMapKey(key: string, value: string): boolean {
  const name = key.replace(/[-./]/g, '_'); // example.com/api-key -> example_com_api_key
  if (!credentialByName(name, value)) return false;
  return !(ONLY_SECRET_WORD(name) && SECRET_REFERENCE.test(value));
}

/** Label and annotation maps: their keys are names, checked like env var names. */
const isMetadataMap = (key: unknown) => typeof key === 'string' && /(labels|annotations)$/i.test(key);

function walk(
  data: unknown,
  path: Path,
  visit: (value: unknown, path: Path, parent: unknown) => unknown,
  parent?: unknown,
): unknown {
  const replaced = visit(data, path, parent);
  if (replaced !== data) return replaced;
  if (Array.isArray(data)) data.forEach((v, i) => (data[i] = walk(v, [...path, i], visit, data)));
  else if (data && typeof data === 'object')
    for (const [k, v] of Object.entries(data))
      (data as Record<string, unknown>)[k] = walk(v, [...path, k], visit, data);
  return data;
}

const located = (layer: ValuesLayer, path: Path) => {
  const pos = layer.positions?.get(pathKey(path));
  return { file: layer.label, line: pos?.line, column: pos?.column };
};

export interface EnvRefResult {
  /** Unset variables: errors. */
  readonly problems: Problem[];
  /** Where `${env:...}` was used: refused outside development. */
  readonly uses: Problem[];
}

/** Replaces `${env:NAME}` in every layer (in place). */
export function resolveEnvRefs(layers: ValuesLayer[], env: NodeJS.ProcessEnv = process.env): EnvRefResult {
  const problems: Problem[] = [];
  const uses: Problem[] = [];
  for (const layer of layers) {
    walk(layer.data, [], (value, path) => {
      if (typeof value !== 'string' || !value.includes('${env:')) return value;
      const names: string[] = [];
      const out = value.replace(ENV_REF, (_m, name: string) => {
        names.push(name);
        const v = env[name];
        if (v === undefined || v === '') {
          problems.push({
            severity: 'error',
            id: 'env-reference-unset',
            path,
            message: `\${env:${name}} is used here but the environment variable ${name} is not set (or empty).`,
            hint: `Export ${name} before running synth (e.g. \`${name}=... npm run synth -- --env <env>\`), or write the value in the file.`,
            docs: SECURITY_DOCS,
            ...located(layer, path),
          });
          return '';
        }
        return v;
      });
      if (names.length) {
        uses.push({
          severity: 'error',
          id: 'env-reference-development-only',
          path,
          message: `\${env:${names.join('}, ${env:')}} would render the variable's value in plain text into dist/, which is committed; that is only allowed in an environment marked environment.development: true.`,
          hint: 'Put the value in the app Secret (secrets.source: existingSecret or externalSecret) instead.',
          docs: SECURITY_DOCS,
          ...located(layer, path),
        });
      }
      return out;
    });
  }
  return { problems, uses };
}

/** Things in the values files that look like credentials (checked before `${env:}` resolution). */
export function scanCredentials(layers: readonly ValuesLayer[]): Problem[] {
  const out: Problem[] = [];
  for (const layer of layers) {
    walk(layer.data, [], (value, path, parent) => {
      if (typeof value !== 'string' || value.includes('${env:')) return value;
      // secrets.inline has its own rule (secrets-inline-development-only).
      if (path[0] === 'secrets' && path[1] === 'inline') return value;
      let what = CREDENTIAL_PATTERNS.find((p) => p.re.test(value))?.name;
      const name =
        parent && typeof parent === 'object' && !Array.isArray(parent)
          ? (parent as Record<string, unknown>).name
          : undefined;
      const key = path[path.length - 1];
      if (!what && key === 'value' && typeof name === 'string' && credentialByName(name, value))
        what = `a literal value for ${name}`;
      if (!what && typeof key === 'string' && isMetadataMap(path[path.length - 2]) && credentialByMapKey(key, value))
        what = `a literal value under the key "${key}"`;
      if (what) {
        out.push({
          severity: 'error',
          id: 'secrets-plaintext-credential',
          path,
          message: `This looks like a credential (${what}). An environment not marked environment.development: true never renders plaintext secrets into dist/, which is committed.`,
          received: '(hidden)',
          hint: 'Keep it in the app Secret (secrets.source: existingSecret or externalSecret) and reference it with extraEnv valueFrom.secretKeyRef; or use ${env:NAME} in a development environment.',
          docs: SECURITY_DOCS,
          ...located(layer, path),
        });
      }
      return value;
    });
  }
  return out;
}
