/**
 * The `route.*` values section designed in issue 11 part 1: documented keys with defaults, the
 * implementation list equal to the constructs', and not yet accepted in values files (nothing
 * renders it until part 2 wires it).
 */
import { z } from 'zod';
import { GATEWAY_IMPLEMENTATIONS } from '../../charts/gateway';
import { ROUTE_IMPLEMENTATIONS, routeSchema } from '../../src/values/schema';
import { errorsOf, ids } from '../support';

describe('route.* (designed, not wired)', () => {
  it('names the same implementations as sessionPersistencePlan', () => {
    expect([...ROUTE_IMPLEMENTATIONS]).toEqual([...GATEWAY_IMPLEMENTATIONS]);
  });

  it('defaults: off, no implementation, 1h timeouts, the Ingress affinity cookie', () => {
    expect(routeSchema.parse(undefined)).toEqual({
      enabled: false,
      implementation: 'none',
      parentRefs: [],
      hostnames: [],
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

  it('is not yet a values key: route: in a values file is an unknown key until part 2 renders it', () => {
    expect(ids(errorsOf('route:\n  enabled: true\n'))).toEqual(['unknown-key']);
  });
});
