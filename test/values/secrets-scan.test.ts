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
import { credentialByMapKey, credentialByName, redactCredentials } from '../../src/values/secret-scan';
import { hideIn, lintDistinct, scanRenderedCredentials } from '../../src/check/credentials';

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
  it('a token as a key (a podAnnotations entry) is refused at that key, with its line', () => {
    const ps = errors(`podAnnotations:\n  ghp_${'c'.repeat(36)}: "1"\n`);
    expect(ps).toHaveLength(1);
    expect(ps[0].path).toEqual(['podAnnotations', '(hidden)']);
    expect(ps[0].line).toBe(2);
    expect(ps[0].message).toMatch(/GitHub/);
  });
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

describe('the doors the name-and-pattern scan missed (issue 10, item 4)', () => {
  it.each([
    ['SMTP_PASS', 'hunter2hunter2'],
    ['LDAP_BIND_KEY', 'abcdefabcdef123'],
    ['AUTHORIZATION', 'Bearer abcdefghijklmnop'],
    ['DB_PWD', 'hunter2hunter2'],
    ['VAULT_PIN_PASSWORD', '123456789012'],
    ['DB_PASSWORD', '/x9Yz+Q2w8e7r6t5y4u3i2o1p'],
    ['SMTP_PASSWORD_FILE', 'not-a-path-but-a-password'],
  ])('%s: %s is refused', (name, value) => {
    expect(credentialByName(name, value)).toBe(true);
    expect(errors(env(name, value))).toHaveLength(1);
  });
  it.each([
    ['a token as URL userinfo', 'https://x9f8a7b6c5d4e3f2a1b0c9d8@git.example.com/org/repo.git'],
    ['?key=', 'https://search.example.com/v1?key=abcdefghijklmnopqrstu'],
    ['?private_token=', 'https://gitlab.example.com/api/v4/projects?private_token=abcdefghijklmnopqrst'],
    ['a Basic credential in text', 'proxy_set_header Authorization "Basic dXNlcjpwYXNzd29yZDEy";'],
    ['a Redis password line', 'maxmemory 1gb\nrequirepass SuperSecretPassw0rd\n'],
    ['a GitLab token (secretlint)', 'glpat-abcdefghij0123456789'],
    ['a Hugging Face token (secretlint)', 'hf_abcdefghijklmnopqrstuvwxyzABCDEFGH'],
    ['a PostgreSQL URL with a password (ours and secretlint)', 'postgresql://app:s3cr3t-pass@db:5432/app'],
  ])('%s is refused under any name', (_what, value) => {
    expect(errors(env('SOME_SETTING', value))).toHaveLength(1);
  });
  it.each([
    ['a user name in a URL', 'postgresql://postgres@db.example.com:5432/app'],
    ['a Kubernetes $(VAR) reference as the password', 'redis://default:$(REDIS_PASSWORD)@redis:6379/0'],
    ['a six-digit-free duration', '604800s'],
    ['a list of API paths', '/api/v1/messages,/api/v1/channels'],
  ])('%s is fine', (_what, value) => {
    expect(errors(env('SOME_SETTING', value))).toEqual([]);
  });
  it('a typed service URL with ?api_key= is refused at its key', () => {
    expect(
      errors(
        'openwebui:\n  contentExtraction:\n    engine: tika\n    tikaServerUrl: http://tika:9998/?api_key=abcdefabcdefabcdef\n',
      ).map((p) => p.path.join('.')),
    ).toEqual(['openwebui.contentExtraction.tikaServerUrl']);
  });
});

