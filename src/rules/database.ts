/** Rules on the application database: the connection budget, PostgreSQL, and the development-only in-cluster PostgreSQL. */
import { ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { CHECKLIST, finding, findingIf, Finding, Rule, SCALING_FACTS, rule, UPSTREAM_ENV, findings } from './rule';
import { requirement } from './openwebui';
import { K8S_EXPANSION, schemeText, URL_SAFE_PASSWORD, urlScheme } from './secrets';

export function databaseConnectionBudget(v: Values, m: ReleaseModel): Finding[] {
  if (v.database.type !== 'postgresql') return [];
  const b = m.budget;
  if (b.worstCase <= b.maxConnections) return [];
  const pool = `pool.size ${v.database.pool.size} + pool.maxOverflow ${v.database.pool.maxOverflow}`;
  const vector = b.vectorPool
    ? ` + the pgvector client's own pool ${v.vectorDb.pgvector.pool.size} + ${v.vectorDb.pgvector.pool.maxOverflow}, which every process opens on the same server`
    : '';
  return [
    finding(
      ['database', 'maxConnections'],
      `Worst-case database connections ${b.worstCase} exceed max_connections ${b.maxConnections}: ${b.perProcess} per process (Open WebUI's sync and async engines, ${b.appPool} each: ${pool}${vector})${b.workers > 1 ? ` x ${b.workers} workers` : ''} x ${b.pods} pods${b.surgePods ? ` (${b.surgePods} rolling-update surge pod(s) included)` : ''} + ${b.migrator} for the migrator + ${b.reserved} reserved.`,
      `Lower database.pool.size/maxOverflow (each process opens two engines of that size)${b.vectorPool ? ' or vectorDb.pgvector.pool.size/maxOverflow' : ''}, lower the maximum replica count, or raise the server's max_connections and declare it in database.maxConnections (needs at least ${b.worstCase}).`,
      b.maxConnections,
    ),
  ];
}

export function multiReplicaPostgresql(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.database.type !== 'postgresql',
    ['database', 'type'],
    `${requirement(2, m)} needs PostgreSQL; SQLite on a shared volume gives "database is locked" errors and corruption.`,
    'Set database.type: postgresql and put DATABASE_URL in the app Secret, or run one replica (replicaCount: 1, autoscaling off, openwebui.uvicornWorkers: 1).',
    v.database.type,
  );
}

export function secretsInlineDatabaseUrl(v: Values): Finding[] {
  const url = v.secrets.inline.databaseUrl;
  if (url === undefined || v.secrets.source !== 'inline' || v.database.type !== 'postgresql') return [];
  const scheme = urlScheme(url);
  if (scheme === 'postgresql' || scheme === 'postgres') return [];
  return [
    finding(
      ['secrets', 'inline', 'databaseUrl'],
      `secrets.inline.databaseUrl ${schemeText(scheme)}, but database.type is postgresql: Open WebUI would use whatever database the URL names (e.g. a sqlite:// file per pod), bypassing every PostgreSQL check.`,
      'Write it as postgresql://user:password@host:5432/database, or set database.type to match.',
      '(hidden)',
    ),
  ];
}

export function postgresqlInClusterDevelopmentOnly(v: Values): Finding[] {
  return findingIf(
    v.database.inCluster.enabled && !v.environment.development,
    ['database', 'inCluster', 'enabled'],
    'The in-cluster PostgreSQL is for development only (one pod, no backups, no failover), and this environment is not marked environment.development: true.',
    'Use a managed or operator-run PostgreSQL: set database.inCluster.enabled: false and put DATABASE_URL in the app Secret.',
    true,
  );
}

export function postgresqlInClusterConfig(v: Values, m: ReleaseModel): Finding[] {
  const pg = v.database.inCluster;
  const [out, add] = findings();
  if (!pg.enabled) {
    if (v.secrets.inline.postgresPassword !== undefined)
      add(
        ['secrets', 'inline', 'postgresPassword'],
        'secrets.inline.postgresPassword is set but database.inCluster.enabled is false, so it would be ignored.',
        'Remove it, or enable the development PostgreSQL.',
        '(hidden)',
      );
    return out;
  }
  if (v.database.type !== 'postgresql') {
    add(
      ['database', 'type'],
      'database.inCluster.enabled renders a PostgreSQL, but database.type is not postgresql, so the app would not use it.',
      'Set database.type: postgresql, or database.inCluster.enabled: false.',
      v.database.type,
    );
  }
  if (v.secrets.inline.databaseUrl !== undefined) {
    add(
      ['secrets', 'inline', 'databaseUrl'],
      'secrets.inline.databaseUrl is set but DATABASE_URL is composed in-cluster for the development PostgreSQL, so it would be ignored.',
      'Remove secrets.inline.databaseUrl.',
      '(hidden)',
    );
  }
  const pw = v.secrets.inline.postgresPassword;
  if (v.secrets.source === 'inline' && m.credentials.get('postgresPassword')?.inAppSecret) {
    if (!pw)
      add(
        ['secrets', 'inline', 'postgresPassword'],
        'The development PostgreSQL reads its password from the app Secret, but secrets.inline.postgresPassword is not set.',
        'Set secrets.inline.postgresPassword, or name a Secret in database.inCluster.existingSecret.',
      );
    else if (!URL_SAFE_PASSWORD.test(pw))
      add(
        ['secrets', 'inline', 'postgresPassword'],
        'The PostgreSQL password is composed into DATABASE_URL without URL encoding, so it may only contain letters, digits and "-._~".',
        'Choose a password of URL-safe characters.',
        '(hidden)',
      );
  }
  return out;
}

export const databaseRules: readonly Rule[] = [
  rule(
    'database-connection-budget',
    'Worst-case database connections (two engines per process, the pgvector pool, the migrator, reserved) must fit database.maxConnections.',
    'error',
    `${SCALING_FACTS}#database-connection-budget`,
    databaseConnectionBudget,
  ),
  rule(
    'multi-replica-postgresql',
    'More than one process needs PostgreSQL: SQLite on a shared volume locks and corrupts.',
    'error',
    CHECKLIST,
    multiReplicaPostgresql,
  ),
  rule(
    'secrets-inline-database-url',
    'An inline database URL must be a URL of the configured database.type.',
    'error',
    `${UPSTREAM_ENV}#database_url`,
    secretsInlineDatabaseUrl,
  ),
  rule(
    'postgresql-in-cluster-development-only',
    'The in-cluster PostgreSQL (one pod, no backups, no failover) is for development environments only.',
    'error',
    CHECKLIST,
    postgresqlInClusterDevelopmentOnly,
  ),
  rule(
    'postgresql-in-cluster-config',
    'In-cluster PostgreSQL settings are set while the development PostgreSQL is off.',
    'error',
    K8S_EXPANSION,
    postgresqlInClusterConfig,
  ),
];
