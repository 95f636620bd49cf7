"""open-webui-k8s: the migrator and the app pods' database waiter, one program with two commands.

    python -c "<this file>" migrate     the migration Job's container
    python -c "<this file>" wait        the `wait-for-migration` init container of every app pod

Both run in the Open WebUI image itself, with /app/backend as working directory and the app's full
environment, so they reach the database exactly as Open WebUI does: through the app's own engine,
`open_webui.internal.db.engine`, which rewrites `ssl=` to `sslmode=` for psycopg2, applies the pool
settings and the RDS IAM token hook (backend/open_webui/internal/db.py @ f9590b8, facts section 4.1),
and through Alembic with the app's own alembic.ini and `migrations/` tree
(backend/open_webui/config.py:62-75 @ f9590b8). The chart renders this file into the pods without this
header docstring, the code byte for byte (charts/migration-programs.ts).

Why Open WebUI 0.11.0 cannot be trusted to migrate itself (facts section 2): `run_migrations()`
catches every exception and only logs it, so `python -c "import open_webui.config"` exits 0 when a
migration fails; and every serving process still performs one-time writes at startup with no
conflict handling (config seeding, legacy config.json import, the pgvector extension/table/indexes).

`migrate` (exit 0 only when all of it is done):
  1. waits (at most OWK_DATABASE_WAIT_SECONDS, polling every OWK_POLL_SECONDS) until the app's
     engine gets a connection: a Job created together with its database keeps its retries;
  2. takes a PostgreSQL advisory lock, so two migrators (say a config change applied while the
     previous Job still runs) never migrate at once;
  3. imports `open_webui.config` with ENABLE_DB_MIGRATIONS forced to False (no swallowed errors),
     then runs Alembic `upgrade head` itself: an error fails the process;
  4. checks that the database's current heads equal the image's script heads;
  5. performs once what every serving process would otherwise race on: `import_legacy_config_json()`
     and `seed_registered_defaults()` (backend/open_webui/main.py:338-339 @ f9590b8), and with
     VECTOR_DB=pgvector the vector-database initialisation by importing
     `open_webui.retrieval.vector.factory` (backend/open_webui/retrieval/vector/factory.py:91,
     dbs/pgvector.py:113-168 @ f9590b8): extension (unless PGVECTOR_CREATE_EXTENSION=false),
     table, indexes;
  6. records completion in the table `open_webui_k8s_migration` (migration id, heads, time).

`wait` (exit 0 only when this image may serve): polls every OWK_POLL_SECONDS until the database's
current Alembic heads equal this image's script heads AND the migrator of this rollout
(OWK_MIGRATION_ID) has recorded completion at those heads. It never exits 0 for an unmigrated,
half-migrated or newer database, nor while the one-time writes are not done (serving pods would
then race the migrator on them). After OWK_WAIT_TIMEOUT_SECONDS it exits 7, the kubelet restarts it
with back-off, and the pod shows why in its status and logs.

Rollout design (README "Upgrades"). OWK_MIGRATION_ID is the migration Job's name, read by both
programs from the pod label `open-webui-k8s/migration-job` (the Downward API): the Job's pods and
the app pods of one rollout carry the same value, and any change that reaches the Job (image,
env, resources) gives a new Job name, so new pods wait for their own migrator, not an earlier one.
The app pods need no Kubernetes API access, no token and no RBAC: they ask the database. One
ordering fact only the Kubernetes API knows remains: under the default `recreate` strategy the
migrator must not start while pods of the previous version still serve (Recreate stops them only
when the Deployment changes, and the Job starts at once). So the migration Job alone keeps an init
container that lists the app pods of other rollouts and waits until none is left
(charts/migration-waiter.ts: a projected token mounted in that init container only, a Role with
`list pods`, egress to the API server only from the migration pods). With `rollingUpdate` nothing
uses the API: old and new versions then share the database by the user's explicit choice.

Output: one JSON object per line (`level`, `logger`, `event`, `message`, extra fields), progress on
stdout, errors on stderr; the database password is never printed, and database errors are reduced
to their class and first line (SQL parameters may hold seeded secrets).

Exit codes:
  0  done (migrate) / this image may serve (wait)
  1  unexpected error
  2  usage error: unknown command, missing or invalid OWK_* setting
  3  migrate: the database did not accept a connection within OWK_DATABASE_WAIT_SECONDS
  4  migrate: Alembic `upgrade head` failed (the transaction rolled back)
  5  migrate: after the upgrade the database heads differ from the image's script heads
  6  migrate: a one-time write failed (legacy config import, config seeding, vector database)
  7  wait: not ready within OWK_WAIT_TIMEOUT_SECONDS (restarted by the kubelet, waits again)

Settings (environment): OWK_MIGRATION_ID (required), OWK_POLL_SECONDS (default 2),
OWK_DATABASE_WAIT_SECONDS (migrate, default 300; 0: one attempt), OWK_WAIT_TIMEOUT_SECONDS (wait,
default 1800).

Python 3.9+, only the standard library plus the SQLAlchemy (1.4 or 2.x) and Alembic the image has.
"""

