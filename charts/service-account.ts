/** ServiceAccount of the app pods. No API token is mounted: Open WebUI does not call the Kubernetes API. */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Release } from './release';

export interface AppServiceAccountProps {
  /** The release. Reads `serviceAccount.*`. */
  readonly release: Release;
}

export class AppServiceAccount extends Construct {
  constructor(scope: Construct, id: string, props: AppServiceAccountProps) {
    super(scope, id);
    const { release } = props;
    new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: release.metadata('app', release.serviceAccountName, {
        annotations: release.values.serviceAccount.annotations,
      }),
      automountServiceAccountToken: false,
    });
  }
}
