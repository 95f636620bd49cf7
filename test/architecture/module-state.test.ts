/**
 * The tests load the project's modules once per jest worker process and share them between test
 * files (scripts/jest-environment.js); a synth of several environments shares them between
 * environments. That is only safe while no module keeps state one caller could see from another.
 * Every module-level binding of src/ and charts/ that changes after load is listed here with why
 * it may be shared; a new one fails this test until it is judged and listed.
 */
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** `file binding` -> why sharing it between callers in one process is safe. */
const ALLOWED: Record<string, string> = {
  'src/check/catalog.ts root': 'the repository root, found from __dirname: the same for every caller',
  'src/check/catalog.ts cached': 'the Kubernetes catalog read from the vendored spec, read-only once built',
  'src/check/index.ts validator':
    'lazily built schema validator over the read-only catalog; validation is a pure function',
  'src/rules/workload.ts validator':
    'lazily built schema validator over the read-only catalog; validation is a pure function',
  'src/check/credentials.ts linted': "memo of secretlint's verdict per string (a pure function of the string)",
  'src/check/credentials.ts byContent':
    "memo of the content patterns' verdict per string (a pure function of the string)",
  'src/check/policy.ts keyProblems': 'memo of a pure check of a label key',
  'src/check/policy.ts annotationKeyProblems': 'memo of a pure check of an annotation key',
  'src/check/policy.ts valueProblems': 'memo of a pure check of a label value',
  'src/yaml.ts VALUE_STYLES': 'memo of the YAML style a string needs (a pure function of the string)',
  'src/yaml.ts KEY_STYLES': 'memo of the YAML style a key needs (a pure function of the string)',
  'src/check/secretlint.ts bridge':
    'the one secretlint worker thread of the process; it holds no verdicts, each batch is answered on its own by id, and a worker that failed (its failure kept on it) is replaced by the next request',
  'charts/migration-programs.ts source': 'the migration program file as read from the repository, read-only',
  'charts/migration-programs.ts rendered': 'the program as rendered from that file, read-only',
  'charts/linear-to-json.ts installed':
    "whether the cdk8s classes' toJson is already wrapped: done once for the vendor copy that is loaded once with it",
};

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return tsFiles(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** A collection used only through these is read, never changed. */
const READS = /^\s*(\.\s*(has|get|keys|values|entries|forEach)\s*\(|\.\s*size\b)/;

/**
 * Module-level bindings that change after load: `let`/`var`; a Map or Set used other than through
 * its read methods (changed, or handed on: `const cache = MAP` counts); an array or object literal
 * changed in place by name.
 */
function mutableBindings(rel: string): string[] {
  // Doc comments and comment lines name bindings without using them; template literals hold text
  // (the secretlint worker's source is one: its bindings live in the worker thread, not here).
  const text = fs
    .readFileSync(path.join(REPO, rel), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/`(?:[^`\\]|\\.)*`/g, '``');
  const out = new Set<string>();
  for (const m of text.matchAll(/^(?:export\s+)?(?:let|var)\s+([A-Za-z_$][\w$]*)/gm)) out.add(m[1]);
  for (const m of text.matchAll(
    /^(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(new\s+(?:Map|Set|WeakMap|WeakSet)\b|\[|\{)/gm,
  )) {
    const name = m[1].replace(/\$/g, '\\$');
    const declaredAt = (m.index ?? 0) + m[0].indexOf(m[1]);
    if (m[2].startsWith('new')) {
      const uses = [...text.matchAll(new RegExp(`(?<![\\w$.])${name}(?![\\w$])`, 'g'))].filter(
        (u) => u.index !== declaredAt,
      );
      const before = (i: number) => text.slice(Math.max(0, i - 4), i);
      if (
        uses.some(
          (u) =>
            !READS.test(text.slice((u.index ?? 0) + m[1].length)) && !/(\.\.\.|\bof\s)$/.test(before(u.index ?? 0)),
        )
      )
        out.add(m[1]);
      continue;
    }
    const mutated = new RegExp(
      `\\b${name}\\s*\\.\\s*(push|pop|shift|unshift|splice|sort|reverse|fill)\\s*\\(|\\b${name}\\s*(\\.[\\w$]+|\\[[^\\]]+\\])\\s*(=[^=>]|\\+=|-=|\\+\\+|--)|\\bObject\\.assign\\(\\s*${name}\\b`,
    );
    if (mutated.test(text)) out.add(m[1]);
  }
  return [...out].map((b) => `${rel} ${b}`);
}

test('every module-level binding of src/ and charts/ that changes after load is listed with why it may be shared', () => {
  const found = ['src', 'charts'].flatMap(tsFiles).sort().flatMap(mutableBindings);
  expect(found.filter((b) => !(b in ALLOWED))).toEqual([]);
  // The list stays exact: a binding that is gone leaves it too.
  expect(Object.keys(ALLOWED).filter((b) => !found.includes(b))).toEqual([]);
});
