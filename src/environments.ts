/**
 * Environments are files: `values/<env>.yaml`, layered on `values/common.yaml` when it exists.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './errors';
import { displayPath } from './paths';
import { DNS1123_LABEL } from './k8s';

/** Layered under every environment when present. */
export const COMMON_FILE = 'common.yaml';

export interface EnvironmentFiles {
  readonly name: string;
  /** Values files bottom to top. */
  readonly files: string[];
}

/**
 * Lists the environments in `valuesDir` (relative to the working directory), sorted by name. Their
 * files are named as the user sees them (relative to the working directory when below it).
 */
export function discoverEnvironments(given: string): EnvironmentFiles[] {
  const valuesDir = displayPath(given);
  if (!fs.existsSync(valuesDir))
    throw new UsageError(
      `Values directory "${valuesDir}" does not exist (in ${process.cwd()}). Run from the directory that holds values/, or pass --values-dir <dir>.`,
    );
  if (!fs.statSync(valuesDir).isDirectory())
    throw new UsageError(
      `Values directory "${valuesDir}" is not a directory. Pass the directory that holds <env>.yaml files.`,
    );
  const common = path.join(valuesDir, COMMON_FILE);
  const hasCommon = fs.existsSync(common);
  return fs
    .readdirSync(valuesDir)
    .filter((f) => f.endsWith('.yaml') && f !== COMMON_FILE)
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.yaml'.length);
      if (!DNS1123_LABEL.test(name))
        throw new UsageError(
          `Environment file "${path.join(valuesDir, f)}" must be named <env>.yaml with a lower-case name such as "staging.yaml".`,
        );
      return { name, files: [...(hasCommon ? [common] : []), path.join(valuesDir, f)] };
    });
}

/** One named environment; a clear error when it does not exist. */
export function findEnvironment(given: string, name: string): EnvironmentFiles {
  const valuesDir = displayPath(given);
  const all = discoverEnvironments(valuesDir);
  const found = all.find((e) => e.name === name);
  if (!found)
    throw new UsageError(
      `No environment "${name}": expected ${path.join(valuesDir, `${name}.yaml`)}. Known: ${all.map((e) => e.name).join(', ') || 'none'}.`,
    );
  return found;
}
