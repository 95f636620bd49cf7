/**
 * `diff`: what applying the current values (or the values at a git ref) would change compared with
 * the committed dist/. Synthesizes into a temporary directory (dist/ is never touched) and prints a
 * semantic per-object diff with warnings for restarts, recreated immutable objects, migrations and
 * deleted data.
 *
 * Exit status: 0 no changes, 1 changes, 2 usage error, 3 bug, 4 invalid values (not 1: for this
 * command 1 means "there are changes", so CI can tell "post the diff" from "the values are broken").
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { parseArgs } from '../args';
import { UsageError, ValuesError } from '../errors';
import { impactsOf, Impact, wayInImpacts } from '../diff/impact';
import { diffObjects, ObjectChange, show } from '../diff/semantic';
import { K8sObject } from '../manifests';
import { credentialsAmong, hideIn, shownStrings } from '../check/credentials';
import { formatProblems } from '../values/report';
import { synth } from './synth';
import { COMMAND_FLAGS } from './flags';
import { selectEnvironments, valuesSelection } from './values-options';

export const DIFF_EXIT = { same: 0, changed: 1, usage: 2, internal: 3, invalidValues: 4 } as const;

export const DIFF_USAGE = `Usage: npm run diff -- [options]

Synthesizes the values (into a temporary directory; dist/ is never touched) and prints what would
change compared with the committed dist/: objects added, removed and changed, each changed field
with its old and new value, and a WARNING line for changes that restart pods, recreate immutable
objects, run a migration, delete data or change the address users reach (Ingress <-> HTTPRoute).

Options:
  --ref <git-ref>       take values/ from this commit, branch or tag (synthesized with the current code)
  --env <name>          only this environment (repeatable)
  --dist <dir>          compare against this directory instead of dist/
  -f, --values <file>   layer another values file on top (repeatable)
  --set a.b=value       override one key (repeatable); --set-string likewise
  --values-dir <dir>    where environments live (default: values)

Exit status: 0 no changes, 1 changes, 2 usage error, 3 bug, 4 invalid values.`;

export interface EnvDiff {
  readonly env: string;
  readonly changes: ObjectChange[];
  readonly impacts: Impact[];
}

/** Every object in `dir/*.yaml` (one object per file, as synth writes them); none when the directory does not exist. */
export function readObjectsDir(dir: string): K8sObject[] {
  return yamlFiles(dir)
    .map((f) => load(fs.readFileSync(path.join(dir, f), 'utf8')) as K8sObject)
    .filter((o) => o && typeof o === 'object');
}

const yamlFiles = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];

/** Whether two directories hold the same YAML files byte for byte (then their objects are the same: nothing to parse). */
function sameYamlFiles(a: string, b: string): boolean {
  const fa = yamlFiles(a);
  const fb = yamlFiles(b);
  return (
    fa.length === fb.length &&
    fa.every((f, i) => f === fb[i] && fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))))
  );
}

const subdirs = (root: string) =>
  fs.existsSync(root)
    ? fs
        .readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
        .map((d) => d.name)
    : [];

/** Diffs `<oldRoot>/<env>/` against `<newRoot>/<env>/` for the given environments (default: every directory in either). */
export function diffTrees(oldRoot: string, newRoot: string, envs?: readonly string[]): EnvDiff[] {
  const names = envs ?? [...new Set([...subdirs(oldRoot), ...subdirs(newRoot)])].sort();
  return names.map((env) => {
    const [oldDir, newDir] = [path.join(oldRoot, env), path.join(newRoot, env)];
    const changes = sameYamlFiles(oldDir, newDir) ? [] : diffObjects(readObjectsDir(oldDir), readObjectsDir(newDir));
    return { env, changes, impacts: [...changes.flatMap(impactsOf), ...wayInImpacts(changes)] };
  });
}

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

