/** openwebui.embeddings.baseUrl / apiKeySecretRef: rendered per engine, managed, allowed by egress, and checked for completeness. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveEnvironment } from '../../src/pipeline';
import { ValuesError } from '../../src/errors';
import { renderEnv } from '../support';

const file = (yaml: string) => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emb-')), 'x.yaml');
  fs.writeFileSync(f, yaml);
  return f;
};
const resolve = (env: string, yaml: string) =>
  resolveEnvironment({ name: env, files: ['values/common.yaml', `values/${env}.yaml`, file(yaml)] });
const problemsOf = (env: string, yaml: string): string[] => {
  try {
    resolve(env, yaml);
  } catch (e) {
    if (e instanceof ValuesError) return e.problems.map((p) => `${p.id} ${p.path.join('.')}`);
    throw e;
  }
  return [];
};
const appEnv = (env: string, yaml: string): any[] =>
  (renderEnv(env, yaml).find((o: any) => o.kind === 'Deployment' && o.metadata.name === 'open-webui') as any).spec
    .template.spec.containers[0].env;
const egressOf = (env: string, yaml: string): any[] =>
  (renderEnv(env, yaml).find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'open-webui') as any).spec
    .egress;
const emb = (body: string) => `openwebui:\n  embeddings:\n${body}`;

describe('embeddings API wiring', () => {
  it('openai: RAG_OPENAI_API_BASE_URL and RAG_OPENAI_API_KEY (secretKeyRef)', () => {
    const env = appEnv(
      'aws',
      emb(
        '    engine: openai\n    baseUrl: http://vllm.ai.svc:8000/v1\n    apiKeySecretRef: {name: llm-keys, key: embeddings}\n',
      ),
    );
    expect(env).toContainEqual({ name: 'RAG_OPENAI_API_BASE_URL', value: 'http://vllm.ai.svc:8000/v1' });
    expect(env).toContainEqual({
      name: 'RAG_OPENAI_API_KEY',
      valueFrom: { secretKeyRef: { name: 'llm-keys', key: 'embeddings' } },
    });
    expect(env.map((e) => e.name)).not.toContain('RAG_OLLAMA_BASE_URL');
  });
  it('ollama: RAG_OLLAMA_BASE_URL and RAG_OLLAMA_API_KEY', () => {
    const env = appEnv(
      'aws',
      emb(
        '    engine: ollama\n    baseUrl: http://ollama.ollama.svc.cluster.local:11434\n    apiKeySecretRef: {name: llm-keys, key: ollama}\n',
      ),
    );
    expect(env).toContainEqual({ name: 'RAG_OLLAMA_BASE_URL', value: 'http://ollama.ollama.svc.cluster.local:11434' });
    expect(env).toContainEqual({
      name: 'RAG_OLLAMA_API_KEY',
      valueFrom: { secretKeyRef: { name: 'llm-keys', key: 'ollama' } },
    });
  });
  it('local: nothing rendered even when set', () => {
    const names = appEnv('aws', emb('    engine: local\n    baseUrl: http://x.y.svc:1/v1\n')).map((e) => e.name);
    expect(names.filter((n) => n.startsWith('RAG_O'))).toEqual([]);
  });
  it('the base URL feeds the app NetworkPolicy egress', () => {
    expect(
      egressOf('aws', emb('    engine: ollama\n    baseUrl: http://ollama.ollama.svc.cluster.local:11434\n')),
    ).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ollama' } } }],
      ports: [{ protocol: 'TCP', port: 11434 }],
    });
  });
  it('production: the shipped openai engine has its base URL, key and egress', () => {
    const env = appEnv('production', '{}\n');
    expect(env.map((e) => e.name)).toEqual(expect.arrayContaining(['RAG_OPENAI_API_BASE_URL', 'RAG_OPENAI_API_KEY']));
    expect(egressOf('production', '{}\n')).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ai' } } }],
      ports: [{ protocol: 'TCP', port: 4000 }],
    });
    expect(
      resolveEnvironment({ name: 'production', files: ['values/common.yaml', 'values/production.yaml'] }).warnings.map(
        (w) => w.id,
      ),
    ).not.toContain('embeddings-api-key');
  });
  it('the new variables are managed: extraEnv may not set them', () => {
    for (const name of ['RAG_OPENAI_API_BASE_URL', 'RAG_OPENAI_API_KEY', 'RAG_OLLAMA_BASE_URL', 'RAG_OLLAMA_API_KEY']) {
      expect(problemsOf('aws', `extraEnv:\n  - name: ${name}\n    value: http://x.y.svc:1\n`).join()).toContain(
        'extraEnv.0.name',
      );
    }
  });
  it('refuses ollama without a URL (config-incomplete); OLLAMA_BASE_URL is no way around it (managed by the Ollama connections)', () => {
    expect(problemsOf('aws', emb('    engine: ollama\n'))).toContain('config-incomplete openwebui.embeddings.baseUrl');
    expect(
      problemsOf(
        'aws',
        `${emb('    engine: ollama\n')}extraEnv:\n  - name: OLLAMA_BASE_URL\n    value: http://ollama.ollama.svc:11434\n`,
      ),
    ).toEqual(['config-incomplete openwebui.embeddings.baseUrl', 'extra-env-managed extraEnv.0.name']);
  });
  it('warns (embeddings-api-key) on openai without a key, not when one is wired', () => {
    expect(resolve('aws', emb('    engine: openai\n')).warnings.map((w) => `${w.id} ${w.path.join('.')}`)).toContain(
      'embeddings-api-key openwebui.embeddings.apiKeySecretRef',
    );
    expect(
      resolve('aws', emb('    engine: openai\n    apiKeySecretRef: {name: k, key: k}\n')).warnings.map((w) => w.id),
    ).not.toContain('embeddings-api-key');
    // Unset, RAG_OPENAI_API_KEY is the key Open WebUI pairs with api.openai.com among the OpenAI connections.
    expect(
      resolve(
        'aws',
        `${emb('    engine: openai\n')}  connections:\n    openai:\n      - baseUrl: https://api.openai.com/v1\n        apiKeySecretRef: {name: k, key: k}\n`,
      ).warnings.map((w) => w.id),
    ).not.toContain('embeddings-api-key');
  });
});
