/**
 * `synth` (and the library's `OpenWebUI`) runs the `check` engine on what it rendered before
 * writing anything, so output the API server would refuse, or that weakens the security policy,
 * never reaches dist/. Each finding is mapped back to the values key that set the rendered field
 * (the model's sources table, src/model/sources.ts) and reported once per key, in the file and
 * line (or `--set` flag) that set it, however many rendered objects (and rules) find it.
 */
import { checkObjects, Finding } from '../check';
import { podOf } from '../check/policy';
import { formatPath, Path, Problem } from '../errors';
import { joinKey } from '../k8s';
import { fileNameOf, K8sObject } from '../manifests';
import { identityOf, keyOf, parsePath, rawPaths, ReleaseModel } from '../model';
import { Located } from '../values/source';

export const PASSTHROUGH_HINT =
  'Rendered objects come from typed values plus passthrough keys (extraEnvFrom, extraVolumes, extraVolumeMounts, podSecurityContext, securityContext, affinity, tolerations, networkPolicy.egress.extra): fix the value there, as a Kubernetes object of that type.';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

/**
 * A rendered path as the sources table writes it: the pod spec of any workload is `pod`, its
 * template metadata `podMeta`, containers and env vars by name.
 */
export function normalizedPath(obj: Obj, path: string): string[] {
  const tokens = parsePath(path);
  const pod = podOf(obj);
  if (!pod) return tokens;
  const base = parsePath(pod.base);
  const meta = [...base.slice(0, -1), 'metadata'];
  const starts = (prefix: string[]) => prefix.every((t, i) => tokens[i] === t);
  if (!starts(base)) return starts(meta) ? ['podMeta', ...tokens.slice(meta.length)] : tokens;
  const out = ['pod', ...tokens.slice(base.length)];
  const at = (i: number) => Number(out[i]?.slice(1));
  if ((out[1] === 'containers' || out[1] === 'initContainers') && out[2]?.startsWith('#')) {
    const c = pod.spec[out[1]]?.[at(2)];
    if (typeof c?.name === 'string') out[2] = `@${c.name}`;
    if (out[3] === 'env' && out[4]?.startsWith('#')) {
      const e = c?.env?.[at(4)];
      if (typeof e?.name === 'string') out[4] = `@${e.name}`;
    }
  }
  return out;
}

/** The length of the list at these raw path tokens of an object (not a normalized pod path), or undefined. */
function lengthAt(obj: Obj, tokens: readonly string[]): number | undefined {
  if (tokens[0] === 'pod' || tokens[0] === 'podMeta') return undefined;
  let at: unknown = obj;
  for (const t of tokens) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Obj)[/^#\d+$/.test(t) ? Number(t.slice(1)) : t.replace(/^@/, '')];
  }
  return Array.isArray(at) ? at.length : undefined;
}

/** The path (as check writes paths) and size of the longest string in an object. */
function largestValue(obj: unknown): { path: string; bytes: number } | undefined {
  let best: { path: string; bytes: number } | undefined;
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') {
      const bytes = Buffer.byteLength(v);
      if (!best || bytes > best.bytes) best = { path, bytes };
    } else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (v !== null && typeof v === 'object')
      for (const [k, item] of Object.entries(v)) walk(item, joinKey(path, k));
  };
  walk(obj, '');
  return best;
}

/** The quantities check's container-resources policy requires (src/check/policy.ts). */
const RESOURCE_QUANTITIES = ['requests.cpu', 'requests.memory', 'limits.memory'];

/** `[..., 'resources']` of a key naming one of those quantities, else undefined. */
function resourcesBase(key: Path): Path | undefined {
  const q = key.slice(-2).join('.');
  return key.length >= 3 && key[key.length - 3] === 'resources' && RESOURCE_QUANTITIES.includes(q)
    ? key.slice(0, -2)
    : undefined;
}

/** What the guard needs of a resolved environment. */
export interface GuardedRelease {
  readonly name: string;
  readonly files: readonly string[];
  readonly model: ReleaseModel;
  readonly locate: (path: Path) => Located;
}

