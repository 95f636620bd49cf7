/**
 * Pod Security Standards: the rendered Namespace enforces the strictest level our pods pass
 * (baseline for the stock root image, restricted with nonRoot.enabled), and every rendered pod
 * passes that level's rules (src/check/pss.ts). The rules themselves are proven to reject bad pods.
 */
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { AppNamespace } from '../../charts/namespace';
import { buildModel } from '../../src/model';
import { podOf, policyFindings } from '../../src/check/policy';
import { resolveEnvironment } from '../../src/pipeline';
import { podSecurityViolations, strictestLevel } from '../../src/check/pss';
import { ENVS, renderEnv } from '../support';

const NON_ROOT = 'nonRoot:\n  enabled: true\n  uid: 1000\n  gid: 1000\n  fsGroup: 1000\n';

describe.each(ENVS)('environment %s', (env) => {
  for (const [variant, extra, level] of [
    ['stock image (root)', undefined, 'baseline'],
    ['nonRoot.enabled', NON_ROOT, 'restricted'],
  ] as const) {
    it(`${variant}: namespace enforces ${level} and every pod passes it`, () => {
      const objects = renderEnv(env, extra);
      const ns = objects.find((o) => o.kind === 'Namespace');
      expect(ns?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe(level);
      expect(ns?.metadata.labels?.['pod-security.kubernetes.io/enforce-version']).toBe('v1.28');
      const pods = objects.map(podOf).filter((p) => p !== undefined);
      expect(pods.length).toBeGreaterThan(0);
      for (const p of pods) expect(podSecurityViolations(level, p.spec, p.annotations)).toEqual([]);
      // The label is the strictest level the pods pass: not stricter (pods would be refused), not looser.
      expect(strictestLevel(pods)).toBe(level);
    });

    it(`${variant}: every object passes the secure-defaults policy`, () => {
      for (const o of renderEnv(env, extra)) expect(policyFindings(o)).toEqual([]);
    });
  }

  it('nonRoot.enabled renders the uid, gid and fsGroup on the pod', () => {
    const dep = renderEnv(env, 'nonRoot:\n  enabled: true\n  uid: 1234\n  gid: 2345\n  fsGroup: 3456\n').find(
      (o) => o.kind === 'Deployment',
    ) as any;
    expect(dep.spec.template.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1234,
      runAsGroup: 2345,
      fsGroup: 3456,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});

describe('the PSS rules reject what they must', () => {
  const good = () => ({
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'c',
        image: 'x:1',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
    volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'd' } }],
  });
  it('accepts a restricted pod', () => {
    expect(podSecurityViolations('restricted', good())).toEqual([]);
  });
  it.each([
    [
      'privileged',
      (s: any): void => {
        s.containers[0].securityContext.privileged = true;
      },
      'baseline',
      /privileged/,
    ],
    [
      'hostNetwork',
      (s: any): void => {
        s.hostNetwork = true;
      },
      'baseline',
      /host namespaces/,
    ],
    [
      'hostPath',
      (s: any): void => {
        s.volumes.push({ name: 'h', hostPath: { path: '/' } });
      },
      'baseline',
      /hostPath/,
    ],
    [
      'SYS_ADMIN',
      (s: any): void => {
        s.containers[0].securityContext.capabilities.add = ['SYS_ADMIN'];
      },
      'baseline',
      /SYS_ADMIN/,
    ],
    [
      'hostPort',
      (s: any): void => {
        s.containers[0].ports = [{ containerPort: 80, hostPort: 80 }];
      },
      'baseline',
      /hostPort/,
    ],
    [
      'Unconfined seccomp',
      (s: any): void => {
        s.securityContext.seccompProfile.type = 'Unconfined';
      },
      'baseline',
      /Unconfined/,
    ],
    [
      'unsafe sysctl',
      (s: any): void => {
        s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }];
      },
      'baseline',
      /sysctl/,
    ],
    [
      'root user',
      (s: any): void => {
        delete s.securityContext.runAsNonRoot;
      },
      'restricted',
      /runAsNonRoot/,
    ],
    [
      'privilege escalation',
      (s: any): void => {
        delete s.containers[0].securityContext.allowPrivilegeEscalation;
      },
      'restricted',
      /allowPrivilegeEscalation/,
    ],
    [
      'capabilities kept',
      (s: any): void => {
        s.containers[0].securityContext.capabilities.drop = [];
      },
      'restricted',
      /ALL/,
    ],
    [
      'no seccomp',
      (s: any): void => {
        delete s.securityContext.seccompProfile;
      },
      'restricted',
      /seccompProfile/,
    ],
    [
      'nfs volume',
      (s: any): void => {
        s.volumes.push({ name: 'n', nfs: { server: 'x', path: '/' } });
      },
      'restricted',
      /volume type nfs/,
    ],
  ] as const)('%s violates %s', (_name, mutate, level, message) => {
    const spec = good();
    mutate(spec);
    expect(
      podSecurityViolations(level, spec)
        .map((v) => `${v.path}: ${v.message}`)
        .join('\n'),
    ).toMatch(message);
    if (level === 'baseline') expect(podSecurityViolations('restricted', spec).length).toBeGreaterThan(0);
  });
});

describe('AppNamespace.withPodSecurityLabels', () => {
  const values = resolveEnvironment({ name: 'local', files: ['values/common.yaml', 'values/local.yaml'] }).values;
  const nsWith = (podSpec: k8s.PodSpec, namespace?: string) => {
    const chart = new Chart(new App({ outdir: '/nonexistent' }), 'c', { disableResourceNameHashes: true });
    const n = buildModel(values).names;
    const ns = new AppNamespace(chart, 'ns', {
      metadata: n.metadata('namespace', n.namespace, { clusterScoped: true }),
    });
    new k8s.KubeDeployment(chart, 'd', {
      metadata: { name: 'd', namespace: namespace ?? n.namespace },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: podSpec } },
    });
    return (ns.withPodSecurityLabels(chart.toJson())[0] as any).metadata.labels['pod-security.kubernetes.io/enforce'];
  };
  const restrictedContainer: k8s.Container = {
    name: 'c',
    image: 'x:1',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
  it('picks restricted when every pod passes it', () => {
    expect(
      nsWith({
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [restrictedContainer],
      }),
    ).toBe('restricted');
  });
  it('falls back to baseline when one pod (e.g. a backend) runs as root', () => {
    expect(
      nsWith({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [restrictedContainer] }),
    ).toBe('baseline');
  });
  it('looks at the pods of its own namespace only (an extra object may live in another)', () => {
    expect(
      nsWith(
        { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [restrictedContainer] },
        'monitoring',
      ),
    ).toBe('restricted');
  });
});
