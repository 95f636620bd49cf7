/**
 * Credentials by content, for everything that reads strings: the values scan
 * (src/values/secret-scan.ts, which adds the name rules) and `check` on rendered manifests.
 * Our patterns for what a provider rule set cannot know, plus secretlint (secretlint.ts).
 * The value is never part of a result.
 */
import { Path, PathSegment } from '../errors';
import { joinKey } from '../k8s';
import { secretlintRequest } from './secretlint';

/**
 * What looks like a credential, by content: what a provider-rule library cannot know (generic
 * URL credentials, header values, webhook URLs). Provider tokens (GitHub, Slack, OpenAI, AWS,
 * ...) are secretlint's job (secretlint.ts); a few of ours stay as a fast first pass.
 */
export const CREDENTIAL_PATTERNS: readonly { name: string; re: RegExp }[] = [
  {
    // `$(VAR)` is Kubernetes' dependent env var expansion: the password comes from a Secret at run time.
    name: 'a URL with a password',
    re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:(?!\$\([A-Za-z_][A-Za-z0-9_]*\)@)[^\s/@]+@/i,
  },
  {
    // `https://<token>@host`: a long user part with letters and digits is a token, not a user name.
    name: 'a URL with a token as its user',
    re: /\b[a-z][a-z0-9+.-]*:\/\/(?=[^\s/:@]*[0-9])(?=[^\s/:@]*[A-Za-z])[^\s/:@]{16,}@/i,
  },
  {
    name: 'a URL with a credential in its query string',
    re: /[?&;](password|passwd|pwd|pass|passphrase|token|access_token|auth_token|private_token|id_token|refresh_token|api[_-]?key|apikey|x-api-key|key|access_key|secret|secret_key|client_secret|auth|authorization|credentials?|sig|signature|x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential)=[^&#\s]+/i,
  },
  {
    name: 'a webhook URL (the URL is the credential)',
    re: /\bhttps?:\/\/(hooks\.slack\.com\/(services|workflows|triggers)\/|(discord|discordapp)\.com\/api\/webhooks\/|[a-z0-9.-]*\.webhook\.office\.com\/)[^\s]+/i,
  },
  {
    // Authorization header values in free text, e.g. an nginx snippet: `proxy_set_header Authorization "Basic dXNlcjpwYXNz";`
    name: 'an HTTP Basic or Bearer credential',
    re: /\b(Basic|Bearer|Token|Digest)\s+(?=[A-Za-z0-9+/=._~-]*[0-9])[A-Za-z0-9+/=._~-]{8,}/,
  },
  {
    // Configuration text: a Redis `requirepass`/`masterauth` line, `password=...` in a DSN or snippet.
    name: 'a password in configuration text',
    re: /(^|[\n;])\s*(requirepass|masterauth)\s+\S+|\b(password|passwd|pwd)\s*[:=]\s*[^\s"'$&;]{4,}/i,
  },
  { name: 'a private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'an AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'an OpenAI-style API key', re: /\bsk-(proj-|ant-)?[A-Za-z0-9_-]{20,}\b/ },
  { name: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** The first of our content patterns a value matches, or undefined. */
export function credentialByContent(value: string): string | undefined {
  // Cheap pre-filter: every pattern needs one of these characters or words.
  if (!/[:@=-]|Basic|Bearer|Token|Digest|AKIA|ASIA|AIza|gh[pousr]_|xox|eyJ|requirepass|masterauth/i.test(value))
    return undefined;
  return CREDENTIAL_PATTERNS.find((p) => p.re.test(value))?.name;
}

/**
 * Every string of a tree with the path of its parent and its key, iteratively (hostile inputs are
 * wide, not deep); the full path is built only for what a caller keeps. `visitKey`, when given, also
 * gets every key of every map with the path of its map: a token pasted as a key (an annotation, a
 * ConfigMap data key) is rendered as surely as one pasted as a value.
 */
export function stringsOf(
  data: unknown,
  visit: (value: string, parentPath: Path, key: PathSegment, parent: unknown) => void,
  visitKey?: (key: string, parentPath: Path) => void,
): void {
  const stack: { node: unknown; path: Path }[] = [{ node: data, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop() as { node: unknown; path: Path };
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (typeof v === 'string') visit(v, path, i, node);
        else if (v && typeof v === 'object') stack.push({ node: v, path: [...path, i] });
      }
    } else if (node && typeof node === 'object')
      for (const k of Object.keys(node)) {
        visitKey?.(k, path);
        const v: unknown = (node as Record<string, unknown>)[k];
        if (typeof v === 'string') visit(v, path, k, node);
        else if (v && typeof v === 'object') stack.push({ node: v, path: [...path, k] });
      }
  }
}

/** Every string and every map key in `data` (a string is itself): what printing `data` can show. */
export function shownStrings(data: unknown): string[] {
  if (typeof data === 'string') return [data];
  const out: string[] = [];
  if (data && typeof data === 'object')
    stringsOf(
      data,
      (x) => out.push(x),
      (k) => out.push(k),
    );
  return out;
}

/** The distinct strings among `candidates` that look like a credential (our patterns or secretlint), longest first. */
export function credentialsAmong(candidates: readonly string[]): string[] {
  const byLint = lintDistinct(candidates);
  return [...new Set(candidates)]
    .filter((x) => x.length >= 8 && (credentialByContent(x) || byLint.has(x)))
    .sort((a, b) => b.length - a.length);
}

/** Below this length a secret is hidden only where it stands alone (see hideIn). */
const SHORT_SECRET = 8;

/**
 * `text` with each of `secrets` (longest first, so no part of a longer one is left) replaced by
 * "(hidden)". A short one (a password such as `data`) only where no letter or digit touches it:
 * inside a URL (`://u:data@db`), a flag (`value=data`) or quotes it is hidden, while `metadata`
 * stays readable; a word that merely contains it tells nothing of it.
 */
export function hideIn(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, x) => {
    if (!out.includes(x)) return out;
    if (x.length >= SHORT_SECRET) return out.split(x).join('(hidden)');
    const escaped = x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return out.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), '(hidden)');
  }, text);
}

