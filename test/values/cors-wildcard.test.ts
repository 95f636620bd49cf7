/** Issue 10 item 2: a wildcard Ingress host with explicit CORS origins is valid (Open WebUI compares origins exactly). */
import { ValuesError } from '../../src/errors';
import { resolveEnv } from '../support';

// production serves through Gateway API: these cases turn its Ingress way in back on.
const wildcard = (corsAllowOrigin: string[], publicUrl?: string) => ({
  route: { enabled: false },
  // the request metrics follow the way in (envoy-gateway needs the HTTPRoute)
  slo: { requestMetrics: { source: 'ingress-nginx' } },
  ingress: {
    enabled: true,
    hosts: [{ host: '*.chat.example.com' }],
    tls: [{ hosts: ['*.chat.example.com'], secretName: 'chat-tls' }],
  },
  ...(publicUrl ? { publicUrl } : {}),
  openwebui: { corsAllowOrigin },
});

const errorIds = (attempt: () => unknown): string[] => {
  try {
    attempt();
    return [];
  } catch (e) {
    if (e instanceof ValuesError) return e.problems.filter((p) => p.severity === 'error').map((p) => p.id);
    throw e;
  }
};

describe('wildcard Ingress hosts and CORS origins', () => {
  test('explicit origins under the wildcard are accepted', () => {
    expect(
      errorIds(() =>
        resolveEnv(
          'production',
          wildcard(
            ['https://team-a.chat.example.com', 'https://team-b.chat.example.com'],
            'https://team-a.chat.example.com',
          ),
        ),
      ),
    ).toEqual([]);
  });
  test('no origins at all: still refused (nothing to derive them from)', () => {
    expect(errorIds(() => resolveEnv('production', wildcard([])))).toContain('ingress-config');
  });
});
