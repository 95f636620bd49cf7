/**
 * Sign-in (`sso.*`): each provider's rendered env (names, Secret references, no plaintext), each
 * refusal with its message, the shared encryption keys, and trusted headers behind a NetworkPolicy
 * that admits the proxy alone.
 */
import { keyOf, parsePath } from '../../src/model';
import {
  Any,
  envList,
  envMap,
  errorsOf,
  find,
  ofKind,
  problemsOf,
  render,
  renderEnv,
  resolve,
  schemaProblems,
} from '../support';

/** One rendered object, untyped. */
const obj = (objs: Any[], kind: string, name?: string): Any => find(objs, kind, name);

const TLS = `ingress:\n  enabled: true\n  hosts: [{host: chat.example.com}]\n  tls: [{secretName: t, hosts: [chat.example.com]}]\n`;
const DISCOVERY = 'https://id.example.com/realms/main/.well-known/openid-configuration';
const PROVIDERS = {
  oidc: `  oidc:\n    enabled: true\n    clientId: open-webui\n    providerUrl: ${DISCOVERY}\n    providerName: Company SSO\n`,
  microsoft: '  microsoft:\n    enabled: true\n    clientId: app-id\n    tenantId: tenant-id\n',
  google: '  google:\n    enabled: true\n    clientId: google-id\n',
  github: '  github:\n    enabled: true\n    clientId: github-id\n',
};
const sso = (...body: string[]) => `sso:\n  enabled: true\n${body.join('')}`;
const container = (objs: Any[]) => obj(objs, 'Deployment', 'open-webui').spec.template.spec.containers[0];
const appEnv = (objs: Any[]) => envMap(container(objs));
const secretRef = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, key } } });
const errors = (...yamls: string[]) => errorsOf(...yamls).map((e) => `${e.id} ${e.path.join('.')}`);

