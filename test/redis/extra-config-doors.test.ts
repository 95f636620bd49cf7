/**
 * Issue 10 item 4b: no backdoor through `redis.internal.config.extraConfig`. Each case is a line
 * validation refuses, written the way an attacker would (escapes, quotes, case), and for each a
 * REAL redis-server started on the rendered redis.conf (rendered here without the rules, the
 * password on the command line as charts/redis.ts passes it) proves that redis-server really
 * applies it: the refusal is not a false alarm, and the parser (src/model/redis-conf.ts
 * sdsSplitArgs) reads the line as redis-server does.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValuesError } from '../../src/errors';
import { parseRedisConfLine, renderRedisConf, sdsSplitArgs } from '../../src/model/redis-conf';
import { Values } from '../../src/values/schema';
import { freePort, haveTool, renderEnv, resolveEnv, stopServer } from '../support';
import { Reply, RespClient } from './resp';

const haveRedis = haveTool('redis-server', 'redis-server');
const PASSWORD = 'the-password-from-the-secret';
const KEY = 'redis.internal.config.extraConfig';

interface Ctx {
  readonly dir: string;
  readonly port: number;
  /** A second free port, for a line that moves the server. */
  readonly port2: number;
}

interface Server {
  /** A client authenticated with the chart's password (unless the case runs without one). */
  readonly client: RespClient;
  readonly fresh: (port?: number) => Promise<RespClient>;
  readonly log: () => string;
}

interface Case {
  readonly what: string;
  /** The extraConfig text; `ctx` gives paths and ports. */
  readonly extra: (ctx: Ctx) => string;
  /** What the refusal says. */
  readonly refused: RegExp;
  /** Run without --requirepass (redis.internal.auth.enabled: false). @default false */
  readonly noAuth?: boolean;
  /** The line removes the chart's password altogether: the harness's client does not authenticate. @default false */
  readonly passwordGone?: boolean;
  /** The server logs to this file (in ctx.dir) instead of stdout. */
  readonly logFile?: string;
  /** Files to create in the server's directory first. */
  readonly files?: (ctx: Ctx) => Record<string, string>;
  /** Port the server listens on after the line. @default ctx.port */
  readonly listens?: (ctx: Ctx) => number;
  /** The server refuses to start; its log matches this. */
  readonly startFails?: RegExp;
  /** The server daemonizes: the started process exits 0 without logging that it is ready. */
  readonly daemonizes?: boolean;
  /** Proof on the running server that the line took effect. */
  readonly proof?: (s: Server, ctx: Ctx) => Promise<void>;
}

const get = async (c: RespClient, name: string): Promise<Reply> =>
  ((await c.command('CONFIG', 'GET', name)) as Reply[])[1];
const isError = (r: Reply): boolean => r instanceof Error;