describe('a refused credential is never printed', () => {
  const all = (yaml: string, sets: { expr: string; asString?: boolean }[] = []): Problem[] => {
    const f = path.join(tmp, `p${n++}.yaml`);
    fs.writeFileSync(f, yaml);
    try {
      resolveEnvironment({ name: 'production', files: ['values/common.yaml', 'values/production.yaml', f], sets });
      return [];
    } catch (e) {
      if (e instanceof ValuesError) return e.problems;
      throw e;
    }
  };
  it('not as the received value of an unknown key or a wrong type', () => {
    const ps = all(
      'extraEnv:\n  - name: OPENAI_API_KEY\n    valu: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789\nredis:\n  internal:\n    extraConfigg: "requirepass SuperSecretPassw0rd"\n',
    );
    expect(ps.length).toBeGreaterThanOrEqual(2);
    const out = formatProblems(ps);
    expect(out).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
    expect(out).not.toContain('SuperSecretPassw0rd');
    expect(out).toContain('(hidden');
  });
  it('not as a key: neither an unknown one nor a map key, in the header or the message', () => {
    const gh = `ghp_${'a'.repeat(36)}`;
    const gl = `glpat-${'Ab3dE'.repeat(4)}`; // a token only secretlint knows
    const ps = all(`${gh}: 1\nsecrets:\n  ${gl}: x\npodAnnotations:\n  ${gl}: "1"\n`);
    const out = formatProblems(ps);
    expect(out).not.toContain(gh);
    expect(out).not.toContain(gl);
    expect(JSON.stringify(ps)).not.toMatch(/ghp_a|glpat-/);
    expect(ps.map((p) => p.id)).toEqual(expect.arrayContaining(['unknown-key']));
  });
  it('not as a secretlint-only token the scan does not judge (under secrets.inline), received by a wrong key', () => {
    const gl = `glpat-${'Zq9'.repeat(7)}`;
    const ps = all(`secrets:\n  inline:\n    secretKee: "${gl}"\n`);
    expect(ps.map((p) => p.path.join('.'))).toContain('secrets.inline.secretKee');
    expect(JSON.stringify(ps)).not.toContain(gl);
  });
  it('not as a key of a received map ("a map with keys ..."), where the scan does not judge keys (secrets.inline)', () => {
    const gl = `glpat-${'Rt5'.repeat(7)}`;
    const ps = all(`secrets:\n  inline:\n    secretKey:\n      ${gl}: 1\n`);
    expect(ps.map((p) => `${p.id} ${p.path.join('.')}`)).toContain('invalid-type secrets.inline.secretKey');
    expect(formatProblems(ps)).not.toContain(gl);
  });
  it('not a plain password the scan cannot judge by content: a credential-named unknown key, under secrets.inline, a credential-named env var of the wrong type', () => {
    const ps = all(
      [
        'sso:\n  oidc:\n    clientSecret: oidcPlainS3cret',
        'secrets:\n  inline:\n    redisPasswor: redisPlainS3cret\n    postgresPassword: [pgPlainS3cret]',
        'extraEnv:\n  - name: SMTP_PASSWORD\n    value: [smtpPlainS3cret]\n  - name: LDAP_APP_PASSWORD\n    value: 918273645',
        '  - name: MAX_TOKENS\n    value: 4096\n',
      ].join('\n'),
    );
    expect(ps.map((p) => `${p.id} ${p.path.join('.')}`)).toEqual(
      expect.arrayContaining([
        'unknown-key sso.oidc.clientSecret',
        'unknown-key secrets.inline.redisPasswor',
        'invalid-type secrets.inline.postgresPassword',
        'invalid-type extraEnv.0.value',
        'invalid-type extraEnv.1.value',
      ]),
    );
    expect(formatProblems(ps)).not.toMatch(/PlainS3cret|918273645/);
    // A setting under a credential word with a value its rule calls benign is still shown.
    expect(ps.find((p) => p.path.join('.') === 'extraEnv.2.value')?.received).toBe(4096);
  });
  it('not inside a short received list, which is otherwise shown as written', () => {
    const gl = `glpat-${'Qw7'.repeat(7)}`;
    const hidden = all(`secrets:\n  inline:\n    secretKee: ["${gl}"]\n`);
    expect(formatProblems(hidden)).not.toContain(gl);
    const shown = formatProblems(all('replicaCount: [2, 3]\n'));
    expect(shown).toContain('received: [2,3]');
  });
  it('not in the --set flag named as where it came from', () => {
    const ps = all('', [
      { expr: 'extraEnv[0].name=SMTP_PASS' },
      { expr: 'extraEnv[0].value=hunter2hunter2' },
      { expr: 'replicaCount=4' },
    ]);
    const scan = ps.filter((p) => p.id === 'secrets-plaintext-credential');
    expect(scan.map((p) => p.file)).toEqual(['--set extraEnv[0].value=(hidden)']);
    expect(formatProblems(ps)).not.toContain('hunter2hunter2');
  });
  it('a short one (a password such as "data") wherever it stands alone, but not inside a word that merely contains it', () => {
    const ps = all('', [{ expr: 'extraEnv[0].name=SMTP_PASS' }, { expr: 'extraEnv[0].value=data' }]);
    expect(ps.filter((p) => p.id === 'secrets-plaintext-credential').map((p) => p.file)).toEqual([
      '--set extraEnv[0].value=(hidden)',
    ]);
    const [p] = redactCredentials(
      [
        {
          severity: 'error',
          id: 'x',
          path: ['podAnnotations'],
          message: 'metadata.annotations of the pod: "data", postgres://app:data@db/app, value=data.',
          hint: 'see metadata',
        },
      ],
      ['data'],
    );
    expect(p.message).toBe(
      'metadata.annotations of the pod: "(hidden)", postgres://app:(hidden)@db/app, value=(hidden).',
    );
    expect(p.hint).toBe('see metadata');
    // From 8 characters on, a secret is hidden wherever it appears, inside a word too.
    expect(hideIn('xhunter2hunter2x and hunter2hunter2', ['hunter2hunter2'])).toBe('x(hidden)x and (hidden)');
  });
  it('not in a --set flag that writes it with escapes (a value with \\, a key with \\.)', () => {
    const gh = `ghp_${'c'.repeat(36)}`;
    const ps = all('', [
      { expr: 'extraEnv[0].name=SMTP_PASS,extraEnv[0].value=hunter2\\,hunter2' },
      { expr: `commonLabels.example\\.com/${gh}=x` },
    ]);
    const scan = ps.filter((p) => p.id === 'secrets-plaintext-credential');
    expect(scan.map((p) => p.file).sort()).toEqual([
      '--set commonLabels.(hidden)=x',
      '--set extraEnv[0].name=SMTP_PASS,extraEnv[0].value=(hidden)',
    ]);
    expect(formatProblems(ps)).not.toMatch(/hunter2|ghp_c/);
  });
  it('not in a --set syntax error', () => {
    const { parseSetFlags } = jest.requireActual('../../src/values/set');
    try {
      parseSetFlags([{ expr: 'extraEnv[0].value=hunter2hunter2,oops' }]);
      throw new Error('expected a syntax error');
    } catch (e) {
      expect((e as ValuesError).problems[0].message).not.toContain('hunter2hunter2');
      expect((e as ValuesError).problems[0].message).toContain('extraEnv[0].value=…');
    }
  });
  it.each([
    // A token pasted as the whole flag (no "="), alone or after a valid part: our pattern and secretlint's.
    ['ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'],
    ['replicaCount=2,glpat-abcdefghij0123456789', 'glpat-abcdefghij0123456789'],
    // A provider token only secretlint knows (GitLab), in an unclosed list and after a closed one.
    ['podAnnotations.x={glpat-abcdefghij0123456789', 'glpat-abcdefghij0123456789'],
    ['podAnnotations.x={a}glpat-abcdefghij0123456789', 'glpat-abcdefghij0123456789'],
    ['a[x]=glpat-abcdefghij0123456789', 'glpat-abcdefghij0123456789'],
  ])('not in a --set syntax error: %s', (expr, token) => {
    const { parseSetFlags } = jest.requireActual('../../src/values/set');
    let err: unknown;
    try {
      parseSetFlags([{ expr }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValuesError);
    const p = (err as ValuesError).problems[0];
    expect(p.id).toBe('set-syntax');
    expect(JSON.stringify(p)).not.toContain(token);
    expect(p.message).toContain('…');
  });
});

describe('check scans every rendered string (secretlint and our patterns)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkObjects } = require('../../src/check') as typeof import('../../src/check');
  const cm = (data: Record<string, string>, labels: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'n', labels },
    data,
  });
  it('a credential composed into a manifest is refused at its field, without the value', () => {
    const f = checkObjects([
      { file: 'x.yaml', obj: cm({ 'settings.json': '{"hub": "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH"}', ok: 'plain' }) },
    ]).filter((x) => x.rule === 'no-plaintext-credential');
    expect(f.map((x) => x.path)).toEqual(['data["settings.json"]']);
    expect(f[0].message).toMatch(/huggingface/);
    expect(JSON.stringify(f)).not.toContain('hf_abcdef');
  });
  it('a credential pasted as a key (an annotation, a data key) is refused, its path hiding it', () => {
    const gl = `glpat-${'Ab3dE'.repeat(4)}`;
    const f = checkObjects([
      { file: 'x.yaml', obj: cm({ [gl]: 'x', ok: 'plain' }, { [`ghp_${'b'.repeat(36)}`]: 'y' }) },
    ]).filter((x) => x.rule === 'no-plaintext-credential');
    expect(f.map((x) => x.path).sort()).toEqual(['data["(hidden)"]', 'metadata.labels["(hidden)"]']);
    expect(JSON.stringify(f)).not.toMatch(/glpat-|ghp_b/);
  });
  it('no finding prints a key that is a credential: not a flagged value under it, not a rule refusing the key', () => {
    const gl = `glpat-${'Cd4eF'.repeat(4)}`;
    const url = 'https://user:hunter2pass@example.com';
    const f = checkObjects([
      {
        file: 'x.yaml',
        obj: {
          ...cm({ [gl]: 'Bearer abcdef1234567890' }),
          metadata: { name: 'c', namespace: 'n', annotations: { [url]: 'x' } },
        },
      },
    ]);
    // The annotation key is refused by the metadata rule too (not a valid key), at a path that hides it.
    expect(f.map((x) => `${x.rule} ${x.path}`).sort()).toEqual([
      'metadata-labels metadata.annotations["(hidden)"]',
      'no-plaintext-credential data["(hidden)"]',
      'no-plaintext-credential data["(hidden)"]',
      'no-plaintext-credential metadata.annotations["(hidden)"]',
    ]);
    expect(JSON.stringify(f)).not.toMatch(/glpat-|hunter2pass|abcdef1234567890/);
  });
  it("a development-only Secret's data is its purpose", () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'n', labels: { 'open-webui-k8s/development-only': 'true' } },
      stringData: { DATABASE_URL: 'postgresql://app:s3cr3t-pass@db:5432/app' },
    };
    expect(checkObjects([{ file: 'x.yaml', obj: secret }]).filter((x) => x.rule === 'no-plaintext-credential')).toEqual(
      [],
    );
  });
});

