/**
 * The Open WebUI container and the pod settings around it, shared by the serving Deployment and
 * the migration Job: same image, env, Secret wiring, data volume and security context.
 */
import { k8s } from 'cdk8s-plus-28';
import { APP_PORT, CONTAINER } from '../src/model';

export { APP_PORT };
export const APP_CONTAINER = CONTAINER.app;

type ResourceList = Readonly<Record<string, string | number | undefined>>;

/**
 * Field names of Kubernetes objects (as values and the API spell them) that cdk8s-plus-28's typed
 * props spell differently (its `toJson_*` functions in lib/imports/k8s.js); a typed class drops a
 * field given under its JSON name, so a passthrough `downwardAPI` volume would render with no source.
 */
const TYPED_NAMES: Readonly<Record<string, string>> = {
  downwardAPI: 'downwardApi',
  scaleIO: 'scaleIo',
  volumeID: 'volumeId',
  diskURI: 'diskUri',
  datasetUUID: 'datasetUuid',
  pdID: 'pdId',
  storagePolicyID: 'storagePolicyId',
  targetWWNs: 'targetWwNs',
  hostIP: 'hostIp', // a container port's (extraContainers)
};

/** Quantity fields of the objects values pass through (sizeLimit of an emptyDir, divisor of a resourceFieldRef). */
const QUANTITY_FIELDS = new Set(['sizeLimit', 'divisor']);
/** Maps of quantities (a container's or a volume claim template's resource requirements). */
const QUANTITY_MAPS = new Set(['requests', 'limits']);

const quantityOf = (x: unknown) =>
  typeof x === 'number' ? k8s.Quantity.fromNumber(x) : typeof x === 'string' ? k8s.Quantity.fromString(x) : x;
const intOrStringOf = (x: unknown) =>
  typeof x === 'number' ? k8s.IntOrString.fromNumber(x) : typeof x === 'string' ? k8s.IntOrString.fromString(x) : x;

/**
 * A Kubernetes object from values (JSON field names) as cdk8s-plus-28's typed props. Its `toJson_*`
 * functions render a Quantity or IntOrString field from the typed class only (`obj.port?.value`), so
 * a plain number or string there would be dropped without a word (an egress rule's port, a probe's
 * port, a sidecar's resources, an emptyDir's sizeLimit): those fields become the typed classes.
 * `port` is an IntOrString everywhere values can put it (NetworkPolicy ports, httpGet and tcpSocket
 * handlers) except in a gRPC probe, where it is an integer.
 */
export function typedProps<T>(json: unknown, parent?: string): T {
  if (Array.isArray(json)) return json.map((x) => typedProps(x, parent)) as T;
  if (json === null || typeof json !== 'object') return json as T;
  return Object.fromEntries(
    Object.entries(json).map(([k, x]) => {
      const value =
        parent !== undefined && QUANTITY_MAPS.has(parent)
          ? quantityOf(x)
          : QUANTITY_FIELDS.has(k)
            ? quantityOf(x)
            : k === 'port' && parent !== 'grpc'
              ? intOrStringOf(x)
              : typedProps(x, k);
      return [TYPED_NAMES[k] ?? k, value];
    }),
  ) as T;
}

/** Kubernetes resource requirements from `{requests, limits}` quantities (cpu/memory as given, quantities typed). */
export function resourceRequirements(r: {
  readonly requests?: ResourceList;
  readonly limits?: ResourceList;
}): k8s.ResourceRequirements {
  const list = (m: ResourceList) => {
    const out: Record<string, k8s.Quantity> = {};
    for (const [k, val] of Object.entries(m))
      if (val !== undefined)
        out[k] = typeof val === 'number' ? k8s.Quantity.fromNumber(val) : k8s.Quantity.fromString(val);
    return out;
  };
  const requests = list(r.requests ?? {});
  const limits = list(r.limits ?? {});
  return { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) };
}

export interface AppContainerProps {
  /** Image reference, `repository:tag[@digest]`. */
  readonly image: string;
  /** Image pull policy. */
  readonly imagePullPolicy: string;
  /** The env table, in order (Kubernetes expands only earlier variables). */
  readonly env: k8s.EnvVar[];
  /** Extra `envFrom` sources. @default none */
  readonly envFrom?: k8s.EnvFromSource[];
  /** Requests and limits. */
  readonly resources: k8s.ResourceRequirements;
  /** Container security context (the hardened one unless values loosen it, which `check` refuses). */
  readonly securityContext: k8s.SecurityContext;
  /** Mounts: the data volume first. */
  readonly volumeMounts: k8s.VolumeMount[];
}

/** The Open WebUI container without probes, ports or lifecycle (the Deployment adds those). */
export function appContainer(p: AppContainerProps): k8s.Container {
  return {
    name: APP_CONTAINER,
    image: p.image,
    imagePullPolicy: p.imagePullPolicy,
    env: p.env,
    ...(p.envFrom?.length ? { envFrom: p.envFrom } : {}),
    resources: p.resources,
    securityContext: p.securityContext,
    volumeMounts: p.volumeMounts,
  };
}

/** The pod-level settings every Open WebUI pod (serving or migrating) shares. */
export type AppPodSettings = Pick<
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
  | 'runtimeClassName'
  | 'hostAliases'
  | 'volumes'
>;

/**
 * Pod security context: seccomp RuntimeDefault for every container; with a non-root user the
 * pod runs as `uid`/`gid` with `fsGroup` owning the data volume (Pod Security "restricted").
 * `extra` (values `podSecurityContext`) is applied last.
 */
export function podSecurityContext(
  nonRoot: { readonly uid: number; readonly gid: number; readonly fsGroup: number } | undefined,
  extra: k8s.PodSecurityContext,
): k8s.PodSecurityContext {
  return {
    ...(nonRoot
      ? {
          runAsNonRoot: true,
          runAsUser: nonRoot.uid,
          runAsGroup: nonRoot.gid,
          fsGroup: nonRoot.fsGroup,
          fsGroupChangePolicy: 'OnRootMismatch',
        }
      : {}),
    seccompProfile: { type: 'RuntimeDefault' },
    ...extra,
  };
}
