/** Rules on the app image (`image.*`). */
import { Values } from '../values/schema';
import { finding, Finding, Rule, SCALING_FACTS, rule } from './rule';

/** Tags that move: a Deployment on one of them can run two versions against one database. */
export const FLOATING_TAGS = ['latest', 'main', 'dev', 'master', 'nightly', 'edge', 'stable', 'cuda', 'ollama', 'slim'];

export function imagePinned(v: Values): Finding[] {
  const tag = v.image.tag.toLowerCase();
  const base = tag.split('-')[0];
  if (v.image.digest && !FLOATING_TAGS.includes(tag)) return [];
  if (
    !FLOATING_TAGS.includes(tag) &&
    !FLOATING_TAGS.includes(base) &&
    /^v?\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?$/.test(v.image.tag)
  )
    return [];
  return [
    finding(
      ['image', 'tag'],
      `Image tag "${v.image.tag}" is not a pinned release version; upgrades (one migration per version, never two versions against one database) are keyed on the tag.`,
      'Pin a full release version such as "0.11.0" ("0.11" moves with every patch release; variants like "0.11.0-cuda" are fine); add image.digest to pin the exact build.',
      v.image.tag,
    ),
  ];
}

export const imageRules: readonly Rule[] = [
  rule('image-pinned', 'error', `${SCALING_FACTS}#what-more-than-one-process-requires`, imagePinned),
];
