/**
 * The bad-input corpus: every file in test/bad-values/ (and its sub-directories, e.g. redis/)
 * is layered on an environment (`# env: <name>`, default production) through the command line
 * (in this process: test/cli/e2e.test.ts proves the same messages and exit code through a real process):
 *   npm run synth -- --env <env> -f <file>
 * and must exit 1, print each `# expect: <id> <key.path> <text>` problem naming the file
 * and key path, leave dist/ byte-identical, and show no stack trace. Hostile inputs (10 MB,
 * deep nesting, alias bomb, non-UTF-8) end in a clear error from the guard made for them
 * (size, depth, alias and encoding limits), not after parsing them whole.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliResult, REPO, runCli } from './support';

const CORPUS = 'test/bad-values';

interface Case {
  readonly file: string;
  readonly env: string;
  readonly expects: { id: string; path: string; text: string }[];
}

function corpus(dir: string): Case[] {
  const out: Case[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...corpus(file));
    else if (e.name.endsWith('.yaml')) {
      const header = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('# '));
      const env =
        header
          .find((l) => l.startsWith('# env: '))
          ?.slice('# env: '.length)
          .trim() ?? 'production';
      const expects = header
        .filter((l) => l.startsWith('# expect: '))
        .map((l) => {
          const [id, keyPath, ...text] = l.slice('# expect: '.length).split(' ');
          return { id, path: keyPath, text: text.join(' ') };
        });
      out.push({ file, env, expects });
    }
  }
  return out;
}

function hashDir(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(p).update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

/**
 * Where the corpus runs: a directory laid out like the repository (values/ and test/ linked to it, dist/
 * a copy of it), so a case that is wrongly accepted rewrites the copy, never the committed dist/
 * (and still fails "leaves dist/ byte-identical"). Messages name `test/bad-values/...` as from the repository.
 */
const SANDBOX = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-bad-values-'));
fs.symlinkSync(path.join(REPO, 'values'), path.join(SANDBOX, 'values'));
fs.symlinkSync(path.join(REPO, 'test'), path.join(SANDBOX, 'test'));
fs.cpSync(path.join(REPO, 'dist'), path.join(SANDBOX, 'dist'), { recursive: true });
afterAll(() => fs.rmSync(SANDBOX, { recursive: true, force: true }));
const DIST = path.join(SANDBOX, 'dist');

/** The command line in-process, in SANDBOX, with the variables the corpus relies on unset. */
const synth = (args: string[]): CliResult =>
  runCli(['synth', ...args], {
    cwd: SANDBOX,
    env: { OWUI_BAD_VALUES_UNSET_VARIABLE: undefined, DEBUG: undefined },
  });

const STACK_TRACE = /^\s+at .+[(\s].+:\d+:\d+\)?$/m;

function expectCleanFailure(r: CliResult): void {
  expect(r.status).not.toBe(0);
  expect(r.status).not.toBeNull();
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stdout).not.toContain('wrote ');
}

const cases = corpus(CORPUS);
let distBefore: string;

beforeAll(() => {
  distBefore = hashDir(DIST);
});

describe('bad values corpus', () => {
  it('has at least 40 cases, each with an expectation', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases)
      expect({ file: c.file, expects: c.expects.length > 0 }).toEqual({ file: c.file, expects: true });
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', (_f, c) => {
    const r = synth(['--env', c.env, '-f', c.file]);
    expectCleanFailure(r);
    expect(r.status).toBe(1);
    for (const e of c.expects) {
      // The problem header: `error[<id>] <file>[:line:col]  <key.path>`
      const headers = r.stderr.split('\n').filter((l) => l.startsWith(`error[${e.id}] `));
      const named = headers.filter((l) => {
        const [, where, keyPath] = l.match(/^error\[[^\]]+\] (\S+)\s+(\S+)$/) ?? [];
        return where?.split(':')[0] === c.file && keyPath === e.path;
      });
      expect({ expected: `${e.id} ${c.file} ${e.path}`, found: named.length > 0 ? 'yes' : r.stderr }).toEqual({
        expected: `${e.id} ${c.file} ${e.path}`,
        found: 'yes',
      });
      if (e.text) expect(r.stderr).toContain(e.text);
    }
  });

  it('leaves dist/ byte-identical', () => {
    expect(hashDir(DIST)).toBe(distBefore);
  });
});