describe('each provider renders its variables, with its client secret by reference', () => {
  const cases: [keyof typeof PROVIDERS, Record<string, string>, string][] = [
    [
      'oidc',
      {
        OAUTH_CLIENT_ID: 'open-webui',
        OPENID_PROVIDER_URL: DISCOVERY,
        OAUTH_PROVIDER_NAME: 'Company SSO',
        OAUTH_SCOPES: 'openid email profile',
        OPENID_REDIRECT_URI: 'https://chat.example.com/oauth/oidc/callback',
      },
      'OAUTH_CLIENT_SECRET',
    ],
    [
      'microsoft',
      {
        MICROSOFT_CLIENT_ID: 'app-id',
        MICROSOFT_CLIENT_TENANT_ID: 'tenant-id',
        MICROSOFT_CLIENT_LOGIN_BASE_URL: 'https://login.microsoftonline.com',
        MICROSOFT_REDIRECT_URI: 'https://chat.example.com/oauth/microsoft/callback',
      },
      'MICROSOFT_CLIENT_SECRET',
    ],
    [
      'google',
      { GOOGLE_CLIENT_ID: 'google-id', GOOGLE_REDIRECT_URI: 'https://chat.example.com/oauth/google/callback' },
      'GOOGLE_CLIENT_SECRET',
    ],
    [
      'github',
      {
        GITHUB_CLIENT_ID: 'github-id',
        GITHUB_CLIENT_REDIRECT_URI: 'https://chat.example.com/oauth/github/callback',
      },
      'GITHUB_CLIENT_SECRET',
    ],
  ];
  test.each(cases)('%s', (provider, literals, secretVar) => {
    const objs = render(TLS, sso(PROVIDERS[provider]));
    const env = appEnv(objs);
    for (const [name, v] of Object.entries(literals)) expect([name, env[name]?.value]).toEqual([name, v]);
    expect(env[secretVar]).toEqual({ name: secretVar, ...secretRef('open-webui-secrets', secretVar) });
    // the shared encryption keys, from the one app Secret every replica reads
    for (const k of ['OAUTH_SESSION_TOKEN_ENCRYPTION_KEY', 'OAUTH_CLIENT_INFO_ENCRYPTION_KEY'])
      expect(env[k]).toEqual({ name: k, ...secretRef('open-webui-secrets', k) });
    expect(env.ENABLE_OAUTH_SIGNUP.value).toBe('False');
    expect(env.ENABLE_LOGIN_FORM.value).toBe('True');
    // no other provider's variables
    const others = Object.values(cases)
      .filter(([p]) => p !== provider)
      .flatMap(([, l, s]) => [...Object.keys(l), s]);
    expect(envList(container(objs)).filter((e) => others.includes(e.name))).toEqual([]);
    // the migrator and the app pods' waiter get the same sign-in settings (they seed with the app's env)
    const job = ofKind(objs, 'Job')[0] as Any;
    expect(envMap(job.spec.template.spec.containers[0])[secretVar]).toEqual(env[secretVar]);
  });
  test('no secret value is ever written: every *_SECRET / *_KEY variable is a secretKeyRef', () => {
    const all = sso(...Object.values(PROVIDERS));
    const env = envList(container(render(TLS, all)));
    const secretish = env.filter((e) => /SECRET|ENCRYPTION_KEY/.test(e.name));
    expect(secretish.map((e) => e.name)).toEqual([
      'WEBUI_SECRET_KEY',
      'OAUTH_SESSION_TOKEN_ENCRYPTION_KEY',
      'OAUTH_CLIENT_INFO_ENCRYPTION_KEY',
      'OAUTH_CLIENT_SECRET',
      'MICROSOFT_CLIENT_SECRET',
      'GOOGLE_CLIENT_SECRET',
      'GITHUB_CLIENT_SECRET',
    ]);
    for (const e of secretish) expect(e.valueFrom?.secretKeyRef).toBeDefined();
  });
  test('clientExistingSecret: the client secret from a Secret of its own, under secrets.keys.<entry>', () => {
    const env = appEnv(
      render(
        TLS,
        sso(
          PROVIDERS.oidc.replace(
            '    enabled: true\n',
            '    enabled: true\n    clientExistingSecret: keycloak-client\n',
          ),
        ),
        'secrets:\n  keys:\n    oidcClientSecret: client-secret\n',
      ),
    );
    expect(env.OAUTH_CLIENT_SECRET).toEqual({
      name: 'OAUTH_CLIENT_SECRET',
      ...secretRef('keycloak-client', 'client-secret'),
    });
  });
  test('encryptionKeys.existingSecret moves both keys to a Secret of their own', () => {
    const env = appEnv(render(TLS, sso(PROVIDERS.github, '  encryptionKeys:\n    existingSecret: oauth-keys\n')));
    expect(env.OAUTH_SESSION_TOKEN_ENCRYPTION_KEY.valueFrom.secretKeyRef.name).toBe('oauth-keys');
    expect(env.OAUTH_CLIENT_INFO_ENCRYPTION_KEY.valueFrom.secretKeyRef.name).toBe('oauth-keys');
  });
  test('PKCE public client: no client secret read', () => {
    const env = appEnv(
      render(TLS, sso(PROVIDERS.oidc, '    clientSecretFromSecret: false\n    codeChallengeMethod: S256\n')),
    );
    expect(env.OAUTH_CLIENT_SECRET).toBeUndefined();
    expect(env.OAUTH_CODE_CHALLENGE_METHOD.value).toBe('S256');
  });
  test('common settings: signup, merge by email, domains, roles and groups', () => {
    const env = appEnv(
      render(
        TLS,
        sso(
          PROVIDERS.microsoft,
          '  enableSignup: true\n  mergeAccountsByEmail: true\n  allowedDomains: [contoso.com, fabrikam.com]\n',
          '  enableRoleManagement: true\n  roleManagement:\n    rolesClaim: app.roles\n    allowedRoles: [User, Admin]\n    adminRoles: [Admin]\n',
          '  enableGroupManagement: true\n  groupManagement:\n    groupsClaim: memberOf\n  enableLoginForm: false\n',
        ),
      ),
    );
    expect(
      Object.fromEntries(
        [
          'ENABLE_OAUTH_SIGNUP',
          'OAUTH_MERGE_ACCOUNTS_BY_EMAIL',
          'OAUTH_ALLOWED_DOMAINS',
          'ENABLE_OAUTH_ROLE_MANAGEMENT',
          'OAUTH_ROLES_CLAIM',
          'OAUTH_ALLOWED_ROLES',
          'OAUTH_ADMIN_ROLES',
          'ENABLE_OAUTH_GROUP_MANAGEMENT',
          'OAUTH_GROUPS_CLAIM',
          'ENABLE_LOGIN_FORM',
        ].map((n) => [n, env[n]?.value]),
      ),
    ).toEqual({
      ENABLE_OAUTH_SIGNUP: 'True',
      OAUTH_MERGE_ACCOUNTS_BY_EMAIL: 'True',
      OAUTH_ALLOWED_DOMAINS: 'contoso.com,fabrikam.com',
      ENABLE_OAUTH_ROLE_MANAGEMENT: 'True',
      OAUTH_ROLES_CLAIM: 'app.roles',
      OAUTH_ALLOWED_ROLES: 'User,Admin',
      OAUTH_ADMIN_ROLES: 'Admin',
      ENABLE_OAUTH_GROUP_MANAGEMENT: 'True',
      OAUTH_GROUPS_CLAIM: 'memberOf',
      ENABLE_LOGIN_FORM: 'False',
    });
  });
  test('without sso nothing of it is rendered', () => {
    const names = envList(container(render(TLS))).map((e) => e.name);
    expect(names.filter((n) => /OAUTH|OPENID|MICROSOFT|GOOGLE|GITHUB|TRUSTED|LOGIN_FORM/.test(n))).toEqual([]);
  });
  test('the shipped environments: aws signs in with Entra ID, production with generic OIDC', () => {
    const aws = appEnv(renderEnv('aws'));
    expect(aws.MICROSOFT_CLIENT_SECRET.valueFrom.secretKeyRef).toEqual({
      name: 'open-webui-secrets',
      key: 'MICROSOFT_CLIENT_SECRET',
    });
    expect(aws.ENABLE_LOGIN_FORM.value).toBe('False');
    const prod = appEnv(renderEnv('production'));
    expect(prod.OPENID_REDIRECT_URI.value).toBe('https://chat.example.com/oauth/oidc/callback');
    expect(prod.OAUTH_CLIENT_SECRET.valueFrom.secretKeyRef.name).toBe('open-webui-secrets');
  });
});

