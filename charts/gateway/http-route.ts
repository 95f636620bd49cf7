/**
 * The Gateway API way in: an HTTPRoute (`gateway.networking.k8s.io/v1`) to the app Service, with
 * timeouts sized for Open WebUI, an optional HTTP -> HTTPS redirect route, and the session
 * persistence field that `sessionPersistencePlan` (src/model/gateway.ts) decides on.
 *
 * The route is written to pass the CRD's CEL rules too, which `check` does not evaluate
 * (kubernetes-sigs/gateway-api v1.6.1 config/crd/experimental/gateway.networking.k8s.io_httproutes.yaml):
 * path values start with "/" and hold no "//", "/./", "/../", "%2f" or "#"; backendRequest is not
 * longer than request; a redirect rule has no backendRefs; unique rule names.
 */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRouteSessionPersistence } from '../../src/model';
import { durationSeconds, GATEWAY_DURATION, gatewayHostnameProblem, gatewayPathProblem } from '../../src/k8s';

export const HTTP_ROUTE_API_VERSION = 'gateway.networking.k8s.io/v1';

/** A Gateway (listener) the route attaches to. */
export interface GatewayParentRef {
  /** Gateway name. */
  readonly name: string;
  /**
   * Gateway namespace. The Gateway's listener must allow routes from the route's namespace
   * (`allowedRoutes.namespaces`).
   * @default the route's namespace
   */
  readonly namespace?: string;
  /**
   * Listener name on that Gateway, e.g. `https`.
   * @default every listener whose protocol and hostname fit
   */
  readonly sectionName?: string;
}

/** `HTTPRouteRule.timeouts` (Gateway API durations such as `1h`, `90s`; `0s` disables one). */
export interface HttpRouteTimeouts {
  /** Longest time the gateway may take to answer a request, streaming included. */
  readonly request: string;
  /** Longest time for one call from the gateway to a pod. At most `request` (unless `request` is `0s`). */
  readonly backendRequest: string;
}

/**
 * Timeouts for Open WebUI: one hour for the whole request and for each call to a pod. Open WebUI
 * streams chat completions for tens of seconds to minutes (reasoning models longer), streams the
 * progress of model downloads (`/ollama/api/pull`) for as long as the download runs, and answers an
 * upload only after extraction and embedding. Implementations' defaults cut these short (Envoy
 * Gateway's 15 s cut long downloads: open-webui/helm-charts#421). One hour matches this chart's
 * ingress-nginx `proxyTimeoutSeconds` and ALB `idleTimeoutSeconds` defaults (3600); it is not `0s`
 * (no limit) so that a hung pod does not hold proxy connections forever.
 */
export const OPEN_WEBUI_TIMEOUTS: HttpRouteTimeouts = { request: '1h', backendRequest: '1h' };

/** One path match of the app rule. */
export interface HttpRoutePath {
  /** `PathPrefix` (default) or `Exact`. */
  readonly type?: 'PathPrefix' | 'Exact';
  /** Path, starting with "/". */
  readonly value: string;
}

export interface HttpsRedirectProps {
  /** The plain-HTTP listener(s) to answer with a redirect, e.g. `{name, sectionName: 'http'}`. */
  readonly parentRefs: readonly GatewayParentRef[];
  /**
   * Redirect status code.
   * @default 301
   */
  readonly statusCode?: 301 | 302;
}

export interface HttpRouteProps {
  /** Name, namespace, labels and annotations of the route. */
  readonly metadata: ApiObjectMetadata;
  /** Gateways (listeners) the app route attaches to: at least one. */
  readonly parentRefs: readonly GatewayParentRef[];
  /**
   * Host names the route answers for (`*.example.com` allowed as a prefix wildcard).
   * @default [] (every host name the listener accepts)
   */
  readonly hostnames?: readonly string[];
  /**
   * Path matches routed to the app.
   * @default [{ type: 'PathPrefix', value: '/' }]
   */
  readonly paths?: readonly HttpRoutePath[];
  /** The app Service. */
  readonly serviceName: string;
  /** Port of that Service. */
  readonly servicePort: number;
  /**
   * Timeouts of the app rule; `null` leaves them to the implementation (for implementations that
   * take them from their own policy object instead, e.g. GKE's GCPBackendPolicy).
   * @default OPEN_WEBUI_TIMEOUTS (1h, 1h)
   */
  readonly timeouts?: HttpRouteTimeouts | null;
  /**
   * Cookie session persistence on the app rule (Gateway API experimental channel); from
   * `sessionPersistencePlan(...).route.sessionPersistence`.
   * @default none
   */
  readonly sessionPersistence?: HttpRouteSessionPersistence;
  /**
   * Also render `<name>-https-redirect`, a route on the plain-HTTP listener(s) that redirects every
   * request to https (same host names).
   * @default no redirect route
   */
  readonly httpsRedirect?: HttpsRedirectProps;
}

