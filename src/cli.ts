#!/usr/bin/env node
/**
 * open-webui-k8s command line: `synth` (default), `check`. Bad input ends in a clear message and a
 * non-zero exit, never a stack trace: 1 for invalid values, 2 for a usage error, 3 for a bug.
 */
import { runCheck } from './commands/check';
import { runSynth } from './commands/synth';
import { UsageError } from './environments';
import { ValuesError } from './values/problems';
import { formatProblems } from './values/report';
import { runDiff } from './commands/diff';
import { runGenerate } from './commands/generate';
import { runPlan } from './commands/plan';

export const EXIT = { ok: 0, invalidValues: 1, usage: 2, internal: 3 } as const;

type Io = { out: (s: string) => void; err: (s: string) => void };
const COMMANDS: Record<string, (argv: string[], io: Io) => number> = {
  generate: runGenerate,
  plan: runPlan,
  diff: runDiff,
  synth: runSynth,
  check: runCheck,
};

export function main(
  argv: string[],
  io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) },
): number {
  const [first, ...rest] = argv;
  const command = first && !first.startsWith('-') ? first : 'synth';
  const args = first && !first.startsWith('-') ? rest : argv;
  const run = COMMANDS[command];
  try {
    if (!run) throw new UsageError(`Unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    return run(args, io);
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
