/**
 * `plan`: a Markdown report of what each environment deploys, for a pull request comment.
 * Validates like synth (invalid values exit 1) and writes nothing.
 */
import { parseArgs } from '../args';
import { UsageError } from '../errors';
import { renderPlan } from '../plan/plan';
import { COMMAND_FLAGS } from './flags';
import { resolveAll, selectEnvironments, valuesSelection } from './values-options';

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
  const args = parseArgs(argv, COMMAND_FLAGS.plan);
  if (args.flags.has('help')) {
    io.out(PLAN_USAGE);
    return 0;
  }
  if (args.positionals.length) throw new UsageError(`Unexpected argument "${args.positionals[0]}".\n\n${PLAN_USAGE}`);
  const { valuesDir, names, extraFiles, sets } = valuesSelection(args);
  const resolved = resolveAll(selectEnvironments(valuesDir, names), extraFiles, sets);
  io.out(renderPlan(resolved));
  return 0;
}
