/**
 * Proof against a REAL redis-server: it runs the exact redis.conf the chart renders (taken from the
 * rendered ConfigMap), with the password passed exactly as the pod passes it (`--requirepass $(REDIS_PASSWORD)`
 * expanded from the container env). Only settings that cannot work on this host are replaced, and
 * the test asserts which: `port` (a random free loopback port), `bind` (loopback only) and `dir` (a temp dir).
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { REDIS_LIVENESS_COMMAND, REDIS_READINESS_COMMAND } from '../../charts/redis';
import { parseQuantity } from '../../src/k8s';
import { REDIS_CONFIG_DIR, REDIS_CONFIG_FILE, REDIS_PORT } from '../../src/model/redis-conf';
import { Values } from '../../src/values/schema';
import { redisBytes as redisBytesOf } from '../../src/values/schema/redis';
import {
  Any,
  containers,
  expandK8s,
  find,
  freePort,
  haveTool,
  kubeletEnv,
  resolveEnv,
  stopServer,
  waitForOutput,
} from '../support';
import { Reply, RespClient } from './resp';
import { renderObjects } from '../../src/synth/render';

// Missing on a developer machine: these tests are skipped with a warning. With CI set: the run fails.
const haveRedis = haveTool('redis-server', 'redis-server redis-tools') && haveTool('redis-cli', 'redis-tools');

/** Replaces whole directives (`name value...`) of a redis.conf; returns the new text and the directives replaced. */
function replaceDirectives(conf: string, replacements: Record<string, string>): { text: string; replaced: string[] } {
  const replaced: string[] = [];
  const text = conf
    .split('\n')
    .map((line) => {
      const name = line.trim().split(/\s+/)[0];
      if (name && !line.trimStart().startsWith('#') && Object.prototype.hasOwnProperty.call(replacements, name)) {
        replaced.push(name);
        return `${name} ${replacements[name]}`;
      }
      return line;
    })
    .join('\n');
  return { text, replaced };
}

