/**
 * The serving Deployment of Open WebUI: never runs migrations, no `spec.replicas` when the HPA owns
 * it, probes sized for a slow-starting Python app, spread over nodes and zones, and a grace period
 * that lets streaming responses finish.
 *
 * L1 object: cdk8s-plus-28's Deployment adds a `cdk8s.io/metadata.addr` selector label and its own
 * container defaults (security context, resources), which would change the selector and the pods.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { APP_PORT, AppPodSettings } from './app-pod';

/** An HTTP probe on the app port, as values describe it. */
export interface HttpProbe {
  readonly enabled: boolean;
  readonly path: string;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

export interface AppDeploymentProps {
  /** Name, namespace, labels and annotations of the Deployment. */
  readonly metadata: k8s.ObjectMeta & { readonly name: string };
  /** Fixed replica count. @default none: an autoscaler owns it (the field is not rendered) */
  readonly replicas?: number;
  /** Labels that select the app pods (immutable). */
  readonly selector: Record<string, string>;
  /** Pod template labels (the selector labels among them). */
  readonly podLabels: Record<string, string>;
  /** Pod template annotations (e.g. `checksum/secret`). @default {} */
  readonly podAnnotations?: Record<string, string>;
  /** Deployment strategy. @default RollingUpdate with maxSurge 1 and maxUnavailable 0 */
  readonly strategy?: k8s.DeploymentStrategy;
  /** Seconds before Kubernetes reports the rollout stuck (covers waiting for a migration). @default Kubernetes' 600 */
  readonly progressDeadlineSeconds?: number;
  /** The Open WebUI container (appContainer); the app port, probes and preStop hook are added here. */
  readonly container: k8s.Container;
  /** Startup, readiness and liveness probes on the app port. @default none */
  readonly probes?: { readonly startup?: HttpProbe; readonly readiness?: HttpProbe; readonly liveness?: HttpProbe };
  /** Seconds a stopping pod keeps serving (preStop `sleep`) so load balancers deregister it first. @default 0 (no hook) */
  readonly preStopSleepSeconds?: number;
  /** Pod-level settings shared with the migration Job. */
  readonly podSettings: AppPodSettings;
  /** Seconds a stopping pod gets to finish streaming responses. @default Kubernetes' 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** Topology spread constraints. @default none */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  /** Init containers that must finish before the app starts (values' init containers, then the migration waiter). @default none */
  readonly initContainers?: k8s.Container[];
  /** Containers next to the Open WebUI container (values' sidecars). @default none */
  readonly sidecars?: k8s.Container[];
  /** Replaces the Open WebUI container's command (the image's `bash start.sh`). @default the image's */
  readonly command?: string[];
  /** Replaces the Open WebUI container's arguments. @default the image's */
  readonly args?: string[];
}

function httpProbe(p: HttpProbe | undefined): k8s.Probe | undefined {
  if (!p?.enabled) return undefined;
  return {
    httpGet: { path: p.path, port: k8s.IntOrString.fromString('http') },
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
  };
}

/** Spread over hostnames and zones; soft by default so single-node clusters still schedule. */
export function topologySpread(
  t: { readonly maxSkew: number; readonly whenUnsatisfiable: string },
  selector: Record<string, string>,
): k8s.TopologySpreadConstraint[] {
  return ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
    maxSkew: t.maxSkew,
    topologyKey,
    whenUnsatisfiable: t.whenUnsatisfiable,
    labelSelector: { matchLabels: selector },
  }));
}

export class AppDeployment extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: AppDeploymentProps) {
    super(scope, id);
    this.name = props.metadata.name;
    const pre = props.preStopSleepSeconds ?? 0;
    const container: k8s.Container = {
      ...props.container,
      ...(props.command?.length ? { command: props.command } : {}),
      ...(props.args?.length ? { args: props.args } : {}),
      ports: [{ name: 'http', containerPort: APP_PORT, protocol: 'TCP' }],
      startupProbe: httpProbe(props.probes?.startup),
      readinessProbe: httpProbe(props.probes?.readiness),
      livenessProbe: httpProbe(props.probes?.liveness),
      ...(pre > 0 ? { lifecycle: { preStop: { exec: { command: ['sleep', String(pre)] } } } } : {}),
    };
    const annotations = props.podAnnotations ?? {};
    const spread = props.topologySpreadConstraints ?? [];
    new k8s.KubeDeployment(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        ...(props.replicas !== undefined ? { replicas: props.replicas } : {}),
        revisionHistoryLimit: 5,
        ...(props.progressDeadlineSeconds ? { progressDeadlineSeconds: props.progressDeadlineSeconds } : {}),
        selector: { matchLabels: props.selector },
        strategy: props.strategy ?? {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) },
        },
        template: {
          metadata: {
            labels: props.podLabels,
            ...(Object.keys(annotations).length ? { annotations } : {}),
          },
          spec: {
            ...props.podSettings,
            terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
            ...(spread.length ? { topologySpreadConstraints: spread } : {}),
            ...(props.initContainers?.length ? { initContainers: props.initContainers } : {}),
            containers: [container, ...(props.sidecars ?? [])],
          },
        },
      },
    });
  }
}
