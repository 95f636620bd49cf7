/**
 * The plaintext-credential scan, widened: credential words anywhere in env var names (plural,
 * `_FILE`, trailing `_`), credentials in URL query strings, webhook URLs, and label/annotation keys;
 * switches, numbers, file paths and Secret references stay allowed; the value is never printed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveEnvironment } from '../../src/pipeline';
import { formatProblems } from '../../src/values/report';
import { Problem, ValuesError } from '../../src/errors';
import { credentialByMapKey, credentialByName } from '../../src/values/secret-scan';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
let n = 0;
function errors(yaml: string, env = 'production'): Problem[] {
  const f = path.join(tmp, `v${n++}.yaml`);
  fs.writeFileSync(f, yaml);
  try {
    resolveEnvironment({ name: env, files: ['values/common.yaml', `values/${env}.yaml`, f] });
    return [];
  } catch (e) {
    if (e instanceof ValuesError) return e.problems.filter((p) => p.id === 'secrets-plaintext-credential');
    throw e;
  }
}
const env = (name: string, value: string) => `extraEnv:\n  - name: ${name}\n    value: ${JSON.stringify(value)}\n`;

describe('credential names', () => {
  it.each([
    'OPENAI_API_KEYS',
    'OPENAI_API_KEY',
    'SMTP_PASSWORD_FILE',
    'LDAP_APP_PASSWORD_',
    'OAUTH_CLIENT_SECRET',
    'MY_TOKEN_VALUE',
    'AWS_ACCESS_KEY_ID',
    'GOOGLE_APPLICATION_CREDENTIALS_JSON',
  ])('%s with a literal secret is refused', (name) => {
    expect(credentialByName(name, 'hunter2')).toBe(true);
    expect(errors(env(name, 'hunter2')).map((p) => p.path.join('.'))).toEqual(['extraEnv.0.value']);
  });
  it.each([
    ['ENABLE_API_KEY', 'true'],
    ['ENABLE_API_KEY', 'False'],
    ['ENABLE_API_KEY_ENDPOINT_RESTRICTIONS', 'true'],
    ['API_KEY_ALLOWED_ENDPOINTS', '/api/v1/messages,/api/v1/channels'],
    ['OAUTH_TOKEN_ENDPOINT_AUTH_METHOD', 'client_secret_post'],
    ['SMTP_PASSWORD_FILE', '/run/secrets/smtp-password'],
    ['TOKEN_EXPIRY_SECONDS', '3600'],
    ['OPENAI_API_KEYS', ''],
    ['PASSWORD_VALIDATION_REGEX_PATTERN', '^(?=.*[a-z])(?=.*[A-Z]).{12,}$'],
    ['API_KEY_HEADER', 'X-Api-Key'],
    ['DB_SECRET_NAME', 'open-webui-db'],
  ])('%s: %s is a setting, not a credential', (name, value) => {
    expect(credentialByName(name, value)).toBe(false);
    expect(errors(env(name, value))).toEqual([]);
  });
  it('ENABLE_API_KEY with something that is not a switch is refused (both ways)', () => {
    expect(errors(env('ENABLE_API_KEY', 'sk1-hunter2'))).toHaveLength(1);
  });
  it('a secretKeyRef is fine', () => {
    expect(
      errors(
        'extraEnv:\n  - name: OPENAI_API_KEYS\n    valueFrom:\n      secretKeyRef: {name: openai, key: OPENAI_API_KEYS}\n',
      ),
    ).toEqual([]);
  });
});

describe('credential values', () => {
  it.each([
    ['a password in a query string', 'https://search.example.com/search?q=x&password=hunter2'],
    ['a token in a query string', 'https://api.example.com/v1?token=hunter2'],
    ['an Azure SAS signature', 'https://acct.blob.core.windows.net/c?sv=2022&sig=abcDEF123%3D'],
    ['a Slack webhook', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    ['a Discord webhook', 'https://discord.com/api/webhooks/123456/abcdefABCDEF'],
  ])('%s is refused under any name', (_what, value) => {
    expect(errors(env('SOME_URL', value))).toHaveLength(1);
  });
  it('a plain URL with a harmless query is fine', () => {
    expect(errors(env('SEARXNG_QUERY_URL', 'https://search.example.com/search?q=<query>&format=json'))).toEqual([]);
  });
});

describe('label and annotation keys', () => {
  it.each([
    ['podAnnotations', 'my.io/password'],
    ['commonLabels', 'token'],
    ['commonAnnotations', 'example.com/api-key'],
    ['podLabels', 'secret'],
  ])('%s["%s"] with a literal secret is refused', (map, key) => {
    expect(errors(`${map}:\n  ${JSON.stringify(key)}: Hunter2\n`).map((p) => p.path.join('.'))).toEqual([
      `${map}.${key}`,
    ]);
  });
  it('ingress.annotations and service.annotations too', () => {
    expect(
      errors(
        'ingress:\n  annotations:\n    example.com/password: hunter2\nservice:\n  annotations:\n    example.com/token: hunter2\n',
      ).map((p) => p.path.join('.')),
    ).toEqual(['ingress.annotations.example.com/password', 'service.annotations.example.com/token']);
  });
  it.each([
    ['nginx.ingress.kubernetes.io/auth-secret', 'basic-auth'],
    ['nginx.ingress.kubernetes.io/auth-tls-secret', 'ingress/ca-secret'],
    ['nginx.ingress.kubernetes.io/auth-secret-type', 'auth-file'],
    ['vault.hashicorp.com/agent-inject-token', 'true'],
    ['eks.amazonaws.com/token-expiration', '86400'],
  ])('%s: %s (a Secret reference or a setting) is fine', (key, value) => {
    expect(credentialByMapKey(key, value)).toBe(false);
    expect(errors(`ingress:\n  annotations:\n    ${key}: ${JSON.stringify(value)}\n`)).toEqual([]);
  });
});

it('never prints the value', () => {
  const ps = errors(
    `${env('OPENAI_API_KEYS', 'hunter2-VERY-SECRET')}podAnnotations:\n  my.io/password: hunter2-VERY-SECRET\n`,
  );
  expect(ps).toHaveLength(2);
  expect(formatProblems(ps)).not.toContain('VERY-SECRET');
  expect(JSON.stringify(ps)).not.toContain('VERY-SECRET');
});

it('development environments may still do it', () => {
  expect(errors(env('OPENAI_API_KEYS', 'hunter2'), 'local')).toEqual([]);
});
