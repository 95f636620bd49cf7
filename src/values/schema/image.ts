/** The Open WebUI container image. */
import { z } from 'zod';
import { imageDigest, imageRepository, imageTag } from './primitives';

export const imageSchema = z
  .strictObject({
    repository: imageRepository('ghcr.io/open-webui/open-webui')
      .default('ghcr.io/open-webui/open-webui')
      .meta({ description: 'Image repository.' }),
    tag: imageTag('0.11.0')
      .max(63, {
        message:
          'must be at most 63 characters: the tag is also the app.kubernetes.io/version label of every object, and label values are at most 63',
      })
      .default('0.11.0')
      .meta({
        description:
          'Image tag: a pinned release version such as "0.11.0". Upgrades (the migration Job, rollout order) are keyed on it, so floating tags (latest, main, dev) are refused.',
        examples: ['0.11.0'],
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
