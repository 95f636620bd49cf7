/**
 * The `check` engine: every rendered object is validated strictly against its API schema
 * (Kubernetes 1.28 or a vendored CRD schema), against the list of removed APIs, and against the
 * security policy (policy.ts, pss.ts). Pure functions over parsed objects; check-dir.ts reads files.
 */
import * as path from 'path';
import { gvkKey, loadCatalog } from './catalog';
import { scanRenderedCredentialsLater } from './credentials';
import { DEVELOPMENT_ONLY_LABEL, podOf, policyFindings } from './policy';
import { PssLevel, podSecurityViolations } from './pss';
import { removedApi } from './removed-apis';
import { SchemaValidator } from './schema-validator';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export type Severity = 'error' | 'warning';

export interface Finding {
  readonly severity: Severity;
  /** `schema`, `removed-api`, `unknown-kind`, or a policy rule id. */
  readonly rule: string;
  readonly file: string;
  /** `Kind/name`, or `-` when the document is not an object. */
  readonly object: string;
  readonly path: string;
  /**
   * Which document of a multi-document `file` the object is (0: the first), when it was read from a
   * file: `Kind/name` alone does not tell two objects of one file apart (the same kind and name twice,
   * or a name the credential scan hides).
   */
  readonly doc?: number;
  /** 1-based line and column of the field in `file` (`check` adds them: src/check/check-dir.ts). */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** Other paths of the object the finding is about (e.g. the limit a request exceeds). */
  readonly related?: readonly string[];
  /** For rules that mirror the API server's validation: the Kubernetes function (src/check/apiserver.ts). */
  readonly mirrors?: string;
}

export interface CheckedObject {
  readonly file: string;
  readonly obj: Obj;
  /** Which document of a multi-document file (0: the first), when read from a file. */
  readonly doc?: number;
}

let validator: SchemaValidator | undefined;

