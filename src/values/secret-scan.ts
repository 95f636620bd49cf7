/**
 * Secrets fit for Git, in the values pipeline:
 * - `${env:NAME}` in any string value is replaced by the environment variable NAME at synth
 *   time (development environments only: the result lands in dist/). Unset is an error.
 * - Every values file is scanned for things that look like credentials (URLs with a password,
 *   private keys, cloud keys, API tokens, credential-named env values); outside development they
 *   are refused with file, line and key path, because dist/ is committed.
 * Documented in docs/security.md#secrets.
 */
import { Path, Problem } from './problems';
import { pathKey, ValuesLayer } from './source';

export const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
const SECURITY_DOCS = 'docs/security.md#secrets';

/** What looks like a credential, by content. */
export const CREDENTIAL_PATTERNS: readonly { name: string; re: RegExp }[] = [
  { name: 'a URL with a password', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i },
  { name: 'a private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'an AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'an OpenAI-style API key', re: /\bsk-(proj-|ant-)?[A-Za-z0-9_-]{20,}\b/ },
  { name: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** Env var names whose literal value is a credential. */
export const CREDENTIAL_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

function walk(data: unknown, path: Path, visit: (value: unknown, path: Path, parent: unknown) => unknown, parent?: unknown): unknown {
  const replaced = visit(data, path, parent);
  if (replaced !== data) return replaced;
  if (Array.isArray(data)) data.forEach((v, i) => (data[i] = walk(v, [...path, i], visit, data)));
  else if (data && typeof data === 'object') for (const [k, v] of Object.entries(data)) (data as Record<string, unknown>)[k] = walk(v, [...path, k], visit, data);
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
      const name = parent && typeof parent === 'object' && !Array.isArray(parent) ? (parent as Record<string, unknown>).name : undefined;
      if (!what && path[path.length - 1] === 'value' && typeof name === 'string' && CREDENTIAL_NAME.test(name) && value.length > 0) what = `a literal value for ${name}`;
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