const cases: Case[] = [
  // ---- doors around the password
  {
    what: 'an ACL user with no password and every permission (user backdoor on nopass ~* &* +@all)',
    extra: () => 'user backdoor on nopass ~* &* +@all',
    refused: /sets "user", which defines an ACL user/,
    proof: async (s) => {
      const c = await s.fresh();
      expect(await c.command('AUTH', 'backdoor', 'anything')).toBe('OK');
      expect(await get(c, 'maxclients')).toBe('10000');
      c.close();
    },
  },
  {
    what: 'the same user, its directive name escaped ("us\\x65r")',
    extra: () => '"us\\x65r" backdoor on nopass ~* &* +@all',
    refused: /sets "user" \(written "\\"us\\\\x65r\\""\), which defines an ACL user/,
    proof: async (s) => {
      const c = await s.fresh();
      expect(await c.command('AUTH', 'backdoor', 'anything')).toBe('OK');
      c.close();
    },
  },
  {
    what: "ACL users from a file ('aclfile')",
    extra: (ctx) => `'aclfile' ${ctx.dir}/users.acl`,
    files: () => ({ 'users.acl': 'user backdoor on nopass ~* &* +@all\n' }),
    refused: /sets "aclfile".*loads ACL users from a file/,
    passwordGone: true,
    proof: async (s) => {
      // The file replaced the default user too: the Secret's password is gone, and so is any need for one.
      expect(await get(s.client, 'maxclients')).toBe('10000');
      const c = await s.fresh();
      expect(await c.command('AUTH', 'backdoor', 'anything')).toBe('OK');
    },
  },
  {
    what: 'a renamed (here: removed) command, escaped ("rename-comman\\x64" FLUSHALL "")',
    extra: () => '"rename-comman\\x64" FLUSHALL ""',
    refused: /sets "rename-command".*renames or removes commands/,
    proof: async (s) => {
      expect(String(await s.client.command('FLUSHALL'))).toMatch(/unknown command/);
    },
  },
  {
    what: 'native code (loadmodule): redis-server tries to load it, and here fails to start on a missing file',
    extra: () => 'LOADMODULE /nonexistent/backdoor.so',
    refused: /sets "loadmodule".*loads native code/,
    startFails: /Module \/nonexistent\/backdoor\.so failed to load/,
  },
  {
    what: 'the DEBUG command (enable-debug-command yes)',
    extra: () => 'enable-debug-command yes',
    refused: /sets "enable-debug-command"/,
    proof: async (s) => {
      expect(await s.client.command('DEBUG', 'SLEEP', '0')).toBe('OK');
    },
  },
  {
    what: 'the MODULE command (enable-module-command yes)',
    extra: () => '"enable-module-comman\\x64" yes',
    refused: /sets "enable-module-command"/,
    proof: async (s) => {
      expect(isError(await s.client.command('MODULE', 'LIST'))).toBe(false);
    },
  },
  {
    what: 'protected configs settable at run time (enable-protected-configs yes)',
    extra: () => 'enable-protected-configs yes',
    refused: /sets "enable-protected-configs".*write-anywhere/,
    proof: async (s, ctx) => {
      expect(await s.client.command('CONFIG', 'SET', 'dir', ctx.dir)).toBe('OK');
    },
  },
  // ---- directives the chart owns
  {
    what: 'a password in the ConfigMap ("require\\x70ass"), on a Redis without --requirepass',
    extra: () => '"require\\x70ass" s3cret',
    noAuth: true,
    refused: /sets "requirepass" \(written .*\): the ConfigMap would carry a password in plain text/,
    proof: async (s) => {
      const c = await s.fresh();
      expect(String(await c.command('PING'))).toMatch(/NOAUTH/);
      expect(await c.command('AUTH', 's3cret')).toBe('OK');
      c.close();
    },
  },
  {
    what: 'masterauth, quoted',
    extra: () => "'masterauth' s3cret",
    refused: /sets "masterauth".*password in plain text/,
    proof: async (s) => expect(await get(s.client, 'masterauth')).toBe('s3cret'),
  },
  {
    what: 'masteruser, upper case',
    extra: () => 'MASTERUSER replicator',
    refused: /sets "masteruser" \(written "MASTERUSER"\), which the chart owns/,
    proof: async (s) => expect(await get(s.client, 'masteruser')).toBe('replicator'),
  },
  {
    what: 'the data directory, escaped ("di\\x72")',
    extra: (ctx) => `"di\\x72" ${ctx.dir}/elsewhere`,
    files: () => ({ 'elsewhere/.keep': '' }),
    refused: /sets "dir".*which the chart owns/,
    proof: async (s, ctx) => expect(await get(s.client, 'dir')).toBe(fs.realpathSync(`${ctx.dir}/elsewhere`)),
  },
  {
    what: 'the port, escaped ("p\\x6frt")',
    extra: (ctx) => `"p\\x6frt" ${ctx.port2}`,
    listens: (ctx) => ctx.port2,
    refused: /sets "port".*which the chart owns/,
    proof: async (s, ctx) => expect(await get(s.client, 'port')).toBe(String(ctx.port2)),
  },
  {
    what: 'the bind address, escaped ("bin\\x64")',
    extra: () => '"bin\\x64" 127.0.0.1 -::1',
    refused: /sets "bind".*which the chart owns/,
    proof: async (s) => expect(await get(s.client, 'bind')).toBe('127.0.0.1 -::1'),
  },
  {
    what: 'another file (include), escaped',
    extra: (ctx) => `"includ\\x65" ${ctx.dir}/more.conf`,
    files: () => ({ 'more.conf': 'maxclients 1234\n' }),
    refused: /sets "include".*which the chart owns/,
    proof: async (s) => expect(await get(s.client, 'maxclients')).toBe('1234'),
  },
  {
    what: 'tcp-keepalive, escaped',
    extra: () => '"tcp-keepaliv\\x65" 7',
    refused: /sets "tcp-keepalive"/,
    proof: async (s) => expect(await get(s.client, 'tcp-keepalive')).toBe('7'),
  },
  {
    what: 'appendfsync, escaped',
    extra: () => '"appendfsyn\\x63" always',
    refused: /sets "appendfsync"/,
    proof: async (s) => expect(await get(s.client, 'appendfsync')).toBe('always'),
  },
  {
    what: 'the log file, escaped',
    extra: (ctx) => `"logfil\\x65" ${ctx.dir}/redis.log`,
    logFile: 'redis.log',
    refused: /sets "logfile"/,
    proof: async (s, ctx) => expect(await get(s.client, 'logfile')).toBe(`${ctx.dir}/redis.log`),
  },
  {
    what: 'daemonize, escaped: the server forks away from the container process',
    extra: () => '"daemoniz\\x65" yes',
    daemonizes: true,
    refused: /sets "daemonize"/,
  },
  {
    what: 'replicaof, escaped: the pod stops being a writable primary',
    extra: () => '"replicao\\x66" 127.0.0.1 1',
    refused: /sets "replicaof"/,
    proof: async (s) => expect(((await s.client.command('ROLE')) as Reply[])[0]).toBe('slave'),
  },
  {
    what: 'slaveof (the old name), upper case',
    extra: () => 'SLAVEOF 127.0.0.1 1',
    refused: /sets "slaveof"/,
    proof: async (s) => expect(((await s.client.command('ROLE')) as Reply[])[0]).toBe('slave'),
  },
  // ---- directives rendered from typed keys (the last line wins)
  {
    what: 'timeout 0, escaped ("timeou\\x74")',
    extra: () => '"timeou\\x74" 0',
    refused: /sets "timeout" \(written .*\), which is rendered from redis\.internal\.config\.timeout/,
    proof: async (s) => expect(await get(s.client, 'timeout')).toBe('0'),
  },
  {
    what: "maxclients, quoted and upper case ('MAXCLIENTS')",
    extra: () => "'MAXCLIENTS' 128",
    refused: /sets "maxclients".*redis\.internal\.config\.maxclients/,
    proof: async (s) => expect(await get(s.client, 'maxclients')).toBe('128'),
  },
  {
    what: 'maxmemory 0 (no limit), escaped',
    extra: () => '"maxmemor\\x79" 0',
    refused: /sets "maxmemory".*redis\.internal\.config\.maxmemory/,
    proof: async (s) => expect(await get(s.client, 'maxmemory')).toBe('0'),
  },
  {
    what: 'an evicting maxmemory-policy, escaped',
    extra: () => '"maxmemory-polic\\x79" allkeys-lru',
    refused: /sets "maxmemory-policy".*maxmemoryPolicy/,
    proof: async (s) => expect(await get(s.client, 'maxmemory-policy')).toBe('allkeys-lru'),
  },
  {
    what: 'appendonly no, escaped',
    extra: () => '"appendonl\\x79" no',
    refused: /sets "appendonly".*appendonly/,
    proof: async (s) => expect(await get(s.client, 'appendonly')).toBe('no'),
  },
  {
    what: 'RDB snapshots (save), escaped',
    extra: () => '"sav\\x65" "60 1"',
    refused: /sets "save"/,
    proof: async (s) => expect(await get(s.client, 'save')).toBe('60 1'),
  },
  {
    what: 'protected-mode, escaped',
    extra: () => '"protected-mod\\x65" no',
    refused: /sets "protected-mode".*redis\.internal\.auth\.enabled/,
    proof: async (s) => expect(await get(s.client, 'protected-mode')).toBe('no'),
  },
  {
    what: 'the pub/sub output buffer limit, class in upper case',
    extra: () => 'client-output-buffer-limit PUBSUB 1 1 1',
    refused: /sets "client-output-buffer-limit".*pubsubBufferLimit/,
    proof: async (s) => expect(String(await get(s.client, 'client-output-buffer-limit'))).toMatch(/pubsub 1 1 1/),
  },
  // ---- lines redis-server would read differently from the review
  {
    what: 'unbalanced quotes (redis-server refuses to start)',
    extra: () => 'hz "20',
    refused: /unbalanced quotes/,
    startFails: /Unbalanced quotes in configuration line/,
  },
  {
    what: 'a NUL byte: redis-server reads lines as C strings and joins this one with the next',
    extra: () => 'hz 20\u0000\ntimeout 0',
    refused: /control character/,
    startFails: /wrong number of arguments|Bad directive|argument/i,
  },
];

