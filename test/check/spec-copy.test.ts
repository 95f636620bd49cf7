/**
 * The description-free copy of the Kubernetes OpenAPI definitions that the fast build derives for
 * `check` and synth's strict check (scripts/fast-build.js, read by src/check/catalog.ts): a fraction
 * of the size, and it validates exactly like the vendored file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';
import { Schema, SchemaValidator } from '../../src/check/schema-validator';
import { gvkKey, loadCatalog, pathKinds } from '../../src/check/catalog';
import { Any, REPO } from '../support';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JS build script of this repository
const { withoutDescriptions, pathKinds: copyPathKinds } = require(path.join(REPO, 'scripts', 'fast-build.js')) as {
  withoutDescriptions: (s: unknown) => Schema;
  pathKinds: (paths: unknown) => unknown;
};

const text = fs.readFileSync(path.join(REPO, 'schemas', 'kubernetes', 'openapi-1.28.0.json'), 'utf8');
const full = (JSON.parse(text) as { definitions: Record<string, Any> }).definitions;
const copy = Object.fromEntries(Object.entries(full).map(([n, d]) => [n, withoutDescriptions(d)]));

/** Objects to validate: every committed manifest, plus edge cases. */
function objects(): Any[] {
  const out: Any[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.yaml')) out.push(load(fs.readFileSync(p, 'utf8')));
    }
  };
  walk(path.join(REPO, 'dist'));
  out.push(
    // A field named "description" is a field, not a keyword: it stays.
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 1, description: 'x' },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 'x', descripton: 1 },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 1 } }, data: { k: 2 }, extra: true },
  );
  return out;
}

function definitionOf(defs: Record<string, Any>, o: Any): Any {
  return Object.values(defs).find((d) =>
    (d['x-kubernetes-group-version-kind'] ?? []).some(
      (g: Any) => gvkKey(g.group ? `${g.group}/${g.version}` : g.version, g.kind) === gvkKey(o.apiVersion, o.kind),
    ),
  );
}

test('is a small fraction of the vendored file', () => {
  expect(JSON.stringify(copy).length).toBeLessThan(text.length / 8);
});

test('validates every object exactly as the vendored definitions do', () => {
  const a = new SchemaValidator(full);
  const b = new SchemaValidator(copy);
  let problems = 0;
  for (const o of objects()) {
    const schema = definitionOf(full, o);
    if (!schema) continue; // CRDs: their schemas are vendored separately
    const expected = a.validate(o, schema);
    problems += expected.length;
    expect(b.validate(o, definitionOf(copy, o))).toEqual(expected);
  }
  expect(problems).toBeGreaterThanOrEqual(4); // the broken edge cases were found
});

test('keeps the kind each path serves, as the catalog reads it from the vendored file', () => {
  const paths = (JSON.parse(text) as { paths: Record<string, Record<string, unknown>> }).paths;
  expect(copyPathKinds(paths)).toEqual(pathKinds(paths));
});

test('tells namespaced kinds from cluster-scoped ones', () => {
  const scope = (key: string) => loadCatalog().kinds.get(key)?.namespaced;
  for (const k of [
    '/v1/ConfigMap',
    'apps/v1/Deployment',
    'networking.k8s.io/v1/NetworkPolicy',
    'rbac.authorization.k8s.io/v1/Role',
  ])
    expect([k, scope(k)]).toEqual([k, true]);
  for (const k of [
    '/v1/Namespace',
    '/v1/PersistentVolume',
    'rbac.authorization.k8s.io/v1/ClusterRole',
    'scheduling.k8s.io/v1/PriorityClass',
    'storage.k8s.io/v1/StorageClass',
    'networking.k8s.io/v1/IngressClass',
    'node.k8s.io/v1/RuntimeClass',
  ])
    expect([k, scope(k)]).toEqual([k, false]);
  expect(scope('monitoring.coreos.com/v1/PrometheusRule')).toBe(true);
});
