/** The Open WebUI container image, and the Open WebUI versions this project's facts were verified against. */
import { z } from 'zod';
import { imageDigest, imageRepository, imageTag } from './primitives';

/**
 * Open WebUI releases whose source the facts this project encodes were checked against (env names,
 * defaults and parse rules, first-boot seeds, the migration internals charts/programs/migration.py
 * relies on, the health endpoints: /work/shared/reference/open-webui-0.11-facts.md, with file:line
 * references at the v0.11.0 merge commit f9590b8). Oldest first. A new release means re-checking
 * them (the env table, src/model/env.ts; the migrator and its fixture, test/migration/) and adding
 * it here; `image.tag` defaults to the newest.
 */
export const VERIFIED_OPEN_WEBUI_VERSIONS: readonly string[] = ['0.11.0'];
export const NEWEST_VERIFIED_OPEN_WEBUI_VERSION = VERIFIED_OPEN_WEBUI_VERSIONS[VERIFIED_OPEN_WEBUI_VERSIONS.length - 1];

/**
 * The release version of an Open WebUI image tag, as its release workflow names images
 * (`.github/workflows/docker.yaml:98-111 @ f9590b8`, facts §1.2): `0.11.0` and `v0.11.0`, with a
 * variant suffix (`-slim`, `-cuda`, `-cuda126`, `-ollama`); undefined for any other tag (`git-<sha>`,
 * a branch, a private build's own scheme), whose version cannot be told.
 */
export function openWebUiVersion(tag: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/.exec(tag);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export const imageSchema = z
  .strictObject({
    repository: imageRepository('ghcr.io/open-webui/open-webui')
      .default('ghcr.io/open-webui/open-webui')
      .meta({ description: 'Image repository.' }),
    tag: imageTag(NEWEST_VERIFIED_OPEN_WEBUI_VERSION)
      .max(63, {
        message:
          'must be at most 63 characters: the tag is also the app.kubernetes.io/version label of every object, and label values are at most 63',
      })
      .default(NEWEST_VERIFIED_OPEN_WEBUI_VERSION)
      .meta({
        description: `Image tag: a pinned release version such as "${NEWEST_VERIFIED_OPEN_WEBUI_VERSION}" (a variant suffix such as \`-slim\` or \`-cuda\` is fine). Upgrades (the migration Job, rollout order) are keyed on it, so floating tags (latest, main, dev) are refused. The default is the newest release this chart was verified against (${VERIFIED_OPEN_WEBUI_VERSIONS.join(', ')}); any other version is warned about (\`image-version-unverified\`) until acknowledged.`,
        examples: [NEWEST_VERIFIED_OPEN_WEBUI_VERSION],
      }),
    digest: imageDigest()
      .optional()
      .meta({ description: 'Optional digest; when set the image is referenced as `repository:tag@digest`.' }),
    pullPolicy: z
      .enum(['Always', 'IfNotPresent', 'Never'])
      .default('IfNotPresent')
      .meta({ description: 'Image pull policy.' }),
  })
  .prefault({})
  .meta({ description: 'Open WebUI image.' });
