/**
 * Model connections (`openwebui.connections.*`): URLs joined as Open WebUI splits them, keys paired
 * by position and composed in-cluster from Secrets (never written), ENABLE_*_API following what is
 * configured, and every destination allowed by the egress NetworkPolicy.
 */
import { Any, envList, envMap, errorsOf, find, kubeletEnv, problemsOf, render, renderEnv } from '../support';

/** One rendered object, untyped. */
const obj = (objs: Any[], kind: string, name?: string): Any => find(objs, kind, name);

const container = (objs: Any[]) => obj(objs, 'Deployment', 'open-webui').spec.template.spec.containers[0];
const openai = (...items: string[]) =>
  `openwebui:\n  connections:\n    openai:\n${items.map((i) => `      - ${i}\n`).join('')}`;
const ollama = (...urls: string[]) =>
  `openwebui:\n  connections:\n    ollama:\n${urls.map((u) => `      - baseUrl: ${u}\n`).join('')}`;
const THREE = openai(
  'baseUrl: https://api.openai.com/v1\n        apiKeySecretRef: {name: openai, key: api-key}',
  'baseUrl: http://vllm.ai.svc:8000/v1',
  'baseUrl: http://litellm.ai.svc.cluster.local:4000/v1\n        apiKeySecretRef: {name: litellm, key: open-webui}',
);

describe('OpenAI-compatible connections', () => {
  test('URLs in order; keys paired by position, one variable per Secret key, none written', () => {
    const c = container(render(THREE));
    const env = envMap(c);
    expect(env.ENABLE_OPENAI_API.value).toBe('True');
    expect(env.OPENAI_API_BASE_URLS.value).toBe(
      'https://api.openai.com/v1;http://vllm.ai.svc:8000/v1;http://litellm.ai.svc.cluster.local:4000/v1',
    );
    expect(env.OPENAI_API_KEYS.value).toBe('$(OPEN_WEBUI_K8S_OPENAI_KEY_1);;$(OPEN_WEBUI_K8S_OPENAI_KEY_3)');
    expect(env.OPEN_WEBUI_K8S_OPENAI_KEY_1).toEqual({
      name: 'OPEN_WEBUI_K8S_OPENAI_KEY_1',
      valueFrom: { secretKeyRef: { name: 'openai', key: 'api-key' } },
    });
    expect(env.OPEN_WEBUI_K8S_OPENAI_KEY_2).toBeUndefined();
    expect(env.OPEN_WEBUI_K8S_OPENAI_KEY_3.valueFrom.secretKeyRef).toEqual({ name: 'litellm', key: 'open-webui' });
  });
  test('what Open WebUI reads after the kubelet expands the references: the keys, in position', () => {
    const resolved = kubeletEnv(container(render(THREE)), {
      'open-webui-secrets': { WEBUI_SECRET_KEY: 's', DATABASE_URL: 'postgresql://d', REDIS_URL: 'redis://r' },
      openai: { 'api-key': 'sk-first' },
      litellm: { 'open-webui': 'sk-third' },
    });
    // Open WebUI: [url.strip() for url in OPENAI_API_BASE_URLS.split(';')], the same for the keys
    const urls = resolved.OPENAI_API_BASE_URLS.split(';');
    const keys = resolved.OPENAI_API_KEYS.split(';');
    expect(keys).toHaveLength(urls.length);
    expect(Object.fromEntries(urls.map((u, i) => [u, keys[i]]))).toEqual({
      'https://api.openai.com/v1': 'sk-first',
      'http://vllm.ai.svc:8000/v1': '',
      'http://litellm.ai.svc.cluster.local:4000/v1': 'sk-third',
    });
  });
  test('the key variables come before OPENAI_API_KEYS (Kubernetes expands only earlier variables)', () => {
    const names = envList(container(render(THREE))).map((e) => e.name);
    expect(names.indexOf('OPEN_WEBUI_K8S_OPENAI_KEY_3')).toBeLessThan(names.indexOf('OPENAI_API_KEYS'));
  });
  test('no connections: ENABLE_OPENAI_API=False, no list', () => {
    const env = envMap(container(render('{}\n')));
    expect(env.ENABLE_OPENAI_API.value).toBe('False');
    expect(env.OPENAI_API_BASE_URLS).toBeUndefined();
    expect(env.OPENAI_API_KEYS).toBeUndefined();
  });
  test('the production environment: one connection to the gateway, its key from its own Secret', () => {
    const env = envMap(container(renderEnv('production')));
    expect(env.OPENAI_API_BASE_URLS.value).toBe('http://litellm.ai.svc.cluster.local:4000/v1');
    expect(env.OPENAI_API_KEYS.value).toBe('$(OPEN_WEBUI_K8S_OPENAI_KEY_1)');
    expect(env.OPEN_WEBUI_K8S_OPENAI_KEY_1.valueFrom.secretKeyRef).toEqual({
      name: 'litellm-open-webui',
      key: 'api-key',
    });
  });
  test('api.openai.com without a key is warned about', () => {
    const w = problemsOf(openai('baseUrl: https://api.openai.com/v1')).find((p) => p.id === 'model-connection-api-key');
    expect(w?.path).toEqual(['openwebui', 'connections', 'openai', 0, 'apiKeySecretRef']);
    expect(problemsOf(openai('baseUrl: http://vllm.ai.svc:8000/v1')).map((p) => p.id)).not.toContain(
      'model-connection-api-key',
    );
  });
  test('a ";" in a URL would split it: refused', () => {
    expect(errorsOf(openai('baseUrl: "http://a.svc:1/v1;http://b.svc:2/v1"'))[0]).toMatchObject({
      path: ['openwebui', 'connections', 'openai', 0, 'baseUrl'],
      message: expect.stringContaining('must not contain ";"'),
    });
  });
});

