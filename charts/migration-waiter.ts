/**
 * The waiter: a tiny init container that orders a rollout through the Kubernetes API.
 *
 * - In app pods (mode `job`) it waits until the migration Job of its version has completed, and
 *   fails when that Job has failed, so a pod of a version whose migration did not finish never serves.
 * - In the migration Job (mode `pods`, only with `upgrade.strategy: recreate`) it waits until no
 *   app pod of a previous rollout exists, so migrations never run under an old version.
 *
 * Image: `curlimages/curl` (pinned, ~10 MB, Alpine with BusyBox `sh`, runs as uid 100). It needs
 * no client binary and no RBAC beyond a single `get` (and `list pods` for the Job's wait), whereas
 * `kubectl wait` needs `list`+`watch` and a larger image. The API token is a projected volume
 * mounted only in the waiter: the Open WebUI container never sees a Kubernetes token.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { resourceRequirements } from './app-pod';
import { nonRootContainerSecurityContext } from './pod-storage';
import { Release } from './release';

/** Pod template label naming the migration Job a pod belongs to (the Job's wait selects on it). */
export const MIGRATION_JOB_LABEL = 'open-webui-k8s/migration-job';
export const WAITER_CONTAINER = 'wait-for-migration';
export const WAITER_VOLUME = 'migration-waiter-token';
const TOKEN_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** POSIX sh, BusyBox-compatible. Exits 0 when the condition holds, 1 on a failed Job or a refused request. */
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
  if [ "$MODE" = job ]; then out=$(get "/apis/batch/v1/namespaces/$ns/jobs/$JOB_NAME?pretty=false"); else out=$(get "/api/v1/namespaces/$ns/pods?labelSelector=$OLD_PODS_SELECTOR&fieldSelector=$LIVE_PODS&limit=1&pretty=false"); fi
  code=\${out##* HTTP}
  flat=$(printf '%s' "$out" | tr -d ' \\t\\n')
  case "$code" in
  200)
    if [ "$MODE" = job ]; then
      if echo "$flat" | grep -q '"type":"Complete","status":"True"'; then echo "migration Job $JOB_NAME has completed"; exit 0; fi
      if echo "$flat" | grep -q '"type":"Failed","status":"True"'; then echo "migration Job $JOB_NAME has FAILED: this version must not serve. See kubectl logs -n $ns job/$JOB_NAME; fix, delete the Job and apply again, or roll image.tag back." >&2; exit 1; fi
      echo "waiting for migration Job $JOB_NAME"
    else
      if echo "$flat" | grep -q '"items":\\[\\]'; then echo "no pod of a previous version is left"; exit 0; fi
      echo "waiting for the pods of the previous version to stop"
    fi ;;
  404) echo "migration Job $JOB_NAME does not exist yet (apply the whole directory)" ;;
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

export function waiterImage(release: Release): string {
  const { repository, tag, digest } = release.values.upgrade.waiter.image;
  return `${repository}:${tag}${digest ? `@${digest}` : ''}`;
}

/** Label selector (URL-encoded) of app pods that belong to another migration Job than `jobName`. */
export function oldPodsSelector(release: Release, jobName: string): string {
  const sel = Object.entries(release.selectorLabels('app'))
    .map(([k, val]) => `${k}=${val}`)
    .concat(`${MIGRATION_JOB_LABEL}!=${jobName}`)
    .join(',');
  return encodeURIComponent(sel);
}

/** The waiter init container: `job` waits for the migration Job, `pods` for the old version to stop. */
export function waiterContainer(release: Release, mode: 'job' | 'pods', jobName: string): k8s.Container {
  const w = release.values.upgrade.waiter;
  return {
    name: WAITER_CONTAINER,
    image: waiterImage(release),
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', WAITER_SCRIPT],
    env: [
      { name: 'MODE', value: mode },
      { name: 'JOB_NAME', value: jobName },
      ...(mode === 'pods' ? [{ name: 'OLD_PODS_SELECTOR', value: oldPodsSelector(release, jobName) }] : []),
      { name: 'POLL_SECONDS', value: String(w.pollSeconds) },
    ],
    resources: resourceRequirements(w.resources),
    securityContext: nonRootContainerSecurityContext(100, 101),
    volumeMounts: [{ name: WAITER_VOLUME, mountPath: TOKEN_DIR, readOnly: true }],
  };
}

export interface MigrationWaiterRbacProps {
  /** The release. */
  readonly release: Release;
  /** The migration Job the app pods wait for. */
  readonly jobName: string;
  /** Also let the Job's waiter list app pods (only `upgrade.strategy: recreate`). @default false */
  readonly listPods?: boolean;
}

/**
 * Role + RoleBinding for the waiter: `get` on the one migration Job (and `list` pods with `recreate`).
 * Named after the Job, so the previous version's Role stays while its pods may still start (a
 * rolling update, a drain during the rollout) and goes with its Job (Argo CD prunes both last).
 */
export class MigrationWaiterRbac extends Construct {
  readonly roleName: string;
  constructor(scope: Construct, id: string, props: MigrationWaiterRbacProps) {
    super(scope, id);
    const { release } = props;
    this.roleName = `${props.jobName}-waiter`;
    const rules: k8s.PolicyRule[] = [
      { apiGroups: ['batch'], resources: ['jobs'], resourceNames: [props.jobName], verbs: ['get'] },
    ];
    // A label-selected list cannot be narrowed by resourceNames; it reads pod metadata in this namespace only.
    if (props.listPods) rules.push({ apiGroups: [''], resources: ['pods'], verbs: ['list'] });
    new k8s.KubeRole(this, 'Role', { metadata: release.metadata('migration', this.roleName), rules });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: release.metadata('migration', this.roleName),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.roleName },
      subjects: [{ kind: 'ServiceAccount', name: release.serviceAccountName, namespace: release.namespace }],
    });
  }
}
