/**
 * `import --from-helm <values.yaml>`: converts a values file of the official Open WebUI Helm chart
 * (16.x) into a values file of this project, reports what went where, and validates the result as
 * synth would (layered on values/common.yaml, rendered and checked).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from '../args';
import { COMMAND_FLAGS } from './flags';
import { COMMON_FILE } from '../environments';
import { Problem, UsageError, ValuesError } from '../errors';
import { convertHelmValues, ImportLine, ImportResult } from '../import/convert';
import { HELM_CHART_VERSION } from '../import/helm-mapping';
import { toYaml } from '../manifests';
import { displayPath } from '../paths';
import { resolveEnvironment, ResolvedEnvironment } from '../pipeline';
import { renderedProblems } from '../synth/guard';
import { renderObjects } from '../synth/render';
import { loadValuesFile } from '../values/load';
import { formatProblems } from '../values/report';
import { keysAt } from '../values/schema-walk';
import { valuesSchema } from '../values/schema';
import { startSecretlint } from '../check/secretlint';
import { credentialsAmong, hideIn, shownStrings } from '../check/credentials';

export const IMPORT_USAGE = `Usage: npm run import -- --from-helm <values.yaml> [--out <file>]

Converts a values file of the official Open WebUI Helm chart (${HELM_CHART_VERSION.split('.')[0]}.x) into a values file of
this project, prints a report (every key mapped, every key not mapped and why, what to do by hand,
the multi-replica requirements the original did not meet), then validates the result as synth
does, layered on values/common.yaml. Values safe for one replica only (SQLite, no Redis, a
ReadWriteOnce volume) come out as a valid one-replica setup. Exit 1 when the result does not
validate (the file is still written, to fix by hand).

Options:
  --from-helm <file>    the official chart's values file (required)
  --out <file>          write the values here (default: print them on stdout, the report on stderr);
                        an existing file is replaced only when import wrote it
  --values-dir <dir>    where common.yaml lives (default: values)
  --name <env>          environment name used for validation (default: imported)`;

/** How every file import writes starts (an existing file without it is never overwritten). */
const HEADER_START = '# Imported by `npm run import`';

type Io = { out: (s: string) => void; err: (s: string) => void };

export function runImport(argv: string[], io: Io): number {
  const args = parseArgs(argv, COMMAND_FLAGS.import);
  if (args.flags.has('help')) {
    io.out(IMPORT_USAGE);
    return 0;
  }
  if (args.positionals.length) throw new UsageError(`Unexpected argument "${args.positionals[0]}".\n\n${IMPORT_USAGE}`);
  const from = args.flags.get('from-helm')?.[0];
  if (!from) throw new UsageError(`--from-helm <values.yaml> is required.\n\n${IMPORT_USAGE}`);
  const outFile = args.flags.get('out')?.[0];
  if (outFile !== undefined && outFile.trim() === '')
    throw new UsageError('--out needs a file name, got an empty string.');
  const valuesDir = args.flags.get('values-dir')?.[0] ?? 'values';
  const name = args.flags.get('name')?.[0] ?? 'imported';
  const common = path.join(valuesDir, COMMON_FILE);
  if (!fs.existsSync(common))
    throw new UsageError(
      `${common} does not exist: the imported values are validated on top of it (use --values-dir).`,
    );
  if (outFile && path.resolve(outFile) === path.resolve(from))
    throw new UsageError('--out names the input file: write the result to another file.');
  if (outFile && path.resolve(outFile) === path.resolve(common))
    throw new UsageError(`--out names ${common}: write the result to values/<env>.yaml instead.`);

  if (outFile && fs.existsSync(outFile) && !fs.readFileSync(outFile, 'utf8').startsWith(HEADER_START))
    throw new UsageError(
      `${outFile} exists and was not written by import: remove it or write the result to another file.`,
    );
  startSecretlint();
  const input = loadValuesFile(from); // unreadable or invalid YAML: ValuesError, exit 1
  const result = convertHelmValues(input.data);
  const text = renderValuesFile(displayPath(from), result);

  // Validate as an environment: values/common.yaml, then the result.
  const target = outFile ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'owk-import-')), `${name}.yaml`);
  fs.writeFileSync(target, text);
  const report = io[outFile ? 'out' : 'err'];
  if (!outFile) io.out(text.trimEnd());
  report(hideCredentials(renderReport(displayPath(from), result), input.data));
  let env: ResolvedEnvironment;
  const problems: Problem[] = [];
  try {
    env = resolveEnvironment({ name, files: [common, target] });
    problems.push(...renderedProblems(env, renderObjects(env)));
  } catch (e) {
    if (!(e instanceof ValuesError)) throw e;
    problems.push(...e.problems);
  } finally {
    if (!outFile) fs.rmSync(path.dirname(target), { recursive: true, force: true });
  }
  if (problems.length) {
    io.err(formatProblems(problems, { color: process.stderr.isTTY }));
    io.err(
      outFile
        ? `\nWrote ${displayPath(outFile)}, but it does not validate: fix the errors above in it.`
        : '\nThe imported values do not validate: fix the errors above.',
    );
    return 1;
  }
  const resolved = env!;
  const secrets = secretsLines(resolved);
  report(['', 'Secrets the result reads (create them before deploying):', ...secrets.map((s) => `  ${s}`)].join('\n'));
  if (resolved.warnings.length) io.err(formatProblems(resolved.warnings, { color: process.stderr.isTTY }));
  report(
    `\nValid: the result synthesizes and passes check on ${displayPath(common)}${outFile ? `; wrote ${displayPath(outFile)} (copy it to ${valuesDir}/<env>.yaml to make it an environment)` : ''}.`,
  );
  return 0;
}

