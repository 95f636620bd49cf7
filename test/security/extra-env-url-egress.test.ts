/**
 * Services configured through extraEnv `*_URL` / `*_URLS` variables get egress rules like typed URLs.
 * Model backends are typed keys now (openwebui.connections, test/values/model-connections.test.ts):
 * their variables are refused in extraEnv.
 */
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
  it('a *_URL in the cluster: the namespace of the Service, on its port', () => {
    expect(
      egressOf('aws', extraEnv({ COMFYUI_BASE_URL: 'http://comfyui.comfy.svc.cluster.local:8188' })),
    ).toContainEqual({ to: [ns('comfy')], ports: tcp(8188) });
  });
  it('a *_URLS list: every entry of the ;-separated list', () => {
    const egress = egressOf(
      'aws',
      extraEnv({ SEARCH_BACKEND_URLS: 'http://searxng.search.svc:8080/search; https://search.example.com/api' }),
    );
    expect(egress).toContainEqual({ to: [ns('search')], ports: tcp(8080) });
    expect(egress).toContainEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }],
      ports: tcp(443),
    });
  });
  it('pod names, several ports, and a bare Service name in the release namespace', () => {
    const egress = egressOf(
      'aws',
      extraEnv({
        COMFYUI_BASE_URL: 'http://comfyui-0.comfyui.gpu.svc:8188',
        AUTOMATIC1111_BASE_URL: 'http://sd-0.sd.gpu.svc:7860',
        TIKA_PROXY_URL: 'http://tika-proxy:9999',
      }),
    );
    expect(egress).toContainEqual({ to: [ns('gpu')], ports: tcp(8188) });
    expect(egress).toContainEqual({ to: [ns('gpu')], ports: tcp(7860) });
    expect(egress).toContainEqual({ to: [{ podSelector: {} }], ports: tcp(9999) });
  });
  it('ignores variables not named *_URL / *_URLS, and valueFrom', () => {
    const egress = JSON.stringify(
      egressOf(
        'aws',
        'extraEnv:\n  - name: COMFYUI_HOST\n    value: http://comfyui.x.svc:8188\n  - name: COMFYUI_BASE_URL\n    valueFrom: {configMapKeyRef: {name: m, key: k}}\n',
      ),
    );
    expect(egress).not.toContain('8188');
  });
  it('warns (network-policy-service-url) on an entry that gives no destination', () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xenv-')), 'x.yaml');
    fs.writeFileSync(f, extraEnv({ SEARCH_BACKEND_URLS: 'http://searxng.search.svc:8080/search;searxng:8080' }));
    const env = resolveEnvironment({ name: 'aws', files: ['values/common.yaml', 'values/aws.yaml', f] });
    expect(env.warnings.map((w) => `${w.id} ${w.path.join('.')}`)).toContain(
      'network-policy-service-url extraEnv.0.value',
    );
  });
});
