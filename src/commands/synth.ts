/**
 * `synth`: validate and render every environment (or the chosen ones) into dist/<env>/.
 * Nothing is written unless every environment validated and rendered.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentFiles } from '../environments';
import { UsageError, ValuesError } from '../errors';
import { parseArgs } from '../args';
import { displayPath } from '../paths';
import { ARGOCD_DIR, renderArgoCdFiles } from '../argocd/application';
import { renderedProblems } from '../synth/guard';
import { renderFiles, renderObjects } from '../synth/render';
import { projectRoot } from '../check/catalog';
import {
  assertReplaceable,
  commitStaging,
  discardStaging,
  openStaging,
  ProtectedPath,
  recoverOutput,
  Staging,
} from '../synth/write';
import { ResolvedEnvironment, SetFlag } from '../pipeline';
import { formatProblems } from '../values/report';
import { startSecretlint } from '../check/secretlint';
import { COMMAND_FLAGS } from './flags';
import { EnvironmentProblems, oncePerProblem, resolveAll, selectEnvironments, valuesSelection } from './values-options';

export const SYNTH_USAGE = `Usage: npm run synth -- [options]

Validates the values of every environment (values/<env>.yaml on values/common.yaml) and writes
dist/<env>/. Nothing is written unless every environment is valid.

Options:
  --env <name>          only this environment (repeatable); output dist/<name>/
  -f, --values <file>   layer another values file on top (repeatable)
  --set a.b=value       override one key, Helm syntax (repeatable)
  --set-string a.b=v    override one key, always as a string (repeatable)
  --out <dir>           write here instead: the environment's directory with one --env,
                        otherwise the root that holds one directory per environment
  --values-dir <dir>    where environments live (default: values)
  --quiet               print errors only`;

export interface SynthOptions {
  readonly envs: EnvironmentFiles[];
  /** `-f` files layered on top of every environment. @default [] */
  readonly extraFiles?: string[];
  /** `--set` flags applied last. @default [] */
  readonly sets?: SetFlag[];
  /**
   * Where to write: `root` replaces the whole directory (one sub-directory per environment, so a
   * removed environment disappears); `each` replaces only each named environment's directory.
   */
  readonly layout:
    | { readonly kind: 'root'; readonly dir: string }
    | { readonly kind: 'each'; readonly dirOf: (env: string) => string };
}

export interface SynthResult {
  readonly resolved: ResolvedEnvironment[];
  readonly written: string[];
}

/** What an output directory must never be nor contain: the working directory, the values, the project itself. */
function protectedPaths(opts: SynthOptions): ProtectedPath[] {
  const root = projectRoot();
  const out: ProtectedPath[] = [
    { path: process.cwd(), what: 'the working directory' },
    ...[...opts.envs.flatMap((e) => e.files), ...(opts.extraFiles ?? [])].flatMap((f) => [
      { path: path.resolve(f), what: `the values file ${f}` },
      { path: path.resolve(path.dirname(f)), what: `the values directory ${path.dirname(f)}/` },
    ]),
    { path: root, what: 'the open-webui-k8s project directory' },
    ...['src', 'charts', 'values', 'schemas', 'test', 'docs', 'bench', 'build', 'node_modules', '.git'].map((d) => ({
      path: path.join(root, d),
      what: `the project's own ${d}/`,
    })),
  ];
  return out;
}

