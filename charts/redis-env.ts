/**
 * The app side of Redis: REDIS_URL and WEBSOCKET_REDIS_URL (always the same Redis), the key prefix,
 * and the Sentinel/Cluster/TLS settings of an external Redis.
 *
 * No URL or password is ever written into dist/:
 * - internal: `REDIS_PASSWORD` comes from a secretKeyRef and `REDIS_URL` is `redis://default:$(REDIS_PASSWORD)@host:6379/0` (the ACL `default` user, which `requirepass` sets),
 *   expanded by the kubelet. Kubernetes only expands variables defined EARLIER in the same list,
 *   so the password is emitted first, then the URL, then WEBSOCKET_REDIS_URL=$(REDIS_URL).
 * - external: the URL is read from a Secret; with TLS files the Secret's URL is read as REDIS_SERVER_URL
 *   and REDIS_URL appends redis-py's `ssl_*` query options pointing at the mounted files.
 */
import { k8s } from 'cdk8s-plus-28';
import { REDIS_PORT } from './redis-config';
import { redisNames } from './redis';
import { Release } from './release';
import { fromAppSecret } from './secret-ref';

/** Where the external Redis TLS files are mounted in the app pods. */
export const REDIS_TLS_DIR = '/etc/open-webui/redis-tls';
const TLS_FILES = { caKey: 'ca.crt', certKey: 'tls.crt', keyKey: 'tls.key' } as const;
const TLS_QUERY = { caKey: 'ssl_ca_certs', certKey: 'ssl_certfile', keyKey: 'ssl_keyfile' } as const;

const plain = (name: string, value: string | number): k8s.EnvVar => ({ name, value: String(value) });

/** True when an external TLS Secret with files is mounted. */
function tlsFiles(release: Release): (keyof typeof TLS_FILES)[] {
  const r = release.values.redis;
  if (!r.enabled || r.mode !== 'external' || !r.external.tls.enabled || !r.external.tls.existingSecret) return [];
  return (Object.keys(TLS_FILES) as (keyof typeof TLS_FILES)[]).filter((k) => r.external.tls[k] !== undefined);
}

export function redisEnv(release: Release): k8s.EnvVar[] {
  const r = release.values.redis;
  if (!r.enabled) return [];
  const env: k8s.EnvVar[] = [];
  if (r.mode === 'internal') {
    const n = redisNames(release);
    if (r.internal.auth.enabled) {
      env.push({ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: n.passwordSecret, key: n.passwordKey } } });
      env.push(plain('REDIS_URL', `redis://default:$(REDIS_PASSWORD)@${n.host}:${REDIS_PORT}/0`));
    } else {
      env.push(plain('REDIS_URL', `redis://${n.host}:${REDIS_PORT}/0`));
    }
  } else {
    const secretName = r.external.existingSecret ?? release.appSecretName;
    const files = tlsFiles(release);
    if (files.length) {
      const urlFromSecret = fromAppSecret(release, 'redisUrl', secretName);
      env.push({ ...urlFromSecret, name: 'REDIS_SERVER_URL' });
      const query = [
        'ssl_cert_reqs=required',
        ...files.map((k) => `${TLS_QUERY[k]}=${REDIS_TLS_DIR}/${TLS_FILES[k]}`),
      ].join('&');
      env.push(plain('REDIS_URL', `$(REDIS_SERVER_URL)?${query}`));
    } else {
      env.push(fromAppSecret(release, 'redisUrl', secretName));
    }
  }
  env.push(plain('WEBSOCKET_REDIS_URL', '$(REDIS_URL)'), plain('REDIS_KEY_PREFIX', r.keyPrefix));
  if (r.mode === 'external') {
    const ext = r.external;
    if (ext.sentinel.hosts.length) {
      const hosts = ext.sentinel.hosts.join(',');
      env.push(plain('REDIS_SENTINEL_HOSTS', hosts), plain('REDIS_SENTINEL_PORT', ext.sentinel.port));
      env.push(plain('WEBSOCKET_SENTINEL_HOSTS', hosts), plain('WEBSOCKET_SENTINEL_PORT', ext.sentinel.port));
    }
    if (ext.cluster) env.push(plain('REDIS_CLUSTER', 'True'), plain('WEBSOCKET_REDIS_CLUSTER', 'True'));
    const timeout = ext.socketConnectTimeoutSeconds ?? (ext.sentinel.hosts.length ? 5 : undefined);
    if (timeout !== undefined) env.push(plain('REDIS_SOCKET_CONNECT_TIMEOUT', timeout));
  }
  return env;
}

/** The TLS Secret volume of the app pods (external Redis with TLS files), or nothing. */
export function redisAppVolumes(release: Release): k8s.Volume[] {
  const files = tlsFiles(release);
  if (!files.length) return [];
  const tls = release.values.redis.external.tls;
  return [
    {
      name: 'redis-tls',
      secret: {
        secretName: tls.existingSecret as string,
        defaultMode: 0o440,
        items: files.map((k) => ({ key: tls[k] as string, path: TLS_FILES[k] })),
      },
    },
  ];
}

export function redisAppVolumeMounts(release: Release): k8s.VolumeMount[] {
  return tlsFiles(release).length ? [{ name: 'redis-tls', mountPath: REDIS_TLS_DIR, readOnly: true }] : [];
}
