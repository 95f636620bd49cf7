/**
 * pgvector on managed PostgreSQL (issue 9, item 3): typed keys for the extension, the embedding
 * column and the vector index, rendered as Open WebUI 0.11.0 reads them (config.py:638-732); the
 * combinations Open WebUI or pgvector refuse are refused here first, and keys that would be
 * ignored are errors.
 */
import { MANAGED_ENV } from '../../src/model';
import { Any, errorsOf, find, ids, render, resolveEnv } from '../support';

const appEnv = (yaml = ''): Record<string, string | undefined> => {
  const d = find(render(yaml), 'Deployment', 'open-webui') as Any;
  return Object.fromEntries(
    (d.spec.template.spec.containers[0].env as { name: string; value?: string }[]).map((e) => [e.name, e.value]),
  );
};
const pg = (lines: string) => `vectorDb:\n  pgvector:\n${lines.replace(/^/gm, '    ')}\n`;
const pgvectorVars = (env: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.entries(env).filter(
      ([k]) => k.startsWith('PGVECTOR_') && !k.startsWith('PGVECTOR_POOL') && k !== 'PGVECTOR_DB_URL',
    ),
  );

describe('rendered', () => {
  test("defaults: Open WebUI's own (extension created, vector(1536), ivfflat with 100 lists), written out", () => {
    expect(pgvectorVars(appEnv())).toEqual({
      PGVECTOR_CREATE_EXTENSION: 'True',
      PGVECTOR_INITIALIZE_MAX_VECTOR_LENGTH: '1536',
      PGVECTOR_USE_HALFVEC: 'False',
      PGVECTOR_INDEX_METHOD: 'ivfflat',
      PGVECTOR_IVFFLAT_LISTS: '100',
    });
  });

  test("halfvec: Open WebUI's default method becomes hnsw, with its options (m 16, ef_construction 64)", () => {
    expect(pgvectorVars(appEnv(pg('dimensions: 3072\nhalfvec: true')))).toEqual({
      PGVECTOR_CREATE_EXTENSION: 'True',
      PGVECTOR_INITIALIZE_MAX_VECTOR_LENGTH: '3072',
      PGVECTOR_USE_HALFVEC: 'True',
      PGVECTOR_INDEX_METHOD: 'hnsw',
      PGVECTOR_HNSW_M: '16',
      PGVECTOR_HNSW_EF_CONSTRUCTION: '64',
    });
  });

  test('an explicit method and its options; createExtension false for a role that may not create extensions', () => {
    expect(
      pgvectorVars(appEnv(pg('createExtension: false\nindexMethod: hnsw\nhnsw:\n  m: 24\n  efConstruction: 96'))),
    ).toEqual({
      PGVECTOR_CREATE_EXTENSION: 'False',
      PGVECTOR_INITIALIZE_MAX_VECTOR_LENGTH: '1536',
      PGVECTOR_USE_HALFVEC: 'False',
      PGVECTOR_INDEX_METHOD: 'hnsw',
      PGVECTOR_HNSW_M: '24',
      PGVECTOR_HNSW_EF_CONSTRUCTION: '96',
    });
  });

  test('nothing for another vector database; the variables belong to typed keys (extraEnv refused)', () => {
    expect(pgvectorVars(appEnv('vectorDb:\n  type: qdrant\n  qdrant:\n    uri: http://qdrant:6333\n'))).toEqual({});
    for (const [name, key] of [
      ['PGVECTOR_CREATE_EXTENSION', 'vectorDb.pgvector.createExtension'],
      ['PGVECTOR_INITIALIZE_MAX_VECTOR_LENGTH', 'vectorDb.pgvector.dimensions'],
      ['PGVECTOR_USE_HALFVEC', 'vectorDb.pgvector.halfvec'],
      ['PGVECTOR_INDEX_METHOD', 'vectorDb.pgvector.indexMethod'],
      ['PGVECTOR_HNSW_M', 'vectorDb.pgvector.hnsw.m'],
      ['PGVECTOR_HNSW_EF_CONSTRUCTION', 'vectorDb.pgvector.hnsw.efConstruction'],
      ['PGVECTOR_IVFFLAT_LISTS', 'vectorDb.pgvector.ivfflat.lists'],
    ])
      expect(MANAGED_ENV.get(name)).toBe(key);
    expect(ids(errorsOf('extraEnv:\n  - name: PGVECTOR_INDEX_METHOD\n    value: hnsw\n'))).toContain(
      'extra-env-managed',
    );
  });

  test('the shipped managed-database environments pre-create the extension (least privilege)', () => {
    for (const env of ['aws', 'production'])
      expect(resolveEnv(env).values.vectorDb.pgvector.createExtension).toBe(false);
    expect(resolveEnv('local').values.vectorDb.pgvector.createExtension).toBe(true); // the development PostgreSQL creates it
  });
});

