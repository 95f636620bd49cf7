/** Services configured through typed URLs are reachable through the app NetworkPolicy without extra rules. */
import { destinationOf } from '../../src/model/endpoints';
import { resolveEnvironment } from '../../src/pipeline';
import { renderEnv } from '../support';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const egressOf = (env: string, extra?: string): any[] =>
  (renderEnv(env, extra).find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'open-webui') as any).spec
    .egress;
const ns = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
const tcp = (port: number) => [{ protocol: 'TCP', port }];

describe('egress derived from service URLs', () => {
  it('production: the shipped policy admits TCP 9998 to namespace tika (TIKA_SERVER_URL)', () => {
    expect(egressOf('production')).toContainEqual({ to: [ns('tika')], ports: tcp(9998) });
  });
  it('qdrant: <svc>.<ns>.svc with an explicit port', () => {
    expect(
      egressOf(
        'aws',
        'vectorDb:\n  type: qdrant\n  qdrant:\n    uri: http://qdrant.vector.svc:6333\n  pgvector: null\n',
      ),
    ).toContainEqual({ to: [ns('vector')], ports: tcp(6333) });
  });
  it('milvus: an external host without a port gets the scheme default, to any address but the metadata range', () => {
    expect(
      egressOf('aws', 'vectorDb:\n  type: milvus\n  milvus:\n    uri: https://milvus.example.com\n  pgvector: null\n'),
    ).toContainEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }], ports: tcp(443) });
  });
  it('chroma: a bare service name is the release namespace, on httpPort', () => {
    expect(
      egressOf(
        'aws',
        'vectorDb:\n  type: chroma\n  chroma:\n    httpHost: chroma\n    httpPort: 8001\n  pgvector: null\n',
      ),
    ).toContainEqual({ to: [{ podSelector: {} }], ports: tcp(8001) });
  });
  it('docling: an in-cluster name without a namespace label allows the port to any pod in the cluster', () => {
    expect(
      egressOf(
        'aws',
        'openwebui:\n  contentExtraction:\n    engine: docling\n    doclingServerUrl: http://docling.svc.cluster.local:5001\n',
      ),
    ).toContainEqual({ to: [{ namespaceSelector: {} }], ports: tcp(5001) });
  });
  it('a URL of an unselected vector database is refused (the app would not use it), so it opens no egress', () => {
    expect(() => egressOf('aws', 'vectorDb:\n  qdrant:\n    uri: http://qdrant.vector.svc:6333\n')).toThrow(
      /vectorDb.qdrant.uri is set but vectorDb.type is pgvector: it would be ignored/,
    );
  });
  it('classifies hosts', () => {
    expect(destinationOf('tika.tika.svc.cluster.local')).toEqual({ kind: 'namespace', namespace: 'tika' });
    expect(destinationOf('qdrant-0.qdrant.db.svc')).toEqual({ kind: 'namespace', namespace: 'db' });
    expect(destinationOf('tika')).toEqual({ kind: 'same-namespace' });
    expect(destinationOf('10.1.2.3')).toEqual({ kind: 'any' });
    expect(destinationOf('tika.example.com')).toEqual({ kind: 'any' });
  });
  it('warns (network-policy-service-url) when a URL gives no destination, and not for the shipped environments', () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'svc-')), 'x.yaml');
    fs.writeFileSync(f, 'openwebui:\n  contentExtraction:\n    tikaServerUrl: http://tika:99999\n');
    const env = resolveEnvironment({ name: 'aws', files: ['values/common.yaml', 'values/aws.yaml', f] });
    expect(env.warnings.map((w) => `${w.id} ${w.path.join('.')}`)).toContain(
      'network-policy-service-url openwebui.contentExtraction.tikaServerUrl',
    );
    for (const e of ['local', 'aws', 'production']) {
      const ok = resolveEnvironment({ name: e, files: ['values/common.yaml', `values/${e}.yaml`] });
      expect(ok.warnings.map((w) => w.id)).not.toContain('network-policy-service-url');
    }
  });
});