(haveRedis ? describe : describe.skip)('in-cluster Redis against a real redis-server', () => {
  const env = resolveEnv('local');
  const v: Values = env.values;
  const objects = renderObjects(env);
  const conf = (find(objects, 'ConfigMap', 'open-webui-redis-config') as Any).data[REDIS_CONFIG_FILE] as string;
  const sts = find(objects, 'StatefulSet', 'open-webui-redis');
  const redis = containers(sts)[0];
  const secret = find(objects, 'Secret', 'open-webui-secrets') as Any;
  const secrets = { 'open-webui-secrets': secret.stringData as Record<string, string> };
  const podEnv = kubeletEnv(redis, secrets);
  const password = podEnv.REDIS_PASSWORD;

  let dir: string;
  let port: number;
  let server: ChildProcess;
  let serverLog = '';
  let replaced: string[];
  const clients: RespClient[] = [];
  const connect = async () => {
    const c = await RespClient.connect(port);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-redis-'));
    port = await freePort();
    const r = replaceDirectives(conf, { port: String(port), bind: '127.0.0.1', dir });
    replaced = r.replaced;
    const confPath = path.join(dir, REDIS_CONFIG_FILE);
    fs.writeFileSync(confPath, r.text);
    // The container's command and args, expanded by the kubelet rules; only the config path differs.
    expect(redis.command).toEqual(['redis-server', `${REDIS_CONFIG_DIR}/${REDIS_CONFIG_FILE}`]);
    const args = (redis.args as string[]).map((a) => expandK8s(a, podEnv));
    server = spawn('redis-server', [confPath, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (d) => (serverLog += d));
    server.stderr?.on('data', (d) => (serverLog += d));
    // redis-server logs this line once it listens (the rendered config logs to stdout: `logfile ""`).
    await waitForOutput(server, /Ready to accept connections/);
    const c = await RespClient.connect(port);
    const pong = await c.command('PING');
    c.close();
    if (!(pong instanceof Error && /NOAUTH/.test(pong.message)))
      throw new Error(`unexpected PING reply ${String(pong)}\n${serverLog}`);
  }, 20000);

  afterAll(async () => {
    clients.forEach((c) => c.close());
    if (server) await stopServer(server);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('only port, bind and dir were replaced; the password is in no rendered object but the dev Secret', () => {
    expect(replaced.sort()).toEqual(['bind', 'dir', 'port']);
    expect(password).toBeTruthy();
    expect(redis.args).toEqual(['--requirepass', '$(REDIS_PASSWORD)']);
    expect(conf).not.toMatch(/^\s*requirepass/m);
    for (const o of objects) if (o !== secret) expect(JSON.stringify(o)).not.toContain(password);
  });

  test('the password passed as an argument does not stay visible in the process title', () => {
    const cmdline = `/proc/${server.pid}/cmdline`;
    if (!fs.existsSync(cmdline)) return; // not Linux
    expect(fs.readFileSync(cmdline, 'utf8')).not.toContain(password);
  });

  test('unauthenticated commands are refused with NOAUTH; a wrong password is refused', async () => {
    const c = await connect();
    for (const cmd of [
      ['GET', 'k'],
      ['CONFIG', 'GET', 'timeout'],
      ['SET', 'k', 'v'],
    ]) {
      const r = await c.command(...cmd);
      expect(r).toBeInstanceOf(Error);
      expect((r as Error).message).toMatch(/^NOAUTH/);
    }
    const wrong = await c.command('AUTH', `${password}-wrong`);
    expect(wrong).toBeInstanceOf(Error);
    expect((wrong as Error).message).toMatch(/WRONGPASS|invalid password/);
  });

  test('the password works and the server runs with the rendered settings', async () => {
    const c = await connect();
    expect(await c.command('AUTH', password)).toBe('OK');
    const get = async (name: string) => ((await c.command('CONFIG', 'GET', name)) as Reply[])[1];
    const cfg = v.redis.internal.config;
    expect(await get('timeout')).toBe(String(cfg.timeout));
    expect(cfg.timeout).toBe(1800);
    expect(await get('maxclients')).toBe(String(cfg.maxclients));
    expect(cfg.maxclients).toBeGreaterThanOrEqual(10000);
    const limits = String(await get('client-output-buffer-limit'));
    const b = cfg.pubsubBufferLimit;
    expect(limits).toContain(`pubsub ${b.hardBytes} ${b.softBytes} ${b.softSeconds}`);
    expect(b.hardBytes).toBeGreaterThan(32 * 1024 * 1024); // raised from Redis's default 32mb
    expect(await get('appendonly')).toBe(cfg.appendonly ? 'yes' : 'no');
    expect(await get('maxmemory-policy')).toBe('noeviction');
    expect(await get('maxmemory')).toBe(String(384 * 1024 * 1024));
    expect(await get('dir')).toBe(fs.realpathSync(dir));
    expect(await c.command('SET', 'open-webui:probe', 'x')).toBe('OK');
    expect(await c.command('GET', 'open-webui:probe')).toBe('x');
  });

  test('a subscriber that stops reading is disconnected at the pub/sub hard limit, before Redis outgrows its container', async () => {
    const cfg = v.redis.internal.config;
    const b = cfg.pubsubBufferLimit;
    const containerBytes = parseQuantity(v.redis.internal.resources.limits.memory) as number;
    expect(b.hardBytes).toBeGreaterThan(0);
    // A raw connection that authenticates, subscribes and then stops reading: what a stalled Open WebUI
    // process (its Socket.IO manager's subscriber) looks like to Redis.
    const sub = net.connect({ host: '127.0.0.1', port });
    await once(sub, 'connect');
    const resp = (...a: string[]) => `*${a.length}\r\n${a.map((x) => `$${Buffer.byteLength(x)}\r\n${x}\r\n`).join('')}`;
    let greeting = '';
    const subscribed = new Promise<void>((resolve) =>
      sub.on('data', (d) => {
        greeting += d.toString();
        if (greeting.includes('owk:slow')) resolve();
      }),
    );
    sub.on('error', () => undefined); // the server resets it
    sub.write(resp('AUTH', password) + resp('SUBSCRIBE', 'owk:slow'));
    await subscribed;
    sub.pause();
    const pub = await connect();
    expect(await pub.command('AUTH', password)).toBe('OK');
    // redis-server logs the client it drops for its output buffer (networking.c
    // closeClientOnOutputBufferLimitReached, at warning level), with the buffer size as omem=.
    const dropped = /Client (.*) scheduled to be closed ASAP for overcoming of output buffer limits/;
    const logged = waitForOutput(server, dropped);
    logged.catch(() => undefined); // awaited below; a failed assertion before that must not leave it unhandled
    // Publish 1 MiB messages until no one receives them; give up after the container's memory limit.
    const payload = 'x'.repeat(1024 * 1024);
    let published = 0;
    let receivers = 1;
    while (receivers > 0 && published < containerBytes) {
      receivers = (await pub.command('PUBLISH', 'owk:slow', payload)) as number;
      published += payload.length;
    }
    sub.destroy();
    expect(receivers).toBe(0);
    // Dropped by the hard limit (the soft one needs softSeconds), give or take the loopback socket buffers.
    expect(published).toBeLessThanOrEqual(b.hardBytes + 16 * 1024 * 1024);
    await logged;
    const client = dropped.exec(serverLog)?.[1] ?? '';
    expect(client).toMatch(/ sub=1 /);
    const omem = Number(/ omem=(\d+) /.exec(client)?.[1]);
    expect(omem).toBeGreaterThanOrEqual(b.hardBytes);
    expect(omem).toBeLessThan(b.hardBytes + 2 * payload.length);
    const memory = String(await pub.command('INFO', 'memory'));
    const peak = Number(/^used_memory_peak:(\d+)/m.exec(memory)?.[1]);
    expect(peak).toBeLessThan(containerBytes);
    expect(peak).toBeLessThan(redisBytesOf(cfg.maxmemory) + b.hardBytes);
  }, 60000);

  /** Runs a rendered exec probe the way the kubelet does: same argv, the container's env; only the port differs. */
  function runProbe(command: string[], envVars: Record<string, string>) {
    const fixed = command.map((a) => a.replace(`-p ${REDIS_PORT}`, `-p ${port}`));
    expect(fixed.filter((a, i) => a !== command[i])).toHaveLength(1); // the one replacement: the port
    return spawnSync(fixed[0], fixed.slice(1), {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...envVars },
      timeout: 5000,
      encoding: 'utf8',
    });
  }

  test('the rendered readiness and liveness probes succeed with the container env, and fail without the password', () => {
    const readiness = redis.readinessProbe.exec.command as string[];
    const liveness = redis.livenessProbe.exec.command as string[];
    expect(readiness).toEqual(REDIS_READINESS_COMMAND);
    expect(liveness).toEqual(REDIS_LIVENESS_COMMAND);
    expect(podEnv.REDISCLI_AUTH).toBe(password);
    expect(runProbe(readiness, podEnv).status).toBe(0);
    expect(runProbe(liveness, podEnv).status).toBe(0);
    const { REDISCLI_AUTH: _drop, ...noAuth } = podEnv;
    void _drop;
    expect(runProbe(readiness, noAuth).status).not.toBe(0);
    expect(runProbe(readiness, { ...podEnv, REDISCLI_AUTH: 'wrong' }).status).not.toBe(0);
  });

  test("the app's REDIS_URL, composed in-cluster, authenticates against the server", () => {
    const app = containers(find(objects, 'Deployment', 'open-webui'))[0];
    const appEnv = kubeletEnv(app, secrets);
    expect(appEnv.REDIS_URL).toBe(`redis://default:${password}@open-webui-redis.open-webui.svc:${REDIS_PORT}/0`);
    expect(appEnv.WEBSOCKET_REDIS_URL).toBe(appEnv.REDIS_URL);
    const url = appEnv.REDIS_URL.replace(`open-webui-redis.open-webui.svc:${REDIS_PORT}`, `127.0.0.1:${port}`);
    const r = spawnSync('redis-cli', ['-u', url, 'ping'], {
      timeout: 5000,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    expect(r.stdout.trim()).toBe('PONG');
  });
});
