/**
 * `plan`: a Markdown report of what each environment deploys, for a pull request comment.
 * Validates like synth (invalid values exit 1) and writes nothing.
 */
import * as fs from 'fs';
import { parseArgs } from '../args';
import { discoverEnvironments, findEnvironment, UsageError } from '../environments';
import { renderPlan } from '../plan/plan';
import { resolveEnvironment, ResolvedEnvironment, SetFlag } from '../values/pipeline';
import { Problem, ValuesError } from '../values/problems';

export const PLAN_USAGE = `Usage: npm run plan -- [options]

Prints a Markdown report of what every environment (or the chosen ones) deploys: image, replicas,
resources and fleet totals, storage, ingress, Redis, database and connection budget, upgrades,
the multi-replica checklist and a monthly cost estimate. Writes nothing.

Options:
  --env <name>          only this environment (repeatable)
  -f, --values <file>   layer another values file on top (repeatable)
  --set a.b=value       override one key (repeatable); --set-string likewise
  --values-dir <dir>    where environments live (default: values)`;

export function runPlan(argv: string[], io: { out: (s: string) => void }): number {
  const args = parseArgs(argv, {
    env: { value: true, repeat: true },
    values: { value: true, repeat: true, short: 'f' },
    set: { value: true, repeat: true },
    'set-string': { value: true, repeat: true },
    'values-dir': { value: true },
    help: { value: false, short: 'h' },
  });
  if (args.flags.has('help')) {
    io.out(PLAN_USAGE);
    return 0;
  }
  if (args.positionals.length) throw new UsageError(`Unexpected argument "${args.positionals[0]}".\n\n${PLAN_USAGE}`);
  const valuesDir = args.flags.get('values-dir')?.[0] ?? 'values';
  const names = args.flags.get('env') ?? [];
  const envs = names.length ? names.map((n) => findEnvironment(valuesDir, n)) : discoverEnvironments(valuesDir);
  if (envs.length === 0) throw new UsageError(`No environments in ${valuesDir}/.`);
  const extra = args.flags.get('values') ?? [];
  for (const f of extra) if (!fs.existsSync(f)) throw new UsageError(`Values file "${f}" (given with -f) does not exist.`);
  const sets: SetFlag[] = [...(args.flags.get('set') ?? []).map((expr) => ({ expr })), ...(args.flags.get('set-string') ?? []).map((expr) => ({ expr, asString: true }))];
  const resolved: ResolvedEnvironment[] = [];
  const problems: Problem[] = [];
  for (const env of envs) {
    try {
      resolved.push(resolveEnvironment({ name: env.name, files: [...env.files, ...extra], sets }));
    } catch (e) {
      if (e instanceof ValuesError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length) throw new ValuesError(problems);
  io.out(renderPlan(resolved));
  return 0;
}
