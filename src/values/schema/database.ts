/** The application database and its connection budget. */
import { z } from 'zod';
import { backendPersistence, backendResources, k8sLabelName, k8sSubdomainName } from './primitives';

/**
 * A development-only PostgreSQL (with pgvector) inside the cluster, so a laptop cluster needs nothing
 * outside it. Refused by validation unless `environment.development: true`: one replica, no backups,
 * no failover, no tuning.
 */
export const inClusterPostgresqlSchema = z
  .strictObject({
    enabled: z.boolean().default(false).meta({
      description:
        'Render a development-only PostgreSQL StatefulSet (pgvector image) and point DATABASE_URL at it. Never for production.',
    }),
    image: z
      .strictObject({
        repository: z
          .string()
          .min(1)
          .default('docker.io/pgvector/pgvector')
          .meta({ description: 'PostgreSQL image with the pgvector extension.' }),
        tag: z
          .string()
          .regex(/^\d+\.\d+\.\d+-pg\d+/, {
            message: 'must be a pinned pgvector tag such as "0.8.0-pg16" (not "pg16" alone, which moves)',
          })
          .default('0.8.0-pg16')
          .meta({ description: 'Pinned image tag (`<pgvector version>-pg<major>`).' }),
        pullPolicy: z
          .enum(['IfNotPresent', 'Always', 'Never'])
          .default('IfNotPresent')
          .meta({ description: 'Image pull policy.' }),
      })
      .prefault({})
      .meta({ description: 'PostgreSQL image.' }),
    database: k8sLabelName()
      .default('openwebui')
      .meta({ description: 'Database created on first start (POSTGRES_DB).' }),
    username: k8sLabelName().default('openwebui').meta({ description: 'Owner of the database (POSTGRES_USER).' }),
    existingSecret: k8sSubdomainName().optional().meta({
      description:
        'Secret holding the password under `secrets.keys.postgresPassword` (default: the app Secret, where `secrets.inline.postgresPassword` goes). URL-safe characters only.',
    }),
    persistence: backendPersistence('2Gi', {
      enabled: 'Keep the data on a PersistentVolumeClaim; off: an emptyDir (lost on restart).',
      size: 'Size of the data volume.',
      storageClass: 'Storage class; unset uses the cluster default; "-" means no class.',
      description: 'PostgreSQL data volume (retained when the StatefulSet is deleted).',
    }),
    resources: backendResources(
      { cpu: '100m', memory: '256Mi', memoryLimit: '1Gi' },
      'Memory limit.',
      'Resources of the PostgreSQL container.',
    ),
  })
  .prefault({})
  .meta({
    description:
      'Development-only in-cluster PostgreSQL with pgvector (`environment.development: true` required). Its max_connections is `database.maxConnections`.',
  });

export const databaseSchema = z
  .strictObject({
    type: z.enum(['postgresql', 'sqlite']).default('postgresql').meta({
      description:
        'Database engine. `postgresql` reads `DATABASE_URL` from a Secret (the app Secret, or `existingSecret`); `sqlite` keeps a file in the data volume and is only allowed for a single process.',
    }),
    existingSecret: k8sSubdomainName().optional().meta({
      description:
        'Secret holding `DATABASE_URL` under `secrets.keys.databaseUrl` (default: the app Secret), e.g. the `<cluster>-app` Secret CloudNativePG writes, with `secrets.keys.databaseUrl: uri`.',
    }),
    maxConnections: z.number().int().min(1).max(262143).default(100).meta({
      description:
        "Your PostgreSQL server's `max_connections` (PostgreSQL's default is 100). Validation proves the worst case of every pool at the highest replica count fits in it.",
    }),
    reservedConnections: z.number().int().min(0).default(3).meta({
      description:
        'Connections kept free for administrators and other clients (PostgreSQL reserves 3 for superusers by default).',
    }),
    pool: z
      .strictObject({
        size: z
          .number()
          .int()
          .min(1, {
            message:
              'must be at least 1: DATABASE_POOL_SIZE 0 (or less) makes Open WebUI use a NullPool, which opens a new connection per query with no limit, so the connection budget cannot hold',
          })
          .max(1000)
          .default(5)
          .meta({
            description:
              'Connections each process keeps open (default: the SQLAlchemy default, which Open WebUI uses when unset). At least 1: 0 would mean an unlimited NullPool.',
          }),
        maxOverflow: z.number().int().min(0).max(1000).default(10).meta({
          description: 'Extra connections a process may open under load (default: the SQLAlchemy default).',
        }),
        timeoutSeconds: z
          .number()
          .int()
          .min(1)
          .max(3600)
          .default(30)
          .meta({ description: 'Seconds to wait for a free pooled connection.' }),
        recycleSeconds: z
          .number()
          .int()
          .min(1)
          .max(86400)
          .default(3600)
          .meta({ description: 'Seconds before a pooled connection is replaced.' }),
      })
      .prefault({})
      .meta({ description: 'SQLAlchemy connection pool of every app process (and of the migrator).' }),
    inCluster: inClusterPostgresqlSchema,
  })
  .prefault({})
  .meta({ description: 'Application database.' });
