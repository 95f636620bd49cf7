/** Prints problems the way a reviewer wants to read them: where, what, what was expected, how to fix. */
import { describeValue, formatPath, Problem } from '../errors';

export interface ReportOptions {
  /** ANSI colours (on for a TTY, off in CI logs and tests). */
  readonly color?: boolean;
}

export function formatProblem(p: Problem, opts: ReportOptions = {}): string {
  const c = (code: string, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const where = p.file ? `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}` : '';
  const head = `${p.severity === 'error' ? c('31;1', 'error') : c('33;1', 'warning')}[${p.id}] ${c('1', where)}${where ? '  ' : ''}${c('36', formatPath(p.path))}`;
  const lines = [head, `  ${p.message}`];
  if (p.received !== undefined) lines.push(`  received: ${describeValue(p.received)}`);
  if (p.expected) lines.push(`  expected: ${p.expected}`);
  if (p.hint) lines.push(...p.hint.split('\n').map((l, i) => (i === 0 ? `  fix: ${l}` : `       ${l}`)));
  if (p.docs) lines.push(`  see: ${p.docs}`);
  return lines.join('\n');
}

/** Problems found before the cross-field rules can run (the values do not parse or fit the schema yet). */
const SCHEMA_STAGE = new Set([
  'unknown-key',
  'missing-key',
  'invalid-type',
  'invalid-option',
  'out-of-range',
  'invalid-format',
  'invalid-value',
]);

export function formatProblems(problems: readonly Problem[], opts: ReportOptions = {}): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const body = problems.map((p) => formatProblem(p, opts)).join('\n\n');
  const summary = [
    errors ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const more = problems.some((p) => SCHEMA_STAGE.has(p.id) || p.id.startsWith('yaml-') || p.id.startsWith('file-'))
    ? '\nThe cross-field checks (multi-replica rules, connection budget, ...) run once these are fixed, so more may follow.'
    : '';
  return summary ? `${body}\n\n${summary}${more}` : body;
}