/** Plain text, one block per environment; paste-able in a PR comment inside a code block. */
export function renderDiff(diffs: readonly EnvDiff[], from: string, to: string): string {
  const value = credentialSafeShow(diffs);
  const lines = [`open-webui-k8s diff: ${from} -> ${to}`, ''];
  for (const d of diffs) {
    if (d.changes.length === 0) {
      lines.push(`${d.env}: no changes`, '');
      continue;
    }
    const count = (c: ObjectChange['change']) => d.changes.filter((x) => x.change === c).length;
    lines.push(`${d.env}: ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed`);
    for (const c of d.changes) {
      lines.push(`  ${SIGN[c.change]} ${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`);
      for (const f of c.fields) {
        const at = value.path(f.path);
        if (f.change === 'added') lines.push(`      + ${at}: ${value.show(f.new)}`);
        else if (f.change === 'removed') lines.push(`      - ${at}: ${value.show(f.old)}`);
        else lines.push(`      ~ ${at}: ${value.show(f.old)} -> ${value.show(f.new)}`);
      }
    }
    for (const i of d.impacts) lines.push(`  WARNING ${i.message}`);
    lines.push('');
  }
  const changed = diffs.filter((d) => d.changes.length > 0).length;
  lines.push(changed ? `${changed} of ${diffs.length} environment(s) change.` : 'No changes.');
  return lines.join('\n');
}

/**
 * `show` for a diff that is pasted into pull requests: a value holding a string that looks like a
 * credential (our content patterns or secretlint, map keys included) is printed as hidden, and such a
 * key in a field path too; the dist/ side may hold a token committed before the scan refused it.
 */
function credentialSafeShow(diffs: readonly EnvDiff[]): { show: (v: unknown) => string; path: (p: string) => string } {
  const flagged = credentialsAmong(
    diffs.flatMap((d) =>
      d.changes.flatMap((c) =>
        // the values on both sides, and the keys of the field's path
        c.fields.flatMap((f) => [...shownStrings(f.old), ...shownStrings(f.new), ...f.path.split(/[.[\]"]+/)]),
      ),
    ),
  );
  const hides = (v: unknown) => flagged.some((x) => (JSON.stringify(v) ?? '').includes(x));
  return {
    show: (v) => (hides(v) ? '(hidden: looks like a credential)' : show(v)),
    path: (p) => hideIn(p, flagged),
  };
}

/** Extracts `valuesDir` (relative to the repository root `repo`) as it is at `ref` into `into`; returns the extracted directory. */
export function valuesAtRef(ref: string, valuesDir: string, into: string, repo = '.'): string {
  let tar: Buffer;
  try {
    tar = execFileSync('git', ['archive', '--format=tar', ref, '--', valuesDir], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? '').trim();
    throw new UsageError(`Cannot read ${valuesDir}/ at git ref "${ref}": ${stderr || (e as Error).message}`);
  }
  fs.mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-x', '-C', into], { input: tar });
  return path.join(into, valuesDir);
}

export function runDiff(argv: string[], io: { out: (s: string) => void; err: (s: string) => void }): number {
  const args = parseArgs(argv, COMMAND_FLAGS.diff);
  if (args.flags.has('help')) {
    io.out(DIFF_USAGE);
    return DIFF_EXIT.same;
  }
  if (args.positionals.length) throw new UsageError(`Unexpected argument "${args.positionals[0]}".\n\n${DIFF_USAGE}`);
  const ref = args.flags.get('ref')?.[0];
  const distDir = args.flags.get('dist')?.[0] ?? 'dist';
  const { valuesDir: configured, names, extraFiles, sets } = valuesSelection(args);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'open-webui-k8s-diff-'));
  try {
    const valuesDir = ref ? valuesAtRef(ref, configured, path.join(tmp, 'ref')) : configured;
    const envs = selectEnvironments(valuesDir, names);
    const out = path.join(tmp, 'out');
    try {
      synth({ envs, extraFiles, sets, layout: { kind: 'root', dir: out } });
    } catch (e) {
      if (!(e instanceof ValuesError)) throw e;
      io.err(formatProblems(e.problems, { color: process.stderr.isTTY }));
      io.err(`\nNo diff: the values${ref ? ` at ${ref}` : ''} are invalid (exit ${DIFF_EXIT.invalidValues}).`);
      return DIFF_EXIT.invalidValues;
    }
    const diffs = diffTrees(distDir, out, names.length ? names : undefined);
    io.out(renderDiff(diffs, `${distDir}/`, ref ? `${configured}/ at ${ref}` : `${configured}/`));
    return diffs.some((d) => d.changes.length > 0) ? DIFF_EXIT.changed : DIFF_EXIT.same;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
