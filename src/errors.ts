/**
 * The one errors module: a problem in the values (what is wrong, where, what was expected and how
 * to fix it), the error that carries every problem of a run, and the usage error of the command
 * line. The CLI maps them to exit codes (src/cli.ts); the library throws them (src/index.ts).
 */

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface Problem {
  readonly severity: 'error' | 'warning';
  /** Stable id (e.g. `unknown-key`, `multi-replica-postgresql`), used in tests and `acknowledgeWarnings`. */
  readonly id: string;
  /** Key path inside the values, e.g. `['autoscaling', 'maxReplicas']`. Empty for a whole file. */
  readonly path: Path;
  /** What is wrong, as one sentence. */
  readonly message: string;
  /** The value found, when there is one. */
  readonly received?: unknown;
  /** What a valid value looks like. */
  readonly expected?: string;
  /** How to fix it. */
  readonly hint?: string;
  /** Where the fact behind the rule is written down. */
  readonly docs?: string;
  /** File (or `--set ...`) the value came from, and its 1-based line/column. */
  file?: string;
  line?: number;
  column?: number;
}

/** Thrown by the values pipeline when a values input cannot be used. Carries every problem found. */
export class ValuesError extends Error {
  constructor(public readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'ValuesError';
  }
}

/** A command line that cannot be run as given (unknown flag, missing environment): exit 2. */
export class UsageError extends Error {}

/** `autoscaling.maxReplicas`, `extraEnv[0].name`, or `(root)`. */
export function formatPath(path: Path): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A short, single-line rendering of a received value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    // A short list of scalars is shown as written ([ReadWriteOnce]); anything else by its size.
    const shown =
      value.length <= 3 && value.every((x) => x === null || typeof x !== 'object') ? JSON.stringify(value) : undefined;
    return shown !== undefined && shown.length <= 80
      ? shown
      : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value as object);
    return keys.length === 0
      ? 'an empty map'
      : `a map with keys ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''}`;
  }
  return String(value);
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  return typeof value;
}
