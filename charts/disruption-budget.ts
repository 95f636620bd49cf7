/** PodDisruptionBudget: node drains keep at least `minAvailable` replicas serving. */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface AppDisruptionBudgetProps {
  /** Name, namespace, labels and annotations. */
  readonly metadata: k8s.ObjectMeta;
  /** Labels of the pods it protects. */
  readonly selector: Record<string, string>;
  /** Pods (or a percentage, e.g. "50%") kept during voluntary disruptions. @default 1 */
  readonly minAvailable?: number | string;
}

/** L1 object: cdk8s-plus-28 has no PodDisruptionBudget construct. */
export class AppDisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: AppDisruptionBudgetProps) {
    super(scope, id);
    const minAvailable = props.minAvailable ?? 1;
    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        minAvailable:
          typeof minAvailable === 'number'
            ? k8s.IntOrString.fromNumber(minAvailable)
            : k8s.IntOrString.fromString(minAvailable),
        selector: { matchLabels: props.selector },
        // A crash-looping pod must not block a drain.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
