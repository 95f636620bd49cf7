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
import { Path, PathSegment, Problem } from '../errors';
import {
  credentialByContent,
  CREDENTIAL_PATTERNS,
  describeSecretlint,
  hideIn,
  lintDistinct,
  lintDistinctLater,
  scanRenderedCredentials,
  shownStrings,
  stringsOf,
} from '../check/credentials';

export { credentialByContent, CREDENTIAL_PATTERNS, describeSecretlint, scanRenderedCredentials };
import { locate, pathKey, ValuesLayer } from './source';

export const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
const SECURITY_DOCS = 'docs/security.md#secrets';

/**
 * Names (env vars, label and annotation keys) whose literal value is a credential: the word
 * anywhere in the name, so `OPENAI_API_KEYS`, `LDAP_APP_PASSWORD_`, `SMTP_PASSWORD_FILE` and
 * `my.io/password` all count; and short words as whole parts of the name (`SMTP_PASS`,
 * `LDAP_BIND_KEY`, `AUTHORIZATION`, `DB_PWD`), which inside other words mean something else.
 */
export const CREDENTIAL_NAME =
  /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEYS?|APIKEYS?|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTHORIZATION)|(^|[_.-])(PASS|PWD|KEYS?|COOKIE|BEARER|SIGNATURE|SALT)([_.-]|$)/i;

/**
 * Values that are never a credential whatever the name: empty, a boolean, a short number or a
 * duration (switches and settings such as `ENABLE_API_KEY: "true"` or a token lifetime of
 * `3600`; a number of six digits or more under a credential name is a PIN or a numeric token) and
 * OAuth client-authentication method names (`OAUTH_TOKEN_ENDPOINT_AUTH_METHOD: client_secret_post`).
 * A value starting with "/" is a credential too (passwords may), unless the name says it is a path
 * (NON_SECRET_SUFFIX: `*_FILE`, `*_PATH`, `*_ENDPOINTS`).
 */
const BENIGN_VALUE =
  /^(|true|false|yes|no|on|off|-?\d{1,5}(\.\d+)?|-?\d+(\.\d+)?(ms|[smhdw])|client_secret_(basic|post|jwt)|private_key_jwt|none)$/i;

/**
 * In label and annotation keys, "secret" usually names a Secret object (`nginx.ingress.kubernetes.io/auth-secret: basic-auth`,
 * `.../auth-tls-secret: ns/name`): a lower-case Kubernetes name or path is taken as such a reference.
 */
const SECRET_REFERENCE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$/;
const ONLY_SECRET_WORD = (key: string) =>
  !/(PASSWORD|PASSWD|TOKEN|API_?KEYS?|APIKEYS?|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)|(^|_)(PASS|PWD|KEYS?)(_|$)/i.test(
    key,
  );

/**
 * Names that end in a word saying what the value is, and it is not the credential itself:
 * `PASSWORD_VALIDATION_REGEX_PATTERN`, `API_KEY_HEADER`, `OAUTH_TOKEN_ENDPOINT_AUTH_METHOD`,
 * `..._SECRET_NAME` (a Secret object's name), `SMTP_PASSWORD_FILE` (a mounted file's path),
 * `TOKEN_EXPIRY_SECONDS`. URLs under such names are still scanned by content.
 */
const NON_SECRET_SUFFIX =
  /_(PATTERN|REGEX|URL|URI|ENDPOINTS?|METHOD|EXPIRY|EXPIRES_IN|EXPIRATION|TTL|LENGTH|HEADER|NAME|TYPE|MODE|ALGORITHM|PREFIX|SUFFIX|SECONDS|MINUTES|HOURS|DAYS|INTERVAL|TIMEOUT|SIZE|LIMIT|COUNT|ENABLED)$/i;

/** Names that hold a path (`SMTP_PASSWORD_FILE` points at a mounted file): a path there is a setting. */
const PATH_SUFFIX = /_(FILE|PATH|DIR)$/i;
const PATH_LIST = /^\.{0,2}\/[^\s,]*(\s*,\s*\/[^\s,]*)*$/;

