/** The application database and its connection budget. */
import { z } from 'zod';

export const databaseSchema = z
  .strictObject({
    type: z
      .enum(['postgresql', 'sqlite'])
      .default('postgresql')
      .meta({
        description:
          'Database engine. `postgresql` reads `DATABASE_URL` from the app Secret; `sqlite` keeps a file in the data volume and is only allowed for a single process.',
      }),
    maxConnections: z
      .number()
      .int()
      .min(1)
      .max(262143)
      .default(100)
      .meta({
        description:
          "Your PostgreSQL server's `max_connections` (PostgreSQL's default is 100). Validation proves the worst case of every pool at the highest replica count fits in it.",
      }),
    reservedConnections: z
      .number()
      .int()
      .min(0)
      .default(3)
      .meta({ description: 'Connections kept free for administrators and other clients (PostgreSQL reserves 3 for superusers by default).' }),
    pool: z
      .strictObject({
        size: z.number().int().min(0).max(1000).default(5).meta({ description: 'Connections each process keeps open (default: SQLAlchemy\'s own, which Open WebUI uses when unset).', 'x-env': 'DATABASE_POOL_SIZE' }),
        maxOverflow: z.number().int().min(0).max(1000).default(10).meta({ description: 'Extra connections a process may open under load (default: SQLAlchemy\'s own).', 'x-env': 'DATABASE_POOL_MAX_OVERFLOW' }),
        timeoutSeconds: z.number().int().min(1).max(3600).default(30).meta({ description: 'Seconds to wait for a free pooled connection.', 'x-env': 'DATABASE_POOL_TIMEOUT' }),
        recycleSeconds: z.number().int().min(1).max(86400).default(3600).meta({ description: 'Seconds before a pooled connection is replaced.', 'x-env': 'DATABASE_POOL_RECYCLE' }),
      })
      .prefault({})
      .meta({ description: 'SQLAlchemy connection pool of every app process (and of the migrator).' }),
  })
  .prefault({})
  .meta({ description: 'Application database.' });
