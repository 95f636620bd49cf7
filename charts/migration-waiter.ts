/**
 * The old-pods waiter: a tiny init container in the migration Job (only with `upgrade.strategy:
 * recreate`) that waits until no app pod of a previous rollout exists, so the migrator never runs
 * while the previous version still serves. Recreate stops the old pods only when the Deployment
 * changes, while the Job starts at once; only the Kubernetes API knows when they are gone.
 *
 * It is the only piece that talks to the API: the app pods' own waiter asks the database
 * (charts/migration-programs.ts), with no token and no RBAC. Image: `curlimages/curl` (pinned,
 * ~10 MB, Alpine with BusyBox `sh`, runs as uid 100); one `list` on pods suffices where `kubectl
 * wait` would need `watch` and a larger image. The API token is a projected volume mounted only in
 * this init container: the migrator container never sees it.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CONTAINER, MIGRATION_JOB_LABEL, WAITER_VOLUME } from '../src/model';
import { resourceRequirements } from './app-pod';
import { nonRootContainerSecurityContext } from './pod-storage';

export { MIGRATION_JOB_LABEL, WAITER_VOLUME };
export const WAITER_CONTAINER = CONTAINER.waiter;
const TOKEN_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** POSIX sh, BusyBox-compatible. Exits 0 when no old pod is left, 1 on a refused request. */
export const WAITER_SCRIPT = `set -u
d=\${WAITER_TOKEN_DIR:-${TOKEN_DIR}}
h=\${KUBERNETES_SERVICE_HOST:-kubernetes.default.svc}
case "$h" in *:*) h="[$h]" ;; esac
api="\${WAITER_API_URL:-https://$h:\${KUBERNETES_SERVICE_PORT:-443}}"
ns=$(cat "$d/namespace")
get() { curl -sS --max-time 10 --cacert "$d/ca.crt" -H "Authorization: Bearer $(cat "$d/token")" -w ' HTTP%{http_code}' "$api$1" 2>&1; }
# Failed and Succeeded pods (evicted, OOM-killed) stay in the API until garbage-collected: they do not run.
LIVE_PODS='status.phase%21%3DFailed%2Cstatus.phase%21%3DSucceeded'
while :; do
  out=$(get "/api/v1/namespaces/$ns/pods?labelSelector=$OLD_PODS_SELECTOR&fieldSelector=$LIVE_PODS&limit=1&pretty=false")
  code=\${out##* HTTP}
  flat=$(printf '%s' "$out" | tr -d ' \\t\\n')
  case "$code" in
  200)
    if echo "$flat" | grep -q '"items":\\[\\]'; then echo "no pod of a previous version is left"; exit 0; fi
    echo "waiting for the pods of the previous version to stop" ;;
  401|403) echo "the Kubernetes API refused the request ($code): check the Role and RoleBinding of the migration waiter" >&2; exit 1 ;;
  *) echo "unexpected answer from the Kubernetes API: $out" >&2 ;;
  esac
  sleep "$POLL_SECONDS"
done`;

/** The projected API token volume: token, cluster CA and namespace, as the default mount would give. */
export function waiterVolume(): k8s.Volume {
  return {
    name: WAITER_VOLUME,
    projected: {
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardApi: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  };
}

/** The old-pods waiter, as the chart configures it. */
export interface WaiterProps {
  /** Image with a POSIX shell and curl, e.g. `curlimages/curl:8.11.1`. */
  readonly image: string;
  /** Seconds between two looks at the old pods. */
  readonly pollSeconds: number;
  /** Requests and limits as `{requests, limits}` quantities. */
  readonly resources: {
    readonly requests?: Record<string, string | number>;
    readonly limits?: Record<string, string | number>;
  };
  /** Labels that select the app pods (it waits until no pod of another Job is left). */
  readonly appSelector: Record<string, string>;
}

/** Label selector (URL-encoded) of app pods that belong to another migration Job than `jobName`. */
export function oldPodsSelector(appSelector: Record<string, string>, jobName: string): string {
  const sel = Object.entries(appSelector)
    .map(([k, val]) => `${k}=${val}`)
    .concat(`${MIGRATION_JOB_LABEL}!=${jobName}`)
    .join(',');
  return encodeURIComponent(sel);
}

/** The Job's init container: waits until no app pod of another rollout than `jobName` runs. */
export function waiterContainer(w: WaiterProps, jobName: string): k8s.Container {
  return {
    name: WAITER_CONTAINER,
    image: w.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', WAITER_SCRIPT],
    env: [
      { name: 'OLD_PODS_SELECTOR', value: oldPodsSelector(w.appSelector, jobName) },
      { name: 'POLL_SECONDS', value: String(w.pollSeconds) },
    ],
    resources: resourceRequirements(w.resources),
    securityContext: nonRootContainerSecurityContext(100, 101),
    volumeMounts: [{ name: WAITER_VOLUME, mountPath: TOKEN_DIR, readOnly: true }],
  };
}

export interface MigrationWaiterRbacProps {
  /** Labels, annotations and namespace of the Role and RoleBinding (named after the Job). */
  readonly metadata: k8s.ObjectMeta & { readonly namespace: string };
  /** The migration Job whose old-pods waiter uses the Role. */
  readonly jobName: string;
  /** The ServiceAccount the Job's pod runs as. */
  readonly serviceAccountName: string;
}

/**
 * Role + RoleBinding for the Job's old-pods waiter: `list` pods (a label-selected list cannot be
 * narrowed by resourceNames; it reads pod metadata in this namespace only). Only rendered with
 * `recreate`. Bound to the app ServiceAccount, which the Job's pod uses too (cloud identities such
 * as IRSA bind to it); the app pods mount no token, so only the waiter can use the grant. Named
 * after the Job, so a still-running previous Job keeps its Role and old Roles go with their Jobs
 * (Argo CD prunes both last). L1 objects: cdk8s-plus-28's RoleBinding adds `apiGroup: ""` to the
 * subject.
 */
export class MigrationWaiterRbac extends Construct {
  readonly roleName: string;
  constructor(scope: Construct, id: string, props: MigrationWaiterRbacProps) {
    super(scope, id);
    this.roleName = `${props.jobName}-waiter`;
    const metadata = { ...props.metadata, name: this.roleName };
    const rules: k8s.PolicyRule[] = [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }];
    new k8s.KubeRole(this, 'Role', { metadata, rules });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.roleName },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccountName, namespace: props.metadata.namespace }],
    });
  }
}