import asyncio
import contextlib
import importlib
import json
import os
import sys
import time

MARKER_TABLE = "open_webui_k8s_migration"
# pg_advisory_lock key of this project's migrators (an arbitrary constant, the same in every version).
LOCK_KEY = 0x3F1C6A0B52E4D917
COMMANDS = ("migrate", "wait")

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_MIGRATION_FAILED = 4
EXIT_NOT_AT_HEAD = 5
EXIT_ONE_TIME_WRITES_FAILED = 6
EXIT_WAIT_TIMEOUT = 7

_command = "migration"
_secrets = []


class Fail(Exception):
    """A reported failure: exit code, event name, one-line message."""

    def __init__(self, code, event, message):
        super().__init__(message)
        self.code = code
        self.event = event
        self.message = message


def scrub(text):
    """Masks the database password wherever it appears (defence in depth: libpq never prints it).
    Shorter strings than 6 characters are left alone: they would mask ordinary words."""
    for secret in _secrets:
        if len(secret) >= 6:
            text = text.replace(secret, "***")
    return text


def emit(level, event, message, **fields):
    record = {"level": level, "logger": "open-webui-k8s." + _command, "event": event, "message": scrub(message)}
    record.update(fields)
    print(json.dumps(record), file=sys.stderr if level == "error" else sys.stdout, flush=True)


def describe(exc):
    """`Class: first line` of an error, the DBAPI error rather than SQLAlchemy's wrapper (no SQL, no parameters)."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return scrub("%s: %s" % (type(orig).__name__, lines[0].strip()) if lines else type(orig).__name__)


def required(name):
    value = os.environ.get(name, "")
    if not value:
        raise Fail(EXIT_USAGE, "usage", "%s is not set (the chart renders it)" % name)
    return value


def seconds(name, default):
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise Fail(EXIT_USAGE, "usage", "%s must be a number of seconds, got %r" % (name, raw))
    if value < 0:
        raise Fail(EXIT_USAGE, "usage", "%s must not be negative, got %r" % (name, raw))
    return value


def load_app_db():
    """Open WebUI's own database module, imported with migrations off (this program runs Alembic itself)."""
    os.environ["ENABLE_DB_MIGRATIONS"] = "False"
    db = importlib.import_module("open_webui.internal.db")
    _secrets.append(db.engine.url.password or "")
    _secrets.append(os.environ.get("DATABASE_PASSWORD", ""))
    return db


def alembic_config():
    """The Alembic config exactly as Open WebUI's run_migrations() builds it (config.py:62-75 @ f9590b8)."""
    from alembic.config import Config

    app_dir = getattr(importlib.import_module("open_webui.env"), "OPEN_WEBUI_DIR", None)
    if app_dir is None:
        app_dir = os.path.dirname(importlib.import_module("open_webui").__file__)
    cfg = Config(os.path.join(str(app_dir), "alembic.ini"))
    cfg.set_main_option("script_location", os.path.join(str(app_dir), "migrations"))
    return cfg


