/** Helpers for the upgrade tests: render a real environment (values/common.yaml + values/<env>.yaml) with --set overrides. */
import { renderObjects, toYaml, K8sObject } from '../../src/synth/render';
import { resolveEnvironment, ResolvedEnvironment } from '../../src/values/pipeline';

export const ENVS = ['local', 'aws', 'production'] as const;

export function resolve(env: string, sets: string[] = []): ResolvedEnvironment {
  return resolveEnvironment({
    name: env,
    files: ['values/common.yaml', `values/${env}.yaml`],
    sets: sets.map((expr) => ({ expr })),
  });
}

export function render(env: string, sets: string[] = []): K8sObject[] {
  return renderObjects(resolve(env, sets));
}

export const ofKind = (objs: K8sObject[], kind: string): K8sObject[] => objs.filter((o) => o.kind === kind);
export const one = (objs: K8sObject[], kind: string): any => {
  const found = ofKind(objs, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
};
export const yaml = (o: unknown): string => toYaml(o);

export const envOf = (container: any): Record<string, any> =>
  Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e]));

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
  return [...keys].flatMap((k) => diffPaths((a as any)[k], (b as any)[k], prefix ? `${prefix}.${k}` : k));
}