/** What a path shows in place of a key that looks like a credential. */
export const HIDDEN_KEY = '(hidden)';

/** A short description of a secretlint finding, for messages (never the secret itself). */
export function describeSecretlint(ruleId: string, messageId: string): string {
  const rule = ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
  const what = messageId
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} (secretlint rule ${rule})`;
}

/**
 * secretlint's verdicts already reached in this process, per string: environments share most of their
 * strings (the migration program, the dashboard, labels), so each is judged once per run, not once per
 * environment. A verdict depends on the string alone (secretlint.ts lints without the comment filter,
 * so no string can silence another). Bounded: cleared when it grows past MEMO_LIMIT strings.
 */
const MEMO_LIMIT = 50_000;
const linted = new Map<string, string | undefined>();
/** Our content patterns' verdicts, per string, likewise. */
const byContent = new Map<string, string | undefined>();
function memo<T>(map: Map<string, T>, key: string, value: T): T {
  if (map.size >= MEMO_LIMIT) map.clear();
  map.set(key, value);
  return value;
}

/** secretlint's verdict per distinct string (no provider token is shorter than 8 characters). */
export function lintDistinct(values: readonly string[]): Map<string, string> {
  return lintDistinctLater(values)();
}

/**
 * `lintDistinct` in two steps: the strings not remembered are posted to secretlint now, and the
 * returned function gives the verdicts (waiting only if secretlint has not answered yet).
 */
export function lintDistinctLater(values: readonly string[]): () => Map<string, string> {
  const out = new Map<string, string>();
  const fresh: string[] = [];
  for (const v of new Set(values)) {
    if (v.length < 8) continue;
    // Remembered verdicts are read before any new one is stored (storing may clear the memo).
    if (!linted.has(v)) fresh.push(v);
    else if (linted.get(v)) out.set(v, linted.get(v) as string);
  }
  const findings = secretlintRequest(fresh);
  let done = false;
  return () => {
    if (done) return out;
    for (const f of findings())
      if (!out.has(fresh[f.index])) out.set(fresh[f.index], describeSecretlint(f.ruleId, f.messageId));
    for (const v of fresh) memo(linted, v, out.get(v));
    done = true;
    return out;
  };
}

/** Where a rendered object holds what looks like a credential: object, field path, what. */
export interface RenderedCredential {
  readonly index: number;
  readonly path: string;
  readonly what: string;
}

/** The findings of a rendered scan, and a way to keep the strings it flagged out of any other text. */
export interface RenderedScan {
  readonly findings: RenderedCredential[];
  /**
   * The text with every flagged string (a value or a key) replaced by `(hidden)`: other findings on the
   * same objects (an annotation key the schema refuses, a data key) print paths and keys too.
   */
  readonly hide: (text: string) => string;
}

/**
 * Every string of rendered objects that looks like a credential (our content patterns and
 * secretlint), except the data of a development-only Secret (`skipObject`). Catches what the values
 * scan cannot see: strings the chart composes from several values (a typed service URL with its
 * query, an env var assembled from parts).
 */
export function scanRenderedCredentials(
  objects: readonly unknown[],
  skipObject: (obj: Record<string, unknown>) => boolean = () => false,
): RenderedCredential[] {
  return scanRenderedCredentialsLater(objects, skipObject)().findings;
}

/**
 * `scanRenderedCredentials` in two steps: the strings are collected and judged by content now, the
 * rest posted to secretlint; the returned function gives the findings once secretlint has answered.
 */
export function scanRenderedCredentialsLater(
  objects: readonly unknown[],
  skipObject: (obj: Record<string, unknown>) => boolean = () => false,
): () => RenderedScan {
  // Rendered output repeats values (labels and annotations on every object): judge each distinct string once.
  const verdict = new Map<string, string | undefined>();
  // The path is built only for a flagged string (rendered objects have thousands of strings and keys):
  // each candidate keeps a link to its parent's place.
  const found: { index: number; at: Loc; key: PathSegment; value: string }[] = [];
  objects.forEach((obj, index) => {
    if (!obj || typeof obj !== 'object' || skipObject(obj as Record<string, unknown>)) return;
    const judge = (value: string, at: Loc, key: PathSegment) => {
      if (value.length < 8) return; // too short for any rule here
      let v: string | undefined;
      if (verdict.has(value)) v = verdict.get(value);
      else {
        v = byContent.has(value) ? byContent.get(value) : memo(byContent, value, credentialByContent(value));
        verdict.set(value, v);
      }
      // A string secretlint already judged clean in this run (an earlier environment's) cannot be flagged.
      if (v === undefined && linted.has(value) && linted.get(value) === undefined) return;
      found.push({ index, at, key, value });
    };
    // stringsOf's walk (the same order of strings), with parent links instead of a path per map and list.
    const stack: { node: unknown; at: Loc }[] = [{ node: obj, at: undefined }];
    while (stack.length) {
      const { node, at } = stack.pop() as { node: unknown; at: Loc };
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const v: unknown = node[i];
          if (typeof v === 'string') judge(v, at, i);
          else if (v && typeof v === 'object') stack.push({ node: v, at: { up: at, key: i } });
        }
      } else if (node && typeof node === 'object')
        for (const k of Object.keys(node)) {
          // A key that is the credential is not printed in the path either.
          judge(k, at, HIDDEN_KEY);
          const v: unknown = (node as Record<string, unknown>)[k];
          if (typeof v === 'string') judge(v, at, k);
          else if (v && typeof v === 'object') stack.push({ node: v, at: { up: at, key: k } });
        }
    }
  });
  const byLint = lintDistinctLater([...verdict.keys()].filter((v) => verdict.get(v) === undefined));
  let scan: RenderedScan | undefined;
  return () => {
    if (scan) return scan;
    const bySecretlint = byLint();
    const what = (s: string) => verdict.get(s) ?? bySecretlint.get(s);
    const flagged = new Set<string>();
    const out: RenderedCredential[] = [];
    for (const f of found) {
      const w = what(f.value);
      if (!w) continue;
      flagged.add(f.value);
      // A flagged value under a key that is itself a credential: the key is hidden in its path too.
      const path = [...pathOfLoc(f.at), f.key].map((seg) => (typeof seg === 'string' && what(seg) ? HIDDEN_KEY : seg));
      out.push({ index: f.index, path: renderPath(path), what: w });
    }
    const secrets = [...flagged].sort((a, b) => b.length - a.length);
    const hide = (text: string) =>
      secrets.length === 0 ? text : secrets.reduce((t, s) => (t.includes(s) ? t.split(s).join(HIDDEN_KEY) : t), text);
    return (scan = { findings: out, hide });
  };
}

/** A place in a walked tree: the parent's place and the key or index under it (undefined: the root). */
type Loc = { readonly up: Loc; readonly key: PathSegment } | undefined;

function pathOfLoc(at: Loc): Path {
  const out: PathSegment[] = [];
  for (let l = at; l; l = l.up) out.push(l.key);
  return out.reverse();
}

function renderPath(path: Path): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : joinKey(out, seg)), '');
}
