/**
 * A changed inline password must restart the backend that reads it together with the app: before,
 * only the app's pods rolled (checksum/secret), so the app came back with the new password against
 * a Redis still running the old one (WRONGPASS). The Redis / development PostgreSQL pod templates now
 * carry `checksum/password` of exactly their password entry, so other inline values leave them alone.
 */
import { Any, find, Overlay, renderEnv } from '../support';

const podAnnotations = (objects: Any[], kind: string, name: string): Record<string, string> =>
  (find(objects, kind, name) as Any).spec.template.metadata.annotations ?? {};
const of = (extra?: Overlay) => {
  const objects = renderEnv('local', extra);
  return {
    app: podAnnotations(objects, 'Deployment', 'open-webui')['checksum/secret'],
    redis: podAnnotations(objects, 'StatefulSet', 'open-webui-redis')['checksum/password'],
    pg: podAnnotations(objects, 'StatefulSet', 'open-webui-postgresql')['checksum/password'],
  };
};

describe('inline password checksums on the Redis and development PostgreSQL pods', () => {
  const base = of();
  test('both backends carry checksum/password when their password is in the inline app Secret', () => {
    expect(base.redis).toMatch(/^[0-9a-f]{64}$/);
    expect(base.pg).toMatch(/^[0-9a-f]{64}$/);
    expect(base.redis).not.toBe(base.pg);
  });
  test('changing secrets.inline.redisPassword rolls the app and Redis, not PostgreSQL', () => {
    const changed = of({ secrets: { inline: { redisPassword: 'another-dev-password-1' } } });
    expect(changed.app).not.toBe(base.app);
    expect(changed.redis).not.toBe(base.redis);
    expect(changed.pg).toBe(base.pg);
  });
  test('changing secrets.inline.postgresPassword rolls the app and PostgreSQL, not Redis', () => {
    const changed = of({ secrets: { inline: { postgresPassword: 'another-dev-password-2' } } });
    expect(changed.app).not.toBe(base.app);
    expect(changed.pg).not.toBe(base.pg);
    expect(changed.redis).toBe(base.redis);
  });
  test('another inline value (the secret key) rolls only the app', () => {
    const changed = of({ secrets: { inline: { secretKey: 'a-different-development-secret-key' } } });
    expect(changed.app).not.toBe(base.app);
    expect([changed.redis, changed.pg]).toEqual([base.redis, base.pg]);
  });
  test('no checksum/password when the password comes from an existing Secret (not rendered here)', () => {
    const objects = renderEnv('local', {
      redis: { internal: { auth: { existingSecret: 'redis-auth' } } },
      database: { inCluster: { existingSecret: 'pg-auth' } },
      secrets: { inline: { redisPassword: null, postgresPassword: null } },
    });
    expect(podAnnotations(objects, 'StatefulSet', 'open-webui-redis')['checksum/password']).toBeUndefined();
    expect(podAnnotations(objects, 'StatefulSet', 'open-webui-postgresql')['checksum/password']).toBeUndefined();
  });
});
