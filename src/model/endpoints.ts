/**
 * Where users reach the app (the origins behind WEBUI_URL and CORS_ALLOW_ORIGIN), and the services the app connects to that are configured through typed keys (Tika, Docling, the
 * embeddings API, Qdrant, Milvus, Chroma, the OpenTelemetry collector) or through `extraEnv` variables named `*_URL` / `*_URLS` (e.g. model backends:
 * OLLAMA_BASE_URLS, OPENAI_API_BASE_URLS, `;`-separated), and where NetworkPolicy egress must let
 * that traffic go. One source of truth
 * for `charts/network-policy.ts` (which renders the rules) and the rule
 * `network-policy-service-url` (which warns when a URL gives no destination).
 * Documented in docs/security.md#networkpolicies.
 */
import { Path } from '../errors';
import { isIPv4 } from '../k8s';
import { Values } from '../values/schema';
import { routeOrigins } from './gateway';

/** Where egress to one service is allowed. */
export type ServiceDestination =
  /** `<svc>.<ns>.svc[.cluster.local]`: every pod of namespace `ns`. */
  | { readonly kind: 'namespace'; readonly namespace: string }
  /** A bare service name: every pod of the release's own namespace. */
  | { readonly kind: 'same-namespace' }
  /** Another in-cluster name (`*.svc`, `*.svc.cluster.local`): every pod of every namespace. */
  | { readonly kind: 'cluster' }
  /** Anything else (public or private DNS name, IP address): any address. */
  | { readonly kind: 'any' };

export interface ServiceEndpoint {
  /** Values key that configures it, e.g. `openwebui.contentExtraction.tikaServerUrl`. */
  readonly path: Path;
  /** The configured URL (or `host:port` for Chroma). */
  readonly url: string;
  readonly host?: string;
  readonly port?: number;
  readonly destination?: ServiceDestination;
  /** Set when no destination could be derived. */
  readonly problem?: string;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** Where a host name points, as far as a NetworkPolicy can tell. */
export function destinationOf(host: string): ServiceDestination {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h.startsWith('[') || isIPv4(h)) return { kind: 'any' };
  if (!h.includes('.')) return { kind: 'same-namespace' };
  const m = /^(.+)\.svc(\.cluster\.local)?$/.exec(h);
  if (!m) return { kind: 'any' };
  const labels = m[1].split('.');
  // <svc>.<ns>.svc or <pod>.<svc>.<ns>.svc: the namespace is the label before `svc`.
  if (labels.length >= 2) return { kind: 'namespace', namespace: labels[labels.length - 1] };
  return { kind: 'cluster' };
}

function fromUrl(path: Path, url: string): ServiceEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { path, url, problem: 'it is not a URL the app could open' };
  }
  const host = parsed.hostname;
  if (!host) return { path, url, problem: 'it names no host' };
  const port = parsed.port ? Number(parsed.port) : DEFAULT_PORTS[parsed.protocol];
  if (!port) return { path, url, host, problem: `no port is given and scheme ${parsed.protocol} has no default port` };
  return { path, url, host, port, destination: destinationOf(host) };
}

/** Every service URL the app env renders (typed keys, then `extraEnv` URLs), with its egress destination. */
export function serviceEndpoints(v: Values): ServiceEndpoint[] {
  const out: ServiceEndpoint[] = [];
  const ce = v.openwebui.contentExtraction;
  if (ce.tikaServerUrl) out.push(fromUrl(['openwebui', 'contentExtraction', 'tikaServerUrl'], ce.tikaServerUrl));
  if (ce.doclingServerUrl)
    out.push(fromUrl(['openwebui', 'contentExtraction', 'doclingServerUrl'], ce.doclingServerUrl));
  const emb = v.openwebui.embeddings;
  if (emb.engine !== 'local' && emb.baseUrl) out.push(fromUrl(['openwebui', 'embeddings', 'baseUrl'], emb.baseUrl));
  const vdb = v.vectorDb;
  if (vdb.type === 'qdrant' && vdb.qdrant.uri) out.push(fromUrl(['vectorDb', 'qdrant', 'uri'], vdb.qdrant.uri));
  if (vdb.type === 'milvus' && vdb.milvus.uri) out.push(fromUrl(['vectorDb', 'milvus', 'uri'], vdb.milvus.uri));
  if (vdb.type === 'chroma' && vdb.chroma.httpHost) {
    const { httpHost: host, httpPort: port } = vdb.chroma;
    out.push({
      path: ['vectorDb', 'chroma', 'httpHost'],
      url: `${host}:${port}`,
      host,
      port,
      destination: destinationOf(host),
    });
  }
  // The OpenTelemetry collector the serving pods push OTLP to (observability.otel.*).
  const otel = v.observability.otel;
  if (otel.enabled && otel.endpoint) out.push(fromUrl(['observability', 'otel', 'endpoint'], otel.endpoint));
  out.push(...extraEnvEndpoints(v));
  return out;
}

/** `extraEnv` names whose values are URLs the app opens: `*_URL`, and `*_URLS` lists (`;`-separated). */
export const URL_ENV_NAME = /_URLS?$/;

/**
 * URLs given through `extraEnv` literal values of variables named `*_URL` / `*_URLS` (Open WebUI
 * separates lists with `;`, e.g. OLLAMA_BASE_URLS). Values from `valueFrom` are unknown at render
 * time and are not derived.
 */
export function extraEnvEndpoints(v: Values): ServiceEndpoint[] {
  const out: ServiceEndpoint[] = [];
  v.extraEnv.forEach((e, i) => {
    if (!URL_ENV_NAME.test(e.name) || e.value === undefined) return;
    const path: Path = ['extraEnv', i, 'value'];
    for (const url of e.value
      .split(';')
      .map((u) => u.trim())
      .filter(Boolean)) {
      if (url.includes('$('))
        out.push({ path, url, problem: 'it refers to another variable, which is only resolved in the pod' });
      else out.push(fromUrl(path, url));
    }
  });
  return out;
}

/**
 * Origins users reach, derived from the ways in when `openwebui.corsAllowOrigin` is empty: the
 * Ingress hosts, then the route's host names (each source in its order, duplicates once).
 */
export function publicOrigins(v: Values): string[] {
  if (v.openwebui.corsAllowOrigin.length > 0) return v.openwebui.corsAllowOrigin;
  return [...new Set([...ingressOrigins(v), ...routeOrigins(v)])];
}

/** Origins users reach through the Ingress (wildcard hosts give none). */
export function ingressOrigins(v: Values): string[] {
  if (!v.ingress.enabled) return [];
  const tlsHosts = new Set(v.ingress.tls.flatMap((t) => t.hosts));
  return v.ingress.hosts
    .filter((h) => !h.host.startsWith('*.'))
    .map((h) => {
      if (v.ingress.controller === 'alb') {
        const scheme = v.ingress.alb.protocol === 'HTTPS' ? 'https' : 'http';
        const defaultPort = scheme === 'https' ? 443 : 80;
        return `${scheme}://${h.host}${v.ingress.alb.listenPort === defaultPort ? '' : `:${v.ingress.alb.listenPort}`}`;
      }
      return `${tlsHosts.has(h.host) ? 'https' : 'http'}://${h.host}`;
    });
}
