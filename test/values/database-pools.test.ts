/**
 * Every SQLAlchemy pool an app process opens on the database server is bounded and counted:
 * - Open WebUI's pgvector client opens its OWN pool per process when VECTOR_DB=pgvector
 *   (PGVECTOR_DB_URL defaults to DATABASE_URL; with PGVECTOR_POOL_SIZE unset create_engine uses
 *   SQLAlchemy's 5 + 10), so the chart renders PGVECTOR_POOL_SIZE/PGVECTOR_POOL_MAX_OVERFLOW and
 *   the budget counts that pool when it reaches the app's server;
 * - a pool size of 0 means a NullPool (one connection per query, unlimited), so it is refused.
 */
import { MANAGED_ENV } from '../../src/model';
import { connectionBudget } from '../../src/model/processes';
import { Any, errorsOf, find, render, resolve, resolveEnv } from '../support';

const appEnv = (yaml = '') => {
  const d = find(render(yaml), 'Deployment', 'open-webui') as Any;
  return Object.fromEntries(
    (d.spec.template.spec.containers[0].env as { name: string; value?: string }[]).map((e) => [e.name, e.value]),
  );
};

describe('the pgvector client pool', () => {
  test("is rendered explicitly (default 5 + 0; unset, Open WebUI would fall back to SQLAlchemy's 5 + 10) and owned by typed keys", () => {
    const env = appEnv();
    expect(env.VECTOR_DB).toBe('pgvector');
    expect(env.PGVECTOR_POOL_SIZE).toBe('5');
    expect(env.PGVECTOR_POOL_MAX_OVERFLOW).toBe('0');
    const set = appEnv('vectorDb:\n  pgvector:\n    pool:\n      size: 2\n      maxOverflow: 1\n');
    expect([set.PGVECTOR_POOL_SIZE, set.PGVECTOR_POOL_MAX_OVERFLOW]).toEqual(['2', '1']);
    expect(MANAGED_ENV.get('PGVECTOR_POOL_SIZE')).toBe('vectorDb.pgvector.pool.size');
    expect(MANAGED_ENV.get('PGVECTOR_POOL_MAX_OVERFLOW')).toBe('vectorDb.pgvector.pool.maxOverflow');
    expect(errorsOf('extraEnv:\n  - name: PGVECTOR_POOL_SIZE\n    value: "0"\n').map((e) => e.id)).toContain(
      'extra-env-managed',
    );
  });

  test('is not rendered for another vector database', () => {
    const env = appEnv('vectorDb:\n  type: qdrant\n  qdrant:\n    uri: http://qdrant:6333\n');
    expect(env.PGVECTOR_POOL_SIZE).toBeUndefined();
  });

  test('counts in the budget of every serving process, and once in the migrator, when pgvector is in the app database', () => {
    // Default replicaCount 2, one worker: (15 sync + 15 async + 5 pgvector) x 2 + 4 migrator + 3 reserved.
    const b = connectionBudget(resolve().values);
    expect([b.appPool, b.vectorPool, b.perProcess, b.migrator]).toEqual([15, 5, 35, 4]);
    expect(b.engines).toEqual({ sync: 15, async: 15, pgvector: 5 });
    expect(b.migratorEngines).toEqual({ held: 1, alembic: 1, seeding: 1, pgvector: 1 });
    expect(b.worstCase).toBe(35 * 2 + 4 + 3);
    const small = connectionBudget(
      resolve('vectorDb:\n  pgvector:\n    pool:\n      size: 2\n      maxOverflow: 1\n').values,
    );
    expect(small.worstCase).toBe((30 + 3) * 2 + 4 + 3);
  });

  test('does not count with separateUrl (another server) or another vector database', () => {
    const separate = connectionBudget(resolve('vectorDb:\n  pgvector:\n    separateUrl: true\n').values);
    expect(separate.vectorPool).toBe(0);
    expect(separate.migrator).toBe(3);
    expect(separate.worstCase).toBe(30 * 2 + 3 + 3);
    expect(
      connectionBudget(resolve('vectorDb:\n  type: qdrant\n  qdrant:\n    uri: http://qdrant:6333\n').values)
        .vectorPool,
    ).toBe(0);
  });

  test('pushes a budget that fit before over max_connections, and the message says why', () => {
    // 6 replicas: the two app engines alone are 30 x 6 + 4 + 3 = 187; with the pgvector pools 35 x 6 + 7 = 217.
    const p = errorsOf('replicaCount: 6\ndatabase:\n  maxConnections: 200\n').find(
      (e) => e.id === 'database-connection-budget',
    );
    expect(p?.message).toContain('217 exceed max_connections 200');
    expect(p?.message).toContain("Open WebUI's sync and async engines, 15 each");
    expect(p?.message).toContain("the pgvector client's own pool 5 + 0, which every process opens on the same server");
    expect(p?.hint).toContain('vectorDb.pgvector.pool.size/maxOverflow');
  });

  test('size 0 (a NullPool: unlimited connections) is refused', () => {
    const e = errorsOf('vectorDb:\n  pgvector:\n    pool:\n      size: 0\n');
    expect(e.map((x) => x.path.join('.'))).toContain('vectorDb.pgvector.pool.size');
    expect(e.find((x) => x.path.join('.') === 'vectorDb.pgvector.pool.size')?.message).toMatch(/NullPool/);
  });

  test('the shipped production environment fits with its small pgvector pool', () => {
    const v = resolveEnv('production').values;
    const b = connectionBudget(v);
    expect(v.vectorDb.pgvector.pool).toEqual({ size: 5, maxOverflow: 0 });
    expect(b.worstCase).toBe((2 * 20 + 5) * 12 + 4 + 3);
    expect(b.worstCase).toBeLessThanOrEqual(b.maxConnections);
  });
});

describe('the app database pool', () => {
  test('size 0 (a NullPool in Open WebUI: unlimited connections that pass any budget) is refused; 1 is the minimum', () => {
    const e = errorsOf('database:\n  pool:\n    size: 0\n');
    const p = e.find((x) => x.path.join('.') === 'database.pool.size');
    expect(p?.message).toMatch(/at least 1.*NullPool.*no limit/);
    expect(errorsOf('database:\n  pool:\n    size: 1\n')).toEqual([]);
  });
});
