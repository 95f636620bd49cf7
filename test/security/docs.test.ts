/** docs/security.md states the operational facts reviewers asked for. */
import * as fs from 'fs';
import { RULES } from '../../src/rules';

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

/** GitHub's heading anchors: lower case, punctuation but "-" dropped, spaces to "-". */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

it('every rule links to a heading that exists in its document', () => {
  const missing: string[] = [];
  for (const r of RULES) {
    const m = /^(docs\/[^#\s]+)#(\S+)/.exec(r.docs);
    if (!m) continue;
    const headings = fs
      .readFileSync(m[1], 'utf8')
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => anchorOf(l.replace(/^#+ /, '')));
    if (!headings.includes(m[2])) missing.push(`${r.id}: ${m[1]}#${m[2]}`);
  }
  expect(missing).toEqual([]);
});
