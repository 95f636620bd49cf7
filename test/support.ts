/** Test helpers: values from YAML text, rendered objects, problems. */
import { parseValues } from '../src/values/load';
import { resolveLayers, ResolvedEnvironment } from '../src/values/pipeline';
import { Problem, ValuesError } from '../src/values/problems';
import { K8sObject, renderObjects } from '../src/synth/render';

/**
 * A minimal valid multi-replica environment: everything else comes from the schema defaults.
 * Redis is external here (its URL from the app Secret), so these tests see only the app's objects;
 * the in-cluster Redis has its own tests (test/charts/redis.test.ts).
 */
export const BASE = `
secrets:
  existingSecret: open-webui-secrets
redis:
  mode: external
networkPolicy:
  egress:
    database:
      cidrs: [10.0.0.0/8]
    redis:
      cidrs: [10.0.0.0/8]
    kubernetesApi:
      cidrs: [10.0.0.0/8]
`;

/** Resolves YAML layers (bottom to top) on top of BASE; throws ValuesError when invalid. */
export function resolve(...yamls: string[]): ResolvedEnvironment {
  const layers = [
    parseValues(BASE, 'values/base.yaml'),
    ...yamls.map((y, i) => parseValues(y, i === yamls.length - 1 ? 'values/test.yaml' : `values/layer${i}.yaml`)),
  ];
  return resolveLayers('test', layers);
}

/** The problems (errors first) that resolving these layers reports; [] when valid (warnings included). */
export function problemsOf(...yamls: string[]): Problem[] {
  try {
    return resolve(...yamls).warnings;
  } catch (e) {
    if (e instanceof ValuesError) return e.problems;
    throw e;
  }
}

export const errorsOf = (...yamls: string[]) => problemsOf(...yamls).filter((p) => p.severity === 'error');
export const ids = (ps: Problem[]) => ps.map((p) => p.id);

export function render(...yamls: string[]): K8sObject[] {
  return renderObjects(resolve(...yamls));
}

export function find(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found)
    throw new Error(
      `No ${kind}${name ? `/${name}` : ''} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found;
}

export type Any = any;
