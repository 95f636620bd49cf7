/**
 * The mapping table (src/import/helm-mapping.ts) against both ends: every official key it names is a
 * key of the official chart's values.yaml and every key of that file has a row; every target is a
 * real key of this project's values schema; every row says where or why.
 */
import * as fs from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';
import { HELM_MAPPING, helmDefaults, helmRow } from '../../src/import/helm-mapping';
import { allKeyPaths } from '../../src/values/schema-walk';
import { valuesSchema } from '../../src/values/schema';
import { REPO } from '../support';

const FIXTURES = path.join(REPO, 'test', 'import', 'fixtures');
const official = load(fs.readFileSync(path.join(FIXTURES, 'official-values.yaml'), 'utf8')) as Record<string, unknown>;

/** Leaf keys of the official values.yaml: maps are walked, lists and empty maps are leaves. */
function leaves(o: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(o).flatMap(([k, v]): [string, unknown][] => {
    const key = prefix ? `${prefix}.${k}` : k;
    const row = HELM_MAPPING.find((r) => r.from === key);
    if (!row && v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length)
      return leaves(v as Record<string, unknown>, key);
    return [[key, v]];
  });
}

describe('official chart mapping table', () => {
  const ourKeys = new Set(allKeyPaths(valuesSchema).map((p) => p.join('.')));

  it('maps only to real keys of the values schema', () => {
    const bad = HELM_MAPPING.flatMap((r) => r.to.filter((k) => !ourKeys.has(k)).map((k) => `${r.from} -> ${k}`));
    expect(bad).toEqual([]);
  });

  it('has one row per key of the official values.yaml, with its default', () => {
    const keys = leaves(official);
    expect(keys.filter(([k]) => !helmRow(k)).map(([k]) => k)).toEqual([]);
    // No row names a key the official chart does not have (subchart sections aside).
    const known = new Set(keys.map(([k]) => k));
    expect(HELM_MAPPING.filter((r) => !r.from.endsWith('.*') && !known.has(r.from)).map((r) => r.from)).toEqual([]);
    // Rows carry the official defaults, so the importer merges a values file over them as Helm does.
    expect(helmDefaults()).toEqual(official);
    expect(new Set(HELM_MAPPING.map((r) => r.from)).size).toBe(HELM_MAPPING.length);
  });

  it('says where every key goes or why it cannot', () => {
    expect(HELM_MAPPING.filter((r) => r.to.length === 0 && !r.why?.trim()).map((r) => r.from)).toEqual([]);
  });

  it('fails when a target is not a schema key (the check above can fail)', () => {
    expect(ourKeys.has('openwebui.webuiUrl')).toBe(false);
    expect(ourKeys.has('publicUrl')).toBe(true);
  });
});
