/**
 * Field allowlist for Argo CD `ApplicationSet`, from Argo CD 3.x's CRD
 * (argoproj/argo-cd manifests/crds/applicationset-crd.yaml). The packaged validator
 * (@kubernetes-models/argo-cd) checks types but accepts unknown fields; this list makes typos in
 * `spec` errors, and `spec.template.spec` is checked against the vendored Application spec
 * (schemas/crds/argoproj.io_application.json). Values below the listed fields are not restricted
 * here. `Application` and `AppProject` need no allowlist: their CRD schemas are vendored.
 */
import { Schema } from './schema-validator';

/** Any value (types are checked by the packaged validator). */
const any: Schema = {};
const fields = (names: string[], nested: Record<string, Schema> = {}): Schema => ({
  type: 'object',
  properties: Object.fromEntries(names.map((n) => [n, nested[n] ?? any])),
});

/** ApplicationSet `spec`, with `template.spec` validated by `applicationSpec`. */
export const applicationSetSpec = (applicationSpec: Schema): Schema =>
  fields(
    [
      'applyNestedSelectors',
      'generators',
      'goTemplate',
      'goTemplateOptions',
      'ignoreApplicationDifferences',
      'preservedFields',
      'strategy',
      'syncPolicy',
      'template',
      'templatePatch',
    ],
    {
      template: fields(['metadata', 'spec'], { spec: applicationSpec }),
    },
  );
