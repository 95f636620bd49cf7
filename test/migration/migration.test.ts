/**
 * Proof with real parts: the migration Job's command and the app pods' waiter, exactly as rendered
 * (taken from the synthesized production Job and Deployment), run with Debian's Python, Alembic,
 * SQLAlchemy and psycopg2 against a real PostgreSQL, in a fixture package laid out like Open WebUI
 * 0.11.0 (test/migration/fixture/README.md). Only what the pod would supply differently is
 * replaced: `python` by Debian's interpreter, the working directory (/app/backend) by a copy of the
 * fixture, the Secret-fed database URL by the test server's, and the poll interval and timeouts
 * (through the same env vars the chart renders) so nothing waits long. The program's settings that
 * the chart renders (OWK_*, ENABLE_DB_MIGRATIONS) are read from the rendered containers, the
 * migration id from the pod label the Downward API would read.
 *
 * Most commands run in a process forked from a warm interpreter that has already imported SQLAlchemy,
 * Alembic and psycopg2 (WarmPython: the same program, argv, cwd and environment, its own process);
 * the SQLite case and the first PostgreSQL case run the rendered commands in new interpreters, as the
 * pod does.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { migrationProgram } from '../../charts/migration-programs';
import { one, renderEnv } from '../support';
import { missingTools, PostgresServer, PYTHON, PythonProcess, WarmPython } from './postgres';

const missing = missingTools();
if (missing.length) console.warn(`skipping the real-PostgreSQL migration tests: missing ${missing.join('; ')}`);

// On a developer machine the real-part proof may be skipped; in CI (.ci/run installs it) it must run.
(process.env.CI ? test : test.skip)(
  'CI runs the real-PostgreSQL migration tests (PostgreSQL and Python modules installed)',
  () => {
    expect(missing).toEqual([]);
  },
);

const FIXTURE = path.join(__dirname, '../../../test/migration/fixture');
const APP_PASSWORD = 'app-pw-7c1e9d';
const OWNER_PASSWORD = 'owner-pw-51a0f3';
const FAST = { OWK_POLL_SECONDS: '0.05' };

/** The rendered containers: the Job's migrator and the Deployment's init container. */
const objects = renderEnv('production');
const job = one(objects, 'Job');
const deployment = one(objects, 'Deployment');
const migrator = job.spec.template.spec.containers[0];
const waiter = deployment.spec.template.spec.initContainers[0];

/**
 * The rendered env the program reads (OWK_*, ENABLE_DB_MIGRATIONS), with `fieldRef`s to pod labels
 * resolved as the Downward API does. The database URL and the rest come from each case.
 */
function renderedSettings(container: any, podLabels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of container.env) {
    if (!e.name.startsWith('OWK_') && e.name !== 'ENABLE_DB_MIGRATIONS') continue;
    if (e.value !== undefined) out[e.name] = e.value;
    else {
      const m = /^metadata\.labels\['(.+)'\]$/.exec(e.valueFrom.fieldRef.fieldPath);
      if (!m) throw new Error(`unexpected fieldRef ${e.valueFrom.fieldRef.fieldPath}`);
      out[e.name] = podLabels[m[1]];
    }
  }
  return out;
}
const MIGRATE_ENV = renderedSettings(migrator, job.spec.template.metadata.labels);
const WAIT_ENV = renderedSettings(waiter, deployment.spec.template.metadata.labels);

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The JSON lines the program printed, in order. */
  events: { level: string; event: string; message: string; [k: string]: unknown }[];
}

/** Temp dirs (images, data volumes) removed after the suite. */
const images: string[] = [];
/** An "image": a copy of the fixture as /app/backend, optionally with more revisions or fewer. */
function image(opts: { failing?: boolean; without?: string[] } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-image-'));
  images.push(dir);
  fs.cpSync(path.join(FIXTURE, 'open_webui'), path.join(dir, 'open_webui'), { recursive: true });
  const versions = path.join(dir, 'open_webui', 'migrations', 'versions');
  if (opts.failing) fs.copyFileSync(path.join(FIXTURE, 'failing_revision.py'), path.join(versions, 'r0003_failing.py'));
  for (const f of opts.without ?? []) fs.rmSync(path.join(versions, f));
  return dir;
}

