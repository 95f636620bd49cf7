/**
 * The values pipeline: load every layer, merge with Helm semantics, validate with the schema,
 * build the release model, run the cross-field rules, and locate every problem in the file (and
 * line) it came from.
 */
import * as path from 'path';
import { displayPath } from './paths';
import { formatPath, Path, Problem, ValuesError } from './errors';
import { buildModel, ReleaseModel } from './model';
import { RULES, runRules } from './rules';
import { loadValuesFile } from './values/load';
import { mergeLayers } from './values/merge';
import { Values, valuesSchema } from './values/schema';
import { schemaAt } from './values/schema-walk';
import { parseSetFlags, typedLikeSet } from './values/set';
import { redactCredentials, resolveEnvRefs, scanCredentialsLater } from './values/secret-scan';
import { locate, Located, ValuesLayer } from './values/source';
import { validateSchema } from './values/validate';

/** One `--set` or `--set-string` flag. */
export interface SetFlag {
  readonly expr: string;
  readonly asString?: boolean;
}

export interface EnvironmentInput {
  /** Environment name: the output directory `dist/<name>/`. */
  readonly name: string;
  /** Values files, bottom to top (e.g. `values/common.yaml`, `values/aws.yaml`, then any `-f`). */
  readonly files: readonly string[];
  /** `--set` flags, applied after the files, in order. */
  readonly sets?: readonly SetFlag[];
  /**
   * The environment's own file (`values/<name>.yaml`), the only layer that may declare
   * `environment.development: true`. @default the first of `files` named `<name>.yaml`
   */
  readonly environmentFile?: string;
}

export interface ResolvedEnvironment {
  readonly name: string;
  readonly values: Values;
  /** Every fact derived from the values (src/model/). */
  readonly model: ReleaseModel;
  /** The layer (file and line, or `--set` flag) that set a key; the top file when none did. */
  readonly locate: (path: Path) => Located;
  /** Warnings (not acknowledged), located. */
  readonly warnings: Problem[];
  /** The files that made it, for headers and messages. */
  readonly files: readonly string[];
}

const WARNING_IDS = new Set(RULES.filter((r) => r.severity === 'warning').map((r) => r.id));

/** Resolves one environment. Throws ValuesError carrying every error (and warning) found. */
export function resolveEnvironment(input: EnvironmentInput): ResolvedEnvironment {
  const layers: ValuesLayer[] = [];
  const loadProblems: Problem[] = [];
  for (const file of input.files) {
    try {
      layers.push(loadValuesFile(file));
    } catch (e) {
      if (e instanceof ValuesError) loadProblems.push(...e.problems);
      else throw e;
    }
  }
  if (input.sets?.length) {
    try {
      layers.push(parseSetFlags(input.sets));
    } catch (e) {
      if (e instanceof ValuesError) loadProblems.push(...e.problems);
      else throw e;
    }
  }
  if (loadProblems.length > 0) throw new ValuesError(loadProblems);
  const own = input.environmentFile ?? input.files.find((f) => path.basename(f) === `${input.name}.yaml`);
  return resolveLayers(input.name, layers, input.files, own === undefined ? undefined : input.files.indexOf(own));
}

/**
 * Validates already-loaded layers (bottom to top). `files` name the environment in headers and
 * messages; `own` is the index of the environment's own file among the layers, when there is one
 * (the only layer that may declare `environment.development: true`).
 */
export function resolveLayers(
  name: string,
  layers: ValuesLayer[],
  files: readonly string[] = layers.map((l) => l.label),
  own?: number,
): ResolvedEnvironment {
  // Secrets fit for Git: scan the files as written, then resolve ${env:NAME} (secret-scan.ts).
  // secretlint's part runs on the other core while the values are validated; collected after the rules.
  const credentialScan = scanCredentialsLater(layers);
  const envRefs = resolveEnvRefs(layers);
  if (envRefs.problems.length > 0) throw new ValuesError(envRefs.problems);
  const merged = mergeLayers(layers.map((l) => l.data));
  const schema = validateSchema(merged);
  const problems = schema.problems;
  const values: Values | undefined = schema.values;
  const model = values && buildModel(values);
  if (values && model) {
    problems.push(...runRules(values, model), ...developmentDeclaredByOwnFile(values, layers, own));
    if (!values.environment.development) problems.push(...credentialScan().problems, ...envRefs.uses);
    values.acknowledgeWarnings.forEach((id, i) => {
      if (!WARNING_IDS.has(id)) {
        problems.push({
          severity: 'error',
          id: 'unknown-warning-id',
          path: ['acknowledgeWarnings', i],
          message: `"${id}" is not the id of a warning, so acknowledging it does nothing.`,
          received: id,
          expected: `one of ${[...WARNING_IDS].join(', ')}`,
          hint: 'Copy the id from the warning as printed (in brackets).',
        });
      }
    });
  }
  const topFile = files[files.length - 1] ?? '(values)';
  const locateKey = (key: Path): Located => locate(layers, key) ?? { file: topFile };
  for (const p of problems) {
    if (p.file !== undefined) continue; // located where it was found (secret-scan.ts)
    Object.assign(p, locateKey(p.path));
  }
  // No message prints a refused credential (an echoed value, the --set flag that carried it).
  const located = redactCredentials(problems.map(setFlagHint), credentialScan().secrets);
  if (located.some((p) => p.severity === 'error')) throw new ValuesError(sortProblems(located));
  return {
    name,
    values: values as Values,
    model: model as ReleaseModel,
    locate: locateKey,
    warnings: sortProblems(located),
    files: files.map(displayPath),
  };
}

