/**
 * `synth` runs the `check` engine on what it rendered before writing anything, so a passthrough
 * value (extraVolumes, affinity, securityContext, networkPolicy.egress.extra, ...) that the API
 * server would reject, or that weakens the security policy, never reaches dist/.
 */
import { K8sObject } from '../synth/render';
import { ResolvedEnvironment } from '../values/pipeline';
import { Problem } from '../errors';
import { checkObjects } from './index';

export const PASSTHROUGH_HINT =
  'Rendered objects come from typed values plus passthrough keys (extraEnvFrom, extraVolumes, extraVolumeMounts, podSecurityContext, securityContext, affinity, tolerations, networkPolicy.egress.extra): fix the value there, as a Kubernetes object of that type.';

export function renderedProblems(env: ResolvedEnvironment, objects: readonly K8sObject[]): Problem[] {
  return checkObjects(objects.map((obj) => ({ file: `dist/${env.name}`, obj })))
    .filter((f) => f.severity === 'error')
    .map((f) => ({
      severity: 'error' as const,
      id: f.rule === 'schema' || f.rule === 'unknown-kind' || f.rule === 'removed-api' ? `rendered-${f.rule}` : f.rule,
      path: [],
      message: `The rendered ${f.object} would be invalid at ${f.path || '(object)'}: ${f.message}.`,
      hint: PASSTHROUGH_HINT,
      docs: 'docs/security.md#the-check-command',
      file: `${env.files[env.files.length - 1]} (rendered ${f.object})`,
    }));
}