const objectName = (o: Obj) => `${o.kind}/${o.metadata?.name}`;

/**
 * Extra objects that clash with another rendered object: one the chart renders (or an earlier
 * extra object) with the same group, kind, namespace and name would be one object to the API
 * server, silently replacing the chart's; one with the same kind and name would be written to the
 * same file of dist/<env>/ (`NN-kind-name.yaml`).
 */
export function extraObjectClashes(env: GuardedRelease, objects: readonly K8sObject[]): Problem[] {
  const extra = env.model.extraObjects;
  if (!extra.length) return [];
  const count = (list: readonly string[]) =>
    list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const rendered = { id: count(objects.map(identityOf)), file: count(objects.map(fileNameOf)) };
  const fromValues = {
    id: count(extra.map((e) => e.identity)),
    file: count(extra.map((e) => fileNameOf(e.object as K8sObject))),
  };
  const chartOwns = (what: 'id' | 'file', k: string) =>
    (rendered[what].get(k) ?? 0) - (fromValues[what].get(k) ?? 0) > 0;
  const out: Problem[] = [];
  extra.forEach((e, i) => {
    const file = fileNameOf(e.object as K8sObject);
    const earlier = extra.slice(0, i);
    const what = `${e.object.kind} ${e.object.metadata.name}${e.object.metadata.namespace ? ` (namespace ${e.object.metadata.namespace})` : ''}`;
    let message: string | undefined;
    if (chartOwns('id', e.identity))
      message = `extraObjects[${i}] is ${what}, which the chart renders itself: the API server would keep one of the two, so it would silently replace the chart's.`;
    else if (earlier.some((x) => x.identity === e.identity))
      message = `extraObjects[${i}] is ${what} a second time (extraObjects[${earlier.findIndex((x) => x.identity === e.identity)}] is the first).`;
    else if (chartOwns('file', file) || earlier.some((x) => fileNameOf(x.object as K8sObject) === file))
      message = `extraObjects[${i}] (${what}) has the kind and name of another object of the release, so both would be written to dist/${env.name}/${file}.`;
    if (!message) return;
    const key: Path = [...e.key, 'metadata', 'name'];
    out.push({
      severity: 'error',
      id: 'extra-objects-unique',
      path: key,
      message,
      hint: 'Give it another name (e.g. with {{ fullname }} and a suffix), or remove it when the chart already renders what you need.',
      docs: 'docs/security.md#extra-objects',
      ...env.locate(key),
    });
  });
  return out;
}

