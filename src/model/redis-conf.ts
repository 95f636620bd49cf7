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
  'tcp-keepalive',
  'appendfsync',
  'logfile',
  'daemonize',
  'replicaof',
  'slaveof',
] as const;

/**
 * Directives that open a door around the password: ACL users (`user backdoor on nopass ~* &* +@all`
 * is a passwordless full-access user), an ACL file (the same, from a file), renamed commands, and
 * loading native code or re-enabling commands and configs Redis locks by default. Refused in
 * `extraConfig` whatever the spelling (src/rules/redis.ts).
 */
export const REDIS_BACKDOOR_DIRECTIVES: Readonly<Record<string, string>> = {
  user: 'defines an ACL user, who logs in with its own password (or none: "nopass") instead of the requirepass of the Secret',
  aclfile:
    'loads ACL users from a file, who log in with their own passwords (or none) instead of the requirepass of the Secret',
  'rename-command': 'renames or removes commands, which hides them from operators and clients that expect them',
  loadmodule: 'loads native code into the server',
  'enable-debug-command': 'opens the DEBUG command, which can crash the server or change its memory',
  'enable-module-command': 'opens the MODULE command, which loads native code at run time',
  'enable-protected-configs':
    'lets CONFIG SET change protected settings such as dir and dbfilename (a write-anywhere primitive)',
};

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

/** C's isspace() in the "C" locale: what sdssplitargs skips between arguments. */
const isSpace = (c: string | undefined) =>
  c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const HEX = /^[0-9a-fA-F]$/;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

/**
 * The arguments of one redis.conf line exactly as redis-server reads them, or undefined when
 * redis-server would refuse the line ("Unbalanced quotes in configuration line"). A port of
 * `sdssplitargs` (redis src/sds.c, used by loadServerConfigFromString in src/config.c, Redis 7.0):
 * arguments are separated by blanks; `"..."` takes the escapes `\xHH`, `\n`, `\r`, `\t`, `\b`,
 * `\a` and `\<any>`; `'...'` takes `\'`; a quote may start in the middle of an argument
 * (`require"pass"`), and a closing quote must be followed by a blank or the end. The C string ends
 * at the first NUL, so nothing after one is read.
 */
export function sdsSplitArgs(input: string): string[] | undefined {
  const nul = input.indexOf('\0');
  const line = nul >= 0 ? input.slice(0, nul) : input;
  const args: string[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && isSpace(line[i])) i++;
    if (i >= line.length) return args;
    let cur = '';
    let inq = false;
    let insq = false;
    for (let done = false; !done;) {
      const c = line[i];
      if (inq) {
        if (c === '\\' && line[i + 1] === 'x' && HEX.test(line[i + 2] ?? '') && HEX.test(line[i + 3] ?? '')) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < line.length) {
          i++;
          cur += ESCAPES[line[i]] ?? line[i];
        } else if (c === '"') {
          if (i + 1 < line.length && !isSpace(line[i + 1])) return undefined;
          done = true;
        } else if (c === undefined) return undefined;
        else cur += c;
      } else if (insq) {
        if (c === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (c === "'") {
          if (i + 1 < line.length && !isSpace(line[i + 1])) return undefined;
          done = true;
        } else if (c === undefined) return undefined;
        else cur += c;
      } else if (c === undefined || c === ' ' || c === '\n' || c === '\r' || c === '\t') done = true;
      else if (c === '"') inq = true;
      else if (c === "'") insq = true;
      else cur += c;
      if (i < line.length) i++;
    }
    args.push(cur);
  }
}

/** One line of redis.conf as redis-server reads it. */
export type RedisConfLine =
  | { readonly kind: 'blank' }
  | { readonly kind: 'unbalanced' }
  | { readonly kind: 'directive'; readonly directive: string; readonly args: readonly string[] };

/**
 * A redis.conf line as loadServerConfigFromString reads it: trimmed of " \t\r\n", skipped when
 * empty or a comment, split with sdsSplitArgs, the directive name lower-cased (ASCII, sdstolower).
 */
export function parseRedisConfLine(line: string): RedisConfLine {
  const t = line.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if (t === '' || t.startsWith('#')) return { kind: 'blank' };
  const argv = sdsSplitArgs(t);
  if (argv === undefined) return { kind: 'unbalanced' };
  if (argv.length === 0) return { kind: 'blank' };
  const [first, ...args] = argv;
  return { kind: 'directive', directive: first.replace(/[A-Z]/g, (ch) => ch.toLowerCase()), args };
}

/** The lines of `extraConfig` as redis.conf gets them (one per line, trimmed), in order. */
export function extraConfigLines(extraConfig: string): string[] {
  const extra = extraConfig.trim();
  return extra ? extra.split(/\r?\n/).map((l) => l.trim()) : [];
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
    '# Websocket fan-out runs over pub/sub: a subscriber that stops reading is dropped at the hard limit; maxmemory + hard limit fit the container.',
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
  const extra = extraConfigLines(c.extraConfig);
  if (extra.length) lines.push('', '# redis.internal.config.extraConfig', ...extra);
  return lines.join('\n') + '\n';
}
