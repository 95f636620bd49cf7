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
  const found: EnvironmentProblems[] = [];
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
      found.push({ env, problems: [] });
    } catch (e) {
      if (e instanceof ValuesError) found.push({ env, problems: e.problems });
      else throw e;
    }
  }
  if (found.some((f) => f.problems.length > 0)) throw new ValuesError(oncePerProblem(found));
  return resolved;
}

/** The problems (or warnings) found in one environment. */
export interface EnvironmentProblems {
  readonly env: EnvironmentFiles;
  readonly problems: readonly Problem[];
}

/**
 * The problems of several environments, each once: a problem in what every environment reads
 * (common.yaml, a -f file, a --set flag) is found in each of them, and is one thing to fix. When
 * more than one environment is resolved, a problem found in such a shared source ends by naming the
 * environments it was found in (its file alone does not say); one in an environment's own file
 * (the last of its files) does not. Every environment resolved is in `found`, with or without problems.
 */
export function oncePerProblem(found: readonly EnvironmentProblems[]): Problem[] {
  const total = found.length;
  const byProblem = new Map<string, { problem: Problem; shared: boolean; envs: string[] }>();
  for (const { env, problems } of found) {
    const own = env.files[env.files.length - 1];
    for (const p of problems) {
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
      if (seen) seen.envs.push(env.name);
      else byProblem.set(key, { problem: p, shared: p.file !== own && p.file !== displayPath(own), envs: [env.name] });
    }
  }
  const where = (envs: readonly string[]) =>
    envs.length === total
      ? `every environment (${envs.join(', ')})`
      : `the environment${envs.length > 1 ? 's' : ''} ${envs.join(', ')}`;
  return [...byProblem.values()].map(({ problem, shared, envs }) =>
    total < 2 || !shared // an environment's own file is no other's: never merged, and named by the file
      ? problem
      : { ...problem, message: `${problem.message} Found in ${where(envs)}.` },
  );
}
