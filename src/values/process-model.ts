/** How many Open WebUI processes an environment can run, and the database connections they can hold. */
import { Values } from './schema';

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
  return { minPods, maxPods, workers, multi: reasons.length > 0, reason: reasons.join(' and ') };
}

export interface ConnectionBudget {
  /** pool size + max overflow: the most connections one process opens. */
  readonly perProcess: number;
  /** Serving processes at the highest replica count (pods x workers). */
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
  const perProcess = v.database.pool.size + v.database.pool.maxOverflow;
  const servingProcesses = maxPods * workers;
  const migrator = perProcess;
  const reserved = v.database.reservedConnections;
  return { perProcess, servingProcesses, migrator, reserved, worstCase: perProcess * servingProcesses + migrator + reserved, maxConnections: v.database.maxConnections };
}
