/**
 * The `route.*` values section: documented keys with defaults, the schema's refusals (durations,
 * host names and paths the HTTPRoute CRD and its CEL rules refuse), and a values key.
 */
import { z } from 'zod';
import { routeSchema } from '../../src/values/schema';
import { errorsOf, ids } from '../support';

describe('route.* schema', () => {
  it('defaults: off, no implementation, 1h timeouts, the Ingress affinity cookie, https origins', () => {
    expect(routeSchema.parse(undefined)).toEqual({
      enabled: false,
      implementation: 'none',
      parentRefs: [],
      alongsideIngress: false,
      hostnames: [],
      origin: { scheme: 'https' },
      paths: [{ type: 'PathPrefix', value: '/' }],
      timeouts: { request: '1h', backendRequest: '1h' },
      httpsRedirect: { enabled: false, parentRefs: [] },
      sessionAffinity: { enabled: true, cookieName: 'open-webui-affinity', maxAgeSeconds: 86400 },
      aws: { apiVersion: 'gateway.k8s.aws/v1', loadBalancerConfiguration: false, scheme: 'internal' },
      annotations: {},
    });
  });

  it('every key has a description', () => {
    const missing: string[] = [];
    const walk = (s: Record<string, any>, path: string) => {
      if (s.properties)
        for (const [k, v] of Object.entries<Record<string, any>>(s.properties)) {
          if (!v.description) missing.push(`${path}${k}`);
          walk(v, `${path}${k}.`);
        }
      if (s.items) walk(s.items, `${path}[].`);
    };
    walk(z.toJSONSchema(routeSchema, { io: 'input' }) as Record<string, any>, 'route.');
    expect(missing).toEqual([]);
  });

  it('refuses durations the HTTPRoute CRD refuses and unknown keys', () => {
    expect(routeSchema.safeParse({ timeouts: { request: '1 hour' } }).error?.issues[0].message).toMatch(
      /Gateway API duration/,
    );
    expect(routeSchema.safeParse({ timeouts: { request: '604800s' } }).success).toBe(false);
    expect(routeSchema.safeParse({ implemntation: 'istio' }).success).toBe(false);
  });

  it('refuses host names and paths the HTTPRoute CRD (or its CEL rules) refuses', () => {
    expect(routeSchema.safeParse({ hostnames: ['10.0.0.1'] }).error?.issues[0].message).toMatch(/no IP address/);
    expect(routeSchema.safeParse({ hostnames: ['Chat.example.com'] }).success).toBe(false);
    expect(routeSchema.safeParse({ hostnames: ['*.example.com'] }).success).toBe(true);
    for (const value of ['api', '/a//b', '/a/../b', '/a%2Fb', '/a#b', '/a/.'])
      expect(routeSchema.safeParse({ paths: [{ value }] }).error?.issues[0].message).toMatch(
        /not a clean absolute path/,
      );
  });

  it('is a values key: an unknown key inside it is refused with its place', () => {
    expect(ids(errorsOf('route:\n  enabled: false\n  hostname: [a.example.com]\n'))).toEqual(['unknown-key']);
  });
});
