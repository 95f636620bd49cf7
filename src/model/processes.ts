/** How many Open WebUI processes an environment can run, and the database connections they can hold. */
import { Values } from '../values/schema';

export interface ProcessModel {
  /** Fewest pods (replicaCount, or autoscaling.minReplicas). */
  readonly minPods: number;
  /** Most pods (replicaCount, or autoscaling.maxReplicas). */
  readonly maxPods: number;
  /** Uvicorn workers per pod. */
  readonly workers: number;
  /** More than one process anywhere: every multi-replica requirement applies. */
  readonly multi: boolean;
  /** Why `multi` is true, for messages ("replicaCount is 2"). */
  readonly reason: string;
}

export function processModel(v: Values): ProcessModel {
  const minPods = v.autoscaling.enabled ? v.autoscaling.minReplicas : v.replicaCount;
  const maxPods = v.autoscaling.enabled ? v.autoscaling.maxReplicas : v.replicaCount;
  const workers = v.openwebui.uvicornWorkers;
  const reasons: string[] = [];
  if (v.autoscaling.enabled && maxPods > 1) reasons.push(`autoscaling.maxReplicas is ${maxPods}`);
  else if (!v.autoscaling.enabled && maxPods > 1) reasons.push(`replicaCount is ${maxPods}`);
  if (workers > 1) reasons.push(`openwebui.uvicornWorkers is ${workers}`);
  // A rolling update runs old and new pods side by side: a single replica is two processes then.
  if (maxPods === 1 && surgePods(v, maxPods) > 0)
    reasons.push('a rolling update (upgrade.strategy: rollingUpdate) runs a surge pod next to the replica');
  return { minPods, maxPods, workers, multi: reasons.length > 0, reason: reasons.join(' and ') };
}

export interface ConnectionBudget {
  /** database.pool size + max overflow: the app's own pool in one process (and the migrator's). */
  readonly appPool: number;
  /**
   * vectorDb.pgvector.pool size + max overflow when that second pool reaches the app's database
   * server (vectorDb.type pgvector without separateUrl), else 0.
   */
  readonly vectorPool: number;
  /** appPool + vectorPool: the most connections one serving process opens. */
  readonly perProcess: number;
  /** Extra pods a rolling update may add on top of the highest replica count (0 with `upgrade.strategy: recreate`). */
  readonly surgePods: number;
  /** Serving processes at the highest replica count, surge pods included ((pods + surge) x workers). */
  readonly servingProcesses: number;
  /** Connections of the one migrator process. */
  readonly migrator: number;
  /** Connections kept free for administrators. */
  readonly reserved: number;
  /** Worst case: perProcess x servingProcesses + migrator + reserved. */
  readonly worstCase: number;
  /** The server's declared max_connections. */
  readonly maxConnections: number;
}

export function connectionBudget(v: Values): ConnectionBudget {
  const { maxPods, workers } = processModel(v);
  const appPool = v.database.pool.size + v.database.pool.maxOverflow;
  // Open WebUI's pgvector client opens its own pool in every serving process (PGVECTOR_DB_URL
  // defaults to DATABASE_URL); the migrator only imports the config and never opens it.
  const vdb = v.vectorDb;
  const vectorPool =
    vdb.type === 'pgvector' && !vdb.pgvector.separateUrl ? vdb.pgvector.pool.size + vdb.pgvector.pool.maxOverflow : 0;
  const perProcess = appPool + vectorPool;
  const surge = surgePods(v, maxPods);
  const servingProcesses = (maxPods + surge) * workers;
  const migrator = appPool;
  const reserved = v.database.reservedConnections;
  return {
    appPool,
    vectorPool,
    perProcess,
    surgePods: surge,
    servingProcesses,
    migrator,
    reserved,
    worstCase: perProcess * servingProcesses + migrator + reserved,
    maxConnections: v.database.maxConnections,
  };
}

/**
 * Pods above the replica count during a rollout: none with `recreate` (old pods stop first), and
 * `upgrade.rollingUpdate.maxSurge` with `rollingUpdate` (a percentage rounds up, as Kubernetes does).
 */
export function surgePods(v: Values, pods: number): number {
  const u = v.upgrade;
  if (u.strategy === 'recreate') return 0;
  const s = u.rollingUpdate.maxSurge;
  return typeof s === 'number' ? s : Math.ceil((pods * Number(s.slice(0, -1))) / 100);
}
