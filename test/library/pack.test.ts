/**
 * The published shape, proven: `npm pack` the package, install the tarball into a fresh cdk8s app
 * with its own node_modules (offline, from the npm cache `npm ci` filled), compile the README's
 * example against the shipped types, synthesize it and check the objects; invalid values throw
 * one ValuesError listing every problem; an unknown values key is a compile error.
 *
 * The app's dependencies are laid out before `npm install` runs, hard-linked (or copied) from the
 * repository's node_modules (`linkDependencies`), so npm finds them installed and only extracts the
 * tarball: a plain offline install unpacked ~5,000 files from the cache's tarballs, 11 s of CPU here
 * (4.5 s decompressing and writing, the rest the kernel creating files on disk).
 * npm still decides the tree: it installs what the tarball's package.json asks for and is missing,
 * and removes what nothing asks for, so a runtime dependency the package does not declare is gone
 * from the app and the example fails, as after a clean install.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { checkObjects } from '../../src/check';

const REPO = path.resolve(__dirname, '../../..');
const TSC = path.join(REPO, 'node_modules/typescript/bin/tsc');
const run = (cmd: string, args: string[], cwd: string) =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

/** The TypeScript block of the README's "Use it as a library" section. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it as a library'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README.md has no ```ts block under "## Use it as a library"');
  return m[1];
}

type LockEntry = {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin?: Record<string, string>;
};

/**
 * The package-lock.json locations (`node_modules/a`, `node_modules/a/node_modules/b`) of `names` and
 * of everything they need, resolved as Node resolves from each location: dependencies, optional
 * dependencies and non-optional peers, never the root's devDependencies.
 */
function dependencyClosure(lock: Record<string, LockEntry>, names: readonly string[]): Set<string> {
  const resolve = (from: string, name: string): string | undefined => {
    for (let dir = from; ;) {
      const loc = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock[loc]) return loc;
      if (!dir) return undefined;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i < 0 ? '' : dir.slice(0, i);
    }
  };
  const closure = new Set<string>();
  const todo: [from: string, name: string][] = names.map((n) => ['', n]);
  for (let next = todo.pop(); next; next = todo.pop()) {
    const loc = resolve(...next);
    if (loc === undefined || closure.has(loc)) continue; // not in the lock: npm install will report it
    closure.add(loc);
    const e = lock[loc];
    const peers = Object.keys(e.peerDependencies ?? {}).filter((n) => !e.peerDependenciesMeta?.[n]?.optional);
    for (const n of [...Object.keys(e.dependencies ?? {}), ...Object.keys(e.optionalDependencies ?? {}), ...peers])
      todo.push([loc, n]);
  }
  return closure;
}

/**
 * Hard-links the tree `src` to `dst` (directories made, symbolic links copied), or copies its files
 * when `dst` is on another file system (a RAM file system for TMPDIR: test files' directories are
 * made in /dev/shm when they can be, where creating a file is cheap anyway).
 */
function linkTree(src: string, dst: string, put: (from: string, to: string) => void): void {
  fs.mkdirSync(dst);
  for (const d of fs.readdirSync(src, { withFileTypes: true })) {
    const [from, to] = [path.join(src, d.name), path.join(dst, d.name)];
    if (d.isDirectory()) linkTree(from, to, put);
    else if (d.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else put(from, to);
  }
}

/** fs.linkSync, or fs.copyFileSync when `app` and the repository are on different file systems. */
function linkOrCopy(app: string): (from: string, to: string) => void {
  const probe = path.join(app, '.link-probe');
  try {
    fs.linkSync(path.join(REPO, 'package.json'), probe);
    fs.rmSync(probe);
    return fs.linkSync;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    return fs.copyFileSync;
  }
}

/**
 * Lays out in `app`/node_modules the packages of the repository's node_modules that `names` need
 * (`dependencyClosure`), as hard links (on this machine's disk a link costs a fiftieth of creating a
 * file) or copies (`linkOrCopy`), with their
 * bin links and npm's record of them (node_modules/.package-lock.json, entries from package-lock.json):
 * `npm install` then finds them installed and leaves them. Returns the locations laid out.
 */
function linkDependencies(app: string, names: readonly string[]): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')).packages as Record<
    string,
    LockEntry
  >;
  const closure = [...dependencyClosure(lock, names)];
  // A package's nested node_modules comes with it. An optional one npm ci skipped on this platform is
  // left to npm install.
  const tops = closure.filter(
    (l) => !closure.some((o) => l.startsWith(`${o}/`)) && fs.existsSync(path.join(REPO, l, 'package.json')),
  );
  const put = linkOrCopy(app);
  for (const loc of tops) {
    fs.mkdirSync(path.dirname(path.join(app, loc)), { recursive: true });
    linkTree(path.join(REPO, loc), path.join(app, loc), put);
    for (const bin of Object.keys(lock[loc].bin ?? {})) {
      const link = path.join(path.dirname(loc), '.bin', bin);
      fs.mkdirSync(path.join(app, path.dirname(link)), { recursive: true });
      fs.symlinkSync(fs.readlinkSync(path.join(REPO, link)), path.join(app, link));
    }
  }
  const within = (loc: string) => tops.some((t) => loc === t || loc.startsWith(`${t}/`));
  const packages = Object.fromEntries(Object.entries(lock).filter(([loc]) => within(loc)));
  // written last: npm trusts this record only if no package directory is newer than it
  fs.writeFileSync(
    path.join(app, 'node_modules', '.package-lock.json'),
    JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }),
  );
  return Object.keys(packages);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owui-pack-'));
