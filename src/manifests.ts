/**
 * Rendered objects as files: the object type, Helm's install order, file names and the YAML
 * serialization every output (dist/<env>/, dist/argocd/, diff) shares.
 */
import { toYamlDocument } from './yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** Helm's install order: what a cluster needs first comes first (also the order of `kubectl apply -f dir/`). */
export const KIND_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ExternalSecret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicaSet',
  'StatefulSet',
  'Job',
  'CronJob',
  'Deployment',
  'HorizontalPodAutoscaler',
  'IngressClass',
  'Ingress',
  'AppProject',
  'Application',
  'ApplicationSet',
];

const order = (kind: string) => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

/** File name of an object inside `dist/<env>/`: install order, kind and name, e.g. `24-deployment-open-webui.yaml`. */
export function fileNameOf(obj: K8sObject): string {
  return `${String(order(obj.kind)).padStart(2, '0')}-${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`;
}

/** An object as YAML (src/yaml.ts: js-yaml's `dump` with `lineWidth: -1, noRefs: true`, byte for byte). */
export function toYaml(obj: unknown): string {
  return toYamlDocument(obj);
}