/**
 * The report with every key and string of the official values that looks like a credential (by our
 * content patterns or secretlint) replaced by "(hidden)": it names keys it does not carry (a token
 * pasted as a key) and echoes some values, and it is printed where logs keep it.
 */
function hideCredentials(report: string, data: unknown): string {
  return hideIn(report, credentialsAmong(shownStrings(data)));
}

/** The Secrets (and keys) the validated release reads, from the release model. */
function secretsLines(env: ResolvedEnvironment): string[] {
  const bySecret = new Map<string, string[]>();
  for (const c of env.model.credentials.all) {
    const keys = bySecret.get(c.ref.name) ?? [];
    if (!keys.includes(c.ref.key)) keys.push(c.ref.key);
    bySecret.set(c.ref.name, keys);
  }
  return [...bySecret].map(([secret, keys]) => `${secret}: ${keys.join(', ')}`);
}

const lineText = (l: ImportLine): string =>
  `${l.from}${l.byDefault ? ' (official default)' : ''}${l.to.length ? ` -> ${l.to.join(', ')}` : ''}${l.why ? `: ${l.why}` : ''}`;

/** The report: mapped, not mapped, nothing to carry, to do, multi-replica requirements. */
export function renderReport(from: string, r: ImportResult): string {
  const out = [`Import of ${from} (official open-webui chart ${HELM_CHART_VERSION.split('.')[0]}.x values)`, ''];
  out.push(`Mapped (${r.mapped.length}):`, ...r.mapped.map((l) => `  ${lineText(l)}`), '');
  out.push(`Not mapped (${r.unmapped.length}):`, ...r.unmapped.map((l) => `  ${lineText(l)}`), '');
  if (r.inert.length)
    out.push(`Set to an empty or off value, nothing to carry (${r.inert.length}): ${r.inert.join(', ')}`, '');
  if (r.todo.length) out.push('To do by hand:', ...r.todo.map((t) => `  - ${t}`), '');
  const unmet = r.scaling.filter((s) => !s.met);
  out.push(
    r.oneReplica
      ? `Multi-replica requirements the original did not meet; the result runs ONE replica${r.requestedReplicas > 1 ? ` (the original asked for ${r.requestedReplicas})` : ''}. To scale out:`
      : 'Multi-replica requirements the original did not meet (this project provides them):',
    ...unmet.map((s) => `  ${s.requirement}. ${s.text}`),
  );
  return out.join('\n');
}

/** The values file: a comment header, then the values in schema order. */
export function renderValuesFile(from: string, r: ImportResult): string {
  const sorted = schemaOrder(r.values, []) as Record<string, unknown>;
  const header = [
    `${HEADER_START} from ${from}`,
    `# (values of the official open-webui Helm chart ${HELM_CHART_VERSION.split('.')[0]}.x). An environment file: layer it on`,
    '# values/common.yaml (save it as values/<env>.yaml).',
    '# The import report lists every key mapped and not mapped; what it left to do by hand:',
    ...(r.todo.length ? r.todo.map((t) => `#   - ${t}`) : ['#   (nothing)']),
    ...(r.oneReplica
      ? [
          '# One replica: the original values are safe for one only. To scale out:',
          ...r.scaling.filter((s) => !s.met && s.requirement <= 5).map((s) => `#   ${s.requirement}. ${s.text}`),
        ]
      : []),
  ];
  return `${wrapComments(header).join('\n')}\n${toYaml(sorted)}`;
}

/** Maps in the order the schema declares their keys (as docs/values.md lists them); other maps as they are. */
function schemaOrder(v: unknown, at: string[]): unknown {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'object' || v === null) return v;
  const order = keysAt(valuesSchema, at);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.fromEntries(
    Object.entries(v)
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([k, x]) => [k, order.includes(k) ? schemaOrder(x, [...at, k]) : x]),
  );
}

/** Comment lines wrapped at 100 columns. */
function wrapComments(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const indent = /^#\s*(?:-\s|\d+\.\s)?/.exec(line)?.[0] ?? '# ';
    const cont = `#${' '.repeat(Math.max(1, indent.length - 1))}`;
    let rest = line;
    while (rest.length > 100) {
      const cut = rest.lastIndexOf(' ', 100);
      if (cut <= indent.length) break;
      out.push(rest.slice(0, cut));
      rest = `${cont}${rest.slice(cut + 1)}`;
    }
    out.push(rest);
  }
  return out;
}
