/**
 * A real PostgreSQL for the migration tests, from Debian's packages: `initdb` + `postgres` on a free
 * loopback port in a temp dir (one server per suite, one database per case), plus Debian's Python
 * with Alembic, SQLAlchemy and psycopg2, cold (a new interpreter) or warm (WarmPython: a process
 * forked from an interpreter that has imported them). As root (CI runs as root) the server runs as
 * the `postgres` user the Debian package creates, since PostgreSQL refuses to run as root.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { freePort } from '../support';

/** Python with the modules the migrator needs: OWK_TEST_PYTHON, else Debian's (PATH may hold a pyenv one without them). */
export const PYTHON = process.env.OWK_TEST_PYTHON ?? '/usr/bin/python3';
const PYTHON_MODULES = ['alembic', 'sqlalchemy', 'psycopg2'];

/** The directory holding initdb, postgres and psql: OWK_TEST_PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
export function postgresBin(): string | undefined {
  const dirs = process.env.OWK_TEST_PG_BIN
    ? [process.env.OWK_TEST_PG_BIN]
    : (fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [])
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
        .map((d) => `/usr/lib/postgresql/${d}/bin`);
  return dirs.find((d) => ['initdb', 'postgres', 'psql'].every((b) => fs.existsSync(path.join(d, b))));
}

/** What is missing to run the real-part tests here (empty when everything is installed). */
export function missingTools(): string[] {
  const missing: string[] = [];
  if (!postgresBin()) missing.push('PostgreSQL server (Debian: apt-get install postgresql)');
  // Found, not imported (importing them costs 0.4 s of CPU; the warm interpreter imports them, and a
  // broken install fails the tests that use it rather than skipping them).
  const find = `import importlib.util, sys; sys.exit(not all(importlib.util.find_spec(m) for m in ${JSON.stringify(PYTHON_MODULES)}))`;
  const r = spawnSync(PYTHON, ['-c', find], { encoding: 'utf8' });
  if (r.status !== 0)
    missing.push(
      `${PYTHON} with ${PYTHON_MODULES.join(', ')} (Debian: apt-get install python3-alembic python3-sqlalchemy python3-psycopg2)`,
    );
  return missing;
}

export class PostgresServer {
  readonly bin: string;
  private child?: ChildProcess;
  port = 0;
  private constructor(readonly dir: string) {
    this.bin = postgresBin() as string;
  }

  /** initdb, then start the server and resolve once it accepts connections (read from its log, no polling). */
  static async start(): Promise<PostgresServer> {
    const server = new PostgresServer(fs.mkdtempSync(path.join(os.tmpdir(), 'owk-pg-')));
    await server.boot();
    return server;
  }

  /** `cmd args` as the postgres user when we are root (setpriv execs it: the child is the server itself). */
  private asServerUser(cmd: string, args: string[]): [string, string[]] {
    return process.getuid?.() === 0
      ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', cmd, ...args]]
      : [cmd, args];
  }