/** Starts redis-server on `conf` with port/bind/dir/protected-mode pointed at this host (the lines as rendered, not extraConfig's). */
async function startRedis(
  conf: string,
  ctx: Ctx,
  c: Case,
): Promise<{ server: ChildProcess; log: () => string; exited: Promise<number | null> }> {
  const local: Record<string, string> = { port: String(ctx.port), bind: '127.0.0.1', dir: ctx.dir };
  const lines = conf.split('\n');
  const extraStart = lines.indexOf('# redis.internal.config.extraConfig');
  const text = lines
    .map((l, i) => {
      const name = l.split(' ')[0];
      return (extraStart < 0 || i < extraStart) && Object.prototype.hasOwnProperty.call(local, name)
        ? `${name} ${local[name]}`
        : l;
    })
    .join('\n');
  const file = path.join(ctx.dir, 'redis.conf');
  fs.writeFileSync(file, `${text}pidfile ${ctx.dir}/redis.pid\n`);
  // The chart's command line: the password from the Secret comes last and wins over the file.
  const args = [file, ...(c.noAuth ? [] : ['--requirepass', PASSWORD])];
  const server = spawn('redis-server', args, { cwd: ctx.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  server.stdout?.on('data', (d: Buffer) => (seen += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (seen += d.toString()));
  // 'close', not 'exit': a process can exit before its last output has been read from the pipes.
  const exited = new Promise<number | null>((r) => server.once('close', (code) => r(code)));
  return { server, log: () => seen, exited };
}

/** Resolves when `seen()` matches (checked on every output chunk), or rejects when the process exits first. */
function ready(server: ChildProcess, seen: () => string, exited: Promise<number | null>): Promise<void> {
  return new Promise((res, rej) => {
    const check = () => {
      if (/Ready to accept connections/.test(seen())) {
        server.stdout?.off('data', check);
        res();
      }
    };
    server.stdout?.on('data', check);
    check();
    void exited.then((code) => rej(new Error(`redis-server exited (${code}) before it was ready:\n${seen()}`)));
  });
}

/** Waits until a file in `dir` holds text matching `pattern` (fs.watch: no polling sleeps). */
function fileShows(dir: string, name: string, pattern: RegExp): Promise<void> {
  const holds = () =>
    fs.existsSync(path.join(dir, name)) && pattern.test(fs.readFileSync(path.join(dir, name), 'utf8'));
  return new Promise((res) => {
    const w = fs.watch(dir, () => {
      if (holds()) {
        w.close();
        res();
      }
    });
    if (holds()) {
      w.close();
      res();
    }
  });
}

/** Waits until `name` is gone from `dir` (fs.watch: no polling sleeps). */
function fileGone(dir: string, name: string): Promise<void> {
  const gone = () => !fs.existsSync(path.join(dir, name));
  return new Promise((res) => {
    const w = fs.watch(dir, () => {
      if (gone()) {
        w.close();
        res();
      }
    });
    if (gone()) {
      w.close();
      res();
    }
  });
}

/** The local environment's values (resolved once; each case edits its own copy). */
let localValues: Values | undefined;
const local = (): Values => structuredClone((localValues ??= resolveEnv('local').values));

/**
 * A free loopback port no other case of this suite was given: the cases below run concurrently, and
 * two of them must not be handed the same port before either server binds it.
 */
const given = new Set<number>();
async function ownPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!given.has(port)) {
      given.add(port);
      return port;
    }
  }
}