describe('hostile inputs end in a clear error (time is measured by npm run bench:hostile, never asserted)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
  const hostile: [string, string | Buffer, RegExp][] = [
    [
      '10mb.yaml',
      `extraEnv:\n${'  - {name: FOO, value: "0123456789012345678901234567890123456789"}\n'.repeat(160000)}`,
      /file-too-large/,
    ],
    ['deep-nesting.yaml', `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, /error\[yaml-syntax\].*\n.*(depth|nesting)/i],
    [
      'deep-block-nesting.yaml',
      Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n',
      /error\[yaml-syntax\]/,
    ],
    ['alias-bomb.yaml', fs.readFileSync(path.join(CORPUS, '64-alias-bomb.yaml')), /yaml-too-large.*\n.*alias bomb/],
    [
      'not-utf8.yaml',
      Buffer.concat([
        Buffer.from('replicaCount: 3\nimage:\n  tag: "'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from('"\n'),
      ]),
      /file-encoding.*\n.*not valid UTF-8/,
    ],
    [
      'one-huge-line.yaml',
      `commonLabels: {${Array.from({ length: 60000 }, (_, i) => `k${i}: v`).join(', ')}}\n`,
      /error\[/,
    ],
    // Issue 10 item 5: each took minutes before (quadratic work); now refused quickly (bench/hostile-inputs.ts measures).
    [
      '1mib-bad-byte-at-end.yaml',
      Buffer.concat([
        Buffer.from(`podAnnotations:\n${Array.from({ length: 100000 }, (_, i) => `  k${i}: v`).join('\n')}\n`).subarray(
          0,
          1024 * 1024 - 8,
        ),
        Buffer.from([0xff, 0x0a]),
      ]),
      /file-encoding.*\n.*not valid UTF-8 \(first bad byte at line \d+, byte offset 1048568\)/,
    ],
    [
      '40k-pod-annotations.yaml',
      `podAnnotations:\n${Array.from({ length: 40000 }, (_, i) => `  a${i}: v${i}`).join('\n')}\n`,
      /error\[invalid-format\].*podAnnotations\n.*the API server refuses more than 262144 \(256 KiB\)/,
    ],
    [
      '4k-common-annotations.yaml',
      `commonAnnotations:\n${Array.from({ length: 4000 }, (_, i) => `  example.com/a${i}: value-${i}`).join('\n')}\n`,
      /error\[invalid-format\].*commonAnnotations\n.*every entry is copied onto every rendered object/,
    ],
    [
      '45k-common-labels.yaml',
      `commonLabels:\n${Array.from({ length: 45000 }, (_, i) => `  l${i}: v`).join('\n')}\n`,
      /error\[invalid-format\].*commonLabels\n.*every entry is copied onto every rendered object/,
    ],
  ];

  it.each(hostile)('%s', (name, content, message) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    const before = hashDir(DIST);
    const r = synth(['--env', 'production', '-f', file]);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(file);
    expect(hashDir(DIST)).toBe(before);
  });
});

describe('large but valid inputs are accepted (rendering is linear: bench/hostile-inputs.ts)', () => {
  it('20,000 podAnnotations under 256 KiB render onto every pod template', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'large-'));
    const file = path.join(dir, 'annotations.yaml');
    fs.writeFileSync(file, `podAnnotations:\n${Array.from({ length: 20000 }, (_, i) => `  a${i}: v`).join('\n')}\n`);
    const out = path.join(dir, 'out');
    const r = runCli(['synth', '--quiet', '--env', 'production', '-f', file, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const deployment = fs.readFileSync(path.join(out, '24-deployment-open-webui.yaml'), 'utf8');
    expect(deployment).toContain('        a19999: v\n');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120000);
});
