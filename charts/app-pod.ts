/**
 * The Open WebUI container and the pod settings around it, shared by the serving Deployment and
 * the migration Job: same image, env, Secret wiring, data volume and security context.
 */
import { k8s } from 'cdk8s-plus-28';
import { Values } from '../src/values/schema';
import { appEnv } from './app-env';
import { DATA_MOUNT_PATH, DataVolume } from './data-volume';
import { redisAppVolumeMounts, redisAppVolumes } from './redis-env';
import { Release } from './release';

export const APP_PORT = 8080;
export const APP_CONTAINER = 'open-webui';

/** Kubernetes resource requirements from values (cpu/memory as given, quantities typed). */
export function resourceRequirements(r: Values['resources']): k8s.ResourceRequirements {
  const list = (m: Record<string, string | number | undefined>) => {
    const out: Record<string, k8s.Quantity> = {};
    for (const [k, val] of Object.entries(m))
      if (val !== undefined)
        out[k] = typeof val === 'number' ? k8s.Quantity.fromNumber(val) : k8s.Quantity.fromString(val);
    return out;
  };
  const requests = list(r.requests);
  const limits = list(r.limits);
  return { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) };
}

export interface AppContainerOptions {
  /** True for the migrator only. */
  readonly runMigrations: boolean;
  /** Resources. @default the app's `resources` */
  readonly resources?: Values['resources'];
}

/** The Open WebUI container without probes, ports or lifecycle (the Deployment adds those). */
export function appContainer(release: Release, opts: AppContainerOptions): k8s.Container {
  const v = release.values;
  return {
    name: APP_CONTAINER,
    image: release.image,
    imagePullPolicy: v.image.pullPolicy,
    env: appEnv(release, { runMigrations: opts.runMigrations }),
    ...(v.extraEnvFrom.length ? { envFrom: v.extraEnvFrom as k8s.EnvFromSource[] } : {}),
    resources: resourceRequirements(opts.resources ?? v.resources),
    securityContext: v.securityContext as k8s.SecurityContext,
    volumeMounts: [
      { name: 'data', mountPath: DATA_MOUNT_PATH },
      ...redisAppVolumeMounts(release),
      ...(v.extraVolumeMounts as unknown as k8s.VolumeMount[]),
    ],
  };
}

/**
 * Pod security context: seccomp RuntimeDefault for every container; with `nonRoot.enabled` the
 * pod runs as `nonRoot.uid`/`gid` with `fsGroup` owning the data volume (Pod Security
 * "restricted"). `podSecurityContext` from values is applied last.
 */
export function podSecurityContext(v: Values): k8s.PodSecurityContext {
  return {
    ...(v.nonRoot.enabled
      ? {
          runAsNonRoot: true,
          runAsUser: v.nonRoot.uid,
          runAsGroup: v.nonRoot.gid,
          fsGroup: v.nonRoot.fsGroup,
          fsGroupChangePolicy: 'OnRootMismatch',
        }
      : {}),
    seccompProfile: { type: 'RuntimeDefault' },
    ...(v.podSecurityContext as k8s.PodSecurityContext),
  };
}

/** Pod-level settings shared by every Open WebUI pod (serving or migrating). */
export function appPodSettings(
  release: Release,
): Pick<
  k8s.PodSpec,
  | 'serviceAccountName'
  | 'automountServiceAccountToken'
  | 'enableServiceLinks'
  | 'securityContext'
  | 'imagePullSecrets'
  | 'nodeSelector'
  | 'tolerations'
  | 'affinity'
  | 'priorityClassName'
  | 'volumes'
> {
  const v = release.values;
  return {
    serviceAccountName: v.serviceAccount.create || v.serviceAccount.name ? release.serviceAccountName : undefined,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: podSecurityContext(v),
    ...(v.imagePullSecrets.length ? { imagePullSecrets: v.imagePullSecrets.map((name) => ({ name })) } : {}),
    ...(Object.keys(v.nodeSelector).length ? { nodeSelector: v.nodeSelector } : {}),
    ...(v.tolerations.length ? { tolerations: v.tolerations as k8s.Toleration[] } : {}),
    ...(Object.keys(v.affinity).length ? { affinity: v.affinity as k8s.Affinity } : {}),
    ...(v.priorityClassName ? { priorityClassName: v.priorityClassName } : {}),
    volumes: [
      DataVolume.podVolume(release),
      ...redisAppVolumes(release),
      ...(v.extraVolumes as unknown as k8s.Volume[]),
    ],
  };
}
