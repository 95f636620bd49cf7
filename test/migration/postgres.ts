/**
 * A real PostgreSQL for the migration tests, from Debian's packages: `initdb` + `postgres` on a free
 * loopback port in a temp dir (one server per suite, one database per case), plus Debian's Python
 * with Alembic, SQLAlchemy and psycopg2. As root (CI runs as root) the server runs as the `postgres`
 * user the Debian package creates, since PostgreSQL refuses to run as root.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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
  const r = spawnSync(PYTHON, ['-c', `import ${PYTHON_MODULES.join(', ')}`], { encoding: 'utf8' });
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
