/**
 * redis.conf of the in-cluster Redis, rendered from `redis.internal`. One pure function so the
 * tests can start a real `redis-server` on exactly this text. The password is never part of it:
 * it reaches Redis as `--requirepass $(REDIS_PASSWORD)` (charts/redis.ts).
 */
import { Values } from '../values/schema';
import { REDIS_PORT } from './backends';

export { REDIS_PORT };
/** Where the ConfigMap is mounted (read-only). */
export const REDIS_CONFIG_DIR = '/etc/redis';
export const REDIS_CONFIG_FILE = 'redis.conf';
/** The writable data directory (PVC or emptyDir); the root filesystem is read-only. */
export const REDIS_DATA_DIR = '/data';

/**
 * Directives the chart owns and renders with no typed key; `extraConfig` may not set them (validated
 * in src/rules/redis.ts): the pod's port, bind address, data directory, logging to stdout and the
 * password depend on them, and `daemonize`/`replicaof` would stop the pod serving as the primary.
 */
export const REDIS_CHART_OWNED_DIRECTIVES = [
  'requirepass',
  'masterauth',
  'masteruser',
  'dir',
  'port',
  'bind',
  'include',
  'rename-command',
  'tcp-keepalive',
  'appendfsync',
  'logfile',
  'daemonize',
  'replicaof',
  'slaveof',
] as const;

/**
 * Directives rendered from a typed (validated) key, with that key. `extraConfig` is appended after
 * them and redis.conf lets the last occurrence win, so setting one there would bypass validation
 * (e.g. `timeout 0`, `maxclients 128`): refused, pointing to the key (src/rules/redis.ts).
 * `client-output-buffer-limit` is only typed for its `pubsub` class (the normal/replica classes stay free).
 */
export const REDIS_TYPED_DIRECTIVES: Readonly<Record<string, string>> = {
  timeout: 'redis.internal.config.timeout',
  maxclients: 'redis.internal.config.maxclients',
  'client-output-buffer-limit': 'redis.internal.config.pubsubBufferLimit',
  maxmemory: 'redis.internal.config.maxmemory',
  'maxmemory-policy': 'redis.internal.config.maxmemoryPolicy',
  appendonly: 'redis.internal.config.appendonly',
  save: 'redis.internal.config.appendonly (RDB snapshots are derived from it)',
  'protected-mode': 'redis.internal.auth.enabled',
};

/** The directive name and arguments of one redis.conf line (lower-cased name, quotes stripped), or undefined for blanks/comments. */
export function parseRedisConfLine(line: string): { directive: string; args: string[] } | undefined {
  const t = line.trim();
  if (!t || t.startsWith('#')) return undefined;
  const [first, ...args] = t.split(/\s+/);
  return { directive: first.replace(/^["']|["']$/g, '').toLowerCase(), args };
}

/** The redis.conf text: deterministic, one directive per line. */
export function renderRedisConf(r: Values['redis']['internal']): string {
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
