/**
 * What a change does when it is applied: restarts pods, needs an immutable object recreated, runs
 * a migration, deletes data, or changes a setting Open WebUI reads once (src/diff/settings.ts). One
 * warning line each, so a reviewer (or CI) sees the consequence.
 */
import { ObjectChange } from './semantic';
import { settingImpacts } from './settings';

export interface Impact {
  readonly kind:
    | 'restarts-pods'
    | 'recreates-object'
    | 'runs-migration'
    | 'deletes-data'
    | 'needs-restart'
    | 'changes-address'
    | 'first-boot-seed'
    | 'vector-table';
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
  Service: ['spec.clusterIP', 'spec.loadBalancerClass'],
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
  out.push(...settingImpacts(c));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The way in: Ingress and HTTPRoute objects carry the address users reach

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

/** An object that brings users to the app: an Ingress, or an HTTPRoute with a backend (not a redirect-only route). */
const isWayIn = (o: Obj | undefined): boolean =>
  !!o &&
  (o.kind === 'Ingress' ||
    (o.kind === 'HTTPRoute' && (o.spec?.rules ?? []).some((r: Obj) => (r.backendRefs ?? []).length > 0)));

/** What carries the address: the host names and the load balancer (IngressClass / annotation, or the Gateways). */
function addressOf(o: Obj): { hosts: string[]; via: string } {
  if (o.kind === 'Ingress') {
    const hosts = (o.spec?.rules ?? []).map((r: Obj) => r.host).filter(Boolean);
    const cls = o.spec?.ingressClassName ?? o.metadata?.annotations?.['kubernetes.io/ingress.class'];
    return { hosts, via: `the ${cls ?? 'default'} ingress controller's load balancer` };
  }
  const gws = (o.spec?.parentRefs ?? []).map(
    (p: Obj) => `${p.namespace ?? o.metadata?.namespace}/${p.name}${p.sectionName ? `:${p.sectionName}` : ''}`,
  );
  return { hosts: o.spec?.hostnames ?? [], via: `Gateway ${gws.join(', ')}` };
}

const describe = (c: ObjectChange, o: Obj) => {
  const a = addressOf(o);
  return `${c.kind} ${c.name} (${a.hosts.length ? a.hosts.join(', ') : 'any host'} through ${a.via})`;
};

/**
 * Warnings for changes to the way in, across objects: switching from an Ingress to a route (or
 * back) moves users to another load balancer address; removing one, or changing host names,
 * the class or the Gateways of one, changes the address users reach.
 */
export function wayInImpacts(changes: readonly ObjectChange[]): Impact[] {
  const out: Impact[] = [];
  const removed = changes.filter((c) => c.change === 'removed' && isWayIn(c.old));
  const added = changes.filter((c) => c.change === 'added' && isWayIn(c.new));
  const moved = new Set<ObjectChange>();
  for (const r of removed) {
    const to = added.find((a) => a.kind !== r.kind);
    if (!to) continue;
    moved.add(r).add(to);
    out.push({
      kind: 'changes-address',
      message: `changes the address users reach: ${describe(r, r.old!)} is replaced by ${describe(to, to.new!)}; the host names then resolve to another load balancer. Point DNS at the new one before the old object goes, or keep both for a while (route.alongsideIngress)`,
    });
  }
  for (const r of removed.filter((c) => !moved.has(c)))
    out.push({
      kind: 'changes-address',
      message: `removes a way in: ${describe(r, r.old!)}; users of those host names can no longer reach the app through it`,
    });
  for (const a of added.filter((c) => !moved.has(c)))
    out.push({
      kind: 'changes-address',
      message: `adds a way in: ${describe(a, a.new!)}; users reach it once DNS for those host names points at that load balancer`,
    });
  for (const c of changes.filter((x) => x.change === 'changed' && isWayIn(x.new) && isWayIn(x.old))) {
    const before = addressOf(c.old!);
    const after = addressOf(c.new!);
    if (JSON.stringify(before) !== JSON.stringify(after))
      out.push({
        kind: 'changes-address',
        message: `changes the address users reach: ${c.kind} ${c.name} served ${before.hosts.join(', ') || 'any host'} through ${before.via}, now ${after.hosts.join(', ') || 'any host'} through ${after.via}`,
      });
  }
  return out;
}
