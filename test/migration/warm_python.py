"""A warm Python for the migration tests: imports SQLAlchemy, Alembic and psycopg2 once (about half a
second of CPU per interpreter), then runs each requested command in a process of its own, forked from
this one, as `python -c <code> [args]` would run it: its own working directory, environment (the C
environment too: libpq reads it), argv, stdin from /dev/null, stdout and stderr to the test, a fresh
`__main__` module, the interpreter's exit code (SystemExit's, or 1 after a traceback).

Protocol (WarmPython in test/migration/postgres.ts): one JSON request per line on stdin,
{"id", "args", "cwd", "env", "socket"}; args are what follows `python` (`-c <code> ...`); the command
gets two connections to the Unix socket (each announced by a line "<id> stdout" or "<id> stderr") as
its stdout and stderr; one JSON line per finished command on stdout, {"id", "code", "streams"} (a
signal: a negative code; streams: how many of the two connections were made).
Nothing of the fixture (open_webui) is imported here: each command imports it from its own cwd.
"""
import atexit
import importlib
import json
import os
import signal
import socket
import sys
import traceback
import types

# Imported once here, so every command forked from this interpreter starts with them loaded.
WARM = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.postgresql",
    "psycopg2",
    "alembic.command",
    "alembic.config",
    "alembic.runtime.migration",
    "alembic.script",
)
for _name in WARM:
    importlib.import_module(_name)


def connect(path, tag):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(tag.encode() + b"\n")
    return s.detach()


def run(req, out, err):
    """In the grandchild: become `python <args>` and never return."""
    null = os.open(os.devnull, os.O_RDONLY)
    for fd, target in ((null, 0), (out, 1), (err, 2)):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    args = req["args"]
    if args[0] != "-c":
        raise SystemExit("warm_python runs `-c <code> [args]` only")
    sys.argv = ["-c"] + args[2:]
    sys.path[0] = ""  # what `python -c` puts first: the working directory
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    code = 0
    try:
        exec(compile(args[1], "<string>", "exec"), main.__dict__)
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            print(e.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def report(req, code, streams):
    line = json.dumps({"id": req["id"], "code": code, "streams": streams}) + "\n"
    os.write(1, line.encode())  # one short write: never interleaved with another child's


def child(req):
    """In the child: connect the command's output, fork the command, wait for it, report its exit code."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    fds = []
    try:
        for stream in ("stdout", "stderr"):
            fds.append(connect(req["socket"], "%s %s" % (req["id"], stream)))
    except OSError:
        report(req, 127, len(fds))
        os._exit(0)
    pid = os.fork()
    if pid == 0:
        try:
            run(req, *fds)
        finally:
            os._exit(127)  # run() never returns; this only guards against it raising
    for fd in fds:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    report(req, os.waitstatus_to_exitcode(status), len(fds))
    os._exit(0)


def serve():
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    os.write(1, b'{"ready": true}\n')
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        if os.fork() == 0:
            child(req)


serve()