/** Whether a literal value under this env var name would put a credential into dist/. */
export function credentialByName(name: string, value: string): boolean {
  if (!CREDENTIAL_NAME.test(name) || NON_SECRET_SUFFIX.test(name)) return false;
  const v = value.trim();
  if (BENIGN_VALUE.test(v) || (/^ENABLE_/i.test(name) && /^(true|false)$/i.test(v))) return false;
  if (PATH_SUFFIX.test(name)) return !PATH_LIST.test(v);
  // Elsewhere a value starting with "/" is a credential (passwords may), unless it is clearly a
  // list of paths of several segments without base64 characters (`API_KEY_ALLOWED_ENDPOINTS`-like).
  return !(PATH_LIST.test(v) && /^\/[^/\s]+\/[^\s]/.test(v) && !/[+=]/.test(v));
}

/** Whether a label/annotation entry (key: value) would put a credential into dist/. */
export function credentialByMapKey(key: string, value: string): boolean {
  const name = key.replace(/[-./]/g, '_'); // example.com/api-key -> example_com_api_key
  if (!credentialByName(name, value)) return false;
  return !(ONLY_SECRET_WORD(name) && SECRET_REFERENCE.test(value));
}

/** Label and annotation maps: their keys are names, checked like env var names. */
const isMetadataMap = (key: unknown) => typeof key === 'string' && /(labels|annotations)$/i.test(key);

const located = (layer: ValuesLayer, path: Path) => {
  const pos = layer.positions?.get(pathKey(path));
  // A --set layer names the one flag that set the key (source.ts), not every flag of the layer.
  return { file: locate([layer], path)?.file ?? layer.label, line: pos?.line, column: pos?.column };
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
    stringsOf(layer.data, (value, parentPath, key, parent) => {
      if (!value.includes('${env:')) return;
      const path = [...parentPath, key];
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
      (parent as Record<PathSegment, unknown>)[key] = out; // in place, as the layer is merged next
    });
  }
  return { problems, uses };
}

interface Candidate {
  readonly layer: ValuesLayer;
  /** The string's path is parentPath plus key (built only for a flagged one: hostile maps are wide). */
  readonly parentPath: Path;
  readonly key: PathSegment;
  readonly value: string;
  what?: string;
}

export interface CredentialScan {
  /** One error per credential, located; the value is never in it. */
  readonly problems: Problem[];
  /** The refused values themselves, so that no other message prints them (redactCredentials). */
  readonly secrets: string[];
}

/** Things in the values files that look like credentials (checked before `${env:}` resolution). */
export function scanCredentials(layers: readonly ValuesLayer[]): CredentialScan {
  return scanCredentialsLater(layers)();
}

/**
 * `scanCredentials` in two steps: the strings are read and judged by name and content now (before
 * `${env:}` resolution changes them), the rest posted to secretlint; the returned function gives the
 * result, waiting for secretlint only if it has not answered yet.
 */
export function scanCredentialsLater(layers: readonly ValuesLayer[]): () => CredentialScan {
  const candidates: Candidate[] = [];
  // A credential-named env var's value of the wrong type (a number, a list): refused by the schema,
  // never printed by its problem (redactCredentials hides what `secrets` holds).
  const wrongType: string[] = [];
  for (const layer of layers) {
    stringsOf(
      layer.data,
      (value, parentPath, key, parent) => {
        if (key === 'name' && parent && typeof parent === 'object' && !Array.isArray(parent)) {
          const v = (parent as Record<string, unknown>).value;
          const hide = (x: string) => credentialByName(value, x) && wrongType.push(x);
          if (v && typeof v === 'object') stringsOf(v, hide);
          else if (typeof v === 'number' || typeof v === 'boolean') hide(String(v));
        }
        if (value.includes('${env:')) return;
        // secrets.inline has its own rule (secrets-inline-development-only).
        if (parentPath[0] === 'secrets' && parentPath[1] === 'inline') return;
        let what = credentialByContent(value);
        const name =
          parent && typeof parent === 'object' && !Array.isArray(parent)
            ? (parent as Record<string, unknown>).name
            : undefined;
        if (!what && key === 'value' && typeof name === 'string' && credentialByName(name, value))
          what = `a literal value for ${name}`;
        if (
          !what &&
          typeof key === 'string' &&
          isMetadataMap(parentPath[parentPath.length - 1]) &&
          credentialByMapKey(key, value)
        )
          what = `a literal value under the key "${key}"`;
        candidates.push({ layer, parentPath, key, value, what });
      },
      // A token pasted as a key (an annotation, a label) is rendered as surely as a value.
      (key, parentPath) => {
        if (key.length < 8 || (parentPath[0] === 'secrets' && parentPath[1] === 'inline')) return;
        candidates.push({ layer, parentPath, key, value: key, what: credentialByContent(key) });
      },
    );
  }
  // Provider rules (secretlint) on every distinct string: tokens whose shape only a maintained rule set knows.
  const byLint = lintDistinctLater(candidates.filter((c) => !c.what).map((c) => c.value));
  let scan: CredentialScan | undefined;
  return () => {
    if (scan) return scan;
    const linted = byLint();
    for (const c of candidates) c.what ??= linted.get(c.value);
    const found = credentialProblems(candidates);
    return (scan = { problems: found.problems, secrets: [...found.secrets, ...wrongType] });
  };
}