  private async boot(): Promise<void> {
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
      fs.chownSync(this.dir, id('-u'), id('-g'));
    }
    const data = path.join(this.dir, 'data');
    const [initdb, initArgs] = this.asServerUser(path.join(this.bin, 'initdb'), [
      ...['-D', data, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
      ...['--auth-local=trust', '--auth-host=scram-sha-256'],
    ]);
    const init = spawnSync(initdb, initArgs, { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    this.port = await freePort();
    const [postgres, args] = this.asServerUser(path.join(this.bin, 'postgres'), [
      ...['-D', data, '-p', String(this.port), '-k', this.dir],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
      ...['-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    ]);
    const child = (this.child = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const onData = (d: Buffer) => {
        log += d.toString();
        if (log.includes('database system is ready to accept connections')) {
          child.stderr?.off('data', onData);
          child.stderr?.resume();
          resolve();
        }
      };
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new Error(`postgres exited (${code}) before it was ready:\n${log}`)));
    });
  }

  /** Runs SQL as the superuser over the Unix socket (psql, statement by statement, stops at the first error). */
  psql(sql: string, db = 'postgres'): string {
    const r = spawnSync(
      path.join(this.bin, 'psql'),
      ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-d', db],
      { input: sql, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}\n${sql}`);
    return r.stdout.trim();
  }

  url(user: string, password: string, db: string, query = ''): string {
    return `postgresql://${user}:${password}@127.0.0.1:${this.port}/${db}${query}`;
  }

  /** Fast shutdown (SIGINT: disconnect clients, stop), then remove the directory. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What a command run by WarmPython looks like to the tests: a ChildProcess's streams and `close` event. */
export interface PythonProcess extends EventEmitter {
  readonly stdout: NodeJS.ReadableStream;
  readonly stderr: NodeJS.ReadableStream;
}

type Stream = 'stdout' | 'stderr';
interface Run {
  readonly proc: PythonProcess;
  readonly out: Record<Stream, PassThrough>;
  code?: number;
  /** Connections the command made (reported with its exit code), and how many have ended. */
  streams?: number;
  ended: number;
}

/**
 * `python -c <code> [args]` without paying for Python's start and the SQLAlchemy/Alembic/psycopg2
 * imports each time (about half a second of CPU per command): test/migration/warm_python.py imports
 * them once, then forks a process per command with the command's own cwd, environment, argv, stdin
 * from /dev/null, a fresh `__main__`, stdout and stderr streamed back over a Unix socket, and the
 * interpreter's exit code. Each command still runs in a process of its own, concurrently with others;
 * what it does not repeat is the interpreter's start and those imports.
 */
export class WarmPython {
  private readonly runs = new Map<string, Run>();
  private next = 0;
  private constructor(
    private readonly child: ChildProcess,
    private readonly server: net.Server,
    private readonly socketPath: string,
    private readonly dir: string,
  ) {}

  /** Starts the interpreter (with `env`, the environment it imports under) and waits until it is ready. */
  static async start(env: Record<string, string>): Promise<WarmPython> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-py-'));
    const socketPath = path.join(dir, 'io.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const program = path.join(__dirname, '../../../test/migration/warm_python.py');
    const child = spawn(PYTHON, [program], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    const warm = new WarmPython(child, server, socketPath, dir);
    server.on('connection', (s) => warm.accept(s));
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.once('exit', (code) => reject(new Error(`warm_python.py exited (${code}) before it was ready`)));
      child.stdout?.on('data', (d: Buffer) => {
        buffer += d.toString();
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const msg = JSON.parse(buffer.slice(0, nl)) as { ready?: true; id?: string; code?: number; streams?: number };
          buffer = buffer.slice(nl + 1);
          if (msg.ready) resolve();
          const run = msg.id !== undefined ? warm.runs.get(msg.id) : undefined;
          if (run) {
            run.code = msg.code;
            run.streams = msg.streams;
            warm.settle(msg.id as string);
          }
        }
      });
    });
    return warm;
  }

  /** A connection from a command: its first line names the command and the stream; the rest is output. */
  private accept(s: net.Socket): void {
    let head = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      head = Buffer.concat([head, d]);
      const nl = head.indexOf(10);
      if (nl < 0) return;
      s.off('data', onData);
      const [id, which] = head.subarray(0, nl).toString().split(' ') as [string, Stream];
      const run = this.runs.get(id);
      if (!run) return void s.destroy();
      const target = run.out[which];
      target.write(head.subarray(nl + 1));
      s.on('data', (chunk: Buffer) => target.write(chunk));
      s.on('end', () => {
        target.end();
        run.ended++;
        this.settle(id);
      });
    };
    s.on('data', onData);
  }

  /** `close` once the exit code is in and every stream the command opened has ended. */
  private settle(id: string): void {
    const run = this.runs.get(id);
    if (!run || run.code === undefined || run.streams === undefined || run.ended < run.streams) return;
    this.runs.delete(id);
    for (const s of Object.values(run.out)) if (!s.writableEnded) s.end();
    run.proc.emit('close', run.code);
  }

  /** Runs `python <args>` (args: `-c`, the code, its arguments) in `cwd` with exactly `env`. */
  run(args: readonly string[], cwd: string, env: Record<string, string>): PythonProcess {
    const id = String(++this.next);
    const out = { stdout: new PassThrough(), stderr: new PassThrough() };
    const proc = Object.assign(new EventEmitter(), out);
    this.runs.set(id, { proc, out, ended: 0 });
    this.child.stdin?.write(`${JSON.stringify({ id, args, cwd, env, socket: this.socketPath })}\n`);
    return proc;
  }

  async stop(): Promise<void> {
    const exited = this.child.exitCode === null ? new Promise((r) => this.child.once('exit', r)) : undefined;
    this.child.stdin?.end();
    await exited;
    await new Promise((r) => this.server.close(r));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
