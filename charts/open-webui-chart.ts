/**
 * One release of Open WebUI as a cdk8s Chart: the only place that maps the release model
 * (src/model/) onto the constructs, each of which takes exactly what it renders.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { applyArgoCdSyncWaves } from '../src/argocd/sync-waves';
import {
  COMPONENT,
  CONTAINER,
  Credential,
  EnvRow,
  GatewayRef,
  identityOf,
  plainResources,
  PodAffinityTerm,
  ReleaseModel,
  Resources,
} from '../src/model';
import { K8sObject } from '../src/manifests';
import { renderRedisConf } from '../src/model/redis-conf';
import { SECRET_ENTRIES, SecretEntry } from '../src/values/schema';
import { AppDeployment, topologySpread } from './app-deployment';
import { AppIngress, controllerAnnotations, DEFAULT_CLASS, traefikServiceAnnotations } from './app-ingress';
import {
  APP_PORT,
  appContainer,
  AppPodSettings,
  podSecurityContext,
  resourceRequirements,
  typedProps,
} from './app-pod';
import { AppSecret } from './app-secret';
import { AppService } from './app-service';
import { AppAutoscaler } from './autoscaler';
import { DataVolume } from './data-volume';
import {
  backendConfigAnnotation,
  GKE_NEG_ANNOTATION,
  GkeBackendConfig,
  HttpRoute,
  SessionPersistenceObjects,
} from './gateway';
import { ExtraObjects } from './extra-objects';
import { AppDisruptionBudget } from './disruption-budget';
import { AppExternalSecret } from './external-secret';
import { MigrationJob } from './migration-job';
import { MIGRATION_WORKDIR, migrationProgramCommand, migrationWaitContainer } from './migration-programs';
import { MIGRATION_JOB_LABEL, MigrationWaiterRbac, WaiterProps } from './migration-waiter';
import { PodMonitor, SloDashboard, SloPrometheusRule } from './monitoring';
import { AppNamespace } from './namespace';
import { AppNetworkPolicy, backendEgress, BackendNetworkPolicy, peerEgress, serviceUrlEgress } from './network-policy';
import { DEVELOPMENT_MARKS, DevPostgresql } from './postgresql';
import { InternalRedis, METRICS_PORT_NAME } from './redis';
import { deploymentStrategy, rolloutDeadlineSeconds } from './rollout';
import { AppServiceAccount } from './service-account';
import './linear-to-json'; // string maps render in linear time (see the file)

export interface OpenWebUiChartProps {
  /** The release model of validated values (src/model/, built by the values pipeline). */
  readonly model: ReleaseModel;
}

/** A row of the env table as a container env var. */
const envVar = (r: EnvRow): k8s.EnvVar =>
  r.secret
    ? { name: r.name, valueFrom: { secretKeyRef: { name: r.secret.name, key: r.secret.key } } }
    : {
        name: r.name,
        ...(r.value !== undefined ? { value: r.value } : {}),
        ...(r.valueFrom ? { valueFrom: typedProps(r.valueFrom) } : {}),
      };

