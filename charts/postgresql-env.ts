/**
 * DATABASE_URL of the app. From the app Secret, or, with the development in-cluster PostgreSQL,
 * composed in-cluster: POSTGRES_PASSWORD from a secretKeyRef first, then
 * `postgresql://user:$(POSTGRES_PASSWORD)@host:5432/db` (Kubernetes expands only EARLIER variables).
 */
import { k8s } from 'cdk8s-plus-28';
import { POSTGRESQL_PORT, postgresqlNames } from './postgresql';
import { Release } from './release';
import { fromAppSecret } from './secret-ref';

export function databaseUrlEnv(release: Release): k8s.EnvVar[] {
  const db = release.values.database;
  if (db.type !== 'postgresql') return [];
  if (!db.inCluster.enabled) return [fromAppSecret(release, 'databaseUrl')];
  const n = postgresqlNames(release);
  return [
    { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: n.passwordSecret, key: n.passwordKey } } },
    {
      name: 'DATABASE_URL',
      value: `postgresql://${db.inCluster.username}:$(POSTGRES_PASSWORD)@${n.host}:${POSTGRESQL_PORT}/${db.inCluster.database}`,
    },
  ];
}
