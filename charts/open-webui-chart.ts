/**
 * One environment of Open WebUI as a cdk8s Chart: composes one construct per concern from
 * validated values. Values are validated before this runs (src/values/pipeline.ts).
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Values } from '../src/values/schema';
import { AppAutoscaler } from './autoscaler';
import { AppDeployment } from './app-deployment';
import { AppIngress } from './app-ingress';
import { AppSecret } from './app-secret';
import { AppExternalSecret } from './external-secret';
import { AppService } from './app-service';
import { DataVolume } from './data-volume';
import { AppDisruptionBudget } from './disruption-budget';
import { AppNamespace } from './namespace';
import { InternalRedis } from './redis';
import { AppNetworkPolicy, BackendNetworkPolicy, BackendPeer } from './network-policy';
import { DEVELOPMENT_MARKS, DevPostgresql, POSTGRESQL_PORT } from './postgresql';
import { REDIS_PORT } from './redis-config';
import { Release } from './release';
import { AppServiceAccount } from './service-account';
import { applyArgoCdSyncWaves } from './argocd-sync-waves';
import { MigrationJob } from './migration-job';
import { migrationWaitContainer } from './migration-programs';
import { MigrationWaiterRbac, MIGRATION_JOB_LABEL } from './migration-waiter';
import { deploymentStrategy, rolloutDeadlineSeconds } from './rollout';
import { SloDashboard, sloObjectNames, SloPrometheusRule, sloTarget } from './monitoring';

export interface OpenWebUiChartProps {
  /** Validated values of the environment. */
  readonly values: Values;
}

export class OpenWebUiChart extends Chart {
  readonly release: Release;
  constructor(scope: Construct, id: string, props: OpenWebUiChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const release = (this.release = new Release(props.values));
    const v = props.values;

    const namespace = v.namespace.create ? new AppNamespace(this, 'Namespace', { release }) : undefined;
    if (v.networkPolicy.enabled) {
      // The app and migrator may reach the in-release Redis/PostgreSQL, and those accept only them.
      const backends: BackendPeer[] = [];
      if (v.redis.enabled && v.redis.mode === 'internal') backends.push({ component: 'redis', ports: [REDIS_PORT] });
      if (v.database.type === 'postgresql' && v.database.inCluster.enabled)
        backends.push({ component: 'postgresql', ports: [POSTGRESQL_PORT] });
      new AppNetworkPolicy(this, 'NetworkPolicy', {
        release,
        backends,
        migrationApiAccess: v.upgrade.strategy === 'recreate',
      });
      for (const backend of backends) {
        new BackendNetworkPolicy(this, `NetworkPolicy-${backend.component}`, {
          release,
          backend,
          ...(backend.component === 'postgresql' ? { marks: DEVELOPMENT_MARKS } : {}),
        });
      }
    }
    if (v.serviceAccount.create) new AppServiceAccount(this, 'ServiceAccount', { release });

    const podAnnotations: Record<string, string> = {};
    const appSecret = v.secrets.source === 'inline' ? new AppSecret(this, 'Secret', { release }) : undefined;
    if (appSecret) podAnnotations['checksum/secret'] = appSecret.checksum;
    if (v.secrets.source === 'externalSecret') new AppExternalSecret(this, 'ExternalSecret', { release });

    if (v.persistence.enabled) new DataVolume(this, 'Data', { release });
    // Backends whose password comes from the inline app Secret restart when it changes, like the app.
    const inlinePassword = (entry: 'redisPassword' | 'postgresPassword', existingSecret: string | undefined) =>
      appSecret && existingSecret === undefined ? appSecret.checksumOf(entry) : undefined;
    if (v.redis.enabled && v.redis.mode === 'internal')
      new InternalRedis(this, 'Redis', {
        release,
        passwordChecksum: v.redis.internal.auth.enabled
          ? inlinePassword('redisPassword', v.redis.internal.auth.existingSecret)
          : undefined,
      });
    if (v.database.type === 'postgresql' && v.database.inCluster.enabled)
      new DevPostgresql(this, 'Postgresql', {
        release,
        passwordChecksum: inlinePassword('postgresPassword', v.database.inCluster.existingSecret),
      });

    const migration = new MigrationJob(this, 'Migration', { release });
    // Only the Job's old-pods waiter reads the Kubernetes API (recreate); app pods ask the database.
    if (migration.waitsForOldPods)
      new MigrationWaiterRbac(this, 'MigrationWaiter', { release, jobName: migration.name });
    const deployment = new AppDeployment(this, 'Deployment', {
      release,
      podAnnotations,
      strategy: deploymentStrategy(release),
      initContainers: [migrationWaitContainer(release)],
      podLabels: { [MIGRATION_JOB_LABEL]: migration.name },
      progressDeadlineSeconds: rolloutDeadlineSeconds(release),
    });
    const service = new AppService(this, 'Service', { release });
    if (v.autoscaling.enabled) new AppAutoscaler(this, 'Autoscaler', { release, deploymentName: deployment.name });
    if (v.podDisruptionBudget.enabled) new AppDisruptionBudget(this, 'DisruptionBudget', { release });
    if (v.ingress.enabled)
      new AppIngress(this, 'Ingress', { release, serviceName: service.name, servicePort: service.port });

    // SLO alerts and dashboard (src/observability/), about the objects above.
    const { prometheusRule, grafanaDashboard } = v.monitoring;
    if (prometheusRule.enabled || grafanaDashboard.enabled) {
      const target = sloTarget(release, sloObjectNames(release));
      if (prometheusRule.enabled) new SloPrometheusRule(this, 'PrometheusRule', { release, target });
      if (grafanaDashboard.enabled) new SloDashboard(this, 'Dashboard', { release, target });
    }

    // Last: the Namespace enforces the strictest Pod Security level every pod rendered above passes.
    namespace?.enforcePodSecurity(this);
  }

  /** Every object, with Argo CD sync waves and sync options applied centrally (charts/argocd-sync-waves.ts). */
  override toJson(): Record<string, unknown>[] {
    return applyArgoCdSyncWaves(super.toJson(), this.release.values);
  }
}
