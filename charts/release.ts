/**
 * Names and labels of one release, derived the way Helm charts do it
 * (`fullnameOverride`, `nameOverride`, release name), so every object has a stable human name.
 */
import { k8s } from 'cdk8s-plus-28';
import { Values } from '../src/values/schema';

export const CHART_NAME = 'open-webui';
export const MANAGED_BY = 'open-webui-k8s';

/** The parts of a release: `app` (Open WebUI), `redis`, `migration`, ... */
export type Component = string;

export class Release {
  /** `app.kubernetes.io/name`: the chart name, or `nameOverride`. */
  readonly name: string;
  /** `app.kubernetes.io/instance`: the release name. */
  readonly instance: string;
  /** Base of every object name (Helm's "fullname"). */
  readonly fullname: string;
  readonly namespace: string;
  /** `app.kubernetes.io/version`: the app version (image tag). */
  readonly version: string;

  constructor(readonly values: Values) {
    this.name = values.nameOverride ?? CHART_NAME;
    this.instance = values.releaseName;
    this.fullname =
      values.fullnameOverride ?? (this.instance.includes(this.name) ? this.instance : `${this.instance}-${this.name}`);
    this.namespace = values.namespace.name;
    this.version = values.image.tag;
  }

  /** `<fullname>` or `<fullname>-<suffix>`. */
  objectName(suffix?: string): string {
    return suffix ? `${this.fullname}-${suffix}` : this.fullname;
  }

  /** Labels that select a component's pods. Never includes the version: selectors are immutable. */
  selectorLabels(component: Component): Record<string, string> {
    return {
      'app.kubernetes.io/name': this.name,
      'app.kubernetes.io/instance': this.instance,
      'app.kubernetes.io/component': component,
    };
  }

  /** The standard `app.kubernetes.io/*` labels plus `commonLabels`. */
  labels(component: Component, version: string = this.version): Record<string, string> {
    return {
      ...this.values.commonLabels,
      ...this.selectorLabels(component),
      'app.kubernetes.io/version': version,
      'app.kubernetes.io/part-of': CHART_NAME,
      'app.kubernetes.io/managed-by': MANAGED_BY,
    };
  }

  /** Object metadata: name, namespace (unless cluster-scoped), labels and annotations. */
  metadata(
    component: Component,
    name: string,
    extra: { annotations?: Record<string, string>; labels?: Record<string, string>; clusterScoped?: boolean } = {},
  ): k8s.ObjectMeta {
    const annotations = { ...this.values.commonAnnotations, ...(extra.annotations ?? {}) };
    return {
      name,
      ...(extra.clusterScoped ? {} : { namespace: this.namespace }),
      labels: { ...this.labels(component), ...(extra.labels ?? {}) },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    };
  }

  /** Name of the Secret the app reads its secret values from. */
  get appSecretName(): string {
    return this.values.secrets.source === 'existingSecret' && this.values.secrets.existingSecret
      ? this.values.secrets.existingSecret
      : this.objectName('secrets');
  }

  get serviceAccountName(): string {
    return this.values.serviceAccount.name ?? this.fullname;
  }

  /** The app image reference, `repository:tag` or `repository:tag@digest`. */
  get image(): string {
    const { repository, tag, digest } = this.values.image;
    return `${repository}:${tag}${digest ? `@${digest}` : ''}`;
  }
}
