/** Rules on the app image (`image.*`). */
import { Values } from '../values/schema';
import { openWebUiVersion, VERIFIED_OPEN_WEBUI_VERSIONS } from '../values/schema/image';
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

const compare = (a: readonly number[], b: readonly number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * What this chart renders and checks (env names and defaults, first-boot seeds, what the migrator
 * imports and calls, the health endpoints) was verified against the Open WebUI releases in
 * VERIFIED_OPEN_WEBUI_VERSIONS only. Another version may run fine or not: a warning to acknowledge
 * once its release notes are checked. Nothing is refused: an upgrade the migrator cannot perform
 * fails its Job and stops the rollout before any pod of the new version serves.
 */
export function imageVersionUnverified(v: Values): Finding[] {
  // A floating tag is already refused by image-pinned, with the fix: one problem, not two.
  if (imagePinned(v).length) return [];
  const tag = v.image.tag;
  const version = openWebUiVersion(tag);
  const verified = VERIFIED_OPEN_WEBUI_VERSIONS.map((s) => openWebUiVersion(s) as [number, number, number]);
  if (version && verified.some((x) => compare(x, version) === 0)) return [];
  const list = VERIFIED_OPEN_WEBUI_VERSIONS.join(', ');
  const why = !version
    ? `the version of image tag "${tag}" cannot be told (Open WebUI releases are tagged <version> or v<version>, optionally with a variant suffix such as -slim)`
    : compare(version, verified[verified.length - 1]) > 0
      ? `Open WebUI ${version.join('.')} is newer than the releases this chart was verified against (${list}): its environment variables, defaults, first-boot settings, health endpoints or migration internals (what the migration Job imports and calls) may have changed`
      : compare(version, verified[0]) < 0
        ? `Open WebUI ${version.join('.')} is older than the releases this chart was verified against (${list}): older releases differ (e.g. a peewee migration step before 0.10.2, no ENABLE_ORJSON before 0.11.0), and the migration Job calls functions verified in ${list} only`
        : `Open WebUI ${version.join('.')} is not one of the releases this chart was verified against (${list})`;
  return [
    finding(
      ['image', 'tag'],
      `Unverified version: ${why}. A migration the migrator cannot perform fails its Job and stops the rollout before the new version serves, but settings may silently mean something else.`,
      `Use a verified release (${list}), or read the Open WebUI release notes between ${list} and this version, then acknowledge this warning (acknowledgeWarnings: [image-version-unverified]).`,
      tag,
    ),
  ];
}

export const imageRules: readonly Rule[] = [
  rule(
    'image-pinned',
    'The image is pinned to a release version, not latest, main or dev.',
    'error',
    `${SCALING_FACTS}#what-more-than-one-process-requires`,
    imagePinned,
  ),
  rule(
    'image-version-unverified',
    'The Open WebUI version is one this chart was not verified against.',
    'warning',
    'README.md#supported-open-webui-versions',
    imageVersionUnverified,
  ),
];
