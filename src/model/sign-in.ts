/**
 * How users sign in (`sso.*`), decided once: the OAuth providers Open WebUI will register, each
 * with its redirect URI on the public URL, and trusted-header sign-in with the proxy that alone may
 * reach the pods.
 *
 * Sources (Open WebUI `backend/open_webui/config.py`): the facts file
 * (/work/shared/reference/open-webui-0.11-facts.md §8) gives the 0.11.0 lines of OIDC and Microsoft
 * (`f9590b8`: MICROSOFT_* :2481-2497, OAUTH_* / OPENID_* :2507-2525, common settings :2447-2575,
 * Microsoft registered when client ID, secret and tenant are all set :2639, OIDC when client ID and
 * (secret or code-challenge method) and provider URL :2676). Google and GitHub, which the facts file
 * leaves unverified, were read at open-webui/open-webui@00b1c6b, whose OAuth section is line for
 * line the one the facts cite for f9590b8 (the Microsoft and OIDC lines above match exactly):
 * GOOGLE_CLIENT_ID :2460, GOOGLE_CLIENT_SECRET :2462, GOOGLE_OAUTH_SCOPE :2465, GOOGLE_REDIRECT_URI
 * :2467, registered when `GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET` (:2621); GITHUB_CLIENT_ID
 * :2499, GITHUB_CLIENT_SECRET :2501, GITHUB_CLIENT_SCOPE :2503, GITHUB_CLIENT_REDIRECT_URI :2505,
 * registered when `GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET` (`load_oauth_providers`, after the
 * Microsoft block). The callback route is `/oauth/{provider}/callback` (`backend/open_webui/main.py`:
 * `oauth_login_callback` is registered on it and on the newer `/oauth/{provider}/login/callback`;
 * the former is registered first, so `request.url_for('oauth_login_callback')` resolves to it when
 * no redirect URI is set). Trusted headers: `backend/open_webui/env.py:756-759` @ f9590b8, used at
 * `routers/auths.py:391, 728-733`.
 */
import { Path } from '../errors';
import { Values } from '../values/schema';
import { enabledProviders, OAuthProviderId } from './credentials';
import type { IngressPeer } from './gateway';
import { originOf, PublicUrl } from './origins';

/** The path Open WebUI handles the provider's callback on. */
export const oauthCallbackPath = (p: OAuthProviderId) => `/oauth/${p}/callback`;
/** Also accepted by Open WebUI 0.11 (`/oauth/{provider}/login/callback`, the newer of the two routes). */
export const oauthLoginCallbackPath = (p: OAuthProviderId) => `/oauth/${p}/login/callback`;

export const PROVIDER_LABEL: Record<OAuthProviderId, string> = {
  oidc: 'OpenID Connect',
  microsoft: 'Microsoft Entra ID',
  google: 'Google',
  github: 'GitHub',
};

export interface OAuthProvider {
  readonly id: OAuthProviderId;
  /** For plan and messages, e.g. `OpenID Connect ("Keycloak")`. */
  readonly label: string;
  /** The redirect URI to render: `sso.<id>.redirectUri`, else `<public URL>/oauth/<id>/callback`; none without a public URL. */
  readonly redirectUri?: string;
  readonly redirectKey: Path;
  /** URLs the app itself calls that may be anywhere (the OIDC discovery URL), for egress rules of their own. */
  readonly endpoints: readonly { readonly url: string; readonly key: Path }[];
  /**
   * Public HTTPS hosts the app calls (metadata, token and user info endpoints of Microsoft, Google,
   * GitHub): admitted by the `networkPolicy.egress.modelApis` peer (public addresses on 443).
   */
  readonly publicHosts: readonly string[];
}

/** The proxy peer trusted-header sign-in admits: the only source of the app NetworkPolicy then. */
export interface TrustedProxy {
  readonly namespaceSelector?: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly podSelector?: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly cidrs: readonly string[];
}