def image_heads(cfg):
    from alembic.script import ScriptDirectory

    return sorted(ScriptDirectory.from_config(cfg).get_heads())


def database_heads(conn):
    from alembic.runtime.migration import MigrationContext

    return sorted(MigrationContext.configure(conn).get_current_heads())


def heads_text(heads):
    return " ".join(heads) if heads else "(no revision)"


def marker_table():
    from sqlalchemy import BigInteger, Column, MetaData, Table, Text

    return Table(
        MARKER_TABLE,
        MetaData(),
        Column("migration_id", Text, primary_key=True),
        Column("heads", Text, nullable=False),
        Column("completed_at", BigInteger, nullable=False),
    )


def wait_for_database(engine, limit, poll):
    from sqlalchemy import text

    deadline = time.monotonic() + limit
    last = None
    while True:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return
        except Exception as exc:
            reason = describe(exc)
            if time.monotonic() >= deadline:
                raise Fail(
                    EXIT_UNREACHABLE,
                    "database-unreachable",
                    "the database did not accept a connection within %g s (%s)" % (limit, reason),
                )
            if reason != last:
                emit("info", "waiting-for-database", "waiting for the database (%s)" % reason)
                last = reason
            time.sleep(poll)


@contextlib.contextmanager
def migration_lock(conn, poll):
    """A session-level PostgreSQL advisory lock on `conn`: it outlives the short transactions it is taken in."""
    if conn.dialect.name != "postgresql":
        yield
        return
    from sqlalchemy import text

    announced = False
    while True:
        with conn.begin():
            if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar():
                break
        if not announced:
            emit("info", "waiting-for-lock", "another migrator holds the migration lock; waiting for it")
            announced = True
        time.sleep(poll)
    try:
        yield
    finally:
        with contextlib.suppress(Exception), conn.begin():
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})


async def config_writes(config, db):
    """The lifespan's first writes (main.py:338-339 @ f9590b8), in one event loop like the app."""
    try:
        await config.import_legacy_config_json()
        await config.seed_registered_defaults()
    finally:
        async_engine = getattr(db, "async_engine", None)
        if async_engine is not None:
            await async_engine.dispose()


def write_marker(conn, migration_id, heads):
    table = marker_table()
    with conn.begin():
        table.create(conn, checkfirst=True)
        conn.execute(table.delete().where(table.c.migration_id == migration_id))
        row = {"migration_id": migration_id, "heads": " ".join(heads), "completed_at": int(time.time())}
        conn.execute(table.insert().values(**row))