describe('redis-server reads extraConfig lines as sdssplitargs does (the parser)', () => {
  test.each([
    ['"require\\x70ass" x', ['requirepass', 'x']],
    ["'TIMEOUT' 0", ['TIMEOUT', '0']],
    ['require"pass" x', ['requirepass', 'x']],
    ["a \"b c\" 'd\\'e'", ['a', 'b c', "d'e"]],
    ['"\\n\\t\\q"', ['\n\tq']],
    ['hz 20\u0000 timeout 0', ['hz', '20']],
  ])('%s', (line, args) => {
    expect(sdsSplitArgs(line)).toEqual(args);
  });
  test.each(['"abc', "'abc", '"a"b', 'x "a\\"'])('%s is unbalanced', (line) => {
    expect(sdsSplitArgs(line)).toBeUndefined();
    expect(parseRedisConfLine(line)).toEqual({ kind: 'unbalanced' });
  });
  test('the directive name is lower-cased, comments and blanks skipped', () => {
    expect(parseRedisConfLine('  "TimeOut" 0 ')).toEqual({ kind: 'directive', directive: 'timeout', args: ['0'] });
    expect(parseRedisConfLine('# user x')).toEqual({ kind: 'blank' });
    expect(parseRedisConfLine('   ')).toEqual({ kind: 'blank' });
  });
});

