/**
 * Rules on sign-in (`sso.*`): each provider's registration condition (a half-configured provider is
 * an error, not a silently missing login button), redirect URIs on the public URL, OAuth only over
 * https outside development, and trusted headers only behind a NetworkPolicy that admits the proxy
 * alone. Sources: src/model/sign-in.ts.
 */
import { Path } from '../errors';
import { controllerPeer, OAUTH_PROVIDER_IDS, OAuthProviderId, oauthCallbackPath, ReleaseModel } from '../model';
import { redirectMatches } from '../model/sign-in';
import { Values } from '../values/schema';
import { finding, Finding, Rule, rule, findings } from './rule';
import { isWideCidr, SECURITY_DOCS } from './security';

export const SIGN_IN_DOCS = `${SECURITY_DOCS}#sign-in`;

/** What each provider needs before Open WebUI registers it (besides its client secret, which is always wired from a Secret). */
function missingForRegistration(v: Values, p: OAuthProviderId): [Path, string][] {
  const s = v.sso;
  const out: [Path, string][] = [];
  if (!s[p].clientId) out.push([['sso', p, 'clientId'], 'a client ID']);
  if (p === 'oidc') {
    if (!s.oidc.providerUrl) out.push([['sso', 'oidc', 'providerUrl'], 'the discovery URL (providerUrl)']);
    if (!s.oidc.clientSecretFromSecret && !s.oidc.codeChallengeMethod)
      out.push([['sso', 'oidc', 'codeChallengeMethod'], 'a client secret, or PKCE (codeChallengeMethod: S256)']);
  }
  if (p === 'microsoft' && !s.microsoft.tenantId) out.push([['sso', 'microsoft', 'tenantId'], 'a tenant ID']);
  return out;
}

const CONDITION: Record<OAuthProviderId, string> = {
  oidc: 'OAUTH_CLIENT_ID and (OAUTH_CLIENT_SECRET or OAUTH_CODE_CHALLENGE_METHOD) and OPENID_PROVIDER_URL',
  microsoft: 'MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET and MICROSOFT_CLIENT_TENANT_ID',
  google: 'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET',
  github: 'GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET',
};

/** Providers and trusted headers only with `sso.enabled`, complete as Open WebUI registers them; something to sign in with. */
export function ssoConfig(v: Values, m: ReleaseModel): Finding[] {
  const s = v.sso;
  const [out, add] = findings();
  const on = [...OAUTH_PROVIDER_IDS.filter((p) => s[p].enabled), ...(s.trustedHeader.enabled ? ['trustedHeader'] : [])];
  if (!s.enabled) {
    for (const p of on)
      add(
        ['sso', p, 'enabled'],
        `sso.${p}.enabled is true but sso.enabled is false, so nothing would render it and its sign-in would silently be missing.`,
        `Set sso.enabled: true (or sso.${p}.enabled: false).`,
        true,
      );
    return out;
  }
  if (on.length === 0)
    add(
      ['sso', 'enabled'],
      'sso.enabled is true but no provider and no trusted header is on: there is nothing to sign in with.',
      'Turn on a provider (sso.oidc, sso.microsoft, sso.google, sso.github) or sso.trustedHeader, or set sso.enabled: false.',
      true,
    );
  for (const p of OAUTH_PROVIDER_IDS.filter((x) => s[x].enabled)) {
    const missing = missingForRegistration(v, p);
    if (missing.length)
      add(
        missing[0][0],
        `sso.${p} is on but lacks ${missing.map(([, what]) => what).join(' and ')}: Open WebUI registers this provider only with ${CONDITION[p]}, so its login button would silently be missing.`,
        `Set ${missing.map(([path]) => path.join('.')).join(' and ')}.`,
      );
  }
  if (!s.enableLoginForm && m.signIn.oauth.length === 0 && !m.signIn.trustedHeader)
    add(
      ['sso', 'enableLoginForm'],
      'sso.enableLoginForm is false but no SSO method is on: nobody could sign in.',
      'Turn on an OAuth provider or sso.trustedHeader, or keep the login form.',
      false,
    );
  return out;
}

/** Redirect URIs need a public URL and must land on it: the browser returns there after signing in. */
export function ssoRedirectUri(v: Values, m: ReleaseModel): Finding[] {
  const [out, add] = findings();
  for (const p of m.signIn.oauth) {
    const explicit = v.sso[p.id].redirectUri;
    if (!m.publicUrl) {
      add(
        ['publicUrl'],
        `sso.${p.id} is on but no public URL is known (publicUrl is unset and no Ingress host gives one), so its redirect URI and WEBUI_URL cannot be rendered and Open WebUI would build them from whatever Host header reaches it.`,
        'Set publicUrl to the URL users type, e.g. "https://chat.example.com".',
      );
      continue;
    }
    if (explicit !== undefined && !redirectMatches(explicit, m.publicUrl, p.id))
      add(
        p.redirectKey,
        `The redirect URI of sso.${p.id} is not on the public URL ${m.publicUrl.url}: the provider would send the browser back to another address than the one users signed in from, and the OAuth state cookie would not be there.`,
        `Use "${m.publicUrl.url}${oauthCallbackPath(p.id)}" (the default when sso.${p.id}.redirectUri is unset), and register the same URI at the provider.`,
        explicit,
      );
  }
  return out;
}