def migrate():
    migration_id = required("OWK_MIGRATION_ID")
    poll = seconds("OWK_POLL_SECONDS", 2.0)
    wait_seconds = seconds("OWK_DATABASE_WAIT_SECONDS", 300.0)
    db = load_app_db()
    wait_for_database(db.engine, wait_seconds, poll)
    # One connection of the app's pool for the whole run (lock, heads, completion record), idle in
    # between: every use is a short explicit transaction (SQLAlchemy 1.4 and 2.x alike).
    with db.engine.connect() as conn, migration_lock(conn, poll):
        config = importlib.import_module("open_webui.config")  # ENABLE_DB_MIGRATIONS is False: no migration here
        from alembic import command

        cfg = alembic_config()
        target = image_heads(cfg)
        with conn.begin():
            before = database_heads(conn)
        emit(
            "info",
            "migration-started",
            "upgrading the database from %s to %s" % (heads_text(before), heads_text(target)),
            migration_id=migration_id,
            database_heads=before,
            image_heads=target,
        )
        try:
            command.upgrade(cfg, "head")
        except Exception as exc:
            raise Fail(EXIT_MIGRATION_FAILED, "migration-failed", "Alembic upgrade head failed: %s" % describe(exc))
        with conn.begin():
            after = database_heads(conn)
        if after != target:
            raise Fail(
                EXIT_NOT_AT_HEAD,
                "not-at-head",
                "after the upgrade the database is at %s, but this image's head is %s"
                % (heads_text(after), heads_text(target)),
            )
        emit("info", "migrated", "the database is at %s" % heads_text(after), database_heads=after)
        try:
            asyncio.run(config_writes(config, db))
        except Exception as exc:
            message = "seeding the config table failed: %s" % describe(exc)
            raise Fail(EXIT_ONE_TIME_WRITES_FAILED, "config-seeding-failed", message)
        emit("info", "config-seeded", "legacy config.json imported (if any) and config defaults seeded")
        vector_db = str(getattr(config, "VECTOR_DB", os.environ.get("VECTOR_DB", "")))
        if vector_db == "pgvector":
            try:
                importlib.import_module("open_webui.retrieval.vector.factory")
            except Exception as exc:
                raise Fail(
                    EXIT_ONE_TIME_WRITES_FAILED,
                    "vector-db-init-failed",
                    "initialising pgvector (extension, table, indexes) failed: %s. Where the app's role may not "
                    "create extensions, create the `vector` extension as a privileged user and set "
                    "PGVECTOR_CREATE_EXTENSION=false (values: vectorDb.pgvector.createExtension: false)" % describe(exc),
                )
            emit("info", "vector-db-initialised", "pgvector extension, table and indexes are in place")
        write_marker(conn, migration_id, target)
    emit(
        "info",
        "done",
        "migration %s complete at %s" % (migration_id, heads_text(target)),
        migration_id=migration_id,
        database_heads=target,
    )


def look(engine, target, migration_id):
    """One look at the database: (state, message)."""
    from sqlalchemy import inspect, select

    try:
        with engine.connect() as conn:
            current = database_heads(conn)
            if current != target:
                return (
                    "waiting-for-migration",
                    "the database is at %s, this image needs %s: waiting for migration %s"
                    % (heads_text(current), heads_text(target), migration_id),
                )
            table = marker_table()
            recorded = None
            if inspect(conn).has_table(MARKER_TABLE):
                recorded = conn.execute(select(table.c.heads).where(table.c.migration_id == migration_id)).scalar()
    except Exception as exc:
        return "waiting-for-database", "the database is not reachable (%s)" % describe(exc)
    if recorded != " ".join(target):
        return (
            "waiting-for-one-time-writes",
            "the database is at this image's head %s, but migration %s has not finished its one-time writes "
            "(config seeding, vector database)" % (heads_text(target), migration_id),
        )
    return "ready", "the database is at %s and migration %s is complete" % (heads_text(target), migration_id)


def wait():
    migration_id = required("OWK_MIGRATION_ID")
    poll = seconds("OWK_POLL_SECONDS", 2.0)
    timeout = seconds("OWK_WAIT_TIMEOUT_SECONDS", 1800.0)
    db = load_app_db()
    target = image_heads(alembic_config())
    deadline = time.monotonic() + timeout
    last = None
    while True:
        state, message = look(db.engine, target, migration_id)
        if state == "ready":
            emit("info", "ready", message, migration_id=migration_id, image_heads=target)
            return
        if (state, message) != last:
            emit("info", state, message, migration_id=migration_id, image_heads=target)
            last = (state, message)
        if time.monotonic() >= deadline:
            raise Fail(
                EXIT_WAIT_TIMEOUT,
                "not-ready",
                "not ready after %g s: %s. This version must not serve yet; see the migration Job's logs "
                "(kubectl logs job/%s)" % (timeout, message, migration_id),
            )
        time.sleep(poll)


def main(argv):
    global _command
    if len(argv) != 1 or argv[0] not in COMMANDS:
        emit("error", "usage", "usage: python -c <program> migrate|wait (got %r)" % (argv,))
        return EXIT_USAGE
    _command = "migrator" if argv[0] == "migrate" else "waiter"
    try:
        (migrate if argv[0] == "migrate" else wait)()
        return 0
    except Fail as fail:
        emit("error", fail.event, fail.message)
        return fail.code
    except Exception as exc:
        emit("error", "unexpected-error", describe(exc))
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