/** The environment every command starts from (the pod's image sets its own; these are what Python needs here). */
const BASE_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1', LANG: 'C.UTF-8' };
let warm: WarmPython | undefined;
/** One server for the suite, a database per case (owned by owk_owner; owk_app is the app's role). */
let pg!: PostgresServer;
// The interpreter and the server start together.
beforeAll(async () => {
  if (missing.length) return;
  const started = await Promise.allSettled([WarmPython.start(BASE_ENV), PostgresServer.start()]);
  if (started[0].status === 'fulfilled') warm = started[0].value;
  if (started[1].status === 'fulfilled') pg = started[1].value;
  for (const s of started) if (s.status === 'rejected') throw s.reason;
  pg.psql(
    `CREATE ROLE owk_owner LOGIN PASSWORD '${OWNER_PASSWORD}';\n` +
      `CREATE ROLE owk_app LOGIN PASSWORD '${APP_PASSWORD}';\n`,
  );
});
afterAll(async () => {
  await Promise.all([warm?.stop(), (pg as PostgresServer | undefined)?.stop()]);
});

/**
 * Runs `command` (a rendered one: `python -c <program> <cmd>`) as the pod would, in `cwd`: in a
 * process forked from the warm interpreter, or with `fresh`, in a new interpreter.
 */
