/**
 * Rules the API server enforces beyond the OpenAPI schema (its validation code, not its spec):
 * objects that pass the schema but would be refused on apply. Documented in docs/security.md.
 */
import { parseQuantity } from '../values/quantity';
import { podOf, PolicyFinding } from './policy';
import { containersOf } from './pss';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

function quantity(q: unknown): number | undefined {
  if (typeof q !== 'string' && typeof q !== 'number') return undefined;
  try {
    return parseQuantity(q);
  } catch {
    return undefined; // the schema check reports a malformed quantity
  }
}

/** Every finding of these rules for one object. */
export function apiValidityFindings(obj: Obj): PolicyFinding[] {
  const out: PolicyFinding[] = [];
  const f = (rule: string, path: string, message: string) => out.push({ rule, path, message });
  const pod = podOf(obj);
  if (pod) {
    for (const { c, path } of containersOf(pod.spec, pod.base)) {
      const requests: Obj = c.resources?.requests ?? {};
      const limits: Obj = c.resources?.limits ?? {};
      for (const [name, req] of Object.entries(requests)) {
        const r = quantity(req);
        const l = quantity(limits[name]);
        if (r !== undefined && l !== undefined && r > l) f('container-request-within-limit', `${path}.resources.requests.${name}`, `${name} request ${String(req)} must be less than or equal to the ${name} limit ${String(limits[name])}`);
      }
    }
  }
  return out;
}