function parentRef(p: GatewayParentRef): Record<string, string> {
  return {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: p.name,
    ...(p.namespace ? { namespace: p.namespace } : {}),
    ...(p.sectionName ? { sectionName: p.sectionName } : {}),
  };
}

/** Problems with the props, each saying what to change (the construct throws them). */
export function httpRouteProblems(props: HttpRouteProps): string[] {
  const out: string[] = [];
  if (props.parentRefs.length === 0)
    out.push('parentRefs is empty: name the Gateway (and listener sectionName) the route attaches to.');
  for (const [i, p] of [...props.parentRefs, ...(props.httpsRedirect?.parentRefs ?? [])].entries())
    if (!p.name) out.push(`parentRefs[${i}].name is empty: name the Gateway.`);
  if (props.httpsRedirect && props.httpsRedirect.parentRefs.length === 0)
    out.push(
      'httpsRedirect.parentRefs is empty: name the plain-HTTP listener to redirect from (e.g. sectionName "http").',
    );
  for (const h of props.hostnames ?? []) {
    const problem = gatewayHostnameProblem(h);
    if (problem) out.push(`hostname "${h}" ${problem}: write a host name such as "chat.example.com".`);
  }
  for (const p of props.paths ?? []) {
    const problem = gatewayPathProblem(p.value);
    if (problem) out.push(`path "${p.value}" ${problem}.`);
  }
  const t = props.timeouts;
  if (t) {
    for (const [k, v] of Object.entries(t))
      if (!GATEWAY_DURATION.test(v))
        out.push(`timeouts.${k} "${v}" is not a Gateway API duration: write e.g. "1h", "90s" or "1h30m".`);
    if (GATEWAY_DURATION.test(t.request) && GATEWAY_DURATION.test(t.backendRequest)) {
      const req = durationSeconds(t.request);
      if (req !== 0 && durationSeconds(t.backendRequest) > req)
        out.push(
          `timeouts.backendRequest (${t.backendRequest}) is longer than timeouts.request (${t.request}): make it at most the request timeout.`,
        );
    }
  }
  if (props.servicePort < 1 || props.servicePort > 65535 || !Number.isInteger(props.servicePort))
    out.push(`servicePort ${props.servicePort} is not a port (1-65535).`);
  return out;
}

/**
 * An HTTPRoute to the app Service (and, optionally, a redirect route on the HTTP listener).
 * Name of the redirect route: `<metadata.name>-https-redirect`.
 */
export class HttpRoute extends Construct {
  /** The app route. */
  readonly route: ApiObject;
  /** The redirect route, when `httpsRedirect` is set. */
  readonly redirect?: ApiObject;

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id);
    const problems = httpRouteProblems(props);
    if (problems.length) throw new Error(`HTTPRoute ${props.metadata.name}: ${problems.join(' ')}`);
    const hostnames = props.hostnames?.length ? { hostnames: [...props.hostnames] } : {};
    const paths = props.paths?.length ? props.paths : [{ type: 'PathPrefix' as const, value: '/' }];
    const timeouts = props.timeouts === undefined ? OPEN_WEBUI_TIMEOUTS : props.timeouts;
    this.route = new ApiObject(this, 'Resource', {
      apiVersion: HTTP_ROUTE_API_VERSION,
      kind: 'HTTPRoute',
      metadata: props.metadata,
      spec: {
        parentRefs: props.parentRefs.map(parentRef),
        ...hostnames,
        rules: [
          {
            name: 'app',
            matches: paths.map((p) => ({ path: { type: p.type ?? 'PathPrefix', value: p.value } })),
            backendRefs: [{ group: '', kind: 'Service', name: props.serviceName, port: props.servicePort, weight: 1 }],
            ...(timeouts ? { timeouts: { request: timeouts.request, backendRequest: timeouts.backendRequest } } : {}),
            ...(props.sessionPersistence ? { sessionPersistence: { ...props.sessionPersistence } } : {}),
          },
        ],
      },
    });
    if (props.httpsRedirect) {
      this.redirect = new ApiObject(this, 'HttpsRedirect', {
        apiVersion: HTTP_ROUTE_API_VERSION,
        kind: 'HTTPRoute',
        metadata: { ...props.metadata, name: `${props.metadata.name}-https-redirect` },
        spec: {
          parentRefs: props.httpsRedirect.parentRefs.map(parentRef),
          ...hostnames,
          rules: [
            {
              name: 'https-redirect',
              filters: [
                {
                  type: 'RequestRedirect',
                  requestRedirect: { scheme: 'https', statusCode: props.httpsRedirect.statusCode ?? 301 },
                },
              ],
            },
          ],
        },
      });
    }
  }
}
