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
import { MIGRATION_JOB_LABEL, waiterContainer, WaiterProps, waiterVolume } from './migration-waiter';

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
export function migrationJobName(fullname: string, version: string, specHash: string): string {
  const suffix = `-${specHash.slice(0, 8)}`;
  const base = `${fullname}-migrate-${versionSlug(version)}`.slice(0, NAME_MAX - suffix.length).replace(/-+$/, '');
  return `${base}${suffix}`;
}

export interface MigrationJobProps {
  /** Namespace, labels and annotations; the name is derived (version and spec hash). */
  readonly metadata: k8s.ObjectMeta & { readonly namespace: string };
  /** Base of the Job name (the release's fullname). */
  readonly fullname: string;
  /** The app version, in the Job name. */
  readonly version: string;
  /** Pod template labels (the `migration-job` label is added). */
  readonly podLabels: Record<string, string>;
  /** The migrator's pod spec without the old-pods waiter: app pod settings, `restartPolicy`, the migrator container, native sidecars. */
  readonly podSpec: k8s.PodSpec;
  /** Retries of a failed migration pod. */
  readonly backoffLimit: number;
  /** Seconds the Job may take in all, the wait for the old version included. */
  readonly activeDeadlineSeconds: number;
  /** Wait for the previous version's pods to stop first (`upgrade.strategy: recreate`). @default no waiter */
  readonly waiter?: WaiterProps;
}

/**
 * The Job. L1 object: cdk8s-plus-28's Job adds a `cdk8s.io/metadata.addr` pod label and its own
 * container and pod defaults (resources, security context, DNS policy), which would change the spec
 * the Job name hashes.
 */
export class MigrationJob extends Construct {
  /** Name of the Job: app pods wait for it. */
  readonly name: string;
  /** True when the Job waits for the previous version's pods to stop (`upgrade.strategy: recreate`). */
  readonly waitsForOldPods: boolean;
  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const { podSpec, podLabels, waiter } = props;
    this.waitsForOldPods = waiter !== undefined;
    const hashed = {
      podSpec,
      podLabels,
      backoffLimit: props.backoffLimit,
      activeDeadlineSeconds: props.activeDeadlineSeconds,
      waiter: waiter ? { image: waiter.image, poll: waiter.pollSeconds, resources: waiter.resources } : null,
    };
    const hash = createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
    this.name = migrationJobName(props.fullname, props.version, hash);
    new k8s.KubeJob(this, 'Resource', {
      metadata: { ...props.metadata, name: this.name },
      spec: {
        backoffLimit: props.backoffLimit,
        activeDeadlineSeconds: props.activeDeadlineSeconds,
        completions: 1,
        parallelism: 1,
        template: {
          metadata: { labels: { ...podLabels, [MIGRATION_JOB_LABEL]: this.name } },
          spec: {
            ...podSpec,
            ...(waiter
              ? {
                  // After any native sidecar of the pod spec (restartPolicy: Always), which keeps running beside it.
                  initContainers: [...(podSpec.initContainers ?? []), waiterContainer(waiter, this.name)],
                  volumes: [...(podSpec.volumes ?? []), waiterVolume()],
                }
              : {}),
          },
        },
      },
    });
  }
}