/** Problems for the rendered objects of one release: one per (rule, values key), located at the layer that set it. */
export function renderedProblems(env: GuardedRelease, objects: readonly K8sObject[]): Problem[] {
  const clashes = extraObjectClashes(env, objects);
  // A clash makes names ambiguous: report it alone, before reading findings by object name.
  if (clashes.length) return clashes;
  const byName = new Map(objects.map((o) => [objectName(o), o as Obj]));
  const keyFor = (obj: Obj | undefined, path: string): Path | undefined => {
    if (!obj) return undefined;
    const which = {
      kind: obj.kind,
      component: obj.metadata?.labels?.['app.kubernetes.io/component'],
      name: obj.metadata?.name,
    };
    return keyOf(
      env.model.sources,
      which,
      rawPaths(env.model.sources, which) ? parsePath(path) : normalizedPath(obj, path),
      (list) => lengthAt(obj, list),
    );
  };
  type Group = { f: Finding; key?: Path; related: Path[]; objects: string[]; also: string[] };
  const groups = new Map<string, Group>();
  const missing = new Map<string, { base: Path; quantities: string[]; objects: string[] }>();
  for (const f of checkObjects(objects.map((obj) => ({ file: `dist/${env.name}`, obj })))) {
    if (f.severity !== 'error') continue;
    // A development environment may render plaintext on purpose (${env:NAME}, inline secrets).
    if (f.rule === 'no-plaintext-credential' && env.model.values.environment.development) continue;
    const obj = byName.get(f.object);
    // An object too large as a whole: the key of its largest value is the one to shorten.
    const largest = f.rule === 'api-object-size' && obj ? largestValue(obj) : undefined;
    const key = keyFor(obj, largest?.path ?? f.path);
    const base = f.rule === 'container-resources' && key ? resourcesBase(key) : undefined;
    if (base) {
      // One problem per resources key, however many of its quantities are missing (`resources: null`).
      const id = formatPath(base);
      const m = missing.get(id) ?? { base, quantities: [], objects: [] };
      const q = key!.slice(base.length).join('.');
      if (!m.quantities.includes(q)) m.quantities.push(q);
      if (!m.objects.includes(f.object)) m.objects.push(f.object);
      missing.set(id, m);
      continue;
    }
    const id = key ? formatPath(key) : `${f.rule}\0${f.object}\0${f.path}`;
    const g: Group = groups.get(id) ?? {
      f:
        largest && key
          ? {
              ...f,
              message: `${f.message}; its largest value (${largest.bytes} bytes, at ${largest.path}) comes from ${formatPath(key)}`,
            }
          : f,
      key,
      related: (f.related ?? []).flatMap((p) => {
        const k = keyFor(obj, p);
        return k ? [k] : [];
      }),
      objects: [],
      also: [],
    };
    if (!g.objects.includes(f.object)) g.objects.push(f.object);
    const other = `${f.message} [${f.rule}]`;
    if (f.rule !== g.f.rule && !g.also.includes(other)) g.also.push(other);
    groups.set(id, g);
  }
  const topFile = env.files[env.files.length - 1];
  const whereOf = (objs: readonly string[]) =>
    objs.length > 3 ? `${objs.slice(0, 2).join(', ')} and ${objs.length - 2} more objects` : objs.join(' and ');
  const missingProblems = [...missing.values()].map(({ base, quantities, objects: objs }): Problem => {
    const b = formatPath(base);
    const keys = quantities.map((q) => `${b}.${q}`);
    const none = quantities.length === RESOURCE_QUANTITIES.length;
    return {
      severity: 'error',
      id: 'container-resources',
      path: none ? base : [...base, ...quantities[0].split('.')],
      message: `${none ? `${b} sets none of requests.cpu, requests.memory and limits.memory (a \`${b}: null\` in a layer removes what the environment file set)` : `${keys.join(' and ')} ${quantities.length > 1 ? 'are' : 'is'} not set`}, so the rendered ${whereOf(objs)} would run a container without them: every container must request CPU and memory (the scheduler places pods by their requests, the HPA measures CPU against the request) and limit memory (a leaking pod must not take the node down).`,
      hint: `Set ${keys.join(', ')}${none ? ', e.g. requests: {cpu: 500m, memory: 1Gi} and limits: {memory: 2Gi}' : ''}${none ? ", or remove the null so the environment file's values apply" : ''}.`,
      docs: 'docs/security.md#the-check-command',
      ...env.locate(none ? base : [...base, ...quantities[0].split('.')]),
    };
  });
  return [
    ...missingProblems,
    ...[...groups.values()].map(({ f, key, related, objects: objs, also }) => {
      const where = whereOf(objs);
      const keys = [key, ...related].filter((k): k is Path => k !== undefined).map(formatPath);
      return {
        severity: 'error' as const,
        id:
          f.rule === 'schema' || f.rule === 'unknown-kind' || f.rule === 'removed-api' ? `rendered-${f.rule}` : f.rule,
        path: key ?? [],
        message: `The rendered ${where} would be invalid at ${f.path || '(object)'}: ${[f.message, ...also].join('; ')}.${keys.length ? ` Set by ${keys.join(' and ')}.` : ''}`,
        hint:
          f.rule === 'unknown-kind' && key?.[0] === 'extraObjects'
            ? 'Use a kind of Kubernetes 1.28 or of a CRD whose schema the project vendors (schemas/crds/); for another CRD, vendor its schema first (schemas/README.md).'
            : key
              ? `Change ${keys.join(' or ')}.`
              : PASSTHROUGH_HINT,
        docs: 'docs/security.md#the-check-command',
        ...(key ? env.locate(key) : { file: `${topFile} (rendered ${f.object})` }),
      };
    }),
  ];
}
