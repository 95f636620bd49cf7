/** docs/import.md: generated from the importer's mapping table, fresh, linked from the README, every link lands. */
import * as fs from 'fs';
import * as path from 'path';
import { IMPORT_DOC_FILE, renderImportReference } from '../../src/docs/import-md';
import { HELM_MAPPING } from '../../src/import/helm-mapping';

const ROOT = path.resolve(__dirname, '../../..');
const doc = renderImportReference();

describe('docs/import.md', () => {
  it('is fresh: the committed file is what `npm run generate` writes', () => {
    const committed = fs.readFileSync(path.join(ROOT, IMPORT_DOC_FILE), 'utf8');
    expect(committed === doc ? 'fresh' : `stale: run \`npm run generate\` and commit ${IMPORT_DOC_FILE}`).toBe('fresh');
  });

  it('has a row for every row of the mapping table, with its target keys or its reason', () => {
    const rows = doc.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.length).toBe(HELM_MAPPING.length);
    HELM_MAPPING.forEach((r, i) => {
      expect(rows[i].startsWith(`| \`${r.from}\` |`)).toBe(true);
      for (const k of r.to) expect(rows[i]).toContain(`[\`${k}\`](values.md#`);
      if (!r.to.length) expect(rows[i]).toContain(r.why ?? 'missing reason');
    });
  });

  it('links only to anchors docs/values.md has', () => {
    const values = fs.readFileSync(path.join(ROOT, 'docs', 'values.md'), 'utf8');
    const anchors = [...doc.matchAll(/\(values\.md#([a-z0-9-]+)\)/g)].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThan(100);
    expect([...new Set(anchors)].filter((a) => !values.includes(`<a id="${a}"></a>`))).toEqual([]);
  });

  it('is where the README sends users of the official chart', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('## Coming from the official chart');
    expect(readme).toContain('(docs/import.md)');
    expect(readme).toContain('npm run import -- --from-helm');
  });
});