export interface SignIn {
  /** OAuth providers Open WebUI is configured to register, in a stable order. */
  readonly oauth: readonly OAuthProvider[];
  /** Trusted-header sign-in, when on (with `sso.enabled`). */
  readonly trustedHeader?: {
    readonly headers: Readonly<Record<'email' | 'name' | 'groups' | 'role', string | undefined>>;
    readonly proxy: TrustedProxy;
  };
  /** Open WebUI's own login form is offered. */
  readonly loginForm: boolean;
}

const PUBLIC_HOSTS: Record<Exclude<OAuthProviderId, 'oidc' | 'microsoft'>, string[]> = {
  // config.py @ 00b1c6b: Google reads https://accounts.google.com/.well-known/openid-configuration, GitHub
  // https://github.com/login/oauth/* and https://api.github.com/user (all HTTPS, port 443).
  google: ['accounts.google.com'],
  github: ['github.com', 'api.github.com'],
};

export function signInOf(v: Values, publicUrl: PublicUrl | undefined): SignIn {
  const sso = v.sso;
  const oauth = enabledProviders(v).map((id): OAuthProvider => {
    const p = sso[id];
    const redirectKey: Path = ['sso', id, 'redirectUri'];
    const redirectUri = p.redirectUri ?? (publicUrl ? `${publicUrl.url}${oauthCallbackPath(id)}` : undefined);
    const endpoints =
      id === 'oidc' && sso.oidc.providerUrl ? [{ url: sso.oidc.providerUrl, key: ['sso', 'oidc', 'providerUrl'] }] : [];
    const publicHosts =
      id === 'oidc'
        ? []
        : id === 'microsoft'
          ? [new URL(sso.microsoft.loginBaseUrl).hostname, 'graph.microsoft.com'] // the profile picture (MICROSOFT_CLIENT_PICTURE_URL)
          : PUBLIC_HOSTS[id];
    return {
      id,
      label: id === 'oidc' ? `${PROVIDER_LABEL.oidc} ("${sso.oidc.providerName}")` : PROVIDER_LABEL[id],
      ...(redirectUri ? { redirectUri } : {}),
      redirectKey,
      endpoints,
      publicHosts,
    };
  });
  const th = sso.trustedHeader;
  return {
    oauth,
    ...(sso.enabled && th.enabled
      ? {
          trustedHeader: {
            headers: { email: th.emailHeader, name: th.nameHeader, groups: th.groupsHeader, role: th.roleHeader },
            proxy: {
              ...(th.proxy.namespaceSelector ? { namespaceSelector: th.proxy.namespaceSelector } : {}),
              ...(th.proxy.podSelector ? { podSelector: th.proxy.podSelector } : {}),
              cidrs: th.proxy.cidrs,
            },
          },
        }
      : {}),
    loginForm: !sso.enabled || sso.enableLoginForm,
  };
}

/** Whether a redirect URI lands on the public URL's callback of this provider (scheme, host, port and path). */
export function redirectMatches(uri: string, publicUrl: PublicUrl, p: OAuthProviderId): boolean {
  if (originOf(uri) !== publicUrl.url) return false;
  const path = new URL(uri).pathname;
  return path === oauthCallbackPath(p) || path === oauthLoginCallbackPath(p);
}

/**
 * The app NetworkPolicy's ingress peers with trusted-header sign-in: the proxy alone (its pods by
 * labels, and/or its IP blocks), instead of the ways in's peers; none with NetworkPolicies off.
 */
export function trustedProxyPeers(v: Values, proxy: TrustedProxy): IngressPeer[] {
  if (!v.networkPolicy.enabled) return [];
  const peers: IngressPeer[] = [];
  if (proxy.namespaceSelector || proxy.podSelector)
    peers.push({
      ...(proxy.namespaceSelector
        ? { namespaceSelector: { matchLabels: { ...proxy.namespaceSelector.matchLabels } } }
        : {}),
      ...(proxy.podSelector ? { podSelector: { matchLabels: { ...proxy.podSelector.matchLabels } } } : {}),
    });
  for (const cidr of proxy.cidrs) peers.push({ ipBlock: { cidr } });
  return peers;
}