describe('refusals', () => {
  test.each([
    [
      'oidc without a discovery URL',
      PROVIDERS.oidc.replace(`    providerUrl: ${DISCOVERY}\n`, ''),
      'sso.oidc.providerUrl',
      /lacks the discovery URL.*OAUTH_CLIENT_ID and \(OAUTH_CLIENT_SECRET or OAUTH_CODE_CHALLENGE_METHOD\) and OPENID_PROVIDER_URL/,
    ],
    [
      'oidc without a client ID',
      PROVIDERS.oidc.replace('    clientId: open-webui\n', ''),
      'sso.oidc.clientId',
      /lacks a client ID/,
    ],
    [
      'an OIDC public client without PKCE',
      `${PROVIDERS.oidc}    clientSecretFromSecret: false\n`,
      'sso.oidc.codeChallengeMethod',
      /a client secret, or PKCE/,
    ],
    [
      'Entra ID without a tenant',
      PROVIDERS.microsoft.replace('    tenantId: tenant-id\n', ''),
      'sso.microsoft.tenantId',
      /MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET and MICROSOFT_CLIENT_TENANT_ID/,
    ],
    [
      'Google without a client ID',
      '  google:\n    enabled: true\n',
      'sso.google.clientId',
      /GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET/,
    ],
    [
      'GitHub without a client ID',
      '  github:\n    enabled: true\n',
      'sso.github.clientId',
      /GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET/,
    ],
  ])('a half-configured provider (%s) is an error, not a missing login button', (_what, body, path, message) => {
    const p = errorsOf(TLS, sso(body)).find((e) => e.id === 'sso-config');
    expect(p?.path.join('.')).toBe(path);
    expect(p?.message).toMatch(message);
    expect(p?.message).toMatch(/login button would silently be missing/);
  });
  test('a provider without sso.enabled would render nothing: refused', () => {
    expect(errors(TLS, `sso:\n${PROVIDERS.google}`)).toEqual(['sso-config sso.google.enabled']);
  });
  test('sso.enabled with nothing to sign in with, and no login form with no SSO method', () => {
    expect(errors(TLS, 'sso:\n  enabled: true\n')).toEqual(['sso-config sso.enabled']);
    expect(errors(TLS, 'sso:\n  enabled: true\n  enableLoginForm: false\n')).toEqual([
      'sso-config sso.enabled',
      'sso-config sso.enableLoginForm',
    ]);
  });
  test("a redirect URI must be the public URL's callback (scheme, host, port and path)", () => {
    for (const uri of [
      'http://chat.example.com/oauth/oidc/callback',
      'https://chat.example.com:8443/oauth/oidc/callback',
      'https://other.example.com/oauth/oidc/callback',
      'https://chat.example.com/oauth/google/callback',
    ]) {
      const p = errorsOf(TLS, sso(PROVIDERS.oidc, `    redirectUri: ${uri}\n`)).find(
        (e) => e.id === 'sso-redirect-uri',
      );
      expect([uri, p?.path.join('.')]).toEqual([uri, 'sso.oidc.redirectUri']);
      expect(p?.hint).toBe(
        'Use "https://chat.example.com/oauth/oidc/callback" (the default when sso.oidc.redirectUri is unset), and register the same URI at the provider.',
      );
    }
    for (const uri of [
      'https://chat.example.com/oauth/oidc/callback',
      'https://chat.example.com/oauth/oidc/login/callback',
    ])
      expect(errors(TLS, sso(PROVIDERS.oidc, `    redirectUri: ${uri}\n`))).toEqual([]);
  });
  test('OAuth needs a public URL', () => {
    expect(errors(sso(PROVIDERS.github))).toEqual(['sso-redirect-uri publicUrl']);
    expect(errors(sso(PROVIDERS.github), 'publicUrl: https://chat.example.com\n')).toEqual([]);
  });
  test('OAuth with an http public URL is refused outside development, allowed in development', () => {
    const http = 'ingress:\n  enabled: true\n  hosts: [{host: chat.example.com}]\n';
    const p = errorsOf(http, sso(PROVIDERS.github)).find((e) => e.id === 'sso-https');
    expect(p?.path).toEqual(['ingress', 'hosts', 0, 'host']);
    expect(p?.message).toMatch(/http public URL http:\/\/chat\.example\.com/);
    const explicit = errorsOf(http, 'publicUrl: http://chat.example.com\n', sso(PROVIDERS.github)).find(
      (e) => e.id === 'sso-https',
    );
    expect(explicit?.path).toEqual(['publicUrl']);
    expect(
      problemsOf('environment:\n  development: true\n', http, sso(PROVIDERS.github)).filter(
        (e) => e.id === 'sso-https',
      ),
    ).toEqual([]);
  });
  test('openwebui.oauth is replaced by sso.*; plaintext client secrets have no key', () => {
    const [old] = errorsOf('openwebui:\n  oauth:\n    enabled: true\n');
    expect(old.hint).toMatch(/configured under sso\.\*/);
    const [plain] = errorsOf(TLS, sso(PROVIDERS.google, '    clientSecret: hunter2\n'));
    expect(plain).toMatchObject({ id: 'unknown-key', path: ['sso', 'google', 'clientSecret'] });
    expect(plain.hint).toBe(
      'Client secrets are read from a Secret only: put it in the app Secret under secrets.keys.googleClientSecret, or name another Secret in sso.google.clientExistingSecret.',
    );
  });
  test('an OIDC provider URL that is not the discovery document is refused by the schema', () => {
    const p = errorsOf(TLS, sso(PROVIDERS.oidc.replace(DISCOVERY, 'https://id.example.com/realms/main')))[0];
    expect(p.path.join('.')).toBe('sso.oidc.providerUrl');
    expect(p.message).toMatch(/\.well-known\/openid-configuration/);
  });
});

