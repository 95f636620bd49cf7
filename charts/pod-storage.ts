/** Storage, pod-security and StatefulSet pieces shared by the app's data volume and the in-release backends (Redis, PostgreSQL). */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

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

/** Container security context of a process that runs as a fixed non-root user on a read-only root filesystem. */
export function nonRootContainerSecurityContext(uid: number, gid: number = uid): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: gid,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod security context of a backend that runs as a fixed non-root user and owns its volumes. */
export function nonRootPodSecurityContext(uid: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export interface BackendStatefulSetSpecProps {
  /** The headless Service that gives the pod its stable name. */
  readonly serviceName: string;
  /** Selector labels of the pod (immutable). */
  readonly selector: Record<string, string>;
  /** Pod labels and annotations (checksums, warnings). */
  readonly podMetadata: k8s.ObjectMeta;
  /** The fixed non-root user the image runs as (and owns its volumes). */
  readonly uid: number;
  /** Seconds the server gets to flush and stop. */
  readonly terminationGracePeriodSeconds: number;
  /** The backend's container. */
  readonly container: k8s.Container;
  /** Containers running beside it in the pod (e.g. a metrics exporter). @default none */
  readonly sidecars?: k8s.Container[];
  /** Pod volumes other than `data`. */
  readonly volumes: k8s.Volume[];
  /** The `data` volume: a retained claim per pod, or an emptyDir when persistence is off. */
  readonly persistence: BackendPersistence;
}

/** What every in-release backend (the in-cluster Redis, the development PostgreSQL) is given. */
export interface BackendProps {
  /** Metadata of the StatefulSet; its name is also the client Service's, and every object shares its labels. */
  readonly metadata: k8s.ObjectMeta & { readonly name: string; readonly labels: Record<string, string> };
  /** Name of the headless Service that gives the pod its stable name. */
  readonly headlessName: string;
  /** Labels that select the backend pod (immutable). */
  readonly selector: Record<string, string>;
  /** Image reference. */
  readonly image: string;
  /** Image pull policy. @default 'IfNotPresent' */
  readonly imagePullPolicy?: string;
  /** Container resources. */
  readonly resources: k8s.ResourceRequirements;
  /** The data volume (`/data` for Redis): a retained claim, or an emptyDir. */
  readonly persistence: BackendPersistence;
}

/** The data volume of an in-release backend. */
export interface BackendPersistence {
  /** A retained claim per pod; off: an emptyDir. */
  readonly enabled: boolean;
  /** Requested size, e.g. "1Gi". */
  readonly size: string;
  /** Storage class (Helm convention). @default the cluster default */
  readonly storageClass?: string;
}

export interface BackendServicesProps {
  /** Metadata of the client Service (its name too); the headless Service shares its labels. */
  readonly metadata: k8s.ObjectMeta & { readonly name: string };
  /** Name of the headless Service. */
  readonly headlessName: string;
  /** Labels of the backend pods. */
  readonly selector: Record<string, string>;
  /** The backend's port. */
  readonly port: number;
  /** Name of the Service port, and of the container port it targets. */
  readonly portName: string;
}

/** The headless Service (stable pod names, published before readiness) and the client Service of an in-release backend. */
export function backendServices(scope: Construct, props: BackendServicesProps): void {
  const ports: k8s.ServicePort[] = [
    { name: props.portName, port: props.port, targetPort: k8s.IntOrString.fromString(props.portName), protocol: 'TCP' },
  ];
  const { selector } = props;
  new k8s.KubeService(scope, 'Headless', {
    metadata: { ...props.metadata, name: props.headlessName },
    spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports },
  });
  new k8s.KubeService(scope, 'Service', { metadata: props.metadata, spec: { type: 'ClusterIP', selector, ports } });
}

/**
 * A one-replica StatefulSet spec for an in-release backend: no API token, no service links, a
 * non-root pod, and a `data` claim that is kept when the StatefulSet is deleted or scaled down.
 */
export function backendStatefulSetSpec(props: BackendStatefulSetSpecProps): k8s.StatefulSetSpec {
  const { persistence } = props;
  return {
    serviceName: props.serviceName,
    replicas: 1,
    selector: { matchLabels: props.selector },
    updateStrategy: { type: 'RollingUpdate' },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    template: {
      metadata: props.podMetadata,
      spec: {
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: nonRootPodSecurityContext(props.uid),
        terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
        containers: [props.container, ...(props.sidecars ?? [])],
        volumes: [...props.volumes, ...(persistence.enabled ? [] : [{ name: 'data', emptyDir: {} }])],
      },
    },
    ...(persistence.enabled
      ? {
          volumeClaimTemplates: [
            dataClaimTemplate({
              size: persistence.size,
              storageClass: persistence.storageClass,
              labels: props.selector,
            }),
          ],
        }
      : {}),
  };
}
