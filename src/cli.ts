#!/usr/bin/env node
/**
 * open-webui-k8s command line: `synth` (default), `check`, `plan`, `diff`, `generate`, `import`. Bad input ends in a clear message and a
 * non-zero exit, never a stack trace: 1 for invalid values, 2 for a usage error, 3 for a bug (`diff` exits 1 when
 * something changes and 4 for invalid values; `check` 1 for problems found: their --help).
 */
import { parseArgs } from './args';
import { startSecretlint } from './check/secretlint';
import { COMMAND_FLAGS, CommandName } from './commands/flags';
import { UsageError, ValuesError } from './errors';
import { formatProblems } from './values/report';

export const EXIT = { ok: 0, invalidValues: 1, usage: 2, internal: 3 } as const;

type Io = { out: (s: string) => void; err: (s: string) => void };
type Command = (argv: string[], io: Io) => number;
/* eslint-disable @typescript-eslint/no-require-imports -- a command's modules load when it runs: `check` never loads the values schema or cdk8s */
const COMMANDS: Record<CommandName, () => Command> = {
  generate: () => (require('./commands/generate') as typeof import('./commands/generate')).runGenerate,
  plan: () => (require('./commands/plan') as typeof import('./commands/plan')).runPlan,
  diff: () => (require('./commands/diff') as typeof import('./commands/diff')).runDiff,
  synth: () => (require('./commands/synth') as typeof import('./commands/synth')).runSynth,
  check: () => (require('./commands/check') as typeof import('./commands/check')).runCheck,
  import: () => (require('./commands/import') as typeof import('./commands/import')).runImport,
};
/* eslint-enable @typescript-eslint/no-require-imports */
/**
 * Commands that scan strings with secretlint. Its worker thread starts before the command's modules
 * load, so its ~90 ms of start-up runs on the other core while the schema and cdk8s load here,
 * instead of the first scan waiting for it.
 */
const SCANS = new Set(['synth', 'check', 'plan', 'diff', 'import']);

export function main(
  argv: string[],
  io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) },
): number {
  const [first, ...rest] = argv;
  const command = first && !first.startsWith('-') ? first : 'synth';
  const args = first && !first.startsWith('-') ? rest : argv;
  const known = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? (command as CommandName) : undefined;
  try {
    if (!known) throw new UsageError(`Unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    // A mistyped flag is answered here, before the command's modules load (the command parses the same table again).
    const parsed = parseArgs(args, COMMAND_FLAGS[known]);
    if (SCANS.has(known) && !parsed.flags.has('help')) startSecretlint();
    return COMMANDS[known]()(args, io);
  } catch (e) {
    if (e instanceof ValuesError) {
      io.err(formatProblems(e.problems, { color: process.stderr.isTTY }));
      io.err('\nNothing was written: fix the errors above and run again.');
      return EXIT.invalidValues;
    }
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      return EXIT.usage;
    }
    const err = e as Error;
    io.err(
      `internal error: ${err.message}\nThis is a bug in open-webui-k8s; please report it with the values that caused it.${process.env.DEBUG ? `\n${err.stack}` : ''}`,
    );
    return EXIT.internal;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
