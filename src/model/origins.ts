/**
 * Where users reach the app versus where the load balancer serves it, decided once.
 *
 * - Backend addresses: what each way in serves, as the tool derives it (scheme, host, port): an
 *   Ingress host through its controller (an ALB listener on HTTP 8080 is `http://host:8080`).
 *   Ways in are pluggable: `WAYS_IN` lists one function per kind of front door (the Ingress, the
 *   Gateway API HTTPRoute); a new one is one function added there, and the public URL, CORS
 *   origins, rules and plan follow.
 * - The public URL: what users type (`publicUrl`), which may differ in host and scheme from every
 *   backend address (Entra App Proxy's https:// external URL in front of an internal ALB); unset,
 *   the first backend address. It drives WEBUI_URL, the OAuth redirect URIs and the cookie Secure
 *   flags.
 * - CORS origins: `openwebui.corsAllowOrigin` when set; otherwise the public URL when it is set,
 *   else every backend address. Open WebUI compares origins exactly (scheme, host and port:
 *   `backend/open_webui/config.py` CORS_ALLOW_ORIGIN, `socket/main.py:59` @ f9590b8), so a browser
 *   on the public URL is refused unless that origin is listed; a backend host nobody types need
 *   not be.
 */
import { Path } from '../errors';
import { Values } from '../values/schema';
import { routeOrigin } from './gateway';

/** One address a way in serves. */
export interface BackendAddress {
  /** The host as configured, e.g. `chat.example.com` or `*.example.com`. */
  readonly host: string;
  /** The origin a browser sends when it opens this address (`http://ai-scaled.ggai:8080`); none for a wildcard host. */
  readonly origin?: string;
  /** The values key of the host. */
  readonly key: Path;
  /** What serves it, for messages and plan, e.g. `ingress (alb)`. */
  readonly via: string;
}

/** A kind of front door: the addresses it serves for these values (none when it is off). */
export type WayIn = (v: Values) => BackendAddress[];

/** The normalized origin of an http(s) URL (lower-case scheme and host, default port dropped), or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** Ingress hosts: https where a TLS entry covers the host (or an HTTPS ALB listener), on the listener's port for an ALB. */
export function ingressAddresses(v: Values): BackendAddress[] {
  const ing = v.ingress;
  if (!ing.enabled) return [];
  const tlsHosts = new Set(ing.tls.flatMap((t) => t.hosts));
  return ing.hosts.map((h, i) => {
    const key: Path = ['ingress', 'hosts', i, 'host'];
    const via = `ingress (${ing.controller})`;
    if (h.host.startsWith('*.')) return { host: h.host, key, via };
    if (ing.controller === 'alb') {
      const scheme = ing.alb.protocol === 'HTTPS' ? 'https' : 'http';
      return { host: h.host, key, via, origin: originOf(`${scheme}://${h.host}:${ing.alb.listenPort}`) };
    }
    return { host: h.host, key, via, origin: originOf(`${tlsHosts.has(h.host) ? 'https' : 'http'}://${h.host}`) };
  });
}

/** The route's host names, with `route.origin`'s scheme and port (the Gateway listener users reach). */
export function routeAddresses(v: Values): BackendAddress[] {
  if (!v.route.enabled) return [];
  return v.route.hostnames.map((host, i) => ({
    host,
    key: ['route', 'hostnames', i],
    via: `route (${v.route.implementation})`,
    ...(host.startsWith('*.') ? {} : { origin: originOf(routeOrigin(v, host)) }),
  }));
}

/** Every way in, in order: the first address of the first one is the default public URL. */
export const WAYS_IN: readonly WayIn[] = [ingressAddresses, routeAddresses];

/** Addresses of every way in. */
export const backendAddresses = (v: Values, ways: readonly WayIn[] = WAYS_IN): BackendAddress[] =>
  ways.flatMap((w) => w(v));

export interface PublicUrl {
  /** The origin users type, e.g. `https://chat.example.com` (WEBUI_URL). */
  readonly url: string;
  readonly https: boolean;
  readonly host: string;
  /** The values key it comes from: `publicUrl`, or the backend host it was derived from. */
  readonly key: Path;
  /** Derived from a backend address (no `publicUrl` set). */
  readonly derived: boolean;
}

/** The public URL: `publicUrl`, else the first backend address that has an origin. */
export function publicUrlOf(v: Values, addresses: readonly BackendAddress[]): PublicUrl | undefined {
  const explicit = v.publicUrl !== undefined ? originOf(v.publicUrl) : undefined;
  const first = addresses.find((a) => a.origin);
  const url = explicit ?? first?.origin;
  if (!url) return undefined;
  const u = new URL(url);
  return {
    url,
    https: u.protocol === 'https:',
    host: u.hostname,
    key: explicit ? ['publicUrl'] : (first as BackendAddress).key,
    derived: !explicit,
  };
}

/** CORS_ALLOW_ORIGIN: the explicit list, else the public URL when it is set, else every backend origin. */
export function corsOrigins(
  v: Values,
  publicUrl: PublicUrl | undefined,
  addresses: readonly BackendAddress[],
): string[] {
  if (v.openwebui.corsAllowOrigin.length > 0) return v.openwebui.corsAllowOrigin;
  if (publicUrl && !publicUrl.derived) return [publicUrl.url];
  return [...new Set(addresses.flatMap((a) => (a.origin ? [a.origin] : [])))];
}
