/**
 * open-webui-k8s as a library: the `OpenWebUI` construct for any cdk8s app, and the values types.
 *
 *   new OpenWebUI(app, 'chat', { values: { secrets: { existingSecret: 'chat-secrets' } } });
 *
 * The values are what a values file holds; they are merged over the schema defaults and checked
 * with the same schema, rules and rendered-object checks as `npm run synth`, and every problem is
 * thrown at once as one ValuesError (format it with `formatProblems`).
 */
import { Construct } from 'constructs';
import { OpenWebUiChart } from '../charts/open-webui-chart';
import { Problem, ValuesError } from './errors';
import { K8sObject } from './manifests';
import { resolveLayers } from './pipeline';
import { renderedProblems } from './synth/guard';
import { ValuesInput } from './values/schema';

export interface OpenWebUIProps {
  /**
   * The values of one release, as a values file holds them (docs/values.md): every key is
   * optional and takes its default when left out.
   */
  readonly values: ValuesInput;
}

/** One release of Open WebUI: a cdk8s Chart (one manifest file when the app synthesizes). */
export class OpenWebUI extends OpenWebUiChart {
  /** Warnings the values raised (recommended settings and cautions), not acknowledged. */
  readonly warnings: readonly Problem[];
  constructor(scope: Construct, id: string, props: OpenWebUIProps) {
    const label = `(values of ${id})`;
    const env = resolveLayers(id, [{ label, data: structuredClone(props.values) as Record<string, unknown> }], [label]);
    super(scope, id, { model: env.model });
    const problems = renderedProblems(env, this.toJson() as unknown as K8sObject[]);
    if (problems.length) throw new ValuesError(problems);
    this.warnings = env.warnings;
  }
}

export { ValuesError } from './errors';
export type { Problem } from './errors';
export { formatProblems } from './values/report';
export type { Values, ValuesInput } from './values/schema';