/** `affinity` with one more required pod-affinity term (the ReadWriteOnce data claim's same-node term). */
function withRequiredPodAffinity(affinity: k8s.Affinity, term: PodAffinityTerm | undefined): k8s.Affinity {
  if (!term) return affinity;
  const pa = affinity.podAffinity;
  return {
    ...affinity,
    podAffinity: {
      ...pa,
      requiredDuringSchedulingIgnoredDuringExecution: [
        ...(pa?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
        typedProps<k8s.PodAffinityTerm>(term),
      ],
    },
  };
}

const image = (i: { repository: string; tag: string; digest?: string }) =>
  `${i.repository}:${i.tag}${i.digest ? `@${i.digest}` : ''}`;

export class OpenWebUiChart extends Chart {
  readonly model: ReleaseModel;
  /** The Namespace, when rendered: it enforces the strictest Pod Security level every rendered pod passes. */
  private readonly namespaceObject?: AppNamespace;
  constructor(scope: Construct, id: string, props: OpenWebUiChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const m = (this.model = props.model);
    const v = m.values;
    const n = m.names;
    const app = n.selectorLabels(COMPONENT.app);
    const appMeta = (name = n.fullname, annotations?: Record<string, string>) =>
      n.metadata(COMPONENT.app, name, annotations ? { annotations } : {});

    const namespace = v.namespace.create
      ? new AppNamespace(this, 'Namespace', {
          metadata: n.metadata(COMPONENT.namespace, n.namespace, {
            clusterScoped: true,
            labels: v.namespace.labels,
            annotations: v.namespace.annotations,
          }),
        })
      : undefined;

    const np = v.networkPolicy;
    if (np.enabled) {
      // The app and migrator may reach the in-release Redis/PostgreSQL, and those accept only them.
      new AppNetworkPolicy(this, 'NetworkPolicy', {
        metadata: appMeta(),
        appSelector: app,
        from: typedProps<k8s.NetworkPolicyPeer[]>(m.ingressPeers),
        port: APP_PORT,
        egress: [
          ...peerEgress(np.egress.dns),
          ...backendEgress(m.inRelease.map((b) => ({ selector: n.selectorLabels(b.component), ports: [b.port] }))),
          ...peerEgress(np.egress.database),
          ...peerEgress(np.egress.redis),
          ...peerEgress(np.egress.modelApis),
          ...serviceUrlEgress(m.endpoints),
          ...typedProps<k8s.NetworkPolicyEgressRule[]>(np.egress.extra),
        ],
        ...(v.upgrade.strategy === 'recreate'
          ? {
              migrationApi: {
                metadata: n.metadata(COMPONENT.migration, n.objectName('migration-api')),
                selector: n.selectorLabels(COMPONENT.migration),
                egress: peerEgress(np.egress.kubernetesApi),
              },
            }
          : {}),
      });
      for (const b of m.inRelease)
        new BackendNetworkPolicy(this, `NetworkPolicy-${b.component}`, {
          metadata: n.metadata(
            b.component,
            n.objectName(b.component),
            b.kind === 'development' ? DEVELOPMENT_MARKS : {},
          ),
          selector: n.selectorLabels(b.component),
          ports: [b.port],
          // The scraper reaches the exporter port only (networkPolicy.monitoring; Open WebUI has no metrics port).
          ...(np.monitoring.enabled
            ? {
                scrapers: {
                  from: [
                    {
                      namespaceSelector: np.monitoring.namespaceSelector,
                      ...(np.monitoring.podSelector ? { podSelector: np.monitoring.podSelector } : {}),
                    },
                  ],
                  ports: m.metricsPorts.filter((p) => p.component === b.component).map((p) => p.port),
                },
              }
            : {}),
          egress: peerEgress(np.egress.dns),
        });
    }
    if (v.serviceAccount.create)
      new AppServiceAccount(this, 'ServiceAccount', {
        metadata: appMeta(n.serviceAccount, v.serviceAccount.annotations),
      });

    // Secrets: inline (development), an ExternalSecret, or an existing Secret (nothing rendered).
    const creds = m.credentials;
    const podAnnotations: Record<string, string> = {};
    let appSecret: AppSecret | undefined;
    if (creds.source === 'inline') {
      const stringData: Record<string, string> = {};
      for (const entry of Object.keys(SECRET_ENTRIES) as SecretEntry[]) {
        const value = v.secrets.inline[entry];
        if (value !== undefined) stringData[v.secrets.keys[entry]] = value;
      }
      appSecret = new AppSecret(this, 'Secret', { metadata: appMeta(creds.appSecretName), stringData });
      podAnnotations['checksum/secret'] = appSecret.checksum;
    }
    const es = v.secrets.externalSecret;
    if (creds.source === 'externalSecret')
      new AppExternalSecret(this, 'ExternalSecret', {
        metadata: appMeta(creds.appSecretName),
        storeRef: { kind: es.storeRef.kind, name: es.storeRef.name as string }, // required by rule secrets-external-secret
        refreshInterval: es.refreshInterval,
        data: creds.inAppSecret.map(({ entry, ref }) => ({
          secretKey: ref.key,
          remoteRef: {
            key: (es.properties[entry]?.remoteKey ?? es.remoteKey) as string,
            property: es.properties[entry]?.property ?? ref.key,
          },
        })),
      });
    // Backends whose password comes from the inline app Secret restart when it changes, like the app.
    const checksumOf = (c: Credential | undefined) =>
      appSecret && c?.inAppSecret ? appSecret.checksumOf(c.ref.key) : undefined;

    if (m.dataClaim?.rendered)
      new DataVolume(this, 'Data', {
        ...v.persistence,
        metadata: appMeta(m.dataClaim.name, v.persistence.annotations),
      });
    if (m.redis.kind === 'in-cluster') {
      const r = v.redis.internal;
      new InternalRedis(this, 'Redis', {
        metadata: n.metadata(COMPONENT.redis, m.redis.service, { version: r.image.tag }),
        headlessName: m.redis.headless,
        configMapName: m.redis.configMap,
        selector: n.selectorLabels(COMPONENT.redis),
        image: image(r.image),
        imagePullPolicy: r.image.pullPolicy,
        config: renderRedisConf(r),
        password: m.redis.password?.ref,
        resources: resourceRequirements(r.resources),
        persistence: r.persistence,
        podAnnotations: r.podAnnotations,
        passwordChecksum: checksumOf(m.redis.password),
        ...(m.redis.exporter
          ? {
              exporter: {
                image: image(r.metrics.image),
                imagePullPolicy: r.metrics.image.pullPolicy,
                resources: resourceRequirements(r.metrics.resources),
                port: m.redis.exporter.port,
              },
            }
          : {}),
      });
      const pm = r.metrics.podMonitor;
      if (m.redis.exporter && pm.enabled)
        new PodMonitor(this, 'RedisPodMonitor', {
          metadata: {
            ...n.metadata(COMPONENT.redis, m.redis.service, { labels: pm.additionalLabels, version: r.image.tag }),
            name: m.redis.service,
            namespace: pm.namespace ?? n.namespace,
          },
          selector: n.selectorLabels(COMPONENT.redis),
          podNamespace: n.namespace,
          port: METRICS_PORT_NAME,
          interval: pm.interval,
          scrapeTimeout: pm.scrapeTimeout,
        });
    }
    if (m.database.kind === 'development') {
      const pg = v.database.inCluster;
      new DevPostgresql(this, 'Postgresql', {
        metadata: n.metadata(COMPONENT.postgresql, m.database.service, { version: pg.image.tag }),
        headlessName: m.database.headless,
        initConfigMapName: n.objectName('postgresql-init'),
        selector: n.selectorLabels(COMPONENT.postgresql),
        image: image(pg.image),
        imagePullPolicy: pg.image.pullPolicy,
        username: m.database.username,
        database: m.database.database,
        password: m.database.password.ref,
        maxConnections: v.database.maxConnections,
        resources: resourceRequirements(pg.resources),
        persistence: pg.persistence,
        passwordChecksum: checksumOf(m.database.password),
      });
    }

    // The Open WebUI pods: the migration Job first (the Deployment's pods wait for it by name).
    const pod = m.pod;
    const container = (env: readonly EnvRow[], resources: Resources) =>
      appContainer({
        image: pod.image,
        imagePullPolicy: v.image.pullPolicy,
        env: env.map(envVar),
        envFrom: typedProps(v.extraEnvFrom),
        resources: resourceRequirements(plainResources(resources)),
        securityContext: typedProps(v.securityContext),
        volumeMounts: typedProps(pod.mounts.map((x) => x.item)),
      });
    const podSettings: AppPodSettings = {
      serviceAccountName: v.serviceAccount.create || v.serviceAccount.name ? n.serviceAccount : undefined,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: podSecurityContext(v.nonRoot.enabled ? v.nonRoot : undefined, typedProps(v.podSecurityContext)),
      ...(v.imagePullSecrets.length ? { imagePullSecrets: v.imagePullSecrets.map((name) => ({ name })) } : {}),
      ...(Object.keys(v.nodeSelector).length ? { nodeSelector: v.nodeSelector } : {}),
      ...(v.tolerations.length ? { tolerations: typedProps(v.tolerations) } : {}),
      ...(Object.keys(v.affinity).length || m.sameNode
        ? { affinity: withRequiredPodAffinity(typedProps(v.affinity), m.sameNode) }
        : {}),
      ...(v.priorityClassName ? { priorityClassName: v.priorityClassName } : {}),
      ...(v.runtimeClassName ? { runtimeClassName: v.runtimeClassName } : {}),
      ...(v.hostAliases.length ? { hostAliases: v.hostAliases } : {}),
      volumes: typedProps(pod.volumes.map((x) => x.item)),
    };
    const u = v.upgrade;
    const waiter: WaiterProps = {
      image: image(u.waiter.image),
      pollSeconds: u.waiter.pollSeconds,
      resources: plainResources(pod.resources.waiter),
      appSelector: app,
    };
    const migration = new MigrationJob(this, 'Migration', {
      metadata: n.metadata(COMPONENT.migration, n.fullname) as k8s.ObjectMeta & { namespace: string },
      fullname: n.fullname,
      version: n.version,
      podLabels: n.labels(COMPONENT.migration),
      podSpec: {
        ...podSettings,
        restartPolicy: 'Never',
        // Native sidecars (a database proxy) serve the migrator too; a Job ends when its containers do.
        ...(pod.nativeSidecars.length
          ? { initContainers: typedProps<k8s.Container[]>(pod.nativeSidecars.map((x) => x.item)) }
          : {}),
        containers: [
          {
            ...container(m.env.migrate, pod.resources.migrator),
            command: migrationProgramCommand('migrate'),
            workingDir: MIGRATION_WORKDIR,
          },
        ],
      },
      backoffLimit: u.migration.backoffLimit,
      activeDeadlineSeconds: u.migration.activeDeadlineSeconds,
      waiter: u.strategy === 'recreate' ? waiter : undefined,
    });
    // Only the Job's old-pods waiter reads the Kubernetes API (recreate); app pods ask the database.
    if (migration.waitsForOldPods)
      new MigrationWaiterRbac(this, 'MigrationWaiter', {
        metadata: n.metadata(COMPONENT.migration, migration.name) as k8s.ObjectMeta & { namespace: string },
        jobName: migration.name,
        serviceAccountName: n.serviceAccount,
      });
    const deployment = new AppDeployment(this, 'Deployment', {
      metadata: appMeta(),
      replicas: v.autoscaling.enabled ? undefined : v.replicaCount,
      selector: app,
      podLabels: { ...v.podLabels, ...n.labels(COMPONENT.app), [MIGRATION_JOB_LABEL]: migration.name },
      podAnnotations: { ...v.podAnnotations, ...podAnnotations },
      strategy: deploymentStrategy(u),
      progressDeadlineSeconds: rolloutDeadlineSeconds(u.migration.activeDeadlineSeconds, v.probes.startup),
      container: container(m.env.serve, pod.resources.app),
      probes: v.probes,
      preStopSleepSeconds: v.preStopSleepSeconds,
      podSettings,
      terminationGracePeriodSeconds: v.terminationGracePeriodSeconds,
      topologySpreadConstraints: v.topologySpread.enabled ? topologySpread(v.topologySpread, app) : [],
      initContainers: [
        ...typedProps<k8s.Container[]>(pod.initContainers.map((x) => x.item)),
        migrationWaitContainer(container(m.env.serve, pod.resources.app), m.env.wait.map(envVar)),
      ],
      sidecars: typedProps<k8s.Container[]>(pod.sidecars.map((x) => x.item)),
      command: v.command,
      args: v.args,
    });

    // What fronts and scales the app.
    const ing = v.ingress;
    const gce = ing.enabled && ing.controller === 'gce';
    const service = new AppService(this, 'Service', {
      metadata: n.metadata(COMPONENT.app, n.fullname, {
        annotations: {
          ...traefikServiceAnnotations(ing),
          ...(gce ? { ...GKE_NEG_ANNOTATION, ...backendConfigAnnotation(n.fullname) } : {}),
          ...v.service.annotations,
        },
        labels: v.service.labels,
      }),
      selector: app,
      type: v.service.type,
      port: v.service.port,
      nodePort: v.service.nodePort,
      loadBalancerClass: v.service.loadBalancerClass,
      appProtocol: v.service.appProtocol,
    });
    if (v.autoscaling.enabled)
      new AppAutoscaler(this, 'Autoscaler', { ...v.autoscaling, metadata: appMeta(), deploymentName: deployment.name });
    if (v.podDisruptionBudget.enabled)
      new AppDisruptionBudget(this, 'DisruptionBudget', {
        ...v.podDisruptionBudget,
        metadata: appMeta(),
        selector: app,
      });
    if (gce)
      // GKE Ingress reads affinity, health check and timeout from a BackendConfig the Service names.
      new GkeBackendConfig(this, 'BackendConfig', {
        metadata: appMeta(),
        healthCheckPath: v.probes.liveness.path,
        healthCheckPort: APP_PORT,
        timeoutSeconds: ing.gce.timeoutSeconds,
        ...(ing.sessionAffinity.enabled ? { affinityCookieTtlSeconds: ing.sessionAffinity.maxAgeSeconds } : {}),
      });
    if (ing.enabled)
      new AppIngress(this, 'Ingress', {
        metadata: appMeta(n.fullname, { ...controllerAnnotations(ing, v.probes.liveness.path), ...ing.annotations }),
        className: ing.className ?? DEFAULT_CLASS[ing.controller],
        hosts: ing.hosts,
        tls: ing.controller === 'alb' ? [] : ing.tls, // the ALB terminates TLS with ACM certificates
        serviceName: service.name,
        servicePort: service.port,
      });

    // The Gateway API way in: the HTTPRoute(s) and what the implementation reads for session persistence.
    const route = m.route;
    if (route) {
      const r = v.route;
      const ref = (g: GatewayRef) => ({
        name: g.name,
        ...(g.namespace !== n.namespace ? { namespace: g.namespace } : {}),
        ...(g.sectionName ? { sectionName: g.sectionName } : {}),
      });
      new HttpRoute(this, 'Route', {
        metadata: appMeta(route.name, r.annotations),
        parentRefs: route.gateways.map(ref),
        hostnames: r.hostnames,
        paths: r.paths,
        serviceName: service.name,
        servicePort: service.port,
        timeouts: route.timeouts ?? null,
        ...(route.persistence.route.sessionPersistence
          ? { sessionPersistence: route.persistence.route.sessionPersistence }
          : {}),
        ...(route.redirectGateways ? { httpsRedirect: { parentRefs: route.redirectGateways.map(ref) } } : {}),
      });
      new SessionPersistenceObjects(this, 'SessionPersistence', route.persistence);
    }

    // SLO alerts and dashboard (src/observability/), about the objects above.
    const { prometheusRule: rule, grafanaDashboard: dash } = v.monitoring;
    if (rule.enabled || dash.enabled) {
      const target = m.slo;
      const monitoring = (suffix: string, namespace: string | undefined, labels: Record<string, string>) => ({
        ...n.metadata(COMPONENT.monitoring, n.objectName(suffix), { labels }),
        name: n.objectName(suffix),
        namespace: namespace ?? n.namespace,
      });
      if (rule.enabled)
        new SloPrometheusRule(this, 'PrometheusRule', {
          metadata: monitoring('slo', rule.namespace, rule.additionalLabels),
          target,
        });
      if (dash.enabled)
        new SloDashboard(this, 'Dashboard', {
          metadata: monitoring('dashboard', dash.namespace, {
            ...dash.additionalLabels,
            [dash.sidecarLabel.key]: dash.sidecarLabel.value,
          }),
          target,
          datasourceUid: dash.datasourceUid,
          appContainer: CONTAINER.app,
          ...(m.database.kind !== 'sqlite' ? { databaseMaxConnections: v.database.maxConnections } : {}),
          // The StatefulSet's pods: <name>-<ordinal>.
          ...(m.redis.kind === 'in-cluster' && m.redis.exporter ? { redisPods: `${m.redis.service}-[0-9]+` } : {}),
        });
    }

    // The values' extra objects, checked like the rest (their pods count for the Namespace's level too).
    if (m.extraObjects.length) new ExtraObjects(this, 'Extra', { objects: m.extraObjects.map((e) => e.object) });
    this.namespaceObject = namespace;
  }

  /**
   * Every object, rendered once: the Namespace labelled with the Pod Security level its pods pass,
   * Argo CD sync waves and sync options applied centrally (src/argocd/sync-waves.ts); an extra object
   * keeps a sync wave it sets itself.
   */
  override toJson(): Record<string, unknown>[] {
    const objects = super.toJson();
    const extra = new Set(this.model.extraObjects.map((e) => e.identity));
    return applyArgoCdSyncWaves(
      (this.namespaceObject ? this.namespaceObject.withPodSecurityLabels(objects) : objects) as K8sObject[],
      this.model.values.upgrade.strategy,
      (o) => extra.has(identityOf(o)),
    );
  }
}
