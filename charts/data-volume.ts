/** The data volume on /app/backend/data: a claim shared by every replica (ReadWriteMany unless told otherwise). */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { storageClassField } from './pod-storage';

export interface DataVolumeProps {
  /** Name, namespace, labels and annotations (Argo CD sync options are added centrally). */
  readonly metadata: k8s.ObjectMeta;
  /** Access modes of the claim. @default ['ReadWriteMany'] */
  readonly accessModes?: readonly string[];
  /** Storage class, Helm convention ("-" = none). @default the cluster default */
  readonly storageClass?: string;
  /** Requested size, e.g. "10Gi". */
  readonly size: string;
}

/** L1 object: cdk8s-plus-28's PersistentVolumeClaim adds `volumeMode: Filesystem`. */
export class DataVolume extends Construct {
  constructor(scope: Construct, id: string, props: DataVolumeProps) {
    super(scope, id);
    new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        accessModes: [...(props.accessModes ?? ['ReadWriteMany'])],
        ...storageClassField(props.storageClass),
        resources: { requests: { storage: k8s.Quantity.fromString(props.size) } },
      },
    });
  }
}
