/** The data volume on /app/backend/data: a ReadWriteMany claim shared by every replica, or an existing claim. */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { storageClassField } from './pod-storage';
import { Release } from './release';

export const DATA_MOUNT_PATH = '/app/backend/data';

export interface DataVolumeProps {
  /** The release. Reads `persistence.*`. */
  readonly release: Release;
  /** Extra annotations on the claim (e.g. Argo CD sync options). @default {} */
  readonly annotations?: Record<string, string>;
}

export class DataVolume extends Construct {
  /** Name of the claim the pods mount (rendered or existing). */
  readonly claimName: string;
  constructor(scope: Construct, id: string, props: DataVolumeProps) {
    super(scope, id);
    const { release } = props;
    const p = release.values.persistence;
    this.claimName = DataVolume.claimName(release);
    if (p.existingClaim) return;
    new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: release.metadata('app', this.claimName, {
        annotations: { ...p.annotations, ...(props.annotations ?? {}) },
      }),
      spec: {
        accessModes: p.accessModes,
        ...storageClassField(p.storageClass),
        resources: { requests: { storage: k8s.Quantity.fromString(p.size) } },
      },
    });
  }

  /** Name of the claim the pods mount: `persistence.existingClaim`, or `<fullname>-data`. */
  static claimName(release: Release): string {
    return release.values.persistence.existingClaim ?? release.objectName('data');
  }

  /** The pod volume for /app/backend/data: the claim, or an emptyDir when persistence is off. */
  static podVolume(release: Release): k8s.Volume {
    return release.values.persistence.enabled
      ? { name: 'data', persistentVolumeClaim: { claimName: DataVolume.claimName(release) } }
      : { name: 'data', emptyDir: {} };
  }
}
