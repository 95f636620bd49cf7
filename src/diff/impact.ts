/**
 * What a change does when it is applied: restarts pods, needs an immutable object recreated, runs
 * a migration, or deletes data. One warning line each, so a reviewer (or CI) sees the consequence.
 */
import { ObjectChange } from './semantic';

export interface Impact {
  readonly kind: 'restarts-pods' | 'recreates-object' | 'runs-migration' | 'deletes-data' | 'needs-restart';
  readonly message: string;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
/** Fields the API server refuses to change in place (kubectl apply / Argo CD sync fail until the object is recreated). */
const IMMUTABLE: Record<string, readonly string[]> = {
  Deployment: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  DaemonSet: ['spec.selector'],
  StatefulSet: ['spec.selector', 'spec.volumeClaimTemplates', 'spec.serviceName', 'spec.podManagementPolicy'],
  Job: ['spec'],
  PersistentVolumeClaim: [
    'spec.storageClassName',
    'spec.accessModes',
    'spec.volumeName',
    'spec.volumeMode',
    'spec.selector',
  ],
  Service: ['spec.clusterIP'],
};

const component = (o: ObjectChange) => (o.new ?? o.old)?.metadata.labels?.['app.kubernetes.io/component'];
const isMigrationJob = (o: ObjectChange) => o.kind === 'Job' && (component(o) === 'migration' || /migrat/.test(o.name));
const under = (path: string, prefix: string) =>
  path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
const storageOf = (o: unknown) =>
  (o as { spec?: { resources?: { requests?: { storage?: string } } } } | undefined)?.spec?.resources?.requests?.storage;

export function impactsOf(c: ObjectChange): Impact[] {
  const out: Impact[] = [];
  const what = `${c.kind} ${c.name}`;
  if (c.change === 'added') {
    if (isMigrationJob(c)) out.push({ kind: 'runs-migration', message: `runs a database migration: new ${what}` });
    return out;
  }
  if (c.change === 'removed') {
    if (c.kind === 'PersistentVolumeClaim')
      out.push({
        kind: 'deletes-data',
        message: `deletes ${what}: its data is lost unless the volume's reclaim policy is Retain`,
      });
    if (c.kind === 'Namespace') out.push({ kind: 'deletes-data', message: `deletes ${what} and everything in it` });
    return out;
  }
  if (WORKLOADS.has(c.kind)) {
    const template = c.fields.filter((f) => under(f.path, 'spec.template'));
    if (template.length) {
      const paths = template.map((f) => f.path.replace(/^spec\.template\./, ''));
      out.push({
        kind: 'restarts-pods',
        message: `restarts pods: ${what} rolls out a new pod template (${paths.slice(0, 3).join(', ')}${paths.length > 3 ? `, +${paths.length - 3} more` : ''})`,
      });
    }
  }
  const immutable = (IMMUTABLE[c.kind] ?? []).filter((prefix) => c.fields.some((f) => under(f.path, prefix)));
  if (immutable.length) {
    out.push({
      kind: 'recreates-object',
      message: `recreates ${what}: ${immutable.join(', ')} ${immutable.length === 1 ? 'is' : 'are'} immutable, so the object must be deleted and created again${c.kind === 'PersistentVolumeClaim' ? ' (a new, empty volume)' : ''}`,
    });
  }
  if (c.kind === 'PersistentVolumeClaim' && c.fields.some((f) => f.path === 'spec.resources.requests.storage')) {
    out.push({
      kind: 'recreates-object',
      message: `resizes ${what} from ${storageOf(c.old)} to ${storageOf(c.new)}: shrinking is refused; growing needs a StorageClass with allowVolumeExpansion`,
    });
  }
  if (c.kind === 'ExternalSecret' && c.fields.some((f) => under(f.path, 'spec'))) {
    out.push({
      kind: 'needs-restart',
      message: `needs a restart: ${what} changes where the app Secret's values come from; pods read them at start, so running pods keep the old values until restarted (kubectl rollout restart deployment)`,
    });
  }
  if (c.change === 'changed' && isMigrationJob(c))
    out.push({ kind: 'runs-migration', message: `runs a database migration: ${what} changed` });
  return out;
}
