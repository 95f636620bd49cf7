/**
 * `sso.*`: sign-in through OAuth providers (generic OIDC, Microsoft Entra ID, Google, GitHub) and
 * trusted headers from an authenticating proxy. Key names follow the official Open WebUI chart's
 * `sso.*` where the concept is the same, so values carry over; client secrets are read from a
 * Secret only (`secrets.keys.<provider>ClientSecret` of the app Secret, or `clientExistingSecret`).
 *
 * The variables, their defaults and each provider's registration condition are Open WebUI's
 * `backend/open_webui/config.py` (OAuth section, `load_oauth_providers`) and `env.py` (trusted
 * headers, encryption keys); the file:line references are in src/model/sign-in.ts.
 */
import { z } from 'zod';
import { cidr, httpUrl, k8sSubdomainName } from './primitives';
import { labelSelector } from './security';

/** An HTTP header name (RFC 9110 token). */
const headerName = () =>
  z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, {
    message: 'must be an HTTP header name such as "X-Forwarded-Email" (letters, digits and "-", no spaces or colon)',
  });

/** A role or domain name as Open WebUI splits its comma-separated lists. */
const listItem = (what: string) =>
  z
    .string()
    .min(1)
    .regex(/^[^,\s]+$/, { message: `must be one ${what}: no commas or spaces (the list is joined with ",")` });

const clientExistingSecret = (entry: string, provider: string) =>
  k8sSubdomainName()
    .optional()
    .meta({
      description: `Secret holding the ${provider} client secret under \`secrets.keys.${entry}\` (default: the app Secret; its key name is \`secrets.keys.${entry}\`). The secret is never a plain value.`,
    });

const redirectUri = (provider: string) =>
  httpUrl()
    .optional()
    .meta({
      description: `Redirect URI registered at the provider (default: \`<publicUrl>/oauth/${provider}/callback\`). It must be on the public URL: the browser returns there after signing in.`,
    });

const providerEnabled = (what: string) =>
  z
    .boolean()
    .default(false)
    .meta({ description: `Offer sign-in with ${what} (with \`sso.enabled\`).` });

const clientId = (what: string) =>
  z
    .string()
    .min(1)
    .regex(/^\S+$/, { message: 'must be a client ID without spaces' })
    .optional()
    .meta({ description: `Client (application) ID of ${what}.` });

