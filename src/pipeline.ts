/**
 * The values pipeline: load every layer, merge with Helm semantics, validate with the schema,
 * build the release model, run the cross-field rules, and locate every problem in the file (and
 * line) it came from.
 */
import * as path from 'path';
import { displayPath } from './paths';
import { Path, Problem, ValuesError } from './errors';
import { buildModel, ReleaseModel } from './model';
import { RULES, runRules } from './rules';
import { loadValuesFile } from './values/load';
import { mergeLayers } from './values/merge';
import { Values } from './values/schema';
import { parseSetFlags } from './values/set';
import { redactCredentials, resolveEnvRefs, scanCredentials } from './values/secret-scan';
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
  const credentials = scanCredentials(layers);
  const envRefs = resolveEnvRefs(layers);
  if (envRefs.problems.length > 0) throw new ValuesError(envRefs.problems);
  const merged = mergeLayers(layers.map((l) => l.data));
  const schema = validateSchema(merged);
  const problems = schema.problems;
  const values: Values | undefined = schema.values;
  const model = values && buildModel(values);
  if (values && model) {
    problems.push(...runRules(values, model), ...developmentDeclaredByOwnFile(values, layers, own));
    if (!values.environment.development) problems.push(...credentials.problems, ...envRefs.uses);
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
  const located = redactCredentials(problems.map(setFlagHint), credentials.secrets);
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

/** A type error from `--set` gets a hint about `--set`'s typing, not about YAML quoting. */
function setFlagHint(p: Problem): Problem {
  if (p.id !== 'invalid-type' || !p.file?.startsWith('--set')) return p;
  if (typeof p.received === 'number' || typeof p.received === 'boolean') {
    return {
      ...p,
      hint: `--set types integers and booleans; use --set-string for this key to keep "${String(p.received)}" a string.`,
    };
  }
  if (typeof p.received === 'string' && p.expected === 'a number') {
    return {
      ...p,
      hint: `--set only types plain integers (no quotes, exponents or leading zeros); "${p.received}" stayed a string. Give an integer, or put the value in a values file.`,
    };
  }
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
