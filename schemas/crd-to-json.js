#!/usr/bin/env node
/**
 * Turns a CustomResourceDefinition YAML into a vendored schema file `crds/<group>_<kind>.json`
 * (the format `src/check/catalog.ts` reads): the `openAPIV3Schema` of the named version(s), with
 * `description` and `default` removed (size; neither is used by `check`) and every `x-kubernetes-*`
 * marker kept. Fields named with --preserve (top-level, e.g. `status`) become
 * `{type: object, x-kubernetes-preserve-unknown-fields: true}`: accepted as is. Versions the CRD
 * marks `deprecated` are recorded in `deprecated: {<version>: <its deprecationWarning>}` (check
 * warns on them). A file with several documents (e.g. Istio's all-CRDs bundle) needs --kind.
 *
 *   node schemas/crd-to-json.js CRD.yaml --version v1alpha1 --repository owner/name \
 *     --path path/in/repo.yaml --commit <sha> [--kind Kind] [--preserve operation,status] [--note "..."] \
 *     > schemas/crds/<group>_<kind>.json
 *
 * Uses js-yaml from the project's node_modules. Nothing is fetched.
 */
'use strict';
const fs = require('fs');
const { loadAll } = require('js-yaml');

function args(argv) {
  const out = { file: undefined, versions: [], preserve: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--version') out.versions.push(next());
    else if (a === '--preserve') out.preserve.push(...next().split(',').filter(Boolean));
    else if (['--repository', '--path', '--commit', '--note', '--license', '--kind'].includes(a)) out[a.slice(2)] = next();
    else if (!a.startsWith('--') && !out.file) out.file = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!out.file || !out.repository || !out.path || !out.commit) throw new Error('usage: crd-to-json.js CRD.yaml --repository R --path P --commit C [--version V]... [--kind K] [--preserve a,b] [--note N] [--license L]');
  return out;
}

/** A schema without descriptions and defaults; `properties` keys are field names and kept as they are. */
function strip(schema) {
  if (Array.isArray(schema)) return schema.map(strip);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description' || k === 'default') continue;
    if ((k === 'properties' || k === 'patternProperties' || k === 'definitions') && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, strip(s)]));
    } else out[k] = strip(v);
  }
  return out;
}

function main() {
  const o = args(process.argv.slice(2));
  const crds = loadAll(fs.readFileSync(o.file, 'utf8')).filter((d) => d?.kind === 'CustomResourceDefinition' && (!o.kind || d.spec?.names?.kind === o.kind));
  if (crds.length !== 1) throw new Error(`${o.file} holds ${crds.length} CustomResourceDefinition(s)${o.kind ? ` of kind ${o.kind}` : ''}: expected exactly one (use --kind)`);
  const crd = crds[0];
  if (!crd.spec?.versions) throw new Error(`${o.file} is not an apiextensions.k8s.io/v1 CustomResourceDefinition`);
  const wanted = o.versions.length ? o.versions : crd.spec.versions.filter((v) => v.served).map((v) => v.name);
  const versions = {};
  const deprecated = {};
  for (const name of wanted) {
    const v = crd.spec.versions.find((x) => x.name === name);
    if (!v?.schema?.openAPIV3Schema) throw new Error(`version ${name} has no openAPIV3Schema`);
    if (!v.served) throw new Error(`version ${name} is not served`);
    if (v.deprecated) deprecated[name] = v.deprecationWarning ?? `${crd.spec.group}/${name} ${crd.spec.names.kind} is deprecated`;
    const schema = strip(v.schema.openAPIV3Schema);
    for (const field of o.preserve) {
      if (!schema.properties?.[field]) throw new Error(`version ${name} has no top-level field ${field} to preserve`);
      schema.properties[field] = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    }
    versions[name] = schema;
  }
  const source = { repository: o.repository, path: o.path, commit: o.commit, version: wanted.join(','), license: o.license ?? 'Apache-2.0' };
  const removed = ['descriptions', 'defaults', 'printer columns'];
  source.note = o.note ?? `openAPIV3Schema of ${wanted.join(', ')} with ${removed.join(', ')} removed${o.preserve.length ? `; ${o.preserve.join(', ')} accepted as is` : ''}. Made by schemas/crd-to-json.js.`;
  const out = { source, group: crd.spec.group, kind: crd.spec.names.kind, ...(Object.keys(deprecated).length ? { deprecated } : {}), versions };
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`crd-to-json: ${e.message}\n`);
  process.exit(2);
}
