/** The Kubernetes API egress (for the migration Job's old-pods waiter) is narrowed where the address is known and warned about where it is wide. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveEnvironment } from '../../src/pipeline';
import { renderEnv } from '../support';

const resolve = (env: string, extra?: string) => {
  const files = ['values/common.yaml', `values/${env}.yaml`];
  if (extra) {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kapi-')), 'x.yaml');
    fs.writeFileSync(f, extra);
    files.push(f);
  }
  return resolveEnvironment({ name: env, files });
};
const ids = (env: ReturnType<typeof resolve>) => env.warnings.map((w) => `${w.id} ${w.path.join('.')}`);
const ID = 'network-policy-kubernetes-api-wide networkPolicy.egress.kubernetesApi.cidrs';

describe('network-policy-kubernetes-api-wide', () => {
  it('warns outside development when the API server CIDRs are the wide default, with the kubectl hint', () => {
    const env = resolve('aws', 'networkPolicy:\n  egress:\n    kubernetesApi:\n      cidrs: [0.0.0.0/0]\n');
    expect(ids(env)).toContain(ID);
    expect(env.warnings.find((w) => w.id === 'network-policy-kubernetes-api-wide')!.hint).toContain(
      'kubectl get endpoints kubernetes -o wide',
    );
  });
  it('production acknowledges it knowingly (and would warn otherwise)', () => {
    expect(ids(resolve('production'))).not.toContain(ID);
    expect(fs.readFileSync('values/production.yaml', 'utf8')).toMatch(
      /kubectl get endpoints kubernetes -o wide[\s\S]*acknowledgeWarnings:\n {2}- network-policy-kubernetes-api-wide/,
    );
    const unacknowledged = resolve('production', 'acknowledgeWarnings: []\n');
    expect(ids(unacknowledged)).toContain(ID);
  });
  it('aws narrows the API server to the VPC and does not warn', () => {
    expect(ids(resolve('aws'))).not.toContain(ID);
    const np: any = renderEnv('aws').find(
      (o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'open-webui-migration-api',
    );
    expect(np.spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.0.0.0/16' } }],
      ports: [
        { protocol: 'TCP', port: 443 },
        { protocol: 'TCP', port: 6443 },
      ],
    });
  });
  it('does not warn with rollingUpdate: nothing then reaches the API', () => {
    const rolling = 'upgrade:\n  strategy: rollingUpdate\nacknowledgeWarnings: [upgrade-rolling-update]\n';
    expect(
      ids(resolve('aws', `${rolling}networkPolicy:\n  egress:\n    kubernetesApi:\n      cidrs: [0.0.0.0/0]\n`)),
    ).not.toContain(ID);
  });
  it('does not warn in development, with a narrow CIDR, or when the rule is off', () => {
    expect(ids(resolve('local'))).not.toContain(ID);
    expect(
      ids(resolve('aws', 'networkPolicy:\n  egress:\n    kubernetesApi:\n      cidrs: [172.20.0.1/32]\n')),
    ).not.toContain(ID);
    expect(
      ids(
        resolve(
          'aws',
          'networkPolicy:\n  egress:\n    kubernetesApi:\n      enabled: false\n      cidrs: [0.0.0.0/0]\n',
        ),
      ),
    ).not.toContain(ID);
  });
});