describe('egress for sign-in', () => {
  const egress = (...yamls: string[]) =>
    JSON.stringify(obj(render(...yamls), 'NetworkPolicy', 'open-webui').spec.egress);
  test('an in-cluster OIDC provider is allowed by its namespace and port', () => {
    const inCluster = 'http://keycloak.auth.svc.cluster.local:8080/realms/main/.well-known/openid-configuration';
    expect(egress(TLS, sso(PROVIDERS.oidc.replace(DISCOVERY, inCluster)))).toContain(
      JSON.stringify({
        ports: [{ port: 8080, protocol: 'TCP' }],
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'auth' } } }],
      }),
    );
  });
  test('Microsoft, Google, GitHub: public HTTPS through the modelApis peer; warned when it is off', () => {
    expect(problemsOf(TLS, sso(PROVIDERS.microsoft)).map((p) => p.id)).not.toContain('network-policy-sign-in-egress');
    const w = problemsOf(
      TLS,
      sso(PROVIDERS.microsoft),
      'networkPolicy:\n  egress:\n    modelApis:\n      enabled: false\n',
    ).find((p) => p.id === 'network-policy-sign-in-egress');
    expect(w?.message).toMatch(/login\.microsoftonline\.com/);
  });
});

describe('trusted headers: only behind a NetworkPolicy that admits the proxy alone', () => {
  const PROXY = `  trustedHeader:\n    enabled: true\n    emailHeader: X-Forwarded-Email\n    nameHeader: X-Forwarded-User\n    groupsHeader: X-Forwarded-Groups\n    proxy:\n      namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: oauth2-proxy}}\n      podSelector: {matchLabels: {app.kubernetes.io/name: oauth2-proxy}}\n`;
  const ALONE = 'networkPolicy:\n  ingress:\n    controllerPods: false\n';
  test('renders the headers, and the app NetworkPolicy admits only the proxy pods', () => {
    const objs = render(TLS, sso(PROXY), ALONE);
    const env = appEnv(objs);
    expect([
      env.WEBUI_AUTH_TRUSTED_EMAIL_HEADER?.value,
      env.WEBUI_AUTH_TRUSTED_NAME_HEADER?.value,
      env.WEBUI_AUTH_TRUSTED_GROUPS_HEADER?.value,
      env.WEBUI_AUTH_TRUSTED_ROLE_HEADER,
    ]).toEqual(['X-Forwarded-Email', 'X-Forwarded-User', 'X-Forwarded-Groups', undefined]);
    const policy = obj(objs, 'NetworkPolicy', 'open-webui').spec;
    expect(policy.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'oauth2-proxy' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'oauth2-proxy' } },
          },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    // the migrator shares the policy; it serves nothing, so admitting only the proxy takes nothing from it
    expect(policy.podSelector.matchExpressions[0].values).toEqual(['app', 'migration']);
  });
  test('a proxy outside the cluster by its own subnet', () => {
    const objs = render(
      TLS,
      sso('  trustedHeader:\n    enabled: true\n    emailHeader: X-Email\n    proxy:\n      cidrs: [10.20.30.0/28]\n'),
      ALONE,
    );
    expect(obj(objs, 'NetworkPolicy', 'open-webui').spec.ingress[0].from).toEqual([
      { ipBlock: { cidr: '10.20.30.0/28' } },
    ]);
  });
  test.each([
    ['NetworkPolicies off', 'networkPolicy:\n  enabled: false\n', 'networkPolicy.enabled', /NetworkPolicies are off/],
    ['the ingress controller still admitted', '', 'networkPolicy.ingress.controllerPods', /would be admitted too/],
    [
      'load balancer CIDRs still admitted',
      `${ALONE}    cidrs: [10.0.0.0/16]\n`,
      'networkPolicy.ingress.cidrs',
      /would be admitted too/,
    ],
    [
      'the monitoring namespace still admitted',
      `${ALONE}  monitoring:\n    enabled: true\n`,
      'networkPolicy.monitoring.enabled',
      /would be admitted too/,
    ],
  ])('refused with %s', (_what, np, path, message) => {
    const p = errorsOf(TLS, sso(PROXY), np).find((e) => e.id === 'sso-trusted-header');
    expect(p?.path.join('.')).toBe(path);
    expect(p?.message).toMatch(message);
    expect(p?.message).toMatch(/could forge the header/);
  });
  test.each([
    ['no proxy', '', 'sso.trustedHeader.proxy', /names no pods and no CIDR/],
    [
      'an empty namespace selector',
      '    proxy:\n      namespaceSelector: {matchLabels: {}}\n      podSelector: {matchLabels: {app: p}}\n',
      'sso.trustedHeader.proxy.namespaceSelector.matchLabels',
      /matches every namespace/,
    ],
    [
      'a CIDR of nearly every address',
      '    proxy:\n      cidrs: [0.0.0.0/0]\n',
      'sso.trustedHeader.proxy.cidrs.0',
      /nearly any address/,
    ],
  ])('refused with %s', (_what, proxy, path, message) => {
    const th = `  trustedHeader:\n    enabled: true\n    emailHeader: X-Email\n${proxy}`;
    const p = errorsOf(TLS, sso(th), ALONE).find((e) => e.path.join('.') === path);
    expect(p?.id).toBe('sso-trusted-header');
    expect(p?.message).toMatch(message);
  });
  test('the email header is required', () => {
    expect(errors(TLS, sso(PROXY.replace('    emailHeader: X-Forwarded-Email\n', '')), ALONE)).toEqual([
      'sso-trusted-header sso.trustedHeader.emailHeader',
    ]);
  });
  test('every rendered object passes the strict Kubernetes schema check', () => {
    for (const o of render(TLS, sso(PROXY, PROVIDERS.oidc), ALONE)) expect(schemaProblems(o)).toEqual([]);
  });
});

describe('findings on the rendered policy map back to the proxy', () => {
  test('a field of the ingress rule is reported at sso.trustedHeader.proxy', () => {
    const m = resolve(
      TLS,
      sso('  trustedHeader:\n    enabled: true\n    emailHeader: X-Email\n    proxy:\n      cidrs: [10.20.30.0/28]\n'),
      'networkPolicy:\n  ingress:\n    controllerPods: false\n',
    ).model;
    expect(
      keyOf(m.sources, { kind: 'NetworkPolicy', component: 'app' }, parsePath('spec.ingress[0].from[0].ipBlock.cidr')),
    ).toEqual(['sso', 'trustedHeader', 'proxy']);
    expect(keyOf(m.sources, { kind: 'NetworkPolicy', component: 'app' }, parsePath('spec.egress[0]'))).toEqual([
      'networkPolicy',
    ]);
  });
});