describe('every refused extraConfig line is named at its key', () => {
  test.each(cases.map((c) => [c.what, c] as const))('%s', (_w, c) => {
    const ctx: Ctx = { dir: '/tmp/x', port: 1, port2: 2 };
    let err: unknown;
    try {
      renderEnv('local', { redis: { internal: { config: { extraConfig: c.extra(ctx) } } } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValuesError);
    const problems = (err as ValuesError).problems.filter((p) => p.severity === 'error');
    expect(problems.map((p) => p.id)).toEqual(problems.map(() => 'redis-extra-config'));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.path.join('.')).toBe(KEY);
    expect(problems.map((p) => p.message).join('\n')).toMatch(c.refused);
    // A refused password is never echoed.
    expect(JSON.stringify(problems)).not.toContain('s3cret');
  });

  test('allowed directives and quoted values that only look like directives pass', () => {
    expect(() =>
      renderEnv('local', {
        redis: { internal: { config: { extraConfig: 'hz 20\nlatency-monitor-threshold "100"\n# user x nopass' } } },
      }),
    ).not.toThrow();
  });
});

(haveRedis ? describe : describe.skip)(
  'the real redis-server applies each refused line (rendered without validation)',
  () => {
    // Concurrently (test.concurrent: up to jest's maxConcurrency at once): each case has its own
    // directory, ports and server; what a case waits for (a server's start) overlaps with the others.
    test.concurrent.each(cases.map((c) => [c.what, c] as const))(
      '%s',
      async (_w, c) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-redis-door-'));
        const ctx: Ctx = { dir, port: await ownPort(), port2: await ownPort() };
        for (const [name, content] of Object.entries(c.files?.(ctx) ?? {})) {
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), content);
        }
        const v = local();
        v.redis.internal.config.extraConfig = c.extra(ctx);
        const conf = renderRedisConf(v.redis.internal);
        const { server, log, exited } = await startRedis(conf, ctx, c);
        const clients: RespClient[] = [];
        try {
          if (c.startFails) {
            expect(await exited).not.toBe(0);
            expect(log()).toMatch(c.startFails);
            return;
          }
          if (c.daemonizes) {
            // A redis-server in the foreground never exits by itself; a daemonized one's first process exits 0 at once.
            expect(await exited).toBe(0);
            expect(log()).not.toMatch(/Ready to accept connections/);
            await fileShows(dir, 'redis.pid', /\d/);
            process.kill(Number(fs.readFileSync(path.join(dir, 'redis.pid'), 'utf8').trim()), 'SIGTERM');
            // The daemon removes its pid file as it shuts down: only then is the directory its no more.
            await fileGone(dir, 'redis.pid');
            return;
          }
          if (c.logFile) await fileShows(dir, c.logFile, /Ready to accept connections/);
          else await ready(server, log, exited);
          const port = c.listens?.(ctx) ?? ctx.port;
          const fresh = async (p = port) => {
            const client = await RespClient.connect(p);
            clients.push(client);
            return client;
          };
          const client = await fresh();
          if (!c.noAuth && !c.passwordGone) expect(await client.command('AUTH', PASSWORD)).toBe('OK');
          await c.proof?.({ client, fresh, log }, ctx);
        } finally {
          for (const cl of clients) cl.close();
          await stopServer(server);
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
      20000,
    );
  },
);
