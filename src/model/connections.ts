/**
 * Model connections (`openwebui.connections.*`) as Open WebUI reads them, decided once.
 *
 * Open WebUI 0.11 (`backend/open_webui/config.py`, `# OPENAI_API` and `# OLLAMA_BASE_URL`, read at
 * open-webui/open-webui@00b1c6b; facts §3/§7.4 for ENABLE_OLLAMA_API at f9590b8 :227-283):
 * - `OPENAI_API_BASE_URLS` and `OPENAI_API_KEYS` are each split on ";" and paired by position (the
 *   key list is normalised to the URL count); `OLLAMA_BASE_URLS` is split on ";".
 * - `ENABLE_OPENAI_API` and `ENABLE_OLLAMA_API` default to True; with no Ollama configured the
 *   image's default URL (`http://host.docker.internal:11434`) is probed at every start.
 * - All five are DEFAULT_CONFIG keys (`openai.enable`, `openai.api_base_urls`, `openai.api_keys`,
 *   `ollama.enable`, `ollama.base_urls`): first-boot seeds under persistent config.
 *
 * Keys come from Secrets without being written anywhere: each key with a Secret is its own env var
 * `OPEN_WEBUI_K8S_OPENAI_KEY_<n>` (a secretKeyRef), and `OPENAI_API_KEYS` is composed from them with
 * Kubernetes `$(VAR)` expansion, which substitutes variables defined earlier in the container.
 */
import { Path } from '../errors';
import { Values } from '../values/schema';
import { Credential, Credentials } from './credentials';

/** The env var holding the key of OpenAI connection `index` (0-based), named from 1. */
export const openaiKeyVar = (index: number) => `OPEN_WEBUI_K8S_OPENAI_KEY_${index + 1}`;
export const OPENAI_KEY_VAR = /^OPEN_WEBUI_K8S_OPENAI_KEY_\d+$/;

export interface OpenAiConnection {
  readonly baseUrl: string;
  readonly key: Path;
  /** Its API key, when it has one. */
  readonly apiKey?: Credential;
  /** The variable the key is read into (with `apiKey`). */
  readonly keyVar?: string;
}

export interface ModelConnections {
  readonly openai: readonly OpenAiConnection[];
  readonly ollama: readonly { readonly baseUrl: string; readonly key: Path }[];
}

export function connectionsOf(v: Values, credentials: Credentials): ModelConnections {
  const c = v.openwebui.connections;
  return {
    openai: c.openai.map((o, i) => {
      const key: Path = ['openwebui', 'connections', 'openai', i, 'baseUrl'];
      const apiKey = credentials.ref(`openwebui.connections.openai[${i}].apiKeySecretRef`);
      return { baseUrl: o.baseUrl, key, ...(apiKey ? { apiKey, keyVar: openaiKeyVar(i) } : {}) };
    }),
    ollama: c.ollama.map((o, i) => ({ baseUrl: o.baseUrl, key: ['openwebui', 'connections', 'ollama', i, 'baseUrl'] })),
  };
}

/** `OPENAI_API_BASE_URLS` and `OPENAI_API_KEYS` as rendered (keys as `$(VAR)` references, "" for none). */
export function openaiEnv(c: ModelConnections): { urls: string; keys: string } | undefined {
  if (c.openai.length === 0) return undefined;
  return {
    urls: c.openai.map((o) => o.baseUrl).join(';'),
    keys: c.openai.map((o) => (o.keyVar ? `$(${o.keyVar})` : '')).join(';'),
  };
}
