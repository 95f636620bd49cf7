/** Redis for sessions, websocket fan-out, config sync and token revocation. */
import { z } from 'zod';
import { k8sSubdomainName } from './primitives';

export const redisSchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: 'Use Redis. Required for more than one process.' }),
    mode: z
      .enum(['external'])
      .default('external')
      .meta({ description: '`external`: a Redis you run (ElastiCache, Memorystore, an operator); its URL comes from a Secret.' }),
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_:.-]+$/, { message: 'must be letters, digits and "_:.-"' })
      .default('open-webui')
      .meta({ description: 'Prefix of every Redis key, so several releases can share one Redis.', 'x-env': 'REDIS_KEY_PREFIX' }),
    external: z
      .strictObject({
        existingSecret: k8sSubdomainName()
          .optional()
          .meta({ description: 'Secret holding the Redis URL under `secrets.keys.redisUrl` (default: the app Secret).' }),
      })
      .prefault({})
      .meta({ description: 'External Redis.' }),
  })
  .prefault({})
  .meta({ description: 'Redis.' });
