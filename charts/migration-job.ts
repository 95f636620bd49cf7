/**
 * The migration Job: the one process that migrates Open WebUI's database, once per app version.
 *
 * Same image, env, Secret wiring and data volume as the serving pods (charts/app-pod.ts), running
 * the migrator (`python -c <charts/programs/migration.py> migrate` in /app/backend, see
 * charts/migration-programs.ts): it waits for the database, runs Alembic `upgrade head` with errors
 * propagating (Open WebUI's own import swallows them), checks the heads, performs the one-time
 * writes (config seeding, pgvector DDL) and records completion in the database, which the app
 * pods' waiter reads. ENABLE_DB_MIGRATIONS is False here as everywhere: the migrator runs Alembic itself.
 *
 * Jobs are immutable, so the name carries the version and a short hash of everything rendered
 * into the Job's spec (image reference with digest, env, resources, limits, the program): an
 * unchanged configuration renders a byte-identical Job, and any change renders a Job with a new
 * name instead of mutating the old one (which `kubectl apply` and Argo CD would reject).
 *
 * No `ttlSecondsAfterFinished`: a Job removed by its TTL is re-created (and re-run, while the
 * app serves) by the next `kubectl apply` or Argo CD self-heal. Finished Jobs stay until they
 * leave Git (Argo CD prunes them; with kubectl see README "Upgrades").
 */
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { appContainer, appPodSettings } from './app-pod';
import { Release } from './release';
import { MIGRATION_WORKDIR, migrationProgramCommand, migrationProgramEnv } from './migration-programs';
import { MIGRATION_JOB_LABEL, waiterContainer, waiterImage, waiterVolume } from './migration-waiter';

const NAME_MAX = 63; // the Job controller copies the name into a label value on its pods

/** `0.11.0` -> `0-11-0`: a tag as a piece of a Kubernetes name. */
export function versionSlug(tag: string): string {
  return (
    tag
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'v'
  );
}

/** `<fullname>-migrate-<version>-<hash8>`, at most 63 characters, a valid RFC 1123 label. */
export function migrationJobName(release: Release, specHash: string): string {
  const suffix = `-${specHash.slice(0, 8)}`;
  const base = `${release.fullname}-migrate-${versionSlug(release.version)}`
    .slice(0, NAME_MAX - suffix.length)
    .replace(/-+$/, '');
  return `${base}${suffix}`;
}

/** The Job's pod spec without the waiter (which needs the name the spec hashes to). */
function migratorPodSpec(release: Release): k8s.PodSpec {
  const v = release.values;
  const own = v.upgrade.migration.resources;
  // Field by field over the app's resources: setting one migration request keeps the app's others.
  const resources = {
    requests: { ...v.resources.requests, ...own.requests },
    limits: { ...v.resources.limits, ...own.limits },
  };
  const settings = appPodSettings(release);
  const app = appContainer(release, { runMigrations: false, resources });
  return {
    ...settings,
    restartPolicy: 'Never',
    containers: [
      {
        ...app,
        command: migrationProgramCommand('migrate'),
        workingDir: MIGRATION_WORKDIR,
        env: [...(app.env ?? []), ...migrationProgramEnv(release, 'migrate')],
      },
    ],
  };
}

export interface MigrationJobProps {
  /** The release. Reads `upgrade.*` and everything the app container reads. */
  readonly release: Release;
}

export class MigrationJob extends Construct {
  /** Name of the Job: app pods wait for it. */
  readonly name: string;
  /** True when the Job waits for the previous version's pods to stop (`upgrade.strategy: recreate`). */
  readonly waitsForOldPods: boolean;
  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const { release } = props;
    const u = release.values.upgrade;
    this.waitsForOldPods = u.strategy === 'recreate';
    const podSpec = migratorPodSpec(release);
    const podLabels = release.labels('migration');
    const hashed = {
      podSpec,
      podLabels,
      backoffLimit: u.migration.backoffLimit,
      activeDeadlineSeconds: u.migration.activeDeadlineSeconds,
      waiter: this.waitsForOldPods
        ? { image: waiterImage(release), poll: u.waiter.pollSeconds, resources: u.waiter.resources }
        : null,
    };
    const hash = createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
    this.name = migrationJobName(release, hash);
    new k8s.KubeJob(this, 'Resource', {
      metadata: release.metadata('migration', this.name),
      spec: {
        backoffLimit: u.migration.backoffLimit,
        activeDeadlineSeconds: u.migration.activeDeadlineSeconds,
        completions: 1,
        parallelism: 1,
        template: {
          metadata: { labels: { ...podLabels, [MIGRATION_JOB_LABEL]: this.name } },
          spec: {
            ...podSpec,
            ...(this.waitsForOldPods
              ? {
                  initContainers: [waiterContainer(release, this.name)],
                  volumes: [...(podSpec.volumes ?? []), waiterVolume()],
                }
              : {}),
          },
        },
      },
    });
  }
}