const DEVELOPMENT: Path = ['environment', 'development'];

/**
 * `environment.development: true` turns off the secret rules (inline secrets, plaintext values,
 * `${env:NAME}`), so only the environment's own file may declare it: a layer above it (`-f`,
 * `--set`) or below it (`common.yaml`, shared by every environment) may not switch it on.
 */
function developmentDeclaredByOwnFile(v: Values, layers: readonly ValuesLayer[], own: number | undefined): Problem[] {
  if (own === undefined || own < 0 || !v.environment.development) return [];
  const ownLayer = layers[own];
  const env = ownLayer.data.environment as Record<string, unknown> | null | undefined;
  if (env && typeof env === 'object' && env.development === true) return [];
  return [
    {
      severity: 'error',
      id: 'development-from-overlay',
      path: DEVELOPMENT,
      message: `environment.development is switched on here, not in the environment's own file ${displayPath(ownLayer.label)}: a development environment may carry inline secrets and plaintext credentials (the secret rules are off), so no other layer may make an environment one.`,
      received: true,
      hint: `Remove it here. If this really is a development environment (never a shared or production one), declare environment.development: true in ${displayPath(ownLayer.label)}.`,
      docs: 'docs/security.md#secrets',
    },
  ];
}

/**
 * A problem with a value from `--set`/`--set-string` says what the flag did to it: `--set-string`
 * kept `1` a string where the key takes a number, or `--set` left `8080.5` a string (as Helm, it
 * types only integers and booleans), and what the key really takes.
 */
function setFlagHint(p: Problem): Problem {
  const flag = p.file?.startsWith('--set-string') ? '--set-string' : p.file?.startsWith('--set') ? '--set' : undefined;
  if (!flag || p.path.length === 0 || (p.id !== 'invalid-type' && p.id !== 'invalid-format')) return p;
  const key = formatPath(p.path);
  const schema = schemaAt(valuesSchema, p.path);
  const accepts = (value: unknown) => schema?.['~standard'].validate(value) as { issues?: unknown[] } | undefined;
  const ok = (value: unknown) => {
    const r = accepts(value);
    return r !== undefined && !(r instanceof Promise) && !r.issues;
  };
  const received = p.received;
  if (flag === '--set-string' && typeof received === 'string') {
    const asSet = typedLikeSet(received);
    if (asSet !== received && ok(asSet))
      return {
        ...p,
        message: `--set-string kept ${received} a string ("${received}"), and ${key} takes ${typeof asSet === 'boolean' ? 'true or false' : 'a number'} here.`,
        expected: typeof asSet === 'boolean' ? 'true or false' : 'a number',
        hint: `Use --set ${key}=${received} (--set types integers and booleans, as Helm does).`,
      };
    return p;
  }
  if (flag === '--set' && typeof received === 'string' && received.trim() !== '' && Number.isFinite(Number(received))) {
    const n = Number(received);
    if (ok(n))
      return {
        ...p,
        message: `--set gave ${key} the string "${received}": as in Helm, --set types only integers and booleans, so a decimal number stays a string.`,
        hint: `Write ${key}: ${received} in a values file (-f), where YAML reads it as a number.`,
      };
    if (!Number.isInteger(n) && ok(Math.trunc(n)))
      return {
        ...p,
        message: `${received} is not a whole number, and ${key} takes a whole number.`,
        expected: 'a whole number',
        hint: `Give an integer, e.g. --set ${key}=${Math.round(n)}.`,
      };
    return {
      ...p,
      hint: `--set types only integers and booleans (as Helm does), so "${received}" stayed a string; ${key} does not take it as a number either: see the reference.`,
    };
  }
  if (flag === '--set' && (typeof received === 'number' || typeof received === 'boolean') && ok(String(received)))
    return {
      ...p,
      message: `--set typed ${String(received)} as a ${typeof received}, and ${key} takes a string here.`,
      hint: `Use --set-string ${key}=${String(received)} to keep it a string.`,
    };
  return p;
}

/** Errors first, then by file and line, so output reads top to bottom. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? Infinity) - (b.line ?? Infinity) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