/** Schema and removed-API findings of one object. */
export function schemaFindings(file: string, obj: unknown): Finding[] {
  const catalog = loadCatalog();
  validator ??= new SchemaValidator(catalog.definitions);
  const out: Finding[] = [];
  const o = obj as Obj;
  const id = describeObject(o);
  const err = (rule: string, path: string, message: string, severity: Severity = 'error') =>
    out.push({ severity, rule, file, object: id, path, message });
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    return [
      {
        severity: 'error',
        rule: 'schema',
        file,
        object: '-',
        path: '',
        message: 'document is not a Kubernetes object (a mapping with apiVersion and kind)',
      },
    ];
  if (typeof o.apiVersion !== 'string' || !o.apiVersion) err('schema', 'apiVersion', 'is required');
  if (typeof o.kind !== 'string' || !o.kind) err('schema', 'kind', 'is required');
  if (out.length) return out;
  if (typeof o.metadata?.name !== 'string' || !o.metadata.name) err('schema', 'metadata.name', 'is required');
  const removed = removedApi(o.apiVersion, o.kind);
  if (removed) {
    err(
      'removed-api',
      'apiVersion',
      `${o.apiVersion} ${o.kind} is not served since ${removed.product ?? 'Kubernetes'} ${removed.removedIn}: use ${removed.replacement}`,
    );
    return out;
  }
  const entry = catalog.kinds.get(gvkKey(o.apiVersion, o.kind));
  if (!entry) {
    const versions = [...catalog.kinds.keys()]
      .filter((k) => k.endsWith(`/${o.kind}`))
      .map((k) => k.slice(0, -o.kind.length - 1).replace(/^\//, ''));
    err(
      'unknown-kind',
      'apiVersion',
      `no schema for ${o.apiVersion} ${o.kind}${versions.length ? ` (known versions: ${versions.join(', ')})` : ' (not in Kubernetes 1.28 and no vendored CRD schema in schemas/crds/)'}`,
    );
    return out;
  }
  if (entry.deprecated) err('deprecated-api', 'apiVersion', `${entry.deprecated} (still served)`, 'warning');
  for (const p of validator.validate(o, entry.schema)) err('schema', p.path, p.message);
  for (const p of entry.external?.(o) ?? []) err('schema', p.path, p.message);
  return out;
}

/** Every finding for a set of objects (one environment or one directory). */
export function checkObjects(objects: readonly CheckedObject[]): Finding[] {
  const out: Finding[] = [];
  // Plaintext credentials anywhere in the manifests (dist/ is committed), except a development-only
  // Secret's data. Started first: secretlint lints on the other core while the schema and policy checks run.
  const credentials = scanRenderedCredentialsLater(
    objects.map((o) => o.obj),
    (o) => o.kind === 'Secret' && (o.metadata as Obj | undefined)?.labels?.[DEVELOPMENT_ONLY_LABEL] === 'true',
  );
  for (const { file, obj, doc } of objects) {
    for (const f of schemaFindings(file, obj)) out.push({ ...f, ...inDoc(doc) });
    if (obj && typeof obj === 'object')
      for (const p of policyFindings(obj))
        out.push({
          severity: 'error',
          rule: p.rule,
          file,
          object: describeObject(obj),
          ...inDoc(doc),
          path: p.path,
          message: p.message,
          ...(p.related ? { related: p.related } : {}),
          ...(p.mirrors ? { mirrors: p.mirrors } : {}),
        });
  }
  const scan = credentials();
  for (const c of scan.findings) {
    const { file, obj, doc } = objects[c.index];
    out.push({
      severity: 'error',
      rule: 'no-plaintext-credential',
      file,
      object: describeObject(obj),
      ...inDoc(doc),
      path: c.path,
      message: `looks like a credential (${c.what}; the value is not printed): manifests are committed, so keep it in a Secret (secrets.source: existingSecret or externalSecret) and reference it`,
    });
  }
  // Pods must pass the Pod Security level their namespace enforces.
  // One directory is one environment (dist/<env>/): a Namespace governs the pods beside it.
  const levels = new Map<string, PssLevel>();
  const key = (file: string, ns: unknown) => `${path.dirname(file)}\0${String(ns)}`;
  for (const { file, obj } of objects) {
    const level = obj?.kind === 'Namespace' ? obj.metadata?.labels?.['pod-security.kubernetes.io/enforce'] : undefined;
    if (level === 'baseline' || level === 'restricted') levels.set(key(file, obj.metadata.name), level);
  }
  for (const { file, obj, doc } of objects) {
    const pod = obj && typeof obj === 'object' ? podOf(obj) : undefined;
    const level = pod && levels.get(key(file, obj.metadata?.namespace));
    if (!pod || !level) continue;
    for (const v of podSecurityViolations(level, pod.spec, pod.annotations, pod.base)) {
      out.push({
        severity: 'error',
        rule: `pod-security-${level}`,
        file,
        object: describeObject(obj),
        ...inDoc(doc),
        path: v.path,
        message: `${v.message} (namespace ${obj.metadata.namespace} enforces Pod Security "${level}")`,
      });
    }
  }
  out.push(...duplicateObjects(objects));
  // No finding prints a flagged string (a key the schema refuses, a path through it, an object's name).
  const { hide } = scan;
  return out.map((f) => ({
    ...f,
    object: hide(f.object),
    path: hide(f.path),
    message: hide(f.message),
    ...(f.related ? { related: f.related.map(hide) } : {}),
  }));
}

/** The document an object came from, on each of its findings (check-dir.ts locates them by it). */
const inDoc = (doc: number | undefined): { doc?: number } => (doc === undefined ? {} : { doc });

/**
 * The same object written twice in one directory (one environment): API group (any version), kind,
 * namespace and name. `kubectl apply` applies both in turn and only the last stays, so one of them
 * is silently lost. A cluster-scoped kind's namespace does not count: the API server clears it
 * (k8s.io/apiserver pkg/registry/rest/meta.go, EnsureObjectNamespaceMatchesRequestNamespace:
 * "cluster-scoped, clear namespace").
 */
function duplicateObjects(objects: readonly CheckedObject[]): Finding[] {
  const out: Finding[] = [];
  const first = new Map<string, CheckedObject>();
  const { kinds } = loadCatalog();
  for (const o of objects) {
    const { obj } = o;
    if (!obj || typeof obj !== 'object' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string')
      continue;
    const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const clusterScoped = kinds.get(gvkKey(apiVersion, obj.kind))?.namespaced === false;
    const ns = typeof obj.metadata.namespace === 'string' && !clusterScoped ? obj.metadata.namespace : '';
    const id = [path.dirname(o.file), group, obj.kind, ns, obj.metadata.name].join('\0');
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, o);
      continue;
    }
    // Objects not read from files (synth's guard) carry no document: their `file` is only the environment's.
    const document = earlier.doc === undefined ? undefined : `document ${earlier.doc + 1}`;
    const where =
      earlier.file === o.file && document
        ? `earlier in this file (${document})`
        : `in ${earlier.file}${earlier.doc ? ` (${document})` : ''}`;
    out.push({
      severity: 'error',
      rule: 'duplicate-object',
      file: o.file,
      ...inDoc(o.doc),
      object: describeObject(obj),
      path: 'metadata.name',
      message: `the same object${ns ? ` (namespace ${ns})` : ''} is already ${where}: \`kubectl apply\` applies both in turn and only the last one stays. Keep one`,
    });
  }
  return out;
}

export function describeObject(o: Obj | null | undefined): string {
  if (!o || typeof o !== 'object') return '-';
  return `${o.kind ?? '?'}/${o.metadata?.name ?? '?'}`;
}

/**
 * Whether `longer` is `shorter` itself or `shorter` plus more words: "must be at most 100" does not
 * extend "must be at most 10" (two limits, two problems).
 */
function extendsMessage(longer: string, shorter: string): boolean {
  return longer.startsWith(shorter) && !/[A-Za-z0-9]/.test(longer.charAt(shorter.length));
}

/**
 * One finding per problem: findings of one severity at the same field of the same object (the same
 * document of the same file) become one, with every distinct message and every rule id: the policy
 * and Pod Security "baseline" both refuse a privileged container, and again under the level its
 * namespace enforces. A message that another one extends (the same text plus which namespace
 * enforces it) is shown once, in its longer form. Order: where each field's first finding was.
 */
export function oneFindingPerField(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, { first: Finding; messages: string[]; rules: string[]; related: string[] }>();
  for (const f of findings) {
    const id = [f.severity, f.file, f.doc ?? '', f.object, f.path].join('\0');
    const g = groups.get(id) ?? { first: f, messages: [], rules: [], related: [] };
    groups.set(id, g);
    if (!g.rules.includes(f.rule)) g.rules.push(f.rule);
    for (const r of f.related ?? []) if (!g.related.includes(r)) g.related.push(r);
    const longer = g.messages.findIndex((m) => extendsMessage(m, f.message));
    if (longer >= 0) continue;
    const shorter = g.messages.findIndex((m) => extendsMessage(f.message, m));
    if (shorter >= 0) g.messages[shorter] = f.message;
    else g.messages.push(f.message);
  }
  return [...groups.values()].map(({ first, messages, rules, related }) =>
    messages.length === 1 && rules.length === 1
      ? first
      : {
          ...first,
          rule: rules.join(', '),
          message: messages.join('; '),
          ...(related.length ? { related } : {}),
        },
  );
}

export function formatFinding(f: Finding): string {
  return `${f.file}${f.line !== undefined ? `:${f.line}:${f.column}` : ''}: ${f.object}: ${f.path || '(object)'}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message} [${f.rule}]`;
}