describe('Ollama', () => {
  test('URLs joined with ";", ENABLE_OLLAMA_API on; off without any', () => {
    const env = envMap(
      container(render(ollama('http://ollama-0.ollama.gpu.svc:11434', 'http://ollama-1.ollama.gpu.svc:11434'))),
    );
    expect(env.ENABLE_OLLAMA_API.value).toBe('True');
    expect(env.OLLAMA_BASE_URLS.value).toBe(
      'http://ollama-0.ollama.gpu.svc:11434;http://ollama-1.ollama.gpu.svc:11434',
    );
    // no Ollama: off, so no pod probes the image's default address at start (facts §7.4)
    expect(envMap(container(render('{}\n'))).ENABLE_OLLAMA_API.value).toBe('False');
  });
});

describe('egress and extraEnv', () => {
  test('every destination feeds the app NetworkPolicy, as typed service URLs do', () => {
    const egress = obj(
      render(THREE, ollama('http://ollama.models.svc.cluster.local:11434')),
      'NetworkPolicy',
      'open-webui',
    ).spec.egress;
    const ns = (n: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': n } } });
    expect(egress).toContainEqual({ to: [ns('ai')], ports: [{ protocol: 'TCP', port: 8000 }] });
    expect(egress).toContainEqual({ to: [ns('ai')], ports: [{ protocol: 'TCP', port: 4000 }] });
    expect(egress).toContainEqual({ to: [ns('models')], ports: [{ protocol: 'TCP', port: 11434 }] });
    expect(egress).toContainEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
  });
  test.each([
    ['OPENAI_API_BASE_URLS', 'openwebui.connections.openai'],
    ['OPENAI_API_BASE_URL', 'openwebui.connections.openai (OPENAI_API_BASE_URLS, which wins over it)'],
    ['OPENAI_API_KEYS', 'openwebui.connections.openai'],
    ['OPENAI_API_KEY', 'openwebui.connections.openai[].apiKeySecretRef (OPENAI_API_KEYS, which wins over it)'],
    ['OLLAMA_BASE_URLS', 'openwebui.connections.ollama'],
    ['OLLAMA_BASE_URL', 'openwebui.connections.ollama (OLLAMA_BASE_URLS, which wins over it)'],
    ['ENABLE_OLLAMA_API', 'openwebui.connections.ollama'],
    ['ENABLE_OPENAI_API', 'openwebui.connections.openai'],
    ['OPEN_WEBUI_K8S_OPENAI_KEY_1', 'openwebui.connections.openai[].apiKeySecretRef'],
  ])('%s is refused in extraEnv', (name, instead) => {
    const p = errorsOf(`extraEnv:\n  - name: ${name}\n    value: x\n`).find((e) => e.id === 'extra-env-managed');
    expect(p?.hint).toBe(`Remove it from extraEnv and set ${instead} instead.`);
  });
});
