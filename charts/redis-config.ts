/**
 * redis.conf of the in-cluster Redis, rendered from `redis.internal.config`. One pure function so the
 * tests can start a real `redis-server` on exactly this text. The password is never part of it:
 * it reaches Redis as `--requirepass $(REDIS_PASSWORD)` (see redis.ts).
 */
import { Values } from '../src/values/schema';

export const REDIS_PORT = 6379;
/** Where the ConfigMap is mounted (read-only). */
export const REDIS_CONFIG_DIR = '/etc/redis';
export const REDIS_CONFIG_FILE = 'redis.conf';
/** The writable data directory (PVC or emptyDir); the root filesystem is read-only. */
export const REDIS_DATA_DIR = '/data';

/** Directives the chart owns; `extraConfig` may not set them (validated in rules/redis.ts). */
export const REDIS_CHART_OWNED_DIRECTIVES = ['requirepass', 'masterauth', 'dir', 'port', 'bind', 'include', 'rename-command'] as const;

/** The redis.conf text: deterministic, one directive per line. */
export function renderRedisConf(v: Values): string {
  const r = v.redis.internal;
  const c = r.config;
  const persist = r.persistence.enabled;
  const lines = [
    '# Rendered by open-webui-k8s from redis.internal.config. Do not edit: change the values.',
    '# No password here: it is passed as --requirepass $(REDIS_PASSWORD) from a Secret.',
    '',
    '# Network. Auth (requirepass) guards every connection; protected-mode only matters without it.',
    'bind * -::*',
    `port ${REDIS_PORT}`,
    `protected-mode ${r.auth.enabled ? 'yes' : 'no'}`,
    'tcp-keepalive 300',
    '',
    '# Open WebUI at scale: close idle connections and allow many clients, or logins start failing with 500s.',
    `timeout ${c.timeout}`,
    `maxclients ${c.maxclients}`,
    '# Websocket fan-out runs over pub/sub: a bigger output buffer keeps heavy streams from dropping subscribers.',
    `client-output-buffer-limit pubsub ${c.pubsubBufferLimit.hardBytes} ${c.pubsubBufferLimit.softBytes} ${c.pubsubBufferLimit.softSeconds}`,
    '',
    '# Memory: fail writes loudly when full instead of silently evicting sessions or revocation entries.',
    `maxmemory ${c.maxmemory.toLowerCase()}`,
    `maxmemory-policy ${c.maxmemoryPolicy}`,
    '',
    `# Persistence (${persist ? 'a PersistentVolumeClaim' : 'an emptyDir: lost on restart'} on ${REDIS_DATA_DIR}).`,
    `dir ${REDIS_DATA_DIR}`,
    `appendonly ${c.appendonly ? 'yes' : 'no'}`,
    'appendfsync everysec',
    // RDB snapshots on top of the AOF only cost I/O; without the AOF, snapshot now and then.
    c.appendonly ? 'save ""' : 'save 3600 1 300 100 60 10000',
    '',
    '# Logs go to stdout for kubectl logs.',
    'logfile ""',
  ];
  const extra = c.extraConfig.trim();
  if (extra) lines.push('', '# redis.internal.config.extraConfig', ...extra.split(/\r?\n/).map((l) => l.trim()));
  return lines.join('\n') + '\n';
}
