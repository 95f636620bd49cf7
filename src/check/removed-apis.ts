/**
 * API versions a manifest must not use: removed from Kubernetes, either before our 1.28 baseline
 * or in the releases a cluster may be upgraded to (1.29 to 1.34). Source: the Kubernetes
 * "Deprecated API Migration Guide" (kubernetes.io/docs/reference/using-api/deprecation-guide/),
 * plus alpha APIs of 1.28 that later releases dropped.
 */
export interface RemovedApi {
  /** `group/version` (or `version` for the core group). */
  readonly apiVersion: string;
  /** Kinds affected; empty means every kind of that version. */
  readonly kinds: readonly string[];
  /** Release that stopped serving it. */
  readonly removedIn: string;
  /** Whose release: Kubernetes unless a CRD's project (e.g. "Gateway API"). */
  readonly product?: string;
  /** What to use instead. */
  readonly replacement: string;
}

export const REMOVED_APIS: readonly RemovedApi[] = [
  // Removed in the releases after our 1.28 baseline.
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'networking.k8s.io/v1alpha1',
    kinds: ['ClusterCIDR'],
    removedIn: '1.29',
    replacement: 'no replacement (alpha API dropped)',
  },
  {
    apiVersion: 'resource.k8s.io/v1alpha2',
    kinds: [],
    removedIn: '1.31',
    replacement: 'resource.k8s.io/v1 (dynamic resource allocation was redesigned)',
  },
  // Custom resources we render whose older versions their project stopped serving (the vendored
  // CRD schemas hold only served versions; these name the fix instead of "unknown kind").
  // Gateway API: HTTPRoute v1alpha2 was unserved in v0.8.0 and dropped from the CRDs in v1.0.0
  // (kubernetes-sigs/gateway-api config/crd/*/gateway.networking.k8s.io_httproutes.yaml at v0.8.0, v1.0.0).
  {
    apiVersion: 'gateway.networking.k8s.io/v1alpha2',
    kinds: ['HTTPRoute'],
    removedIn: 'v0.8.0',
    product: 'Gateway API',
    replacement: 'gateway.networking.k8s.io/v1',
  },
  // Removed before 1.28: the 1.28 schema no longer knows them; name the fix instead of "unknown kind".
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    removedIn: '1.27',
    replacement: 'storage.k8s.io/v1',
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: '1.26',
    replacement: 'autoscaling/v2',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: [],
    removedIn: '1.26',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1' },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    removedIn: '1.25',
    replacement: 'discovery.k8s.io/v1',
  },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    removedIn: '1.25',
    replacement: 'autoscaling/v2',
  },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: '1.25', replacement: 'policy/v1' },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: '1.25',
    replacement: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/*)',
  },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: [],
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kinds: ['CustomResourceDefinition'],
    removedIn: '1.22',
    replacement: 'apiextensions.k8s.io/v1',
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    kinds: ['APIService'],
    removedIn: '1.22',
    replacement: 'apiregistration.k8s.io/v1',
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    removedIn: '1.22',
    replacement: 'certificates.k8s.io/v1',
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kinds: ['Lease'],
    removedIn: '1.22',
    replacement: 'coordination.k8s.io/v1',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kinds: ['PriorityClass'],
    removedIn: '1.22',
    replacement: 'scheduling.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'NetworkPolicy', 'PodSecurityPolicy'],
    removedIn: '1.16',
    replacement: 'apps/v1 (workloads), networking.k8s.io/v1 (NetworkPolicy)',
  },
  { apiVersion: 'apps/v1beta1', kinds: [], removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: [], removedIn: '1.16', replacement: 'apps/v1' },
];

/** The removal that affects `apiVersion`/`kind`, if any. */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return REMOVED_APIS.find((r) => r.apiVersion === apiVersion && (r.kinds.length === 0 || r.kinds.includes(kind)));
}
