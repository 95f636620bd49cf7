/**
 * The Deployment's rollout strategy from `upgrade.strategy`.
 *
 * `recreate` (default): Kubernetes stops every old pod before it creates a new one; the new pods
 * wait (init container) for their migration Job, which itself waits until the old pods are gone.
 * So no old pod serves while, or after, the new version migrates. Every change of the pod
 * template costs a short outage (README "Upgrades").
 *
 * `rollingUpdate` (opt-in, for releases known to be additive): surge pods of the new version
 * start (after their migration Job) while old pods still serve; two versions share the database.
 */
import { k8s } from 'cdk8s-plus-28';
import { Values } from '../src/values/schema';

const intOrString = (x: number | string) =>
  typeof x === 'number' ? k8s.IntOrString.fromNumber(x) : k8s.IntOrString.fromString(x);

export function deploymentStrategy(u: Values['upgrade']): k8s.DeploymentStrategy {
  if (u.strategy === 'recreate') return { type: 'Recreate' };
  return {
    type: 'RollingUpdate',
    rollingUpdate: {
      maxSurge: intOrString(u.rollingUpdate.maxSurge),
      maxUnavailable: intOrString(u.rollingUpdate.maxUnavailable),
    },
  };
}

/**
 * The Deployment's progressDeadlineSeconds: new pods may wait for the whole migration Job
 * (`activeDeadlineSeconds`, which includes the wait for old pods) and then for the startup probe,
 * so a slow but healthy upgrade is not reported failed (Argo CD: Degraded) half-way.
 */
export function rolloutDeadlineSeconds(migrationDeadlineSeconds: number, s: Values['probes']['startup']): number {
  const startup = s.enabled ? s.initialDelaySeconds + s.periodSeconds * s.failureThreshold : 0;
  return migrationDeadlineSeconds + startup + 60;
}
