/**
 * The pgvector table Open WebUI creates: its column type and dimension and its vector index. The
 * migration Job creates them once (charts/programs/migration.py imports the vector factory), and
 * from then on they are fixed: Open WebUI 0.11.0 raises at startup when the configured dimension
 * or type differs from the existing `document_chunk.vector` column, or the configured index method
 * from the existing index (retrieval/vector/dbs/pgvector.py:216-222, :253-285 @ f9590b8, facts §4.4),
 * and it builds an index only when none exists (`CREATE INDEX IF NOT EXISTS`), so index options
 * changed later change nothing.
 */
import { Values } from '../values/schema';

export type PgvectorIndexMethod = 'ivfflat' | 'hnsw';

export interface PgvectorTable {
  /** `vector` (single precision) or `halfvec`. */
  readonly type: 'vector' | 'halfvec';
  readonly dimensions: number;
  /** The index method in effect: the configured one, else Open WebUI's own choice (hnsw with halfvec). */
  readonly indexMethod: PgvectorIndexMethod;
  /** Whether the method was chosen in values (else it is Open WebUI's default). */
  readonly indexMethodSet: boolean;
  /** The options the index is built with, as pgvector spells them. */
  readonly indexOptions: Readonly<Record<string, number>>;
  /** The migration Job creates the `vector` extension when it is missing (else it must exist). */
  readonly createExtension: boolean;
}

/** Open WebUI's index method when PGVECTOR_INDEX_METHOD is empty: hnsw for halfvec, else ivfflat (pgvector.py `_vector_index_configuration`). */
export const defaultIndexMethod = (halfvec: boolean): PgvectorIndexMethod => (halfvec ? 'hnsw' : 'ivfflat');

/** The table of `vectorDb.type: pgvector`, or undefined for another vector database. */
export function pgvectorTable(v: Values): PgvectorTable | undefined {
  if (v.vectorDb.type !== 'pgvector') return undefined;
  const p = v.vectorDb.pgvector;
  const indexMethod = p.indexMethod ?? defaultIndexMethod(p.halfvec);
  return {
    type: p.halfvec ? 'halfvec' : 'vector',
    dimensions: p.dimensions,
    indexMethod,
    indexMethodSet: p.indexMethod !== undefined,
    indexOptions:
      indexMethod === 'hnsw' ? { m: p.hnsw.m, ef_construction: p.hnsw.efConstruction } : { lists: p.ivfflat.lists },
    createExtension: p.createExtension,
  };
}

/**
 * Env vars whose change is refused (or ignored) by an existing pgvector table, with what Open WebUI
 * does then, for `diff` and `plan`. The defaults are Open WebUI's when the variable is unset.
 */
export const PGVECTOR_FIXED: Readonly<
  Record<string, { readonly key: string; readonly effect: 'refuses-start' | 'no-effect'; readonly default: string }>
> = {
  PGVECTOR_INITIALIZE_MAX_VECTOR_LENGTH: {
    key: 'vectorDb.pgvector.dimensions',
    effect: 'refuses-start',
    default: '1536',
  },
  PGVECTOR_USE_HALFVEC: { key: 'vectorDb.pgvector.halfvec', effect: 'refuses-start', default: 'False' },
  PGVECTOR_INDEX_METHOD: { key: 'vectorDb.pgvector.indexMethod', effect: 'refuses-start', default: '' },
  PGVECTOR_HNSW_M: { key: 'vectorDb.pgvector.hnsw.m', effect: 'no-effect', default: '16' },
  PGVECTOR_HNSW_EF_CONSTRUCTION: { key: 'vectorDb.pgvector.hnsw.efConstruction', effect: 'no-effect', default: '64' },
  PGVECTOR_IVFFLAT_LISTS: { key: 'vectorDb.pgvector.ivfflat.lists', effect: 'no-effect', default: '100' },
};
