/**
 * The migrator and the app pods' database waiter: one Python program, `charts/programs/migration.py`
 * (its header documents the design, the exit codes and the settings), rendered into the pods.
 *
 * Rendered inline, as `python -c <the file's contents> migrate|wait`, rather than from a ConfigMap:
 * - the program is part of the Job's spec, so the Job's name hash covers it (a new program is a new
 *   Job, never a mutated one) and the Deployment's pod template carries it (a new program restarts
 *   the pods like any other template change), with no checksum annotation to keep in step;
 * - a shared, mutable ConfigMap would hand a new program to pods of the previous version that
 *   restart during a rollout; an inline program always matches its pod;
 * - no extra object, volume or sync wave, and `kubectl apply` order does not matter for it.
 * The file is read at synth time, so the output is deterministic. Its header docstring (the design,
 * exit codes and settings: documentation for readers of the file, about a quarter of it) is left
 * out of the pods, replaced by a one-line pointer to the file; everything after it is rendered byte
 * for byte, and the tests run exactly what is rendered.
 */
import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-28';
import { CONTAINER } from '../src/model';

/** The program's path in the repository. */
export const MIGRATION_PROGRAM_FILE = path.join('charts', 'programs', 'migration.py');
/** Open WebUI's backend directory in its image: `import open_webui` works from there. */
export const MIGRATION_WORKDIR = '/app/backend';
/** The app pods' init container that waits until the database is migrated for their image. */
export const MIGRATION_WAIT_CONTAINER = CONTAINER.migrationWait;

export type MigrationProgramCommand = 'migrate' | 'wait';

/** What replaces the header docstring in the rendered program. */
export const RENDERED_PROGRAM_HEADER = `# open-webui-k8s: the migrator and the app pods' waiter; documented in ${MIGRATION_PROGRAM_FILE}\n`;

let source: string | undefined;
let rendered: string | undefined;

/** The program file as it is in the repository, read once (from charts/ or build/charts/). */
export function migrationProgramFile(): string {
  if (source !== undefined) return source;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, MIGRATION_PROGRAM_FILE);
    if (fs.existsSync(file)) return (source = fs.readFileSync(file, 'utf8'));
    if (path.dirname(dir) === dir) throw new Error(`${MIGRATION_PROGRAM_FILE} not found above ${__dirname}`);
  }
}

/** The program as the pods get it: the file with its leading docstring replaced by RENDERED_PROGRAM_HEADER. */
export function migrationProgram(): string {
  if (rendered !== undefined) return rendered;
  const file = migrationProgramFile();
  const end = file.startsWith('"""') ? file.indexOf('"""', 3) : -1;
  if (end < 0) throw new Error(`${MIGRATION_PROGRAM_FILE} must start with its documentation, a """docstring"""`);
  return (rendered = RENDERED_PROGRAM_HEADER + file.slice(end + 3).replace(/^\n+/, '\n'));
}

/** `python -c <program> <command>`: `python` is the image's interpreter. */
export function migrationProgramCommand(command: MigrationProgramCommand): string[] {
  return ['python', '-c', migrationProgram(), command];
}

/**
 * The app pods' init container: the Open WebUI container itself (image, mounts, security context,
 * resources, so the pod asks for nothing more) running `wait` with `env` (the model's `wait` env
 * table: the app's env and the program's settings). It needs no Kubernetes API access: it asks
 * the database.
 */
export function migrationWaitContainer(app: k8s.Container, env: k8s.EnvVar[]): k8s.Container {
  return {
    ...app,
    name: MIGRATION_WAIT_CONTAINER,
    command: migrationProgramCommand('wait'),
    workingDir: MIGRATION_WORKDIR,
    env,
  };
}
