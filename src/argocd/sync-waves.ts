/**
 * Argo CD sync waves and sync options, applied centrally to every rendered object by kind and
 * `app.kubernetes.io/component`, so objects added by any construct get a sensible wave.
 *
 * | wave | what |
 * |---|---|
 * | -3 | Namespace |
 * | -2 | configuration: Secrets, ExternalSecrets, ConfigMaps, ServiceAccounts, RBAC, NetworkPolicies, Services, PDBs, GKE BackendConfigs (named by the Service), Priority/Runtime/StorageClasses (any component) |
 * | -1 | backing services: every other object of component `redis` or `postgresql` (StatefulSets, their Deployments) |
 * |  0 | the migration Job, and the data PersistentVolumeClaim (with a `WaitForFirstConsumer` storage class a claim stays Pending, which Argo CD reads as Progressing, until a pod uses it: an earlier wave would never finish) |
 * |  0 | the app Deployment with `upgrade.strategy: recreate` (same wave as the Job: the Job waits for the old pods to stop, which only happens once the Deployment is updated; the new pods wait for the Job) |
 * |  1 | the app Deployment with `upgrade.strategy: rollingUpdate` (after the Job is healthy, i.e. complete) |
 * | app+1 | what fronts or scales the app: Ingress, HTTPRoute and what its implementation reads, HorizontalPodAutoscaler, anything else |
 *
 * Only annotations: no Argo CD hooks, so `kubectl apply -f dist/<env>/` works the same (its
 * order comes from the file names and from the waiters). The Namespace and every PVC carry
 * `Prune=false,Delete=false` so data survives a deletion from Git or of the Application.
 */
import { SYNC_WAVE_ANNOTATION } from '../model/names';
import { Values } from '../values/schema';

type Strategy = Values['upgrade']['strategy'];

export const SYNC_WAVE = SYNC_WAVE_ANNOTATION;
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
export const KEEP_OPTIONS = ['Prune=false', 'Delete=false'];

export const WAVES = { namespace: -3, config: -2, backing: -1, migration: 0 } as const;

const CONFIG_KINDS = new Set([
  'ServiceAccount',
  'Secret',
  'ExternalSecret',
  'SecretStore',
  'ConfigMap',
  'Role',
  'RoleBinding',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'Service',
  'BackendConfig',
  // Cluster-wide classes a pod or claim names (from extraObjects): before anything uses them.
  'PriorityClass',
  'RuntimeClass',
  'StorageClass',
]);
const KEEP_KINDS = new Set(['Namespace', 'PersistentVolumeClaim']);
const BACKING_COMPONENTS = new Set(['redis', 'postgresql']);

interface Obj {
  kind: string;
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** Wave of the app Deployment: with the Job under `recreate`, after it under `rollingUpdate`. */
export function appWave(strategy: Strategy): number {
  return strategy === 'recreate' ? WAVES.migration : WAVES.migration + 1;
}

/** The sync wave of one object. */
export function syncWaveOf(obj: Obj, strategy: Strategy): number {
  const component = obj.metadata.labels?.['app.kubernetes.io/component'];
  if (obj.kind === 'Namespace') return WAVES.namespace;
  if (obj.kind === 'PersistentVolumeClaim') return WAVES.migration; // with its first consumers (the Job, the app)
  if (CONFIG_KINDS.has(obj.kind)) return WAVES.config;
  if (component && BACKING_COMPONENTS.has(component)) return WAVES.backing;
  if (obj.kind === 'Job' && component === 'migration') return WAVES.migration;
  if (obj.kind === 'Deployment' && component === 'app') return appWave(strategy);
  return appWave(strategy) + 1;
}

/**
 * Adds the sync wave (and keep options) to every object; returns the same array. An object for
 * which `keepWave` holds keeps a wave it already carries (an extra object from values).
 */
export function applyArgoCdSyncWaves<T extends Obj>(
  objects: T[],
  strategy: Strategy,
  keepWave: (obj: T) => boolean = () => false,
): T[] {
  for (const obj of objects) {
    const own = keepWave(obj) ? obj.metadata.annotations?.[SYNC_WAVE] : undefined;
    const annotations: Record<string, string> = {
      ...(obj.metadata.annotations ?? {}),
      [SYNC_WAVE]: own ?? String(syncWaveOf(obj, strategy)),
    };
    if (KEEP_KINDS.has(obj.kind)) {
      const existing = (annotations[SYNC_OPTIONS] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      annotations[SYNC_OPTIONS] = [
        ...existing.filter((o) => !KEEP_OPTIONS.some((k) => o.split('=')[0] === k.split('=')[0])),
        ...KEEP_OPTIONS,
      ].join(',');
    }
    obj.metadata.annotations = annotations;
  }
  return objects;
}
