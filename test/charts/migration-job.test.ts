/** The migration Job: one per version, same wiring as the app, immutable-safe naming. */
import { diffPaths, ENVS, envMap, ofKind, one, renderEnv, resolveEnv, yaml } from '../support';
import { DNS1123_LABEL } from '../../src/k8s';
import { ValuesError } from '../../src/errors';
import { ENV } from '../../src/model';
import { MIGRATION_JOB_LABEL } from '../../charts/migration-waiter';
import { migrationProgram } from '../../charts/migration-programs';
import { migrationJobName, versionSlug } from '../../charts/migration-job';

/** The app container's OpenTelemetry variables (rows of observability.otel.*): rendered in the serving pods only. */
const TELEMETRY = new Set(ENV.filter((e) => e.key.startsWith('observability.otel')).map((e) => e.name));
const appOf = (objs: any[]) => one(objs, 'Deployment').spec.template.spec.containers[0];
const migratorOf = (objs: any[]) => one(objs, 'Job').spec.template.spec.containers[0];

describe.each(ENVS)('migration Job (%s)', (env) => {
  const objs = renderEnv(env);
  const job = one(objs, 'Job');
  const dep = one(objs, 'Deployment');
  const values = resolveEnv(env).values;

  test('runs the migrator program (charts/programs/migration.py) in /app/backend; no process migrates on import', () => {
    const c = migratorOf(objs);
    expect(c.command).toEqual(['python', '-c', migrationProgram(), 'migrate']);
    expect(c.workingDir).toBe('/app/backend');
    // The migrator runs Alembic itself; Open WebUI's import-time run_migrations() would swallow errors.
    expect(envMap(c).ENABLE_DB_MIGRATIONS).toEqual({ name: 'ENABLE_DB_MIGRATIONS', value: 'False' });
  });

  test("the program's settings: the Job name from the pod label, the poll interval and the database wait", () => {
    const c = migratorOf(objs);
    expect(envMap(c).OWK_MIGRATION_ID).toEqual({
      name: 'OWK_MIGRATION_ID',
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${MIGRATION_JOB_LABEL}']` } },
    });
    expect(job.spec.template.metadata.labels[MIGRATION_JOB_LABEL]).toBe(job.metadata.name);
    expect(envMap(c).OWK_POLL_SECONDS.value).toBe(String(values.upgrade.waiter.pollSeconds));
    expect(envMap(c).OWK_DATABASE_WAIT_SECONDS.value).toBe(String(values.upgrade.migration.databaseWaitSeconds));
    const other = renderEnv(env, ['upgrade.migration.databaseWaitSeconds=17', 'upgrade.waiter.pollSeconds=3']);
    expect(envMap(migratorOf(other)).OWK_DATABASE_WAIT_SECONDS.value).toBe('17');
    expect(envMap(migratorOf(other)).OWK_POLL_SECONDS.value).toBe('3');
  });

  test("same image, env (plus the program's settings), envFrom, mounts, volumes and service account as the app", () => {
    const c = migratorOf(objs);
    const a = appOf(objs);
    expect(c.image).toBe(a.image);
    const own = (env: any[]) => env.filter((e) => !e.name.startsWith('OWK_'));
    // The app's own OpenTelemetry rows stay in the app: the migrator never starts Open WebUI's telemetry.
    const appEnv = a.env.filter((e: any) => !TELEMETRY.has(e.name));
    expect(a.env.length - appEnv.length).toBe(env === 'production' ? 12 : 0);
    expect(own(c.env)).toEqual(appEnv);
    expect(c.env.slice(0, appEnv.length)).toEqual(appEnv);
    expect(c.envFrom).toEqual(a.envFrom);
    expect(c.volumeMounts).toEqual(a.volumeMounts);
    const data = (spec: any) => spec.volumes.find((v: any) => v.name === 'data');
    expect(data(job.spec.template.spec)).toEqual(data(dep.spec.template.spec));
    expect(job.spec.template.spec.serviceAccountName).toBe(dep.spec.template.spec.serviceAccountName);
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(c.volumeMounts.some((m: any) => m.mountPath.startsWith('/var/run/secrets'))).toBe(false);
  });

  test('backoffLimit and activeDeadlineSeconds from values, runs once, no TTL', () => {
    expect(job.spec.backoffLimit).toBe(values.upgrade.migration.backoffLimit);
    expect(job.spec.activeDeadlineSeconds).toBe(values.upgrade.migration.activeDeadlineSeconds);
    expect(job.spec.completions).toBe(1);
    expect(job.spec.parallelism).toBe(1);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    // A TTL-deleted Job would be re-created (and re-run) by the next kubectl apply or Argo CD self-heal.
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    const changed = one(
      renderEnv(env, ['upgrade.migration.backoffLimit=4', 'upgrade.migration.activeDeadlineSeconds=600']),
      'Job',
    );
    expect([changed.spec.backoffLimit, changed.spec.activeDeadlineSeconds]).toEqual([4, 600]);
  });

  test("resources: the app container's by default, upgrade.migration.resources field by field over them", () => {
    expect(migratorOf(objs).resources).toEqual(appOf(objs).resources);
    const own = renderEnv(env, [
      'upgrade.migration.resources.requests.cpu=100m',
      'upgrade.migration.resources.limits.memory=4Gi',
    ]);
    const app = appOf(objs).resources;
    expect(migratorOf(own).resources).toEqual({
      requests: { ...app.requests, cpu: '100m' },
      limits: { ...app.limits, memory: '4Gi' },
    });
    expect(appOf(own).resources).toEqual(appOf(objs).resources);
  });

  test('the name carries the version and is a valid name of at most 63 characters', () => {
    expect(job.metadata.name).toMatch(/^open-webui-migrate-0-11-0-[0-9a-f]{8}$/);
    expect(job.metadata.labels['app.kubernetes.io/component']).toBe('migration');
    expect(job.spec.template.metadata.labels[MIGRATION_JOB_LABEL]).toBe(job.metadata.name);
  });

  test('changing only image.tag changes the Job name and the Deployment image, nothing else that is immutable', () => {
    const next = renderEnv(env, ['image.tag=0.12.1']);
    const newJob = one(next, 'Job');
    expect(newJob.metadata.name).toMatch(/^open-webui-migrate-0-12-1-[0-9a-f]{8}$/);
    expect(appOf(next).image).toBe('ghcr.io/open-webui/open-webui:0.12.1');
    expect(migratorOf(next).image).toBe('ghcr.io/open-webui/open-webui:0.12.1');
    // The new Job is a new object: the old one is never mutated. Inside it only the version differs.
    const jobDiff = diffPaths(job, newJob);
    for (const p of jobDiff)
      expect(p).toMatch(
        /(^metadata\.name$|app\.kubernetes\.io\/version$|containers\.0\.image$|migration-job$|env\.\d+\.value$)/,
      );
    // The old-pods waiter's Role and RoleBinding are per Job (a still-running previous Job keeps its own).
    expect(one(next, 'Role').metadata.name).toBe(`${newJob.metadata.name}-waiter`);
    // Every other object keeps its name and differs only in version label, image and the Job name it refers to.
    const perVersion = new Set(['Job', 'Role', 'RoleBinding']);
    const key = (o: any) => `${o.kind}/${o.metadata.name}`;
    const before = new Map(objs.filter((o) => !perVersion.has(o.kind)).map((o) => [key(o), o]));
    const after = next.filter((o) => !perVersion.has(o.kind));
    expect(after.map(key).sort()).toEqual([...before.keys()].sort());
    const allowed =
      /^(\S+ \S*app\.kubernetes\.io\/version|Deployment\/open-webui spec\.template\.spec\.(initContainers|containers)\.0\.image|Deployment\/open-webui spec\.template\.metadata\.labels\.open-webui-k8s\/migration-job)$/;
    const changed: string[] = [];
    for (const o of after)
      for (const p of diffPaths(before.get(key(o)), o)) {
        changed.push(`${key(o)} ${p}`);
        expect(`${key(o)} ${p}`).toMatch(allowed);
      }
    // Immutable fields stay: selectors, PVC spec, Service clusterIP-bearing spec.
    for (const o of after)
      if (o.kind === 'Deployment' || o.kind === 'PersistentVolumeClaim' || o.kind === 'Service') {
        expect(diffPaths((before.get(key(o)) as any).spec.selector, (o as any).spec.selector)).toEqual([]);
      }
    expect(changed).toContain('Deployment/open-webui spec.template.spec.containers.0.image');
  });

  test.each([
    ['replicaCount=4', 'autoscaling.maxReplicas=7'], // 4, not 5: local's budget (100) now also counts each process's pgvector pool
    ['ingress.annotations.example\\.com/owner=chat'],
    ['probes.startup.failureThreshold=30', 'probes.readiness.periodSeconds=5'],
    ['podDisruptionBudget.enabled=false'],
    ['terminationGracePeriodSeconds=300', 'preStopSleepSeconds=20'],
    ['podAnnotations.team=chat', 'topologySpread.enabled=false'],
    ['argocd.targetRevision=release-1', 'argocd.automated.prune=false'],
    ['service.port=9090'],
  ])('changing anything else (%s) leaves the Job byte-identical', (...sets) => {
    const other = renderEnv(env, sets);
    expect(ofKind(other, 'Job').map(yaml)).toEqual([yaml(job)]);
  });

  test('a change that reaches the Job spec renders a new name (a Job is never mutated in place)', () => {
    for (const sets of [
      ['image.digest=sha256:' + 'a'.repeat(64)],
      ['database.pool.size=7'],
      ['upgrade.migration.backoffLimit=3'],
      ['upgrade.waiter.pollSeconds=5'],
    ]) {
      const other = one(renderEnv(env, sets), 'Job');
      expect(other.metadata.name).not.toBe(job.metadata.name);
      expect(other.metadata.name).toMatch(/^open-webui-migrate-0-11-0-[0-9a-f]{8}$/);
    }
  });

  test('the Deployment never runs migrations; the Job always runs the migrator', () => {
    for (const sets of [
      [],
      ['upgrade.strategy=rollingUpdate', 'acknowledgeWarnings[0]=upgrade-rolling-update'],
      ['replicaCount=1', 'podDisruptionBudget.enabled=false'],
    ]) {
      const o = renderEnv(env, sets);
      expect(envMap(appOf(o)).ENABLE_DB_MIGRATIONS.value).toBe('False');
      expect(envMap(migratorOf(o)).ENABLE_DB_MIGRATIONS.value).toBe('False');
      expect(migratorOf(o).command.at(-1)).toBe('migrate');
      // Explicit env wins over envFrom, so a ConfigMap in extraEnvFrom cannot turn it on either.
      expect(appOf(o).env.filter((e: any) => e.name === 'ENABLE_DB_MIGRATIONS')).toHaveLength(1);
    }
  });

  test('extraEnv cannot set ENABLE_DB_MIGRATIONS (managed-env rule)', () => {
    let err: unknown;
    try {
      resolveEnv(env, ['extraEnv[0].name=ENABLE_DB_MIGRATIONS,extraEnv[0].value=True']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValuesError);
    expect((err as ValuesError).problems.map((p) => p.id)).toContain('extra-env-managed');
  });
});

describe('migration Job name', () => {
  test('stays a valid name of at most 63 characters for long release names and tags', () => {
    const v = resolveEnv('local', [
      'fullnameOverride=' + 'a'.repeat(40),
      'image.tag=0.11.0-some-very-long-variant-name.with.dots',
    ]).values;
    const name = migrationJobName(v.fullnameOverride as string, v.image.tag, 'f'.repeat(64));
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(DNS1123_LABEL);
    expect(name.endsWith('-ffffffff')).toBe(true);
  });
  test('version slug', () => {
    expect(versionSlug('0.11.0')).toBe('0-11-0');
    expect(versionSlug('0.11.0-cuda_X')).toBe('0-11-0-cuda-x');
    expect(versionSlug('_.')).toBe('v');
  });
});
