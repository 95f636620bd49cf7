/** Optional unit prices for the monthly cost estimate of `npm run plan` (nothing is rendered from them). */
import { z } from 'zod';

export const costSchema = z
  .strictObject({
    cpuHour: z
      .number()
      .nonnegative()
      .optional()
      .meta({
        description: 'Price of one vCPU for one hour (e.g. AWS Fargate us-east-1: 0.04048). Unset: no cost estimate.',
        examples: [0.04048],
      }),
    memoryGbHour: z
      .number()
      .nonnegative()
      .optional()
      .meta({
        description: 'Price of one GiB of memory for one hour (e.g. AWS Fargate us-east-1: 0.004445).',
        examples: [0.004445],
      }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 currency code such as "USD"' })
      .default('USD')
      .meta({ description: 'Currency of the unit prices (ISO 4217 code).' }),
    hoursPerMonth: z
      .number()
      .positive()
      .max(744)
      .default(730)
      .meta({ description: 'Hours in a billing month (730 = 365 x 24 / 12).' }),
  })
  .prefault({})
  .meta({
    description:
      "Unit prices for the monthly cost estimate in `npm run plan`: the fleet at its lowest and highest replica count, billed on the app pods' CPU and memory requests. Changes nothing in the manifests.",
  });
