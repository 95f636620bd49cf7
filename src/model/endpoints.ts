/**
 * The services the app connects to that are configured through typed keys (Tika, Docling, the
 * embeddings API, Qdrant, Milvus, Chroma, the model connections, the OAuth providers) or through
 * `extraEnv` variables named `*_URL` / `*_URLS` (`;`-separated lists), and where NetworkPolicy
 * egress must let that traffic go. One source of truth
 * for `charts/network-policy.ts` (which renders the rules) and the rule
 * `network-policy-service-url` (which warns when a URL gives no destination).
 * Documented in docs/security.md#networkpolicies.
 */
import { Path } from '../errors';
import { isIPv4 } from '../k8s';
import { Values } from '../values/schema';

/** Where egress to one service is allowed. */
export type ServiceDestination =
  /** `<svc>.<ns>.svc[.cluster.local]`: every pod of namespace `ns`. */
  | { readonly kind: 'namespace'; readonly namespace: string }
  /** A bare service name: every pod of the release's own namespace. */
  | { readonly kind: 'same-namespace' }
  /** Another in-cluster name (`*.svc`, `*.svc.cluster.local`): every pod of every namespace. */
  | { readonly kind: 'cluster' }
  /** Anything else (public or private DNS name, IP address): any address. */
  | { readonly kind: 'any' }
  /** A host `hostAliases` maps to one address (the pods resolve it from /etc/hosts): that address only. */
  | { readonly kind: 'address'; readonly cidr: string };

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

/**
 * Every service URL the app env renders (typed keys, the model connections, `more`: the sign-in
 * providers' endpoints, then `extraEnv` URLs), with its egress destination.
 */
export function serviceEndpoints(
  v: Values,
  more: readonly { readonly url: string; readonly key: Path }[] = [],
): ServiceEndpoint[] {
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
  const conn = v.openwebui.connections;
  conn.openai.forEach((c, i) => out.push(fromUrl(['openwebui', 'connections', 'openai', i, 'baseUrl'], c.baseUrl)));
  conn.ollama.forEach((c, i) => out.push(fromUrl(['openwebui', 'connections', 'ollama', i, 'baseUrl'], c.baseUrl)));
  for (const m of more) out.push(fromUrl(m.key, m.url));
  out.push(...extraEnvEndpoints(v));
  return withHostAliases(out, v.hostAliases);
}

/**
 * The pods resolve a `hostAliases` name from /etc/hosts, to its address only: egress goes there,
 * whatever the name looks like (an aliased `*.svc` name does not lead to that namespace's pods).
 */
function withHostAliases(endpoints: ServiceEndpoint[], aliases: Values['hostAliases']): ServiceEndpoint[] {
  const address = new Map<string, string>();
  for (const a of aliases) for (const h of a.hostnames) if (!address.has(h)) address.set(h, a.ip);
  return endpoints.map((e) => {
    const ip = e.host && e.destination ? address.get(e.host.toLowerCase().replace(/\.$/, '')) : undefined;
    return ip ? { ...e, destination: { kind: 'address', cidr: `${ip}/${isIPv4(ip) ? 32 : 128}` } } : e;
  });
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
