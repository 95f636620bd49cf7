/**
 * `diff` warns about settings Open WebUI reads once (issue 9, items 3 and 4): a first-boot seed
 * changed while persistent config is on (Open WebUI keeps the database's value), persistent config
 * turned on or off, and a change to the pgvector table or index the first migration created (Open
 * WebUI refuses to start, so the migration Job fails) or to index options (no effect). Each warning
 * says what to do instead. Proven on rendered objects of the shipped production environment.
 */
import { impactsOf } from '../../src/diff/impact';
import { diffObjects } from '../../src/diff/semantic';
import { K8sObject } from '../../src/manifests';
import { Any, Overlay, renderEnv } from '../support';

const base = renderEnv('production');
const warnings = (after: K8sObject[], before: K8sObject[] = base) =>
  diffObjects(before, after)
    .flatMap(impactsOf)
    .filter((i) => i.kind === 'first-boot-seed' || i.kind === 'vector-table');
const after = (...o: Overlay[]) => warnings(renderEnv('production', ...o));

describe('first-boot seeds', () => {
  test('a changed seed: no effect once started, with what to do instead; printed once (the Deployment)', () => {
    const w = after(['publicUrl=https://chat2.example.com']);
    expect(w).toHaveLength(1);
    expect(w[0].message).toBe(
      'has no effect on an installation that has started once: WEBUI_URL (publicUrl) "https://chat.example.com" -> "https://chat2.example.com" is a first-boot seed and persistent config is on (openwebui.persistentConfig), so Open WebUI keeps the value stored in its database. Change it in the Admin UI instead (stored in the database, every replica sees it), or set openwebui.persistentConfig: false (the environment then wins on every start, but Admin-UI changes stay in the one process that served them and a restart loses them).',
    );
  });

  test("a seed derived from another key (WEBUI_URL from the route's host name), a Secret reference, and a seed that appears", () => {
    expect(
      after({ route: { hostnames: ['chat2.example.com'] } })
        .map((i) => i.message)
        .join('\n'),
    ).toContain('WEBUI_URL (publicUrl) "https://chat.example.com" -> "https://chat2.example.com"');
    expect(after({ openwebui: { embeddings: { apiKeySecretRef: { name: 'other', key: 'K' } } } })[0].message).toContain(
      'RAG_OPENAI_API_KEY (openwebui.embeddings.apiKeySecretRef) Secret litellm-open-webui/api-key -> Secret other/K',
    );
    expect(
      after({ openwebui: { contentExtraction: { engine: 'docling', doclingServerUrl: 'http://docling:5001' } } }).map(
        (i) => i.message.split(' is a first-boot seed')[0].split('once: ')[1],
      ),
    ).toEqual([
      'CONTENT_EXTRACTION_ENGINE (openwebui.contentExtraction.engine) "tika" -> "docling"',
      'DOCLING_SERVER_URL (openwebui.contentExtraction.doclingServerUrl) (unset) -> "http://docling:5001"',
    ]);
  });

  test("WEBUI_URL from the route's origin (local): a new port or scheme is a seed change too", () => {
    const local = renderEnv('local');
    const seeds = (...o: Overlay[]) =>
      warnings(renderEnv('local', ...o), local).map(
        (i) => i.message.split(' is a first-boot seed')[0].split('once: ')[1],
      );
    expect(seeds(['route.origin.port=9090'])).toEqual([
      'WEBUI_URL (publicUrl) "http://open-webui.localhost:8080" -> "http://open-webui.localhost:9090"',
    ]);
    expect(seeds(['route.origin.scheme=https'])).toEqual([
      'WEBUI_URL (publicUrl) "http://open-webui.localhost:8080" -> "https://open-webui.localhost:8080"',
    ]);
  });

  test('a seed passed through extraEnv (JWT_EXPIRES_IN, facts §3)', () => {
    const before = renderEnv('production', { extraEnv: [{ name: 'JWT_EXPIRES_IN', value: '4w' }] });
    const w = warnings(renderEnv('production', { extraEnv: [{ name: 'JWT_EXPIRES_IN', value: '1w' }] }), before);
    expect(w.map((i) => i.message)).toEqual([expect.stringContaining('JWT_EXPIRES_IN (extraEnv) "4w" -> "1w"')]);
  });

  test('no seed warning for other settings, nor while persistent config stays off', () => {
    expect(after(['openwebui.threadPoolSize=100'])).toEqual([]);
    const off = renderEnv('production', ['openwebui.persistentConfig=false']);
    expect(
      warnings(renderEnv('production', ['openwebui.persistentConfig=false', 'publicUrl=https://x.example.com']), off),
    ).toEqual([]);
  });

  test('turning persistent config off and on again says what wins', () => {
    const off = renderEnv('production', ['openwebui.persistentConfig=false']);
    expect(warnings(off).map((i) => i.message)).toEqual([
      expect.stringMatching(/^turns persistent config off .*the environment wins/),
    ]);
    expect(warnings(base, off).map((i) => i.message)).toEqual([
      expect.stringMatching(/^turns persistent config on .*the values stored in the database win again/),
    ]);
  });
});

