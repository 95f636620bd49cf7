/**
 * Every command's options, in one light module: the command line (src/cli.ts) parses a command's
 * flags with its table before it loads the command, so a mistyped flag is answered without loading
 * the values schema, cdk8s or secretlint (in about a third of the time); each command then parses
 * with the same table. The order of a table is the order its usage error lists the options in.
 */
import { FlagSpec } from '../args';

/** `--env`, `-f/--values`, `--set`, `--set-string`, `--values-dir`: the values-reading commands' options (values-options.ts). */
export const VALUES_FLAGS: Readonly<Record<string, FlagSpec>> = {
  env: { value: true, repeat: true },
  values: { value: true, repeat: true, short: 'f' },
  set: { value: true, repeat: true },
  'set-string': { value: true, repeat: true },
  'values-dir': { value: true },
};

const HELP: Readonly<Record<string, FlagSpec>> = { help: { value: false, short: 'h' } };

export type CommandName = 'generate' | 'plan' | 'diff' | 'synth' | 'check' | 'import';

/** Each command's options. */
export const COMMAND_FLAGS: Readonly<Record<CommandName, Readonly<Record<string, FlagSpec>>>> = {
  generate: { root: { value: true }, quiet: { value: false }, ...HELP },
  plan: { ...VALUES_FLAGS, ...HELP },
  diff: { ref: { value: true }, ...VALUES_FLAGS, dist: { value: true }, ...HELP },
  synth: { ...VALUES_FLAGS, out: { value: true }, quiet: { value: false }, ...HELP },
  check: { quiet: { value: false }, ...HELP },
  import: {
    'from-helm': { value: true },
    out: { value: true },
    'values-dir': { value: true },
    name: { value: true },
    ...HELP,
  },
};
