/**
 * Names and labels of one release, derived the way Helm charts do it (`fullnameOverride`,
 * `nameOverride`, release name), so every object has a stable human name.
 */
import { Path } from '../errors';
import { Values } from '../values/schema';
import { baseObjectName, CHART_NAME } from '../values/schema/release';

export { CHART_NAME };
export const MANAGED_BY = 'open-webui-k8s';

/** `app.kubernetes.io/component` of each part of a release. */
export const COMPONENT = {
  app: 'app',
  migration: 'migration',
  redis: 'redis',
  postgresql: 'postgresql',
  namespace: 'namespace',
  monitoring: 'monitoring',
} as const;
/** Components that run the Open WebUI image: the serving pods and the migrator. */
export const APP_COMPONENTS = [COMPONENT.app, COMPONENT.migration] as const;

/** Container names: stable for `kubectl logs -c`, and the names findings on rendered pods are mapped by. */
export const CONTAINER = {
  app: 'open-webui',
  /** The app pods' init container (the Open WebUI image) that waits until the database is migrated. */
  migrationWait: 'wait-for-migration',
  /** The migration Job's init container (`recreate`) that waits until no pod of the previous version runs. */
  waiter: 'wait-for-old-pods',
  redis: 'redis',
  /** The redis_exporter sidecar of the in-cluster Redis (redis.internal.metrics). */
  redisExporter: 'redis-exporter',
  postgresql: 'postgresql',
} as const;

/** Argo CD's sync-wave annotation (src/argocd/sync-waves.ts sets it on every object; an extra object may set its own). */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Pod template label naming the migration Job a pod belongs to (the waiters read it). */
export const MIGRATION_JOB_LABEL = 'open-webui-k8s/migration-job';

/** Object metadata as the constructs render it (a subset of Kubernetes ObjectMeta). */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** Names of the release's objects the SLOs are about (the alerts and the dashboard select them). */
export interface SloObjectNames {
  /** The app Deployment. */
  readonly deployment: string;
  /** The HorizontalPodAutoscaler, when autoscaling is on. */
  readonly hpa?: string;
  /** The data PersistentVolumeClaim, when one is mounted. */
  readonly dataClaim?: string;
  /** The Ingress, when one is rendered. */
  readonly ingress?: string;
  /** The Gateway API HTTPRoute, when one is rendered (route.*). */
  readonly httpRoute?: string;
}

export class Names {
  /** `app.kubernetes.io/name`: the chart name, or `nameOverride`. */
  readonly name: string;
  /** `app.kubernetes.io/instance`: the release name. */
  readonly instance: string;
  /** Base of every object name (Helm's "fullname"). */
  readonly fullname: string;
  /** The values key the base name comes from (`fullnameOverride` or `releaseName`), for messages. */
  readonly fullnameKey: Path;
  readonly namespace: string;
  /** `app.kubernetes.io/version`: the app version (image tag). */
  readonly version: string;
  /** The app ServiceAccount (`serviceAccount.name`, or the base name). */
  readonly serviceAccount: string;

  constructor(private readonly v: Values) {
    this.name = v.nameOverride ?? CHART_NAME;
    this.instance = v.releaseName;
    this.fullname = baseObjectName(v);
    this.fullnameKey = v.fullnameOverride !== undefined ? ['fullnameOverride'] : ['releaseName'];
    this.namespace = v.namespace.name;
    this.version = v.image.tag;
    this.serviceAccount = v.serviceAccount.name ?? this.fullname;
  }

  /** `<fullname>` or `<fullname>-<suffix>`. */
  objectName(suffix?: string): string {
    return suffix ? `${this.fullname}-${suffix}` : this.fullname;
  }

  /**
   * Names of the objects the SLOs watch: the Deployment, HPA and Ingress share the release's base
   * name (charts/app-deployment.ts, autoscaler.ts, app-ingress.ts); the data claim is the model's.
   */
  sloObjects(dataClaim?: string): SloObjectNames {
    const v = this.v;
    return {
      deployment: this.fullname,
      ...(v.autoscaling.enabled ? { hpa: this.fullname } : {}),
      ...(dataClaim ? { dataClaim } : {}),
      ...(v.ingress.enabled ? { ingress: this.fullname } : {}),
    };
  }

  /** The in-cluster DNS name of a Service of this release. */
  serviceHost(suffix: string): string {
    return `${this.objectName(suffix)}.${this.namespace}.svc`;
  }

  /** Labels that select a component's pods. Never includes the version: selectors are immutable. */
  selectorLabels(component: string): Record<string, string> {
    return {
      'app.kubernetes.io/name': this.name,
      'app.kubernetes.io/instance': this.instance,
      'app.kubernetes.io/component': component,
    };
  }

  /** The standard `app.kubernetes.io/*` labels plus `commonLabels`. */
  labels(component: string, version: string = this.version): Record<string, string> {
    return {
      ...this.v.commonLabels,
      ...this.selectorLabels(component),
      'app.kubernetes.io/version': version,
      'app.kubernetes.io/part-of': CHART_NAME,
      'app.kubernetes.io/managed-by': MANAGED_BY,
    };
  }

  /**
   * Object metadata: name, namespace (unless cluster-scoped), labels (`version` overrides the app
   * version, for backends with their own image) and annotations (`commonAnnotations` first).
   */
  metadata(
    component: string,
    name: string,
    extra: {
      annotations?: Record<string, string>;
      labels?: Record<string, string>;
      clusterScoped?: boolean;
      version?: string;
    } = {},
  ): ObjectMeta {
    const annotations = { ...this.v.commonAnnotations, ...(extra.annotations ?? {}) };
    const labels = { ...this.labels(component), ...(extra.labels ?? {}) };
    return {
      name,
      ...(extra.clusterScoped ? {} : { namespace: this.namespace }),
      labels: extra.version ? { ...labels, 'app.kubernetes.io/version': extra.version } : labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
    };
  }
}