function start(
  command: string[],
  cwd: string,
  env: Record<string, string>,
  opts: { fresh?: boolean } = {},
): ChildProcess | PythonProcess {
  expect(command[0]).toBe('python');
  const full = { ...BASE_ENV, ...env };
  if (!opts.fresh && warm) return warm.run(command.slice(1), cwd, full);
  return spawn(PYTHON, command.slice(1), { cwd, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects a process's output; `onEvent` sees each JSON line as it arrives. */
function finish(child: ChildProcess | PythonProcess, onEvent?: (e: Result['events'][number]) => void): Promise<Result> {
  return new Promise((resolve) => {
    const r: Result = { code: null, stdout: '', stderr: '', events: [] };
    const lines = (chunk: string, buffer: { rest: string }) => {
      buffer.rest += chunk;
      const parts = buffer.rest.split('\n');
      buffer.rest = parts.pop() ?? '';
      for (const line of parts)
        if (line.startsWith('{"level"')) {
          const e = JSON.parse(line);
          r.events.push(e);
          onEvent?.(e);
        }
    };
    const out = { rest: '' };
    const err = { rest: '' };
    child.stdout?.on('data', (d) => {
      r.stdout += d;
      lines(d.toString(), out);
    });
    child.stderr?.on('data', (d) => {
      r.stderr += d;
      lines(d.toString(), err);
    });
    child.on('close', (code) => resolve({ ...r, code }));
  });
}

const run = (command: string[], cwd: string, env: Record<string, string>, opts: { fresh?: boolean } = {}) =>
  finish(start(command, cwd, env, opts));
afterAll(() => {
  for (const d of images) fs.rmSync(d, { recursive: true, force: true });
});
const names = (r: Result) => r.events.map((e) => e.event);
/**
 * The last error the program reported. Errors go to stderr and everything else to stdout (`emit` in
 * charts/programs/migration.py): two pipes with no order between them, so "the last event" of both
 * is not observable, the last error is.
 */
const lastError = (r: Result) => r.events.filter((e) => e.level === 'error').at(-1);

(missing.length ? test.skip : test)(
  'SQLite (one replica): the same programs migrate and wait on the data volume',
  async () => {
    const cwd = image();
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-data-')); // the mounted volume exists in the pod
    const env = { DATA_DIR: data, ...FAST };
    const fresh = { fresh: true };
    const before = await run(waiter.command, cwd, { ...WAIT_ENV, ...env, OWK_WAIT_TIMEOUT_SECONDS: '0.3' }, fresh);
    expect(before.code).toBe(7);
    const m = await run(migrator.command, cwd, { ...MIGRATE_ENV, ...env }, fresh);
    expect([m.code, names(m)]).toEqual([0, ['migration-started', 'migrated', 'config-seeded', 'done']]);
    expect(fs.existsSync(path.join(data, 'webui.db'))).toBe(true);
    const after = await run(waiter.command, cwd, { ...WAIT_ENV, ...env }, fresh);
    expect([after.code, names(after)]).toEqual([0, ['ready']]);
    fs.rmSync(data, { recursive: true, force: true });
  },
);

describe.each(missing.length ? [] : ['real PostgreSQL'])('migrator and waiter against a %s', () => {
  let n = 0;
  const good = missing.length ? '' : image();

  /**
   * A fresh database owned by owk_owner. The app role owk_app may use and create in schema public
   * but is not the owner and has no CREATE on the database: it may not create extensions.
   */
  function database(opts: { create?: boolean } = {}): string {
    const name = `case${++n}`;
    if (opts.create ?? true) createDatabase(name);
    return name;
  }
  function createDatabase(name: string) {
    pg.psql(`CREATE DATABASE ${name} OWNER owk_owner;`);
    pg.psql('GRANT USAGE, CREATE ON SCHEMA public TO owk_app;', name);
  }
  /** The app's env for one case: the app role's URL (as the Secret would give it) and its own data dir. */
  function appEnv(db: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: pg.url('owk_app', APP_PASSWORD, db),
      DATA_DIR: images[images.push(fs.mkdtempSync(path.join(os.tmpdir(), 'owk-data-'))) - 1],
      ...extra,
    };
  }
  const migrate = (cwd: string, env: Record<string, string>, opts: { fresh?: boolean } = {}) =>
    run(migrator.command, cwd, { ...MIGRATE_ENV, ...FAST, ...env }, opts);
  const wait = (cwd: string, env: Record<string, string>, timeout = '0.5', opts: { fresh?: boolean } = {}) =>
    run(waiter.command, cwd, { ...WAIT_ENV, ...FAST, OWK_WAIT_TIMEOUT_SECONDS: timeout, ...env }, opts);
  /** `python -c <code>` in `cwd` (the app itself, or a probe), warm. */
  const python = (code: string, cwd: string, env: Record<string, string>) =>
    finish(start(['python', '-c', code], cwd, env));
  const exists = (db: string, table: string) => pg.psql(`SELECT to_regclass('${table}') IS NOT NULL;`, db) === 't';
  const heads = (db: string) =>
    exists(db, 'alembic_version')
      ? pg.psql('SELECT version_num FROM alembic_version ORDER BY 1;', db).split('\n').filter(Boolean)
      : [];
  const configRows = (db: string) => pg.psql('SELECT key, updated_at FROM config ORDER BY key;', db);
  const marker = (db: string) =>
    exists(db, 'open_webui_k8s_migration')
      ? pg.psql("SELECT string_agg(migration_id || '=' || heads, ',') FROM open_webui_k8s_migration;", db)
      : '';
  /** What never may appear in any output: the passwords in the database URL. */
  const noSecrets = (...rs: Result[]) => {
    for (const r of rs) expect(r.stdout + r.stderr).not.toMatch(new RegExp(`${APP_PASSWORD}|${OWNER_PASSWORD}`));
  };

  test('the rendered commands are the program; its settings come from the rendered env', async () => {
    expect(migrator.command).toEqual(['python', '-c', migrationProgram(), 'migrate']);
    expect(waiter.command).toEqual(['python', '-c', migrationProgram(), 'wait']);
    expect(MIGRATE_ENV).toEqual({
      ENABLE_DB_MIGRATIONS: 'False',
      OWK_MIGRATION_ID: job.metadata.name,
      OWK_POLL_SECONDS: '2',
      OWK_DATABASE_WAIT_SECONDS: '300',
    });
    expect(WAIT_ENV).toEqual({
      ENABLE_DB_MIGRATIONS: 'False',
      OWK_MIGRATION_ID: job.metadata.name,
      OWK_POLL_SECONDS: '2',
      OWK_WAIT_TIMEOUT_SECONDS: '1800',
    });
  });

  test('good revisions: the migrator exits 0 with the database at head and completion recorded; the waiter lets the pod start', async () => {
    const db = database();
    const env = appEnv(db);
    // New interpreters, as in the pods (the other cases fork from the warm one).
    const fresh = { fresh: true };
    const before = await wait(good, env, '0.5', fresh);
    expect(before.code).toBe(7); // nothing migrated yet: the pod must not start
    expect(names(before)).toEqual(['waiting-for-migration', 'not-ready']);
    expect(before.events[0].message).toBe(
      `the database is at (no revision), this image needs r0002: waiting for migration ${job.metadata.name}`,
    );

    const m = await migrate(good, env, fresh);
    expect(m.code).toBe(0);
    expect(names(m)).toEqual(['migration-started', 'migrated', 'config-seeded', 'done']);
    expect(heads(db)).toEqual(['r0002']);
    expect(marker(db)).toBe(`${job.metadata.name}=r0002`);
    // Seeded with the app's env, like the app would: every persistent key (oauth.* is env-only by default).
    expect(pg.psql('SELECT key FROM config ORDER BY key;', db).split('\n')).toEqual([
      'auth.jwt_expiry',
      'rag.embedding_engine',
      'rag.embedding_model',
      'ui.enable_signup',
      'webui.url',
    ]);

    const after = await wait(good, env, '0.5', fresh);
    expect(after.code).toBe(0);
    expect(names(after)).toEqual(['ready']);
    noSecrets(before, m, after);

    // Run again (a Job retry, or the same Job re-applied after deletion): nothing to do, still 0.
    const again = await migrate(good, env);
    expect(again.code).toBe(0);
    expect(again.events[0].message).toBe('upgrading the database from r0002 to r0002');
  });

  test("a failing revision: 0.11.0's own import exits 0, the migrator exits 4, the schema is untouched and new pods keep waiting", async () => {
    const db = database();
    const env = appEnv(db);
    expect((await migrate(good, env)).code).toBe(0);
    const next = image({ failing: true });

    // What the Job used to run: Open WebUI's import-time migration swallows the error and exits 0.
    const legacy = await python('import open_webui.config', next, { ...env, ENABLE_DB_MIGRATIONS: 'True' });
    expect(legacy.code).toBe(0);
    expect(legacy.stderr).toContain('Error running migrations');
    expect(heads(db)).toEqual(['r0002']);

    const m = await migrate(next, { ...env, OWK_MIGRATION_ID: 'job-next' });
    expect(m.code).toBe(4);
    expect(lastError(m)).toMatchObject({
      level: 'error',
      event: 'migration-failed',
      message: 'Alembic upgrade head failed: UndefinedColumn: column "no_such_column" does not exist',
    });
    // One transaction: the column the revision added before failing is rolled back too.
    expect(heads(db)).toEqual(['r0002']);
    expect(
      pg.psql(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'chat' AND column_name = 'archived';",
        db,
      ),
    ).toBe('0');
    expect(marker(db)).toBe(`${job.metadata.name}=r0002`);

    const w = await wait(next, { ...env, OWK_MIGRATION_ID: 'job-next' });
    expect(w.code).toBe(7);
    expect(names(w)).toEqual(['waiting-for-migration', 'not-ready']);
    expect(w.events[1].message).toMatch(
      /^not ready after 0\.5 s: the database is at r0002, this image needs r0003: waiting for migration job-next\. This version must not serve yet; see the migration Job's logs \(kubectl logs job\/job-next\)$/,
    );
    noSecrets(m, w);
  });

  test('after an upgrade, a pod of the previous version does not start against the migrated database', async () => {
    const db = database();
    const env = appEnv(db);
    const old = image({ without: ['r0002_chat.py'] });
    expect((await migrate(old, { ...env, OWK_MIGRATION_ID: 'job-old' })).code).toBe(0);
    expect((await wait(old, { ...env, OWK_MIGRATION_ID: 'job-old' })).code).toBe(0);
    expect((await migrate(good, { ...env, OWK_MIGRATION_ID: 'job-new' })).code).toBe(0);
    expect(heads(db)).toEqual(['r0002']);
    const stale = await wait(old, { ...env, OWK_MIGRATION_ID: 'job-old' });
    expect(stale.code).toBe(7);
    expect(stale.events[0].message).toBe(
      'the database is at r0002, this image needs r0001: waiting for migration job-old',
    );
    // ...and a new pod waits for its own Job, not an earlier one at the same head.
    const other = await wait(good, { ...env, OWK_MIGRATION_ID: 'job-newer' });
    expect(other.code).toBe(7);
    expect(names(other)[0]).toBe('waiting-for-one-time-writes');
  });

  test('seeding runs once: two app processes started after the migrator insert nothing and collide on nothing', async () => {
    const db = database();
    const env = appEnv(db);
    // A legacy config.json on the data volume is imported once, by the migrator.
    fs.writeFileSync(path.join(env.DATA_DIR, 'config.json'), JSON.stringify({ 'ui.legacy_banner': 'hello' }));
    expect((await migrate(good, env)).code).toBe(0);
    expect(fs.existsSync(path.join(env.DATA_DIR, 'config.json'))).toBe(false);
    expect(fs.existsSync(path.join(env.DATA_DIR, 'old_config.json'))).toBe(true);
    const seeded = configRows(db);
    expect(seeded).toContain('ui.legacy_banner|');
    expect(seeded.split('\n')).toHaveLength(6);

    const app = () => python('import open_webui.main as m; m.start()', good, { ...env, ENABLE_DB_MIGRATIONS: 'False' });
    const [a, b] = await Promise.all([app(), app()]);
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, '']);
    expect(configRows(db)).toBe(seeded); // the same keys, not one row rewritten
  });

  test('pgvector: with PGVECTOR_CREATE_EXTENSION=false a role that may not CREATE EXTENSION still migrates (extension pre-created)', async () => {
    const db = database();
    pg.psql('CREATE EXTENSION cube;', db); // a privileged user pre-creates it, as on managed PostgreSQL
    const env = appEnv(db, {
      VECTOR_DB: 'pgvector',
      PGVECTOR_CREATE_EXTENSION: 'false',
      FIXTURE_PGVECTOR_STANDIN: 'cube',
    });
    const m = await migrate(good, env);
    expect(m.code).toBe(0);
    expect(names(m)).toEqual(['migration-started', 'migrated', 'config-seeded', 'vector-db-initialised', 'done']);
    expect(
      pg.psql("SELECT indexname FROM pg_indexes WHERE tablename = 'document_chunk' ORDER BY 1;", db).split('\n'),
    ).toEqual([
      'document_chunk_pkey',
      'idx_document_chunk_collection_name',
      'idx_document_chunk_text',
      'idx_document_chunk_vector',
    ]);
    expect(pg.psql("SELECT tableowner FROM pg_tables WHERE tablename = 'document_chunk';", db)).toBe('owk_app');
    expect((await wait(good, env)).code).toBe(0);
    // Serving processes still run the same DDL at startup: after the migrator it is a no-op for them.
    const app = () => python('import open_webui.main as m; m.start()', good, { ...env, ENABLE_DB_MIGRATIONS: 'False' });
    const [a, b] = await Promise.all([app(), app()]);
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, '']);
  });

  test('pgvector: a role that may not CREATE EXTENSION with PGVECTOR_CREATE_EXTENSION=true fails the migrator (exit 6) and no pod starts', async () => {
    const db = database();
    const env = appEnv(db, { VECTOR_DB: 'pgvector', FIXTURE_PGVECTOR_STANDIN: 'cube' });
    const m = await migrate(good, env);
    expect(m.code).toBe(6);
    expect(lastError(m)).toMatchObject({ level: 'error', event: 'vector-db-init-failed' });
    expect(lastError(m)?.message).toMatch(
      /^initialising pgvector \(extension, table, indexes\) failed: InsufficientPrivilege: permission denied to create extension "cube"\. .*PGVECTOR_CREATE_EXTENSION=false \(values: vectorDb\.pgvector\.createExtension: false\)$/,
    );
    expect(heads(db)).toEqual(['r0002']); // migrated, but the one-time writes are not done:
    expect(marker(db)).toBe('');
    const w = await wait(good, env);
    expect(w.code).toBe(7);
    expect(names(w)).toEqual(['waiting-for-one-time-writes', 'not-ready']);
  });

  test("pgvector's real statements on a server without pgvector: the migrator fails with the database's error", async () => {
    const db = database();
    const m = await migrate(good, appEnv(db, { VECTOR_DB: 'pgvector' }));
    expect(m.code).toBe(6);
    expect(lastError(m)?.message).toMatch(
      /failed: (FeatureNotSupported|UndefinedFile|\w+): extension "vector" is not available/,
    );
    expect(marker(db)).toBe('');
  });

  test("an ssl= URL is waited on and migrated through the app's own URL handling (plain psycopg2 rejects it)", async () => {
    const db = database();
    const url = `postgres://owk_app:${APP_PASSWORD}@127.0.0.1:${pg.port}/${db}?ssl=disable`;
    const env = appEnv(db, { DATABASE_URL: url });
    const plain = await python('import os, sqlalchemy; sqlalchemy.create_engine(os.environ["U"]).connect()', good, {
      U: url.replace('postgres://', 'postgresql://'),
    });
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain('invalid connection option "ssl"');
    const m = await migrate(good, env);
    expect(m.code).toBe(0);
    const w = await wait(good, env);
    expect(w.code).toBe(0);
    noSecrets(m, w);
  });

  test('the database arriving late is waited for, by the migrator and by the waiter', async () => {
    const db = database({ create: false });
    const env = appEnv(db);
    const waiting = new Set<string>();
    let created = false;
    const onEvent = (who: string) => (e: { event: string }) => {
      if (e.event !== 'waiting-for-database') return;
      waiting.add(who);
      // Both report the database missing: now it arrives.
      if (waiting.size === 2 && !created) {
        created = true;
        // Complete (the app role's grant in place) before it has its name: a migrator that connected
        // between CREATE DATABASE and the GRANT would find schema public closed to it.
        createDatabase(`${db}_staged`);
        pg.psql(`ALTER DATABASE ${db}_staged RENAME TO ${db};`);
      }
    };
    const w = finish(
      start(waiter.command, good, { ...WAIT_ENV, ...FAST, OWK_WAIT_TIMEOUT_SECONDS: '60', ...env }),
      onEvent('waiter'),
    );
    const m = finish(start(migrator.command, good, { ...MIGRATE_ENV, ...FAST, ...env }), onEvent('migrator'));
    const [mr, wr] = await Promise.all([m, w]);
    expect(mr.code).toBe(0);
    expect(mr.events[0].message).toBe(
      `waiting for the database (OperationalError: connection to server at "127.0.0.1", port ${pg.port} failed: FATAL:  database "${db}" does not exist)`,
    );
    expect(wr.code).toBe(0);
    expect(names(wr)).toEqual(expect.arrayContaining(['waiting-for-database', 'ready']));
    noSecrets(mr, wr);
  });

  test('an unreachable database: the migrator gives up after OWK_DATABASE_WAIT_SECONDS (exit 3), never printing the password', async () => {
    const env = appEnv('nowhere', { DATABASE_URL: `postgresql://owk_app:${APP_PASSWORD}@127.0.0.1:1/nowhere` });
    const m = await migrate(good, { ...env, OWK_DATABASE_WAIT_SECONDS: '0.2' });
    expect(m.code).toBe(3);
    expect(lastError(m)).toMatchObject({ level: 'error', event: 'database-unreachable' });
    expect(lastError(m)?.message).toMatch(
      /^the database did not accept a connection within 0\.2 s \(OperationalError: /,
    );
    noSecrets(m);
  });

  test('the password is masked even where the database echoes it (here: as the name of a missing database)', async () => {
    const url = `postgresql://owk_app:${APP_PASSWORD}@127.0.0.1:${pg.port}/${APP_PASSWORD}`;
    const m = await migrate(good, { ...appEnv('unused'), DATABASE_URL: url, OWK_DATABASE_WAIT_SECONDS: '0' });
    expect(m.code).toBe(3);
    expect(lastError(m)?.message).toContain('FATAL:  database "***" does not exist');
    noSecrets(m);
  });

  test('two migrators never migrate at once: the second waits for the advisory lock', async () => {
    const db = database();
    const env = appEnv(db);
    const key = BigInt.asIntN(64, BigInt(/^LOCK_KEY = (0x[0-9A-F]+)$/m.exec(migrationProgram())![1])).toString();
    // Another migrator's session: holds the lock until its stdin closes.
    const holder = spawn(
      PYTHON,
      [
        '-c',
        'import os, sys, psycopg2\n' +
          'c = psycopg2.connect(os.environ["U"]); c.autocommit = True\n' +
          'c.cursor().execute("SELECT pg_advisory_lock(%s)", (int(os.environ["K"]),))\n' +
          'print("locked", flush=True); sys.stdin.read()',
      ],
      { env: { PATH: process.env.PATH, U: env.DATABASE_URL, K: key }, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let touched: string[] | undefined;
    try {
      await new Promise<void>((resolve) => holder.stdout?.on('data', (d) => String(d).includes('locked') && resolve()));
      const r = await finish(start(migrator.command, good, { ...MIGRATE_ENV, ...FAST, ...env }), (e) => {
        if (e.event !== 'waiting-for-lock') return;
        touched = heads(db); // it has not touched the schema while waiting
        holder.stdin?.end();
      });
      expect(touched).toEqual([]);
      expect(r.code).toBe(0);
      expect(names(r)).toEqual(['waiting-for-lock', 'migration-started', 'migrated', 'config-seeded', 'done']);
      expect(heads(db)).toEqual(['r0002']);
    } finally {
      holder.kill();
    }
  });

  test('usage errors exit 2', async () => {
    const env = appEnv('unused');
    const noId = await run(waiter.command, good, { ...env, OWK_MIGRATION_ID: '' });
    expect([noId.code, lastError(noId)?.message]).toEqual([2, 'OWK_MIGRATION_ID is not set (the chart renders it)']);
    const bad = await run(migrator.command, good, { ...MIGRATE_ENV, ...env, OWK_POLL_SECONDS: 'soon' });
    expect([bad.code, lastError(bad)?.message]).toEqual([
      2,
      "OWK_POLL_SECONDS must be a number of seconds, got 'soon'",
    ]);
    const unknown = await run(['python', '-c', migrationProgram(), 'serve'], good, env);
    expect(unknown.code).toBe(2);
  });
});
