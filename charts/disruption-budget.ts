/** PodDisruptionBudget: node drains keep at least `minAvailable` replicas serving. */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Release } from './release';

export interface AppDisruptionBudgetProps {
  /** The release. Reads `podDisruptionBudget.*`. */
  readonly release: Release;
}

export class AppDisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: AppDisruptionBudgetProps) {
    super(scope, id);
    const { release } = props;
    const { minAvailable } = release.values.podDisruptionBudget;
    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: release.metadata('app', release.fullname),
      spec: {
        minAvailable:
          typeof minAvailable === 'number'
            ? k8s.IntOrString.fromNumber(minAvailable)
            : k8s.IntOrString.fromString(minAvailable),
        selector: { matchLabels: release.selectorLabels('app') },
        // A crash-looping pod must not block a drain.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
