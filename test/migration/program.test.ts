/**
 * The migration program (charts/programs/migration.py) and the fixture are real Python: each is
 * compiled (with the grammar of Python 3.9, the oldest the program supports) and linted with
 * pyflakes (undefined names, unused imports), and the program imports only the standard library,
 * SQLAlchemy, Alembic and Open WebUI's own modules (what the Open WebUI image has).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { MIGRATION_PROGRAM_FILE, migrationProgram } from '../../charts/migration-programs';
import { PYTHON } from './postgres';

const ROOT = path.join(__dirname, '../../..');
const PROGRAM = path.join(ROOT, MIGRATION_PROGRAM_FILE);
const FIXTURE = path.join(ROOT, 'test/migration/fixture');
const python = (args: string[]) => spawnSync(PYTHON, args, { encoding: 'utf8', cwd: ROOT });
const havePython = python(['--version']).status === 0;
const havePyflakes = havePython && python(['-m', 'pyflakes', '--version']).status === 0;
if (!havePyflakes) console.warn(`pyflakes for ${PYTHON} not installed (Debian: apt-get install python3-pyflakes)`);

// In CI (.ci/run installs them) these checks must run.
(process.env.CI ? test : test.skip)('CI has Python and pyflakes', () => {
  expect([havePython, havePyflakes]).toEqual([true, true]);
});

(havePython ? test : test.skip)('compiles with the grammar of Python 3.9, with warnings as errors', () => {
  const check = [
    'import ast, pathlib, sys',
    'for f in [pathlib.Path(sys.argv[1]), *pathlib.Path(sys.argv[2]).rglob("*.py")]:',
    '    src = f.read_text()',
    '    ast.parse(src, str(f), feature_version=(3, 9))',
    '    compile(src, str(f), "exec")',
  ].join('\n');
  const r = python(['-W', 'error', '-c', check, PROGRAM, FIXTURE]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

(havePython ? test : test.skip)('the rendered program (without the header docstring) compiles the same way', () => {
  const check =
    'import ast, sys\nsrc = sys.stdin.read()\nast.parse(src, "rendered", feature_version=(3, 9))\ncompile(src, "rendered", "exec")';
  const r = spawnSync(PYTHON, ['-W', 'error', '-c', check], { encoding: 'utf8', input: migrationProgram() });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

(havePyflakes ? test : test.skip)('pyflakes finds nothing', () => {
  const r = python(['-m', 'pyflakes', PROGRAM, FIXTURE]);
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

(havePython ? test : test.skip)('imports only the standard library, SQLAlchemy, Alembic and open_webui', () => {
  const list = [
    'import ast, sys',
    'tree = ast.parse(open(sys.argv[1]).read())',
    'names = set()',
    'for node in ast.walk(tree):',
    '    if isinstance(node, ast.Import): names.update(a.name.split(".")[0] for a in node.names)',
    '    elif isinstance(node, ast.ImportFrom): names.add(node.module.split(".")[0])',
    'print(" ".join(sorted(n for n in names if n not in sys.stdlib_module_names)))',
  ].join('\n');
  const r = python(['-c', list, PROGRAM]);
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe('alembic sqlalchemy');
});
