/**
 * `redis.internal.config.extraConfig` against a REAL redis-server: it is appended after the typed
 * settings and redis.conf lets the last line win, so a typed directive there would silently undo
 * validation. Proves (1) that danger is real (the raw text, rendered without the rules, runs with
 * timeout 0 / maxclients 128), (2) validation refuses it so it never renders, and (3) an allowed
 * directive (`hz 20`) does reach the server while the typed settings stay in force.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderRedisConf } from '../../src/model/redis-conf';
import { ValuesError } from '../../src/errors';
import { Values } from '../../src/values/schema';
import { Any, find, freePort, haveTool, renderEnv, resolveEnv, stopServer, waitForOutput } from '../support';
import { Reply, RespClient } from './resp';

const haveRedis = haveTool('redis-server', 'redis-server');

/** Starts redis-server on `conf` with only port/bind/dir pointed at this host (auth off: not what is tested here). */
async function startRedis(conf: string): Promise<{ get: (name: string) => Promise<Reply>; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-redis-extra-'));
  const port = await freePort();
  const file = path.join(dir, 'redis.conf');
  // redis.conf applies `dir` as it reads it (chdir), so the host-specific lines are replaced in place.
  const local: Record<string, string> = { port: String(port), bind: '127.0.0.1', dir, 'protected-mode': 'no' };
  const text = conf
    .split('\n')
    .map((l) => {
      const name = l.split(/\s+/)[0];
      return Object.prototype.hasOwnProperty.call(local, name) ? `${name} ${local[name]}` : l;
    })
    .join('\n');
  fs.writeFileSync(file, text);
  const server: ChildProcess = spawn('redis-server', [file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  // redis-server logs this line once it listens (the rendered config logs to stdout: `logfile ""`).
  await waitForOutput(server, /Ready to accept connections/);
  const client = await RespClient.connect(port);
  const c = client;
  return {
    get: async (name) => ((await c.command('CONFIG', 'GET', name)) as Reply[])[1],
    stop: async () => {
      c.close();
      await stopServer(server);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const withExtra = (extraConfig: string) => ({ redis: { internal: { config: { extraConfig } } } });

(haveRedis ? describe : describe.skip)('extraConfig against a real redis-server', () => {
  test('without validation, extraConfig would lower timeout and maxclients on the server (the danger is real)', async () => {
    const v: Values = structuredClone(resolveEnv('local').values);
    v.redis.internal.config.extraConfig = 'timeout 0\nmaxclients 128';
    const redis = await startRedis(renderRedisConf(v.redis.internal));
    try {
      expect(await redis.get('timeout')).toBe('0');
      expect(await redis.get('maxclients')).toBe('128');
    } finally {
      await redis.stop();
    }
  });

  test('validation refuses it, so that redis.conf is never rendered', () => {
    let err: unknown;
    try {
      renderEnv('local', withExtra('timeout 0\nmaxclients 128'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValuesError);
    const ids = (err as ValuesError).problems.filter((p) => p.severity === 'error').map((p) => p.id);
    expect(ids).toEqual(['redis-extra-config', 'redis-extra-config']);
  });

  test('an allowed directive (hz 20) reaches the server; the typed timeout and maxclients stay in force', async () => {
    const objects = renderEnv('local', withExtra('hz 20'));
    const conf = (find(objects, 'ConfigMap', 'open-webui-redis-config') as Any).data['redis.conf'] as string;
    expect(conf).toMatch(/^hz 20$/m);
    const redis = await startRedis(conf);
    try {
      expect(await redis.get('hz')).toBe('20');
      expect(await redis.get('timeout')).toBe('1800');
      expect(await redis.get('maxclients')).toBe('10000');
    } finally {
      await redis.stop();
    }
  });
});