describe('one string never hides another (the per-process verdict memo, secretlint comments)', () => {
  // A secretlint-disable comment silences what follows it in the document secretlint reads: each case
  // uses its own comment strings (a remembered one would not be linted again) on both sides of the token.
  const quiet = (n: number) => [`# secretlint-disable -- note ${n}`, `# secretlint-disable -- note ${n}b`];
  it('a value holding secretlint-disable does not silence a token next to it (values scan)', () => {
    const token = 'glpat-' + 'zyxwvutsrq9876543210';
    const [before, after] = quiet(1);
    const values = ['NOTE', 'SOME_SETTING', 'OTHER_NOTE']
      .map((name, i) => `  - name: ${name}\n    value: ${JSON.stringify([before, token, after][i])}\n`)
      .join('');
    expect(errors(`extraEnv:\n${values}`).map((p) => p.path.join('.'))).toEqual(['extraEnv.1.value']);
  });
  it('a verdict reached next to other strings is the same alone, and again on a later call', () => {
    const token = 'glpat-' + 'zyxwvutsrq9876543211';
    const [before, after] = quiet(2);
    expect([...lintDistinct([before, token, after]).keys()]).toEqual([token]);
    expect([...lintDistinct([token]).keys()]).toEqual([token]);
    expect([...lintDistinct([...quiet(3), 'plain words here', token]).keys()]).toEqual([token]);
  });
  it('a later environment with the same strings gets the same findings (check, twice)', () => {
    const [before, after] = quiet(4);
    const objs = [{ data: { a: before, b: 'hf_' + 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvuts', c: after } }];
    const first = scanRenderedCredentials(objs);
    expect(first.map((f) => f.path)).toEqual(['data.b']);
    expect(scanRenderedCredentials(objs)).toEqual(first);
  });
});
