/**
 * The serving Deployment of Open WebUI: never runs migrations, no `spec.replicas` when the HPA owns
 * it, probes sized for a slow-starting Python app, spread over nodes and zones, and a grace period
 * that lets streaming responses finish.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Values } from '../src/values/schema';
import { APP_PORT, appContainer, appPodSettings } from './app-pod';
import { Release } from './release';

export interface AppDeploymentProps {
  /** The release. */
  readonly release: Release;
  /** Annotations added to the pod template (e.g. `checksum/secret`). @default {} */
  readonly podAnnotations?: Record<string, string>;
  /** Deployment strategy. @default RollingUpdate with maxSurge 1 and maxUnavailable 0 */
  readonly strategy?: k8s.DeploymentStrategy;
  /** Init containers that must finish before the app starts. @default none */
  readonly initContainers?: k8s.Container[];
  /** Labels added to the pod template (never to the selector). @default {} */
  readonly podLabels?: Record<string, string>;
  /** Seconds before Kubernetes reports the rollout stuck (covers waiting for a migration). @default Kubernetes' 600 */
  readonly progressDeadlineSeconds?: number;
  /** Volumes added to the pod (e.g. the waiter's projected token). @default none */
  readonly extraPodVolumes?: k8s.Volume[];
}

function httpProbe(p: Values['probes']['startup']): k8s.Probe | undefined {
  if (!p.enabled) return undefined;
  return {
    httpGet: { path: p.path, port: k8s.IntOrString.fromString('http') },
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
  };
}

/** Spread over hostnames and zones; soft by default so single-node clusters still schedule. */
export function topologySpread(release: Release, component: string): k8s.TopologySpreadConstraint[] {
  const t = release.values.topologySpread;
  if (!t.enabled) return [];
  return ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
    maxSkew: t.maxSkew,
    topologyKey,
    whenUnsatisfiable: t.whenUnsatisfiable,
    labelSelector: { matchLabels: release.selectorLabels(component) },
  }));
}

export class AppDeployment extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: AppDeploymentProps) {
    super(scope, id);
    const { release } = props;
    const v = release.values;
    this.name = release.fullname;
    const container: k8s.Container = {
      ...appContainer(release, { runMigrations: false }),
      ports: [{ name: 'http', containerPort: APP_PORT, protocol: 'TCP' }],
      startupProbe: httpProbe(v.probes.startup),
      readinessProbe: httpProbe(v.probes.readiness),
      livenessProbe: httpProbe(v.probes.liveness),
      ...(v.preStopSleepSeconds > 0
        ? { lifecycle: { preStop: { exec: { command: ['sleep', String(v.preStopSleepSeconds)] } } } }
        : {}),
    };
    const podAnnotations = { ...v.podAnnotations, ...(props.podAnnotations ?? {}) };
    const spread = topologySpread(release, 'app');
    const settings = appPodSettings(release);
    const podSettings = props.extraPodVolumes?.length
      ? { ...settings, volumes: [...(settings.volumes ?? []), ...props.extraPodVolumes] }
      : settings;
    new k8s.KubeDeployment(this, 'Resource', {
      metadata: release.metadata('app', this.name),
      spec: {
        ...(v.autoscaling.enabled ? {} : { replicas: v.replicaCount }),
        revisionHistoryLimit: 5,
        ...(props.progressDeadlineSeconds ? { progressDeadlineSeconds: props.progressDeadlineSeconds } : {}),
        selector: { matchLabels: release.selectorLabels('app') },
        strategy: props.strategy ?? {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) },
        },
        template: {
          metadata: {
            labels: { ...v.podLabels, ...release.labels('app'), ...(props.podLabels ?? {}) },
            ...(Object.keys(podAnnotations).length ? { annotations: podAnnotations } : {}),
          },
          spec: {
            ...podSettings,
            terminationGracePeriodSeconds: v.terminationGracePeriodSeconds,
            ...(spread.length ? { topologySpreadConstraints: spread } : {}),
            ...(props.initContainers?.length ? { initContainers: props.initContainers } : {}),
            containers: [container],
          },
        },
      },
    });
  }
}
