/**
 * Where schemas come from: the Kubernetes 1.28 OpenAPI spec vendored in
 * `schemas/kubernetes/openapi-1.28.0.json` (loaded once per process) and custom resource
 * schemas vendored in `schemas/crds/*.json` (`{source, group, kind, versions: {<v>: openAPIV3Schema}}`).
 * Nothing is fetched at run time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { joinKey } from '../k8s';
import { applicationSetSpec } from './argocd-fields';
import { Schema, SchemaProblem } from './schema-validator';

/** A validator a package ships (ajv-compiled CRD schema): returns ajv-style errors. */
export type ExternalValidate = (obj: unknown) => SchemaProblem[];

/**
 * Argo CD `Application` and `AppProject` are validated strictly from their upstream CRD schemas
 * vendored in `schemas/crds/argoproj.io_*.json`. `ApplicationSet` (not vendored: its CRD is about
 * 1 MB) is validated by the CRD-derived validator of `@kubernetes-models/argo-cd` (MIT): types,
 * required fields and enums but NOT unknown fields (no additionalProperties: false). apiVersion,
 * kind, metadata (ObjectMeta), the top-level field set and the allowlists of argocd-fields.ts are
 * checked strictly here, and `spec.template.spec` against the vendored Application spec.
 */
const ARGO_KINDS = ['ApplicationSet'] as const;

function argoValidator(kind: (typeof ARGO_KINDS)[number]): ExternalValidate {
  return (obj) => {
    // Loaded lazily: only `check` needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const models = require('@kubernetes-models/argo-cd/argoproj.io/v1alpha1') as Record<
      string,
      new (d: unknown) => { validate(): void }
    >;
    type AjvError = { instancePath: string; message?: string; params?: Record<string, unknown> };
    let errors: AjvError[];
    try {
      new models[kind](obj).validate();
      return [];
    } catch (e) {
      errors = (e as { errors?: AjvError[] }).errors ?? [{ instancePath: '', message: (e as Error).message }];
    }
    return errors.map((e) => {
      // A JSON pointer (RFC 6901: "~1" is "/", "~0" is "~") as a path: a key with a dot or a slash in brackets.
      const path = e.instancePath
        .split('/')
        .filter(Boolean)
        .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((out, seg) => (/^\d+$/.test(seg) ? `${out}[${seg}]` : joinKey(out, seg)), '');
      const missing = e.params?.missingProperty;
      return missing
        ? { path: path ? `${path}.${String(missing)}` : String(missing), message: 'is required' }
        : { path, message: e.message ?? 'is invalid' };
    });
  };
}

/** The repository root (holds package.json and schemas/), from src/ or build/src/. */
let root: string | undefined;
export function projectRoot(): string {
  if (root !== undefined) return root; // looked up once per process (loadCatalog asks per environment)
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'schemas', 'kubernetes'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`schemas/kubernetes not found above ${__dirname}`);
    dir = up;
  }
  return (root = dir);
}

export const KUBERNETES_VERSION = '1.28.0';

export interface KindEntry {
  /** Validated strictly by SchemaValidator. */
  readonly schema: Schema;
  /** Extra validation by a packaged validator (non-strict). */
  readonly external?: ExternalValidate;
  readonly source: string;
  readonly crd: boolean;
  /** The CRD marks this version deprecated (still served): its deprecationWarning. */
  readonly deprecated?: string;
  /** Objects of this kind live in a namespace (false: cluster-scoped, e.g. Namespace, ClusterRole, PriorityClass). */
  readonly namespaced: boolean;
}

export interface Catalog {
  readonly definitions: Record<string, Schema>;
  /** `group/version/kind` (core group: `/v1/Kind`) -> schema of the top-level object. */
  readonly kinds: Map<string, KindEntry>;
  /** Milliseconds spent reading and indexing. */
  readonly loadMs: number;
}

let cached: Catalog | undefined;

type Definition = Schema & { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[] };

/** The spec's paths as far as scope goes: each path with the group/version/kind its operations serve. */
export type PathKinds = Record<string, { group: string; version: string; kind: string }>;

interface SpecParts {
  readonly definitions: Record<string, Definition>;
  readonly paths: PathKinds;
}

/** Path -> the kind its operations serve (`x-kubernetes-group-version-kind`), for paths that serve one. */
export function pathKinds(paths: Record<string, Record<string, unknown>>): PathKinds {
  const out: PathKinds = {};
  for (const [p, ops] of Object.entries(paths))
    for (const op of Object.values(ops)) {
      const gvk = (op as { 'x-kubernetes-group-version-kind'?: PathKinds[string] })?.[
        'x-kubernetes-group-version-kind'
      ];
      if (gvk) {
        out[p] = { group: gvk.group, version: gvk.version, kind: gvk.kind };
        break;
      }
    }
  return out;
}