/** Resolves and renders every environment, then writes atomically. Throws ValuesError on any invalid environment. */
export function synth(opts: SynthOptions): SynthResult {
  const layout = opts.layout;
  // The targets are checked (and unwritable ones refused) before any values work: a usage error, nothing touched.
  const targets =
    layout.kind === 'root'
      ? [{ env: undefined, dir: layout.dir }]
      : opts.envs.map((e) => ({ env: e.name, dir: layout.dirOf(e.name) }));
  if (targets.some((t) => t.dir === ''))
    throw new UsageError('The output directory is empty (--out ""): give a directory, e.g. --out dist.');
  startSecretlint(); // loads in a worker while the values are validated and rendered
  const protect = protectedPaths(opts);
  for (const t of targets) {
    recoverOutput(t.dir);
    assertReplaceable(t.dir, protect, `The output directory "${t.dir}"`);
  }
  const stagings: Staging[] = [];
  try {
    for (const t of targets) stagings.push(openStaging(t.dir, `The output directory "${t.dir}"`));
    const resolved = resolveAll(opts.envs, opts.extraFiles, opts.sets);
    const problems: EnvironmentProblems[] = [];
    if (resolved.some((r) => r.name === ARGOCD_DIR))
      throw new UsageError(
        `No environment may be named "${ARGOCD_DIR}": dist/${ARGOCD_DIR}/ holds the Argo CD Applications. Rename values/${ARGOCD_DIR}.yaml.`,
      );
    const rendered = resolved.map((env, i) => {
      const objects = renderObjects(env);
      const found = renderedProblems(env, objects); // schema + security policy, as `check` does
      problems.push({ env: opts.envs[i], problems: found });
      // Clashing objects would write to one file: render files only for a release without problems.
      return { env, objects, files: found.length ? new Map<string, string>() : renderFiles(env, objects) };
    });
    if (problems.some((p) => p.problems.length > 0)) throw new ValuesError(oncePerProblem(problems));
    if (layout.kind === 'root') {
      // dist/argocd/ is written with the environments, in the same atomic swap; `--env` never touches it.
      const argocd = renderArgoCdFiles(rendered);
      const tree = new Map(rendered.map((r) => [r.env.name, r.files]));
      if (argocd.size) tree.set(ARGOCD_DIR, argocd);
      commitStaging(stagings[0], tree);
      return {
        resolved,
        written: [
          ...rendered.map((r) => path.join(layout.dir, r.env.name)),
          ...(argocd.size ? [path.join(layout.dir, ARGOCD_DIR)] : []),
        ],
      };
    }
    const written: string[] = [];
    rendered.forEach((r, i) => {
      commitStaging(stagings[i], new Map([['', r.files]]));
      written.push(targets[i].dir);
    });
    return { resolved, written };
  } catch (e) {
    for (const s of stagings) if (fs.existsSync(s.dir)) discardStaging(s);
    throw e;
  }
}

export function runSynth(argv: string[], io: { out: (s: string) => void; err: (s: string) => void }): number {
  const args = parseArgs(argv, COMMAND_FLAGS.synth);
  if (args.flags.has('help')) {
    io.out(SYNTH_USAGE);
    return 0;
  }
  if (args.positionals.length) throw new UsageError(`Unexpected argument "${args.positionals[0]}".\n\n${SYNTH_USAGE}`);
  const { valuesDir, names, extraFiles, sets } = valuesSelection(args);
  const envs = selectEnvironments(valuesDir, names);
  const outFlag = args.flags.get('out')?.[0];
  if (outFlag !== undefined && outFlag.trim() === '')
    throw new UsageError(`--out needs a directory, got an empty string.\n\n${SYNTH_USAGE}`);
  const layout: SynthOptions['layout'] =
    names.length === 0
      ? { kind: 'root', dir: outFlag ?? 'dist' }
      : { kind: 'each', dirOf: (env) => (names.length === 1 && outFlag ? outFlag : path.join(outFlag ?? 'dist', env)) };
  const result = synth({ envs, extraFiles, sets, layout });
  report(envs, result, io, args.flags.has('quiet'));
  mirrorForCdk8s(result, io);
  return 0;
}

function report(
  envs: readonly EnvironmentFiles[],
  result: SynthResult,
  io: { out: (s: string) => void; err: (s: string) => void },
  quiet: boolean,
): void {
  // resolved[i] is envs[i]: resolveAll returns every environment, in order, or throws.
  const warnings = oncePerProblem(result.resolved.map((r, i) => ({ env: envs[i], problems: r.warnings })));
  if (warnings.length && !quiet) io.err(formatProblems(warnings, { color: process.stderr.isTTY }));
  if (!quiet) for (const w of result.written) io.out(`wrote ${displayPath(w)}/`);
}

/** Under `cdk8s synth`, CDK8S_OUTDIR names the directory cdk8s-cli lists and validates: give it the same files. */
function mirrorForCdk8s(result: SynthResult, io: { out: (s: string) => void }): void {
  const outdir = process.env.CDK8S_OUTDIR;
  if (!outdir) return;
  fs.rmSync(outdir, { recursive: true, force: true });
  result.resolved.forEach((env, i) => fs.cpSync(result.written[i], path.join(outdir, env.name), { recursive: true }));
  io.out(`mirrored to ${outdir}/ for cdk8s-cli`);
}
