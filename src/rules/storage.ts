/** Rules on file storage: the data volume (`persistence.*`) and object storage (`storage.*`). */
import { ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { CHECKLIST, finding, findingIf, Finding, Rule, rule } from './rule';
import { requirement } from './openwebui';

export function multiReplicaSharedStorage(v: Values, m: ReleaseModel): Finding[] {
  if (!m.processes.multi) return [];
  const objectStorage = v.storage.provider !== 'local';
  if (!v.persistence.enabled) {
    if (objectStorage) return []; // files in object storage; /app/backend/data is a per-pod emptyDir
    return [
      finding(
        ['persistence', 'enabled'],
        `${requirement(4, m)} needs shared file storage; with persistence off every replica keeps uploads in its own emptyDir and RAG files go missing.`,
        'Turn persistence on with accessModes: [ReadWriteMany], or send files to object storage (storage.provider: s3, gcs or azure).',
        false,
      ),
    ];
  }
  if (v.persistence.accessModes.includes('ReadWriteMany')) return [];
  if (v.environment.development && v.environment.singleNode && v.persistence.accessModes.includes('ReadWriteOnce'))
    return [];
  // The claim is mounted by every replica (and the migrator), whatever holds the uploads.
  return [
    finding(
      ['persistence', 'accessModes'],
      objectStorage
        ? `${requirement(4, m)}: every replica mounts the data claim on /app/backend/data even with storage.provider ${v.storage.provider}; ${v.persistence.accessModes.join(', ')} cannot be attached on several nodes, so pods on a second node fail with a Multi-Attach error.`
        : `${requirement(4, m)} needs /app/backend/data on a ReadWriteMany volume; ${v.persistence.accessModes.join(', ')} cannot be mounted by replicas on several nodes and uploads go missing.`,
      objectStorage
        ? 'Use accessModes: [ReadWriteMany], or persistence.enabled: false (a per-pod emptyDir; uploads live in object storage).'
        : 'Use accessModes: [ReadWriteMany] with an RWX storage class (EFS, NFS, CephFS, Azure Files), or storage.provider: s3, gcs or azure.',
      v.persistence.accessModes,
    ),
  ];
}

export function singleNodeStorage(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi &&
      v.environment.development &&
      v.environment.singleNode &&
      !v.persistence.accessModes.includes('ReadWriteMany') &&
      v.persistence.enabled,
    ['persistence', 'accessModes'],
    `All Open WebUI processes (${m.processes.reason}) share one ReadWriteOnce volume because environment.singleNode is set; this breaks as soon as a replica lands on a second node.`,
    'Fine for kind or minikube; use ReadWriteMany anywhere else.',
    v.persistence.accessModes,
  );
}

/**
 * ReadWriteOncePod admits one pod at all, but the migration Job and every app pod mount the data
 * claim at the same time (the app pods' `wait-for-migration` init container holds it while the Job
 * runs): whichever attaches first, the other never starts, and if it is the Job nothing ever serves.
 */
export function dataVolumeSinglePod(v: Values): Finding[] {
  return findingIf(
    v.persistence.enabled && v.persistence.accessModes.includes('ReadWriteOncePod'),
    ['persistence', 'accessModes'],
    "ReadWriteOncePod lets one pod mount the data claim, but the migration Job and the app pods mount it at the same time (each app pod's wait-for-migration init container holds it while the Job runs): if an app pod gets the volume first, the Job never starts and the app never serves.",
    'Use ReadWriteOnce (the chart then keeps every Open WebUI pod on the one node that has the volume) or ReadWriteMany.',
    v.persistence.accessModes,
  );
}

export const storageRules: readonly Rule[] = [
  rule(
    'multi-replica-shared-storage',
    'More than one process needs /app/backend/data on ReadWriteMany, or object storage.',
    'error',
    CHECKLIST,
    multiReplicaSharedStorage,
  ),
  rule(
    'single-node-storage',
    'Every process shares one ReadWriteOnce volume because environment.singleNode is set.',
    'warning',
    CHECKLIST,
    singleNodeStorage,
  ),
  rule(
    'data-volume-single-pod',
    'ReadWriteOncePod lets the migration Job or the app pods mount the data claim, never both.',
    'error',
    'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes',
    dataVolumeSinglePod,
  ),
];
