/** docs/security.md documents NodeLocal DNSCache, and its example values open DNS to the cache while keeping kube-dns. */
import * as fs from 'fs';
import { renderEnv } from '../support';

const doc = fs.readFileSync('docs/security.md', 'utf8');
const section = doc.split('### DNS with NodeLocal DNSCache')[1]?.split('\n### ')[0] ?? '';

describe('NodeLocal DNSCache', () => {
  it('is documented: hostNetwork, 169.254.20.10, networkPolicy.egress.dns.cidrs', () => {
    expect(section).toContain('hostNetwork: true');
    expect(section).toContain('169.254.20.10/32');
    expect(section).toContain('networkPolicy');
  });
  it('the documented values render DNS egress to the cache and the node CIDRs, keeping the kube-dns peer', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1];
    const np: any = renderEnv('production', yaml).find(
      (o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'open-webui',
    );
    const dns = np.spec.egress[0];
    expect(dns.ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
    expect(dns.to).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
      { ipBlock: { cidr: '169.254.20.10/32' } },
      { ipBlock: { cidr: '10.0.0.0/16' } },
    ]);
  });
});
