/** The development-only in-cluster PostgreSQL (pgvector) of the local environment. */
import { DEVELOPMENT_ONLY_LABEL } from '../../charts/app-secret';
import { K8sObject } from '../../src/manifests';
import { Any, containers, envList, find, kubeletEnv, renderEnv, schemaProblems } from '../support';

const pgObjects = (objs: K8sObject[]) =>
  objs.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'postgresql');

describe('development PostgreSQL (local)', () => {
  const objs = renderEnv('local');
  const sts = find(objs, 'StatefulSet', 'open-webui-postgresql') as Any;
  const pg = containers(sts)[0];

  test('renders a one-replica StatefulSet, its Services and the pgvector init script, all marked development-only', () => {
    expect(
      pgObjects(objs)
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort(),
    ).toEqual([
      'ConfigMap/open-webui-postgresql-init',
      'NetworkPolicy/open-webui-postgresql',
      'Service/open-webui-postgresql',
      'Service/open-webui-postgresql-headless',
      'StatefulSet/open-webui-postgresql',
    ]);
    for (const o of pgObjects(objs)) {
      expect(o.metadata.labels?.[DEVELOPMENT_ONLY_LABEL]).toBe('true');
      expect(o.metadata.annotations?.['open-webui-k8s/warning']).toMatch(/Development only.*Never use in production/);
      expect(schemaProblems(o)).toEqual([]);
    }
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect((find(objs, 'ConfigMap', 'open-webui-postgresql-init') as Any).data['01-pgvector.sql']).toBe(
      'CREATE EXTENSION IF NOT EXISTS vector;\n',
    );
  });

  test('a pinned pgvector image; max_connections is database.maxConnections', () => {
    expect(pg.image).toMatch(/^docker\.io\/pgvector\/pgvector:\d+\.\d+\.\d+-pg\d+$/);
    expect(pg.args).toEqual(['-c', 'max_connections=100']);
    expect(
      containers(
        find(renderEnv('local', { database: { maxConnections: 200 } }), 'StatefulSet', 'open-webui-postgresql'),
      )[0].args,
    ).toEqual(['-c', 'max_connections=200']);
  });

  test('non-root with a read-only root filesystem', () => {
    expect(pg.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('the app composes DATABASE_URL in-cluster from the password Secret (defined first); VECTOR_DB=pgvector uses it', () => {
    const app = containers(find(objs, 'Deployment', 'open-webui'))[0];
    const names = envList(app).map((e) => e.name);
    expect(names.indexOf('POSTGRES_PASSWORD')).toBeGreaterThanOrEqual(0);
    expect(names.indexOf('POSTGRES_PASSWORD')).toBeLessThan(names.indexOf('DATABASE_URL'));
    const secret = (find(objs, 'Secret', 'open-webui-secrets') as Any).stringData;
    const env = kubeletEnv(app, { 'open-webui-secrets': secret });
    expect(env.DATABASE_URL).toBe(
      `postgresql://openwebui:${secret.POSTGRES_PASSWORD}@open-webui-postgresql.open-webui.svc:5432/openwebui`,
    );
    expect(env.VECTOR_DB).toBe('pgvector');
    expect(secret.DATABASE_URL).toBeUndefined();
    // The password only lives in the development Secret.
    for (const o of objs) if (o.kind !== 'Secret') expect(JSON.stringify(o)).not.toContain(secret.POSTGRES_PASSWORD);
    expect(kubeletEnv(pg, { 'open-webui-secrets': secret }).POSTGRES_PASSWORD).toBe(secret.POSTGRES_PASSWORD);
  });

  test('aws and production render no PostgreSQL', () => {
    for (const env of ['aws', 'production']) expect(pgObjects(renderEnv(env))).toEqual([]);
  });
});
