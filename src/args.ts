/** A small, strict command-line parser: unknown flags are errors, repeatable flags collect. */
import { UsageError } from './errors';

export interface FlagSpec {
  /** Takes a value (`--env local`, `--env=local`). */
  readonly value: boolean;
  /** May be given more than once. */
  readonly repeat?: boolean;
  /** Short alias, e.g. `f` for `-f`. */
  readonly short?: string;
}

export interface ParsedArgs {
  readonly flags: Map<string, string[]>;
  /** Position on the command line of each value in `flags` (to interleave different flags in order). */
  readonly order: Map<string, number[]>;
  readonly positionals: string[];
}

export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, FlagSpec>>): ParsedArgs {
  const flags = new Map<string, string[]>();
  const order = new Map<string, number[]>();
  const positionals: string[] = [];
  const byShort = new Map(
    Object.entries(spec)
      .filter(([, s]) => s.short)
      .map(([n, s]) => [s.short as string, n]),
  );
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let name: string | undefined;
    let inline: string | undefined;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    } else if (arg.startsWith('-') && arg.length > 1) {
      name = byShort.get(arg.slice(1));
      if (!name) throw new UsageError(`Unknown option "${arg}".`);
    } else {
      positionals.push(arg);
      continue;
    }
    const s = spec[name];
    if (!s)
      throw new UsageError(
        `Unknown option "--${name}". Options: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(', ')}.`,
      );
    let value = 'true';
    if (s.value) {
      value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`Option --${name} needs a value.`);
      // `--out --help` is a forgotten value, not a directory named "--help"; `--out=--help` still says so.
      if (inline === undefined && (value.startsWith('--') || byShort.has(value.slice(1))) && value.length > 1)
        throw new UsageError(
          `Option --${name} needs a value, but the next argument "${value}" is an option. Give the value (write --${name}=${value} if that really is it).`,
        );
    } else if (inline !== undefined) throw new UsageError(`Option --${name} takes no value.`);
    const list = flags.get(name) ?? [];
    if (list.length > 0 && !s.repeat) throw new UsageError(`Option --${name} may be given once.`);
    list.push(value);
    flags.set(name, list);
    order.set(name, [...(order.get(name) ?? []), i]);
  }
  return { flags, order, positionals };
}
