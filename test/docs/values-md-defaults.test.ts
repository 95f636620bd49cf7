/** docs/values.md shows the default a key really takes, including defaults given by an enclosing object (zod prefault). */
import { anchorOf, renderValuesReference } from '../../src/docs/values-md';
import { valuesSchema } from '../../src/values/schema';

const doc = renderValuesReference();
const defaults = valuesSchema.parse({}) as Record<string, unknown>;
const rowOf = (key: string) => doc.split('\n').find((l) => l.includes(`<a id="${anchorOf(key)}"></a>\`${key}\``));
const defaultCell = (key: string) =>
  rowOf(key)
    ?.split(/(?<!\\)\|/)[3]
    .trim();

describe('docs/values.md defaults', () => {
  it('shows the network policy selectors and CIDRs the chart really uses', () => {
    expect(defaultCell('networkPolicy.ingress.namespaceSelector.matchLabels')).toBe(
      '`{"kubernetes.io/metadata.name":"ingress-nginx"}`',
    );
    expect(defaultCell('networkPolicy.egress.dns.namespaceSelector.matchLabels')).toBe(
      '`{"kubernetes.io/metadata.name":"kube-system"}`',
    );
    expect(defaultCell('networkPolicy.egress.dns.podSelector.matchLabels')).toBe('`{"k8s-app":"kube-dns"}`');
    expect(defaultCell('networkPolicy.egress.kubernetesApi.cidrs')).toBe('`["0.0.0.0/0"]`');
  });
  it('every default shown equals what an empty values file resolves to', () => {
    const wrong: string[] = [];
    for (const line of doc.split('\n')) {
      const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
      const key = /`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
      const m = key && /^`(.*)`$/.exec(cells[3] ?? '') ? [line, key, cells[3].slice(1, -1)] : undefined;
      if (!m || m[1].includes('[]')) continue;
      let v: unknown = defaults;
      for (const k of m[1].split('.'))
        v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
      if (v === undefined) continue; // under an optional object: its own default applies once the object is given
      if (JSON.stringify(v) !== m[2].replace(/'/g, '`')) wrong.push(`${m[1]}: doc ${m[2]}, real ${JSON.stringify(v)}`);
    }
    expect(wrong).toEqual([]);
  });
  it('describes DNS and API server CIDRs without the RDS/ElastiCache example', () => {
    for (const key of ['networkPolicy.egress.dns.cidrs', 'networkPolicy.egress.kubernetesApi.cidrs'])
      expect(rowOf(key)).not.toMatch(/RDS|ElastiCache/);
    expect(rowOf('networkPolicy.egress.dns.cidrs')).toContain('169.254.20.10/32');
  });
});
