/** docs/values.md: fresh, complete (every key, its type, default and env var), linked from the README and from error messages. */
import * as fs from 'fs';
import * as path from 'path';
import { JsonSchema, valuesSchemaTypes } from '../../src/docs/json-schema';
import { anchorOf, renderValuesReference, VALUES_DOC_FILE } from '../../src/docs/values-md';

const ROOT = path.resolve(__dirname, '../../..');
const doc = renderValuesReference();

function leaves(prefix: string, s: JsonSchema, out: [string, JsonSchema][]): void {
  for (const [k, child] of Object.entries(s.properties ?? {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    out.push([key, child]);
    leaves(key, child, out);
    if (child.type === 'array' && child.items?.properties) leaves(`${key}[]`, child.items, out);
  }
}
const keys: [string, JsonSchema][] = [];
leaves('', valuesSchemaTypes(), keys);
const rowOf = (key: string) => doc.split('\n').find((l) => l.includes(`<a id="${anchorOf(key)}"></a>\`${key}\``));

describe('docs/values.md', () => {
  it('is fresh: the committed file is what `npm run generate` writes', () => {
    const committed = fs.readFileSync(path.join(ROOT, VALUES_DOC_FILE), 'utf8');
    expect(committed === doc ? 'fresh' : `stale: run \`npm run generate\` and commit ${VALUES_DOC_FILE}`).toBe('fresh');
  });

  it('has a row for every key of the schema', () => {
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter(([k]) => !rowOf(k)).map(([k]) => k)).toEqual([]);
  });

  it('has a description for every key (the schema documents itself)', () => {
    expect(keys.filter(([, s]) => !s.description).map(([k]) => k)).toEqual([]);
  });

  it('gives type, default, env var and description in the row', () => {
    expect(rowOf('database.pool.size')).toBe(
      // Minimum 1: DATABASE_POOL_SIZE 0 is Open WebUI's NullPool (unlimited connections).
      '| <a id="databasepoolsize"></a>`database.pool.size` | integer (1–1000) | `5` | `DATABASE_POOL_SIZE` | Connections each engine keeps open; every process has two engines of this size, sync and async (default: the SQLAlchemy default, which Open WebUI uses when unset). At least 1: 0 would mean an unlimited NullPool. |',
    );
    expect(rowOf('ingress.controller')).toContain('"nginx" \\| "alb" \\| "traefik" \\| "gce" | `"nginx"`');
    expect(rowOf('image.tag')).toContain('Example: `"0.11.0"`');
    for (const [key, s] of keys) if (s['x-env']) expect(rowOf(key)).toContain(`| \`${s['x-env']}\` |`);
  });

  it('marks every key that feeds a first-boot seed, naming the variable (from the env table)', () => {
    expect(rowOf('publicUrl')).toContain(
      '| `WEBUI_URL, WEBUI_SESSION_COOKIE_SECURE, WEBUI_AUTH_COOKIE_SECURE` | First-boot seed (WEBUI_URL): with `openwebui.persistentConfig` on (the default) Open WebUI stores it in its database on the first start and keeps that value; change it later in the Admin UI. The URL users type',
    );
    // derived: WEBUI_URL (and CORS_ALLOW_ORIGIN) default to the origins users reach (Ingress hosts, route host names)
    expect(rowOf('ingress.hosts')).toContain('| `WEBUI_URL, CORS_ALLOW_ORIGIN` | First-boot seed (WEBUI_URL):');
    expect(rowOf('route.hostnames')).toContain('| `WEBUI_URL, CORS_ALLOW_ORIGIN` | First-boot seed (WEBUI_URL):');
    expect(rowOf('openwebui.embeddings.apiKeySecretRef')).toContain(
      'First-boot seed (RAG_OPENAI_API_KEY, RAG_OLLAMA_API_KEY)',
    );
    const marked = keys.filter(([, s]) => s.description?.startsWith('First-boot seed')).map(([k]) => k);
    expect(marked).toEqual([
      'publicUrl',
      'ingress.hosts',
      'ingress.tls',
      'ingress.alb.listenPort',
      'ingress.alb.protocol',
      'route.hostnames',
      'route.origin.scheme',
      'route.origin.port',
      'openwebui.contentExtraction.engine',
      'openwebui.contentExtraction.tikaServerUrl',
      'openwebui.contentExtraction.doclingServerUrl',
      'openwebui.embeddings.engine',
      'openwebui.embeddings.model',
      'openwebui.embeddings.baseUrl',
      'openwebui.embeddings.apiKeySecretRef',
      'openwebui.connections.openai',
      'openwebui.connections.ollama',
      'sso.enableLoginForm',
    ]);
    expect(rowOf('openwebui.persistentConfig')).toContain('`ENABLE_PERSISTENT_CONFIG`');
  });

  it('groups keys by section', () => {
    const sections = [...doc.matchAll(/^## `([a-zA-Z]+)`$/gm)].map((m) => m[1]);
    expect(sections).toEqual(
      expect.arrayContaining(['image', 'autoscaling', 'ingress', 'database', 'redis', 'secrets', 'openwebui', 'cost']),
    );
    const db = doc.indexOf('## `database`');
    expect(doc.indexOf('`database.pool.size`')).toBeGreaterThan(db);
    expect(doc.indexOf('`database.pool.size`')).toBeLessThan(doc.indexOf('## `redis`'));
  });

  it('has the anchors validation messages link to (docs/values.md#<path>)', () => {
    // src/values/validate.ts links docs/values.md#<string path segments joined, lower-case>
    expect(doc).toContain('<a id="replicacount"></a>');
    expect(doc).toContain('<a id="ingresshostshost"></a>');
  });

  it('is linked from the README', () => {
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('(docs/values.md)');
  });
});