describe('refused', () => {
  const problem = (yaml: string, id: string) => errorsOf(yaml).find((e) => e.id === id);

  test('a dimension above 2000 without halfvec (Open WebUI refuses to start); with halfvec it is fine', () => {
    const p = problem(pg('dimensions: 3072'), 'pgvector-dimensions');
    expect(p?.path.join('.')).toBe('vectorDb.pgvector.dimensions');
    expect(p?.message).toContain('3072');
    expect(p?.hint).toContain('vectorDb.pgvector.halfvec: true');
    expect(errorsOf(pg('dimensions: 3072\nhalfvec: true'))).toEqual([]);
    expect(errorsOf(pg('dimensions: 2000'))).toEqual([]);
  });

  test('more than 4000 dimensions (pgvector indexes at most 4000 halfvec dimensions)', () => {
    const e = errorsOf(pg('dimensions: 4096\nhalfvec: true'));
    expect(e.map((x) => x.path.join('.'))).toContain('vectorDb.pgvector.dimensions');
    expect(e.find((x) => x.path.join('.') === 'vectorDb.pgvector.dimensions')?.message).toMatch(/4000/);
  });

  test('hnsw ef_construction below twice m (pgvector refuses the index)', () => {
    const p = problem(pg('indexMethod: hnsw\nhnsw:\n  m: 32\n  efConstruction: 48'), 'pgvector-index-options');
    expect(p?.path.join('.')).toBe('vectorDb.pgvector.hnsw.efConstruction');
    expect(p?.hint).toContain('at least 64');
    expect(errorsOf(pg('indexMethod: hnsw\nhnsw:\n  m: 32\n  efConstruction: 64'))).toEqual([]);
  });

  test("options of the method not in effect would be ignored (including Open WebUI's default method)", () => {
    const p = problem(pg('ivfflat:\n  lists: 200\nhalfvec: true\ndimensions: 3000'), 'pgvector-index-options');
    expect(p?.path.join('.')).toBe('vectorDb.pgvector.ivfflat');
    expect(p?.message).toContain("hnsw (Open WebUI's default with halfvec)");
    expect(problem(pg('hnsw:\n  m: 8'), 'pgvector-index-options')?.path.join('.')).toBe('vectorDb.pgvector.hnsw');
  });

  test('settings of a vector database other than vectorDb.type', () => {
    const p = problem(
      'vectorDb:\n  type: qdrant\n  qdrant:\n    uri: http://qdrant:6333\n  pgvector:\n    dimensions: 768\n',
      'vector-db-mode-keys',
    );
    expect(p?.path.join('.')).toBe('vectorDb.pgvector.dimensions');
    expect(p?.message).toContain('vectorDb.type is qdrant');
    expect(problem('vectorDb:\n  chroma:\n    httpPort: 9000\n', 'vector-db-mode-keys')?.path.join('.')).toBe(
      'vectorDb.chroma.httpPort',
    );
  });
});
