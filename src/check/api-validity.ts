/**
 * Rules the API server enforces beyond the OpenAPI schema (its validation code, not its spec):
 * objects that pass the schema but would be refused on apply. Documented in docs/security.md.
 */
import { joinKey, quantityOf, DNS1035_LABEL } from '../k8s';
import { apiServerFindings } from './apiserver';
import type { PolicyFinding } from './policy';
import { containersOf, podOf } from './pss';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

/** Every finding of these rules for one object. */
export function apiValidityFindings(obj: Obj): PolicyFinding[] {
  const out: PolicyFinding[] = [];
  const f = (rule: string, path: string, message: string, related?: string[]) =>
    out.push({ rule, path, message, ...(related ? { related } : {}) });
  out.push(...apiServerFindings(obj));
  const name = obj.metadata?.name;
  if (obj.kind === 'Service' && typeof name === 'string' && (name.length > 63 || !DNS1035_LABEL.test(name))) {
    f(
      'service-name-dns-1035',
      'metadata.name',
      `"${name}" must be an RFC 1035 label (at most 63 lower-case letters, digits and "-", starting with a letter, ending with a letter or digit): the API server refuses other Service names`,
    );
  }
  const pod = podOf(obj);
  if (pod) {
    const volumes = new Map<string, number>();
    ((pod.spec.volumes as Obj[] | undefined) ?? []).forEach((vol, i) => {
      const name = vol?.name;
      if (typeof name !== 'string') return;
      if (volumes.has(name))
        f(
          'pod-volumes-valid',
          `${pod.base}.volumes[${i}].name`,
          `volume name "${name}" is already used by volumes[${volumes.get(name)}]: must be unique`,
        );
      else volumes.set(name, i);
    });
    // A StatefulSet's claim templates are volumes of its pods too.
    const claims =
      obj.kind === 'StatefulSet'
        ? ((obj.spec?.volumeClaimTemplates as Obj[] | undefined) ?? [])
            .map((t) => t?.metadata?.name)
            .filter((n): n is string => typeof n === 'string')
        : [];
    const mountable = new Set([...volumes.keys(), ...claims]);
    for (const { c, path } of containersOf(pod.spec, pod.base)) {
      const paths = new Map<string, number>();
      ((c.volumeMounts as Obj[] | undefined) ?? []).forEach((m, i) => {
        if (typeof m?.name === 'string' && !mountable.has(m.name))
          f(
            'pod-volumes-valid',
            `${path}.volumeMounts[${i}].name`,
            `names volume "${m.name}", which the pod does not have (volumes: ${[...mountable].join(', ') || 'none'})`,
          );
        if (typeof m?.mountPath !== 'string') return;
        const norm = m.mountPath.length > 1 ? m.mountPath.replace(/\/+$/, '') : m.mountPath;
        if (paths.has(norm))
          f(
            'pod-volumes-valid',
            `${path}.volumeMounts[${i}].mountPath`,
            `"${m.mountPath}" is already mounted by volumeMounts[${paths.get(norm)}]: must be unique in a container`,
          );
        else paths.set(norm, i);
      });
      const requests: Obj = c.resources?.requests ?? {};
      const limits: Obj = c.resources?.limits ?? {};
      for (const [name, req] of Object.entries(requests)) {
        const r = quantityOf(req);
        const l = quantityOf(limits[name]);
        if (r !== undefined && l !== undefined && r > l)
          f(
            'container-request-within-limit',
            joinKey(`${path}.resources.requests`, name), // `nvidia.com/gpu` in brackets: a path, not three keys
            `${name} request ${String(req)} must be less than or equal to the ${name} limit ${String(limits[name])}`,
            [joinKey(`${path}.resources.limits`, name)],
          );
      }
    }
  }
  return out;
}