describe('the pgvector table and index', () => {
  test('a new dimension or column type stops the rollout, and says how to change it', () => {
    const w = after(['vectorDb.pgvector.dimensions=768']);
    expect(w).toHaveLength(1);
    expect(w[0].message).toMatch(
      /^stops the rollout: the pgvector column changes from vector\(1536\) to vector\(768\)/,
    );
    expect(w[0].message).toContain('migration Job fails (exit 6)');
    expect(w[0].message).toContain('drop the table document_chunk first');
  });

  test("a new index method stops the rollout (also when halfvec switches Open WebUI's default method)", () => {
    const w = after(['vectorDb.pgvector.indexMethod=hnsw']);
    expect(w.map((i) => i.message)).toEqual([
      expect.stringMatching(
        /^stops the rollout: the pgvector index method changes from ivfflat to hnsw .*DROP INDEX idx_document_chunk_vector;/,
      ),
    ]);
    const halfvec = after(['vectorDb.pgvector.dimensions=3072', 'vectorDb.pgvector.halfvec=true']);
    expect(halfvec.map((i) => i.message.slice(0, 60))).toEqual([
      'stops the rollout: the pgvector column changes from vector(1',
      'stops the rollout: the pgvector index method changes from iv',
    ]);
  });

  test('new index options change nothing while the index exists', () => {
    const w = after(['vectorDb.pgvector.ivfflat.lists=500']);
    expect(w.map((i) => i.message)).toEqual([
      'changes nothing while the index exists: PGVECTOR_IVFFLAT_LISTS (vectorDb.pgvector.ivfflat.lists) 100 -> 500 is used only when the index idx_document_chunk_vector is created. Drop the index first (DROP INDEX idx_document_chunk_vector;) to have the migration Job build it with the new option.',
    ]);
  });

  test("Open WebUI's defaults written out explicitly are no change (a dist/ rendered before these keys existed)", () => {
    const older = base.map((o) => {
      if (o.kind !== 'Deployment') return o;
      const copy = JSON.parse(JSON.stringify(o)) as Any;
      const c = copy.spec.template.spec.containers[0];
      c.env = c.env.filter(
        (e: { name: string }) => !/^PGVECTOR_(INITIALIZE|USE_HALFVEC|INDEX_METHOD|IVFFLAT)/.test(e.name),
      );
      return copy as K8sObject;
    });
    expect(warnings(base, older)).toEqual([]);
  });

  test('nothing for another vector database, or when pgvector is newly chosen', () => {
    const qdrant = renderEnv('production', {
      vectorDb: { type: 'qdrant', qdrant: { uri: 'http://q:6333' }, pgvector: null },
    });
    expect(warnings(qdrant)).toEqual([]);
    expect(warnings(base, qdrant)).toEqual([]);
  });
});
