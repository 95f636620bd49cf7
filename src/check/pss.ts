/**
 * Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards/), the
 * `baseline` and `restricted` levels, as code: the same rules Pod Security Admission enforces
 * for a namespace labelled `pod-security.kubernetes.io/enforce: <level>`.
 */
export type PssLevel = 'privileged' | 'baseline' | 'restricted';
export const PSS_LEVELS: readonly PssLevel[] = ['privileged', 'baseline', 'restricted'];

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

const BASELINE_CAPS = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

export interface PssViolation {
  readonly path: string;
  readonly message: string;
}

/** The pod template of a workload object, with the path of its spec. */
export function podOf(obj: Obj): { spec: Obj; annotations: Record<string, string>; base: string } | undefined {
  switch (obj.kind) {
    case 'Pod':
      return obj.spec ? { spec: obj.spec, annotations: obj.metadata?.annotations ?? {}, base: 'spec' } : undefined;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return obj.spec?.template?.spec
        ? {
            spec: obj.spec.template.spec,
            annotations: obj.spec.template.metadata?.annotations ?? {},
            base: 'spec.template.spec',
          }
        : undefined;
    case 'CronJob': {
      const t = obj.spec?.jobTemplate?.spec?.template;
      return t?.spec
        ? { spec: t.spec, annotations: t.metadata?.annotations ?? {}, base: 'spec.jobTemplate.spec.template.spec' }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Every container of a pod spec with its path. */
export function containersOf(spec: Obj, base = 'spec'): { c: Obj; path: string }[] {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((k) =>
    ((spec[k] as Obj[] | undefined) ?? []).map((c, i) => ({ c, path: `${base}.${k}[${i}]` })),
  );
}

/** Violations of `level` by one pod (metadata annotations + spec). */
export function podSecurityViolations(
  level: PssLevel,
  spec: Obj,
  annotations: Record<string, string> = {},
  base = 'spec',
): PssViolation[] {
  const out: PssViolation[] = [];
  if (level === 'privileged') return out;
  const v = (path: string, message: string) => out.push({ path, message });
  const psc: Obj = spec.securityContext ?? {};
  const containers = containersOf(spec, base);
  // ---- baseline
  if (psc.windowsOptions?.hostProcess)
    v(`${base}.securityContext.windowsOptions.hostProcess`, 'HostProcess pods are not allowed');
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (spec[k]) v(`${base}.${k}`, `${k} must not be true (host namespaces)`);
  ((spec.volumes as Obj[] | undefined) ?? []).forEach((vol, i) => {
    if (vol.hostPath) v(`${base}.volumes[${i}].hostPath`, 'hostPath volumes are not allowed');
  });
  // for-in, not Object.entries: a pod may carry 20,000 annotations, and this runs per pod and level.
  for (const k in annotations) {
    if (!k.startsWith('container.apparmor.security.beta.kubernetes.io/')) continue;
    const val = annotations[k];
    if (val !== 'runtime/default' && !val.startsWith('localhost/'))
      v(`metadata.annotations["${k}"]`, 'AppArmor profile must be runtime/default or localhost/*');
  }
  const checkSeLinux = (sc: Obj | undefined, path: string) => {
    const o = sc?.seLinuxOptions;
    if (!o) return;
    if (!SELINUX_TYPES.has(o.type ?? '')) v(`${path}.seLinuxOptions.type`, `SELinux type ${o.type} is not allowed`);
    if (o.user || o.role) v(`${path}.seLinuxOptions`, 'SELinux user and role must not be set');
  };
  const checkSeccompNotUnconfined = (sc: Obj | undefined, path: string) => {
    if (sc?.seccompProfile?.type === 'Unconfined')
      v(`${path}.seccompProfile.type`, 'seccomp profile must not be Unconfined');
  };
  const checkAppArmor = (sc: Obj | undefined, path: string) => {
    if (sc?.appArmorProfile?.type === 'Unconfined')
      v(`${path}.appArmorProfile.type`, 'AppArmor profile must not be Unconfined');
  };
  checkSeLinux(psc, `${base}.securityContext`);
  checkSeccompNotUnconfined(psc, `${base}.securityContext`);
  checkAppArmor(psc, `${base}.securityContext`);
  ((psc.sysctls as Obj[] | undefined) ?? []).forEach((s, i) => {
    if (!SAFE_SYSCTLS.has(s.name))
      v(`${base}.securityContext.sysctls[${i}]`, `sysctl ${s.name} is not in the safe set`);
  });
  for (const { c, path } of containers) {
    const sc: Obj = c.securityContext ?? {};
    if (sc.windowsOptions?.hostProcess)
      v(`${path}.securityContext.windowsOptions.hostProcess`, 'HostProcess containers are not allowed');
    if (sc.privileged) v(`${path}.securityContext.privileged`, 'privileged containers are not allowed');
    for (const cap of (sc.capabilities?.add as string[] | undefined) ?? [])
      if (!BASELINE_CAPS.has(cap)) v(`${path}.securityContext.capabilities.add`, `capability ${cap} is not allowed`);
    ((c.ports as Obj[] | undefined) ?? []).forEach((p, i) => {
      if (p.hostPort) v(`${path}.ports[${i}].hostPort`, 'hostPort is not allowed');
    });
    checkSeLinux(sc, `${path}.securityContext`);
    checkSeccompNotUnconfined(sc, `${path}.securityContext`);
    checkAppArmor(sc, `${path}.securityContext`);
    if (sc.procMount && sc.procMount !== 'Default') v(`${path}.securityContext.procMount`, 'procMount must be Default');
  }
  if (level === 'baseline') return out;
  // ---- restricted
  ((spec.volumes as Obj[] | undefined) ?? []).forEach((vol, i) => {
    const types = Object.keys(vol).filter((k) => k !== 'name');
    for (const t of types)
      if (!RESTRICTED_VOLUMES.includes(t))
        v(
          `${base}.volumes[${i}].${t}`,
          `volume type ${t} is not allowed (restricted allows ${RESTRICTED_VOLUMES.join(', ')})`,
        );
  });
  if (psc.runAsUser === 0) v(`${base}.securityContext.runAsUser`, 'runAsUser must not be 0');
  for (const { c, path } of containers) {
    const sc: Obj = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) v(`${path}.securityContext.allowPrivilegeEscalation`, 'must be false');
    const nonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
    if (nonRoot !== true) v(`${path}.securityContext.runAsNonRoot`, 'must be true (on the container or the pod)');
    if (sc.runAsUser === 0) v(`${path}.securityContext.runAsUser`, 'must not be 0');
    const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      v(
        `${path}.securityContext.seccompProfile.type`,
        'must be RuntimeDefault or Localhost (on the container or the pod)',
      );
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) v(`${path}.securityContext.capabilities.drop`, 'must include ALL');
    for (const cap of (sc.capabilities?.add as string[] | undefined) ?? [])
      if (cap !== 'NET_BIND_SERVICE')
        v(`${path}.securityContext.capabilities.add`, `only NET_BIND_SERVICE may be added, not ${cap}`);
  }
  return out;
}

/** The strictest level every given pod passes. */
export function strictestLevel(pods: { spec: Obj; annotations?: Record<string, string> }[]): PssLevel {
  for (const level of ['restricted', 'baseline'] as const)
    if (pods.every((p) => podSecurityViolations(level, p.spec, p.annotations).length === 0)) return level;
  return 'privileged';
}
