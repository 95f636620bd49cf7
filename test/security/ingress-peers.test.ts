/** The ingress controller peer of the app NetworkPolicy is switchable, and an empty namespace selector (every namespace) is refused. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveEnvironment } from '../../src/pipeline';
import { ValuesError } from '../../src/errors';
import { renderEnv } from '../support';

/** An ingress-nginx Ingress as the way in, instead of local's route. */
const NGINX_INGRESS = 'route:\n  enabled: false\ningress:\n  enabled: true\n  hosts: [{host: open-webui.localhost}]\n';
const policy = (objects: any[]) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'open-webui');
const resolve = (env: string, extra: string) => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ing-')), 'x.yaml');
  fs.writeFileSync(f, `${NGINX_INGRESS}${extra}`);
  return () => resolveEnvironment({ name: env, files: ['values/common.yaml', `values/${env}.yaml`, f] });
};
const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValuesError) return e.problems.map((p: any) => `${p.id} ${p.path.join('.')}`);
    throw e;
  }
  return [];
};

describe('ingress controller peer', () => {
  it('aws (ALB, IP targets) admits only the ALB subnets: no namespace peer, not the VPC', () => {
    expect(policy(renderEnv('aws')).spec.ingress).toEqual([
      {
        from: [{ ipBlock: { cidr: '10.0.0.0/24' } }, { ipBlock: { cidr: '10.0.1.0/24' } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
  });
  it('controllerPods: false removes the namespace peer; the default keeps it', () => {
    expect(JSON.stringify(policy(renderEnv('local', NGINX_INGRESS)).spec.ingress)).toContain('ingress-nginx');
    const off = policy(
      renderEnv(
        'local',
        NGINX_INGRESS,
        'networkPolicy:\n  ingress:\n    controllerPods: false\n    cidrs: [10.1.0.0/16]\n',
      ),
    );
    expect(off.spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.1.0.0/16' } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
  });
  it('with no peer left, renders no ingress rule (an empty `from` would admit everyone) and warns', () => {
    const extra = 'networkPolicy:\n  ingress:\n    controllerPods: false\n';
    expect(policy(renderEnv('local', NGINX_INGRESS, extra)).spec.ingress).toEqual([]);
    expect(resolve('local', extra)().warnings.map((w) => w.id)).toContain('network-policy-ingress-none');
  });
  it('refuses an empty namespaceSelector (it matches every namespace), for the controller and for monitoring', () => {
    expect(
      problemsOf(resolve('local', 'networkPolicy:\n  ingress:\n    namespaceSelector:\n      matchLabels: {}\n')),
    ).toContain('network-policy-ingress-selector networkPolicy.ingress.namespaceSelector.matchLabels');
    expect(
      problemsOf(
        resolve(
          'local',
          'networkPolicy:\n  ingress:\n    namespaceSelector: {}\n    podSelector:\n      matchLabels: {app: nginx}\n',
        ),
      ),
    ).toContain('network-policy-ingress-selector networkPolicy.ingress.namespaceSelector.matchLabels');
    expect(
      problemsOf(
        resolve(
          'local',
          'networkPolicy:\n  monitoring:\n    enabled: true\n    namespaceSelector:\n      matchLabels: {}\n',
        ),
      ),
    ).toContain('network-policy-ingress-selector networkPolicy.monitoring.namespaceSelector.matchLabels');
  });
  it('accepts an empty namespaceSelector when its peer is off', () => {
    expect(
      problemsOf(
        resolve(
          'local',
          'networkPolicy:\n  ingress:\n    controllerPods: false\n    cidrs: [10.1.0.0/16]\n    namespaceSelector: {}\n',
        ),
      ),
    ).toEqual([]);
  });
});
