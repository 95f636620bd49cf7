/**
 * One environment of Open WebUI as a cdk8s Chart: composes one construct per concern from
 * validated values. Values are validated before this runs (src/values/pipeline.ts).
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Values } from '../src/values/schema';
import { AppAutoscaler } from './autoscaler';
import { AppDeployment } from './app-deployment';
import { AppIngress } from './app-ingress';
import { AppSecret } from './app-secret';
import { AppExternalSecret } from './external-secret';
import { AppService } from './app-service';
import { DataVolume } from './data-volume';
import { AppDisruptionBudget } from './disruption-budget';
import { AppNamespace } from './namespace';
import { AppNetworkPolicy } from './network-policy';
import { Release } from './release';
import { AppServiceAccount } from './service-account';

export interface OpenWebUiChartProps {
  /** Validated values of the environment. */
  readonly values: Values;
}

export class OpenWebUiChart extends Chart {
  readonly release: Release;
  constructor(scope: Construct, id: string, props: OpenWebUiChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const release = (this.release = new Release(props.values));
    const v = props.values;

    const namespace = v.namespace.create ? new AppNamespace(this, 'Namespace', { release }) : undefined;
    // Merge point: pass `backends` ([{component: 'redis', ports: [6379]}, ...]) for in-release
    // Redis/PostgreSQL, and add a BackendNetworkPolicy for each (charts/network-policy.ts).
    if (v.networkPolicy.enabled) new AppNetworkPolicy(this, 'NetworkPolicy', { release });
    if (v.serviceAccount.create) new AppServiceAccount(this, 'ServiceAccount', { release });

    const podAnnotations: Record<string, string> = {};
    if (v.secrets.source === 'inline') podAnnotations['checksum/secret'] = new AppSecret(this, 'Secret', { release }).checksum;
    if (v.secrets.source === 'externalSecret') new AppExternalSecret(this, 'ExternalSecret', { release });

    if (v.persistence.enabled) new DataVolume(this, 'Data', { release });

    const deployment = new AppDeployment(this, 'Deployment', { release, podAnnotations });
    const service = new AppService(this, 'Service', { release });
    if (v.autoscaling.enabled) new AppAutoscaler(this, 'Autoscaler', { release, deploymentName: deployment.name });
    if (v.podDisruptionBudget.enabled) new AppDisruptionBudget(this, 'DisruptionBudget', { release });
    if (v.ingress.enabled) new AppIngress(this, 'Ingress', { release, serviceName: service.name, servicePort: service.port });

    // Last: the Namespace enforces the strictest Pod Security level every pod rendered above passes.
    namespace?.enforcePodSecurity(this);
  }
}