function credentialProblems(candidates: readonly Candidate[]): CredentialScan {
  const flagged = candidates.filter((c) => c.what !== undefined).map((c) => ({ ...c, path: [...c.parentPath, c.key] }));
  const problems = flagged.map((c) => ({
    severity: 'error' as const,
    id: 'secrets-plaintext-credential',
    path: c.path,
    message: `This looks like a credential (${c.what}). An environment not marked environment.development: true never renders plaintext secrets into dist/, which is committed.`,
    received: '(hidden)',
    hint: 'Keep it in the app Secret (secrets.source: existingSecret or externalSecret) and reference it with extraEnv valueFrom.secretKeyRef; or use ${env:NAME} in a development environment.',
    docs: SECURITY_DOCS,
    ...located(c.layer, c.path),
  }));
  return { problems, secrets: flagged.map((c) => c.value) };
}

const HIDDEN = '(hidden: looks like a credential)';

/**
 * A YAML error snippet (js-yaml's numbered lines around the error, long lines cut with "...")
 * with every line that could show a credential masked, judged on the full line of `source`: a key
 * named like one (`password: x`, or `value: y` after `- name: X_TOKEN`), or a value that looks
 * like one by content, ours or secretlint's (a provider token only secretlint knows, such as a
 * GitLab `glpat-` token): its value is masked. A line holding a credential elsewhere (a token pasted
 * as a key, a URL with a password as a quoted key) is masked whole. Line numbers and markers stay.
 */
