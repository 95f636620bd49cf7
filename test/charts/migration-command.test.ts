/**
 * The migrator's rendered command, run for real with python3 against stand-in modules: a
 * `sqlalchemy` whose connect fails a given number of times, and an `open_webui.config` whose
 * import records that the migration ran.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { one, render } from './upgrade-helpers';

const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : undefined;
const commandOf = (sets: string[] = []) =>
  one(render('production', sets), 'Job').spec.template.spec.containers[0].command as string[];

describe('migration command', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-migrate-'));
    fs.mkdirSync(path.join(dir, 'sqlalchemy'));
    fs.writeFileSync(
      path.join(dir, 'sqlalchemy', '__init__.py'),
      [
        'import os',
        'class _C:',
        '    def close(self): pass',
        'class _E:',
        '    def __init__(self, url): self.url = url',
        '    def connect(self):',
        "        n = int(open(os.environ['FAILS']).read())",
        '        if n > 0:',
        "            open(os.environ['FAILS'], 'w').write(str(n - 1))",
        "            raise ConnectionRefusedError('no')",
        "        open(os.environ['LOG'], 'a').write('connected ' + self.url + '\\n')",
        '        return _C()',
        'def create_engine(url): return _E(url)',
      ].join('\n'),
    );
    fs.mkdirSync(path.join(dir, 'open_webui'));
    fs.writeFileSync(path.join(dir, 'open_webui', '__init__.py'), '');
    fs.writeFileSync(
      path.join(dir, 'open_webui', 'config.py'),
      "import os\nopen(os.environ['LOG'], 'a').write('migrated\\n')\n",
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (command: string[], fails: number, url = 'postgres://u:p@db:5432/app') => {
    fs.writeFileSync(path.join(dir, 'fails'), String(fails));
    const log = path.join(dir, 'log');
    fs.writeFileSync(log, '');
    const r = spawnSync(python as string, command.slice(1), {
      env: { PATH: process.env.PATH, PYTHONPATH: dir, FAILS: path.join(dir, 'fails'), LOG: log, DATABASE_URL: url },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: r.status, stderr: r.stderr, log: fs.readFileSync(log, 'utf8') };
  };

  (python ? test : test.skip)('waits until PostgreSQL accepts a connection, then migrates once', () => {
    const r = run(commandOf(), 2);
    expect(r.status).toBe(0);
    expect(r.stderr.match(/waiting for the database \(ConnectionRefusedError\)/g)).toHaveLength(2);
    // postgres:// is normalised as Open WebUI does; the password is never printed
    expect(r.log).toBe('connected postgresql://u:p@db:5432/app\nmigrated\n');
    expect(r.stderr).not.toContain('u:p@');
  });

  (python ? test : test.skip)('gives up after upgrade.migration.databaseWaitSeconds without migrating', () => {
    const r = run(commandOf(['upgrade.migration.databaseWaitSeconds=1']), 100);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/database not reachable after 1 s \(ConnectionRefusedError\)/);
    expect(r.log).toBe('');
  });

  test('with the wait off it only imports the config', () => {
    expect(commandOf(['upgrade.migration.databaseWaitSeconds=0'])).toEqual([
      'python',
      '-c',
      'import open_webui.config',
    ]);
  });
});
