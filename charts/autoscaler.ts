/** HorizontalPodAutoscaler (autoscaling/v2) on CPU, with a slow, stabilised scale-down (websocket clients reconnect on every removal). */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface AppAutoscalerProps {
  /** Name, namespace, labels and annotations. */
  readonly metadata: k8s.ObjectMeta;
  /** Name of the Deployment to scale. */
  readonly deploymentName: string;
  /** Lowest replica count. */
  readonly minReplicas: number;
  /** Highest replica count. */
  readonly maxReplicas: number;
  /** Average CPU utilisation (percent of the request) to aim for. */
  readonly targetCPUUtilizationPercentage: number;
  /** Average memory utilisation (percent of the request) to aim for. @default no memory target */
  readonly targetMemoryUtilizationPercentage?: number;
  /** Seconds load must stay low before pods are removed. @default 300 */
  readonly scaleDownStabilizationWindowSeconds?: number;
}

/** L1 object: cdk8s-plus-28's HorizontalPodAutoscaler renders its own scaling behaviour defaults. */
export class AppAutoscaler extends Construct {
  constructor(scope: Construct, id: string, props: AppAutoscalerProps) {
    super(scope, id);
    const target = (name: string, averageUtilization: number): k8s.MetricSpecV2 => ({
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization } },
    });
    const metrics = [target('cpu', props.targetCPUUtilizationPercentage)];
    if (props.targetMemoryUtilizationPercentage !== undefined)
      metrics.push(target('memory', props.targetMemoryUtilizationPercentage));
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deploymentName },
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        metrics,
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: 'Max',
            policies: [
              { type: 'Percent', value: 100, periodSeconds: 60 },
              { type: 'Pods', value: 2, periodSeconds: 60 },
            ],
          },
          scaleDown: {
            stabilizationWindowSeconds: props.scaleDownStabilizationWindowSeconds ?? 300,
            selectPolicy: 'Min',
            policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
          },
        },
      },
    });
  }
}