/** OAuth codes and the session cookie over plain http can be read on the way: only in development. */
export function ssoHttps(v: Values, m: ReleaseModel): Finding[] {
  if (v.environment.development || !m.publicUrl || m.publicUrl.https || m.signIn.oauth.length === 0) return [];
  return [
    finding(
      m.publicUrl.key,
      `OAuth sign-in (${m.signIn.oauth.map((p) => `sso.${p.id}`).join(', ')}) with the http public URL ${m.publicUrl.url}: authorization codes and session cookies would cross the network in clear text, and the cookies cannot be marked Secure.`,
      m.publicUrl.derived
        ? 'Serve the app over https (TLS on the Ingress, or an HTTPS load balancer listener), or set publicUrl to the https URL of the proxy users reach it through.'
        : 'Set publicUrl to the https URL users reach (a TLS-terminating proxy in front of an HTTP backend is fine).',
      m.publicUrl.url,
    ),
  ];
}

/**
 * Trusted headers are believed from whoever sends them: refused unless the app NetworkPolicy is on
 * and admits only the proxy (`sso.trustedHeader.proxy`), which then replaces `networkPolicy.ingress`.
 */
export function ssoTrustedHeader(v: Values, m: ReleaseModel): Finding[] {
  const th = m.signIn.trustedHeader;
  if (!th) return [];
  const [out, add] = findings();
  const np = v.networkPolicy;
  const forge = 'anyone else who reaches the pods could forge the header and sign in as any user';
  if (!v.sso.trustedHeader.emailHeader)
    add(
      ['sso', 'trustedHeader', 'emailHeader'],
      'sso.trustedHeader is on but emailHeader is not set: Open WebUI signs users in by the email header.',
      'Set sso.trustedHeader.emailHeader to the header your proxy sets, e.g. "X-Forwarded-Email" (oauth2-proxy).',
    );
  if (!np.enabled)
    add(
      ['networkPolicy', 'enabled'],
      `sso.trustedHeader is on but NetworkPolicies are off: ${forge}.`,
      'Set networkPolicy.enabled: true and describe the proxy in sso.trustedHeader.proxy.',
      false,
    );
  const p = th.proxy;
  const labels = (s?: { matchLabels: Readonly<Record<string, string>> }) =>
    !!s && Object.keys(s.matchLabels).length > 0;
  if (!labels(p.namespaceSelector) && !labels(p.podSelector) && p.cidrs.length === 0)
    add(
      ['sso', 'trustedHeader', 'proxy'],
      `sso.trustedHeader is on but sso.trustedHeader.proxy names no pods and no CIDR: the NetworkPolicy must admit the proxy, and only it, because ${forge}.`,
      'Set sso.trustedHeader.proxy.namespaceSelector and podSelector to the proxy pods (e.g. oauth2-proxy), or cidrs to the subnets of a proxy that is not a pod.',
    );
  if (p.namespaceSelector && !labels(p.namespaceSelector))
    add(
      ['sso', 'trustedHeader', 'proxy', 'namespaceSelector', 'matchLabels'],
      `sso.trustedHeader.proxy.namespaceSelector has no labels: it matches every namespace, so ${forge}.`,
      'Name the proxy namespace, e.g. matchLabels: {kubernetes.io/metadata.name: oauth2-proxy}.',
      {},
    );
  p.cidrs.forEach((c, i) => {
    if (isWideCidr(c))
      add(
        ['sso', 'trustedHeader', 'proxy', 'cidrs', i],
        `sso.trustedHeader.proxy.cidrs admits ${c} (nearly any address): ${forge}.`,
        "List only the proxy's own subnets.",
        c,
      );
  });
  // Other ingress peers would be dropped while trusted headers are on: say so instead of ignoring them.
  const others: [Path, boolean, string][] = [
    [['networkPolicy', 'ingress', 'controllerPods'], controllerPeer(v), 'the ingress controller pods'],
    [
      ['networkPolicy', 'ingress', 'gateway', 'enabled'],
      v.route.enabled && np.ingress.gateway.enabled,
      "the Gateway's data plane",
    ],
    [['networkPolicy', 'ingress', 'cidrs'], np.ingress.cidrs.length > 0, 'networkPolicy.ingress.cidrs'],
    [['networkPolicy', 'monitoring', 'enabled'], np.monitoring.enabled, 'the monitoring namespace'],
  ];
  for (const [path, set, what] of others)
    if (np.enabled && set)
      add(
        path,
        `sso.trustedHeader is on, so the app NetworkPolicy admits only sso.trustedHeader.proxy; ${what} (${path.join('.')}) would be admitted too and ${forge}.`,
        `Remove it (${path.join('.')}: ${path[path.length - 1] === 'cidrs' ? '[]' : 'false'}); if the proxy is that peer, describe it in sso.trustedHeader.proxy.`,
      );
  return out;
}

export const ssoRules: readonly Rule[] = [
  rule(
    'sso-config',
    "An SSO provider's settings must meet its registration condition (sso.enabled, ids, secrets).",
    'error',
    SIGN_IN_DOCS,
    ssoConfig,
  ),
  rule(
    'sso-redirect-uri',
    'OAuth sign-in needs publicUrl for the redirect URI.',
    'error',
    SIGN_IN_DOCS,
    ssoRedirectUri,
  ),
  rule('sso-https', 'OAuth sign-in needs HTTPS.', 'error', SIGN_IN_DOCS, ssoHttps),
  rule(
    'sso-trusted-header',
    'Trusted-header sign-in needs the header the proxy sets, and a proxy that is the only way in.',
    'error',
    SIGN_IN_DOCS,
    ssoTrustedHeader,
  ),
];