export const ssoSchema = z
  .strictObject({
    enabled: z.boolean().default(false).meta({
      description:
        "Sign-in through SSO: the OAuth providers below and/or trusted headers from an authenticating proxy. Off: Open WebUI's own login form only, and a provider or trusted header turned on below is refused (nothing would render it).",
    }),
    enableSignup: z.boolean().default(false).meta({
      description:
        'Create an account on the first OAuth sign-in (`ENABLE_OAUTH_SIGNUP`); off: only users who already have an account (or are merged by email) get in.',
    }),
    mergeAccountsByEmail: z.boolean().default(false).meta({
      description:
        "Sign an OAuth user into the existing account with the same email (`OAUTH_MERGE_ACCOUNTS_BY_EMAIL`). Only safe with providers that verify email addresses (Open WebUI's own warning).",
    }),
    allowedDomains: z.array(listItem('email domain')).default([]).meta({
      description:
        'Email domains allowed to sign in through OAuth (`OAUTH_ALLOWED_DOMAINS`), e.g. `[contoso.com]`; empty: every domain.',
    }),
    enableLoginForm: z.boolean().default(true).meta({
      description:
        "Show Open WebUI's email/password login form (`ENABLE_LOGIN_FORM`, with `sso.enabled`). Turn off to force SSO; refused when no SSO method is on (nobody could sign in). Under persistent config a later change needs the Admin UI.",
    }),
    enableRoleManagement: z.boolean().default(false).meta({
      description:
        "Set each user's role from the roles claim on every OAuth sign-in (`ENABLE_OAUTH_ROLE_MANAGEMENT`, see `roleManagement`).",
    }),
    enableGroupManagement: z.boolean().default(false).meta({
      description:
        "Sync each user's groups from the groups claim on every OAuth sign-in (`ENABLE_OAUTH_GROUP_MANAGEMENT`, see `groupManagement`).",
    }),
    roleManagement: z
      .strictObject({
        rolesClaim: z
          .string()
          .min(1)
          .default('roles')
          .meta({ description: 'Claim holding the roles (`OAUTH_ROLES_CLAIM`); nested claims as `a.b`.' }),
        allowedRoles: z.array(listItem('role')).default([]).meta({
          description:
            "Roles allowed to sign in, as Open WebUI users (`OAUTH_ALLOWED_ROLES`); empty: Open WebUI's default (user, admin).",
        }),
        adminRoles: z.array(listItem('role')).default([]).meta({
          description: "Roles that make a user an admin (`OAUTH_ADMIN_ROLES`); empty: Open WebUI's default (admin).",
        }),
      })
      .prefault({})
      .meta({ description: 'Role management (with `enableRoleManagement`).' }),
    groupManagement: z
      .strictObject({
        groupsClaim: z
          .string()
          .min(1)
          .default('groups')
          .meta({ description: 'Claim holding the groups (`OAUTH_GROUPS_CLAIM`); nested claims as `a.b`.' }),
      })
      .prefault({})
      .meta({ description: 'Group management (with `enableGroupManagement`).' }),
    encryptionKeys: z
      .strictObject({
        existingSecret: k8sSubdomainName().optional().meta({
          description:
            'Secret holding both keys under `secrets.keys.oauthSessionTokenEncryptionKey` and `secrets.keys.oauthClientInfoEncryptionKey` (default: the app Secret).',
        }),
      })
      .prefault({})
      .meta({
        description:
          'With any OAuth provider, `OAUTH_SESSION_TOKEN_ENCRYPTION_KEY` and `OAUTH_CLIENT_INFO_ENCRYPTION_KEY` are read from one Secret, so every replica decrypts the tokens and client information another replica stored.',
      }),
    oidc: z
      .strictObject({
        enabled: providerEnabled(
          'a generic OpenID Connect provider (Keycloak, Authentik, Okta, Entra ID as plain OIDC, ...)',
        ),
        clientId: clientId('the OIDC client (`OAUTH_CLIENT_ID`)'),
        clientExistingSecret: clientExistingSecret('oidcClientSecret', 'OIDC'),
        clientSecretFromSecret: z.boolean().default(true).meta({
          description:
            'Read `OAUTH_CLIENT_SECRET` from a Secret. Off only for a public client with PKCE (`codeChallengeMethod: S256`); Open WebUI registers the provider without a secret only then.',
        }),
        providerUrl: httpUrl()
          .regex(/\/\.well-known\/openid-configuration(\?.*)?$/, {
            message:
              'must be the OpenID Connect discovery URL, ending in "/.well-known/openid-configuration" (Open WebUI reads the provider metadata from it)',
          })
          .optional()
          .meta({
            description:
              'Discovery URL (`OPENID_PROVIDER_URL`), e.g. "https://keycloak.example.com/realms/main/.well-known/openid-configuration". Also allowed by the app NetworkPolicy egress.',
          }),
        providerName: z
          .string()
          .min(1)
          .default('SSO')
          .meta({ description: 'Name on the login button (`OAUTH_PROVIDER_NAME`).' }),
        scopes: z
          .string()
          .min(1)
          .default('openid email profile')
          .meta({ description: 'Scopes to request, space-separated (`OAUTH_SCOPES`).' }),
        codeChallengeMethod: z.enum(['S256']).optional().meta({
          description:
            'PKCE (`OAUTH_CODE_CHALLENGE_METHOD`); Open WebUI supports only `S256` and refuses to start with anything else.',
        }),
        redirectUri: redirectUri('oidc'),
      })
      .prefault({})
      .meta({
        description:
          'Generic OpenID Connect. Open WebUI registers it only with a client ID, a client secret (or PKCE) and a discovery URL together: validation refuses a half-configured provider.',
      }),
    microsoft: z
      .strictObject({
        enabled: providerEnabled('Microsoft Entra ID'),
        clientId: clientId('the Entra ID app registration (`MICROSOFT_CLIENT_ID`)'),
        clientExistingSecret: clientExistingSecret('microsoftClientSecret', 'Entra ID'),
        tenantId: z
          .string()
          .regex(/^[A-Za-z0-9.-]+$/, {
            message: 'must be a tenant ID (a GUID) or a tenant domain such as "contoso.onmicrosoft.com"',
          })
          .optional()
          .meta({
            description:
              'Directory (tenant) ID (`MICROSOFT_CLIENT_TENANT_ID`); `9188040d-6c67-4c5b-b112-36a304b66dad` for personal accounts.',
          }),
        loginBaseUrl: httpUrl().default('https://login.microsoftonline.com').meta({
          description:
            'Login endpoint (`MICROSOFT_CLIENT_LOGIN_BASE_URL`); national clouds use their own (e.g. "https://login.microsoftonline.us"). Reached over HTTPS through the `networkPolicy.egress.modelApis` peer (public addresses).',
        }),
        redirectUri: redirectUri('microsoft'),
      })
      .prefault({})
      .meta({
        description:
          'Microsoft Entra ID. Open WebUI registers it only with client ID, client secret and tenant ID together: validation refuses a half-configured provider.',
      }),
    google: z
      .strictObject({
        enabled: providerEnabled('Google'),
        clientId: clientId('the Google OAuth client (`GOOGLE_CLIENT_ID`)'),
        clientExistingSecret: clientExistingSecret('googleClientSecret', 'Google'),
        redirectUri: redirectUri('google'),
      })
      .prefault({})
      .meta({ description: 'Google. Registered with client ID and client secret together.' }),
    github: z
      .strictObject({
        enabled: providerEnabled('GitHub'),
        clientId: clientId('the GitHub OAuth app (`GITHUB_CLIENT_ID`)'),
        clientExistingSecret: clientExistingSecret('githubClientSecret', 'GitHub'),
        redirectUri: redirectUri('github'),
      })
      .prefault({})
      .meta({ description: 'GitHub. Registered with client ID and client secret together.' }),
    trustedHeader: z
      .strictObject({
        enabled: z.boolean().default(false).meta({
          description:
            'Sign users in from headers an authenticating proxy sets (oauth2-proxy, Entra App Proxy header-based SSO). Anyone who reaches the pods could forge them, so it is refused unless the app NetworkPolicy is on and admits only `proxy`.',
        }),
        emailHeader: headerName()
          .optional()
          .meta({ description: "Header with the user's email (`WEBUI_AUTH_TRUSTED_EMAIL_HEADER`), required." }),
        nameHeader: headerName()
          .optional()
          .meta({ description: "Header with the user's name for new accounts (`WEBUI_AUTH_TRUSTED_NAME_HEADER`)." }),
        groupsHeader: headerName().optional().meta({
          description:
            "Header with the user's groups, comma-separated (`WEBUI_AUTH_TRUSTED_GROUPS_HEADER`): memberships follow it on every sign-in.",
        }),
        roleHeader: headerName().optional().meta({
          description:
            "Header with the user's role, `admin`, `user` or `pending` (`WEBUI_AUTH_TRUSTED_ROLE_HEADER`): whoever sets it can make anyone an admin.",
        }),
        proxy: z
          .strictObject({
            namespaceSelector: labelSelector().optional().meta({
              description: 'Namespace of the proxy pods (must name labels: an empty selector matches every namespace).',
            }),
            podSelector: labelSelector().optional().meta({ description: 'The proxy pods (within that namespace).' }),
            cidrs: z.array(cidr()).default([]).meta({
              description:
                'IP blocks of a proxy that is not a pod (its own subnets only: every address in them can set the headers).',
            }),
          })
          .prefault({})
          .meta({
            description:
              'The only peer the app NetworkPolicy admits while trusted headers are on (instead of `networkPolicy.ingress`).',
          }),
      })
      .prefault({})
      .meta({ description: 'Trusted-header sign-in behind an authenticating proxy.' }),
  })
  .prefault({})
  .meta({
    description:
      'Single sign-on (docs/security.md#sign-in). Redirect URIs, `WEBUI_URL` and the cookie `Secure` flags follow `publicUrl`; `oauth.*` settings stay env-authoritative in Open WebUI (ENABLE_OAUTH_PERSISTENT_CONFIG is off by default), so changes here apply on the next rollout.',
  });
