/**
 * The one test-support module: values in (YAML text, values objects, --set flags), problems and
 * rendered objects out; the command line in-process and as a real process; test servers.
 */
import { ChildProcess, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { schemaFindings } from '../src/check';
import { main } from '../src/cli';
import { parseValues } from '../src/values/load';
import { resolveEnvironment, resolveLayers, ResolvedEnvironment } from '../src/pipeline';
import { Problem, ValuesError } from '../src/errors';
import { renderObjects } from '../src/synth/render';
import { renderedProblems } from '../src/synth/guard';
import { toYaml } from '../src/manifests';
import { K8sObject } from '../src/manifests';

/** Rendered manifests are untyped JSON by nature. */
export type Any = any;

/** The repository root (tests run from build/test/). */
export const REPO = path.resolve(__dirname, '..', '..');
/** The shipped environments. */
export const ENVS = ['local', 'aws', 'production'] as const;

// ---------------------------------------------------------------------------------------------
// Values on the minimal base (YAML text layers)

/**
 * A minimal valid multi-replica environment: everything else comes from the schema defaults.
 * Redis is external here (its URL from the app Secret), so these tests see only the app's objects;
 * the in-cluster Redis has its own tests (test/charts/redis.test.ts).
 */
export const BASE = `
secrets:
  existingSecret: open-webui-secrets
redis:
  mode: external
networkPolicy:
  egress:
    database:
      cidrs: [10.0.0.0/8]
    redis:
      cidrs: [10.0.0.0/8]
    kubernetesApi:
      cidrs: [10.0.0.0/8]
`;

/** Resolves YAML layers (bottom to top) on top of BASE; throws ValuesError when invalid. */
export function resolve(...yamls: string[]): ResolvedEnvironment {
  const layers = [
    parseValues(BASE, 'values/base.yaml'),
    ...yamls.map((y, i) => parseValues(y, i === yamls.length - 1 ? 'values/test.yaml' : `values/layer${i}.yaml`)),
  ];
  return resolveLayers('test', layers);
}

/** The problems (errors first, warnings included) of `attempt`; [] when it resolves without any. */
function problemsFrom(attempt: () => ResolvedEnvironment): Problem[] {
  try {
    return attempt().warnings;
  } catch (e) {
    if (e instanceof ValuesError) return e.problems;
    throw e;
  }
}

/** The problems that resolving these layers on BASE reports. */
export const problemsOf = (...yamls: string[]): Problem[] => problemsFrom(() => resolve(...yamls));
export const errorsOf = (...yamls: string[]) => problemsOf(...yamls).filter((p) => p.severity === 'error');
export const ids = (ps: Problem[]) => ps.map((p) => p.id);

export function render(...yamls: string[]): K8sObject[] {
  return renderObjects(resolve(...yamls));
}

/**
 * Every problem `synth` reports for these layers on BASE: the values' errors (then nothing is
 * rendered), or their warnings plus the problems of the rendered objects (src/synth/guard.ts).
 */
export function synthProblemsOf(...yamls: string[]): Problem[] {
  let env: ResolvedEnvironment;
  try {
    env = resolve(...yamls);
  } catch (e) {
    if (e instanceof ValuesError) return e.problems;
    throw e;
  }
  return [...env.warnings, ...renderedProblems(env, renderObjects(env))];
}

// ---------------------------------------------------------------------------------------------
// The shipped environments (values/common.yaml + values/<env>.yaml) with overlays on top

/** A layer on top of a shipped environment: YAML text, a values object, or --set flags (a list); undefined adds nothing. */
export type Overlay = string | string[] | Record<string, unknown> | undefined;

const overlayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-test-values-'));
let overlayCount = 0;

/** Resolves `values/common.yaml` + `values/<env>.yaml` + the overlays in order (--set flags last, as on the command line). */
export function resolveEnv(env: string, ...overlays: Overlay[]): ResolvedEnvironment {
  const files = ['values/common.yaml', `values/${env}.yaml`].map((f) => path.join(REPO, f));
  const sets: string[] = [];
  for (const o of overlays) {
    if (o === undefined) continue;
    if (Array.isArray(o)) sets.push(...o);
    else {
      const f = path.join(overlayDir, `overlay-${overlayCount++}.yaml`);
      fs.writeFileSync(f, typeof o === 'string' ? o : dump(o));
      files.push(f);
    }
  }
  return resolveEnvironment({ name: env, files, sets: sets.map((expr) => ({ expr })) });
}

export const renderEnv = (env: string, ...overlays: Overlay[]): K8sObject[] =>
  renderObjects(resolveEnv(env, ...overlays));
export const problemsOfEnv = (env: string, ...overlays: Overlay[]): Problem[] =>
  problemsFrom(() => resolveEnv(env, ...overlays));

// ---------------------------------------------------------------------------------------------
// Rendered objects

export function find(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found)
    throw new Error(
      `No ${kind}${name ? `/${name}` : ''} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found;
}

export const ofKind = (objs: K8sObject[], kind: string): K8sObject[] => objs.filter((o) => o.kind === kind);

/** The one object of `kind` (an error when there are none or several). */
export function one(objs: K8sObject[], kind: string): Any {
  const found = ofKind(objs, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

export const yaml = (o: unknown): string => toYaml(o);

/** The containers of a workload object. */
export const containers = (o: K8sObject): Any[] => (o as Any).spec.template.spec.containers;

/** A container's env list, in order. */
export const envList = (c: Any): { name: string; value?: string; valueFrom?: Any }[] => c.env ?? [];

/** A container's env as name -> entry. */
export const envMap = (c: Any): Record<string, Any> => Object.fromEntries(envList(c).map((e) => [e.name, e]));

/** Every leaf path where a and b differ ("spec.template.spec.containers.0.image"). */
export function diffPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (a === b) return [];
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return [prefix || '(root)'];
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].flatMap((k) => diffPaths((a as Any)[k], (b as Any)[k], prefix ? `${prefix}.${k}` : k));
}

/** Kubernetes API schema problems of one object, from the project's own strict check (src/check). */
export const schemaProblems = (obj: K8sObject): string[] =>
  schemaFindings('(test)', obj).map((f) => `${f.object} ${f.path}: ${f.message}`);

/**
 * Kubernetes `$(VAR)` expansion of one string, exactly as the kubelet does it: only variables defined
 * EARLIER in the container's env list (plus secret values we supply) are expanded; `$$` escapes;
 * unknown references stay as they are.
 */
export function expandK8s(s: string, vars: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '$') {
      out += '$';
      i++;
    } else if (s[i] === '$' && s[i + 1] === '(') {
      const end = s.indexOf(')', i + 2);
      const name = end < 0 ? undefined : s.slice(i + 2, end);
      if (name !== undefined && Object.prototype.hasOwnProperty.call(vars, name)) {
        out += vars[name];
        i = end;
      } else out += s[i];
    } else out += s[i];
  }
  return out;
}

/**
 * A container's env as the kubelet resolves it, reading secretKeyRefs from `secrets` (name/key -> value)
 * and downward API fieldRefs from `fields` (fieldPath -> value, e.g. `metadata.name`).
 */
export function kubeletEnv(
  c: Any,
  secrets: Record<string, Record<string, string>>,
  fields: Record<string, string> = {},
): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const e of envList(c)) {
    if (e.valueFrom?.fieldRef) {
      const v = fields[e.valueFrom.fieldRef.fieldPath];
      if (v === undefined) throw new Error(`field ${e.valueFrom.fieldRef.fieldPath} not supplied`);
      vars[e.name] = v;
    } else if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const v = secrets[ref.name]?.[ref.key];
      if (v === undefined) throw new Error(`secret ${ref.name}/${ref.key} not supplied`);
      vars[e.name] = v;
    } else if (e.value !== undefined) vars[e.name] = expandK8s(e.value, vars);
  }
  return vars;
}

// ---------------------------------------------------------------------------------------------
// The command line

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Working directory of the run. @default REPO */
  readonly cwd?: string;
  /** Environment variables set (or, with undefined, unset) for the run. */
  readonly env?: Record<string, string | undefined>;
}

/**
 * Runs the command line in this process: `main` of src/cli.ts with its output captured, in `cwd`.
 * What a separate process would add (process start, the fast build, exit codes reaching the shell)
 * is proven once per command by test/cli/e2e.test.ts with runCliProcess.
 */
export function runCli(args: string[], opts: CliOptions = {}): CliResult {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.cwd();
  const saved = Object.entries(opts.env ?? {}).map(([k]) => [k, process.env[k]] as const);
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.chdir(opts.cwd ?? REPO);
  try {
    const status = main(args, { out: (s) => out.push(`${s}\n`), err: (s) => err.push(`${s}\n`) });
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(before);
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The launcher `npm run <command>` runs: builds what changed, then the CLI. */
export const RUN = path.join(REPO, 'scripts', 'run.js');

/** Runs the command line as `npm run` does, in a separate Node process (scripts/run.js). */
export function runCliProcess(args: string[], opts: CliOptions = {}): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const r = spawnSync(process.execPath, [RUN, ...args], {
    cwd: opts.cwd ?? REPO,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A digest of every file (path and bytes) under `dir`, to prove a directory did not change. */
export function treeDigest(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(path.relative(dir, p)).update('\0').update(fs.readFileSync(p)).update('\0');
    }
  };
  walk(dir);
  return h.digest('hex');
}

/** Every file under `dir` as relative path -> content. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Test servers (real redis-server, ...)

/**
 * Is `command` installed (it answers `--version`)? On a developer machine a missing tool skips its
 * real-server tests with a warning. With CI set (.ci/run installs every tool), a missing tool fails
 * the run: a proof never skips silently in CI.
 */
export function haveTool(command: string, debianPackages: string): boolean {
  const ok = spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
  if (!ok && process.env.CI)
    throw new Error(
      `${command} is not installed, and CI is set: install it (Debian: apt-get install ${debianPackages}).`,
    );
  if (!ok)
    console.warn(
      `${command} not installed: skipping its real-server tests (Debian: apt-get install ${debianPackages}).`,
    );
  return ok;
}

/** A free TCP port on the loopback interface, for a test server. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => res(port));
    });
  });
}

/**
 * Resolves once `server` prints a line matching `ready` on stdout or stderr (event-driven: no
 * polling, no sleep); rejects when it exits first, with what it printed.
 */
export function waitForOutput(server: ChildProcess, ready: RegExp): Promise<void> {
  return new Promise((res, rej) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (ready.test(seen)) {
        cleanup();
        res();
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      rej(new Error(`server exited (${code}) before it was ready:\n${seen}`));
    };
    const cleanup = () => {
      server.stdout?.off('data', onData);
      server.stderr?.off('data', onData);
      server.off('exit', onExit);
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.once('exit', onExit);
  });
}

/** Stops a test server: SIGTERM, then SIGKILL if it has not exited when the test run tears down. */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}
