/** docs/rules.md: fresh, complete (every rule id in RULES), and every warning id quoted as an example is a real rule. */
import * as fs from 'fs';
import * as path from 'path';
import { renderRulesReference, RULES_DOC_FILE } from '../../src/docs/rules-md';
import { RULE_SECTIONS, RULES } from '../../src/rules';
import { valuesSchemaTypes } from '../../src/docs/json-schema';
import { REPO } from '../support';

const doc = renderRulesReference();
const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');
const ids = new Set(RULES.map((r) => r.id));

describe('docs/rules.md', () => {
  it('is fresh: the committed file is what `npm run generate` writes', () => {
    const committed = read(RULES_DOC_FILE);
    expect(committed === doc ? 'fresh' : `stale: run \`npm run generate\` and commit ${RULES_DOC_FILE}`).toBe('fresh');
  });

  it('has a row for every rule id in RULES, with its severity and whether it can be acknowledged', () => {
    expect(RULES.length).toBeGreaterThan(100);
    const committed = read(RULES_DOC_FILE);
    for (const r of RULES) {
      const line = committed.split('\n').find((l) => l.startsWith(`| <a id="${r.id}"></a>\`${r.id}\` |`));
      expect([r.id, line?.split(' | ').slice(1, 3)]).toEqual([
        r.id,
        [r.severity, r.severity === 'warning' ? 'yes' : 'no'],
      ]);
    }
  });

  it('puts every rule in exactly one section, and the sections in order', () => {
    const inSections = RULE_SECTIONS.flatMap((s) => s.rules.map((r) => r.id));
    expect([...inSections].sort()).toEqual([...ids].sort());
    expect(inSections.length).toBe(ids.size); // ids are unique
    const titles = RULE_SECTIONS.map((s) => s.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en')));
    expect([...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(titles);
  });

  it("names values keys that exist and the file that defines the section's rules", () => {
    const top = Object.keys(valuesSchemaTypes().properties ?? {});
    for (const s of RULE_SECTIONS) {
      expect(top).toEqual(expect.arrayContaining([...s.keys]));
      expect(fs.existsSync(path.join(REPO, s.file))).toBe(true);
    }
  });

  it('gives every rule a one-line summary', () => {
    const bad = RULES.filter((r) => !/^[A-Za-z`].{10,160}\.$/.test(r.summary) || r.summary.includes('\n'));
    expect(bad.map((r) => `${r.id}: ${r.summary}`)).toEqual([]);
  });

  it('is linked from the README in place of a hand-written list', () => {
    const readme = read('README.md');
    expect(readme).toContain('(docs/rules.md)');
    // Its rules section names no rule id: the list lives in docs/rules.md only.
    const section = readme.slice(
      readme.indexOf('## The rules\n'),
      readme.indexOf('\n## ', readme.indexOf('## The rules\n') + 1),
    );
    expect(section).toContain('acknowledgeWarnings: [<id>]');
    expect(RULES.filter((r) => section.includes(`\`${r.id}\``)).map((r) => r.id)).toEqual([]);
  });
});

describe('warning ids quoted as examples', () => {
  // Files a reader takes ids from: schema descriptions and messages, rule hints, docs, values.
  const files = [
    ...['src/values/schema', 'src/rules', 'src/pipeline.ts', 'docs', 'values']
      .flatMap((p) => {
        const full = path.join(REPO, p);
        return fs.statSync(full).isDirectory() ? fs.readdirSync(full).map((f) => path.join(p, f)) : [p];
      })
      .filter((f) => /\.(ts|md|yaml)$/.test(f)),
    'README.md',
  ];
  const quoted: [string, string][] = [];
  for (const file of files) {
    const text = read(file);
    for (const m of text.matchAll(/acknowledgeWarnings:?\s*\[([^\]]*)\]/g))
      for (const id of m[1].split(',').map((s) => s.trim().replace(/^['"`]|['"`]$/g, '')))
        if (/^[a-z0-9-]+$/.test(id)) quoted.push([file, id]);
    for (const m of text.matchAll(/warning ids? (?:such as|like|e\.g\.) [`"']([a-z0-9-]+)/g)) quoted.push([file, m[1]]);
    for (const m of text.matchAll(/printed ids such as [`"']([a-z0-9-]+)/g)) quoted.push([file, m[1]]);
    if (file.endsWith('.yaml'))
      for (const m of text.matchAll(/^acknowledgeWarnings:\n((?:\s+-\s+[a-z0-9-]+.*\n|\s*#.*\n)+)/gm))
        for (const [, id] of m[1].matchAll(/^\s+-\s+([a-z0-9-]+)/gm)) quoted.push([file, id]);
  }

  it('finds the examples (schema description, rule hints, shipped values)', () => {
    expect(quoted).toEqual(
      expect.arrayContaining([
        ['src/values/schema/release.ts', 'recommended-content-extraction'],
        ['src/rules/redis.ts', 'redis-volatile-eviction'],
      ]),
    );
    expect(quoted.length).toBeGreaterThan(10);
  });

  it('quotes real rule ids only', () => {
    expect(quoted.filter(([, id]) => !ids.has(id))).toEqual([]);
  });

  it('quotes warnings only (errors cannot be acknowledged)', () => {
    const errors = new Set(RULES.filter((r) => r.severity === 'error').map((r) => r.id));
    expect(quoted.filter(([, id]) => errors.has(id))).toEqual([]);
  });
});
