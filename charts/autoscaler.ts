/** HorizontalPodAutoscaler (autoscaling/v2) on CPU, with a slow, stabilised scale-down (websocket clients reconnect on every removal). */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Release } from './release';

export interface AppAutoscalerProps {
  /** The release. Reads `autoscaling.*`. */
  readonly release: Release;
  /** Name of the Deployment to scale. */
  readonly deploymentName: string;
}

export class AppAutoscaler extends Construct {
  constructor(scope: Construct, id: string, props: AppAutoscalerProps) {
    super(scope, id);
    const { release } = props;
    const a = release.values.autoscaling;
    const metrics: k8s.MetricSpecV2[] = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: a.targetCPUUtilizationPercentage },
        },
      },
    ];
    if (a.targetMemoryUtilizationPercentage !== undefined) {
      metrics.push({
        type: 'Resource',
        resource: {
          name: 'memory',
          target: { type: 'Utilization', averageUtilization: a.targetMemoryUtilizationPercentage },
        },
      });
    }
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: release.metadata('app', release.fullname),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deploymentName },
        minReplicas: a.minReplicas,
        maxReplicas: a.maxReplicas,
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
            stabilizationWindowSeconds: a.scaleDownStabilizationWindowSeconds,
            selectPolicy: 'Min',
            policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
          },
        },
      },
    });
  }
}
