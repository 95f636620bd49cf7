/**
 * The options every values-reading command shares (synth, plan, diff): which environments,
 * extra `-f` files and `--set` flags, and resolving them all with every problem reported at once.
 */
import * as fs from 'fs';
import { ParsedArgs } from '../args';
import { discoverEnvironments, EnvironmentFiles, findEnvironment } from '../environments';
import { UsageError, Problem, ValuesError } from '../errors';
import { displayPath } from '../paths';
import { resolveEnvironment, ResolvedEnvironment, SetFlag } from '../pipeline';
import { parseSetFlags } from '../values/set';

export interface ValuesSelection {
  /** Where environments live. */
  readonly valuesDir: string;
  /** Environments named with `--env` (empty: all). */
  readonly names: string[];
  /** `-f` files layered on top of every environment. */
  readonly extraFiles: string[];
  /** `--set` and `--set-string` flags, applied last. */
  readonly sets: SetFlag[];
}

/** Reads the shared flags; `-f` files must exist. */
export function valuesSelection(args: ParsedArgs): ValuesSelection {
  const extraFiles = (args.flags.get('values') ?? []).map(displayPath);
  for (const f of extraFiles)
    if (!fs.existsSync(f))
      throw new UsageError(
        `Values file "${f}" (given with -f) does not exist (paths are relative to ${process.cwd()}).`,
      );
  // In command-line order, as Helm applies them.
  const given = (['set', 'set-string'] as const).flatMap((flag) =>
    (args.flags.get(flag) ?? []).map((expr, i) => ({
      at: args.order.get(flag)?.[i] ?? 0,
      flag: { expr, asString: flag === 'set-string' },
    })),
  );
  const sets: SetFlag[] = given.sort((a, b) => a.at - b.at).map((g) => g.flag);
  try {
    parseSetFlags(sets); // a syntax error is a usage error, reported once (not once per environment)
  } catch (e) {
    if (e instanceof ValuesError)
      throw new UsageError(e.problems.map((p) => `${p.message} ${p.hint ?? ''}`.trim()).join('\n'));
    throw e;
  }
  return {
    valuesDir: args.flags.get('values-dir')?.[0] ?? 'values',
    names: args.flags.get('env') ?? [],
    extraFiles,
    sets,
  };
}

/** The named environments in `valuesDir`, or all of them; at least one. */
export function selectEnvironments(valuesDir: string, names: readonly string[]): EnvironmentFiles[] {
  const envs = names.length ? names.map((n) => findEnvironment(valuesDir, n)) : discoverEnvironments(valuesDir);
  if (envs.length === 0)
    throw new UsageError(`No environments in ${valuesDir}/ (expected files such as ${valuesDir}/production.yaml).`);
  return envs;
}

/** Resolves every environment; throws one ValuesError with the problems of all of them. */
export function resolveAll(
  envs: readonly EnvironmentFiles[],
  extraFiles: readonly string[] = [],
  sets: readonly SetFlag[] = [],
): ResolvedEnvironment[] {
  const resolved: ResolvedEnvironment[] = [];
  const problems: { env: string; problem: Problem; shared: boolean }[] = [];
  for (const env of envs) {
    try {
      resolved.push(
        resolveEnvironment({
          name: env.name,
          files: [...env.files, ...extraFiles],
          sets,
          environmentFile: env.files[env.files.length - 1],
        }),
      );
    } catch (e) {
      if (e instanceof ValuesError) {
        const own = env.files[env.files.length - 1];
        const shared = (p: Problem) => p.file !== own && p.file !== displayPath(own);
        problems.push(...e.problems.map((problem) => ({ env: env.name, problem, shared: shared(problem) })));
      } else throw e;
    }
  }
  if (problems.length > 0) throw new ValuesError(oncePerProblem(problems, envs.length));
  return resolved;
}

/**
 * The problems of several environments, each once: a problem in what every environment reads
 * (common.yaml, a -f file, a --set flag) is found in each of them, and is one thing to fix. When
 * more than one environment is resolved, a problem found in such a shared source ends by naming the
 * environments it was found in (its file alone does not say); one in an environment's own file does not.
 */
function oncePerProblem(
  found: readonly { env: string; problem: Problem; shared: boolean }[],
  total: number,
): Problem[] {
  const byProblem = new Map<string, { problem: Problem; shared: boolean; envs: string[] }>();
  for (const { env, problem: p, shared } of found) {
    const key = JSON.stringify([
      p.severity,
      p.id,
      p.file,
      p.line,
      p.column,
      p.path,
      p.message,
      p.hint,
      p.expected,
      p.received,
    ]);
    const seen = byProblem.get(key);
    if (seen) seen.envs.push(env);
    else byProblem.set(key, { problem: p, shared, envs: [env] });
  }
  const where = (envs: readonly string[]) =>
    envs.length === total && total > 1
      ? `every environment (${envs.join(', ')})`
      : `the environment${envs.length > 1 ? 's' : ''} ${envs.join(', ')}`;
  return [...byProblem.values()].map(({ problem, shared, envs }) =>
    total < 2 || (!shared && envs.length < 2)
      ? problem
      : { ...problem, message: `${problem.message} Found in ${where(envs)}.` },
  );
}
