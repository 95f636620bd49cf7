/** Storage and pod-security pieces shared by the app's data volume and the in-release StatefulSets. */
import { k8s } from 'cdk8s-plus-28';

/** Helm's storage class convention: unset = the cluster default (field omitted), "-" = no class (""). */
export function storageClassField(storageClass: string | undefined): { storageClassName?: string } {
  return storageClass === undefined ? {} : { storageClassName: storageClass === '-' ? '' : storageClass };
}

export interface DataClaimTemplateProps {
  /** Requested size, e.g. "8Gi". */
  readonly size: string;
  /** Storage class (Helm convention). @default the cluster default */
  readonly storageClass?: string;
  /** Labels on the claims. */
  readonly labels: Record<string, string>;
}

/** The `data` volumeClaimTemplate of a single-writer StatefulSet (ReadWriteOnce). */
export function dataClaimTemplate(props: DataClaimTemplateProps): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name: 'data', labels: props.labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...storageClassField(props.storageClass),
      resources: { requests: { storage: k8s.Quantity.fromString(props.size) } },
    },
  };
}

/** Pod security context of a backend that runs as a fixed non-root user and owns its volumes. */
export function nonRootPodSecurityContext(uid: number): k8s.PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' } };
}
