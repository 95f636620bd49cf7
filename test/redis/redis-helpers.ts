/** Helpers for the Redis/PostgreSQL tests: resolve an environment with an extra layer, render it, find objects. */
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { resolveEnvironment, ResolvedEnvironment } from '../../src/values/pipeline';
import { Problem, ValuesError } from '../../src/values/problems';
import { K8sObject, renderObjects } from '../../src/synth/render';

export const VALUES_DIR = path.resolve(__dirname, '../../../values');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'owk-redis-values-'));
let n = 0;

/** Resolves `values/common.yaml` + `values/<env>.yaml` + an optional extra layer (as a YAML file). */
export function resolve(env: string, extra?: unknown): ResolvedEnvironment {
  const files = [path.join(VALUES_DIR, 'common.yaml'), path.join(VALUES_DIR, `${env}.yaml`)];
  if (extra !== undefined) {
    const f = path.join(tmp, `extra-${n++}.yaml`);
    fs.writeFileSync(f, dump(extra));
    files.push(f);
  }
  return resolveEnvironment({ name: env, files });
}

/** The problems (errors and warnings) of an environment that is expected to fail. */
export function problemsOf(env: string, extra?: unknown): Problem[] {
  try {
    const r = resolve(env, extra);
    return r.warnings;
  } catch (e) {
    if (e instanceof ValuesError) return e.problems;
    throw e;
  }
}

export function render(env: string, extra?: unknown): K8sObject[] {
  return renderObjects(resolve(env, extra));
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

export type Any = any;

/** The containers of a workload object. */
export function containers(o: K8sObject): Any[] {
  return (o as Any).spec.template.spec.containers;
}

/** Env of a container as name -> entry, in order. */
export function envOf(c: Any): { name: string; value?: string; valueFrom?: Any }[] {
  return c.env ?? [];
}

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

/** Resolves a container's env list as the kubelet would, reading secretKeyRefs from `secrets` (name/key -> value). */
export function resolveEnv(c: Any, secrets: Record<string, Record<string, string>>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const e of envOf(c)) {
    if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const v = secrets[ref.name]?.[ref.key];
      if (v === undefined) throw new Error(`secret ${ref.name}/${ref.key} not supplied`);
      vars[e.name] = v;
    } else if (e.value !== undefined) vars[e.name] = expandK8s(e.value, vars);
  }
  return vars;
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

/** Stops a test server: SIGTERM, up to 5 s to exit, then SIGKILL. */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
  clearTimeout(timer);
  if (server.exitCode === null) server.kill('SIGKILL');
}
