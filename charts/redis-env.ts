/**
 * The app side of Redis: REDIS_URL and WEBSOCKET_REDIS_URL (always the same Redis), and the key prefix.
 * The URL is read from a Secret; WEBSOCKET_REDIS_URL refers to it with Kubernetes `$(REDIS_URL)`
 * expansion, so no URL or password is ever written into dist/.
 */
import { k8s } from 'cdk8s-plus-28';
import { Release } from './release';
import { fromAppSecret } from './secret-ref';

export function redisEnv(release: Release): k8s.EnvVar[] {
  const r = release.values.redis;
  if (!r.enabled) return [];
  return [
    fromAppSecret(release, 'redisUrl', r.external.existingSecret ?? release.appSecretName),
    { name: 'WEBSOCKET_REDIS_URL', value: '$(REDIS_URL)' },
    { name: 'REDIS_KEY_PREFIX', value: r.keyPrefix },
  ];
}
