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

/**
 * The database connections of a release, engine by engine (Open WebUI 0.11.0, facts §4.2-§4.5;
 * the migrator: charts/programs/migration.py).
 *
 * Every serving process (each uvicorn worker) opens two SQLAlchemy engines on `DATABASE_URL`, both
 * sized by `DATABASE_POOL_*`: the sync engine (backend/open_webui/internal/db.py:315-329 @ f9590b8:
 * startup, `/health/db`, scoped sessions) and the async engine (db.py:388-408: every request). With
 * `VECTOR_DB=pgvector` the pgvector client opens a third, its own `create_engine(PGVECTOR_DB_URL)`
 * sized by `PGVECTOR_POOL_*` (retrieval/vector/dbs/pgvector.py:89-111), which reaches the app's
 * server unless `PGVECTOR_DB_URL` names another one. The migration Job's one process holds one
 * connection of the app's sync pool for its lock, heads and completion record, and opens one each
 * for Alembic (a NullPool engine, migrations/env.py:25-30), the config seeding (the async engine,
 * disposed afterwards) and, with pgvector, the vector initialisation. An app pod's
 * `wait-for-migration` init container holds one, before its app container starts.
 */
export interface ConnectionBudget {
  /** database.pool size + max overflow: the most connections one engine of the app opens. */
  readonly appPool: number;
  /** Engines of one serving process and the most connections each opens on the app's database server. */
  readonly engines: { readonly sync: number; readonly async: number; readonly pgvector: number };
  /**
   * vectorDb.pgvector.pool size + max overflow when that pool reaches the app's database server
   * (vectorDb.type pgvector without separateUrl), else 0.
   */
  readonly vectorPool: number;
  /** sync + async + pgvector: the most connections one serving process opens. */
  readonly perProcess: number;
  /** Uvicorn workers (processes) per pod. */
  readonly workers: number;
  /** perProcess x workers: the most one app pod opens. */
  readonly perPod: number;
  /** The app pods' database waiter: 1 per pod, and only before the pod's app container starts. */
  readonly waiter: number;
  /** Extra pods a rolling update may add on top of the highest replica count (0 with `upgrade.strategy: recreate`). */
  readonly surgePods: number;
  /** App pods at the highest replica count, surge pods included. */
  readonly pods: number;
  /** Serving processes at the highest replica count, surge pods included ((pods + surge) x workers). */
  readonly servingProcesses: number;
  /** The migration Job's process, engine by engine (pgvector 0 unless its pool reaches the app's server). */
  readonly migratorEngines: {
    readonly held: number;
    readonly alembic: number;
    readonly seeding: number;
    readonly pgvector: number;
  };
  /** Connections of the one migrator process (the sum of migratorEngines). */
  readonly migrator: number;
  /** Connections kept free for administrators. */
  readonly reserved: number;
  /**
   * Worst case: perPod x pods + migrator + reserved. A pod's waiter (1) is not added: it exits before
   * that pod's app container opens its engines, and perPod is never below 1.
   */
  readonly worstCase: number;
  /** The server's declared max_connections. */
  readonly maxConnections: number;
}

export function connectionBudget(v: Values): ConnectionBudget {
  const { maxPods, workers } = processModel(v);
  const appPool = v.database.pool.size + v.database.pool.maxOverflow;
  const vdb = v.vectorDb;
  const pgvectorHere = vdb.type === 'pgvector' && !vdb.pgvector.separateUrl;
  const vectorPool = pgvectorHere ? vdb.pgvector.pool.size + vdb.pgvector.pool.maxOverflow : 0;
  const engines = { sync: appPool, async: appPool, pgvector: vectorPool };
  const perProcess = engines.sync + engines.async + engines.pgvector;
  const surge = surgePods(v, maxPods);
  const pods = maxPods + surge;
  const migratorEngines = { held: 1, alembic: 1, seeding: 1, pgvector: pgvectorHere ? 1 : 0 };
  const migrator = migratorEngines.held + migratorEngines.alembic + migratorEngines.seeding + migratorEngines.pgvector;
  const reserved = v.database.reservedConnections;
  const perPod = perProcess * workers;
  return {
    appPool,
    engines,
    vectorPool,
    perProcess,
    workers,
    perPod,
    waiter: 1,
    surgePods: surge,
    pods,
    servingProcesses: pods * workers,
    migratorEngines,
    migrator,
    reserved,
    worstCase: perPod * pods + migrator + reserved,
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
