/** The Open WebUI container image. */
import { z } from 'zod';

export const imageSchema = z
  .strictObject({
    repository: z
      .string()
      .regex(/^[a-z0-9]+([._\-/:][a-z0-9]+)*$/, { message: 'must be an image repository such as "ghcr.io/open-webui/open-webui"' })
      .default('ghcr.io/open-webui/open-webui')
      .meta({ description: 'Image repository.' }),
    tag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: 'must be an image tag such as "0.11.0"' })
      .default('0.11.0')
      .meta({
        description:
          'Image tag: a pinned release version such as "0.11.0". Upgrades (the migration Job, rollout order) are keyed on it, so floating tags (latest, main, dev) are refused.',
        examples: ['0.11.0'],
      }),
    digest: z
      .string()
      .regex(/^sha256:[a-f0-9]{64}$/, { message: 'must be an image digest "sha256:<64 hex characters>"' })
      .optional()
      .meta({ description: 'Optional digest; when set the image is referenced as `repository:tag@digest`.' }),
    pullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent').meta({ description: 'Image pull policy.' }),
  })
  .prefault({})
  .meta({ description: 'Open WebUI image.' });
