/** Model backends and other services configured through extraEnv `*_URL` / `*_URLS` variables get egress rules like typed URLs. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveEnvironment } from '../../src/pipeline';
import { renderEnv } from '../support';

const egressOf = (env: string, extra?: string): any[] =>
  (renderEnv(env, extra).find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'open-webui') as any).spec
    .egress;
const ns = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
const tcp = (port: number) => [{ protocol: 'TCP', port }];
const extraEnv = (vars: Record<string, string>) =>
  `extraEnv:\n${Object.entries(vars)
    .map(([k, v]) => `  - name: ${k}\n    value: "${v}"\n`)
    .join('')}`;

describe('egress derived from extraEnv URLs', () => {
  it('OLLAMA_BASE_URL in the cluster: the namespace of the Service, on its port', () => {
    expect(
      egressOf('aws', extraEnv({ OLLAMA_BASE_URL: 'http://ollama.ollama.svc.cluster.local:11434' })),
    ).toContainEqual({ to: [ns('ollama')], ports: tcp(11434) });
  });
  it('OPENAI_API_BASE_URLS: every entry of the ;-separated list', () => {
    const egress = egressOf(
      'aws',
      extraEnv({ OPENAI_API_BASE_URLS: 'http://vllm.ai.svc:8000/v1; https://api.openai.com/v1' }),
    );
    expect(egress).toContainEqual({ to: [ns('ai')], ports: tcp(8000) });
    expect(egress).toContainEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }],
      ports: tcp(443),
    });
  });
  it('OLLAMA_BASE_URLS and OPENAI_API_BASE_URL', () => {
    const egress = egressOf(
      'aws',
      extraEnv({
        OLLAMA_BASE_URLS: 'http://ollama-0.ollama.gpu.svc:11434;http://ollama-1.ollama.gpu.svc:11435',
        OPENAI_API_BASE_URL: 'http://litellm:4000/v1',
      }),
    );
    expect(egress).toContainEqual({ to: [ns('gpu')], ports: tcp(11434) });
    expect(egress).toContainEqual({ to: [ns('gpu')], ports: tcp(11435) });
    expect(egress).toContainEqual({ to: [{ podSelector: {} }], ports: tcp(4000) });
  });
  it('ignores variables not named *_URL / *_URLS, and valueFrom', () => {
    const egress = JSON.stringify(
      egressOf(
        'aws',
        'extraEnv:\n  - name: OLLAMA_HOST\n    value: http://ollama.x.svc:11434\n  - name: OLLAMA_BASE_URL\n    valueFrom: {configMapKeyRef: {name: m, key: k}}\n',
      ),
    );
    expect(egress).not.toContain('11434');
  });
  it('warns (network-policy-service-url) on an entry that gives no destination', () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xenv-')), 'x.yaml');
    fs.writeFileSync(f, extraEnv({ OPENAI_API_BASE_URLS: 'http://vllm.ai.svc:8000/v1;vllm:8000' }));
    const env = resolveEnvironment({ name: 'aws', files: ['values/common.yaml', 'values/aws.yaml', f] });
    expect(env.warnings.map((w) => `${w.id} ${w.path.join('.')}`)).toContain(
      'network-policy-service-url extraEnv.0.value',
    );
  });
});