/**
 * The spec's definitions and paths. The vendored file is 2.5 MB, nine tenths of it descriptions
 * nothing here reads; the fast build (scripts/fast-build.js) derives a copy without them and with
 * only the kind each path serves (about 200 KB, parsed several times faster) and records the
 * vendored file's size and mtime in it. That copy is used while it matches the vendored file;
 * otherwise the vendored file is read.
 */
function readSpec(root: string): SpecParts {
  const vendored = path.join(root, 'schemas', 'kubernetes', `openapi-${KUBERNETES_VERSION}.json`);
  const derived = path.join(root, 'build', 'fast', `openapi-${KUBERNETES_VERSION}.definitions.json`);
  try {
    const st = fs.statSync(vendored);
    const copy = JSON.parse(fs.readFileSync(derived, 'utf8')) as {
      source: { size: number; mtimeMs: number };
      definitions: Record<string, Definition>;
      paths?: PathKinds;
    };
    if (copy.source.size === st.size && copy.source.mtimeMs === st.mtimeMs && copy.paths)
      return { definitions: copy.definitions, paths: copy.paths };
  } catch {
    // No derived copy (tests, a build without `npm run`): read the vendored file.
  }
  const spec = JSON.parse(fs.readFileSync(vendored, 'utf8')) as {
    definitions: Record<string, Definition>;
    paths: Record<string, Record<string, unknown>>;
  };
  return { definitions: spec.definitions, paths: pathKinds(spec.paths) };
}

/** `group/version/kind` keys of the kinds the API serves under `/namespaces/{namespace}/`: the namespaced ones. */
function namespacedKinds(paths: PathKinds): Set<string> {
  const out = new Set<string>();
  for (const [p, { group, version, kind }] of Object.entries(paths))
    if (p.includes('/namespaces/{namespace}/')) out.add(`${group}/${version}/${kind}`);
  return out;
}

export const gvkKey = (apiVersion: string, kind: string): string => {
  const slash = apiVersion.indexOf('/');
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  return `${group}/${version}/${kind}`;
};

export function loadCatalog(root: string = projectRoot()): Catalog {
  if (cached) return cached;
  const start = process.hrtime.bigint();
  const spec = readSpec(root);
  const namespaced = namespacedKinds(spec.paths);
  const kinds = new Map<string, KindEntry>();
  for (const [name, def] of Object.entries(spec.definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'] ?? [];
    // Only definitions that are objects of their own (with apiVersion/kind), not shared option types such as DeleteOptions.
    if (gvks.length !== 1 || !def.properties?.kind) continue;
    const { group, version, kind } = gvks[0];
    kinds.set(`${group}/${version}/${kind}`, {
      schema: def,
      source: `Kubernetes ${KUBERNETES_VERSION} ${name}`,
      crd: false,
      namespaced: namespaced.has(`${group}/${version}/${kind}`),
    });
  }
  const crdDir = path.join(root, 'schemas', 'crds');
  for (const f of fs.existsSync(crdDir)
    ? fs
        .readdirSync(crdDir)
        .filter((x) => x.endsWith('.json'))
        .sort()
    : []) {
    const crd = JSON.parse(fs.readFileSync(path.join(crdDir, f), 'utf8')) as {
      group: string;
      kind: string;
      scope?: 'Namespaced' | 'Cluster';
      deprecated?: Record<string, string>;
      versions: Record<string, Schema>;
    };
    for (const [version, schema] of Object.entries(crd.versions)) {
      // The API server validates a custom resource's metadata as ObjectMeta whatever its CRD says,
      // and always accepts apiVersion and kind (Istio's CRDs, for one, do not list them).
      const withMeta: Schema = {
        ...schema,
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          ...schema.properties,
          metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
        },
      };
      kinds.set(`${crd.group}/${version}/${crd.kind}`, {
        schema: withMeta,
        source: `schemas/crds/${f}`,
        crd: true,
        namespaced: crd.scope !== 'Cluster',
        ...(crd.deprecated?.[version] ? { deprecated: crd.deprecated[version] } : {}),
      });
    }
  }
  const preserve: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  // An ApplicationSet's template.spec is an Application spec: strict when Application is vendored.
  const applicationSpec = kinds.get('argoproj.io/v1alpha1/Application')?.schema.properties?.spec ?? {};
  for (const kind of ARGO_KINDS) {
    const key = `argoproj.io/v1alpha1/${kind}`;
    if (kinds.has(key)) continue; // a vendored CRD schema replaces the packaged validator
    kinds.set(key, {
      schema: {
        type: 'object',
        required: ['metadata', 'spec'],
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
          spec: applicationSetSpec(applicationSpec),
          status: preserve,
        },
      },
      external: argoValidator(kind),
      source: '@kubernetes-models/argo-cd + src/check/argocd-fields.ts',
      crd: true,
      namespaced: true,
    });
  }
  cached = { definitions: spec.definitions, kinds, loadMs: Number(process.hrtime.bigint() - start) / 1e6 };
  return cached;
}
