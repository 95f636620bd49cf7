/** Every rule's `see:` link points at a document and heading that exist (GitHub's heading anchors). */
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../src/rules';
import { REPO } from '../support';

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(file: string): Set<string> {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  const out = new Set<string>();
  for (const [, h] of text.matchAll(/^#{1,6} +(.+)$/gm)) out.add(slug(h));
  for (const [, id] of text.matchAll(/<a id="([^"]+)"><\/a>/g)) out.add(id);
  return out;
}

describe('rule documentation links', () => {
  it.each(RULES.map((r) => [r.id, r.docs] as const))('%s -> %s exists', (_id, docs) => {
    const link = docs.split(' ')[0];
    if (/^https?:\/\//.test(link)) return; // upstream documentation
    const [file, anchor] = link.split('#');
    expect(fs.existsSync(path.join(REPO, file))).toBe(true);
    if (anchor) expect([...anchorsOf(file)]).toContain(anchor);
  });
});
