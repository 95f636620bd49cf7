/** docs/security.md states the operational facts reviewers asked for. */
import * as fs from 'fs';

const doc = fs.readFileSync('docs/security.md', 'utf8');

it('states the minimum External Secrets Operator version for external-secrets.io/v1', () => {
  expect(doc).toMatch(/External Secrets Operator \*\*v0\.17\.0 or later\*\*/);
});
it('documents the Cilium caveat for the Kubernetes API egress', () => {
  expect(doc).toMatch(/\*\*Cilium\*\*[\s\S]*toEntities: \[kube-apiserver\]/);
});
it('explains the destinations of egress derived from service URLs', () => {
  expect(doc).toContain('### Egress to configured services');
});
it('documents sign-in, the public URL and a Secret per credential', () => {
  expect(doc).toContain('## Sign-in');
  expect(doc).toContain('### Trusted headers');
  expect(doc).toContain('### A Secret per credential');
});
