/** The Namespace, when the release renders it (`namespace.create`). */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Release } from './release';

export interface AppNamespaceProps {
  /** The release whose namespace this is. */
  readonly release: Release;
  /** Extra labels (e.g. Pod Security Standards) on top of `namespace.labels`. @default {} */
  readonly labels?: Record<string, string>;
}

export class AppNamespace extends Construct {
  readonly object: k8s.KubeNamespace;
  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    const { release } = props;
    const ns = release.values.namespace;
    this.object = new k8s.KubeNamespace(this, 'Resource', {
      metadata: release.metadata('namespace', release.namespace, { clusterScoped: true, labels: { ...ns.labels, ...(props.labels ?? {}) }, annotations: ns.annotations }),
    });
  }
}