export function maskSnippet(snippet: string, source: string): string {
  const lines = source.split(/\r?\n/);
  let credentialItem = false;
  const judged = snippet.split('\n').map((line) => {
    const m = /^(\s*(\d+)\s*\|\s?)/.exec(line);
    if (!m) return { line };
    const full = lines[Number(m[2]) - 1] ?? '';
    const kv = /^(\s*(?:-\s+)?["']?)([^"':#]+?)(["']?\s*:\s*)(.*)$/.exec(full);
    if (kv && kv[2].trim() === 'name') credentialItem = CREDENTIAL_NAME.test(kv[4].replace(/["']/g, ''));
    const named = kv && (CREDENTIAL_NAME.test(kv[2]) || (credentialItem && kv[2].trim() === 'value'));
    const value = (kv ? kv[4] : full).trim().replace(/^["']|["']$/g, '');
    const key = kv ? kv[2].trim() : '';
    const whole = full.trim();
    return {
      line,
      value,
      key,
      whole,
      masked: `${m[1]}${kv ? `${kv[1]}${kv[2]}${kv[3]}` : ''}${HIDDEN}`,
      maskedWhole: `${m[1]}${HIDDEN}`,
      hidden: value !== '' && Boolean(named || credentialByContent(value)),
    };
  });
  // secretlint on the rest (an error path: waiting for its answer here costs nothing on a valid run).
  const byLint = lintDistinct(judged.flatMap((j) => (j.whole ? [j.value, j.key, j.whole].filter(Boolean) : [])));
  const looks = (x: string | undefined) => !!x && (!!credentialByContent(x) || byLint.has(x));
  return judged
    .map((j) => {
      if (j.whole === undefined) return j.line;
      if (looks(j.key)) return j.maskedWhole;
      if (j.hidden || looks(j.value)) return j.masked;
      return looks(j.whole) ? j.maskedWhole : j.line;
    })
    .join('\n');
}
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/**
 * A problem whose received value is a credential whatever it looks like: anything under
 * secrets.inline (the app Secret's entries, a mistyped one or one of the wrong type included), and a
 * key the schema does not know named like a credential (`clientSecret`, `password`), which the
 * values scan does not judge by name. Keys the schema knows with such words hold references
 * (`existingSecret`, `apiKeySecretRef`, `caKey`) and are shown.
 */
function holdsCredential(p: Problem): boolean {
  if (p.path[0] === 'secrets' && p.path[1] === 'inline' && p.path.length > 2) return true;
  const last = p.path[p.path.length - 1];
  return (
    p.id === 'unknown-key' &&
    typeof last === 'string' &&
    credentialByName(last.replace(/([a-z0-9])([A-Z])/g, '$1_$2'), 'a value')
  );
}

/**
 * Takes every refused credential out of every message: the exact `secrets` the scan refused
 * (wherever they appear: a --set flag named as the source, an echoed value) and any received
 * value or quoted string that looks like a credential by content (an unknown key holding a token
 * is refused for its name, and must not print the token either). Returns new problems.
 */
export function redactCredentials(problems: readonly Problem[], secrets: readonly string[] = []): Problem[] {
  const known = [...new Set(secrets)].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length);
  // Every string a problem shows: the received value, the keys of its path (a token pasted as a key
  // is named in the header and the message), and quoted fragments of its texts.
  // A received list or map is shown when short ([ReadWriteOnce], "a map with keys ..."): its strings
  // and keys are judged too.
  const texts = problems.flatMap((p) => [
    ...(p.received === '(hidden)' ? [] : shownStrings(p.received)),
    ...p.path.filter((seg): seg is string => typeof seg === 'string'),
    ...[p.message, p.hint, typeof p.expected === 'string' ? p.expected : undefined].flatMap((t) =>
      t ? [...t.matchAll(QUOTED)].map((m) => m[1]) : [],
    ),
  ]);
  const byLint = lintDistinct(texts); // verdicts remembered per string for the process
  const looksSecret = (x: string) => !!credentialByContent(x) || byLint.has(x) || known.some((k) => x.includes(k));
  // A --set flag (a problem's file, an echoed expression) may write a refused string with Helm's
  // escapes (`a\.b`, `x\,y`; set.ts unescapes any character): matched with a backslash allowed before each character.
  let escaped: RegExp[] | undefined;
  const scrub = (text: string | undefined): string | undefined => {
    if (text === undefined) return text;
    let out = hideIn(text, known);
    if (out.includes('\\') && known.length) {
      escaped ??= known.map(
        (k) => new RegExp([...k].map((c) => `\\\\?${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).join(''), 'g'),
      );
      for (const re of escaped) out = out.replace(re, '(hidden)');
    }
    return out.replace(QUOTED, (m, inner: string) =>
      credentialByContent(inner) || byLint.has(inner) ? `"${HIDDEN}"` : m,
    );
  };
  return problems.map((p) => {
    const received = holdsCredential(p)
      ? p.received === undefined || p.received === null || p.received === '(hidden)'
        ? p.received
        : HIDDEN
      : typeof p.received === 'string'
        ? credentialByContent(p.received) ||
          byLint.has(p.received) ||
          known.some((k) => (p.received as string).includes(k))
          ? HIDDEN
          : p.received
        : p.received !== undefined &&
            (known.some((k) => JSON.stringify(p.received).includes(k)) || shownStrings(p.received).some(looksSecret))
          ? HIDDEN
          : p.received;
    return {
      ...p,
      path: p.path.some((seg) => typeof seg === 'string' && looksSecret(seg))
        ? p.path.map((seg) => (typeof seg === 'string' && looksSecret(seg) ? '(hidden)' : seg))
        : p.path,
      message: scrub(p.message) as string,
      hint: scrub(p.hint),
      file: scrub(p.file),
      expected: typeof p.expected === 'string' ? scrub(p.expected) : p.expected,
      received,
    };
  });
}
