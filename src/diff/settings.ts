/**
 * Warnings for settings Open WebUI reads once, found in the app Deployment's env:
 * - a first-boot seed whose value changes while persistent config is on (facts §3: the value
 *   stored in the database's `config` table at the first start wins; the change restarts every pod
 *   and changes nothing);
 * - turning persistent config on or off;
 * - the pgvector table and index the first migration created (src/model/pgvector.ts): a new
 *   dimension, column type or index method makes Open WebUI refuse to start, so the migration Job
 *   fails; new index options change nothing while the index exists.
 * Each says what to do instead. Diff warnings are printed, never acknowledged.
 */
import { CONTAINER, COMPONENT, defaultIndexMethod, firstBootSeeds, PGVECTOR_FIXED } from '../model';
import { K8sObject } from '../manifests';
import type { Impact } from './impact';
import { ObjectChange, show } from './semantic';

interface EnvEntry {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { secretKeyRef?: { name: string; key: string } } & Record<string, unknown>;
}

/** The app container's env of the app Deployment, by name. */
function appEnv(o: K8sObject | undefined): Map<string, EnvEntry> {
  const containers = (o?.spec as { template?: { spec?: { containers?: { name: string; env?: EnvEntry[] }[] } } })
    ?.template?.spec?.containers;
  const env = containers?.find((c) => c.name === CONTAINER.app)?.env ?? [];
  return new Map(env.map((e) => [e.name, e]));
}

/** A variable's value as a reviewer reads it. */
function shown(e: EnvEntry | undefined): string {
  if (!e) return '(unset)';
  if (e.value !== undefined) return show(e.value, 80);
  const ref = e.valueFrom?.secretKeyRef;
  return ref ? `Secret ${ref.name}/${ref.key}` : show(e.valueFrom, 80);
}

const same = (a: EnvEntry | undefined, b: EnvEntry | undefined) =>
  JSON.stringify(a && { ...a, name: undefined }) === JSON.stringify(b && { ...b, name: undefined });
const isTrue = (e: EnvEntry | undefined, dflt: boolean) =>
  e?.value === undefined ? dflt : e.value.toLowerCase() === 'true';

const SEED_FIX =
  'Change it in the Admin UI instead (stored in the database, every replica sees it), or set openwebui.persistentConfig: false (the environment then wins on every start, but Admin-UI changes stay in the one process that served them and a restart loses them).';

function seedImpacts(before: Map<string, EnvEntry>, after: Map<string, EnvEntry>): Impact[] {
  const out: Impact[] = [];
  const wasOn = isTrue(before.get('ENABLE_PERSISTENT_CONFIG'), true);
  const isOn = isTrue(after.get('ENABLE_PERSISTENT_CONFIG'), true);
  if (isOn)
    for (const [name, key] of firstBootSeeds()) {
      const [a, b] = [before.get(name), after.get(name)];
      if (same(a, b)) continue;
      out.push({
        kind: 'first-boot-seed',
        message: `has no effect on an installation that has started once: ${name} (${key}) ${shown(a)} -> ${shown(b)} is a first-boot seed and persistent config is on (openwebui.persistentConfig), so Open WebUI keeps the value stored in its database. ${SEED_FIX}`,
      });
    }
  if (wasOn && !isOn)
    out.push({
      kind: 'first-boot-seed',
      message:
        'turns persistent config off (openwebui.persistentConfig: false): from the next start the environment wins for every first-boot setting (the values in dist/ replace those stored in the database or set in the Admin UI), and Admin-UI changes stay in the memory of one process.',
    });
  if (!wasOn && isOn)
    out.push({
      kind: 'first-boot-seed',
      message:
        'turns persistent config on (openwebui.persistentConfig: true): the values stored in the database win again for every first-boot setting (values set in the environment while it was off were never stored; the migration Job seeds only settings the database does not have yet).',
    });
  return out;
}

/** The effective pgvector settings of an env (Open WebUI's defaults for unset variables). */
function pgvectorOf(env: Map<string, EnvEntry>) {
  if (env.get('VECTOR_DB')?.value !== 'pgvector') return undefined;
  const value = (name: string) => env.get(name)?.value ?? PGVECTOR_FIXED[name].default;
  const halfvec = value('PGVECTOR_USE_HALFVEC').toLowerCase() === 'true';
  const method = value('PGVECTOR_INDEX_METHOD').trim().toLowerCase() || defaultIndexMethod(halfvec);
  return {
    column: `${halfvec ? 'halfvec' : 'vector'}(${value('PGVECTOR_INITIALIZE_MAX_VECTOR_LENGTH')})`,
    method,
    value,
  };
}

const INDEX = 'idx_document_chunk_vector';

function pgvectorImpacts(before: Map<string, EnvEntry>, after: Map<string, EnvEntry>): Impact[] {
  const a = pgvectorOf(before);
  const b = pgvectorOf(after);
  if (!a || !b) return [];
  const out: Impact[] = [];
  if (a.column !== b.column)
    out.push({
      kind: 'vector-table',
      message: `stops the rollout: the pgvector column changes from ${a.column} to ${b.column} (vectorDb.pgvector.dimensions, halfvec), and Open WebUI refuses to start against an existing document_chunk table of another dimension or type, so the migration Job fails (exit 6) and no new pod serves. Keep the old values; to change the embedding dimension, drop the table document_chunk first (every stored vector is lost) and re-embed the knowledge bases after the rollout, or give the vectors a new database (vectorDb.pgvector.separateUrl).`,
    });
  if (a.method !== b.method)
    out.push({
      kind: 'vector-table',
      message: `stops the rollout: the pgvector index method changes from ${a.method} to ${b.method} (vectorDb.pgvector.indexMethod), and Open WebUI refuses to start while the existing index ${INDEX} uses another method, so the migration Job fails (exit 6). Keep ${a.method}, or drop the index first (DROP INDEX ${INDEX}; as its owner): the migration Job then builds the new one (on a large table that takes a while, within upgrade.migration.activeDeadlineSeconds).`,
    });
  else
    for (const name of b.method === 'hnsw'
      ? ['PGVECTOR_HNSW_M', 'PGVECTOR_HNSW_EF_CONSTRUCTION']
      : ['PGVECTOR_IVFFLAT_LISTS']) {
      if (a.value(name) === b.value(name)) continue;
      out.push({
        kind: 'vector-table',
        message: `changes nothing while the index exists: ${name} (${PGVECTOR_FIXED[name].key}) ${a.value(name)} -> ${b.value(name)} is used only when the index ${INDEX} is created. Drop the index first (DROP INDEX ${INDEX};) to have the migration Job build it with the new option.`,
      });
    }
  return out;
}

/** Warnings about once-read settings for one changed object (the app Deployment only, so each is printed once). */
export function settingImpacts(c: ObjectChange): Impact[] {
  if (c.kind !== 'Deployment' || c.change !== 'changed') return [];
  if ((c.new ?? c.old)?.metadata.labels?.['app.kubernetes.io/component'] !== COMPONENT.app) return [];
  const before = appEnv(c.old);
  const after = appEnv(c.new);
  return [...seedImpacts(before, after), ...pgvectorImpacts(before, after)];
}
