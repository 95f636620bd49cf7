/** ServiceAccount of the app pods. No API token is mounted: Open WebUI does not call the Kubernetes API. */
import { ApiObjectMetadata } from 'cdk8s';
import { ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface AppServiceAccountProps {
  /** Name, namespace, labels and annotations (e.g. `eks.amazonaws.com/role-arn` for IAM roles). */
  readonly metadata: ApiObjectMetadata;
}

/** The cdk8s-plus-28 ServiceAccount renders exactly this object, so it is used as is. */
export class AppServiceAccount extends Construct {
  constructor(scope: Construct, id: string, props: AppServiceAccountProps) {
    super(scope, id);
    new ServiceAccount(this, 'Resource', { metadata: props.metadata, automountToken: false });
  }
}
