/** The Namespace, when the release renders it (`namespace.create`). */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { podOf } from '../src/check/policy';
import { strictestLevel } from '../src/check/pss';

/** Pod Security Admission version the labels pin (our schema baseline), so a cluster upgrade does not tighten the rules silently. */
export const POD_SECURITY_VERSION = 'v1.28';

/**
 * Pod Security Admission labels: enforce `level` (the strictest our pods pass), and warn/audit
 * at `restricted` so anything short of it shows up in `kubectl apply` output and audit logs.
 */
export function podSecurityLabels(level: 'baseline' | 'restricted'): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': POD_SECURITY_VERSION,
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': POD_SECURITY_VERSION,
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/audit-version': POD_SECURITY_VERSION,
  };
}

export interface AppNamespaceProps {
  /** Name, labels and annotations of the Namespace (cluster-scoped: no namespace). */
  readonly metadata: k8s.ObjectMeta;
}

/** L1 object: cdk8s-plus-28's Namespace adds an empty `spec: {}`. */
export class AppNamespace extends Construct {
  readonly object: k8s.KubeNamespace;
  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    this.object = new k8s.KubeNamespace(this, 'Resource', { metadata: props.metadata });
  }

  /**
   * Labels the Namespace with the strictest Pod Security level (baseline at least) that every pod
   * among `objects` (the chart's rendered objects) in this namespace passes (an extra object may
   * live in another one): `restricted` when every pod runs as non-root (nonRoot.enabled and
   * backends that comply), else `baseline`. A pod that does not even
   * pass baseline still gets `baseline`, and synth/check refuse it with the rule it breaks.
   *
   * Works on the objects the chart has already rendered (the top chart's `toJson`), so the chart
   * renders once: only this Namespace is rendered again, with its labels. Returns `objects` with
   * the Namespace replaced; idempotent.
   */
  withPodSecurityLabels(objects: Record<string, unknown>[]): Record<string, unknown>[] {
    const name = this.object.name;
    const pods = objects
      .filter((o) => (o.metadata as { namespace?: string } | undefined)?.namespace === name)
      .map((o) => podOf(o))
      .filter((p) => p !== undefined);
    const level = strictestLevel(pods) === 'restricted' ? 'restricted' : 'baseline';
    for (const [k, val] of Object.entries(podSecurityLabels(level))) this.object.metadata.addLabel(k, val);
    return objects.map((o) =>
      o.kind === 'Namespace' && (o.metadata as { name?: string } | undefined)?.name === name
        ? (this.object.toJson() as Record<string, unknown>)
        : o,
    );
  }
}
