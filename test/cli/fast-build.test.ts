/**
 * The fast build behind `npm run <command>` (scripts/fast-build.js), in a scratch copy of the
 * project: nothing changed, nothing is built; an edited file is the only one transpiled again; a
 * changed mtime alone (a checkout, a copy) rebuilds nothing; a syntax error names file and line.
 * (Type errors are `npm test`'s and `npm run lint`'s to find: see scripts/fast-build.js.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../support';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-fast-'));
  for (const f of ['package.json', 'package-lock.json', 'scripts', 'src', 'charts', 'values', 'schemas'])
    fs.cpSync(path.join(REPO, f), path.join(work, f), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'));
  // Share the repository's vendor bundle when there is one (a fresh build is proven by cdk8s-synth.test.ts).
  if (fs.existsSync(path.join(REPO, 'build', 'fast')))
    fs.cpSync(path.join(REPO, 'build', 'fast'), path.join(work, 'build', 'fast'), { recursive: true });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** `npm run synth -- --help` in the copy (cheap: no values are read), with the build's one-line report on stderr. */
const run = () =>
  spawnSync(process.execPath, [path.join(work, 'scripts', 'run.js'), 'synth', '--help'], {
    cwd: work,
    env: { ...process.env, OWK_VERBOSE_BUILD: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
const sources = () =>
  ['src', 'charts'].flatMap((d) =>
    fs.readdirSync(path.join(work, d), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')),
  ).length;

test('nothing changed: nothing is built', () => {
  expect(run().status).toBe(0); // builds whatever the copy needs
  const r = run();
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^Usage: npm run synth/);
});

test('one edited file: only that module is transpiled again (the npm packages are not rebundled), and the edit takes effect', () => {
  const f = path.join(work, 'src', 'commands', 'synth.ts');
  // The same length on purpose: V8 checks only a source's length before it uses a code cache.
  fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('Usage: npm run synth', 'Usage: npm run SYNTH'));
  const r = run();
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(new RegExp(`^fast build: 1 of ${sources()} module\\(s\\) transpiled in \\d+ ms\\n$`));
  expect(r.stdout).toMatch(/^Usage: npm run SYNTH/);
});

test('a new mtime with the same content rebuilds nothing', () => {
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(path.join(work, 'src', 'cli.ts'), later, later);
  const r = run();
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
});

test('a syntax error: exit 3, the file and line, and the next good run recovers', () => {
  const f = path.join(work, 'src', 'manifests.ts');
  const text = fs.readFileSync(f, 'utf8');
  fs.writeFileSync(f, `${text}\nconst = ;\n`);
  const r = run();
  expect(r.status).toBe(3);
  expect(r.stderr).toMatch(/cannot compile src\/manifests\.ts:\nsrc\/manifests\.ts:\d+:\d+: /);
  fs.writeFileSync(f, text);
  expect(run().status).toBe(0);
});

test('a run that stops early (a mistyped flag, --help) writes no code cache; a full run does', () => {
  const warm = path.join(work, 'build', 'fast', 'cache-warm.json'); // the commands whose functions are cached
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(work, 'scripts', 'run.js'), ...args], { cwd: work, encoding: 'utf8' });
  expect(cli('synth', '--help').status).toBe(0); // the copy is built (the tests above may have left it broken)
  fs.rmSync(warm, { force: true });
  expect(cli('synth', '--bogus').status).toBe(2);
  expect(cli('synth', '--help').status).toBe(0);
  expect(cli('plan', '-h').status).toBe(0);
  expect(fs.existsSync(warm)).toBe(false);
  expect(cli('plan', '--env', 'nope').status).toBe(2); // no such environment: stopped before the values
  expect(fs.existsSync(warm)).toBe(false);
  expect(cli('plan', '--env', 'local').status).toBe(0); // the control: a full run
  expect(cli('check', 'values').status).toBe(1); // problems found (values files are no manifests): a full run too
  expect(JSON.parse(fs.readFileSync(warm, 'utf8'))).toEqual(['check', 'plan']);
});
