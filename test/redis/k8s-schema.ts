/** A small structural check of rendered objects against the Kubernetes 1.28 OpenAPI spec: unknown fields, types, required fields. */
import * as fs from 'fs';
import { Any } from './redis-helpers';

const SPEC = '/work/shared/k8s/openapi-1.28.0.json';
const TYPE_BY_FORMAT: Record<string, string> = { 'int-or-string': 'int-or-string' };

let defs: Record<string, Any> | undefined;
function definitions(): Record<string, Any> | undefined {
  if (defs === undefined && fs.existsSync(SPEC)) defs = JSON.parse(fs.readFileSync(SPEC, 'utf8')).definitions;
  return defs;
}
export const haveSpec = () => definitions() !== undefined;

function defFor(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  for (const [name, d] of Object.entries(definitions() ?? {})) {
    for (const gvk of d['x-kubernetes-group-version-kind'] ?? [])
      if (gvk.group === group && gvk.version === version && gvk.kind === kind) return name;
  }
  return undefined;
}

function check(value: Any, schema: Any, path: string, out: string[]): void {
  if (schema.$ref) schema = definitions()![schema.$ref.replace('#/definitions/', '')];
  if (TYPE_BY_FORMAT[schema.format]) {
    if (typeof value !== 'string' && typeof value !== 'number') out.push(`${path}: expected int-or-string`);
    return;
  }
  if (schema.format === 'quantity' || (schema.type === undefined && schema.properties === undefined)) return;
  switch (schema.type) {
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return void out.push(`${path}: expected object`);
      if (schema.properties) {
        for (const k of Object.keys(value)) {
          if (!schema.properties[k]) out.push(`${path}.${k}: unknown field`);
          else check(value[k], schema.properties[k], `${path}.${k}`, out);
        }
        for (const r of schema.required ?? []) if (value[r] === undefined) out.push(`${path}.${r}: required`);
      } else if (schema.additionalProperties)
        for (const [k, v] of Object.entries(value)) check(v, schema.additionalProperties, `${path}.${k}`, out);
      return;
    case 'array':
      if (!Array.isArray(value)) return void out.push(`${path}: expected array`);
      value.forEach((v: Any, i: number) => check(v, schema.items, `${path}[${i}]`, out));
      return;
    case 'string':
      if (typeof value !== 'string') out.push(`${path}: expected string, got ${JSON.stringify(value)}`);
      return;
    case 'integer':
      if (!Number.isInteger(value)) out.push(`${path}: expected integer`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${path}: expected boolean`);
      return;
  }
}

/** Problems of one object (empty when valid). */
export function schemaProblems(obj: Any): string[] {
  const name = defFor(obj.apiVersion, obj.kind);
  if (!name) return [`${obj.apiVersion}/${obj.kind}: not in the Kubernetes 1.28 API`];
  const out: string[] = [];
  check(obj, definitions()![name], `${obj.kind}/${obj.metadata?.name}`, out);
  return out;
}