const app = path.join(dir, 'app');
/**
 * The app's compiler settings: a cdk8s app's (cdk8s-cli's typescript-app template, tsconfig.json:
 * CommonJS, strict, `lib` without the DOM) with a newer target. Without `--lib` the target's default
 * library includes the DOM's 40,000 lines of declarations, a third of the compile.
 */
const tsc = (...files: string[]) =>
  run(
    process.execPath,
    [
      ...[TSC, '--module', 'commonjs', '--target', 'es2022', '--lib', 'es2022', '--strict', '--skipLibCheck'],
      ...['--pretty', 'false', ...files],
    ],
    app,
  );

beforeAll(() => {
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' });
  const tarball = path.join(dir, packed.trim().split('\n').pop() as string);
  fs.mkdirSync(app);
  const own = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({
      name: 'app',
      version: '1.0.0',
      private: true,
      dependencies: {
        'open-webui-k8s': `file:${tarball}`,
        cdk8s: own.dependencies.cdk8s,
        constructs: own.dependencies.constructs,
      },
    }),
  );
  // The repository's lockfile pins every dependency to a tarball `npm ci` put in the cache.
  fs.copyFileSync(path.join(REPO, 'package-lock.json'), path.join(app, 'package-lock.json'));
  linked = linkDependencies(app, [...Object.keys(own.dependencies), 'cdk8s', 'constructs']);
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
  if (install.status !== 0) throw new Error(`npm install --offline failed (run npm ci first):\n${install.stderr}`);
  installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', '.package-lock.json'), 'utf8')).packages;
}, 180000);

/** What linkDependencies laid out, and what npm's record says is installed after `npm install`. */
let linked: string[] = [];
let installed: Record<string, LockEntry & { resolved?: string }> = {};

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * The README's example (main.ts) and a values typo (typo.ts), type-checked against the shipped types
 * in one compiler run (a compile costs seconds): main.ts must compile clean, typo.ts must not.
 */
let compiled: { main: string; typo: string } | undefined;
function compileExamples(): { main: string; typo: string } {
  if (compiled) return compiled;
  fs.writeFileSync(path.join(app, 'main.ts'), readmeExample());
  fs.writeFileSync(
    path.join(app, 'typo.ts'),
    "import { App } from 'cdk8s';\nimport { OpenWebUI } from 'open-webui-k8s';\nnew OpenWebUI(new App(), 'x', { values: { replicaCont: 2 } });\n",
  );
  const r = tsc('main.ts', 'typo.ts');
  const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim());
  const of = (file: string) => lines.filter((l) => l.startsWith(file)).join('\n');
  expect(lines.filter((l) => !l.startsWith('main.ts') && !l.startsWith('typo.ts') && !/^\s/.test(l))).toEqual([]);
  return (compiled = { main: of('main.ts'), typo: of('typo.ts') });
}

test('the package ships the library, its types and the schemas, and no tests', () => {
  const pkg = path.join(app, 'node_modules/open-webui-k8s');
  for (const f of [
    'build/src/index.js',
    'build/src/index.d.ts',
    'build/charts/open-webui-chart.js',
    'schemas/kubernetes',
  ])
    expect({ f, exists: fs.existsSync(path.join(pkg, f)) }).toEqual({ f, exists: true });
  expect(fs.existsSync(path.join(pkg, 'build/test'))).toBe(false);
});

test('npm installs the tarball and keeps the dependencies laid out for it: exactly the ones it asks for', () => {
  expect(installed['node_modules/open-webui-k8s'].resolved).toMatch(/^file:.*open-webui-k8s-.*\.tgz$/);
  expect(Object.keys(installed).sort()).toEqual([...linked, 'node_modules/open-webui-k8s'].sort());
  for (const loc of linked)
    expect({ loc, version: installed[loc].version }).toEqual({ loc, version: expect.any(String) });
});

test("the README's cdk8s app synthesizes valid objects", () => {
  const example = readmeExample();
  expect(example.split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(20);
  expect(compileExamples().main).toBe('');
  const synth = run(process.execPath, ['main.js'], app);
  expect(synth.stderr).toBe('');
  expect(synth.status).toBe(0);
  const files = fs.readdirSync(path.join(app, 'dist'));
  expect(files).toHaveLength(1);
  const objects = loadAll(fs.readFileSync(path.join(app, 'dist', files[0]), 'utf8')) as Record<string, any>[];
  const kinds = objects.map((o) => o.kind);
  for (const k of ['Namespace', 'Deployment', 'Job', 'Service', 'StatefulSet', 'NetworkPolicy', 'HTTPRoute'])
    expect(kinds).toContain(k);
  const deployment = objects.find((o) => o.kind === 'Deployment');
  expect(deployment?.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
  expect(deployment?.spec.template.spec.containers[0].name).toBe('open-webui');
  expect(checkObjects(objects.map((obj) => ({ file: 'dist', obj }))).filter((f) => f.severity === 'error')).toEqual([]);
});

test('invalid values throw one ValuesError with every problem; an unknown key does not compile', () => {
  fs.writeFileSync(
    path.join(app, 'bad.js'),
    `const { App } = require('cdk8s');
const { OpenWebUI, ValuesError } = require('open-webui-k8s');
try {
  new OpenWebUI(new App(), 'x', { values: { replicaCount: -1, database: { type: 'mysql' } } });
} catch (e) {
  console.log(JSON.stringify({ isValuesError: e instanceof ValuesError, problems: e.problems.map((p) => p.id + ' ' + p.path.join('.')) }));
}`,
  );
  const out = run(process.execPath, ['bad.js'], app);
  expect(JSON.parse(out.stdout)).toEqual({
    isValuesError: true,
    problems: ['out-of-range replicaCount', 'invalid-option database.type'],
  });
  expect(compileExamples().typo).toMatch(/'replicaCont' does not exist in type/);
});
